/**
 * The in-tree registry (plugins/registry.go): every plugin kubetab implements, by name. Adding a
 * plugin = one folder + one line here (+ `implemented: true` in framework/config.ts DEFAULT_MULTIPOINT
 * if it is in the default profile).
 *
 * Every plugin of the 1.31 default profile is here (DynamicResources, behind an off-by-default
 * gate, is not).
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
import { newSchedulingGates } from './schedulingGates/schedulingGates';
import { newNodePorts } from './nodePorts/nodePorts';
import { newImageLocality } from './imageLocality/imageLocality';
import { newInterPodAffinity } from './interPodAffinity/interPodAffinity';
import { newPodTopologySpread } from './podTopologySpread/podTopologySpread';
import { newVolumeBinding } from './volumeBinding/volumeBinding';
import { newVolumeRestrictions } from './volumeRestrictions/volumeRestrictions';
import { newVolumeZone } from './volumeZone/volumeZone';
import { newInTreeVolumeLimits, newNodeVolumeLimits } from './nodeVolumeLimits/nodeVolumeLimits';

export function inTreeRegistry(): Registry {
  return {
    SchedulingGates: () => newSchedulingGates(),
    PrioritySort: () => newPrioritySort(),
    NodeUnschedulable: () => newNodeUnschedulable(),
    NodeName: () => newNodeName(),
    TaintToleration: () => newTaintToleration(),
    NodeAffinity: (args) => newNodeAffinity(args),
    NodePorts: () => newNodePorts(),
    NodeResourcesFit: (args) => newNodeResourcesFit(args),
    VolumeRestrictions: (args, h) => newVolumeRestrictions(args, h),
    EBSLimits: () => newInTreeVolumeLimits('EBSLimits'),
    GCEPDLimits: () => newInTreeVolumeLimits('GCEPDLimits'),
    NodeVolumeLimits: (args, h) => newNodeVolumeLimits(args, h),
    AzureDiskLimits: () => newInTreeVolumeLimits('AzureDiskLimits'),
    VolumeBinding: (args, h) => newVolumeBinding(args, h),
    VolumeZone: (args, h) => newVolumeZone(args, h),
    PodTopologySpread: (args, h) => newPodTopologySpread(args, h),
    InterPodAffinity: (args, h) => newInterPodAffinity(args, h),
    NodeResourcesBalancedAllocation: (args) => newNodeResourcesBalancedAllocation(args),
    DefaultPreemption: (args, h) => newDefaultPreemption(args, h),
    ImageLocality: (args, h) => newImageLocality(args, h),
    DefaultBinder: (args, h) => newDefaultBinder(args, h),
  };
}
