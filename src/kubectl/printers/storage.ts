/** Tables for StorageClasses, PersistentVolumeClaims and PersistentVolumes, with 1.31's columns. */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { KObject } from '../../sim/types';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

const age = (o: KObject, ctx: PrintContext): string => ageSince(o.metadata?.creationTimestamp, ctx.nowMs);

const MODE_ABBREVIATIONS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** Access modes as kubectl abbreviates them, in its fixed order. */
function accessModes(modes: readonly string[] | undefined): string {
  const order = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
  return order.filter((m) => modes?.includes(m)).map((m) => MODE_ABBREVIATIONS[m]).join(',');
}

const isDefaultClass = (sc: StorageClass): boolean =>
  sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || sc.metadata?.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';

export const storageClassPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, { name: 'Age' }],
  row: (o, ctx) => {
    const sc = o as unknown as StorageClass;
    const name = `${sc.metadata?.name ?? ''}${isDefaultClass(sc) ? ' (default)' : ''}`;
    return [name, sc.provisioner, sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', String(sc.allowVolumeExpansion ?? false), age(o, ctx)];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    { name: 'Name', isName: true }, { name: 'Status' }, { name: 'Volume' }, { name: 'Capacity' }, { name: 'Access Modes' },
    { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row: (o, ctx) => {
    const pvc = o as PersistentVolumeClaim;
    const bound = !!pvc.spec?.volumeName;
    const phase = o.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '';
    const cells = [
      pvc.metadata?.name ?? '', phase, pvc.spec?.volumeName ?? '',
      bound ? String(pvc.status?.capacity?.storage ?? '') : '', bound ? accessModes(pvc.status?.accessModes) : '',
      pvc.spec?.storageClassName ?? '', pvc.spec?.volumeAttributesClassName ?? '<unset>', age(o, ctx),
    ];
    if (ctx.wide) cells.push(pvc.spec?.volumeMode ?? 'Filesystem');
    return cells;
  },
};

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    { name: 'Name', isName: true }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'Reclaim Policy' }, { name: 'Status' }, { name: 'Claim' },
    { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Reason' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row: (o, ctx) => {
    const pv = o as PersistentVolume;
    const ref = pv.spec?.claimRef;
    const phase = o.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '';
    const cells = [
      pv.metadata?.name ?? '', String(pv.spec?.capacity?.storage ?? ''), accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, ref ? `${ref.namespace}/${ref.name}` : '', pv.spec?.storageClassName ?? '', pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', age(o, ctx),
    ];
    if (ctx.wide) cells.push(pv.spec?.volumeMode ?? 'Filesystem');
    return cells;
  },
};
