/**
 * VolumeZone (plugins/volumezone): a pod whose bound PersistentVolumes carry zone or region labels
 * fits only nodes in those zones/regions. A node with none of the topology labels passes (it has no
 * zone to conflict with). Label values may list several zones joined by `__`.
 */
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { Pod } from '../../../types';
import type { CycleState, StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import type { FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { getPV, getPVC, isDelayBinding, podClaimNames } from '../helper/volumes';

export const name = 'VolumeZone';
export const ErrReasonConflict = 'node(s) had no available volume zone';
const preFilterStateKey = 'PreFilter' + name;

/** The labels VolumeZone compares, GA first then the deprecated beta ones. */
export const TOPOLOGY_LABELS = [
  'topology.kubernetes.io/zone', 'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region',
];

interface PVTopology { key: string; values: Set<string> }

class PreFilterState implements StateData {
  constructor(readonly topologies: PVTopology[]) {}
  clone(): StateData { return this; }
}

export function newVolumeZone(_args: unknown, handle: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const claims = podClaimNames(pod);
      if (claims.length === 0) return { result: null, status: new Status('Skip') };
      const tops: PVTopology[] = [];
      for (const c of claims) {
        const pvc = getPVC(handle.listers, pod.metadata?.namespace, c.name);
        if (!pvc) return { result: null, status: new Status('UnschedulableAndUnresolvable', [`persistentvolumeclaim ${JSON.stringify(c.name)} not found`]) };
        const pvName = pvc.spec?.volumeName ?? '';
        if (!pvName) {
          // Not bound yet: fine when binding waits for the first consumer; VolumeBinding reports the rest.
          if (isDelayBinding(handle.listers, pvc)) continue;
          return { result: null, status: new Status('UnschedulableAndUnresolvable', ['PersistentVolumeClaim had no pv name and storageClass name']) };
        }
        const pv: PersistentVolume | undefined = getPV(handle.listers, pvName);
        if (!pv) return { result: null, status: new Status('UnschedulableAndUnresolvable', [`PersistentVolume was not found: ${JSON.stringify(pvName)}`]) };
        for (const key of TOPOLOGY_LABELS) {
          const v = pv.metadata?.labels?.[key];
          if (v !== undefined) tops.push({ key, values: new Set(v.split('__')) });
        }
      }
      if (tops.length === 0) return { result: null, status: new Status('Skip') };
      state.write(preFilterStateKey, new PreFilterState(tops));
      return { result: null, status: null };
    },
    filter(state, _pod, nodeInfo) {
      const s = state.read<PreFilterState>(preFilterStateKey);
      const labels = nodeInfo.node?.metadata?.labels ?? {};
      if (!TOPOLOGY_LABELS.some((k) => labels[k] !== undefined)) return null;
      for (const t of s.topologies) {
        const v = labels[t.key];
        if (v === undefined || !t.values.has(v)) return new Status('UnschedulableAndUnresolvable', [ErrReasonConflict]);
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'StorageClass', actionType: ActionType.Add },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.UpdatePodLabel },
      { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
    ],
  } satisfies PreFilterPlugin & FilterPlugin;
}
