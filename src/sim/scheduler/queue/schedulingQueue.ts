/**
 * The scheduling queue (internal/queue/scheduling_queue.go, 1.31 without queueing hints):
 * - activeQ: pods ready to be tried, ordered by the profile's QueueSort (PrioritySort).
 * - backoffQ: pods that failed and wait out their backoff: 1s doubling per attempt up to 10s.
 * - unschedulablePods: pods that found no node; a cluster event one of their rejecting plugins
 *   registered for moves them back (to backoffQ if still backing off, else activeQ), and any pod left
 *   there longer than 5 minutes is moved anyway.
 * The backoff queue is flushed on a 1s tick and the unschedulable pool checked on a 30s tick, both on
 * the virtual clock; the ticks are only armed while something is waiting, so an idle scheduler leaves
 * the clock empty.
 */
import type { Clock, TimerId } from '../../clock';
import type { Pod } from '../../types';
import { keyOf } from '../../types';
import { AssignedPodAdd, type ClusterEvent, eventMatches, isWildCard, UnschedulableTimeout } from '../framework/events';
import type { Status } from '../framework/status';
import { newQueuedPodInfo, type QueuedPodInfo } from '../framework/types';
import { PodInfo } from '../framework/nodeInfo';
import type { PodNominator } from '../framework/interface';
import { affinityOf } from '../plugins/helper/affinityTerms';
import { Heap } from './heap';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS = 5 * 60_000;
export const BACKOFF_FLUSH_PERIOD_MS = 1_000;
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

export interface SchedulingQueueOptions {
  clock: Clock;
  /** QueueSort: true if a pops before b. */
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** PreEnqueue plugins of the pod's profile; a non-null status keeps the pod gated. */
  preEnqueue?: (pod: Pod) => Status | null;
  /** Events each plugin registered; a rejected pod moves only on events its rejectors care about. */
  eventsByPlugin?: (pluginName: string) => readonly ClusterEvent[] | undefined;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Called whenever activeQ goes from empty to non-empty or gains a pod. */
  onActive?: () => void;
  /** The labels of a namespace (for existing pods' affinity namespaceSelector), null if unknown. */
  namespaceLabels?: (namespace: string) => Readonly<Record<string, string>> | null;
}

/** A filter that decides, before the event check, whether a pod is worth moving (preCheckForNode). */
export type PreEnqueueCheck = (pod: Pod) => boolean;

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

function podKey(p: Pod): string {
  return keyOf(p);
}

/** True if the pod changed in a way that matters to scheduling (anything but status and bookkeeping). */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod): unknown => {
    const m = { ...(p.metadata ?? {}) };
    delete m.resourceVersion;
    delete m.generation;
    delete m.managedFields;
    delete m.finalizers;
    return { ...p, metadata: m, status: undefined };
  };
  return JSON.stringify(strip(oldPod)) !== JSON.stringify(strip(newPod));
}

/**
 * The nominator (internal/queue nominator): pods that preemption nominated to a node, by node. Filters
 * count them on that node for pods of lower or equal priority, so the room made by evicting victims
 * is not taken by someone else meanwhile.
 */
