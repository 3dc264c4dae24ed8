/**
 * RBAC's guard against privilege escalation through the RBAC API itself
 * (pkg/registry/rbac/escalation_check.go and validation/rule.go):
 *
 * - writing a Role or ClusterRole is allowed to system:masters, to whoever may `escalate` that role,
 *   and otherwise only when the writer already holds every permission the role grants;
 * - writing a RoleBinding or ClusterRoleBinding is allowed to system:masters, to whoever may `bind`
 *   the referenced role, and otherwise only when the writer already holds every permission of it.
 *
 * The functions return the error text of the refusal (the API server wraps it in NewForbidden for the
 * object being written), or undefined when the write may go ahead.
 */
import { aggregateErrors, type RbacAuthorizer } from './rbac/authorizer';
import { breakdownRule, compactRules, type FlatRule } from './rbac/compact';
import { goQuote, goQuoteList } from './rbac/subjects';
import type { Decision, PolicyRule, RequestAttributes, UserInfo } from './types';

export const SYSTEM_MASTERS = 'system:masters';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Anything that decides requests: the whole chain, as upstream passes the API server's authorizer. */
export interface Authorizes {
  authorize(a: RequestAttributes): Decision;
}

/**
 * Where the writer's own rules come from: RBAC's rule resolver, reading roles the way the RBAC storage
 * does (from the registry, so a missing role is `roles.rbac.authorization.k8s.io "x" not found`).
 */
export type RuleResolver = Pick<RbacAuthorizer, 'policyRulesFor' | 'roleReferenceRules'>;

// ---- Covers: does one rule set include another? (component-helpers rbac/validation) ----

function has(set: readonly string[] | undefined, s: string): boolean {
  return (set ?? []).includes(s);
}
function hasAll(set: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  const owned = new Set(set ?? []);
  return (wanted ?? []).every((w) => owned.has(w));
}

