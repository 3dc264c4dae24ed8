/**
 * NodeResourcesFit (plugins/noderesources/fit.go).
 * PreFilter computes the pod's request once (computePodResourceRequest: containers summed, init
 * containers maxed, sidecars added, overhead added). Filter checks the pod count, then cpu, memory,
 * ephemeral-storage and scalar resources against allocatable minus what the node's pods request,
 * reporting every shortfall (`Too many pods`, `Insufficient cpu`, …) as Unschedulable.
 * Score uses the configured strategy (LeastAllocated by default).
 */
import type { Pod } from '../../../types';
import type { NodeResourcesFitArgs } from '../../framework/config';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/nodeInfo';
import { PodInfo } from '../../framework/nodeInfo';
import { Resource, computePodResourceRequest, isExtendedResourceName } from '../../framework/resource';
import { Status } from '../../framework/status';
import { DEFAULT_RESOURCES, ResourceAllocationScorer, withWeights } from '../helper/resourceAllocation';
import { leastAllocatedScorer, mostAllocatedScorer, requestedToCapacityRatioScorer } from './scoring';

export const name = 'NodeResourcesFit';
const preFilterStateKey = 'PreFilter' + name;
const preScoreStateKey = 'PreScore' + name;

class PreFilterState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData { return this; }
}

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData { return this; }
}

/** One resource the node lacks. */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/**
 * Every resource the node cannot give the pod. Resources the pod does not request (0) always fit,
 * even on an overcommitted node.
 */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo, ignored: ReadonlySet<string> = EMPTY, ignoredGroups: ReadonlySet<string> = EMPTY): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowedPods = nodeInfo.allocatable.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowedPods) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: allowedPods });
  }
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && (!podRequest.scalar || podRequest.scalar.size === 0)) return out;
  const a = nodeInfo.allocatable;
  const r = nodeInfo.requested;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > a.milliCPU - r.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: podRequest.milliCPU, used: r.milliCPU, capacity: a.milliCPU });
  }
  if (podRequest.memory > 0 && podRequest.memory > a.memory - r.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: podRequest.memory, used: r.memory, capacity: a.memory });
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > a.ephemeralStorage - r.ephemeralStorage) {
    out.push({ resourceName: 'ephemeral-storage', reason: 'Insufficient ephemeral-storage', requested: podRequest.ephemeralStorage, used: r.ephemeralStorage, capacity: a.ephemeralStorage });
  }
  if (podRequest.scalar) {
    // Go ranges over a map here (random order); sorted names keep the reason list deterministic.
    for (const rName of [...podRequest.scalar.keys()].sort()) {
      const q = podRequest.scalar.get(rName)!;
      if (q === 0) continue;
      if (isExtendedResourceName(rName)) {
        if (ignored.has(rName)) continue;
        const slash = rName.indexOf('/');
        if (ignoredGroups.size > 0 && slash >= 0 && ignoredGroups.has(rName.slice(0, slash))) continue;
      }
      const free = a.getScalar(rName) - r.getScalar(rName);
      if (q > free) out.push({ resourceName: rName, reason: `Insufficient ${rName}`, requested: q, used: r.getScalar(rName), capacity: a.getScalar(rName) });
    }
  }
  return out;
}

/** True when pods, cpu, memory and storage fit and the pod asks for no scalar resources. */
function fitsQuick(req: Resource, ni: NodeInfo): boolean {
  if (req.scalar && req.scalar.size > 0) return false;
  if (ni.pods.length + 1 > ni.allocatable.allowedPodNumber) return false;
  const a = ni.allocatable;
  const r = ni.requested;
  if (req.milliCPU > 0 && req.milliCPU > a.milliCPU - r.milliCPU) return false;
  if (req.memory > 0 && req.memory > a.memory - r.memory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage - r.ephemeralStorage) return false;
  return true;
}

/** Whether a pod fits a node by resources alone (used by the queue's node pre-check). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  return fitsRequest(new PodInfo(pod).requests, nodeInfo).length === 0;
}

const EMPTY: ReadonlySet<string> = new Set();

export function newNodeResourcesFit(rawArgs?: unknown): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const args = (rawArgs ?? {}) as NodeResourcesFitArgs;
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  const strategy = args.scoringStrategy?.type ?? 'LeastAllocated';
  const resources = args.scoringStrategy?.resources?.length ? withWeights(args.scoringStrategy.resources) : DEFAULT_RESOURCES;
  let scorerFn;
  switch (strategy) {
    case 'LeastAllocated': scorerFn = leastAllocatedScorer(resources); break;
    case 'MostAllocated': scorerFn = mostAllocatedScorer(resources); break;
    case 'RequestedToCapacityRatio': {
      const shape = args.scoringStrategy?.requestedToCapacityRatio?.shape;
      if (!shape?.length) throw new Error('scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified');
      scorerFn = requestedToCapacityRatioScorer(resources, shape);
      break;
    }
    default:
      throw new Error(`scoring strategy ${String(strategy)} is not supported`);
  }
  const scorer = new ResourceAllocationScorer(resources, false, scorerFn);
  const preFilterState = stateReader<PreFilterState>(preFilterStateKey);
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);

  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      state.write(preFilterStateKey, new PreFilterState(computePodResourceRequest(pod)));
      return { result: null, status: null };
    },
    filter(state, _pod, nodeInfo) {
      const s = preFilterState.read(state);
      // Hot path: most nodes fit; only a failing node pays for the reason list.
      if (fitsQuick(s.request, nodeInfo)) return null;
      const insufficient = fitsRequest(s.request, nodeInfo, ignored, ignoredGroups);
      if (insufficient.length === 0) return null;
      return new Status('Unschedulable', insufficient.map((r) => r.reason));
    },
    preScore(state: CycleState, pod: Pod) {
      state.write(preScoreStateKey, new PreScoreState(scorer.podRequestList(pod)));
      return null;
    },
    score(state, pod, nodeInfo) {
      const s = preScoreState.tryRead(state);
      return scorer.score(nodeInfo, s ? s.podRequests : scorer.podRequestList(pod));
    },
    eventsToRegister: () => [
      { resource: 'Pod', actionType: ActionType.Delete },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
    ],
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
