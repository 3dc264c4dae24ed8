/**
 * The kubectl runs of a container whose image has kubectl (bitnami/kubectl's Jobs, `sh -c "kubectl …"`):
 * unlike the rest of a script they reach the API server, so they happen once, at their time. The kubelet
 * replays the script up to now, running each kubectl call that has come due with the container's
 * in-cluster config, and wakes when the next one is due; the script's exit, once its calls are known,
 * is the container's.
 */
import { fnv1a32 } from '../../rng';
import { shellHost } from '../behavior';
import { runScript } from '../shell';
import { inClusterConfig, isKubectlWord } from '../incluster/config';
import { kubectlReady, runPodKubectl } from '../incluster/kubectl';
import type { ContainerRecord, ContainerRun, PodRecord } from '../runtime';
import type { Kubelet } from './kubelet';

/** A script keeps a bounded record of its kubectl runs: a loop that calls kubectl forever stops being driven here. */
const MAX_CALLS = 2_000;
/** How far ahead a replay looks for the script's end or its next kubectl call (30 days). */
const HORIZON_MS = 30 * 86_400_000;
/** Until the kubectl emulator is loaded (the worker fetches it after the first paint), a run waits this long. */
const LOAD_WAIT_MS = 500;

/** kubectl's own run time: starting the binary, discovery from its cache, the request. */
function kubectlMs(argv: readonly string[], i: number): number {
  return 90 + (fnv1a32(`${argv.join(' ')}|${i}`) % 140);
}

export function driveKubectl(k: Kubelet, rec: PodRecord, c: ContainerRecord, run: ContainerRun, readFile: (path: string) => string | undefined): void {
  const calls = run.inputs.kubectl;
  const script = run.program.script;
  if (!calls || !script) return;
  const clock = k.ctx.clock;
  const step = (): void => {
    if (c.run !== run || run.finishedAtMs !== undefined) return;
    if (!kubectlReady()) {
      clock.after(LOAD_WAIT_MS, `${k.name}: kubectl loads ${rec.key}/${c.name}`, step);
      return;
    }
    const now = clock.now();
    const due = now - run.startedAtMs;
    const config = inClusterConfig(run.program.env, readFile);
    calls.nextAtMs = undefined;
    calls.live = {
      dueMs: due,
      run: (argv) => {
        const pid = isKubectlWord(run.program.argv[0]) ? 1 : 7 + calls.done.length;
        const r = runPodKubectl(argv, { config, clientFor: (token) => k.inClusterClient(token), nowMs: () => clock.now(), pid, files: () => containerFiles(k, rec, c) });
        const lines = (r.stdout + r.stderr).replace(/\n$/, '');
        return { status: r.exitCode, out: lines === '' ? [] : lines.split('\n'), ms: kubectlMs(argv, calls.done.length), ...(r.follow ? { follow: r.follow } : {}) };
      },
    };
    // A kubectl that runs on (get -w) keeps its watch until the container stops.
    run.stopProcess ??= () => {
      for (const call of calls.done) call.follow?.stop();
    };
    let res;
    try {
      res = runScript(script, run.program.env, shellHost(run.inputs, readFile, run.program.image), { horizonMs: HORIZON_MS, collect: false });
    } finally {
      calls.live = undefined;
    }
    if (res.exit) {
      const code = res.exit.code;
      run.exitTimer = clock.at(Math.max(now, run.startedAtMs + res.exit.at), `${k.name}: process exits ${rec.key}/${c.name}`, () => {
        if (c.run !== run || run.finishedAtMs !== undefined) return;
        k.containers.processExited(rec, c, run, code);
      });
      return;
    }
    if (calls.nextAtMs !== undefined && calls.done.length < MAX_CALLS) clock.at(Math.max(now, run.startedAtMs + calls.nextAtMs), `${k.name}: kubectl runs in ${rec.key}/${c.name}`, step);
  };
  step();
}

/** The container's files (its volumes, the image's few), by absolute path, for `kubectl apply -f /path`. */
export function containerFiles(k: Kubelet, rec: PodRecord, c: ContainerRecord): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const p of k.allPodFiles(rec, c)) {
    const content = k.podFileFor(rec, c, p);
    if (content !== undefined) out.set(p, content);
  }
  return out;
}
