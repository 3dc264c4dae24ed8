/**
 * NodeAffinity (plugins/nodeaffinity/node_affinity.go).
 * PreFilter: Skip when the pod has no nodeSelector and no required node affinity; narrows the node set
 * when every required term pins `metadata.name` with matchFields In.
 * Filter: nodeSelector labels and the required terms must match.
 * Score: the sum of the weights of the preferred terms the node matches, scaled so the best is 100.
 */
import type { Node, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import { MAX_NODE_SCORE, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../../framework/interface';
import { Status } from '../../framework/status';
import { defaultNormalizeScore } from '../helper/normalizeScore';
import { isEmptyNodeSelectorTerm, nodeSelectorTermsMatch, requiredNodeSelectorAndAffinityMatch, termMatches } from '../helper/nodeSelector';

export const name = 'NodeAffinity';
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = 'pod affinity terms conflict';
const preFilterStateKey = 'PreFilter' + name;
const preScoreStateKey = 'PreScore' + name;

/** NodeAffinityArgs: an affinity every pod of this profile gets in addition to its own. */
export interface NodeAffinityArgs {
  addedAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
  };
}

class PreFilterState implements StateData {
  constructor(readonly pod: Pod) {}
  clone(): StateData { return this; }
}

class PreScoreState implements StateData {
  constructor(readonly terms: PreferredSchedulingTerm[]) {}
  clone(): StateData { return this; }
}

function preferredTerms(terms: readonly PreferredSchedulingTerm[] | undefined): PreferredSchedulingTerm[] {
  return (terms ?? []).filter((t) => t.weight !== 0 && !isEmptyNodeSelectorTerm(t.preference));
}

/** The node names a term pins with `metadata.name In (…)` (requirements ANDed), or null if none. */
function pinnedNodeNames(t: NodeSelectorTerm): Set<string> | null {
  let out: string[] | null = null;
  for (const r of t.matchFields ?? []) {
    if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
    const vals = r.values ?? [];
    out = out === null ? vals.slice() : out.filter((x) => vals.includes(x));
  }
  return out === null ? null : new Set(out);
}

function sumMatchingWeights(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let n = 0;
  for (const t of terms) if (termMatches(t.preference, node)) n += t.weight;
  return n;
}

export function newNodeAffinity(rawArgs?: unknown): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const args = (rawArgs ?? {}) as NodeAffinityArgs;
  const addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const addedPreferred = preferredTerms(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const preFilterState = stateReader<PreFilterState>(preFilterStateKey);
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);

  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!req && !addedRequired && !pod.spec?.nodeSelector) return { result: null, status: new Status('Skip') };
      state.write(preFilterStateKey, new PreFilterState(pod));
      const terms = req?.nodeSelectorTerms ?? [];
      if (terms.length === 0) return { result: null, status: null };
      // Terms are ORed: if any term does not pin node names, every node is a candidate.
      let names: Set<string> | null = null;
      for (const t of terms) {
        const termNames = pinnedNodeNames(t);
        if (!termNames) return { result: null, status: null };
        names = names ?? new Set();
        for (const x of termNames) names.add(x);
      }
      if (names && names.size === 0) return { result: null, status: new Status('UnschedulableAndUnresolvable', [ErrReasonConflict]) };
      return { result: names ? { nodeNames: names } : null, status: null };
    },
    filter(state, pod, nodeInfo) {
      const node = nodeInfo.node;
      if (!node) return new Status('Error', ['node not found']);
      if (addedRequired && !nodeSelectorTermsMatch(addedRequired, node)) return new Status('UnschedulableAndUnresolvable', [ErrReasonEnforced]);
      const s = preFilterState.tryRead(state);
      if (!requiredNodeSelectorAndAffinityMatch(s?.pod ?? pod, node)) return new Status('UnschedulableAndUnresolvable', [ErrReasonPod]);
      return null;
    },
    preScore(state: CycleState, pod: Pod) {
      const terms = preferredTerms(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
      if (terms.length === 0 && addedPreferred.length === 0) return new Status('Skip');
      state.write(preScoreStateKey, new PreScoreState(terms));
      return null;
    },
    score(state, _pod, nodeInfo) {
      const node = nodeInfo.node;
      if (!node) return new Status('Error', ['node not found']);
      const s = preScoreState.read(state);
      return sumMatchingWeights(addedPreferred, node) + sumMatchingWeights(s.terms, node);
    },
    normalizeScore(_state, _pod, scores) {
      return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
    eventsToRegister: () => [{ resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }],
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
