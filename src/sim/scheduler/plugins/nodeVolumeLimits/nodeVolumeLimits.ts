/**
 * NodeVolumeLimits (plugins/nodevolumelimits, csi.go) and the in-tree EBSLimits, GCEPDLimits and
 * AzureDiskLimits (non_csi.go).
 *
 * NodeVolumeLimits: for each CSI driver, the unique volumes the node's pods already attach plus the
 * pod's new ones may not exceed the node's CSINode `drivers[].allocatable.count`:
 * `node(s) exceed max volume count` (Unschedulable). A volume is CSI when its bound PV has
 * `spec.csi`. Without CSINode objects (kubetab has no CSI drivers yet) there is no limit.
 *
 * The three in-tree plugins are still in the 1.31 default profile (removed in 1.32), but their
 * volume types are migrated to CSI, so they never reject a pod: present, and trivially passing.
 */
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import type { CSINode } from 'kubernetes-types/storage/v1';
import type { Pod } from '../../../types';
import { ActionType } from '../../framework/events';
import type { FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { getPV, getPVC, podClaimNames } from '../helper/volumes';

export const name = 'NodeVolumeLimits';
export const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';

/** driver → unique volume handles the pod uses. */
function csiVolumes(pod: Pod, handle: Handle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of podClaimNames(pod)) {
    const pvc = getPVC(handle.listers, pod.metadata?.namespace, c.name);
    const pvName = pvc?.spec?.volumeName;
    if (!pvName) continue;
    const pv: PersistentVolume | undefined = getPV(handle.listers, pvName);
    const csi = pv?.spec?.csi;
    if (!csi) continue;
    let set = out.get(csi.driver);
    if (!set) out.set(csi.driver, (set = new Set()));
    set.add(`${csi.driver}/${csi.volumeHandle}`);
  }
  return out;
}

/** In-tree volume types that CSI migration turns into CSI volumes (counted against CSI limits). */
function isInlineMigratable(v: NonNullable<Pod['spec']>['volumes'] extends (infer V)[] | undefined ? V : never): boolean {
  return !!(v.awsElasticBlockStore || v.gcePersistentDisk || v.azureDisk || v.cinder || v.vsphereVolume || v.portworxVolume);
}

export function newNodeVolumeLimits(_args: unknown, handle: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name,
    preFilter(_state, pod) {
      // Only claims (and migratable in-tree disks) count against a node's attach limits.
      for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim || v.ephemeral || isInlineMigratable(v)) return { result: null, status: null };
      return { result: null, status: new Status('Skip') };
    },
    filter(_state, pod, nodeInfo) {
      const csiNode = handle.listers.get<CSINode>('csinodes', undefined, nodeInfo.name);
      if (!csiNode?.spec?.drivers?.length) return null;
      const mine = csiVolumes(pod, handle);
      if (mine.size === 0) return null;
      for (const d of csiNode.spec.drivers) {
        const limit = d.allocatable?.count;
        const want = mine.get(d.name);
        if (limit === undefined || !want) continue;
        const used = new Set<string>();
        for (const pi of nodeInfo.pods) for (const h of csiVolumes(pi.pod, handle).get(d.name) ?? []) used.add(h);
        const fresh = [...want].filter((h) => !used.has(h)).length;
        if (used.size + fresh > limit) return new Status('Unschedulable', [ErrReasonMaxVolumeCountExceeded]);
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'CSINode', actionType: ActionType.Add },
      { resource: 'Pod', actionType: ActionType.Delete },
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add },
    ],
  } satisfies PreFilterPlugin & FilterPlugin;
}

/** EBSLimits / GCEPDLimits / AzureDiskLimits: migrated to CSI in 1.31, so they never reject. */
export function newInTreeVolumeLimits(pluginName: 'EBSLimits' | 'GCEPDLimits' | 'AzureDiskLimits'): PreFilterPlugin & FilterPlugin {
  return {
    name: pluginName,
    preFilter(_state, pod) {
      // Runs only for pods with a claim or a volume of the plugin's own in-tree type.
      const own = pluginName === 'EBSLimits' ? 'awsElasticBlockStore' : pluginName === 'GCEPDLimits' ? 'gcePersistentDisk' : 'azureDisk';
      for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim || v.ephemeral || (v as Record<string, unknown>)[own]) return { result: null, status: null };
      return { result: null, status: new Status('Skip') };
    },
    filter() {
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
