/**
 * StatefulSetController (k8s.io/kubernetes pkg/controller/statefulset): pods with stable names,
 * stable storage and an order.
 *
 * Facts carried over from the 1.31 controller:
 * - pod `<set>-<ordinal>` for ordinals start … start+replicas−1 (spec.ordinals.start, default 0), with
 *   hostname = pod name, subdomain = serviceName, and labels `statefulset.kubernetes.io/pod-name`,
 *   `apps.kubernetes.io/pod-index` and `controller-revision-hash` (the full revision name);
 * - before a pod, each volumeClaimTemplate's PVC `<claim>-<set>-<ordinal>` (labels: the template's plus
 *   the set's matchLabels; owned by the set when persistentVolumeClaimRetentionPolicy.whenDeleted is
 *   Delete), and the pod's volume of that name points at it;
 * - OrderedReady: one pod at a time in ordinal order, each Running and Ready (and available for
 *   minReadySeconds) before the next; scale-down removes the highest ordinal first, one at a time, only
 *   when all others are healthy. Parallel: all at once;
 * - a Failed (or Succeeded) pod is deleted and recreated (`RecreatingFailedPod`);
 * - ControllerRevisions `<set>-<hash>` hold the templates; RollingUpdate replaces pods whose revision
 *   is not the update revision from the highest ordinal down to `partition`, one at a time, waiting for
 *   each to be healthy; new pods below the partition get the current revision. OnDelete only applies
 *   the update revision to pods that are (re)created. When every pod is updated and ready,
 *   currentRevision becomes updateRevision. revisionHistoryLimit trims unused revisions;
 * - events: `SuccessfulCreate` `create Claim <pvc> Pod <pod> in StatefulSet <set> success`,
 *   `create Pod <pod> in StatefulSet <set> successful`, `SuccessfulDelete`
 *   `delete Pod <pod> in StatefulSet <set> successful`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { Pod, StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { ControllerRevisionHashLabel, ensureUpdateRevision, templateOfRevision, truncateHistory } from './internal/history';
import type { RevisionObj } from './internal/history';
import { selectorMatches } from '../api/selectorMatch';
import { BY_CONTROLLER_UID, ORPHANS_BY_NAMESPACE, controllerRefOf, errText, installOwnerIndexers, isPodAvailable, isPodReady, newControllerRef } from './internal/util';
import { podFromTemplate } from './replicaset';
import { SlowStartBatch, runPaced } from './internal/slowStart';

export type STS = StatefulSet & StoredObject;
type PodObj = Pod & StoredObject;
type PVCObj = PersistentVolumeClaim & StoredObject;

export const StatefulSetPodNameLabel = 'statefulset.kubernetes.io/pod-name';
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';

/** `<set>-<n>` → n, or undefined when the name is not one of the set's. */
export function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function claimName(claim: string, setName: string, ordinal: number): string {
  return `${claim}-${setName}-${ordinal}`;
}

function isRunningAndReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && isPodReady(p);
}

function isTerminating(p: Pod): boolean {
  return !!p.metadata?.deletionTimestamp;
}

function isFinished(p: Pod): boolean {
  return p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
}

function revisionOf(p: Pod): string | undefined {
  return p.metadata?.labels?.[ControllerRevisionHashLabel];
}

export class StatefulSetController implements Component {
  readonly name = 'statefulset-controller';
  static readonly eventSource = 'statefulset-controller';
  static readonly user = 'system:serviceaccount:kube-system:statefulset-controller';

