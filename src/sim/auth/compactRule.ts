/**
 * A PolicyRule as rbac/v1's CompactString writes it — the form kube-apiserver's escalation errors and
 * the request log use: `{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`. Only the fields a
 * rule sets are written, in this order: APIGroups, Resources, NonResourceURLs, ResourceNames, Verbs;
 * each list as Go's %q prints a []string (quoted items separated by a space).
 */
import type { PolicyRule } from './types';

function quotedList(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(' ')}]`;
}

export function compactRule(rule: PolicyRule): string {
  const parts: string[] = [];
  const add = (label: string, items: readonly string[] | undefined): void => {
    if (items && items.length > 0) parts.push(`${label}:${quotedList(items)}`);
  };
  add('APIGroups', rule.apiGroups);
  add('Resources', rule.resources);
  add('NonResourceURLs', rule.nonResourceURLs);
  add('ResourceNames', rule.resourceNames);
  add('Verbs', rule.verbs);
  return `{${parts.join(', ')}}`;
}
