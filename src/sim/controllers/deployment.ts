/**
 * DeploymentController (k8s.io/kubernetes pkg/controller/deployment): rolls a Deployment's pod template
 * out through ReplicaSets.
 *
 * - The new ReplicaSet is `<deployment>-<pod-template-hash>`; the hash label goes on its selector,
 *   template and labels; it carries the revision, desired-replicas and max-replicas annotations.
 * - RollingUpdate: scale the new ReplicaSet up to at most replicas + maxSurge pods in total; scale old
 *   ones down while keeping at least replicas − maxUnavailable available, first cleaning up old
 *   ReplicaSets' unhealthy pods (sync.go, rolling.go).
 * - Recreate: scale every old ReplicaSet to zero, wait for their pods to be gone, then scale up.
 * - A change of `spec.replicas` alone is a scaling event: every active ReplicaSet is resized in
 *   proportion to its max-replicas annotation.
 * - A template equal to an old ReplicaSet's makes that ReplicaSet new again with the next revision
 *   (how `kubectl rollout undo` works).
 * - Old ReplicaSets beyond revisionHistoryLimit are deleted once they are scaled to zero.
 * - Status and the Available / Progressing conditions follow sync.go and progress.go, with the real
 *   reasons and messages; `spec.paused` stops rollouts but not scaling.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { compileSelector, selectorIsEmpty, selectorMatches } from '../api/selectorMatch';
import { podTemplateHash } from './internal/names';
import { BY_CONTROLLER_UID, ORPHANS_BY_NAMESPACE, controllerRefOf, errText, installOwnerIndexers, labelsEqual, newControllerRef, omitZero, semanticEqual, timeMs } from './internal/util';
import {
  DefaultDeploymentUniqueLabelKey,
  DesiredReplicasAnnotation,
  FailedRSCreateReason,
  FoundNewRSReason,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewReplicaSetReason,
  NewRSAvailableReason,
  PausedDeployReason,
  RSUpdatedReason,
  ResumedDeployReason,
  RevisionAnnotation,
  TimedOutReason,
  activeReplicaSets,
  sortByCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  getProportion,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumReplicas,
  sumStatus,
} from './deployment/util';
import type { Deploy, RS } from './deployment/util';

export type { Deploy, RS };
type PodObj = Pod & StoredObject;

/** Event reasons and condition types. */
export const ScalingReplicaSetReason = 'ScalingReplicaSet';

export class DeploymentController implements Component {
  readonly name = 'deployment-controller';
  static readonly eventSource = 'deployment-controller';
  static readonly user = 'system:serviceaccount:kube-system:deployment-controller';

