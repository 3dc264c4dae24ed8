/**
 * ReplicaSetController (k8s.io/kubernetes pkg/controller/replicaset): keeps the number of active pods
 * that a ReplicaSet controls equal to `spec.replicas`.
 *
 * The shape is client-go's: informer handlers only turn events into `namespace/name` keys of the owning
 * ReplicaSet; `syncReplicaSet(key)` is level-triggered, reads the caches, writes through the API and
 * throws to be requeued with back-off. Expectations stop a sync from acting again before the informer
 * has seen the pods the previous sync created or deleted.
 *
 * Facts carried over from the real controller:
 * - pods are created in slow-start batches (1, 2, 4, …) of at most `burstReplicas` (500) per sync;
 *   a failure in a batch stops the rest, which are retried on a later sync;
 * - pods to delete are ranked: unscheduled < scheduled, Pending < Unknown < Running, not ready < ready,
 *   lower pod-deletion-cost first, more pods of the same owner on the node first, ready for less time
 *   first (log2 buckets), more restarts first, newer first (log2 buckets), then by UID;
 * - orphan pods matching the selector are adopted, owned pods that stop matching are released;
 * - status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration and the
 *   ReplicaFailure condition) is written through the status subresource, with one GET+retry on conflict.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector, OwnerReference, StoredObject } from '../types';
import { deepCopy, keyOf, splitKey } from '../types';
import { isStatusError } from '../api/types';
import { Expectations } from './internal/expectations';
import { SlowStartBatch, runPaced, slowStartBatch } from './internal/slowStart';
import type { BatchOutcome } from './internal/slowStart';
import { compileSelector, selectorMatches } from '../api/selectorMatch';
import {
  BY_CONTROLLER_UID,
  ORPHANS_BY_NAMESPACE,
  controllerRefOf,
  errText,
  factsAvailable,
  podFacts,
  installOwnerIndexers,
  isPodActive,
  isPodReady,
  labelsEqual,
  maxContainerRestarts,
  newControllerRef,
  podReadyCondition,
  timeMs,
  omitZero,
} from './internal/util';

export type RS = ReplicaSet & StoredObject;
export type PodObj = Pod & StoredObject;

/** BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/**
 * How long status-only pod updates are coalesced before the owning ReplicaSet syncs. The real controller
 * syncs at once, but each sync takes real time and updates arriving meanwhile merge in its queue; on
 * virtual time a short batch plays that part and keeps a 1,000-pod ReplicaSet cheap.
 */
export const POD_STATUS_BATCH_PERIOD_MS = 50;
/** statusUpdateRetries: one retry after a conflict. */
const STATUS_UPDATE_RETRIES = 1;
/** The annotation that ranks pods for scale-down (PodDeletionCost, beta and on by default). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** Event reasons, as in pkg/controller/controller_utils.go. */
export const SuccessfulCreatePodReason = 'SuccessfulCreate';
export const FailedCreatePodReason = 'FailedCreate';
export const SuccessfulDeletePodReason = 'SuccessfulDelete';
export const FailedDeletePodReason = 'FailedDelete';

/**
 * The seam for pod writes (controller.PodControlInterface). Creates and deletes go through the API and
 * record the same Events the real RealPodControl records.
 */
export interface PodControl {
  createPod(namespace: string, template: PodTemplateSpec | undefined, owner: RS, ref: OwnerReference): PodObj;
  deletePod(namespace: string, name: string, owner: RS): void;
}

export { slowStartBatch };

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** floor(log2(now − t in nanoseconds)), or −1 when t is not in the past (logarithmicRankDiff). */
function logRank(tMs: number, now: number): number {
  const dNs = (now - tMs) * 1e6;
  return dNs > 0 ? Math.floor(Math.log2(dNs)) : -1;
}

