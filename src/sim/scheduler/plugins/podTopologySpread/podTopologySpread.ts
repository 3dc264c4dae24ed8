/**
 * PodTopologySpread (plugins/podtopologyspread): keeps pods matching a selector evenly spread over
 * topology domains (zones, nodes…).
 *
 * Filter (DoNotSchedule constraints). PreFilter counts, per constraint and domain, the matching pods
 * on eligible nodes: nodes that carry every constraint's key and pass the node inclusion policies
 * (nodeAffinityPolicy Honor by default, nodeTaintsPolicy Ignore by default). A node then fails if
 *   matching pods in its domain + (1 if the pod matches its own selector) − global minimum > maxSkew,
 * where the global minimum is 0 while fewer than minDomains domains exist. Reasons:
 * `node(s) didn't match pod topology spread constraints (missing required label)` (unresolvable) and
 * `node(s) didn't match pod topology spread constraints`.
 *
 * Score (ScheduleAnyway constraints, or the default constraints with the selector built from the
 * Services / ReplicaSets / StatefulSets / ReplicationControllers selecting the pod): per constraint,
 * matching pods in the node's domain × ln(domains + 2) + (maxSkew − 1); rounded; then normalized so
 * fewer is better: 100 × (max + min − score) / max. With explicit constraints (or List defaults) nodes
 * lacking a key are ignored (score 0).
 */
import type { Pod } from '../../../types';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import {
  MAX_NODE_SCORE, type FilterPlugin, type Handle, type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin,
} from '../../framework/interface';
import type { NodeInfo } from '../../framework/nodeInfo';
import { Status } from '../../framework/status';
import {
  ConstraintSource, LABEL_HOSTNAME, countNodePodsMatchSelector, matchCountKey, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints,
  type Constraint, type PodTopologySpreadArgs,
} from './common';

export const name = 'PodTopologySpread';
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';
const preFilterStateKey = 'PreFilter' + name;
const preScoreStateKey = 'PreScore' + name;

class PreFilterState implements StateData {
  /** The smallest match count per constraint (the first critical path). */
  minMatch: number[];

  constructor(
    readonly constraints: Constraint[],
    /** Per constraint: domain value → matching pods. */
    readonly tpValueToMatchNum: Map<string, number>[],
    /** Per topology key: how many domains are eligible. */
    readonly tpKeyToDomainsNum: Map<string, number>,
  ) {
    this.minMatch = constraints.map((_, i) => minOf(tpValueToMatchNum[i]!));
  }

  clone(): StateData {
    const c = new PreFilterState(this.constraints, this.tpValueToMatchNum.map((m) => new Map(m)), new Map(this.tpKeyToDomainsNum));
    return c;
  }

  minMatchNum(i: number): number {
    const c = this.constraints[i]!;
    // Fewer domains than minDomains: the missing ones count as empty, so the minimum is 0.
    if ((this.tpKeyToDomainsNum.get(c.topologyKey) ?? 0) < c.minDomains) return 0;
    return this.minMatch[i]!;
  }

  updateWithPod(other: Pod, preemptor: Pod, node: NodeInfo, delta: number): void {
    const n = node.node;
    if (!n || other.metadata?.namespace !== preemptor.metadata?.namespace) return;
    const labels = n.metadata?.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, preemptor, n)) return;
      if (!c.selector.matches(other.metadata?.labels)) return;
      const v = labels![c.topologyKey]!;
      const m = this.tpValueToMatchNum[i]!;
      m.set(v, (m.get(v) ?? 0) + delta);
      this.minMatch[i] = minOf(m);
    });
  }
}

function minOf(m: Map<string, number>): number {
  let min = Number.MAX_SAFE_INTEGER;
  for (const v of m.values()) if (v < min) min = v;
  return min;
}

class PreScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignoredNodes: Set<string>,
    /** Per constraint: domain value → matching pods (not used for hostname, counted per node in Score). */
    readonly topologyValueToPodCounts: Map<string, number>[],
    readonly topologyNormalizingWeight: number[],
    /** Per constraint: matchCountKey of its selector and the pod's namespace. */
    readonly countKeys: string[],
  ) {}
  clone(): StateData { return this; }
}

function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

