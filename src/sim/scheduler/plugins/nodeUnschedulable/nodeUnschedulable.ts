/**
 * NodeUnschedulable (plugins/nodeunschedulable): a cordoned node (spec.unschedulable) takes only pods
 * that tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import type { Taint } from '../../../types';
import { ActionType } from '../../framework/events';
import type { FilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { tolerationsTolerateTaint } from '../helper/taints';

export const name = 'NodeUnschedulable';
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function newNodeUnschedulable(): FilterPlugin {
  return {
    name,
    filter(_state, pod, nodeInfo) {
      const node = nodeInfo.node;
      if (!node) return new Status('UnschedulableAndUnresolvable', ['node not found']);
      if (!node.spec?.unschedulable) return null;
      if (tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return null;
      return new Status('UnschedulableAndUnresolvable', [ErrReasonUnschedulable]);
    },
    eventsToRegister: () => [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }],
  } satisfies FilterPlugin;
}