/** afterOrZero: a missing time counts as later than any present one. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

function readyTimeMs(pod: Pod): number | undefined {
  return isPodReady(pod) ? timeMs(podReadyCondition(pod)?.lastTransitionTime) : undefined;
}

/**
 * Orders pods so the ones to delete first come first (controller.ActivePodsWithRanks with the
 * PodDeletionCost and LogarithmicScaleDown gates on, as in 1.31). `rank` is the number of related
 * active pods on the same node.
 */
export function comparePodsForDeletion(a: Pod, b: Pod, rankA: number, rankB: number, now: number): number {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca - cb;
  if (rankA !== rankB) return rankB - rankA;
  const uidOrder = (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '') ? -1 : (a.metadata?.uid ?? '') > (b.metadata?.uid ?? '') ? 1 : 0;
  const byTime = (ta: number | undefined, tb: number | undefined): number | undefined => {
    if (ta === tb) return undefined;
    if (ta === undefined || tb === undefined) return afterOrZero(ta, tb) ? -1 : 1;
    const diff = logRank(ta, now) - logRank(tb, now);
    if (diff === 0) return uidOrder || undefined;
    return diff < 0 ? -1 : 1;
  };
  if (ra && rb) {
    const r = byTime(readyTimeMs(a), readyTimeMs(b));
    if (r !== undefined) return r;
  }
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xb - xa;
  const r = byTime(timeMs(a.metadata?.creationTimestamp), timeMs(b.metadata?.creationTimestamp));
  return r ?? 0;
}

/** getPodsToDelete: the first `diff` pods by deletion preference. */
export function getPodsToDelete(filtered: PodObj[], related: PodObj[], diff: number, now: number): PodObj[] {
  if (diff >= filtered.length) return filtered.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const ranked = filtered.map((p) => ({ p, rank: onNode.get(p.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => comparePodsForDeletion(x.p, y.p, x.rank, y.rank, now));
  return ranked.slice(0, diff).map((x) => x.p);
}

/** controller.GetPodFromTemplate: the pod a template stamps out for `owner`. */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: StoredObject, ref: OwnerReference): Pod {
  const t = template ?? {};
  const labels = { ...(t.metadata?.labels ?? {}) };
  const annotations = { ...(t.metadata?.annotations ?? {}) };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels,
      ownerReferences: [ref],
    },
    spec: deepCopy(t.spec ?? { containers: [] }),
  };
  if (Object.keys(annotations).length) pod.metadata!.annotations = annotations;
  if (t.metadata?.finalizers?.length) pod.metadata!.finalizers = [...t.metadata.finalizers];
  return pod;
}

/**
 * Which kind the controller manages: ReplicaSets, or (the same loop, as the real replication manager
 * is) ReplicationControllers, whose `spec.selector` is a plain label map.
 */
export interface ReplicaSetKind {
  resource: string;
  kind: string;
  apiVersion: string;
  queueName: string;
  selectorOf(rs: RS): LabelSelector | undefined;
}

export const REPLICASET_KIND: ReplicaSetKind = {
  resource: 'replicasets',
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  queueName: 'replicaset',
  selectorOf: (rs) => rs.spec?.selector as LabelSelector | undefined,
};

const rcSelectors = new WeakMap<object, LabelSelector>();

export const REPLICATIONCONTROLLER_KIND: ReplicaSetKind = {
  resource: 'replicationcontrollers',
  kind: 'ReplicationController',
  apiVersion: 'v1',
  queueName: 'replicationmanager',
  selectorOf: (rc) => {
    const m = rc.spec?.selector as unknown as Record<string, string> | undefined;
    if (!m) return undefined;
    let sel = rcSelectors.get(m);
    if (!sel) {
      sel = Object.freeze({ matchLabels: m }) as LabelSelector;
      if (Object.isFrozen(m)) rcSelectors.set(m, sel);
    }
    return sel;
  },
};

const selectorMatchCache = new WeakMap<object, { selector: unknown; match: boolean }>();