export function newPodTopologySpread(rawArgs: unknown, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const args = (rawArgs ?? {}) as PodTopologySpreadArgs;
  const source = new ConstraintSource(args, handle.listers);

  const preFilterState = stateReader<PreFilterState>(preFilterStateKey);
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);
  const extensions: PreFilterExtensions = {
    addPod(state, podToSchedule, podToAdd, nodeInfo) {
      state.read<PreFilterState>(preFilterStateKey).updateWithPod(podToAdd, podToSchedule, nodeInfo, 1);
      return null;
    },
    removePod(state, podToSchedule, podToRemove, nodeInfo) {
      state.read<PreFilterState>(preFilterStateKey).updateWithPod(podToRemove, podToSchedule, nodeInfo, -1);
      return null;
    },
  };

  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const constraints = source.constraintsFor(pod, 'DoNotSchedule');
      if (constraints.length === 0) return { result: null, status: new Status('Skip') };
      const ns = pod.metadata?.namespace;
      const counts = constraints.map(() => new Map<string, number>());
      const keys = constraints.map((c) => matchCountKey(c.selector, ns));
      for (const ni of handle.snapshot().nodeInfoList) {
        const node = ni.node;
        if (!node) continue;
        const labels = node.metadata?.labels;
        if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i]!;
          if (!matchNodeInclusionPolicies(c, pod, node)) continue;
          const v = labels![c.topologyKey]!;
          const m = counts[i]!;
          m.set(v, (m.get(v) ?? 0) + countNodePodsMatchSelector(ni, c.selector, ns, keys[i]!));
        }
      }
      const domains = new Map<string, number>();
      constraints.forEach((c, i) => domains.set(c.topologyKey, (domains.get(c.topologyKey) ?? 0) + counts[i]!.size));
      state.write(preFilterStateKey, new PreFilterState(constraints, counts, domains));
      return { result: null, status: null };
    },
    preFilterExtensions: () => extensions,
    filter(state, pod, nodeInfo) {
      const s = preFilterState.read(state);
      const labels = nodeInfo.node?.metadata?.labels ?? {};
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]!;
        const v = labels[c.topologyKey];
        if (v === undefined) return new Status('UnschedulableAndUnresolvable', [ErrReasonNodeLabelNotMatch]);
        const self = c.selector.matches(pod.metadata?.labels) ? 1 : 0;
        const matchNum = s.tpValueToMatchNum[i]!.get(v) ?? 0;
        const skew = matchNum + self - s.minMatchNum(i);
        if (skew > c.maxSkew) return new Status('Unschedulable', [ErrReasonConstraintsNotMatch]);
      }
      return null;
    },
    preScore(state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]) {
      const snap = handle.snapshot();
      const all = snap.nodeInfoList;
      if (filteredNodes.length === 0 || all.length === 0) return null;
      const constraints = source.constraintsFor(pod, 'ScheduleAnyway');
      if (constraints.length === 0) return new Status('Skip');
      const requireAllTopologies = !!pod.spec?.topologySpreadConstraints?.length || !source.systemDefaulted;
      const ignored = new Set<string>();
      const counts = constraints.map(() => new Map<string, number>());
      const topoSize = constraints.map(() => 0);
      for (const ni of filteredNodes) {
        const labels = ni.node?.metadata?.labels;
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) { ignored.add(ni.name); continue; }
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i]!;
          if (c.topologyKey === LABEL_HOSTNAME) continue;
          const v = labels?.[c.topologyKey] ?? '';
          if (!counts[i]!.has(v)) { counts[i]!.set(v, 0); topoSize[i]!++; }
        }
      }
      const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]!) + 2));
      const ns = pod.metadata?.namespace;
      const keys = constraints.map((c) => matchCountKey(c.selector, ns));
      for (const ni of all) {
        const node = ni.node;
        if (!node) continue;
        const labels = node.metadata?.labels;
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i]!;
          const v = labels?.[c.topologyKey] ?? '';
          const m = counts[i]!;
          // Only domains holding a candidate node are counted (never hostname ones: per-node counts
          // happen in Score), so the domain is looked up before the node inclusion policies.
          const cur = m.get(v);
          if (cur === undefined) continue;
          if (!matchNodeInclusionPolicies(c, pod, node)) continue;
          m.set(v, cur + countNodePodsMatchSelector(ni, c.selector, ns, keys[i]!));
        }
      }
      state.write(preScoreStateKey, new PreScoreState(constraints, ignored, counts, weights, keys));
      return null;
    },
    score(state, pod, nodeInfo) {
      const s = preScoreState.read(state);
      if (s.ignoredNodes.has(nodeInfo.name)) return 0;
      const labels = nodeInfo.node?.metadata?.labels ?? {};
      let score = 0;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]!;
        const v = labels[c.topologyKey];
        if (v === undefined) continue;
        const cnt = c.topologyKey === LABEL_HOSTNAME ? countNodePodsMatchSelector(nodeInfo, c.selector, pod.metadata?.namespace, s.countKeys[i]!) : s.topologyValueToPodCounts[i]!.get(v) ?? 0;
        score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
      }
      return Math.round(score);
    },
    normalizeScore(state, _pod, scores) {
      const s = state.tryRead<PreScoreState>(preScoreStateKey);
      if (!s) return null;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      for (let i = 0; i < scores.length; i++) {
        if (s.ignoredNodes.has(scores.nodes[i]!.name)) continue;
        const v = scores.scores[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      for (let i = 0; i < scores.length; i++) {
        if (s.ignoredNodes.has(scores.nodes[i]!.name)) { scores.scores[i] = 0; continue; }
        if (max === 0) { scores.scores[i] = MAX_NODE_SCORE; continue; }
        scores.scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores.scores[i]!)) / max);
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'Pod', actionType: ActionType.All },
      { resource: 'Node', actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint },
    ],
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}