export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return EMPTY;
    return this.byNode.get(nodeName) ?? EMPTY;
  }

  isEmpty(): boolean {
    return this.byNode.size === 0;
  }

  /**
   * Records the pod's nomination: `nodeName` if given (a fresh PostFilter result; '' clears), else
   * its status.nominatedNodeName.
   */
  add(pi: PodInfo, nodeName?: string): void {
    this.delete(pi.pod);
    const node = nodeName ?? pi.pod.status?.nominatedNodeName ?? '';
    if (!node) return;
    const uid = pi.uid;
    this.nodeOf.set(uid, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(pi);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.uid === uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /**
   * An update keeps a nomination the scheduler made even if the update does not carry it yet (the
   * status write may still be on its way), unless the pod got a node.
   */
  update(oldPod: Pod, pi: PodInfo): void {
    const uid = pi.uid;
    const had = this.nodeOf.get(uid);
    let node: string | undefined;
    if (!oldPod.status?.nominatedNodeName && !pi.pod.status?.nominatedNodeName && had && !pi.pod.spec?.nodeName) node = had;
    this.add(pi, node);
  }

  nodeFor(pod: Pod): string | undefined {
    return this.nodeOf.get(pod.metadata?.uid ?? '');
  }
}

const EMPTY: readonly PodInfo[] = [];

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly clock: Clock;
  private readonly activeQ: Heap<QueuedPodInfo>;
  private readonly backoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  /** Incremented on every pop. */
  schedulingCycle = 0;
  /** The cycle in which the last move request came; pods failing in an older cycle go to backoff. */
  private moveRequestCycle = -1;
  private backoffTimer: TimerId | undefined;
  private unschedTimer: TimerId | undefined;
  private readonly startMs: number;

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoffMs = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoffMs = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS;
    this.activeQ = new Heap((q) => podKey(q.podInfo.pod), opts.less);
    this.backoffQ = new Heap((q) => podKey(q.podInfo.pod), (a, b) => this.backoffTime(a) < this.backoffTime(b));
    this.startMs = this.clock.now();
  }

  // ---- backoff ----------------------------------------------------------------------------------

  /** 1s for the first attempt, doubling per further attempt, capped at 10s. */
  backoffDuration(q: QueuedPodInfo): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.maxBackoffMs - d) return this.maxBackoffMs;
      d += d;
    }
    return d;
  }

  backoffTime(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  isPodBackingOff(q: QueuedPodInfo): boolean {
    // A gated pod has never been tried: it has no backoff to wait out.
    if (q.gated) return false;
    return this.backoffTime(q) > this.clock.now();
  }

  // ---- adding and removing ---------------------------------------------------------------------

  /** A new unscheduled pod. */
  add(pod: Pod): void {
    const q = newQueuedPodInfo(pod, this.clock.now());
    this.moveToActiveQ(q);
    this.nominator.add(q.podInfo);
  }

  /** Runs PreEnqueue; a gated pod waits in the unschedulable pool. Returns true if it entered activeQ. */
  private moveToActiveQ(q: QueuedPodInfo): boolean {
    const key = podKey(q.podInfo.pod);
    const s = this.opts.preEnqueue?.(q.podInfo.pod) ?? null;
    if (s) {
      q.gated = true;
      q.unschedulablePlugins = new Set(s.plugin ? [s.plugin] : []);
      this.unschedulablePods.set(key, q);
      this.armUnschedulableFlush();
      return false;
    }
    q.gated = false;
    this.activeQ.addOrUpdate(q);
    this.unschedulablePods.delete(key);
    this.backoffQ.delete(key);
    this.opts.onActive?.();
    return true;
  }

  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = podKey(newPod);
    if (oldPod) {
      const a = this.activeQ.get(key);
      if (a) { a.podInfo = new PodInfo(newPod); this.nominator.update(oldPod, a.podInfo); this.activeQ.addOrUpdate(a); return; }
      const b = this.backoffQ.get(key);
      if (b) { b.podInfo = new PodInfo(newPod); this.nominator.update(oldPod, b.podInfo); this.backoffQ.addOrUpdate(b); return; }
    }
    const u = this.unschedulablePods.get(key);
    if (u) {
      const prev = u.podInfo.pod;
      u.podInfo = new PodInfo(newPod);
      this.nominator.update(oldPod ?? prev, u.podInfo);
      if (oldPod ? isPodUpdated(oldPod, newPod) : isPodUpdated(prev, newPod)) {
        if (this.isPodBackingOff(u)) {
          this.backoffQ.addOrUpdate(u);
          this.unschedulablePods.delete(key);
          this.armBackoffFlush();
          return;
        }
        this.moveToActiveQ(u);
      }
      return;
    }
    const q = newQueuedPodInfo(newPod, this.clock.now());
    this.moveToActiveQ(q);
    this.nominator.add(q.podInfo);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  /** The next pod to try, highest priority first; undefined when activeQ is empty. */
  pop(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    if (q.initialAttemptTimestamp === undefined) q.initialAttemptTimestamp = this.clock.now();
    this.schedulingCycle++;
    return q;
  }

  /**
   * Puts back a pod whose cycle failed. If a move request came during its cycle, or no plugin
   * rejected it (an error), it waits out its backoff; otherwise it joins the unschedulable pool.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = podKey(q.podInfo.pod);
    if (this.unschedulablePods.has(key) || this.activeQ.has(key) || this.backoffQ.has(key)) return;
    q.timestamp = this.clock.now();
    const rejectors = q.unschedulablePlugins.size + q.pendingPlugins.size;
    if (this.moveRequestCycle >= podSchedulingCycle || rejectors === 0) {
      this.backoffQ.addOrUpdate(q);
      this.armBackoffFlush();
    } else {
      this.unschedulablePods.set(key, q);
      this.armUnschedulableFlush();
    }
  }

  /** Moves unschedulable pods whose rejecting plugins registered for the event (and pass preCheck). */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, preCheck?: PreEnqueueCheck): void {
    const pods: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) if (!preCheck || preCheck(q.podInfo.pod)) pods.push(q);
    this.movePods(pods, event);
  }

  /**
   * A pod was added on a node (AssignedPodAdd): only unschedulable pods with a required pod-affinity
   * term the new pod matches, or pods PodTopologySpread rejected, can have become schedulable, so only
   * they are moved (getUnschedulablePodsWithCrossTopologyTerm). As upstream, the move request is
   * recorded even when no pod moves, so a pod failing in the current cycle waits in backoffQ.
   */
  assignedPodAdded(pod: Pod, event: ClusterEvent = AssignedPodAdd): void {
    const nsLabels = this.opts.namespaceLabels?.(pod.metadata?.namespace ?? '') ?? null;
    const pods: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) {
      if (q.unschedulablePlugins.has('PodTopologySpread')) { pods.push(q); continue; }
      let terms;
      try {
        terms = affinityOf(q.podInfo).requiredAffinity;
      } catch {
        continue;
      }
      for (const t of terms) {
        if (t.matches(pod, nsLabels)) { pods.push(q); break; }
      }
    }
    this.movePods(pods, event);
  }

  private worthRequeuing(q: QueuedPodInfo, event: ClusterEvent): boolean {
    const rejectors = [...q.unschedulablePlugins, ...q.pendingPlugins];
    if (rejectors.length === 0 || isWildCard(event)) return true;
    for (const name of rejectors) {
      for (const reg of this.opts.eventsByPlugin?.(name) ?? []) if (eventMatches(reg, event)) return true;
    }
    return false;
  }

  private movePods(pods: QueuedPodInfo[], event: ClusterEvent): void {
    for (const q of pods) {
      if (q.gated) {
        // A gated pod leaves the pool only when its PreEnqueue plugins let it.
        if (this.opts.preEnqueue?.(q.podInfo.pod)) continue;
      } else if (!this.worthRequeuing(q, event)) continue;
      const key = podKey(q.podInfo.pod);
      this.unschedulablePods.delete(key);
      if (!q.gated && this.isPodBackingOff(q)) {
        this.backoffQ.addOrUpdate(q);
        this.armBackoffFlush();
      } else {
        this.moveToActiveQ(q);
      }
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  // ---- periodic flushes ------------------------------------------------------------------------

  /** Moves every pod whose backoff has expired to activeQ. */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffTime(top) > now) break;
      this.backoffQ.pop();
      this.moveToActiveQ(top);
    }
  }

  /** Moves pods that have waited in the unschedulable pool longer than 5 minutes. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) if (now - q.timestamp > this.maxInUnschedulableMs) stale.push(q);
    if (stale.length > 0) this.movePods(stale, UnschedulableTimeout);
  }

  /** The next tick of a period that started when the queue was built (a ticker that never stops). */
  private nextTick(periodMs: number): number {
    const now = this.clock.now();
    const k = Math.floor((now - this.startMs) / periodMs) + 1;
    return this.startMs + k * periodMs;
  }

  private armBackoffFlush(): void {
    if (this.backoffTimer !== undefined) return;
    this.backoffTimer = this.clock.at(this.nextTick(BACKOFF_FLUSH_PERIOD_MS), 'scheduler: flush backoffQ', () => {
      this.backoffTimer = undefined;
      this.flushBackoffQCompleted();
      if (this.backoffQ.length > 0) this.armBackoffFlush();
    });
  }

  private armUnschedulableFlush(): void {
    if (this.unschedTimer !== undefined) return;
    this.unschedTimer = this.clock.at(this.nextTick(UNSCHEDULABLE_FLUSH_PERIOD_MS), 'scheduler: flush unschedulablePods', () => {
      this.unschedTimer = undefined;
      this.flushUnschedulablePodsLeftover();
      if (this.unschedulablePods.size > 0) this.armUnschedulableFlush();
    });
  }

  /** Stops the ticks (the scheduler is stopping). */
  close(): void {
    this.clock.cancel(this.backoffTimer);
    this.clock.cancel(this.unschedTimer);
    this.backoffTimer = this.unschedTimer = undefined;
  }

  // ---- inspection ------------------------------------------------------------------------------

  activeLength(): number { return this.activeQ.length; }

  /** The pod the next pop() takes, without taking it. */
  peekActive(): Pod | undefined { return this.activeQ.peek()?.podInfo.pod; }

  /** Where each pending pod is, for the UI and tests. */
  pendingPods(): { pod: Pod; queue: QueueName; attempts: number }[] {
    const out: { pod: Pod; queue: QueueName; attempts: number }[] = [];
    for (const q of this.activeQ.list()) out.push({ pod: q.podInfo.pod, queue: 'activeQ', attempts: q.attempts });
    for (const q of this.backoffQ.list()) out.push({ pod: q.podInfo.pod, queue: 'backoffQ', attempts: q.attempts });
    for (const q of this.unschedulablePods.values()) out.push({ pod: q.podInfo.pod, queue: 'unschedulablePods', attempts: q.attempts });
    return out;
  }

  /** Which queue holds the pod with this `ns/name`, if any. */
  whereIs(key: string): QueueName | undefined {
    if (this.activeQ.has(key)) return 'activeQ';
    if (this.backoffQ.has(key)) return 'backoffQ';
    if (this.unschedulablePods.has(key)) return 'unschedulablePods';
    return undefined;
  }
}