/** Selector match of a cached pod against a cached ReplicaSet's selector, remembered per pod object. */
function matchesCached(pod: PodObj, rs: RS, matches: (l: Record<string, string> | undefined) => boolean): boolean {
  const sel = rs.spec?.selector;
  const hit = selectorMatchCache.get(pod);
  if (hit && hit.selector === sel) return hit.match;
  const match = matches(pod.metadata.labels);
  if (Object.isFrozen(pod) && sel && Object.isFrozen(sel)) selectorMatchCache.set(pod, { selector: sel, match });
  return match;
}

export class ReplicaSetController implements Component {
  readonly name: string = 'replicaset-controller';
  /** `source.component` of the Events it records. */
  static readonly eventSource: string = 'replicaset-controller';
  static readonly user: string = 'system:serviceaccount:kube-system:replicaset-controller';

  /** Seams, replaceable in tests. */
  burstReplicas = BURST_REPLICAS;
  /** Coalesces status-only pod updates of one ReplicaSet into one sync. */
  podStatusBatchPeriodMs = POD_STATUS_BATCH_PERIOD_MS;
  podControl: PodControl;
  syncHandler: (key: string) => void = (key) => this.syncReplicaSet(key);

  readonly expectations: Expectations;
  readonly queue: WorkQueue;
  /** Keys whose sync is still creating pods at the client's pace. */
  private readonly inFlight = new Set<string>();
  private readonly rsInformer: Informer<RS>;
  private readonly podInformer: Informer<PodObj>;

  constructor(
    private readonly ctx: ComponentContext,
    protected readonly kindSpec: ReplicaSetKind = REPLICASET_KIND,
  ) {
    this.expectations = new Expectations(ctx.clock);
    this.rsInformer = ctx.informers.informer<RS>(kindSpec.resource);
    this.podInformer = ctx.informers.informer<PodObj>('pods');
    this.queue = ctx.newQueue(kindSpec.queueName, (key) => this.syncHandler(key));
    this.podControl = {
      createPod: (namespace, template, owner, ref) => {
        const pod = podFromTemplate(template, owner, ref);
        if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels');
        try {
          const created = ctx.client.create<PodObj>('pods', pod as PodObj, { namespace });
          ctx.recorder.event(owner, 'Normal', SuccessfulCreatePodReason, `Created pod: ${created.metadata.name}`);
          return created;
        } catch (e) {
          ctx.recorder.event(owner, 'Warning', FailedCreatePodReason, `Error creating: ${errText(e)}`);
          throw e;
        }
      },
      deletePod: (namespace, name, owner) => {
        try {
          ctx.client.delete('pods', namespace, name);
        } catch (e) {
          if (isStatusError(e, 'NotFound')) throw e;
          ctx.recorder.event(owner, 'Warning', FailedDeletePodReason, `Error deleting: ${errText(e)}`);
          throw e;
        }
        ctx.recorder.event(owner, 'Normal', SuccessfulDeletePodReason, `Deleted pod: ${name}`);
      },
    };
  }

