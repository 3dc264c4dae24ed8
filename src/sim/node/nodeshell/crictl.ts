/**
 * crictl's `pods` and `ps`, from what the kubelet's runtime holds on the node: Go's tabwriter with
 * crictl's settings (minimum width 20, padding 3), IDs truncated to 13 characters, ages as
 * docker/go-units' HumanDuration words them, newest first.
 */
import type { PodRecord } from '../runtime';
import type { ShellResult } from './result';
import { ok } from './result';

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** text/tabwriter with minwidth 20, padding 3: every cell but the last of a line is padded. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 20, c.length + 3)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('') + '\n').join('');
}

function short(id: string): string {
  return id.replace(/^[a-z]+:\/\//, '').replace(/^.*sha256:/, '').slice(0, 13);
}

export function crictlPods(records: readonly PodRecord[], nowMs: number): ShellResult {
  const pods = records.filter((r) => r.sandbox).sort((a, b) => b.sandbox!.createdAtMs - a.sandbox!.createdAtMs);
  const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
  for (const r of pods) {
    const sb = r.sandbox!;
    rows.push([short(sb.id), `${humanDuration(nowMs - sb.createdAtMs)} ago`, sb.ready ? 'Ready' : 'NotReady', r.pod.metadata?.name ?? '', r.pod.metadata?.namespace ?? '', '0', '(default)']);
  }
  return ok(table(rows));
}

/** `crictl ps`: the running containers (`-a` adds the exited ones). */
export function crictlPs(records: readonly PodRecord[], nowMs: number, all: boolean): ShellResult {
  const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD']];
  const items: { at: number; row: string[] }[] = [];
  for (const r of records) {
    if (!r.sandbox) continue;
    for (const c of r.containers) {
      if (!c.containerID || !c.run) continue;
      const running = c.state.kind === 'running';
      if (!running && !all) continue;
      const state = running ? 'Running' : c.state.kind === 'terminated' ? 'Exited' : 'Created';
      items.push({ at: c.run.startedAtMs, row: [short(c.containerID), short(c.imageID), `${humanDuration(nowMs - c.run.startedAtMs)} ago`, state, c.name, String(c.restartCount), short(r.sandbox.id), r.pod.metadata?.name ?? ''] });
    }
  }
  items.sort((a, b) => b.at - a.at);
  return ok(table([...rows, ...items.map((i) => i.row)]));
}
