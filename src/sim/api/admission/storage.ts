/**
 * The storage admission plugins of a default 1.31 API server:
 * - DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault): a new claim that names
 *   no class gets the class annotated `storageclass.kubernetes.io/is-default-class: "true"` (the newest
 *   one when several are);
 * - StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuseprotection): new claims
 *   get the `kubernetes.io/pvc-protection` finalizer and new volumes `kubernetes.io/pv-protection`.
 */
import type { KObject, StoredObject } from '../../types';

export const IsDefaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
export const BetaIsDefaultStorageClassAnnotation = 'storageclass.beta.kubernetes.io/is-default-class';

function addFinalizer(obj: KObject, f: string): void {
  const m = (obj.metadata ??= {});
  if (!(m.finalizers ?? []).includes(f)) m.finalizers = [...(m.finalizers ?? []), f];
}

export function admitStorageCreate(plural: string, obj: KObject, storageClasses: () => StoredObject[]): void {
  if (plural === 'persistentvolumeclaims') {
    const spec = ((obj as { spec?: { storageClassName?: string | null } }).spec ??= {});
    const beta = obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
    if ((spec.storageClassName === undefined || spec.storageClassName === null) && beta === undefined) {
      const defaults = storageClasses().filter((c) => c.metadata.annotations?.[IsDefaultStorageClassAnnotation] === 'true' || c.metadata.annotations?.[BetaIsDefaultStorageClassAnnotation] === 'true');
      defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name < b.metadata.name ? -1 : 1));
      if (defaults[0]) spec.storageClassName = defaults[0].metadata.name;
    }
    addFinalizer(obj, 'kubernetes.io/pvc-protection');
  } else if (plural === 'persistentvolumes') {
    addFinalizer(obj, 'kubernetes.io/pv-protection');
  }
}
