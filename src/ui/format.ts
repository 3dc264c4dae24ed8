/** Display helpers: how times, statuses and quantities look on screen. No cluster behaviour here. */
import type { Node, Pod } from '../sim/types';
import { podSummary } from '../kubectl/printers/pods';
import { nodeRoles, nodeStatus } from '../kubectl/printers/nodes';

/** Virtual time as a clock: `0:00.0`, `1:23.4`, `1:02:03.4`. */
export function clockTime(ms: number): string {
  const t = Math.max(0, ms);
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const d = Math.floor((t % 1000) / 100);
  const ss = `${String(s).padStart(2, '0')}.${d}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Virtual time to the second (Event timestamps have one-second precision): `0:07`, `1:02:03`. */
export function clockSeconds(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The STATUS column kubectl would print for this pod. */
export function podStatus(pod: Pod): string {
  return podSummary(pod, 0).status;
}

export function podReady(pod: Pod): string {
  return podSummary(pod, 0).ready;
}

export type StatusTone = 'pending' | 'creating' | 'running' | 'done' | 'failed' | 'terminating' | 'unknown';

/** The color family a status is drawn in. */
export function statusTone(status: string): StatusTone {
  if (status === 'Running') return 'running';
  if (status === 'Terminating') return 'terminating';
  if (status === 'Pending' || status === 'SchedulingGated') return 'pending';
  if (status === 'Succeeded' || status === 'Completed') return 'done';
  if (status === 'ContainerCreating' || status === 'PodInitializing' || /^Init:\d+\/\d+$/.test(status)) return 'creating';
  if (status === 'Unknown' || status === 'NotReady' || status === '') return 'unknown';
  return 'failed';
}

export { nodeRoles, nodeStatus, podSummary };

const BINARY: [string, number][] = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Bytes, shortest binary unit that keeps it readable: `128Mi`, `7.5Gi`. */
export function bytesLabel(bytes: number): string {
  for (const [unit, size] of BINARY) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
    }
  }
  return `${Math.round(bytes)}`;
}

/** Millicores as kubectl writes them: `750m`, `2`, `1500m`. */
export function cpuLabel(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${Math.round(milli)}m`;
}

export function isControlPlane(node: Node): boolean {
  return nodeRoles(node).includes('control-plane');
}

/** Namespaces of the cluster's own add-ons (kubeadm's kube-system, flannel's kube-flannel): drawn apart from the learner's workloads. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-flannel']);

export function isSystemNamespace(namespace: string | undefined): boolean {
  return namespace !== undefined && SYSTEM_NAMESPACES.has(namespace);
}