  start(): void {
    installOwnerIndexers(this.podInformer);
    installOwnerIndexers(this.rsInformer);
    this.rsInformer.addEventHandler({
      add: (rs) => this.enqueue(rs),
      update: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.deleteRS(old);
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        this.enqueue(cur);
      },
      delete: (rs) => this.deleteRS(rs),
    });
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
    this.ctx.informers.start();
  }

  private synced(): boolean {
    return this.rsInformer.hasSynced() && this.podInformer.hasSynced();
  }

  private enqueue(rs: RS): void {
    this.queue.add(keyOf(rs));
  }

  private deleteRS(rs: RS): void {
    const key = keyOf(rs);
    this.expectations.delete(key);
    this.queue.add(key);
  }

  /** The ReplicaSet a controller reference names, if it is in the cache with that UID. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): RS | undefined {
    if (ref.kind !== this.kindSpec.kind) return undefined;
    const rs = this.rsInformer.get(`${namespace}/${ref.name}`);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets in the pod's namespace whose selector matches it (for orphans). */
  private replicaSetsForPod(pod: PodObj): RS[] {
    return this.rsInformer.list(pod.metadata.namespace).filter((rs) => selectorMatches(this.kindSpec.selectorOf(rs), pod.metadata.labels));
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) {
      // On a restart of the controller a pod may already be pending deletion.
      this.deletePod(pod);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!rs) return;
      const key = keyOf(rs);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const rs of this.replicaSetsForPod(pod)) this.enqueue(rs);
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = !labelsEqual(old.metadata.labels, cur.metadata.labels);
    if (cur.metadata.deletionTimestamp) {
      // A graceful deletion starts with an update that sets deletionTimestamp: count it as the deletion
      // now, so the ReplicaSet makes a replacement without waiting for the kubelet.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!rs) return;
      // A status-only change (the kubelet's progress reports) only moves counters: batch those.
      if (!refChanged && !labelChanged) this.queue.addAfter(keyOf(rs), this.podStatusBatchPeriodMs);
      else this.enqueue(rs);
      const minReady = rs.spec?.minReadySeconds ?? 0;
      // Look again once the pod has been ready for minReadySeconds (plus a second against skew).
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.replicaSetsForPod(cur)) this.enqueue(rs);
  }

  private deletePod(pod: PodObj): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!rs) return;
    const key = keyOf(rs);
    this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }

  /** Level-triggered reconcile of one ReplicaSet. Throws to be retried with back-off. */
  syncReplicaSet(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    if (this.inFlight.has(key)) return;
    const rs = this.rsInformer.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let matches: (labels: Record<string, string> | undefined) => boolean;
    try {
      matches = compileSelector(this.kindSpec.selectorOf(rs));
    } catch (e) {
      // An invalid selector will not become valid by retrying.
      this.ctx.log(`replicaset ${key}: invalid selector: ${errText(e)}`);
      return;
    }
    const filtered = this.claimPods(rs, matches);

    let manageErr: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        // Still creating on the clock: the worker holds this key, as a real one blocked in the client does.
        if (this.manageReplicas(filtered, rs, (err) => this.finishLater(key, rs, filtered, err))) return;
      } catch (e) {
        manageErr = e ?? new Error('unknown error');
      }
    }
    this.finishSync(key, rs, filtered, manageErr);
  }

  /** The end of a sync: status from the pods claimed at its start, and the manage error, if any. */
  private finishSync(key: string, rs: RS, filtered: PodObj[], manageErr: unknown): void {
    const newStatus = this.calculateStatus(rs, filtered, manageErr);
    const updated = this.updateStatus(rs, newStatus);
    const replicas = rs.spec?.replicas ?? 1;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (
      manageErr === undefined &&
      updated &&
      minReady > 0 &&
      (updated.status?.readyReplicas ?? 0) === replicas &&
      (updated.status?.availableReplicas ?? 0) !== replicas
    ) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageErr !== undefined) throw manageErr;
  }

  /** A paced creation batch has ended: finish its sync, then let the key be synced again. */
  private finishLater(key: string, rs: RS, filtered: PodObj[], manageErr: unknown): void {
    this.inFlight.delete(key);
    try {
      this.finishSync(key, rs, filtered, manageErr);
    } catch (e) {
      this.ctx.log(`error syncing "${key}": ${errText(e)}`);
      this.queue.addRateLimited(key);
      return;
    }
    this.queue.forget(key);
    // Pods were observed while the worker was busy: the key is dirty.
    this.queue.add(key);
  }

  /**
   * The active pods this ReplicaSet controls after adopting matching orphans and releasing owned pods
   * that no longer match (PodControllerRefManager.ClaimPods).
   */
  private claimPods(rs: RS, matches: (l: Record<string, string> | undefined) => boolean): PodObj[] {
    const ns = rs.metadata.namespace ?? '';
    const out: PodObj[] = [];
    const owned = this.podInformer.byIndex(BY_CONTROLLER_UID, rs.metadata.uid);
    for (const pod of owned) {
      if (!podFacts(pod).active || pod.metadata.namespace !== ns) continue;
      if (matchesCached(pod, rs, matches)) {
        out.push(pod);
        continue;
      }
      if (rs.metadata.deletionTimestamp) continue;
      this.releasePod(rs, pod);
    }
    if (rs.metadata.deletionTimestamp) return out;
    let fresh: RS | undefined;
    for (const pod of this.podInformer.byIndex(ORPHANS_BY_NAMESPACE, ns)) {
      if (!isPodActive(pod) || !matches(pod.metadata.labels)) continue;
      // Recheck with an uncached read that the ReplicaSet is still ours to adopt with.
      if (fresh === undefined) {
        try {
          fresh = this.ctx.client.get<RS>(this.kindSpec.resource, ns, rs.metadata.name);
        } catch (e) {
          if (isStatusError(e, 'NotFound')) return out;
          throw e;
        }
        if (fresh.metadata.uid !== rs.metadata.uid || fresh.metadata.deletionTimestamp) return out;
      }
      const adopted = this.adoptPod(rs, pod);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private adoptPod(rs: RS, pod: PodObj): PodObj | undefined {
    const ref = newControllerRef(rs, this.kindSpec.apiVersion, this.kindSpec.kind);
    const refs = [...(pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid), ref];
    try {
      return this.ctx.client.patch<PodObj>('pods', pod.metadata.namespace, pod.metadata.name, { metadata: { ownerReferences: refs } }, { type: 'merge' });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  private releasePod(rs: RS, pod: PodObj): void {
    const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
    try {
      this.ctx.client.patch('pods', pod.metadata.namespace, pod.metadata.name, { metadata: { ownerReferences: refs.length ? refs : null } }, { type: 'merge' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Invalid')) throw e;
    }
  }

  /** Pods of every ReplicaSet that shares this one's controller (the Deployment): for node ranking. */
  private relatedPods(rs: RS, own: PodObj[]): PodObj[] {
    const owner = controllerRefOf(rs);
    if (!owner) return own;
    const out: PodObj[] = [];
    for (const sibling of this.rsInformer.byIndex(BY_CONTROLLER_UID, owner.uid)) {
      for (const p of this.podInformer.byIndex(BY_CONTROLLER_UID, sibling.metadata.uid)) out.push(p);
    }
    return out;
  }

  /**
   * Creates or deletes pods toward spec.replicas. Returns true if creation goes on at the client's
   * pace; `later` then gets the batch's error (or undefined) once the last pod is asked for.
   */
  private manageReplicas(filtered: PodObj[], rs: RS, later: (err: unknown) => void): boolean {
    const key = keyOf(rs);
    const ns = rs.metadata.namespace ?? '';
    const want = rs.spec?.replicas ?? 1;
    let diff = filtered.length - want;
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      this.expectations.expectCreations(key, diff);
      const ref = newControllerRef(rs, this.kindSpec.apiVersion, this.kindSpec.kind);
      const batch = new SlowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
        try {
          this.podControl.createPod(ns, rs.spec?.template, rs, ref);
        } catch (e) {
          // A namespace being torn down refuses every create: nothing to retry.
          if (isStatusError(e, 'Forbidden') && /because it is being terminated/.test(errText(e))) return;
          throw e;
        }
      });
      const total = diff;
      const outcome = runPaced(this.ctx.clock, this.ctx.client.rateLimiter, `${this.kindSpec.queueName}: create pods ${key}`, batch, (o) => {
        this.creationsDone(key, total, o);
        later(o.error);
      });
      if (!outcome) {
        this.inFlight.add(key);
        return true;
      }
      this.creationsDone(key, total, outcome);
      if (outcome.error !== undefined) throw outcome.error;
      return false;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const victims = getPodsToDelete(filtered, this.relatedPods(rs, filtered), diff, this.ctx.clock.now());
      this.expectations.expectDeletions(
        key,
        victims.map((p) => keyOf(p)),
      );
      let firstErr: unknown;
      for (const pod of victims) {
        try {
          this.podControl.deletePod(ns, pod.metadata.name, rs);
        } catch (e) {
          this.expectations.deletionObserved(key, keyOf(pod));
          if (!isStatusError(e, 'NotFound') && firstErr === undefined) firstErr = e;
        }
      }
      if (firstErr !== undefined) throw firstErr;
    }
    return false;
  }

  /** The informer will never see the pods that were not created. */
  private creationsDone(key: string, asked: number, o: BatchOutcome): void {
    for (let i = o.successes; i < asked; i++) this.expectations.creationObserved(key);
  }

  /** calculateStatus: counts over the claimed active pods, plus the ReplicaFailure condition. */
  calculateStatus(rs: RS, filtered: PodObj[], manageErr: unknown): ReplicaSetStatus {
    const status: ReplicaSetStatus = deepCopy(rs.status ?? { replicas: 0 });
    const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
    const now = this.ctx.clock.now();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    let fully = 0;
    let ready = 0;
    let available = 0;
    for (const pod of filtered) {
      const l = pod.metadata.labels ?? {};
      if (templateLabels.every(([k, v]) => l[k] === v)) fully++;
      const f = podFacts(pod);
      if (f.ready) {
        ready++;
        if (factsAvailable(f, minReady, now)) available++;
      }
    }
    const failure = status.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (manageErr !== undefined && !failure) {
      const d = filtered.length - (rs.spec?.replicas ?? 1);
      const cond: ReplicaSetCondition = {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: this.ctx.clock.timestamp(),
        reason: d < 0 ? 'FailedCreate' : d > 0 ? 'FailedDelete' : '',
        message: errText(manageErr),
      };
      status.conditions = [...(status.conditions ?? []), cond];
    } else if (manageErr === undefined && failure) {
      status.conditions = status.conditions!.filter((c) => c.type !== 'ReplicaFailure');
      if (status.conditions.length === 0) delete status.conditions;
    }
    status.replicas = filtered.length;
    status.fullyLabeledReplicas = fully;
    status.readyReplicas = ready;
    status.availableReplicas = available;
    // replicas is always written; the other counters are omitempty.
    return omitZero(status, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']);
  }

  /** updateReplicaSetStatus: skip when nothing changed; one GET and retry after a conflict. */
  private updateStatus(rs: RS, next: ReplicaSetStatus): RS | undefined {
    const s = rs.status ?? { replicas: 0 };
    if (
      (s.replicas ?? 0) === next.replicas &&
      (s.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
      (s.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
      (s.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
      (rs.metadata.generation ?? 0) === (s.observedGeneration ?? 0) &&
      JSON.stringify(s.conditions ?? []) === JSON.stringify(next.conditions ?? [])
    ) {
      return rs;
    }
    let cur: RS = rs;
    for (let i = 0; ; i++) {
      const body = deepCopy(cur) as RS & { status?: ReplicaSetStatus };
      (body as { status?: ReplicaSetStatus }).status = omitZero({ ...next, observedGeneration: rs.metadata.generation }, ['observedGeneration']);
      try {
        return this.ctx.client.update<RS>(this.kindSpec.resource, body, { subresource: 'status' });
      } catch (e) {
        if (isStatusError(e, 'NotFound')) return undefined;
        if (i >= STATUS_UPDATE_RETRIES || !isStatusError(e, 'Conflict')) throw e;
        const { namespace, name } = splitKey(keyOf(rs));
        cur = this.ctx.client.get<RS>(this.kindSpec.resource, namespace, name);
      }
    }
  }
}

/**
 * ReplicationManager (pkg/controller/replication): the ReplicaSet loop run over ReplicationControllers,
 * with its own name, queue and Event source, as kube-controller-manager runs it.
 */
export class ReplicationManager extends ReplicaSetController {
  override readonly name: string = 'replicationcontroller-controller';
  static override readonly eventSource = 'replication-controller';
  static override readonly user = 'system:serviceaccount:kube-system:replication-controller';

  constructor(ctx: ComponentContext) {
    super(ctx, REPLICATIONCONTROLLER_KIND);
  }
}
