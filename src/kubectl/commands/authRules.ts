/**
 * `kubectl auth can-i --list`: the rules of a SelfSubjectRulesReview broken down to one verb, resource
 * and name each, merged again per resource (kubectl's rbac util BreakdownRule and CompactRules), sorted
 * by the rule's Go String() form (so by verbs first), printed as cani.go prints them.
 */
import { compactedForDisplay, type RuleLike } from '../../sim/auth/rbac/compact';
import { goList } from '../describe/apps';

export interface RulesReviewStatus {
  resourceRules?: { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  nonResourceRules?: { verbs?: string[]; nonResourceURLs?: string[] }[];
  incomplete?: boolean;
  evaluationError?: string;
}

/** describe.CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`. */
function combineResourceGroup(resources: readonly string[] = [], groups: readonly string[] = []): string {
  if (resources.length === 0) return '';
  const first = resources[0]!;
  const slash = first.indexOf('/');
  let out = slash < 0 ? first : first.slice(0, slash);
  if (groups.length > 0 && groups[0] !== '') out += `.${groups[0]}`;
  if (slash >= 0) out += `/${first.slice(slash + 1)}`;
  return out;
}

/** The table's text with tabs between cells (the caller lays it out with kubectl's tabwriter). */
export function accessTable(status: RulesReviewStatus, noHeaders: boolean): string {
  const rules: RuleLike[] = [
    ...(status.resourceRules ?? []).map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], resourceNames: r.resourceNames ?? [] })),
    ...(status.nonResourceRules ?? []).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] })),
  ];
  const lines = noHeaders ? [] : ['Resources\tNon-Resource URLs\tResource Names\tVerbs\n'];
  for (const r of compactedForDisplay(rules)) lines.push(`${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
  return lines.join('');
}
