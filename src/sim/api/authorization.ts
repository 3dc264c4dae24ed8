/**
 * How the API server asks whether a request may be served: the request's attributes as the
 * authorization filter builds them, kube-apiserver's `--authorization-mode`, and the impersonation
 * filter (`Impersonate-User` / `Impersonate-Group`), which checks the `impersonate` verb before the
 * request runs as the impersonated user.
 */
import { serviceAccountGroups, serviceAccountOf, withAuthenticated } from '../auth/authn';
import { forbiddenDetails, forbiddenStatusMessage } from '../auth/forbidden';
import type { Decision, RequestAttributes, SubjectRules, UserInfo } from '../auth/types';
import { StatusError } from './types';

/** What the server asks: kubeadm's chain (system:masters, Node, RBAC) answers. */
export interface RequestAuthorizer {
  authorize(a: RequestAttributes): Decision;
  /** What `user` may do in `namespace` (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): SubjectRules;
}

/**
 * kube-apiserver's `--authorization-mode`: kubeadm's `Node,RBAC`, or `AlwaysAllow` (every request
 * served, none asked about) for clusters built without the bootstrap policy.
 */
export type AuthorizationMode = 'Node,RBAC' | 'AlwaysAllow';

/** What a client asks to be served as: kubectl's `--as` and `--as-group`. */
export interface Impersonation {
  readonly user: string;
  readonly groups?: readonly string[];
}

/** The attributes of a resource request (authorizer.AttributesRecord with ResourceRequest true). */
export function resourceAttributes(user: UserInfo, verb: string, apiGroup: string, apiVersion: string, resource: string, subresource: string | undefined, namespace: string | undefined, name: string | undefined): RequestAttributes {
  return { user, verb, resourceRequest: true, apiGroup, apiVersion, resource, subresource: subresource ?? '', namespace: namespace ?? '', name: name ?? '', path: '' };
}

/** The 403 the authorization filter writes for a denied request (responsewriters.Forbidden). */
export function forbiddenError(a: RequestAttributes, reason: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: forbiddenStatusMessage(a, reason), reason: 'Forbidden', details: forbiddenDetails(a), code: 403 });
}

/** One check the impersonation filter makes, and what it decided. */
export interface ImpersonationCheck {
  readonly attributes: RequestAttributes;
  readonly decision: Decision;
}

/**
 * The impersonation filter (WithImpersonation): `impersonate` on the user (or, for a
 * `system:serviceaccount:ns:name` user, on the ServiceAccount in its namespace), then on each group,
 * in that order; the first denial is the 403 the client gets. Allowed, the request runs as the user
 * with the groups asked for — a ServiceAccount without groups asked gets its fixed groups — and,
 * for anyone but `system:anonymous`, `system:authenticated`.
 */
export function impersonate(authorizer: RequestAuthorizer, requester: UserInfo, as: Impersonation): { user: UserInfo; checks: ImpersonationCheck[] } | { denied: StatusError; checks: ImpersonationCheck[] } {
  const checks: ImpersonationCheck[] = [];
  const sa = serviceAccountOf(as.user);
  const asked = as.groups ?? [];
  const wanted: [resource: string, namespace: string, name: string][] = [sa ? ['serviceaccounts', sa.namespace, sa.name] : ['users', '', as.user], ...asked.map((g): [string, string, string] => ['groups', '', g])];
  for (const [resource, namespace, name] of wanted) {
    const attributes = resourceAttributes(requester, 'impersonate', '', 'v1', resource, undefined, namespace, name);
    const decision = authorizer.authorize(attributes);
    checks.push({ attributes, decision });
    if (!decision.allowed) return { denied: forbiddenError(attributes, decision.reason), checks };
  }
  let groups: string[] = sa && asked.length === 0 ? serviceAccountGroups(sa.namespace) : [...asked];
  if (as.user !== 'system:anonymous') groups = withAuthenticated(groups);
  return { user: Object.freeze({ name: as.user, groups: Object.freeze(groups) }), checks };
}
