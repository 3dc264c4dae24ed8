/**
 * Impersonation (`kubectl --as=alice --as-group=dev`), as kube-apiserver's impersonation filter does
 * it: before the request itself is authorized, the real user must be allowed to `impersonate` each
 * thing asked for — the user (or the service account, when the name is one), then every group — and
 * the first refusal answers the request with 403. Then the request runs as the impersonated user.
 */
import { parseServiceAccountUser } from './rbac/subjects';
import type { Decision, RequestAttributes, UserInfo } from './types';

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';

/** What `--as` and `--as-group` ask for. */
export interface ImpersonationTarget {
  readonly user: string;
  readonly groups?: readonly string[];
}

/** serviceaccount.MakeGroupNames: the groups every service account of a namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

function impersonateAttributes(requester: UserInfo, resource: string, namespace: string, name: string): RequestAttributes {
  return { user: requester, verb: 'impersonate', resourceRequest: true, apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace, name, path: '' };
}

/** The checks, in upstream's order: `serviceaccounts` (namespaced) or `users`, then `groups`, one per group. */
export function impersonationChecks(requester: UserInfo, as: ImpersonationTarget): RequestAttributes[] {
  const sa = parseServiceAccountUser(as.user);
  const checks = [sa ? impersonateAttributes(requester, 'serviceaccounts', sa.namespace, sa.name) : impersonateAttributes(requester, 'users', '', as.user)];
  for (const g of as.groups ?? []) checks.push(impersonateAttributes(requester, 'groups', '', g));
  return checks;
}

/**
 * The user the request runs as: the asked-for groups (a service account's own groups when none are
 * asked for), plus `system:authenticated` unless system:authenticated or system:unauthenticated is
 * already there; `system:anonymous` gets `system:unauthenticated` instead.
 */
export function impersonatedUser(as: ImpersonationTarget): UserInfo {
  const sa = parseServiceAccountUser(as.user);
  const groups = [...(as.groups ?? [])];
  if (sa && groups.length === 0) groups.push(...serviceAccountGroups(sa.namespace));
  if (as.user !== ANONYMOUS) {
    if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) groups.push(ALL_AUTHENTICATED);
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  return { name: as.user, groups };
}

/**
 * Authorizes the impersonation: the user to act as, or the check that was refused with its decision
 * (forbiddenStatusMessage(check, decision.reason) words the 403).
 */
export function authorizeImpersonation(
  authorizer: { authorize(a: RequestAttributes): Decision },
  requester: UserInfo,
  as: ImpersonationTarget,
): { readonly user: UserInfo; readonly denied?: undefined } | { readonly user?: undefined; readonly denied: { readonly check: RequestAttributes; readonly decision: Decision } } {
  for (const check of impersonationChecks(requester, as)) {
    const decision = authorizer.authorize(check);
    if (!decision.allowed) return { denied: { check, decision } };
  }
  return { user: impersonatedUser(as) };
}
