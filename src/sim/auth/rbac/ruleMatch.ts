/**
 * Whether one PolicyRule allows one request: RBAC's RuleAllows and the matchers it is built from
 * (pkg/apis/rbac/v1 evaluation helpers). Every matcher answers for a list field of the rule: one entry
 * matching is enough, `*` matches everything, and an empty list matches nothing — except resourceNames,
 * where an empty list means "any name".
 */
import type { PolicyRule, RequestAttributes } from '../types';

/** `*` in verbs, apiGroups, resources and nonResourceURLs. */
export const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/**
 * `combined` is `pods` or `pods/log`. A rule resource matches when it is `*`, equals the combined name,
 * or is a star, a slash and the request's subresource (`*` + `/scale`). A rule resource `pods/*` is not
 * a pattern: it matches only a subresource literally named `*`, as upstream.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** No resourceNames: any name, including none (list, create). Otherwise the request must name one of them. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Exact path, `*`, or a prefix pattern ending in `*` (`/healthz/*` also matches `/healthz/`, not `/healthz`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimRightStars(u))) return true;
  }
  return false;
}

/** The combined resource a request names: `pods`, or `pods/log` for a subresource. */
export function combinedResource(a: Pick<RequestAttributes, 'resource' | 'subresource'>): string {
  return a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
}

/** RBAC's RuleAllows: a resource request checks verb, group, resource and name; a non-resource one verb and path. */
export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    return (
      verbMatches(rule, a.verb) &&
      apiGroupMatches(rule, a.apiGroup) &&
      resourceMatches(rule, combinedResource(a), a.subresource) &&
      resourceNameMatches(rule, a.name)
    );
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/** RulesAllow: any of the rules allows. */
export function rulesAllow(a: RequestAttributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(a, r));
}

/** Go's strings.TrimRight(s, "*"). */
export function trimRightStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '*') end--;
  return s.slice(0, end);
}
