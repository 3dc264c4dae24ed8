/**
 * SchedulingGates (plugins/schedulinggates): a PreEnqueue plugin. A pod with entries in
 * `spec.schedulingGates` never enters activeQ; it waits in the unschedulable pool until an update
 * removes its last gate. The API server marks such a pod `PodScheduled=False` with reason
 * `SchedulingGated` when it is created; the scheduler writes nothing for it.
 */
import type { Pod } from '../../../types';
import { ActionType } from '../../framework/events';
import type { PreEnqueuePlugin } from '../../framework/interface';
import { Status } from '../../framework/status';

export const name = 'SchedulingGates';

/** The names of the pod's gates, rendered as Go prints a []string: `[a b]`. */
export function gatesMessage(pod: Pod): string {
  const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name);
  return `waiting for scheduling gates: [${gates.join(' ')}]`;
}

export function newSchedulingGates(): PreEnqueuePlugin {
  return {
    name,
    preEnqueue(pod) {
      if (!pod.spec?.schedulingGates?.length) return null;
      return new Status('UnschedulableAndUnresolvable', [gatesMessage(pod)]);
    },
    // Only an update can remove gates (they can be removed, never added, after creation).
    eventsToRegister: () => [{ resource: 'Pod', actionType: ActionType.UpdatePodLabel | ActionType.UpdatePodScaleDown | ActionType.Add, label: 'UpdatePodSchedulingGatesEliminated' }],
  } satisfies PreEnqueuePlugin;
}
