/**
 * InterPodAffinity (plugins/interpodaffinity): required and preferred pod affinity and anti-affinity.
 *
 * PreFilter counts, per topology pair (key=value of a node label):
 * - existing pods whose *required anti-affinity* selects the incoming pod (they forbid their domain);
 * - existing pods that match *all* of the incoming pod's required affinity terms (each term's pair);
 * - existing pods that match each of the incoming pod's required anti-affinity terms.
 * Skip when all three are empty.
 *
 * Filter, in order:
 * 1. every required affinity term needs its topology key on the node and a matching pod in that
 *    domain — except the first pod of a group that selects itself, admitted when no pod anywhere
 *    matches yet: UnschedulableAndUnresolvable `node(s) didn't match pod affinity rules`;
 * 2. no pod matching an anti-affinity term in the node's domain: Unschedulable
 *    `node(s) didn't match pod anti-affinity rules`;
 * 3. no existing pod's anti-affinity forbids any of the node's label pairs: Unschedulable
 *    `node(s) didn't satisfy existing pods anti-affinity rules`.
 *
 * Score, per topology pair: + weight for each of the incoming pod's preferred affinity terms an
 * existing pod matches, − weight for its preferred anti-affinity terms; + hardPodAffinityWeight for
 * each existing pod's required affinity term that selects the incoming pod, ± weight for their
 * preferred terms. A node scores the sum over its label pairs; scores are min–max normalized to 0..100.
 */
import type { Pod } from '../../../types';
import { stateReader, type CycleState, type StateData } from '../../framework/cycleState';
import { ActionType } from '../../framework/events';
import {
  MAX_NODE_SCORE, type FilterPlugin, type Handle, type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin,
} from '../../framework/interface';
import { PodInfo, type NodeInfo } from '../../framework/nodeInfo';
import { Status } from '../../framework/status';
import {
  affinityOf, affinityOfPod, mergeNamespaces, namespaceLabels, podMatchesAllAffinityTerms, type AffinityTerm, type WeightedAffinityTerm,
} from '../helper/affinityTerms';

export const name = 'InterPodAffinity';
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
const preFilterStateKey = 'PreFilter' + name;
const preScoreStateKey = 'PreScore' + name;

/** InterPodAffinityArgs. */
export interface InterPodAffinityArgs {
  /** Score an existing pod's required affinity term that selects the incoming pod adds (0..100, default 1). */
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

type Counts = Map<string, number>;

function pairKey(key: string, value: string): string {
  return key + '\u0000' + value;
}

function bump(m: Counts, node: NodeInfo, key: string, delta: number): void {
  const labels = node.node?.metadata?.labels;
  const v = labels?.[key];
  if (v === undefined) return;
  const k = pairKey(key, v);
  const n = (m.get(k) ?? 0) + delta;
  if (n === 0) m.delete(k);
  else m.set(k, n);
}

class PreFilterState implements StateData {
  constructor(
    readonly requiredAffinity: AffinityTerm[],
    readonly requiredAntiAffinity: AffinityTerm[],
    readonly namespaceLabels: Readonly<Record<string, string>> | null,
    public existingAntiAffinityCounts: Counts,
    public affinityCounts: Counts,
    public antiAffinityCounts: Counts,
  ) {}

  clone(): StateData {
    return new PreFilterState(this.requiredAffinity, this.requiredAntiAffinity, this.namespaceLabels, new Map(this.existingAntiAffinityCounts), new Map(this.affinityCounts), new Map(this.antiAffinityCounts));
  }

  /** Counts `other` (added with +1, removed with −1) on `node`, as if it had been there at PreFilter. */
  updateWithPod(incoming: Pod, other: PodInfo, node: NodeInfo, delta: number): void {
    const a = affinityOf(other);
    for (const t of a.requiredAntiAffinity) if (t.matches(incoming, this.namespaceLabels)) bump(this.existingAntiAffinityCounts, node, t.topologyKey, delta);
    if (podMatchesAllAffinityTerms(this.requiredAffinity, other.pod)) for (const t of this.requiredAffinity) bump(this.affinityCounts, node, t.topologyKey, delta);
    for (const t of this.requiredAntiAffinity) if (t.matches(other.pod, null)) bump(this.antiAffinityCounts, node, t.topologyKey, delta);
  }
}

class PreScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): StateData { return this; }
}

