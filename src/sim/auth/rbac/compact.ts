/**
 * RBAC's rule breakdown and compaction, shared by the API server (the escalation check's list of
 * missing rules, pkg/registry/rbac/validation) and kubectl (`auth can-i --list`, `describe role`;
 * kubectl/pkg/util/rbac). Both upstream copies key simple rules the same way: group, resource, whether
 * a resourceName is given, and that name. So `get` and `update` on the configmap `app` print as one
 * rule, and a named rule never merges with an unnamed one.
 */
import type { PolicyRule } from '../types';

/** A rule as breakdown and compaction produce it: plain arrays, absent fields left out. */
export interface FlatRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Any rule shape with PolicyRule's fields (the simulator's own, or kubernetes-types' with optional verbs). */
export type RuleLike = Omit<PolicyRule, 'verbs'> & { readonly verbs?: readonly string[] };

/**
 * BreakdownRule: one rule per group × resource × verb (× resourceName, when names are given), then one
 * per non-resource URL × verb.
 */
export function breakdownRule(rule: RuleLike): FlatRule[] {
  const out: FlatRule[] = [];
  // The escalation check runs before validation: a `null` rule is Go's zero PolicyRule and yields nothing.
  if (rule === null || typeof rule !== 'object') return out;
  const verbs = rule.verbs ?? [];
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of verbs) {
        if (names.length === 0) out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        else for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/**
 * The key of a "simple" rule (one group, one resource, at most one name, no URLs), or undefined for
 * any other rule, which compaction passes through untouched.
 */
function simpleKey(r: FlatRule): string | undefined {
  const names = r.resourceNames ?? [];
  if (names.length > 1 || (r.nonResourceURLs ?? []).length > 0) return undefined;
  if ((r.apiGroups ?? []).length !== 1 || (r.resources ?? []).length !== 1) return undefined;
  return JSON.stringify([r.apiGroups![0], r.resources![0], names.length > 0, names[0] ?? '']);
}

/**
 * CompactRules: simple rules with the same key are merged into the first of them, verbs appended in
 * order (repeats kept); the other rules come first, then the merged ones.
 */
export function compactRules(rules: readonly FlatRule[]): FlatRule[] {
  const others: FlatRule[] = [];
  const simple = new Map<string, FlatRule>();
  for (const r of rules) {
    const key = simpleKey(r);
    if (key === undefined) {
      others.push(r);
      continue;
    }
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, copyRule(r));
  }
  return [...others, ...simple.values()];
}

function copyRule(r: FlatRule): FlatRule {
  const out: FlatRule = { verbs: [...r.verbs] };
  if (r.apiGroups) out.apiGroups = [...r.apiGroups];
  if (r.resources) out.resources = [...r.resources];
  if (r.resourceNames) out.resourceNames = [...r.resourceNames];
  if (r.nonResourceURLs) out.nonResourceURLs = [...r.nonResourceURLs];
  return out;
}

/** Go's %v of a []string: `[a b]`, `[]` for none. */
function goList(xs: readonly string[] | undefined): string {
  return `[${(xs ?? []).join(' ')}]`;
}

/** rbacv1.PolicyRule's generated String(): the key kubectl sorts compacted rules by (so verbs first). */
export function policyRuleString(r: FlatRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** kubectl's SortableRuleSlice under sort.Stable: byte order of String(), equal keys keep their order. */
export function sortByPolicyRuleString(rules: readonly FlatRule[]): FlatRule[] {
  const keyed = rules.map((r, i) => ({ r, i, k: policyRuleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  return keyed.map((x) => x.r);
}

/** Breakdown then compaction then kubectl's sort: the rows `describe role` and `auth can-i --list` print. */
export function compactedForDisplay(rules: readonly RuleLike[]): FlatRule[] {
  return sortByPolicyRuleString(compactRules(rules.flatMap(breakdownRule)));
}
