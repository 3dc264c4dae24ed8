/**
 * A compact notation for the bootstrap policy's data, and the builders that turn it into the API
 * objects kube-apiserver's `rbac/bootstrap-roles` post-start hook and kubeadm store.
 *
 * Lists are space-separated; `""` is the core API group. A rule keeps its fields in the order the
 * API serializes them (apiGroups, resourceNames, resources, verbs; nonResourceURLs, verbs).
 */
import type { KObject } from '../../types';
import type { PolicyRule } from '../types';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

function list(s: string): string[] {
  return s.split(' ').filter((w) => w !== '').map((w) => (w === '""' ? '' : w));
}

/** A resource rule: verbs, API groups, resources and, optionally, the resource names it is limited to. */
export function r(verbs: string, groups: string, resources: string, names?: string): PolicyRule {
  return { apiGroups: list(groups), ...(names ? { resourceNames: list(names) } : {}), resources: list(resources), verbs: list(verbs) };
}

/** A non-resource rule: verbs on URL paths (`/healthz`, `/api/*`). */
export function u(verbs: string, urls: string): PolicyRule {
  return { nonResourceURLs: list(urls), verbs: list(verbs) };
}

/** A binding's subject, written `User:name`, `Group:name` or `ServiceAccount:namespace/name`. */
export type SubjectSpec = string;

export interface RbacSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export function subject(spec: SubjectSpec): RbacSubject {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon) as RbacSubject['kind'];
  const rest = spec.slice(colon + 1);
  if (kind === 'ServiceAccount') {
    const [namespace, name] = rest.split('/') as [string, string];
    return { kind, name, namespace };
  }
  return { apiGroup: RBAC_GROUP, kind, name: rest };
}

/** What the bootstrap policy puts on every object it owns: the reconciler keeps these up to date at each start. */
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' } as const;
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } as const;

export interface RoleSpec {
  name: string;
  rules: PolicyRule[];
  /** extra labels (the aggregate-to-* labels) */
  labels?: Record<string, string>;
  /** aggregate-to-* label keys whose ClusterRoles this role aggregates */
  aggregateFrom?: string[];
}

export function bootstrapClusterRole(s: RoleSpec): KObject {
  return {
    ...(s.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: s.aggregateFrom.map((k) => ({ matchLabels: { [k]: 'true' } })) } } : {}),
    apiVersion: RBAC_V1,
    kind: 'ClusterRole',
    metadata: { annotations: { ...AUTOUPDATE }, labels: { ...BOOTSTRAP_LABELS, ...(s.labels ?? {}) }, name: s.name },
    // An aggregated role starts empty; the clusterrole-aggregation controller fills it.
    rules: s.aggregateFrom ? [] : s.rules,
  } as KObject;
}

export function bootstrapRole(namespace: string, s: RoleSpec): KObject {
  return {
    apiVersion: RBAC_V1,
    kind: 'Role',
    metadata: { annotations: { ...AUTOUPDATE }, labels: { ...BOOTSTRAP_LABELS }, name: s.name, namespace },
    rules: s.rules,
  } as KObject;
}

export function bootstrapClusterRoleBinding(name: string, role: string, subjects: SubjectSpec[]): KObject {
  return {
    apiVersion: RBAC_V1,
    kind: 'ClusterRoleBinding',
    metadata: { annotations: { ...AUTOUPDATE }, labels: { ...BOOTSTRAP_LABELS }, name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    ...(subjects.length ? { subjects: subjects.map(subject) } : {}),
  } as KObject;
}

export function bootstrapRoleBinding(namespace: string, name: string, role: string, subjects: SubjectSpec[]): KObject {
  return {
    apiVersion: RBAC_V1,
    kind: 'RoleBinding',
    metadata: { annotations: { ...AUTOUPDATE }, labels: { ...BOOTSTRAP_LABELS }, name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role },
    subjects: subjects.map(subject),
  } as KObject;
}

/** kubeadm's objects carry no labels or annotations. */
export function plainClusterRole(name: string, rules: PolicyRule[]): KObject {
  return { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name }, rules } as KObject;
}
export function plainRole(namespace: string, name: string, rules: PolicyRule[]): KObject {
  return { apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace }, rules } as KObject;
}
export function plainClusterRoleBinding(name: string, role: string, subjects: SubjectSpec[]): KObject {
  return { apiVersion: RBAC_V1, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role }, subjects: subjects.map(subject) } as KObject;
}
export function plainRoleBinding(namespace: string, name: string, role: string, subjects: SubjectSpec[]): KObject {
  return { apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role }, subjects: subjects.map(subject) } as KObject;
}
