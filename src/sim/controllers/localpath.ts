/**
 * The local-path provisioner kind ships (rancher/local-path-provisioner, provisioner name
 * `rancher.io/local-path`), simulated as a component: it makes a hostPath PersistentVolume on the node
 * the scheduler chose for each claim of its classes, and deletes the volumes it made once released.
 *
 * Facts carried over:
 * - it acts on claims annotated `volume.kubernetes.io/storage-provisioner: rancher.io/local-path` by the
 *   binder and needs `volume.kubernetes.io/selected-node` (it supports WaitForFirstConsumer only; an
 *   Immediate claim fails with `configuration error, no node was specified`);
 * - events on the claim from `rancher.io/local-path_<provisioner pod>_<id>`: `Provisioning`
 *   `External provisioner is provisioning volume for claim "<ns>/<name>"`, then `ProvisioningSucceeded`
 *   `Successfully provisioned volume pvc-<claim uid>`;
 * - the volume: name `pvc-<claim uid>`, hostPath `/var/local-path-provisioner/pvc-<uid>_<ns>_<name>`
 *   (DirectoryOrCreate), node affinity `kubernetes.io/hostname In [<node>]`, the claim's access modes and
 *   requested size, the class's reclaimPolicy (Delete by default), claimRef to the claim, annotations
 *   `pv.kubernetes.io/provisioned-by: rancher.io/local-path` and `local.path.provisioner/selected-node`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { StoredObject } from '../types';
import { keyOf } from '../types';
import { isStatusError } from '../api/types';
import { AnnDynamicallyProvisioned, AnnSelectedNode, AnnStorageProvisioner, AnnBetaStorageProvisioner, claimClass } from './persistentvolume';
import type { PVCObj, PVObj } from './persistentvolume';
import { errText } from './internal/util';

type SCObj = StorageClass & StoredObject;

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const LOCAL_PATH_ROOT = '/var/local-path-provisioner';

export class LocalPathProvisioner implements Component {
  readonly name = 'local-path-provisioner';
  /** The real one names its pod and a UUID here; the pod of kind's default install. */
  static readonly eventSource = `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-7577fdbbfb-xv2c6_4c1b0a8e-36d2-4d7f-9a51-0d3c6b1e2f70`;
  static readonly user = 'system:serviceaccount:local-path-storage:local-path-provisioner-service-account';

  readonly queue: WorkQueue;
  private readonly pvcs: Informer<PVCObj>;
  private readonly pvs: Informer<PVObj>;
  private readonly classes: Informer<SCObj>;
  private readonly failed = new Set<string>();

  constructor(private readonly ctx: ComponentContext) {
    this.pvcs = ctx.informers.informer<PVCObj>('persistentvolumeclaims');
    this.pvs = ctx.informers.informer<PVObj>('persistentvolumes');
    this.classes = ctx.informers.informer<SCObj>('storageclasses');
    this.queue = ctx.newQueue('local-path-provisioner', (k) => (k.startsWith('pv:') ? this.syncVolume(k.slice(3)) : this.syncClaim(k)));
  }

  start(): void {
    this.pvcs.addEventHandler({ add: (c) => this.queue.add(keyOf(c)), update: (_o, c) => this.queue.add(keyOf(c)) });
    this.pvs.addEventHandler({ add: (v) => this.queue.add(`pv:${v.metadata.name}`), update: (_o, v) => this.queue.add(`pv:${v.metadata.name}`) });
    this.classes.addEventHandler({});
    this.ctx.informers.start();
  }

  private ours(pvc: PVCObj): boolean {
    const ann = pvc.metadata.annotations ?? {};
    return (ann[AnnStorageProvisioner] ?? ann[AnnBetaStorageProvisioner]) === LOCAL_PATH_PROVISIONER;
  }

  private syncClaim(key: string): void {
    const pvc = this.pvcs.get(key);
    if (!pvc || pvc.metadata.deletionTimestamp || pvc.spec?.volumeName || !this.ours(pvc)) return;
    const name = `pvc-${pvc.metadata.uid}`;
    if (this.pvs.get(name)) return;
    const sc = this.classes.get(claimClass(pvc));
    if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return;
    const node = pvc.metadata.annotations?.[AnnSelectedNode];
    const claim = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
    if (!node) {
      if (!this.failed.has(key)) {
        this.failed.add(key);
        this.ctx.recorder.event(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claim}"`);
        this.ctx.recorder.event(pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": configuration error, no node was specified`);
      }
      return;
    }
    this.ctx.recorder.event(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claim}"`);
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name,
        annotations: { [AnnDynamicallyProvisioned]: LOCAL_PATH_PROVISIONER, 'local.path.provisioner/selected-node': node },
      },
      spec: {
        accessModes: [...(pvc.spec?.accessModes ?? ['ReadWriteOnce'])],
        capacity: { storage: (pvc.spec?.resources?.requests?.storage as string | undefined) ?? '1Gi' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion },
        hostPath: { path: `${LOCAL_PATH_ROOT}/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      },
    };
    try {
      this.ctx.client.create('persistentvolumes', pv as never);
      this.ctx.recorder.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
    } catch (e) {
      if (isStatusError(e, 'AlreadyExists')) return;
      this.ctx.recorder.event(pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${errText(e)}`);
      throw e;
    }
  }

  /** Deletes the volumes it made once released (reclaimPolicy Delete). */
  private syncVolume(name: string): void {
    const pv = this.pvs.get(name);
    if (!pv || pv.metadata.deletionTimestamp) return;
    if (pv.metadata.annotations?.[AnnDynamicallyProvisioned] !== LOCAL_PATH_PROVISIONER) return;
    if (pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    try {
      this.ctx.client.delete('persistentvolumes', undefined, name);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}