function resourceCoversAll(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (has(owner, '*') || hasAll(owner, wanted)) return true;
  for (const path of wanted ?? []) {
    if (has(owner, path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!has(owner, `*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  if (owner === sub) return true;
  if (!owner.endsWith('*')) return false;
  let end = owner.length;
  while (end > 0 && owner[end - 1] === '*') end--;
  return sub.startsWith(owner.slice(0, end));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  // a stored role may hold a null rule (written before validation): it covers nothing
  if (owner === null || typeof owner !== 'object') return false;
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, p)));
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const names = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

/** Covers: whether the owner's rules include every broken-down servant rule, and the ones they do not. */
export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): { covered: boolean; missing: FlatRule[] } {
  const missing: FlatRule[] = [];
  for (const sub of servantRules.flatMap(breakdownRule)) {
    if (!ownerRules.some((o) => ruleCovers(o, sub))) missing.push(sub);
  }
  return { covered: missing.length === 0, missing };
}

/** CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`, fields present only when not empty. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if ((r.apiGroups ?? []).length) parts.push(`APIGroups:${goQuoteList(r.apiGroups!)}`);
  if ((r.resources ?? []).length) parts.push(`Resources:${goQuoteList(r.resources!)}`);
  if ((r.nonResourceURLs ?? []).length) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs!)}`);
  if ((r.resourceNames ?? []).length) parts.push(`ResourceNames:${goQuoteList(r.resourceNames!)}`);
  if (r.verbs.length) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * ConfirmNoEscalation: the error when the user's own rules in the namespace (`''` for a cluster-scoped
 * write) do not cover `rules`; the missing rules compacted, one per line, sorted and de-duplicated:
 *
 *   user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:
 *   {APIGroups:[""], Resources:["pods"], Verbs:["get"]}
 */
export function confirmNoEscalation(resolver: RuleResolver, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owner = resolver.policyRulesFor(user, namespace, 'storage');
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (owner.errors.length) msg += `; resolution errors: [${aggregateErrors(owner.errors)}]`;
  return msg;
}

/** EscalationAllowed: members of system:masters (the API server's own loopback identity among them) skip every check. */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}

/** RoleEscalationAuthorized: may the user `escalate` this role (roles/clusterroles in rbac.authorization.k8s.io)? */
export function roleEscalationAuthorized(
  authorizer: Authorizes,
  user: UserInfo,
  target: { readonly resource: 'roles' | 'clusterroles'; readonly namespace: string; readonly name: string },
): boolean {
  return authorizer.authorize({
    user,
    verb: 'escalate',
    resourceRequest: true,
    apiGroup: RBAC_GROUP,
    apiVersion: '*',
    resource: target.resource,
    subresource: '',
    namespace: target.namespace,
    name: target.name,
    path: '',
  }).allowed;
}

/**
 * BindingAuthorized: may the user `bind` the referenced role in the binding's namespace (`''` for a
 * ClusterRoleBinding)? The check names the role, so `resourceNames` can limit which roles one may bind.
 */
export function bindingAuthorized(
  authorizer: Authorizes,
  user: UserInfo,
  roleRef: { readonly apiGroup?: string; readonly kind: string; readonly name: string },
  bindingNamespace: string,
): boolean {
  const resource = roleRef.kind === 'ClusterRole' ? 'clusterroles' : roleRef.kind === 'Role' ? 'roles' : undefined;
  if (!resource) return false;
  return authorizer.authorize({
    user,
    verb: 'bind',
    resourceRequest: true,
    // v1 defaulting fills an empty roleRef.apiGroup before the storage sees it
    apiGroup: roleRef.apiGroup || RBAC_GROUP,
    apiVersion: '',
    resource,
    subresource: '',
    namespace: bindingNamespace,
    name: roleRef.name,
    path: '',
  }).allowed;
}

/** The rules to hold to set an aggregationRule on a ClusterRole: everything. */
export const FULL_AUTHORITY: readonly PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

export const AGGREGATION_RULE_REFUSAL = 'must have cluster-admin privileges to use the aggregationRule';

/**
 * The role storage's check on create and update of a Role (namespace set) or ClusterRole (namespace
 * `''`). Returns the error to wrap in NewForbidden(roles|clusterroles, name, …), or undefined.
 */
export function checkRoleWrite(
  authorizer: Authorizes,
  resolver: RuleResolver,
  user: UserInfo,
  role: {
    readonly resource: 'roles' | 'clusterroles';
    readonly namespace: string;
    /** the name in the request's URL, as the `escalate` check sees it: `''` on create, the role's name on update */
    readonly name: string;
    readonly rules: readonly PolicyRule[];
    readonly hasAggregationRule?: boolean;
  },
): string | undefined {
  if (escalationAllowed(user) || roleEscalationAuthorized(authorizer, user, role)) return undefined;
  const refusal = confirmNoEscalation(resolver, user, role.namespace, role.rules);
  if (refusal !== undefined) return refusal;
  if (role.resource === 'clusterroles' && role.hasAggregationRule && confirmNoEscalation(resolver, user, '', FULL_AUTHORITY) !== undefined) {
    return AGGREGATION_RULE_REFUSAL;
  }
  return undefined;
}

/**
 * Why a binding write is refused: Forbidden wrapped by NewForbidden, the registry's NotFound for a
 * missing role passed up as it is, or (a roleRef kind that is neither Role nor ClusterRole) the
 * resolver's plain error, which the API server answers as an internal error.
 */
export type BindingRefusal =
  | { readonly reason: 'Forbidden'; readonly message: string }
  | { readonly reason: 'NotFound'; readonly group: string; readonly resource: 'roles' | 'clusterroles'; readonly name: string; readonly message: string }
  | { readonly reason: 'InternalError'; readonly message: string };

/**
 * The binding storage's check on create and update of a RoleBinding (namespace set) or
 * ClusterRoleBinding (namespace `''`), or undefined when the write may go on. A Forbidden message is
 * to be wrapped in NewForbidden(rolebindings|clusterrolebindings, name, …); a roleRef that does not
 * resolve is the registry's own NotFound (404), returned unwrapped as upstream does, before the
 * object's validation runs.
 */
export function checkBindingWrite(
  authorizer: Authorizes,
  resolver: RuleResolver,
  user: UserInfo,
  binding: { readonly namespace: string; readonly roleRef: { readonly apiGroup?: string; readonly kind: string; readonly name: string } },
): BindingRefusal | undefined {
  if (escalationAllowed(user)) return undefined;
  if (bindingAuthorized(authorizer, user, binding.roleRef, binding.namespace)) return undefined;
  const resolved = resolver.roleReferenceRules(binding.roleRef, binding.namespace, 'storage');
  if (resolved.error !== undefined) {
    const kind = binding.roleRef.kind;
    if (kind !== 'Role' && kind !== 'ClusterRole') return { reason: 'InternalError', message: resolved.error };
    return { reason: 'NotFound', group: RBAC_GROUP, resource: kind === 'Role' ? 'roles' : 'clusterroles', name: binding.roleRef.name, message: resolved.error };
  }
  const message = confirmNoEscalation(resolver, user, binding.namespace, resolved.rules);
  return message === undefined ? undefined : { reason: 'Forbidden', message };
}
