/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): favours nodes whose
 * resource fractions (requested / allocatable, capped at 1, using actual requests) are close to each
 * other. score = int((1 − std) × 100), where std is |f1 − f2| / 2 for two resources and the population
 * standard deviation for more.
 */
import type { Pod } from '../../../types';
import type { NodeResourcesBalancedAllocationArgs } from '../../framework/config';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/interface';
import { DEFAULT_RESOURCES, ResourceAllocationScorer, withWeights } from '../helper/resourceAllocation';

export const name = 'NodeResourcesBalancedAllocation';
const preScoreStateKey = 'PreScore' + name;

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData { return this; }
}

export function balancedResourceScorer(requested: Float64Array, allocatable: Float64Array): number {
  let total = 0;
  let count = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      let f = requested[i]! / allocatable[i]!;
      if (f > 1) f = 1;
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function newNodeResourcesBalancedAllocation(rawArgs?: unknown): PreScorePlugin & ScorePlugin {
  const args = (rawArgs ?? {}) as NodeResourcesBalancedAllocationArgs;
  const resources = args.resources?.length ? withWeights(args.resources) : DEFAULT_RESOURCES;
  const scorer = new ResourceAllocationScorer(resources, true, balancedResourceScorer);
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);
  return {
    name,
    preScore(state: CycleState, pod: Pod) {
      state.write(preScoreStateKey, new PreScoreState(scorer.podRequestList(pod)));
      return null;
    },
    score(state, pod, nodeInfo) {
      const s = preScoreState.tryRead(state);
      return scorer.score(nodeInfo, s ? s.podRequests : scorer.podRequestList(pod));
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
