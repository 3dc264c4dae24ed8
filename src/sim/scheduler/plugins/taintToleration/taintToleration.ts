/**
 * TaintToleration (plugins/tainttoleration/taint_toleration.go).
 * Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node, and only
 * that one is named in the reason.
 * Score: the number of PreferNoSchedule taints the pod does not tolerate; normalized in reverse, so
 * fewer intolerable taints score higher.
 */
import type { Pod, Taint, Toleration } from '../../../types';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import { MAX_NODE_SCORE, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { defaultNormalizeScore } from '../helper/normalizeScore';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from '../helper/taints';

export const name = 'TaintToleration';
const preScoreStateKey = 'PreScore' + name;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {}
  clone(): StateData { return this; }
}

/** Tolerations that can tolerate a PreferNoSchedule taint: that effect, or no effect. */
function tolerationsPreferNoSchedule(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const out: Toleration[] = [];
  for (const t of tolerations ?? []) if (!t.effect || t.effect === 'PreferNoSchedule') out.push(t);
  return out;
}

function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[] | undefined, tolerations: Toleration[]): number {
  let n = 0;
  for (const taint of taints ?? []) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export function newTaintToleration(): FilterPlugin & PreScorePlugin & ScorePlugin {
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);
  return {
    name,
    filter(_state, pod, nodeInfo) {
      const node = nodeInfo.node;
      if (!node) return new Status('Error', ['invalid nodeInfo']);
      const taint = findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter);
      if (!taint) return null;
      return new Status('UnschedulableAndUnresolvable', [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`]);
    },
    preScore(state: CycleState, pod: Pod) {
      state.write(preScoreStateKey, new PreScoreState(tolerationsPreferNoSchedule(pod.spec?.tolerations)));
      return null;
    },
    score(state, _pod, nodeInfo) {
      const s = preScoreState.read(state);
      return countIntolerableTaintsPreferNoSchedule(nodeInfo.node?.spec?.taints, s.tolerationsPreferNoSchedule);
    },
    normalizeScore(_state, _pod, scores) {
      return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
    eventsToRegister: () => [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }],
  } satisfies FilterPlugin & PreScorePlugin & ScorePlugin;
}