function addScore(m: Map<string, Map<string, number>>, key: string, value: string, delta: number): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + delta);
}

function processTerm(m: Map<string, Map<string, number>>, t: AffinityTerm, weight: number, pod: Pod, nsLabels: Readonly<Record<string, string>> | null, node: NodeInfo, mult: number): void {
  if (!t.matches(pod, nsLabels)) return;
  const v = node.node?.metadata?.labels?.[t.topologyKey];
  if (v === undefined) return;
  addScore(m, t.topologyKey, v, weight * mult);
}

function processTerms(m: Map<string, Map<string, number>>, ts: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Readonly<Record<string, string>> | null, node: NodeInfo, mult: number): void {
  for (const w of ts) processTerm(m, w.term, w.weight, pod, nsLabels, node, mult);
}

export function newInterPodAffinity(rawArgs: unknown, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const args = (rawArgs ?? {}) as InterPodAffinityArgs;
  const hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
  const ignoreExisting = !!args.ignorePreferredTermsOfExistingPods;

  const preFilterState = stateReader<PreFilterState>(preFilterStateKey);
  const preScoreState = stateReader<PreScoreState>(preScoreStateKey);
  const extensions: PreFilterExtensions = {
    addPod(state, podToSchedule, podToAdd, nodeInfo) {
      state.read<PreFilterState>(preFilterStateKey).updateWithPod(podToSchedule, new PodInfo(podToAdd), nodeInfo, 1);
      return null;
    },
    removePod(state, podToSchedule, podToRemove, nodeInfo) {
      state.read<PreFilterState>(preFilterStateKey).updateWithPod(podToSchedule, new PodInfo(podToRemove), nodeInfo, -1);
      return null;
    },
  };

  return {
    name,
    preFilter(state: CycleState, pod: Pod) {
      const snap = handle.snapshot();
      const withAnti = snap.havePodsWithRequiredAntiAffinityList();
      const mine = affinityOfPod(pod);
      const reqAff = mine.requiredAffinity.map((t) => mergeNamespaces(t, handle.listers));
      const reqAnti = mine.requiredAntiAffinity.map((t) => mergeNamespaces(t, handle.listers));
      if (withAnti.length === 0 && reqAff.length === 0 && reqAnti.length === 0) return { result: null, status: new Status('Skip') };
      const nsLabels = namespaceLabels(handle.listers, pod.metadata?.namespace ?? '');
      const s = new PreFilterState(reqAff, reqAnti, nsLabels, new Map(), new Map(), new Map());
      // Existing pods' required anti-affinity that selects this pod.
      for (const ni of withAnti) {
        if (!ni.node) continue;
        for (const pi of ni.podsWithRequiredAntiAffinity) {
          for (const t of affinityOf(pi).requiredAntiAffinity) if (t.matches(pod, nsLabels)) bump(s.existingAntiAffinityCounts, ni, t.topologyKey, 1);
        }
      }
      // Existing pods matching this pod's required terms.
      if (reqAff.length > 0 || reqAnti.length > 0) {
        for (const ni of snap.nodeInfoList) {
          if (!ni.node) continue;
          for (const pi of ni.pods) {
            if (reqAff.length > 0 && podMatchesAllAffinityTerms(reqAff, pi.pod)) for (const t of reqAff) bump(s.affinityCounts, ni, t.topologyKey, 1);
            for (const t of reqAnti) if (t.matches(pi.pod, null)) bump(s.antiAffinityCounts, ni, t.topologyKey, 1);
          }
        }
      }
      if (s.existingAntiAffinityCounts.size === 0 && reqAff.length === 0 && reqAnti.length === 0) return { result: null, status: new Status('Skip') };
      state.write(preFilterStateKey, s);
      return { result: null, status: null };
    },
    preFilterExtensions: () => extensions,
    filter(state, pod, nodeInfo) {
      const s = preFilterState.read(state);
      const labels = nodeInfo.node?.metadata?.labels ?? {};
      // 1. Required affinity.
      let podsExist = true;
      for (const t of s.requiredAffinity) {
        const v = labels[t.topologyKey];
        if (v === undefined) return new Status('UnschedulableAndUnresolvable', [ErrReasonAffinityRulesNotMatch]);
        if ((s.affinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
      }
      // The first pod of a self-affine group: nothing matches anywhere yet, but the pod matches itself.
      if (!podsExist && !(s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinity, pod))) {
        return new Status('UnschedulableAndUnresolvable', [ErrReasonAffinityRulesNotMatch]);
      }
      // 2. Required anti-affinity.
      if (s.antiAffinityCounts.size > 0) {
        for (const t of s.requiredAntiAffinity) {
          const v = labels[t.topologyKey];
          if (v !== undefined && (s.antiAffinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) > 0) return new Status('Unschedulable', [ErrReasonAntiAffinityRulesNotMatch]);
        }
      }
      // 3. Existing pods' anti-affinity.
      if (s.existingAntiAffinityCounts.size > 0) {
        for (const k of Object.keys(labels)) {
          if ((s.existingAntiAffinityCounts.get(pairKey(k, labels[k]!)) ?? 0) > 0) return new Status('Unschedulable', [ErrReasonExistingAntiAffinityRulesNotMatch]);
        }
      }
      return null;
    },
    preScore(state: CycleState, pod: Pod, nodes) {
      if (nodes.length === 0) return new Status('Skip');
      const aff = pod.spec?.affinity;
      const hasConstraints = !!aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length || !!aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length;
      if (ignoreExisting && !hasConstraints) return new Status('Skip');
      const snap = handle.snapshot();
      // Without preferred terms of its own, only nodes hosting pods with affinity can matter.
      const all = hasConstraints ? snap.nodeInfoList : snap.havePodsWithAffinityList();
      if (all.length === 0) return new Status('Skip');
      const mine = affinityOfPod(pod);
      const prefAff = mine.preferredAffinity.map((w) => ({ term: mergeNamespaces(w.term, handle.listers), weight: w.weight }));
      const prefAnti = mine.preferredAntiAffinity.map((w) => ({ term: mergeNamespaces(w.term, handle.listers), weight: w.weight }));
      const nsLabels = namespaceLabels(handle.listers, pod.metadata?.namespace ?? '');
      const m = new Map<string, Map<string, number>>();
      for (const ni of all) {
        const node = ni.node;
        if (!node || !node.metadata?.labels || Object.keys(node.metadata.labels).length === 0) continue;
        const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
        for (const existing of pods) {
          processTerms(m, prefAff, existing.pod, null, ni, 1);
          processTerms(m, prefAnti, existing.pod, null, ni, -1);
          const theirs = affinityOf(existing);
          if (hardPodAffinityWeight > 0) for (const t of theirs.requiredAffinity) processTerm(m, t, hardPodAffinityWeight, pod, nsLabels, ni, 1);
          processTerms(m, theirs.preferredAffinity, pod, nsLabels, ni, 1);
          processTerms(m, theirs.preferredAntiAffinity, pod, nsLabels, ni, -1);
        }
      }
      if (m.size === 0) return new Status('Skip');
      state.write(preScoreStateKey, new PreScoreState(m));
      return null;
    },
    score(state, _pod, nodeInfo) {
      const s = preScoreState.read(state);
      const labels = nodeInfo.node?.metadata?.labels ?? {};
      let score = 0;
      for (const [k, values] of s.topologyScore) {
        const v = labels[k];
        if (v !== undefined) score += values.get(v) ?? 0;
      }
      return score;
    },
    normalizeScore(state, _pod, scores) {
      const s = state.tryRead<PreScoreState>(preScoreStateKey);
      if (!s || s.topologyScore.size === 0) return null;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < scores.length; i++) {
        const v = scores.scores[i]!;
        if (v > max) max = v;
        if (v < min) min = v;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) {
        scores.scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores.scores[i]! - min) / diff)) : 0;
      }
      return null;
    },
    eventsToRegister: () => [
      { resource: 'Pod', actionType: ActionType.All },
      { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
    ],
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
}
