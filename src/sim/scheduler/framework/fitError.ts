/**
 * FitError: why no node fits (framework/types.go). Its message is what users read in
 * `FailedScheduling` events, so it is built exactly as upstream:
 *
 *   `0/<N> nodes are available:` + ` <PreFilter message>.` or ` <histogram>.` + ` <PostFilter message>.`
 *
 * The histogram counts each reason over the failed nodes, renders `"<count> <reason>"`, sorts those
 * strings as plain strings (so "10 …" sorts before "2 …") and joins them with `, `.
 */
import type { NodeToStatus } from './interface';
import type { Status } from './status';

export interface Diagnosis {
  /** Filter verdicts of the nodes that were evaluated and failed. */
  nodeToStatus: NodeToStatus;
  /** The verdict for nodes that were not evaluated (outside a PreFilter narrowing), if any. */
  absentNodesStatus: Status | null;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), absentNodesStatus: null, unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** Records which plugin rejected (for requeueing on the events that plugin cares about). */
export function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.isRejected() || !s.plugin) return;
  if (s.code === 'Pending') d.pendingPlugins.add(s.plugin);
  else d.unschedulablePlugins.add(s.plugin);
}

/** The histogram part: sorted `"<count> <reason>"` strings joined by `, `. */
export function reasonsHistogram(m: NodeToStatus): string {
  const counts = new Map<string, number>();
  for (const s of m.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts: string[] = [];
  for (const [r, n] of counts) parts.push(`${n} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.join(', ');
}

export function fitErrorMessage(numAllNodes: number, preFilterMsg: string, m: NodeToStatus, postFilterMsg: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const h = reasonsHistogram(m);
    if (h) msg += ` ${h}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}

/** No node fits the pod. `error()` renders the message users see. */
export class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  error(): string {
    const d = this.diagnosis;
    return fitErrorMessage(this.numAllNodes, d.preFilterMsg, d.nodeToStatus, d.postFilterMsg);
  }
}
