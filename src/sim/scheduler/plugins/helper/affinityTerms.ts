/**
 * Pod (anti-)affinity terms, parsed once per PodInfo (framework.NewPodInfo's AffinityTerm and
 * WeightedAffinityTerm). A term selects pods by labels within a set of namespaces: the listed
 * `namespaces`, plus those whose labels match `namespaceSelector`. With neither, the term's own pod's
 * namespace. A nil namespaceSelector selects no namespace; `{}` selects all.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { Listers } from '../../framework/interface';
import type { PodInfo } from '../../framework/nodeInfo';
import { LabelMatcher, compileLabelSelector } from './labelSelector';

export class AffinityTerm {
  constructor(
    readonly namespaces: ReadonlySet<string>,
    readonly selector: LabelMatcher,
    readonly topologyKey: string,
    readonly namespaceSelector: LabelMatcher,
  ) {}

  /** True if `pod` is selected: in one of the namespaces (or a namespace the selector picks) and labels match. */
  matches(pod: Pod, nsLabels: Readonly<Record<string, string>> | null): boolean {
    if (this.namespaces.has(pod.metadata?.namespace ?? '') || this.namespaceSelector.matches(nsLabels)) {
      return this.selector.matches(pod.metadata?.labels);
    }
    return false;
  }
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export interface ParsedAffinity {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

const EMPTY: ParsedAffinity = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

function newTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const ns = new Set<string>();
  if (!t.namespaces?.length && !t.namespaceSelector) ns.add(pod.metadata?.namespace ?? '');
  else for (const n of t.namespaces ?? []) ns.add(n);
  return new AffinityTerm(ns, compileLabelSelector(t.labelSelector), t.topologyKey, t.namespaceSelector ? compileLabelSelector(t.namespaceSelector) : LabelMatcher.NOTHING);
}

function weighted(pod: Pod, ts: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const w of ts ?? []) out.push({ term: newTerm(pod, w.podAffinityTerm), weight: w.weight });
  return out;
}

/** The pod's parsed terms (memoized on the PodInfo). Throws if a selector is invalid. */
export function affinityOf(pi: PodInfo): ParsedAffinity {
  if (pi.parsedAffinity) return pi.parsedAffinity as ParsedAffinity;
  const parsed = affinityOfPod(pi.pod);
  pi.parsedAffinity = parsed;
  return parsed;
}

const byPod = new WeakMap<Pod, ParsedAffinity>();

/** The same for a bare pod object (the pod being scheduled), memoized per object. */
export function affinityOfPod(pod: Pod): ParsedAffinity {
  const a = pod.spec?.affinity;
  if (!a?.podAffinity && !a?.podAntiAffinity) return EMPTY;
  const hit = byPod.get(pod);
  if (hit) return hit;
  let parsed = EMPTY;
  if (a?.podAffinity || a?.podAntiAffinity) {
    parsed = {
      requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newTerm(pod, t)),
      requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newTerm(pod, t)),
      preferredAffinity: weighted(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: weighted(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    };
  }
  byPod.set(pod, parsed);
  return parsed;
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: resolves a term's namespaceSelector against the current
 * namespaces into its namespace set (an empty `{}` selector stays, matching every namespace). Used on
 * the incoming pod's terms so existing pods can be matched without looking up their namespaces.
 */
export function mergeNamespaces(t: AffinityTerm, listers: Listers): AffinityTerm {
  if (t.namespaceSelector.empty() || t.namespaceSelector.nothing) return t;
  const ns = new Set(t.namespaces);
  for (const n of listers.list<{ metadata?: { name?: string; labels?: Record<string, string> } }>('namespaces')) {
    if (t.namespaceSelector.matches(n.metadata?.labels)) ns.add(n.metadata?.name ?? '');
  }
  return new AffinityTerm(ns, t.selector, t.topologyKey, LabelMatcher.NOTHING);
}

/** The labels of a namespace, or null when it is not known (GetNamespaceLabelsSnapshot). */
export function namespaceLabels(listers: Listers, namespace: string): Readonly<Record<string, string>> | null {
  const ns = listers.get<{ metadata?: { labels?: Record<string, string> } }>('namespaces', undefined, namespace);
  return ns ? ns.metadata?.labels ?? {} : null;
}

/** True if the pod matches every term (and there is at least one). */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!t.matches(pod, null)) return false;
  return true;
}