  syncHandler: (key: string) => void = (key) => this.syncDeployment(key);
  readonly queue: WorkQueue;
  private readonly dInformer: Informer<Deploy>;
  private readonly rsInformer: Informer<RS>;
  private readonly podInformer: Informer<PodObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.dInformer = ctx.informers.informer<Deploy>('deployments');
    this.rsInformer = ctx.informers.informer<RS>('replicasets');
    this.podInformer = ctx.informers.informer<PodObj>('pods');
    this.queue = ctx.newQueue('deployment', (key) => this.syncHandler(key));
  }

  start(): void {
    installOwnerIndexers(this.rsInformer);
    installOwnerIndexers(this.podInformer);
    this.dInformer.addEventHandler({
      add: (d) => this.enqueue(d),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.enqueue(cur);
      },
      delete: (d) => this.enqueue(d),
    });
    this.rsInformer.addEventHandler({
      add: (rs) => this.addReplicaSet(rs),
      update: (old, cur) => this.updateReplicaSet(old, cur),
      delete: (rs) => this.deleteReplicaSet(rs),
    });
    this.podInformer.addEventHandler({ delete: (pod) => this.deletePod(pod) });
    this.ctx.informers.start();
  }

  private synced(): boolean {
    return this.dInformer.hasSynced() && this.rsInformer.hasSynced() && this.podInformer.hasSynced();
  }

  private enqueue(d: Deploy): void {
    this.queue.add(keyOf(d));
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Deploy | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.get(`${namespace}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  private deploymentsForReplicaSet(rs: RS): Deploy[] {
    return this.dInformer.list(rs.metadata.namespace).filter((d) => !selectorIsEmpty(d.spec?.selector) && selectorMatches(d.spec?.selector, rs.metadata.labels));
  }

  private addReplicaSet(rs: RS): void {
    if (rs.metadata.deletionTimestamp) {
      this.deleteReplicaSet(rs);
      return;
    }
    const ref = controllerRefOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: RS, cur: RS): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerRefOf(cur);
    const oldRef = controllerRefOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    if (!labelsEqual(old.metadata.labels, cur.metadata.labels) || refChanged) {
      for (const d of this.deploymentsForReplicaSet(cur)) this.enqueue(d);
    }
  }

  private deleteReplicaSet(rs: RS): void {
    const ref = controllerRefOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, ref);
    if (d) this.enqueue(d);
  }

  /** Recreate waits for old pods to disappear; their deletion wakes the Deployment. */
  private deletePod(pod: PodObj): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dref = controllerRefOf(rs);
    if (!dref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, dref);
    if (d && (d.spec?.strategy?.type ?? 'RollingUpdate') === 'Recreate') this.enqueue(d);
  }

  // ---- sync ---------------------------------------------------------------------------------------

  /** Level-triggered reconcile of one Deployment. Throws to be retried with back-off. */
  syncDeployment(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const cached = this.dInformer.get(key);
    if (!cached) return;
    let d = deepCopy(cached) as Deploy;

    if (selectorIsEmpty(d.spec?.selector)) {
      this.ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        this.updateDeploymentStatus(d);
      }
      return;
    }

    const rsList = this.getReplicaSetsForDeployment(d);

    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly(d, rsList);
      return;
    }

    d = this.checkPausedConditions(d);

    if (d.spec?.paused) {
      this.sync(d, rsList);
      return;
    }

    if (this.isScalingEvent(d, rsList)) {
      this.sync(d, rsList);
      return;
    }

    if (d.spec?.strategy?.type === 'Recreate') this.rolloutRecreate(d, rsList);
    else this.rolloutRolling(d, rsList);
  }

  /**
   * ReplicaSets this Deployment controls after adopting matching orphans and releasing those that no
   * longer match (ClaimReplicaSets).
   */
  private getReplicaSetsForDeployment(d: Deploy): RS[] {
    const ns = d.metadata.namespace ?? '';
    let matches: (l: Record<string, string> | undefined) => boolean;
    try {
      matches = compileSelector(d.spec?.selector as LabelSelector);
    } catch {
      return [];
    }
    const out: RS[] = [];
    for (const rs of this.rsInformer.byIndex(BY_CONTROLLER_UID, d.metadata.uid)) {
      if (rs.metadata.namespace !== ns) continue;
      if (matches(rs.metadata.labels)) {
        out.push(rs);
        continue;
      }
      if (d.metadata.deletionTimestamp) continue;
      const refs = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid);
      this.patchOwnerRefs(rs, refs);
    }
    if (d.metadata.deletionTimestamp) return out;
    let checked = false;
    for (const rs of this.rsInformer.byIndex(ORPHANS_BY_NAMESPACE, ns)) {
      if (rs.metadata.deletionTimestamp || !matches(rs.metadata.labels)) continue;
      if (!checked) {
        let fresh: Deployment & StoredObject;
        try {
          fresh = this.ctx.client.get<Deploy>('deployments', ns, d.metadata.name);
        } catch (e) {
          if (isStatusError(e, 'NotFound')) return out;
          throw e;
        }
        if (fresh.metadata.uid !== d.metadata.uid || fresh.metadata.deletionTimestamp) return out;
        checked = true;
      }
      const refs = [...(rs.metadata.ownerReferences ?? []), newControllerRef(d, 'apps/v1', 'Deployment')];
      const adopted = this.patchOwnerRefs(rs, refs);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private patchOwnerRefs(rs: RS, refs: NonNullable<RS['metadata']['ownerReferences']>): RS | undefined {
    try {
      return this.ctx.client.patch<RS>('replicasets', rs.metadata.namespace, rs.metadata.name, { metadata: { ownerReferences: refs.length ? refs : null } }, { type: 'merge' });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  /** Pods per ReplicaSet UID, for Recreate (getPodMapForDeployment). */
  private podMap(rsList: RS[]): Map<string, PodObj[]> {
    const m = new Map<string, PodObj[]>();
    for (const rs of rsList) m.set(rs.metadata.uid, this.podInformer.byIndex(BY_CONTROLLER_UID, rs.metadata.uid));
    return m;
  }

  private now(): string {
    return this.ctx.clock.timestamp();
  }

  /** Sets the Progressing condition to DeploymentPaused / DeploymentResumed when pause flips. */
  private checkPausedConditions(d: Deploy): Deploy {
    if (!hasProgressDeadline(d)) return d;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === TimedOutReason) return d;
    const paused = !!d.spec?.paused;
    const pausedCondExists = cond?.reason === PausedDeployReason;
    let changed = false;
    const status: DeploymentStatus = deepCopy(d.status ?? {});
    if (paused && !pausedCondExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', this.now()));
      changed = true;
    } else if (!paused && pausedCondExists) {
      setCondition(status, newCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', this.now()));
      changed = true;
    }
    if (!changed) return d;
    d.status = status;
    return this.updateDeploymentStatus(d);
  }

  /** isScalingEvent: some active ReplicaSet was sized for a different `spec.replicas`. */
  private isScalingEvent(d: Deploy, rsList: RS[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const v = rs.metadata.annotations?.[DesiredReplicasAnnotation];
      if (v === undefined) continue;
      if (Number(v) !== replicasOf(d)) return true;
    }
    return false;
  }

  /** Old ReplicaSets and the new one; creates the new one when asked and it is missing. */
  private getAllReplicaSetsAndSyncRevision(d: Deploy, rsList: RS[], create: boolean): { newRS: RS | undefined; oldRSs: RS[] } {
    const found = findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== found);
    const newRS = this.getNewReplicaSet(d, rsList, oldRSs, create, found);
    return { newRS, oldRSs: newRS ? oldRSs.filter((rs) => rs.metadata.uid !== newRS.metadata.uid) : oldRSs };
  }

  /**
   * getNewReplicaSet: bring an existing new ReplicaSet's annotations and minReadySeconds up to date and
   * record its revision on the Deployment; or, when `create`, make it.
   */
  private getNewReplicaSet(d: Deploy, rsList: RS[], oldRSs: RS[], create: boolean, existing: RS | undefined): RS | undefined {
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = deepCopy(existing) as RS;
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadyNeedsUpdate = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      let rs: RS = existing;
      if (annotationsUpdated || minReadyNeedsUpdate) {
        copy.spec = { ...copy.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
        rs = this.ctx.client.update<RS>('replicasets', copy);
      }
      let needsUpdate = this.setDeploymentRevision(d, rs.metadata.annotations?.[RevisionAnnotation] ?? '');
      if (!getCondition(d.status, 'Progressing')) {
        const status = deepCopy(d.status ?? {});
        setCondition(status, newCondition('Progressing', 'True', FoundNewRSReason, `Found new replica set "${rs.metadata.name}"`, this.now()));
        d.status = status;
        needsUpdate = true;
      }
      if (needsUpdate) Object.assign(d, this.updateDeploymentStatus(d));
      return rs;
    }
    if (!create) return undefined;

    const template = deepCopy(d.spec?.template ?? {});
    const hash = podTemplateHash(d.spec?.template, d.status?.collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash } };
    const selector: LabelSelector = deepCopy(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, rs as RS], rs as RS);
    rs.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, rs, newRevision, false);

    let created: RS;
    let alreadyExists = false;
    try {
      created = this.ctx.client.create<RS>('replicasets', rs as RS, { namespace: d.metadata.namespace });
    } catch (e) {
      if (isStatusError(e, 'AlreadyExists')) {
        let other: RS;
        try {
          other = this.ctx.client.get<RS>('replicasets', d.metadata.namespace, rs.metadata!.name!);
        } catch (e2) {
          throw e2;
        }
        const ref = controllerRefOf(other);
        if (ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, other.spec?.template)) {
          created = other;
          alreadyExists = true;
        } else {
          // A hash collision: bump collisionCount so the next sync computes another name.
          const status = deepCopy(d.status ?? {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          d.status = status;
          this.updateDeploymentStatus(d);
          throw e;
        }
      } else {
        const msg = `Failed to create new replica set "${rs.metadata!.name}": ${errText(e)}`;
        if (hasProgressDeadline(d)) {
          const status = deepCopy(d.status ?? {});
          setCondition(status, newCondition('Progressing', 'False', FailedRSCreateReason, msg, this.now()));
          d.status = status;
        }
        this.ctx.recorder.event(d, 'Warning', 'FailedCreate', msg);
        try {
          this.updateDeploymentStatus(d);
        } catch {
          // the create error is the one worth reporting
        }
        throw e;
      }
    }
    if (!alreadyExists && replicas > 0) {
      this.ctx.recorder.event(d, 'Normal', ScalingReplicaSetReason, `Scaled up replica set ${created.metadata.name} to ${replicas}`);
    }
    let needsUpdate = this.setDeploymentRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      const status = deepCopy(d.status ?? {});
      setCondition(status, newCondition('Progressing', 'True', NewReplicaSetReason, `Created new replica set "${created.metadata.name}"`, this.now()));
      d.status = status;
      needsUpdate = true;
    }
    if (needsUpdate) Object.assign(d, this.updateDeploymentStatus(d));
    return created;
  }

  /**
   * SetDeploymentRevision: records the revision on the Deployment in memory only; the status write that
   * follows carries it (the status strategy keeps the annotations it is sent).
   */
  private setDeploymentRevision(d: Deploy, revision: string): boolean {
    if (d.metadata.annotations?.[RevisionAnnotation] === revision) return false;
    d.metadata = { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [RevisionAnnotation]: revision } };
    return true;
  }

  /** UpdateStatus with the Deployment's current status; returns the stored object (a writable copy). */
  private updateDeploymentStatus(d: Deploy): Deploy {
    const updated = this.ctx.client.update<Deploy>('deployments', d, { subresource: 'status' });
    return deepCopy(updated) as Deploy;
  }

  // ---- scaling ------------------------------------------------------------------------------------

  /** sync: scaling and paused Deployments — resize, clean up history when paused, write status. */
  private sync(d: Deploy, rsList: RS[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    const scaled = this.scale(d, newRS, oldRSs);
    const current = (rs: RS | undefined) => (rs ? scaled.get(rs.metadata.uid) ?? rs : undefined);
    const olds = oldRSs.map((rs) => current(rs)!);
    if (d.spec?.paused) this.cleanupDeployment(olds, d);
    this.syncDeploymentStatus([...olds, current(newRS)], current(newRS), d);
  }

  /** scale: resize for a changed `spec.replicas`, proportionally across active ReplicaSets during a rollout. */
  private scale(d: Deploy, newRS: RS | undefined, oldRSs: RS[]): Map<string, RS> {
    const out = new Map<string, RS>();
    const record = (rs: RS | undefined) => {
      if (rs) out.set(rs.metadata.uid, rs);
    };
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicasOf(d)) record(this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicasOf(d), d));
      return out;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) record(this.scaleReplicaSetAndRecordEvent(old, 0, d));
      return out;
    }
    if (!isRollingUpdate(d)) return out;
    let all = activeReplicaSets([...oldRSs, newRS]);
    const allReplicas = sumReplicas(all);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
    const toAdd = allowed - allReplicas;
    let op: 'up' | 'down' | '' = '';
    if (toAdd > 0) {
      all = [...all].sort(bySizeNewer);
      op = 'up';
    } else if (toAdd < 0) {
      all = [...all].sort(bySizeOlder);
      op = 'down';
    }
    const sizes = new Map<string, number>();
    let added = 0;
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = getProportion(rs, d, toAdd, added);
        sizes.set(rs.metadata.name, replicasOf(rs) + p);
        added += p;
      } else {
        sizes.set(rs.metadata.name, replicasOf(rs));
      }
    }
    if (added !== toAdd && all.length > 0) {
      const first = all[0]!.metadata.name;
      sizes.set(first, Math.max(0, sizes.get(first)! + (toAdd - added)));
    }
    for (const rs of all) {
      const r = this.scaleReplicaSet(rs, sizes.get(rs.metadata.name)!, d, op || (sizes.get(rs.metadata.name)! > replicasOf(rs) ? 'up' : 'down'));
      record(r);
    }
    return out;
  }

  private scaleReplicaSetAndRecordEvent(rs: RS, newScale: number, d: Deploy): RS {
    return this.scaleAndRecord(rs, newScale, d).rs;
  }

  /** scaleReplicaSetAndRecordEvent: `scaled` is true only when the size changed. */
  private scaleAndRecord(rs: RS, newScale: number, d: Deploy): { rs: RS; scaled: boolean } {
    if (replicasOf(rs) === newScale) return { rs, scaled: false };
    const updated = this.scaleReplicaSet(rs, newScale, d, replicasOf(rs) < newScale ? 'up' : 'down');
    return { rs: updated, scaled: true };
  }

  /** Sets replicas and the replicas annotations; records `Scaled <op> replica set <rs> to <new> from <old>`. */
  private scaleReplicaSet(rs: RS, newScale: number, d: Deploy, op: 'up' | 'down'): RS {
    const sizeNeedsUpdate = replicasOf(rs) !== newScale;
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return rs;
    const oldScale = replicasOf(rs);
    const copy = deepCopy(rs) as RS;
    copy.spec = { ...copy.spec!, replicas: newScale };
    setReplicasAnnotations(copy, desired, max);
    const updated = this.ctx.client.update<RS>('replicasets', copy);
    if (sizeNeedsUpdate) {
      this.ctx.recorder.event(d, 'Normal', ScalingReplicaSetReason, `Scaled ${op} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`);
    }
    return updated;
  }

  // ---- rollouts -----------------------------------------------------------------------------------

  private rolloutRolling(d: Deploy, rsList: RS[]): void {
    const r = this.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    let newRS = r.newRS!;
    let oldRSs = r.oldRSs;

    // Scale up, if we can.
    const up = this.reconcileNewReplicaSet([...oldRSs, newRS], newRS, d);
    if (up.scaled) {
      newRS = up.rs;
      this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
      return;
    }
    // Scale down, if we can.
    const down = this.reconcileOldReplicaSets([...oldRSs, newRS], activeReplicaSets(oldRSs), newRS, d);
    if (down.scaled) {
      oldRSs = oldRSs.map((rs) => down.updated.get(rs.metadata.uid) ?? rs);
      this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
      return;
    }
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
  }

  /** reconcileNewReplicaSet: returns the (possibly resized) new ReplicaSet. */
  private reconcileNewReplicaSet(allRSs: RS[], newRS: RS, d: Deploy): { rs: RS; scaled: boolean } {
    if (replicasOf(newRS) === replicasOf(d)) return { rs: newRS, scaled: false };
    if (replicasOf(newRS) > replicasOf(d)) return this.scaleAndRecord(newRS, replicasOf(d), d);
    return this.scaleAndRecord(newRS, newRSNewReplicas(d, allRSs, newRS), d);
  }

  /**
   * reconcileOldReplicaSets: how far old ReplicaSets may shrink without dropping below
   * replicas − maxUnavailable available pods, counting the new ReplicaSet's unavailable pods against it.
   */
  private reconcileOldReplicaSets(allRSs: RS[], oldRSs: RS[], newRS: RS, d: Deploy): { scaled: boolean; updated: Map<string, RS> } {
    const updated = new Map<string, RS>();
    if (sumReplicas(oldRSs) === 0) return { scaled: false, updated };
    const allPods = sumReplicas(allRSs);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return { scaled: false, updated };

    const cleaned = this.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
    for (const rs of cleaned.rss) updated.set(rs.metadata.uid, rs);
    const scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate([...cleaned.rss, newRS], cleaned.rss, d, updated);
    return { scaled: cleaned.count + scaledDown > 0, updated };
  }

  /** cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods first, oldest first. */
  private cleanupUnhealthyReplicas(oldRSs: RS[], d: Deploy, maxCleanup: number): { rss: RS[]; count: number } {
    const rss = sortByCreation(oldRSs);
    let total = 0;
    for (let i = 0; i < rss.length; i++) {
      if (total >= maxCleanup) break;
      const rs = rss[i]!;
      const replicas = replicasOf(rs);
      const available = rs.status?.availableReplicas ?? 0;
      if (replicas === 0 || replicas === available) continue;
      const n = Math.min(maxCleanup - total, replicas - available);
      const target = replicas - n;
      if (target > replicas) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${keyOf(rs)} ${replicas} -> ${target}`);
      rss[i] = this.scaleReplicaSetAndRecordEvent(rs, target, d);
      total += n;
    }
    return { rss, count: total };
  }

  /** scaleDownOldReplicaSetsForRollingUpdate: shrink old ReplicaSets, oldest first, down to minAvailable. */
  private scaleDownOldReplicaSetsForRollingUpdate(allRSs: RS[], oldRSs: RS[], d: Deploy, updated: Map<string, RS>): number {
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const available = sumStatus(allRSs, 'availableReplicas');
    if (available <= minAvailable) return 0;
    const rss = sortByCreation(oldRSs);
    const totalToScale = available - minAvailable;
    let total = 0;
    for (const rs of rss) {
      if (total >= totalToScale) break;
      if (replicasOf(rs) === 0) continue;
      const n = Math.min(replicasOf(rs), totalToScale - total);
      const r = this.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - n, d);
      updated.set(r.metadata.uid, r);
      total += n;
    }
    return total;
  }

  private rolloutRecreate(d: Deploy, rsList: RS[]): void {
    let { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    const podMap = this.podMap(rsList);
    // Scale down old ReplicaSets.
    let scaledDown = false;
    oldRSs = oldRSs.map((rs) => {
      if (replicasOf(rs) === 0) return rs;
      scaledDown = true;
      return this.scaleReplicaSetAndRecordEvent(rs, 0, d);
    });
    if (scaledDown) {
      this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
      return;
    }
    // Wait until every old pod is gone.
    if (this.oldPodsRunning(newRS, oldRSs, podMap)) {
      this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
      return;
    }
    if (!newRS) {
      const r = this.getAllReplicaSetsAndSyncRevision(d, rsList, true);
      newRS = r.newRS;
      oldRSs = r.oldRSs;
    }
    if (newRS) newRS = this.scaleReplicaSetAndRecordEvent(newRS, replicasOf(d), d);
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus([...oldRSs, newRS], newRS, d);
  }

  private oldPodsRunning(newRS: RS | undefined, oldRSs: RS[], podMap: Map<string, PodObj[]>): boolean {
    if (sumStatus(oldRSs, 'replicas') > 0) return true;
    for (const [uid, pods] of podMap) {
      if (newRS && newRS.metadata.uid === uid) continue;
      for (const p of pods) {
        const phase = p.status?.phase;
        if (phase === 'Failed' || phase === 'Succeeded') continue;
        return true;
      }
    }
    return false;
  }

  /** cleanupDeployment: delete the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private cleanupDeployment(oldRSs: RS[], d: Deploy): void {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
      try {
        this.ctx.client.delete('replicasets', rs.metadata.namespace, rs.metadata.name);
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }

  // ---- status -------------------------------------------------------------------------------------

  /** calculateStatus: counts from the ReplicaSets plus the Available condition. */
  private calculateStatus(allRSs: (RS | undefined)[], newRS: RS | undefined, d: Deploy): DeploymentStatus {
    const available = sumStatus(allRSs, 'availableReplicas');
    const total = sumReplicas(allRSs);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation,
      replicas: sumStatus(allRSs, 'replicas'),
      updatedReplicas: sumStatus([newRS], 'replicas'),
      readyReplicas: sumStatus(allRSs, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    };
    omitZero(status, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']);
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(status, newCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', this.now()));
    } else {
      setCondition(status, newCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', this.now()));
    }
    return status;
  }

  private syncStatusOnly(d: Deploy, rsList: RS[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  private syncDeploymentStatus(allRSs: (RS | undefined)[], newRS: RS | undefined, d: Deploy): void {
    const status = this.calculateStatus(allRSs, newRS, d);
    if (statusEqual(d.status, status)) return;
    d.status = status;
    this.updateDeploymentStatus(d);
  }

  /** syncRolloutStatus: calculateStatus plus the Progressing and ReplicaFailure conditions. */
  private syncRolloutStatus(allRSs: (RS | undefined)[], newRS: RS | undefined, d: Deploy): void {
    const status = this.calculateStatus(allRSs, newRS, d);
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
    const cur = getCondition(d.status, 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && cur?.reason === NewRSAvailableReason;
    const now = this.now();
    if (hasProgressDeadline(d) && !isComplete) {
      if (deploymentComplete(d, status)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : 'Deployment has successfully progressed.';
        setCondition(status, newCondition('Progressing', 'True', NewRSAvailableReason, msg, now));
      } else if (deploymentProgressing(d, status)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : 'Deployment is progressing.';
        const cond = newCondition('Progressing', 'True', RSUpdatedReason, msg, now);
        if (cur) {
          if (cur.status === 'True') cond.lastTransitionTime = cur.lastTransitionTime;
          removeCondition(status, 'Progressing');
        }
        setCondition(status, cond);
      } else if (deploymentTimedOut(d, status, this.ctx.clock.now())) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, newCondition('Progressing', 'False', TimedOutReason, msg, now));
      }
    }
    const failure = this.replicaFailure(allRSs, newRS);
    if (failure) setCondition(status, failure);
    else removeCondition(status, 'ReplicaFailure');
    if (status.conditions && status.conditions.length === 0) delete status.conditions;

    if (statusEqual(d.status, status)) {
      this.requeueStuckDeployment(d, status);
      return;
    }
    d.status = status;
    this.updateDeploymentStatus(d);
  }

  /** getReplicaFailures: a ReplicaFailure condition of the new (else an old) ReplicaSet, copied over. */
  private replicaFailure(allRSs: (RS | undefined)[], newRS: RS | undefined): DeploymentCondition | undefined {
    const from = (rs: RS | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    let c = from(newRS);
    if (!c) for (const rs of allRSs) if (rs && rs !== newRS && (c = from(rs))) break;
    if (!c) return undefined;
    const t = c.lastTransitionTime ?? this.now();
    return { type: 'ReplicaFailure', status: c.status, reason: c.reason, message: c.message, lastUpdateTime: t, lastTransitionTime: t };
  }

  /** requeueStuckDeployment: look again just after the progress deadline would pass. */
  private requeueStuckDeployment(d: Deploy, status: DeploymentStatus): void {
    const cur = getCondition(d.status, 'Progressing');
    if (!hasProgressDeadline(d) || !cur) return;
    if (deploymentComplete(d, status) || cur.reason === TimedOutReason) return;
    // A finished rollout that has since lost an available pod (a readiness probe failing) keeps its
    // NewReplicaSetAvailable condition, and syncRolloutStatus estimates no progress for it, so a progress
    // check can change nothing. Upstream still requeues it — rate-limited once the old deadline has
    // passed, and each successful sync forgets the back-off, so it spins at the queue's shared 10 per
    // second for as long as the pod stays unready. Those syncs write nothing and log only at V(4); any
    // change that matters (a pod, a ReplicaSet, a spec) enqueues the Deployment through its informers.
    if (status.replicas === status.updatedReplicas && cur.reason === NewRSAvailableReason) return;
    const last = timeMs(cur.lastUpdateTime);
    if (last === undefined) return;
    const after = last + (d.spec!.progressDeadlineSeconds ?? 600) * 1000 - this.ctx.clock.now();
    if (after < 1000) this.queue.addRateLimited(keyOf(d));
    else this.queue.addAfter(keyOf(d), after + 1000);
  }
}

function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const norm = (s: DeploymentStatus | undefined) => ({
    observedGeneration: s?.observedGeneration ?? 0,
    replicas: s?.replicas ?? 0,
    updatedReplicas: s?.updatedReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    unavailableReplicas: s?.unavailableReplicas ?? 0,
    collisionCount: s?.collisionCount,
    conditions: s?.conditions ?? [],
  });
  return semanticEqual(norm(a), norm(b));
}

