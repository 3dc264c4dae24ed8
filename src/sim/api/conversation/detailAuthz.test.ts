import { describe, expect, it } from 'vitest';
import type { Decision } from '../../auth/types';
import { authzExplanation, auditEvent, requestDetail } from './detail';
import type { Endpoints } from './detail';
import type { KeptRequest } from './recorder';

const ep: Endpoints = { controlPlaneIP: '192.168.1.10', serviceIP: '10.96.0.1', sourceIP: () => '192.168.1.10', localServerIP: () => undefined };

function kept(authz: Decision | undefined, over: Partial<KeptRequest['entry']> = {}): KeptRequest {
  return {
    entry: { kind: 'request', seq: 12, atMs: 0, step: 1, user: 'alice', component: 'kubectl', verb: 'list', resource: 'pods', group: '', namespace: 'default', code: 403, method: 'GET', uri: '/api/v1/namespaces/default/pods?limit=500', ...over },
    bodies: false,
    process: '',
    ...(authz ? { authz } : {}),
  };
}

const schedulerAllowed: Decision = {
  allowed: true,
  by: 'RBAC',
  reason: 'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
  allowedBy: { binding: { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }, role: { kind: 'ClusterRole', name: 'system:kube-scheduler' }, ruleIndex: 2 },
  considered: [{ kind: 'ClusterRoleBinding', name: 'system:basic-user' }, { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }],
};

