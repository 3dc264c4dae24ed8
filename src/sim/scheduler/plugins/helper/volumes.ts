/**
 * Reading a pod's PersistentVolumeClaims, their PersistentVolumes and StorageClasses from the
 * scheduler's listers, with the real lister error texts (`persistentvolumeclaim "x" not found`).
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { Pod } from '../../../types';
import type { Listers } from '../../framework/interface';

export type PVC = PersistentVolumeClaim;
export type PV = PersistentVolume;

/** The claims a pod's volumes name: `persistentVolumeClaim.claimName`, or `<pod>-<volume>` for generic ephemeral volumes. */
export function podClaimNames(pod: Pod): { name: string; ephemeral: boolean }[] {
  const out: { name: string; ephemeral: boolean }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.ephemeral) out.push({ name: `${pod.metadata?.name ?? ''}-${v.name}`, ephemeral: true });
    else if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
  }
  return out;
}

export function getPVC(listers: Listers, namespace: string | undefined, name: string): PVC | undefined {
  return listers.get<PVC>('persistentvolumeclaims', namespace, name);
}

export function getPV(listers: Listers, name: string): PV | undefined {
  return listers.get<PV>('persistentvolumes', undefined, name);
}

export function getStorageClass(listers: Listers, name: string): StorageClass | undefined {
  return listers.get<StorageClass>('storageclasses', undefined, name);
}

/** storagehelpers.GetPersistentVolumeClaimClass: spec.storageClassName, else the beta annotation, else ''. */
export function claimClass(pvc: PVC): string {
  return pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
}

/** True when the claim's class binds on first consumer (WaitForFirstConsumer). A missing class is Immediate. */
export function isDelayBinding(listers: Listers, pvc: PVC): boolean {
  const cls = claimClass(pvc);
  if (!cls) return false;
  return getStorageClass(listers, cls)?.volumeBindingMode === 'WaitForFirstConsumer';
}
