/** Small rules the kubelet's managers share. */
import { parseQuantity, value as quantityValue, milliValue } from '../../api/quantity';
import type { Container, Pod } from '../../types';
import type { StopBehaviour } from '../images';
import { imageInfo } from '../images';
import type { BackoffEntry, ContainerRecord, ContainerRun, ProbeType } from '../runtime';
import { INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, MI } from './config';

type Probe = NonNullable<Container['livenessProbe']>;

/** Static, mirror and system-critical pods are never evicted by the kubelet. */
export function isCriticalPod(pod: Pod): boolean {
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] || pod.metadata?.annotations?.['kubernetes.io/config.source'] === 'file') return true;
  return (pod.spec?.priority ?? 0) >= 2_000_000_000;
}

export function requestBytes(c: Container, resource: string): number {
  const r = c.resources?.requests?.[resource];
  if (r === undefined) return 0;
  try {
    return quantityValue(parseQuantity(String(r)));
  } catch {
    return 0;
  }
}

/** Quantities in eviction messages: memory in Mi/Ki as resource.Quantity prints binary values. */
export function fmtBytes(n: number, _kind: 'memory' | 'disk'): string {
  if (n === 0) return '0';
  if (n % MI === 0) return `${n / MI}Mi`;
  return `${Math.round(n / 1024)}Ki`;
}

/** flowcontrol.Backoff.Next: start at 10s, double to 300s; an entry idle for 2×max starts over. */
export function nextBackoff(b: BackoffEntry | undefined, eventMs: number, nowMs: number): BackoffEntry {
  if (!b || eventMs - b.lastUpdateMs > 2 * MAX_BACKOFF_MS) return { backoffMs: INITIAL_BACKOFF_MS, lastUpdateMs: nowMs };
  return { backoffMs: Math.min(b.backoffMs * 2, MAX_BACKOFF_MS), lastUpdateMs: nowMs };
}

export function probeOf(c: ContainerRecord, type: ProbeType): Probe | undefined {
  return type === 'startup' ? c.spec.startupProbe : type === 'liveness' ? c.spec.livenessProbe : c.spec.readinessProbe;
}

export function memoryLimit(c: Container): number | undefined {
  const l = c.resources?.limits?.memory;
  if (l === undefined) return undefined;
  try {
    return quantityValue(parseQuantity(String(l)));
  } catch {
    return undefined;
  }
}

export function cpuLimitMilli(c: Container): number | undefined {
  const l = c.resources?.limits?.cpu;
  if (l === undefined) return undefined;
  try {
    return milliValue(parseQuantity(String(l)));
  } catch {
    return undefined;
  }
}

export function processName(run: ContainerRun): string {
  return (run.program.argv[0] ?? 'sh').replace(/^.*\//, '').slice(0, 15);
}

/** How the container's PID 1 takes the stop signal: the stock servers shut down; shells and sleep ignore it. */
export function stopBehaviour(run: ContainerRun): StopBehaviour {
  const p = run.program;
  const img = imageInfo(run.inputs.container.image ?? '');
  if (!p.script && p.exit === undefined && p.image.kind === 'serve') return img.stop;
  const first = (p.argv[0] ?? '').replace(/^.*\//, '');
  if (['nginx', 'redis-server', 'httpd-foreground', 'postgres', 'mysqld', 'agnhost'].includes(first)) return img.stop.kind === 'graceful' ? img.stop : { kind: 'graceful', minMs: 60, maxMs: 400 };
  if (!p.script) return img.stop;
  return { kind: 'ignoresTerm' };
}

export function newer(a: Pod, b: Pod): boolean {
  const ra = Number(a.metadata?.resourceVersion);
  const rb = Number(b.metadata?.resourceVersion);
  if (Number.isFinite(ra) && Number.isFinite(rb)) return ra >= rb;
  return true;
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** True when the kubelet killed the container's current instance for a failed liveness or startup probe. */
export function isProbeKill(c: ContainerRecord): boolean {
  return !!c.killing && / failed (liveness|startup) probe, will be restarted$/.test(c.killing.reason);
}
