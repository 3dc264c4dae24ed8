/**
 * The PersistentVolume binder (k8s.io/kubernetes pkg/controller/volume/persistentvolume) and the two
 * protection controllers (pkg/controller/volume/pvcprotection, pvprotection).
 *
 * Binder facts carried over from 1.31:
 * - an unbound claim binds to the smallest Available volume of its class that is big enough, offers
 *   its access modes, matches its selector (or a volume pre-bound to it by claimRef); binding sets the
 *   volume's claimRef (+ `pv.kubernetes.io/bound-by-controller`) and phase Bound, then the claim's
 *   volumeName, `pv.kubernetes.io/bind-completed: "yes"` (+ bound-by-controller) and status Bound with the
 *   volume's capacity and access modes;
 * - a claim of a WaitForFirstConsumer class waits for the scheduler's `volume.kubernetes.io/selected-node`:
 *   until then `WaitForFirstConsumer` `waiting for first consumer to be created before binding`;
 * - no volume, and a class with a provisioner: the claim is annotated with
 *   `volume.kubernetes.io/storage-provisioner` (and the beta key) and gets `ExternalProvisioning`
 *   `Waiting for a volume to be created either by the external provisioner '<p>' or manually by the system
 *   administrator. If volume creation is delayed, please verify that the provisioner is running and
 *   correctly registered.`; no class at all: `FailedBinding` `no persistent volumes available for this
 *   claim and no storage class is set`;
 * - a bound claim whose volume is gone is Lost (`ClaimLost`, `Bound claim has lost its PersistentVolume.
 *   Data on the volume is lost!`);
 * - a volume whose claim is gone is Released, then reclaimed: Retain keeps it Released; Delete deletes it
 *   (volumes an external provisioner made are left to that provisioner). Phase changes stamp
 *   status.lastPhaseTransitionTime.
 * Protection: a claim being deleted keeps `kubernetes.io/pvc-protection` while a pod that is not
 * finished uses it; a volume being deleted keeps `kubernetes.io/pv-protection` while it is Bound.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KObject, Mutable, Pod, StoredObject } from '../types';
import { deepCopy, keyOf, splitKey } from '../types';
import { isStatusError } from '../api/types';
import { milliValue, parseQuantity } from '../api/quantity';
import { selectorMatches } from '../api/selectorMatch';
import { errText } from './internal/util';

export type PVObj = Mutable<PersistentVolume> & StoredObject;
export type PVCObj = Mutable<PersistentVolumeClaim> & StoredObject;
type SCObj = StorageClass & StoredObject;
type PodObj = Pod & StoredObject;

export const AnnBindCompleted = 'pv.kubernetes.io/bind-completed';
export const AnnBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const AnnSelectedNode = 'volume.kubernetes.io/selected-node';
export const AnnStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
export const AnnBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const AnnDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
export const PVCProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const PVProtectionFinalizer = 'kubernetes.io/pv-protection';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** The claim's class: spec.storageClassName, else the beta annotation, else ''. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
}

function storageBytes(q: unknown): number {
  if (q === undefined || q === null) return 0;
  try {
    return milliValue(parseQuantity(q as string)) / 1000;
  } catch {
    return 0;
  }
}

/** The names of the claims a pod's volumes use (persistentVolumeClaim, and generic ephemeral). */
export function podClaims(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(`${pod.metadata?.name}-${v.name}`);
  }
  return out;
}

export class PersistentVolumeController implements Component {
  readonly name = 'persistentvolume-binder-controller';
  static readonly eventSource = 'persistentvolume-controller';
  static readonly user = 'system:serviceaccount:kube-system:persistent-volume-binder';

  readonly claimQueue: WorkQueue;
  readonly volumeQueue: WorkQueue;
  private readonly pvs: Informer<PVObj>;
  private readonly pvcs: Informer<PVCObj>;
  private readonly classes: Informer<SCObj>;
  /** claims that already had their waiting event, so a resync does not repeat it */
  private readonly told = new Map<string, string>();

  constructor(private readonly ctx: ComponentContext) {
    this.pvs = ctx.informers.informer<PVObj>('persistentvolumes');
    this.pvcs = ctx.informers.informer<PVCObj>('persistentvolumeclaims');
    this.classes = ctx.informers.informer<SCObj>('storageclasses');
    this.claimQueue = ctx.newQueue('claims', (k) => this.syncClaimKey(k));
    this.volumeQueue = ctx.newQueue('volumes', (k) => this.syncVolumeKey(k));
  }

