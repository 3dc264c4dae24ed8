/**
 * VolumeRestrictions (plugins/volumerestrictions): volumes that cannot be shared.
 * - In-tree disks (GCE PD, AWS EBS, iSCSI, RBD): two pods on one node may not use the same disk
 *   unless both mount it read-only (EBS: never) — `node(s) had no available disk` (Unschedulable).
 * - ReadWriteOncePod claims: only one pod in the whole cluster may use such a claim —
 *   `node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode`
 *   (UnschedulableAndUnresolvable from PreFilter: preemption of that pod is not modelled).
 * A claim that does not exist fails PreFilter with the lister's `persistentvolumeclaim "x" not found`.
 */
import type { Volume } from 'kubernetes-types/core/v1';
import type { Pod } from '../../../types';
import type { CycleState, StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import type { FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { getPVC } from '../helper/volumes';

export const name = 'VolumeRestrictions';
export const ErrReasonDiskConflict = 'node(s) had no available disk';
export const ErrReasonReadWriteOncePodConflict = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const preFilterStateKey = 'PreFilter' + name;

class PreFilterState implements StateData {
  clone(): StateData { return this; }
}

function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi || v.persistentVolumeClaim);
}

/** isVolumeConflict: the same disk used by both, not read-only on both sides. */
export function isVolumeConflict(v: Volume, other: Pod): boolean {
  for (const e of other.spec?.volumes ?? []) {
    if (v.gcePersistentDisk && e.gcePersistentDisk) {
      if (v.gcePersistentDisk.pdName === e.gcePersistentDisk.pdName && !(v.gcePersistentDisk.readOnly && e.gcePersistentDisk.readOnly)) return true;
    }
    if (v.awsElasticBlockStore && e.awsElasticBlockStore) {
      if (v.awsElasticBlockStore.volumeID === e.awsElasticBlockStore.volumeID) return true;
    }
    if (v.iscsi && e.iscsi) {
      if (v.iscsi.iqn === e.iscsi.iqn && !(v.iscsi.readOnly && e.iscsi.readOnly)) return true;
    }
    if (v.rbd && e.rbd) {
      const sameMon = (v.rbd.monitors ?? []).some((m) => (e.rbd!.monitors ?? []).includes(m));
      if (sameMon && (v.rbd.pool ?? 'rbd') === (e.rbd.pool ?? 'rbd') && v.rbd.image === e.rbd.image && !(v.rbd.readOnly && e.rbd.readOnly)) return true;
    }
  }
  return false;
}

export function newVolumeRestrictions(_args: unknown, handle: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const vols = pod.spec?.volumes ?? [];
      if (!vols.some(needsRestrictionsCheck)) return { result: null, status: new Status('Skip') };
      const ns = pod.metadata?.namespace;
      for (const v of vols) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (!claim) continue;
        const pvc = getPVC(handle.listers, ns, claim);
        if (!pvc) return { result: null, status: new Status('UnschedulableAndUnresolvable', [`persistentvolumeclaim ${JSON.stringify(claim)} not found`]) };
        if (!(pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) continue;
        // Any other pod in the cluster using the claim is a conflict.
        for (const ni of handle.snapshot().nodeInfoList) {
          for (const pi of ni.pods) {
            if (pi.pod.metadata?.namespace !== ns || pi.pod.metadata?.uid === pod.metadata?.uid) continue;
            if ((pi.pod.spec?.volumes ?? []).some((x) => x.persistentVolumeClaim?.claimName === claim)) {
              return { result: null, status: new Status('UnschedulableAndUnresolvable', [ErrReasonReadWriteOncePodConflict]) };
            }
          }
        }
      }
      state.write(preFilterStateKey, new PreFilterState());
      return { result: null, status: null };
    },
    filter(_state, pod, nodeInfo) {
      for (const v of pod.spec?.volumes ?? []) {
        if (!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi)) continue;
        for (const pi of nodeInfo.pods) if (isVolumeConflict(v, pi.pod)) return new Status('Unschedulable', [ErrReasonDiskConflict]);
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'Pod', actionType: ActionType.Delete },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add },
      { resource: 'Node', actionType: ActionType.Add },
    ],
  } satisfies PreFilterPlugin & FilterPlugin;
}