describe('a request’s authorization in its detail', () => {
  it('writes the decision and reason into the audit annotations, as kube-apiserver does', () => {
    const audit = JSON.parse(auditEvent(kept(schedulerAllowed, { user: 'system:kube-scheduler', code: 200 }), ep)) as { annotations: Record<string, string> };
    expect(audit.annotations).toEqual({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    });
    const denied = JSON.parse(auditEvent(kept({ allowed: false, reason: '', considered: [] }), ep)) as { annotations: Record<string, string> };
    expect(denied.annotations).toEqual({ 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' });
  });

  it('names the binding, the role and the text of the rule that allowed', () => {
    const rules = [
      { verbs: ['create'], apiGroups: ['', 'events.k8s.io'], resources: ['events'] },
      { verbs: ['create'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
    ];
    const x = authzExplanation(kept(schedulerAllowed, { user: 'system:kube-scheduler', code: 200 }), { roleRules: (r) => (r.name === 'system:kube-scheduler' ? rules : undefined) })!;
    expect(x).toEqual({
      decision: 'allow',
      user: 'system:kube-scheduler',
      groups: ['system:authenticated'],
      verb: 'list',
      resource: 'pods',
      apiGroup: '',
      namespace: 'default',
      name: '',
      path: '',
      by: 'RBAC',
      reason: schedulerAllowed.reason,
      allowedBy: { binding: { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }, role: { kind: 'ClusterRole', name: 'system:kube-scheduler' }, ruleIndex: 2, rule: '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}' },
      considered: [{ kind: 'ClusterRoleBinding', name: 'system:basic-user' }, { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }],
    });
  });

  it('explains an impersonated request (--as) as the user it was served as', () => {
    const k = { ...kept({ allowed: false, reason: '', considered: [] }, { user: 'kubernetes-admin' }), impersonated: { name: 'alice', groups: ['dev', 'system:authenticated'] } };
    expect(authzExplanation(k)).toMatchObject({ decision: 'forbid', user: 'alice', groups: ['dev', 'system:authenticated'], verb: 'list', resource: 'pods', namespace: 'default' });
  });

  it('has none for a request the server did not authorize', () => {
    expect(authzExplanation(kept(undefined))).toBeUndefined();
  });
});

describe('a request the API server refused, in the request log', () => {
  it('keeps the decision: the denied filter finds it, its detail explains it and its audit says forbid', async () => {
    const { createCluster } = await import('../../cluster');
    const { query } = await import('./filter');
    const { requestDetail } = await import('./detail');
    const cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
    cluster.api.authorizationMode = 'Node,RBAC';
    expect(() => cluster.client('alice').list('pods', 'default')).toThrow('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    const log = cluster.api.conversation;
    const denied = query(log.newestFirst(), { denied: true }, 10, (s) => log.at(s));
    expect(denied.map((e) => (e.kind === 'request' ? `${e.user} ${e.verb} ${e.resource} ${e.code}` : 'watch'))).toEqual(['alice list pods 403']);
    const r = requestDetail(log, denied[0]!.seq, cluster.apiEndpoints(), { userInfo: (n) => cluster.api.authn.userInfo(n) });
    if ('error' in r) throw new Error(r.error);
    expect(r.detail.authz).toEqual({ decision: 'forbid', user: 'alice', groups: ['dev', 'system:authenticated'], verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default', name: '', path: '', reason: '', considered: [{ kind: 'ClusterRoleBinding', name: 'system:basic-user' }, { kind: 'ClusterRoleBinding', name: 'system:discovery' }, { kind: 'ClusterRoleBinding', name: 'system:public-info-viewer' }] });
    expect((JSON.parse(r.detail.audit) as { user: unknown }).user).toEqual({ username: 'alice', groups: ['dev', 'system:authenticated'] });
    expect((JSON.parse(r.detail.audit) as { annotations: unknown }).annotations).toEqual({ 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' });
  });
});

describe('an impersonated request in the request log', () => {
  async function enforcedCluster() {
    const { createCluster } = await import('../../cluster');
    const cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }, { name: 'bob', groups: [] }] });
    cluster.api.authorizationMode = 'Node,RBAC';
    return cluster;
  }
  const lookups = (cluster: Awaited<ReturnType<typeof enforcedCluster>>) => ({ userInfo: (n: string) => cluster.api.authn.userInfo(n) });

  it('explains a --as the impersonation filter refused by its impersonate check, and its audit has no authorization annotations', async () => {
    const cluster = await enforcedCluster();
    expect(() => cluster.client('bob').impersonate!({ user: 'alice' }).list('pods', 'default')).toThrow('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
    const log = cluster.api.conversation;
    const r = requestDetail(log, log.next - 1, cluster.apiEndpoints(), lookups(cluster));
    if ('error' in r) throw new Error(r.error);
    expect(r.detail.entry.code).toBe(403);
    expect(r.detail.authz).toEqual({
      decision: 'forbid',
      user: 'bob',
      groups: ['system:authenticated'],
      verb: 'impersonate',
      resource: 'users',
      apiGroup: '',
      namespace: '',
      name: 'alice',
      path: '',
      reason: '',
      considered: [{ kind: 'ClusterRoleBinding', name: 'system:basic-user' }, { kind: 'ClusterRoleBinding', name: 'system:discovery' }, { kind: 'ClusterRoleBinding', name: 'system:public-info-viewer' }],
    });
    const audit = JSON.parse(r.detail.audit) as Record<string, unknown>;
    expect(audit.user).toEqual({ username: 'bob', groups: ['system:authenticated'] });
    expect('annotations' in audit).toBe(false);
    expect('impersonatedUser' in audit).toBe(false);
    expect(r.detail.audit).not.toContain('AlwaysAllow');
    expect((audit.responseStatus as { message: string }).message).toBe('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('explains a refused group by the check on that group, after the user was allowed', async () => {
    const cluster = await enforcedCluster();
    const admin = cluster.client('system:apiserver');
    const rbac = 'rbac.authorization.k8s.io/v1';
    admin.create('clusterroles', { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'impersonate-users' }, rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] });
    admin.create('clusterrolebindings', { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'bob-impersonates' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonate-users' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }] });
    expect(() => cluster.client('bob').impersonate!({ user: 'alice', groups: ['ops'] }).list('pods', 'default')).toThrow('groups "ops" is forbidden');
    const log = cluster.api.conversation;
    const r = requestDetail(log, log.next - 1, cluster.apiEndpoints(), lookups(cluster));
    if ('error' in r) throw new Error(r.error);
    expect(r.detail.authz).toMatchObject({ decision: 'forbid', user: 'bob', verb: 'impersonate', resource: 'groups', namespace: '', name: 'ops', reason: '' });
    expect(log.request(log.next - 1)!.impersonation!.map((c) => `${c.attributes.resource}/${c.attributes.name} ${c.decision.allowed ? 'allow' : 'forbid'}`)).toEqual(['users/alice allow', 'groups/ops forbid']);
  });

  it('writes impersonatedUser right after user in the audit Event of an impersonated request', async () => {
    const cluster = await enforcedCluster();
    const review = cluster.client('system:apiserver').impersonate!({ user: 'alice', groups: ['dev'] });
    expect(() => review.list('pods', 'default')).toThrow('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    const log = cluster.api.conversation;
    const r = requestDetail(log, log.next - 1, cluster.apiEndpoints(), lookups(cluster));
    if ('error' in r) throw new Error(r.error);
    const audit = JSON.parse(r.detail.audit) as Record<string, unknown>;
    expect(Object.keys(audit).slice(6, 10)).toEqual(['verb', 'user', 'impersonatedUser', 'sourceIPs']);
    expect(audit.user).toEqual({ username: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] });
    expect(audit.impersonatedUser).toEqual({ username: 'alice', groups: ['dev', 'system:authenticated'] });
    expect(audit.annotations).toEqual({ 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' });
    expect(r.detail.authz).toMatchObject({ decision: 'forbid', user: 'alice', groups: ['dev', 'system:authenticated'], verb: 'list' });
  });
});
