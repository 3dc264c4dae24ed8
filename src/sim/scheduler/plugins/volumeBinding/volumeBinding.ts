/**
 * VolumeBinding (plugins/volumebinding), to the extent the storage objects exist: kubetab stores
 * PVCs, PVs and StorageClasses but runs no PV controller or provisioner yet.
 *
 * PreFilter: Skip for pods without claims. A missing claim is `persistentvolumeclaim "x" not found`
 * (for a generic ephemeral volume: waiting for the ephemeral volume controller), a lost or deleting
 * claim is named too — all UnschedulableAndUnresolvable, which fails the whole cycle. Claims that are
 * unbound and bind Immediately give `pod has unbound immediate PersistentVolumeClaims`.
 * Filter: a bound claim's PV must exist and its node affinity must accept the node (`node(s) had
 * volume node affinity conflict`); a WaitForFirstConsumer claim needs a free PV of its class that fits
 * (size, access modes, node affinity) or a class that provisions dynamically and whose
 * allowedTopologies accept the node (`node(s) didn't find available persistent volumes to bind`).
 * Score is only active behind the alpha VolumeCapacityPriority gate (off), so PreScore skips.
 * PreBind: for a dynamically provisioned claim, records the chosen node in the
 * `volume.kubernetes.io/selected-node` annotation, as the real binder does; waiting for the
 * provisioner is not modelled.
 */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { Node, Pod } from '../../../types';
import type { CycleState, StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import type { FilterPlugin, Handle, PreBindPlugin, PreFilterPlugin, PreScorePlugin, ReservePlugin, ScorePlugin } from '../../framework/interface';
import { Status, asStatus } from '../../framework/status';
import { nodeSelectorTermsMatch } from '../helper/nodeSelector';
import { milliValue } from '../../internal/quantity';
import { claimClass, getPV, getPVC, getStorageClass, isDelayBinding, podClaimNames } from '../helper/volumes';

export const name = 'VolumeBinding';
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';
const stateKey = 'PreFilter' + name;
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

class PreFilterState implements StateData {
  constructor(readonly bound: PersistentVolumeClaim[], readonly delayed: PersistentVolumeClaim[]) {}
  clone(): StateData { return this; }
}

function pvNodeAffinityMatches(pv: PersistentVolume, node: Node): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return nodeSelectorTermsMatch(terms as never, node);
}

function storageOf(q: string | number | undefined): number {
  return q === undefined ? 0 : milliValue(q) / 1000;
}

