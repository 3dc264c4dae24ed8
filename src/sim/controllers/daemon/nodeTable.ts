/**
 * What each node contributes to one DaemonSet's sync, kept between syncs. The real controller walks
 * every node three times per sync (manage, rollingUpdate, updateStatus); here each node's share —
 * whether it should run the daemon pod, its live daemon pods, its part of the status counts, and
 * whether manage or a rollout has anything to do there — is recomputed only when the node or one of
 * its daemon pods changed, so a sync costs what changed, not the cluster's size. The entries are
 * valid for one basis (the DaemonSet's uid, generation and update revision hash); a new basis starts
 * over.
 */
import type { Pod, PodTemplateSpec, StoredObject } from '../../types';
import { ControllerRevisionHashLabel } from '../internal/history';
import { isPodAvailable, isPodReady } from '../internal/util';

type PodObj = Pod & StoredObject;

export interface NodeDecision {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

export interface StatusCounts {
  desired: number;
  current: number;
  misscheduled: number;
  ready: number;
  available: number;
  updated: number;
}

export interface NodeEntry extends NodeDecision {
  /** the node's resourceVersion when the decision was taken */
  nodeRV: string;
  /** the DaemonSet's pods for the node that are not being deleted, in informer order */
  live: PodObj[];
  /** manage may have something to do here (create, delete a failed, surplus or misplaced pod) */
  manage: boolean;
  /** a pod of an older revision runs on a node that should run the daemon pod */
  old: boolean;
  counts: StatusCounts;
}

const zero = (): StatusCounts => ({ desired: 0, current: 0, misscheduled: 0, ready: 0, available: 0, updated: 0 });

/** One node's entry: the decision taken for the node, and its live daemon pods. */
export function nodeEntry(nodeRV: string, decision: NodeDecision, live: PodObj[], hash: string, minReadySeconds: number, now: number): NodeEntry {
  const { shouldRun, shouldContinueRunning } = decision;
  const counts = zero();
  const isNew = (p: Pod) => p.metadata?.labels?.[ControllerRevisionHashLabel] === hash;
  if (shouldRun) {
    counts.desired = 1;
    if (live.length > 0) {
      counts.current = 1;
      // The oldest pod stands for the node (the first of equals, as a stable sort leaves it). The
      // timestamps share one fixed-width RFC 3339 form, so `<` orders them as localeCompare would,
      // without loading ICU's collator (tens of ms) on the boot's first DaemonSet sync.
      let p = live[0]!;
      for (const x of live) if ((x.metadata.creationTimestamp ?? '') < (p.metadata.creationTimestamp ?? '')) p = x;
      if (isPodReady(p)) {
        counts.ready = 1;
        if (isPodAvailable(p, minReadySeconds, now)) counts.available = 1;
      }
      if (live.some(isNew)) counts.updated = 1;
    }
  } else if (live.length > 0) counts.misscheduled = 1;
  const manage =
    (shouldRun && live.length === 0) ||
    (shouldContinueRunning && (live.length > 1 || live.some((p) => p.status?.phase === 'Failed'))) ||
    (!shouldContinueRunning && live.length > 0);
  return { nodeRV, shouldRun, shouldContinueRunning, live, manage, old: shouldRun && live.some((p) => !isNew(p)), counts };
}

export class DaemonNodeTable {
  /** by node name, for the nodes the informer holds */
  readonly entries = new Map<string, NodeEntry>();
  /** nodes whose entry must be recomputed before the next sync reads the table */
  readonly dirty = new Set<string>();
  /** every entry must be recomputed (a new table, or a DaemonSet whose counts depend on the time) */
  all = true;
  /** nodes no longer in the cluster where daemon pods of this DaemonSet remain */
  readonly strays = new Set<string>();
  /** nodes whose entry says manage may act */
  readonly manageNodes = new Set<string>();
  /** how many entries have a pod of an older revision */
  oldNodes = 0;
  readonly counts: StatusCounts = zero();

  constructor(
    readonly uid: string,
    /** `<generation>/<hash>`: what the entries were computed for */
    readonly basis: string,
    /** the pod the DaemonSet would create, without a node: what node decisions are taken for */
    readonly probe: Pod,
    readonly template: PodTemplateSpec,
  ) {}

  /** Replaces the node's entry (undefined: the node is gone), keeping the totals in step. */
  set(name: string, entry: NodeEntry | undefined): void {
    const prev = this.entries.get(name);
    if (prev) this.account(name, prev, -1);
    if (entry) {
      this.entries.set(name, entry);
      this.account(name, entry, 1);
    } else this.entries.delete(name);
  }

  clear(): void {
    this.entries.clear();
    this.dirty.clear();
    this.strays.clear();
    this.manageNodes.clear();
    this.oldNodes = 0;
    Object.assign(this.counts, zero());
  }

  private account(name: string, e: NodeEntry, sign: 1 | -1): void {
    const c = this.counts;
    c.desired += sign * e.counts.desired;
    c.current += sign * e.counts.current;
    c.misscheduled += sign * e.counts.misscheduled;
    c.ready += sign * e.counts.ready;
    c.available += sign * e.counts.available;
    c.updated += sign * e.counts.updated;
    if (e.old) this.oldNodes += sign;
    if (sign > 0 && e.manage) this.manageNodes.add(name);
    else if (sign < 0) this.manageNodes.delete(name);
  }
}
