import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import { rbacView } from './rbacView';

let cluster: Cluster;

beforeEach(() => {
  cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
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
    expect(rbacView(cluster, { kind: 'matrix', namespace: 'dev' }).matrix!.enforced).toBe(false);
    cluster.api.authorizationMode = 'Node,RBAC';
    const m = rbacView(cluster, { kind: 'matrix', namespace: 'dev' }).matrix!;
    expect(m.subjects.filter((s) => s.kind !== 'Group').map((s) => `${s.kind}:${s.name}:${s.source}`)).toEqual(['User:kubernetes-admin:kubeconfig', 'User:alice:scenario', 'User:system:kube-controller-manager:binding', 'User:system:kube-proxy:binding', 'User:system:kube-scheduler:binding', 'ServiceAccount:builder:object']);
    expect(m.enforced).toBe(true);
    expect(m.namespaces).toContain('dev');
  });

  it('answers who can list pods and what alice can do', () => {
    const who = rbacView(cluster, { kind: 'whoCan', namespace: 'dev', verb: 'list', resource: 'pods' }).whoCan!;
    expect(who.allowed.map((r) => r.subject.name)).toEqual(['system:kube-controller-manager', 'system:kube-scheduler', 'system:masters']);
    expect(who.allowed[1]!.grant).toEqual({ by: 'RBAC', bindingKind: 'ClusterRoleBinding', bindingName: 'system:kube-scheduler', roleKind: 'ClusterRole', roleName: 'system:kube-scheduler', ruleIndex: 4, rule: '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "get" "list" "watch"]}' });
    expect(who.allowed[2]!.grant).toEqual({ by: 'system:masters' });
    expect(rbacView(cluster, { kind: 'whoCan', namespace: 'dev', verb: 'list', resource: 'deploy' }).whoCan).toMatchObject({ resource: 'deployments', group: 'apps' });
    const what = rbacView(cluster, { kind: 'whatCan', namespace: 'dev', subject: { kind: 'User', name: 'alice', source: 'scenario' } }).whatCan!;
    // alice holds what every authenticated user holds (system:basic-user, system:discovery, system:public-info-viewer)
    expect(what.text.split('\n').slice(0, 6)).toEqual([
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
      '                                                [/api/*]            []               [get]',
      '                                                [/api]              []               [get]',
    ]);
    expect(what.text).not.toContain('pods');
  });
});