export function newVolumeBinding(_args: unknown, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & PreBindPlugin {
  const listers = handle.listers;

  /** A free PV for a delayed claim on this node, or undefined. */
  function findMatchingVolume(pvc: PersistentVolumeClaim, node: Node, taken: Set<string>): PersistentVolume | undefined {
    const cls = claimClass(pvc);
    const want = storageOf(pvc.spec?.resources?.requests?.storage);
    const modes = pvc.spec?.accessModes ?? [];
    let best: PersistentVolume | undefined;
    for (const pv of listers.list<PersistentVolume>('persistentvolumes')) {
      const pvName = pv.metadata?.name ?? '';
      if (taken.has(pvName) || pv.metadata?.deletionTimestamp) continue;
      const ref = pv.spec?.claimRef;
      if (ref && !(ref.namespace === pvc.metadata?.namespace && ref.name === pvc.metadata?.name)) continue;
      if ((pv.spec?.storageClassName ?? '') !== cls) continue;
      if (pv.status?.phase && pv.status.phase !== 'Available' && !ref) continue;
      const size = storageOf(pv.spec?.capacity?.storage);
      if (size < want) continue;
      if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
      if (!pvNodeAffinityMatches(pv, node)) continue;
      // The smallest volume that fits wins.
      if (!best || size < storageOf(best.spec?.capacity?.storage)) best = pv;
    }
    return best;
  }

  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const claims = podClaimNames(pod);
      if (claims.length === 0) return { result: null, status: new Status('Skip') };
      const ns = pod.metadata?.namespace;
      const bound: PersistentVolumeClaim[] = [];
      const delayed: PersistentVolumeClaim[] = [];
      let unboundImmediate = 0;
      for (const c of claims) {
        const pvc = getPVC(listers, ns, c.name);
        if (!pvc) {
          const msg = c.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim ${JSON.stringify(c.name)}` : `persistentvolumeclaim ${JSON.stringify(c.name)} not found`;
          return { result: null, status: new Status('UnschedulableAndUnresolvable', [msg]) };
        }
        if (pvc.status?.phase === 'Lost') return { result: null, status: new Status('UnschedulableAndUnresolvable', [`persistentvolumeclaim ${JSON.stringify(c.name)} bound to non-existent persistentvolume ${JSON.stringify(pvc.spec?.volumeName ?? '')}`]) };
        if (pvc.metadata?.deletionTimestamp) return { result: null, status: new Status('UnschedulableAndUnresolvable', [`persistentvolumeclaim ${JSON.stringify(c.name)} is being deleted`]) };
        if (pvc.spec?.volumeName) bound.push(pvc);
        else if (isDelayBinding(listers, pvc)) delayed.push(pvc);
        else unboundImmediate++;
      }
      if (unboundImmediate > 0) return { result: null, status: new Status('UnschedulableAndUnresolvable', [ErrReasonUnboundImmediate]) };
      state.write(stateKey, new PreFilterState(bound, delayed));
      return { result: null, status: null };
    },
    filter(state, _pod, nodeInfo) {
      const s = state.read<PreFilterState>(stateKey);
      const node = nodeInfo.node;
      if (!node) return new Status('Error', ['node not found']);
      const reasons: string[] = [];
      for (const pvc of s.bound) {
        const pv = getPV(listers, pvc.spec!.volumeName!);
        if (!pv) return asStatus(new Error(`pv ${JSON.stringify(pvc.spec!.volumeName)} not found`));
        if (!pvNodeAffinityMatches(pv, node)) { reasons.push(ErrReasonNodeConflict); break; }
      }
      const taken = new Set<string>();
      for (const pvc of s.delayed) {
        const pv = findMatchingVolume(pvc, node, taken);
        if (pv) { taken.add(pv.metadata?.name ?? ''); continue; }
        const cls = getStorageClass(listers, claimClass(pvc));
        const provisioner = cls?.provisioner ?? '';
        const dynamic = provisioner !== '' && provisioner !== 'kubernetes.io/no-provisioner';
        const topo = cls?.allowedTopologies;
        const topoOk = !topo?.length || nodeSelectorTermsMatch(topo.map((t) => ({ matchExpressions: (t.matchLabelExpressions ?? []).map((e) => ({ key: e.key, operator: 'In', values: [...e.values] })) })), node);
        if (!dynamic || !topoOk) { reasons.push(ErrReasonBindConflict); break; }
      }
      return reasons.length ? new Status('UnschedulableAndUnresolvable', reasons) : null;
    },
    // VolumeCapacityPriority (alpha) is off: the plugin never scores.
    preScore() { return new Status('Skip'); },
    score() { return 0; },
    // Reserve would assume the chosen PVs in the binder's cache; with no PV controller there is
    // nothing to assume, so both halves are no-ops (kept so the trace shows the real points).
    reserve() { return null; },
    unreserve() {},
    preBind(state, pod, nodeName) {
      const s = state.tryRead<PreFilterState>(stateKey);
      if (!s) return null;
      for (const pvc of s.delayed) {
        if (pvc.metadata?.annotations?.[ANN_SELECTED_NODE] === nodeName) continue;
        try {
          handle.client.patch('persistentvolumeclaims', pod.metadata?.namespace, pvc.metadata?.name ?? '', { metadata: { annotations: { [ANN_SELECTED_NODE]: nodeName } } }, { type: 'merge' });
        } catch (e) {
          return asStatus(e);
        }
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdatePodLabel },
      { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdatePodLabel },
      { resource: 'StorageClass', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
      { resource: 'CSINode', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint },
    ],
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & PreBindPlugin;
}
