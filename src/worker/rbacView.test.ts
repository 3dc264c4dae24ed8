import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Decision, RequestAttributes } from '../sim/auth/types';
import { rbacView } from './rbacView';

let cluster: Cluster;

/**
 * A stand-in for RBAC (tested on its own) that reads the store: kubeadm's admins may do anything;
 * while the RoleBinding `read-pods` exists in `dev`, alice may get and list pods there by its Role's
 * first rule.
 */
function decide(a: RequestAttributes): Decision {
  if (a.user.groups.includes('kubeadm:cluster-admins')) {
    return { allowed: true, by: 'RBAC', reason: '', allowedBy: { binding: { kind: 'ClusterRoleBinding', name: 'kubeadm:cluster-admins' }, role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 0 }, considered: [{ kind: 'ClusterRoleBinding', name: 'kubeadm:cluster-admins' }] };
  }
  const bound = a.user.name === 'alice' && a.namespace === 'dev' && cluster.api.peek('rolebindings', 'dev', 'read-pods') !== undefined;
  const considered = bound ? [{ kind: 'RoleBinding' as const, name: 'read-pods', namespace: 'dev' }] : [];
  if (bound && a.resource === 'pods' && a.subresource === '' && (a.verb === 'get' || a.verb === 'list')) {
    return { allowed: true, by: 'RBAC', reason: '', allowedBy: { binding: considered[0]!, role: { kind: 'Role', name: 'pod-reader', namespace: 'dev' }, ruleIndex: 0 }, considered };
  }
  return { allowed: false, reason: '', considered };
}

beforeEach(() => {
  cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
  cluster.api.authorizationMode = 'Node,RBAC';
  cluster.api.authorizer = { authorize: decide, rulesFor: (u) => (u.name === 'alice' ? { resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: [], incomplete: false } : { resourceRules: [], nonResourceRules: [], incomplete: false }) };
  const c = cluster.client();
  c.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
  c.create('roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'dev' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] } as never);
});

const square = (namespace: string, subject: string, resource: string, verb: string): boolean | string => {
  const m = rbacView(cluster, { kind: 'matrix', namespace }).matrix!;
  const s = m.subjects.findIndex((x) => `${x.kind}:${x.name}` === subject);
  const c = m.resources.findIndex((r) => r.resource === resource) * m.verbs.length + m.verbs.indexOf(verb);
  const g = m.cells[s]![c]!;
  return g < 0 ? false : `${m.grants[g]!.bindingKind} ${m.grants[g]!.bindingName} → ${m.grants[g]!.roleKind} ${m.grants[g]!.roleName}: ${m.grants[g]!.rule ?? ''}`;
};

describe('the RBAC view of a cluster', () => {
  it('shows alice denied until a RoleBinding grants her pods, then the binding, role and rule', () => {
    expect(square('dev', 'User:alice', 'pods', 'list')).toBe(false);
    cluster.client().create('rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'dev' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }], roleRef: { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' } } as never);
    expect(square('dev', 'User:alice', 'pods', 'list')).toBe('RoleBinding read-pods → Role pod-reader: {APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}');
    expect(square('dev', 'User:alice', 'pods', 'delete')).toBe(false);
    expect(square('default', 'User:alice', 'pods', 'list')).toBe(false);
  });

  it('lists your kubectl, the scenario users, and the namespace’s ServiceAccounts; says the server enforces', () => {
    cluster.client().create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'dev' } });
    const m = rbacView(cluster, { kind: 'matrix', namespace: 'dev' }).matrix!;
    expect(m.subjects.filter((s) => s.kind !== 'Group').map((s) => `${s.kind}:${s.name}:${s.source}`)).toEqual(['User:kubernetes-admin:kubeconfig', 'User:alice:scenario', 'User:system:kube-controller-manager:binding', 'User:system:kube-proxy:binding', 'User:system:kube-scheduler:binding', 'ServiceAccount:builder:object']);
    expect(m.enforced).toBe(true);
    expect(m.namespaces).toContain('dev');
  });

  it('answers who can list pods and what alice can do', () => {
    const who = rbacView(cluster, { kind: 'whoCan', namespace: 'dev', verb: 'list', resource: 'pods' }).whoCan!;
    expect(who.allowed.map((r) => r.subject.name)).toEqual(['kubernetes-admin']);
    expect(rbacView(cluster, { kind: 'whoCan', namespace: 'dev', verb: 'list', resource: 'deploy' }).whoCan).toMatchObject({ resource: 'deployments', group: 'apps' });
    const what = rbacView(cluster, { kind: 'whatCan', namespace: 'dev', subject: { kind: 'User', name: 'alice', source: 'scenario' } }).whatCan!;
    expect(what.text).toBe('Resources   Non-Resource URLs   Resource Names   Verbs\npods        []                  []               [get list]\n');
  });
});