  start(): void {
    this.pvcs.addEventHandler({
      add: (c) => this.claimQueue.add(keyOf(c)),
      update: (o, c) => {
        if (o.metadata.resourceVersion !== c.metadata.resourceVersion) this.claimQueue.add(keyOf(c));
      },
      delete: (c) => {
        this.told.delete(keyOf(c));
        if (c.spec?.volumeName) this.volumeQueue.add(c.spec.volumeName);
      },
    });
    this.pvs.addEventHandler({
      add: (v) => this.volumeQueue.add(v.metadata.name),
      update: (o, v) => {
        if (o.metadata.resourceVersion !== v.metadata.resourceVersion) this.volumeQueue.add(v.metadata.name);
      },
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref?.namespace && ref.name) this.claimQueue.add(`${ref.namespace}/${ref.name}`);
      },
    });
    this.classes.addEventHandler({});
    this.ctx.informers.start();
  }

  private synced(): boolean {
    return this.pvs.hasSynced() && this.pvcs.hasSynced() && this.classes.hasSynced();
  }

  private syncClaimKey(key: string): void {
    if (!this.synced()) {
      this.ctx.clock.after(100, 'pv-controller: wait for sync', () => this.claimQueue.add(key));
      return;
    }
    const pvc = this.pvcs.get(key);
    if (!pvc || pvc.metadata.deletionTimestamp) return;
    if (pvc.spec?.volumeName) this.syncBoundClaim(pvc);
    else this.syncUnboundClaim(pvc);
  }

  private eventOnce(pvc: PVCObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const k = keyOf(pvc);
    if (this.told.get(k) === reason) return;
    this.told.set(k, reason);
    this.ctx.recorder.event(pvc, type, reason, message);
  }

  private isDelayBinding(pvc: PVCObj): boolean {
    const cls = claimClass(pvc);
    return !!cls && this.classes.get(cls)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** findBestMatchForClaim. */
  private findMatch(pvc: PVCObj, delay: boolean): PVObj | undefined {
    const cls = claimClass(pvc);
    const want = storageBytes(pvc.spec?.resources?.requests?.storage);
    const modes = pvc.spec?.accessModes ?? [];
    let best: PVObj | undefined;
    for (const pv of this.pvs.list()) {
      if (pv.metadata.deletionTimestamp) continue;
      const ref = pv.spec?.claimRef;
      const preBound = !!ref && ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid);
      if (ref && !preBound) continue;
      if (preBound) return pv;
      if (delay) continue; // the scheduler picks volumes for delayed claims
      if ((pv.spec?.storageClassName ?? '') !== cls) continue;
      if (pv.status?.phase && pv.status.phase !== 'Available') continue;
      if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) continue;
      const size = storageBytes(pv.spec?.capacity?.storage);
      if (size < want) continue;
      if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
      if (pvc.spec?.selector && !selectorMatches(pvc.spec.selector, pv.metadata.labels)) continue;
      if (!best || size < storageBytes(best.spec?.capacity?.storage)) best = pv;
    }
    return best;
  }

  private syncUnboundClaim(pvc: PVCObj): void {
    const delay = this.isDelayBinding(pvc);
    const selected = pvc.metadata.annotations?.[AnnSelectedNode];
    const pv = this.findMatch(pvc, delay && !selected);
    if (pv) {
      this.bind(pv, pvc);
      return;
    }
    if (pvc.status?.phase !== 'Pending') this.setClaimPhase(pvc, 'Pending');
    if (delay && !selected) {
      this.eventOnce(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      return;
    }
    const cls = claimClass(pvc);
    const sc = cls ? this.classes.get(cls) : undefined;
    if (sc && sc.provisioner && sc.provisioner !== NO_PROVISIONER) {
      if (pvc.metadata.annotations?.[AnnStorageProvisioner] !== sc.provisioner) {
        try {
          this.ctx.client.update('persistentvolumeclaims', withMetadata(pvc, { annotations: { ...(pvc.metadata.annotations ?? {}), [AnnStorageProvisioner]: sc.provisioner, [AnnBetaStorageProvisioner]: sc.provisioner } }));
        } catch (e) {
          if (!isStatusError(e, 'NotFound')) throw e;
          return;
        }
      }
      this.eventOnce(
        pvc,
        'Normal',
        'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      );
      return;
    }
    if (!cls) this.eventOnce(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    else if (!sc) this.eventOnce(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${cls}" not found`);
    else this.eventOnce(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  }

  private syncBoundClaim(pvc: PVCObj): void {
    const pv = this.pvs.get(pvc.spec!.volumeName!);
    if (!pv) {
      if (pvc.status?.phase !== 'Lost') {
        this.setClaimPhase(pvc, 'Lost');
        this.ctx.recorder.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      }
      return;
    }
    const ref = pv.spec?.claimRef;
    if (!ref || (ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) {
      this.bind(pv, pvc);
      return;
    }
    // The volume is bound to someone else: the claim waits.
    if (pvc.status?.phase !== 'Lost') this.setClaimPhase(pvc, 'Lost');
  }

  /** bind: volume first (claimRef, Bound), then the claim (volumeName, annotations, Bound). */
  private bind(pv: PVObj, pvc: PVCObj): void {
    const ts = this.ctx.clock.timestamp();
    let vol = pv;
    const ref = pv.spec?.claimRef;
    if (!ref || ref.uid !== pvc.metadata.uid) {
      const next = deepCopy(pv) as PVObj;
      next.spec!.claimRef = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion };
      if (!ref) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [AnnBoundByController]: 'yes' };
      vol = this.ctx.client.update<PVObj>('persistentvolumes', next);
    }
    if (vol.status?.phase !== 'Bound') {
      const next = deepCopy(vol) as PVObj;
      next.status = { ...(next.status ?? {}), phase: 'Bound', lastPhaseTransitionTime: ts } as PVObj['status'];
      vol = this.ctx.client.update<PVObj>('persistentvolumes', next, { subresource: 'status' });
    }
    let claim = pvc;
    const ann = pvc.metadata.annotations ?? {};
    if (pvc.spec?.volumeName !== vol.metadata.name || ann[AnnBindCompleted] !== 'yes') {
      const next = deepCopy(pvc) as PVCObj;
      const byController = !pvc.spec?.volumeName;
      next.spec = { ...(next.spec ?? {}), volumeName: vol.metadata.name };
      next.metadata.annotations = { ...ann, [AnnBindCompleted]: 'yes', ...(byController ? { [AnnBoundByController]: 'yes' } : {}) };
      claim = this.ctx.client.update<PVCObj>('persistentvolumeclaims', next);
    }
    if (claim.status?.phase !== 'Bound') {
      const next = deepCopy(claim) as PVCObj;
      next.status = { ...(next.status ?? {}), phase: 'Bound', accessModes: vol.spec?.accessModes, capacity: vol.spec?.capacity };
      this.ctx.client.update('persistentvolumeclaims', next, { subresource: 'status' });
    }
    this.told.delete(keyOf(pvc));
  }

  private setClaimPhase(pvc: PVCObj, phase: 'Pending' | 'Lost'): void {
    const next = deepCopy(pvc) as PVCObj;
    next.status = { ...(next.status ?? {}), phase };
    try {
      this.ctx.client.update('persistentvolumeclaims', next, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }

  private setVolumePhase(pv: PVObj, phase: 'Available' | 'Released' | 'Failed', message?: string): PVObj | undefined {
    if (pv.status?.phase === phase) return pv;
    const next = deepCopy(pv) as PVObj;
    next.status = { phase, lastPhaseTransitionTime: this.ctx.clock.timestamp(), ...(message ? { message } : {}) } as PVObj['status'];
    try {
      return this.ctx.client.update<PVObj>('persistentvolumes', next, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
      return undefined;
    }
  }

  private syncVolumeKey(name: string): void {
    if (!this.synced()) {
      this.ctx.clock.after(100, 'pv-controller: wait for sync', () => this.volumeQueue.add(name));
      return;
    }
    const pv = this.pvs.get(name);
    if (!pv || pv.metadata.deletionTimestamp) return;
    const ref = pv.spec?.claimRef;
    if (!ref) {
      this.setVolumePhase(pv, 'Available');
      return;
    }
    const claimKey = `${ref.namespace}/${ref.name}`;
    const claim = this.pvcs.get(claimKey);
    if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) {
      if (!claim.spec?.volumeName) this.claimQueue.add(claimKey);
      else if (pv.status?.phase !== 'Bound' && claim.spec.volumeName === pv.metadata.name) this.claimQueue.add(claimKey);
      if (!ref.uid && pv.status?.phase !== 'Available' && !claim.spec?.volumeName) this.setVolumePhase(pv, 'Available');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by an admin to a claim that does not exist yet: Available for it.
      this.setVolumePhase(pv, 'Available');
      return;
    }
    // The claim is gone: the volume is released and reclaimed.
    let cur: PVObj | undefined = pv;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') cur = this.setVolumePhase(pv, 'Released');
    if (!cur) return;
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Delete') {
      if (pv.metadata.annotations?.[AnnDynamicallyProvisioned]) return; // its provisioner deletes it
      try {
        this.ctx.client.delete('persistentvolumes', undefined, pv.metadata.name);
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) this.ctx.recorder.event(pv, 'Warning', 'VolumeFailedDelete', errText(e));
      }
    } else if (policy === 'Recycle') {
      this.ctx.recorder.event(pv, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
    }
  }
}

/** PVCProtectionController: lets a deleted claim go once no unfinished pod uses it. */
export class PVCProtectionController implements Component {
  readonly name = 'persistentvolumeclaim-protection-controller';
  static readonly eventSource = 'pvc-protection-controller';
  static readonly user = 'system:serviceaccount:kube-system:pvc-protection-controller';

  readonly queue: WorkQueue;
  private readonly pvcs: Informer<PVCObj>;
  private readonly pods: Informer<PodObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.pvcs = ctx.informers.informer<PVCObj>('persistentvolumeclaims');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.queue = ctx.newQueue('pvcprotection', (k) => this.sync(k));
  }

  start(): void {
    this.pvcs.addEventHandler({
      add: (c) => this.consider(c),
      update: (_o, c) => this.consider(c),
    });
    const onPod = (p: PodObj) => {
      for (const c of podClaims(p)) this.queue.add(`${p.metadata.namespace}/${c}`);
    };
    this.pods.addEventHandler({ update: (_o, p) => onPod(p), delete: onPod });
    this.ctx.informers.start();
  }

  private consider(c: PVCObj): void {
    if (c.metadata.deletionTimestamp && (c.metadata.finalizers ?? []).includes(PVCProtectionFinalizer)) this.queue.add(keyOf(c));
  }

  private sync(key: string): void {
    const c = this.pvcs.get(key);
    if (!c || !c.metadata.deletionTimestamp || !(c.metadata.finalizers ?? []).includes(PVCProtectionFinalizer)) return;
    const { namespace, name } = splitKey(key);
    const inUse = this.pods.list(namespace).some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && podClaims(p).includes(name));
    if (inUse) return;
    const fin = (c.metadata.finalizers ?? []).filter((f) => f !== PVCProtectionFinalizer);
    try {
      this.ctx.client.update('persistentvolumeclaims', withMetadata(c, { finalizers: fin }));
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}

/** PVProtectionController: lets a deleted volume go once it is no longer Bound. */
export class PVProtectionController implements Component {
  readonly name = 'persistentvolume-protection-controller';
  static readonly eventSource = 'pv-protection-controller';
  static readonly user = 'system:serviceaccount:kube-system:pv-protection-controller';

  readonly queue: WorkQueue;
  private readonly pvs: Informer<PVObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.pvs = ctx.informers.informer<PVObj>('persistentvolumes');
    this.queue = ctx.newQueue('pvprotection', (k) => this.sync(k));
  }

  start(): void {
    const consider = (v: PVObj) => {
      if (v.metadata.deletionTimestamp && (v.metadata.finalizers ?? []).includes(PVProtectionFinalizer)) this.queue.add(v.metadata.name);
    };
    this.pvs.addEventHandler({ add: consider, update: (_o, v) => consider(v) });
    this.ctx.informers.start();
  }

  private sync(name: string): void {
    const v = this.pvs.get(name);
    if (!v || !v.metadata.deletionTimestamp || v.status?.phase === 'Bound') return;
    const fin = (v.metadata.finalizers ?? []).filter((f) => f !== PVProtectionFinalizer);
    try {
      this.ctx.client.update('persistentvolumes', withMetadata(v, { finalizers: fin }));
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}

/**
 * The object with its metadata changed, for an Update as the real controllers send (their roles grant
 * `update`, not `patch`); without a resourceVersion, so it applies as the controller's view allows.
 */
function withMetadata(obj: StoredObject, change: Partial<StoredObject['metadata']>): KObject {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return { ...obj, metadata: { ...meta, ...change } } as KObject;
}