  syncHandler: (key: string) => void = (key) => this.syncStatefulSet(key);
  readonly queue: WorkQueue;
  /** Keys whose sync is still creating pods at the client's pace. */
  private readonly inFlight = new Set<string>();
  private readonly sets: Informer<STS>;
  private readonly pods: Informer<PodObj>;
  private readonly revisions: Informer<RevisionObj>;
  private readonly claims: Informer<PVCObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.sets = ctx.informers.informer<STS>('statefulsets');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.revisions = ctx.informers.informer<RevisionObj>('controllerrevisions');
    this.claims = ctx.informers.informer<PVCObj>('persistentvolumeclaims');
    this.queue = ctx.newQueue('statefulset', (k) => this.syncHandler(k));
  }

  start(): void {
    installOwnerIndexers(this.pods);
    installOwnerIndexers(this.revisions);
    this.sets.addEventHandler({
      add: (s) => this.queue.add(keyOf(s)),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(keyOf(cur));
      },
      delete: (s) => this.queue.add(keyOf(s)),
    });
    const onPod = (p: PodObj) => {
      const ref = controllerRefOf(p);
      if (ref) {
        if (ref.kind !== 'StatefulSet') return;
        const s = this.sets.get(`${p.metadata.namespace}/${ref.name}`);
        if (s && s.metadata.uid === ref.uid) this.queue.add(keyOf(s));
        return;
      }
      for (const s of this.sets.list(p.metadata.namespace)) if (selectorMatches(s.spec?.selector, p.metadata.labels)) this.queue.add(keyOf(s));
    };
    this.pods.addEventHandler({
      add: onPod,
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) onPod(cur);
      },
      delete: onPod,
    });
    this.revisions.addEventHandler({});
    this.claims.addEventHandler({});
    this.ctx.informers.start();
  }

  private synced(): boolean {
    return this.sets.hasSynced() && this.pods.hasSynced() && this.revisions.hasSynced() && this.claims.hasSynced();
  }

  /** The pods the set owns (adopting orphans that match its selector and name pattern). */
  private claimPods(set: STS): PodObj[] {
    const ns = set.metadata.namespace ?? '';
    const owned = this.pods.byIndex(BY_CONTROLLER_UID, set.metadata.uid).filter((p) => p.metadata.namespace === ns);
    if (set.metadata.deletionTimestamp) return owned;
    for (const p of this.pods.byIndex(ORPHANS_BY_NAMESPACE, ns)) {
      if (p.metadata.deletionTimestamp || ordinalOf(set.metadata.name, p.metadata.name) === undefined || !selectorMatches(set.spec?.selector, p.metadata.labels)) continue;
      try {
        const refs = [...(p.metadata.ownerReferences ?? []), newControllerRef(set, 'apps/v1', 'StatefulSet')];
        owned.push(this.ctx.client.patch<PodObj>('pods', ns, p.metadata.name, { metadata: { ownerReferences: refs } }, { type: 'merge' }));
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
    return owned;
  }

  syncStatefulSet(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    // The worker is still creating this set's pods at the client's pace; it syncs again when done.
    if (this.inFlight.has(key)) return;
    const set = this.sets.get(key);
    if (!set) return;
    const pods = this.claimPods(set);
    if (set.metadata.deletionTimestamp) return;
    const spec = set.spec!;
    const revs = this.revisions.byIndex(BY_CONTROLLER_UID, set.metadata.uid).filter((r) => r.metadata.namespace === set.metadata.namespace);
    const { revision: updateRev, collisionCount } = ensureUpdateRevision(this.ctx.client, set, 'StatefulSet', revs, { ...(spec.selector?.matchLabels ?? {}) });
    const allRevs = revs.some((r) => r.metadata.name === updateRev.metadata.name) ? revs.map((r) => (r.metadata.name === updateRev.metadata.name ? updateRev : r)) : [...revs, updateRev];
    const currentRev = allRevs.find((r) => r.metadata.name === set.status?.currentRevision) ?? updateRev;

    const start = spec.ordinals?.start ?? 0;
    const replicaCount = spec.replicas ?? 1;
    // Sparse by index: spec.replicas may be anything up to 2^31-1, while the pods are few.
    const replicas = new Map<number, PodObj>();
    const condemned: PodObj[] = [];
    for (const p of pods) {
      const ord = ordinalOf(set.metadata.name, p.metadata.name);
      if (ord === undefined) continue;
      if (ord >= start && ord < start + replicaCount) replicas.set(ord - start, p);
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(set.metadata.name, b.metadata.name)! - ordinalOf(set.metadata.name, a.metadata.name)!);

    let err: unknown;
    try {
      if (this.updateStatefulSet(set, replicas, replicaCount, condemned, currentRev, updateRev, start) === 'creating') return;
    } catch (e) {
      err = e;
    }

    // Status from what the caches show now (the next sync corrects counts for this pass's writes).
    const minReady = spec.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation,
      replicas: 0,
      readyReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      availableReplicas: 0,
      currentRevision: currentRev.metadata.name,
      updateRevision: updateRev.metadata.name,
      collisionCount: collisionCount || set.status?.collisionCount,
    };
    for (const p of [...replicas.values(), ...condemned]) {
      if (isTerminating(p)) continue;
      status.replicas++;
      if (isRunningAndReady(p)) {
        status.readyReplicas!++;
        if (isPodAvailable(p, minReady, now)) status.availableReplicas!++;
      }
      if (revisionOf(p) === currentRev.metadata.name) status.currentReplicas!++;
      if (revisionOf(p) === updateRev.metadata.name) status.updatedReplicas!++;
    }
    if (spec.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === replicaCount && status.readyReplicas === replicaCount && status.replicas === replicaCount) {
      status.currentRevision = updateRev.metadata.name;
      status.currentReplicas = status.updatedReplicas;
    }
    if (status.collisionCount === undefined) delete status.collisionCount;
    this.writeStatus(set, status);
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) this.queue.addAfter(key, minReady * 1000 + 1000);

    const live = new Set([status.currentRevision!, status.updateRevision!]);
    for (const p of pods) {
      const r = revisionOf(p);
      if (r) live.add(r);
    }
    truncateHistory(this.ctx.client, allRevs, live, spec.revisionHistoryLimit ?? 10);
    if (err !== undefined) throw err;
  }

  /**
   * One pass of updateStatefulSet: create, recreate, condemn, roll. Returns when it must wait, and
   * 'creating' while Parallel creation goes on at the client's pace (the sync ends there, as the real
   * worker stays blocked in its slow-start batch).
   */
  private updateStatefulSet(set: STS, replicas: Map<number, PodObj>, replicaCount: number, condemned: PodObj[], currentRev: RevisionObj, updateRev: RevisionObj, start: number): 'creating' | void {
    const spec = set.spec!;
    const monotonic = spec.podManagementPolicy !== 'Parallel';
    const minReady = spec.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const healthy = (p: PodObj) => isRunningAndReady(p) && !isTerminating(p) && isPodAvailable(p, minReady, now);
    const rolling = spec.updateStrategy?.type !== 'OnDelete';
    const partition = rolling ? (spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const revFor = (ord: number): RevisionObj => (rolling && ord < start + partition ? currentRev : updateRev);

    // Existing pods in index order; a monotonic set stops at the first gap or unhealthy pod.
    const indexes = [...replicas.keys()].sort((a, b) => a - b);
    if (monotonic) {
      for (let i = 0; i < replicaCount; i++) {
        let pod = replicas.get(i);
        if (pod && isFinished(pod) && !isTerminating(pod)) {
          this.ctx.recorder.event(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${keyOf(set)} is recreating failed Pod ${pod.metadata.name}`);
          this.deletePod(set, pod);
          pod = undefined;
          replicas.delete(i);
        }
        if (!pod) {
          const created = this.createPod(set, start + i, revFor(start + i));
          if (created) replicas.set(i, created);
          return;
        }
        if (isTerminating(pod)) {
          this.ctx.log(`StatefulSet ${keyOf(set)} is waiting for Pod ${pod.metadata.name} to Terminate`);
          return;
        }
        if (!healthy(pod)) {
          this.ctx.log(`StatefulSet ${keyOf(set)} is waiting for Pod ${pod.metadata.name} to be Running and Ready`);
          return;
        }
      }
    } else {
      for (const i of indexes) {
        const pod = replicas.get(i)!;
        if (isFinished(pod) && !isTerminating(pod)) {
          this.ctx.recorder.event(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${keyOf(set)} is recreating failed Pod ${pod.metadata.name}`);
          this.deletePod(set, pod);
          replicas.delete(i);
        }
      }
      // Every missing index, lowest first, created in one slow-start batch (runForAll).
      const missing = replicaCount - replicas.size;
      if (missing > 0) {
        let next = 0;
        const batch = new SlowStartBatch(missing, 1, () => {
          while (replicas.has(next)) next++;
          const i = next++;
          const created = this.createPod(set, start + i, revFor(start + i));
          if (created) replicas.set(i, created);
        });
        const key = keyOf(set);
        const outcome = runPaced(this.ctx.clock, this.ctx.client.rateLimiter, `statefulset: create pods ${key}`, batch, (o) => {
          this.inFlight.delete(key);
          if (o.error === undefined) {
            this.queue.add(key);
            return;
          }
          this.ctx.log(`error syncing "${key}": ${errText(o.error)}`);
          this.queue.addRateLimited(key);
        });
        if (!outcome) {
          this.inFlight.add(key);
          return 'creating';
        }
        if (outcome.error !== undefined) throw outcome.error;
      }
    }

    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (monotonic && !healthy(pod) && condemned.some((p) => p !== pod && healthy(p))) return;
      this.setClaimOwnerForScaleDown(set, pod);
      this.deletePod(set, pod);
      if (monotonic) return;
    }

    if (!rolling) return;
    for (let i = replicaCount - 1; i >= partition; i--) {
      const pod = replicas.get(i);
      if (!pod) return;
      if (revisionOf(pod) !== updateRev.metadata.name && !isTerminating(pod)) {
        this.ctx.log(`StatefulSet ${keyOf(set)} terminating Pod ${pod.metadata.name} for update`);
        this.deletePod(set, pod);
        return;
      }
      if (!healthy(pod)) return;
    }
  }

  private podFor(set: STS, ordinal: number, template: PodTemplateSpec, revName: string): PodObj {
    const pod = podFromTemplate(template, set, newControllerRef(set, 'apps/v1', 'StatefulSet')) as PodObj;
    const name = `${set.metadata.name}-${ordinal}`;
    delete pod.metadata.generateName;
    pod.metadata.name = name;
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetPodNameLabel]: name, [PodIndexLabel]: String(ordinal), [ControllerRevisionHashLabel]: revName };
    const ps = pod.spec!;
    ps.hostname = name;
    if (set.spec?.serviceName) ps.subdomain = set.spec.serviceName;
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const vname = t.metadata?.name ?? '';
      const vol = { name: vname, persistentVolumeClaim: { claimName: claimName(vname, set.metadata.name, ordinal) } };
      const vols = (ps.volumes ?? []).filter((v) => v.name !== vname);
      ps.volumes = [...vols, vol];
    }
    return pod;
  }

  private createPod(set: STS, ordinal: number, rev: RevisionObj): PodObj | undefined {
    const pod = this.podFor(set, ordinal, templateOfRevision(rev), rev.metadata.name);
    this.createClaims(set, ordinal, pod.metadata.name);
    try {
      const created = this.ctx.client.create<PodObj>('pods', pod, { namespace: set.metadata.namespace });
      this.ctx.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      return created;
    } catch (e) {
      if (isStatusError(e, 'AlreadyExists')) return undefined;
      this.ctx.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errText(e)}`);
      throw e;
    }
  }

  /** createPersistentVolumeClaims: the pod's missing claims. */
  private createClaims(set: STS, ordinal: number, podName: string): void {
    const ns = set.metadata.namespace;
    const whenDeleted = set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain';
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(t.metadata?.name ?? '', set.metadata.name, ordinal);
      if (this.claims.get(`${ns}/${name}`)) continue;
      const pvc: PersistentVolumeClaim = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: ns,
          labels: { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
          ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
          ...(whenDeleted === 'Delete' ? { ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')] } : {}),
        },
        spec: deepCopy(t.spec ?? {}),
      };
      try {
        this.ctx.client.create('persistentvolumeclaims', pvc as never, { namespace: ns });
        this.ctx.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`);
      } catch (e) {
        if (isStatusError(e, 'AlreadyExists')) continue;
        this.ctx.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${errText(e)}`);
        throw e;
      }
    }
  }

  /** whenScaled: Delete — the condemned pod's claims become owned by the pod, so they go with it. */
  private setClaimOwnerForScaleDown(set: STS, pod: PodObj): void {
    if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    const ord = ordinalOf(set.metadata.name, pod.metadata.name);
    if (ord === undefined) return;
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(t.metadata?.name ?? '', set.metadata.name, ord);
      const pvc = this.claims.get(`${set.metadata.namespace}/${name}`);
      if (!pvc || pvc.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue;
      const refs = [...(pvc.metadata.ownerReferences ?? []).filter((r) => !r.controller), newControllerRef(pod, 'v1', 'Pod')];
      try {
        this.ctx.client.patch('persistentvolumeclaims', pvc.metadata.namespace, name, { metadata: { ownerReferences: refs } }, { type: 'merge' });
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }

  private deletePod(set: STS, pod: PodObj): void {
    try {
      this.ctx.client.delete('pods', pod.metadata.namespace, pod.metadata.name);
      this.ctx.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return;
      this.ctx.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errText(e)}`);
      throw e;
    }
  }

  private writeStatus(set: STS, status: StatefulSetStatus): void {
    const cur = set.status ?? ({ replicas: 0 } as StatefulSetStatus);
    const same = (Object.keys(status) as (keyof StatefulSetStatus)[]).every((k) => JSON.stringify(cur[k]) === JSON.stringify(status[k]));
    if (same) return;
    const body = deepCopy(set) as STS;
    body.status = { ...(set.status?.conditions ? { conditions: set.status.conditions } : {}), ...status };
    try {
      this.ctx.client.update('statefulsets', body, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
