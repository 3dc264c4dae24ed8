/**
 * NodeName (plugins/nodename): a pod that names a node in spec.nodeName fits only that node.
 */
import { ActionType, UPDATE } from '../../framework/events';
import type { FilterPlugin } from '../../framework/interface';
import { Status } from '../../framework/status';

export const name = 'NodeName';
export const ErrReason = "node(s) didn't match the requested node name";

export function newNodeName(): FilterPlugin {
  return {
    name,
    filter(_state, pod, nodeInfo) {
      const want = pod.spec?.nodeName;
      if (!want || want === nodeInfo.name) return null;
      return new Status('UnschedulableAndUnresolvable', [ErrReason]);
    },
    eventsToRegister: () => [{ resource: 'Node', actionType: ActionType.Add | UPDATE }],
  } satisfies FilterPlugin;
}
