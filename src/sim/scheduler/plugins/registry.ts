/**
 * The in-tree registry (plugins/registry.go): every plugin kubetab implements, by name. Adding a
 * plugin = one folder + one line here (+ `implemented: true` in framework/config.ts DEFAULT_MULTIPOINT
 * if it is in the default profile).
 *
 * Still to come for the full 1.31 default profile: SchedulingGates, NodePorts, VolumeRestrictions,
 * EBSLimits, GCEPDLimits, NodeVolumeLimits, AzureDiskLimits, VolumeBinding, VolumeZone,
 * PodTopologySpread, InterPodAffinity, ImageLocality.
 */
import type { Registry } from '../framework/registry';
import { newDefaultBinder } from './defaultBinder/defaultBinder';
import { newDefaultPreemption } from './defaultPreemption/defaultPreemption';
import { newNodeAffinity } from './nodeAffinity/nodeAffinity';
import { newNodeName } from './nodeName/nodeName';
import { newNodeResourcesBalancedAllocation } from './nodeResourcesBalancedAllocation/nodeResourcesBalancedAllocation';
import { newNodeResourcesFit } from './nodeResourcesFit/nodeResourcesFit';
import { newNodeUnschedulable } from './nodeUnschedulable/nodeUnschedulable';
import { newPrioritySort } from './prioritySort/prioritySort';
import { newTaintToleration } from './taintToleration/taintToleration';

export function inTreeRegistry(): Registry {
  return {
    PrioritySort: () => newPrioritySort(),
    NodeUnschedulable: () => newNodeUnschedulable(),
    NodeName: () => newNodeName(),
    TaintToleration: () => newTaintToleration(),
    NodeAffinity: (args) => newNodeAffinity(args),
    NodeResourcesFit: (args) => newNodeResourcesFit(args),
    NodeResourcesBalancedAllocation: (args) => newNodeResourcesBalancedAllocation(args),
    DefaultPreemption: (args, h) => newDefaultPreemption(args, h),
    DefaultBinder: (args, h) => newDefaultBinder(args, h),
  };
}
