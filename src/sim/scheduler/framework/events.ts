/**
 * Cluster events that move pods out of the unschedulable pool (framework/types.go ClusterEvent).
 * Action types are bit flags so a plugin can register for several at once.
 */
export const ActionType = {
  Add: 1,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  All: (1 << 9) - 1,
} as const;
/** Every update kind. */
export const UPDATE = ActionType.UpdateNodeAllocatable | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint | ActionType.UpdateNodeCondition | ActionType.UpdateNodeAnnotation | ActionType.UpdatePodLabel | ActionType.UpdatePodScaleDown;

export type EventResource = 'Pod' | 'Node' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'CSINode' | '*';

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** e.g. `NodeAdd`, `AssignedPodDelete`, `UnschedulableTimeout` */
  label?: string;
}

export const NodeAdd: ClusterEvent = { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' };
export const AssignedPodAdd: ClusterEvent = { resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' };
export const AssignedPodUpdate: ClusterEvent = { resource: 'Pod', actionType: UPDATE, label: 'AssignedPodUpdate' };
export const AssignedPodDelete: ClusterEvent = { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' };
export const NodeSpecUnschedulableChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeTaint, label: 'NodeSpecUnschedulableChange' };
export const NodeAllocatableChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeAllocatable, label: 'NodeAllocatableChange' };
export const NodeLabelChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeLabel, label: 'NodeLabelChange' };
export const NodeTaintChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeTaint, label: 'NodeTaintChange' };
export const NodeConditionChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeCondition, label: 'NodeConditionChange' };
export const NodeAnnotationChange: ClusterEvent = { resource: 'Node', actionType: ActionType.UpdateNodeAnnotation, label: 'NodeAnnotationChange' };
/** Wildcard events move every unschedulable pod. */
export const UnschedulableTimeout: ClusterEvent = { resource: '*', actionType: ActionType.All, label: 'UnschedulableTimeout' };
export const ForceActivate: ClusterEvent = { resource: '*', actionType: ActionType.All, label: 'ForceActivate' };

export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === ActionType.All;
}

/** True if a registration `reg` covers the event `e`. */
export function eventMatches(reg: ClusterEvent, e: ClusterEvent): boolean {
  return (reg.resource === '*' || reg.resource === e.resource) && (reg.actionType & e.actionType) !== 0;
}
