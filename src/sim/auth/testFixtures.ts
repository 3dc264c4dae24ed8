/** Builders for the authorizers' tests: users, RBAC objects and request attributes in one line each. */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import type { Subject } from './rbac/subjects';
import type { PolicyRule, RequestAttributes, UserInfo } from './types';

export function user(name: string, ...groups: string[]): UserInfo {
  return { name, groups: [...groups, 'system:authenticated'] };
}

export const U = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
export const G = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
export const SA = (name: string, namespace?: string): Subject => (namespace === undefined ? { kind: 'ServiceAccount', name } : { kind: 'ServiceAccount', name, namespace });

/** The API type's rule has writable lists; ours are read-only. */
type ApiRule = NonNullable<ClusterRole['rules']>[number];
function apiRules(rules: PolicyRule[]): ApiRule[] {
  return rules.map((r) => JSON.parse(JSON.stringify(r)) as ApiRule);
}

export function clusterRole(name: string, ...rules: PolicyRule[]): ClusterRole {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: apiRules(rules) };
}
export function role(namespace: string, name: string, ...rules: PolicyRule[]): Role {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: apiRules(rules) };
}
export function clusterRoleBinding(name: string, roleName: string, ...subjects: Subject[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects,
  };
}
export function roleBinding(namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, ...subjects: Subject[]): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

/** A resource request: `res` may be `pods/log`; group and namespace default to core and cluster scope. */
export function req(u: UserInfo, verb: string, res: string, opts: { group?: string; namespace?: string; name?: string } = {}): RequestAttributes {
  const slash = res.indexOf('/');
  return {
    user: u,
    verb,
    resourceRequest: true,
    apiGroup: opts.group ?? '',
    apiVersion: 'v1',
    resource: slash < 0 ? res : res.slice(0, slash),
    subresource: slash < 0 ? '' : res.slice(slash + 1),
    namespace: opts.namespace ?? '',
    name: opts.name ?? '',
    path: '',
  };
}

export function urlReq(u: UserInfo, verb: string, path: string): RequestAttributes {
  return { user: u, verb, resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path };
}
