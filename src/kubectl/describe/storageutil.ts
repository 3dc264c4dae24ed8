/** kubectl's storage helpers: a claim's or volume's class, access modes as RWO/ROX/RWX/RWOP. */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolumeClaimClass: the beta annotation wins, then spec.storageClassName. */
export function pvcClass(pvc: PersistentVolumeClaim): string {
  const a = pvc.metadata?.annotations?.[BETA_CLASS];
  if (a !== undefined) return a;
  return pvc.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClass: likewise for a volume. */
export function pvClass(pv: PersistentVolume): string {
  const a = pv.metadata?.annotations?.[BETA_CLASS];
  if (a !== undefined) return a;
  return pv.spec?.storageClassName ?? '';
}

const MODES: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: the abbreviations in a fixed order, duplicates dropped. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const have = new Set(modes ?? []);
  return MODES.filter(([m]) => have.has(m))
    .map(([, a]) => a)
    .join(',');
}
