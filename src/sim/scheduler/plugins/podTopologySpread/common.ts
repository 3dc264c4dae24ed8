/**
 * The constraint model PodTopologySpread's filter and score share (podtopologyspread/common.go):
 * which constraints apply to a pod, the selector each counts with, and which nodes each counts.
 */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { Node } from '../../../types';
import type { Listers } from '../../framework/interface';
import type { NodeInfo, PodInfo } from '../../framework/nodeInfo';
import { requiredNodeSelectorAndAffinityMatch } from '../helper/nodeSelector';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint } from '../helper/taints';
import { LabelMatcher, compileLabelSelector, setSelector, type LabelRequirement } from '../helper/labelSelector';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** The System defaulting type's constraints: spread by hostname (skew 3) and zone (skew 5), softly. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  /** `System` (the default) uses SYSTEM_DEFAULT_CONSTRAINTS; `List` uses defaultConstraints. */
  defaultingType?: 'System' | 'List';
}

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelMatcher;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/**
 * The pod's constraints of one `whenUnsatisfiable` kind. With matchLabelKeys, the pod's own values
 * of those keys are ANDed into the selector (keys the pod lacks are ignored).
 */
export function filterConstraints(cs: readonly TopologySpreadConstraint[], podLabels: Readonly<Record<string, string>> | undefined, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const out: Constraint[] = [];
  for (const c of cs) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = compileLabelSelector(c.labelSelector);
    if (c.matchLabelKeys?.length) {
      const extra: LabelRequirement[] = [];
      for (const k of c.matchLabelKeys) {
        const v = podLabels?.[k];
        if (v !== undefined) extra.push({ key: k, op: 'In', values: [v] });
      }
      selector = selector.and(extra);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
    });
  }
  return out;
}

/**
 * helper.DefaultSelector: the union of what selects the pod — the selectors of Services and
 * ReplicationControllers (label maps) and of ReplicaSets and StatefulSets (label selectors) in its
 * namespace that match it. Empty when nothing selects the pod.
 */
export function defaultSelector(pod: Pod, listers: Listers): LabelMatcher {
  const ns = pod.metadata?.namespace;
  const labels = pod.metadata?.labels ?? {};
  const set: Record<string, string> = {};
  const mapMatches = (sel: Record<string, string> | undefined | null): boolean => {
    if (!sel) return false;
    const keys = Object.keys(sel);
    for (const k of keys) if (labels[k] !== sel[k]) return false;
    return true;
  };
  for (const svc of listers.list<{ spec?: { selector?: Record<string, string> } }>('services', ns)) {
    const sel = svc.spec?.selector;
    // A Service without a selector (or an empty one) selects nothing here.
    if (sel && Object.keys(sel).length > 0 && mapMatches(sel)) Object.assign(set, sel);
  }
  for (const rc of listers.list<{ spec?: { selector?: Record<string, string> } }>('replicationcontrollers', ns)) {
    const sel = rc.spec?.selector;
    if (sel && Object.keys(sel).length > 0 && mapMatches(sel)) Object.assign(set, sel);
  }
  const reqs: LabelRequirement[] = [...setSelector(set).requirements];
  for (const kind of ['replicasets', 'statefulsets']) {
    for (const o of listers.list<{ spec?: { selector?: import('../../../types').LabelSelector } }>(kind, ns)) {
      let m: LabelMatcher;
      try {
        m = compileLabelSelector(o.spec?.selector);
      } catch {
        continue;
      }
      if (m.empty() || m.nothing || !m.matches(labels)) continue;
      reqs.push(...m.requirements);
    }
  }
  return LabelMatcher.of(reqs);
}

/** Node inclusion: nodeAffinityPolicy Honor keeps only nodes the pod's node affinity/selector accepts; nodeTaintsPolicy Honor only nodes whose taints it tolerates. */
export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !requiredNodeSelectorAndAffinityMatch(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter)) return false;
  return true;
}

/** True when the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Readonly<Record<string, string>> | undefined, cs: readonly Constraint[]): boolean {
  if (!labels) return cs.length === 0;
  for (const c of cs) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** Pods in `namespace`, not terminating, whose labels the selector matches. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelMatcher, namespace: string | undefined): number {
  if (selector.nothing) return 0;
  let n = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!.pod;
    if (p.metadata?.deletionTimestamp || p.metadata?.namespace !== namespace) continue;
    if (selector.matches(p.metadata?.labels)) n++;
  }
  return n;
}

/** The key countNodePodsMatchSelector remembers a count under: the namespace and the selector. */
export function matchCountKey(selector: LabelMatcher, namespace: string | undefined): string {
  return (namespace === undefined ? '-' : '+' + namespace) + '\n' + selector.key();
}

/**
 * countPodsMatchSelector over a node's pods, remembered until the node's pod list changes (its
 * generation moves on every pod added or removed, a pod update being both). Every cycle counts the
 * same selector on every node, and most nodes did not change since the last cycle that asked.
 * `key` is matchCountKey(selector, namespace), built once per cycle.
 */
export function countNodePodsMatchSelector(ni: NodeInfo, selector: LabelMatcher, namespace: string | undefined, key: string): number {
  if (selector.nothing || ni.pods.length === 0) return 0;
  let memo = ni.matchCounts;
  if (!memo || ni.matchCountsGeneration !== ni.generation) {
    if (memo) memo.clear();
    else ni.matchCounts = memo = new Map();
    ni.matchCountsGeneration = ni.generation;
  }
  let n = memo.get(key);
  if (n === undefined) memo.set(key, (n = countPodsMatchSelector(ni.pods, selector, namespace)));
  return n;
}

/** Builds the constraints a pod gets: its own of this kind, else the profile defaults with the default selector. */
export class ConstraintSource {
  readonly defaults: readonly TopologySpreadConstraint[];
  readonly systemDefaulted: boolean;

  constructor(args: PodTopologySpreadArgs, private readonly listers: Listers) {
    const type = args.defaultingType ?? 'System';
    this.systemDefaulted = type === 'System';
    this.defaults = type === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints ?? [];
  }

  constraintsFor(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
    const own = pod.spec?.topologySpreadConstraints;
    if (own && own.length > 0) return filterConstraints(own, pod.metadata?.labels, action);
    const cs = filterConstraints(this.defaults, pod.metadata?.labels, action);
    if (cs.length === 0) return cs;
    const sel = defaultSelector(pod, this.listers);
    if (sel.empty()) return [];
    for (const c of cs) c.selector = sel;
    return cs;
  }
}
