import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { Cluster } from '../cluster';
import type { KObject } from '../types';
import { StatusError } from './types';
import type { Status } from './types';

const RBAC = 'rbac.authorization.k8s.io/v1';

function statusOf(fn: () => unknown): Status {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

function forbidden(message: string, details: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 };
}

const clusterRole = (name: string, rules: KObject[]): KObject => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules } as KObject);
const role = (name: string, rules: KObject[], namespace = 'default'): KObject => ({ apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules } as KObject);
const subject = (s: string): KObject =>
  (s.startsWith('group:') ? { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: s.slice(6) } : s.startsWith('sa:') ? { kind: 'ServiceAccount', namespace: s.split(':')[1], name: s.split(':')[2] } : { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: s }) as KObject;
const clusterBinding = (name: string, roleName: string, subjects: string[]): KObject =>
  ({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects: subjects.map(subject) }) as KObject;
const binding = (name: string, roleKind: 'Role' | 'ClusterRole', roleName: string, subjects: string[], namespace = 'default'): KObject =>
  ({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName }, subjects: subjects.map(subject) }) as KObject;

/**
 * A bare cluster (the API server's bootstrap policy in place) with kubeadm's cluster-admins binding,
 * authorization on, and alice registered in group dev.
 */
function enforced(): Cluster {
  const c = createCluster({ bare: true });
  c.client('kubernetes-admin').create('clusterrolebindings', clusterBinding('kubeadm:cluster-admins', 'cluster-admin', ['group:kubeadm:cluster-admins']));
  c.api.authorizationMode = 'Node,RBAC';
  c.api.authn.register('alice', ['dev']);
  return c;
}

const podReader = role('pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] as KObject[]);

describe('authorization in the API server', () => {
  it('refuses a user with no bindings with the 403 kube-apiserver writes', () => {
    const c = enforced();
    expect(statusOf(() => c.client('alice').list('pods', 'default'))).toEqual(forbidden('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"', { kind: 'pods' }));
    expect(statusOf(() => c.client('alice').get('deployments', 'default', 'web'))).toEqual(
      forbidden('deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group "apps" in the namespace "default"', { name: 'web', group: 'apps', kind: 'deployments' }),
    );
    expect(statusOf(() => c.client('alice').list('nodes', undefined))).toEqual(forbidden('nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope', { kind: 'nodes' }));
    expect(statusOf(() => c.client('alice').podLog!('default', 'web', { container: 'web' }))).toEqual(
      forbidden('pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"', { name: 'web', kind: 'pods' }),
    );
    const last = c.api.audit.recent().at(-1)!;
    expect([last.user, last.verb, last.resource, last.code]).toEqual(['alice', 'get', 'pods', 403]);
  });

  it('serves the request once a RoleBinding grants it, and keeps the decision on the request record', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('roles', podReader);
    admin.create('rolebindings', binding('read-pods', 'Role', 'pod-reader', ['alice']));
    expect(c.client('alice').list('pods', 'default').items).toEqual([]);
    const kept = c.api.conversation.request(c.api.conversation.next - 1)!;
    expect(kept.entry.code).toBe(200);
    expect(kept.authz?.reason).toBe('RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "alice"');
    expect(kept.authz?.allowedBy).toEqual({ binding: { kind: 'RoleBinding', name: 'read-pods', namespace: 'default' }, role: { kind: 'Role', name: 'pod-reader', namespace: 'default' }, ruleIndex: 0 });
    // Another namespace is still refused.
    expect(statusOf(() => c.client('alice').list('pods', 'kube-system')).message).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "kube-system"');
    // The binding removed, the next request is refused again.
    admin.delete('rolebindings', 'default', 'read-pods');
    expect(statusOf(() => c.client('alice').list('pods', 'default')).code).toBe(403);
  });

  it('serves everything for kubeadm:cluster-admins and system:masters', () => {
    const c = enforced();
    c.client('kubernetes-admin').list('secrets', 'kube-system');
    expect(c.api.conversation.request(c.api.conversation.next - 1)!.authz?.reason).toBe('RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"');
    c.client('system:apiserver').list('secrets', 'kube-system');
    expect(c.api.conversation.request(c.api.conversation.next - 1)!.authz).toEqual({ allowed: true, by: 'system:masters', reason: '', considered: [] });
  });
});

describe('impersonation', () => {
  it('refuses --as without the impersonate verb, for the user, each group and a ServiceAccount', () => {
    const c = enforced();
    const bob = c.client('bob');
    expect(statusOf(() => bob.impersonate!({ user: 'alice' }).list('pods', 'default'))).toEqual(
      forbidden('users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope', { name: 'alice', kind: 'users' }),
    );
    expect(statusOf(() => bob.impersonate!({ user: 'system:serviceaccount:dev:builder' }).list('pods', 'dev'))).toEqual(
      forbidden('serviceaccounts "builder" is forbidden: User "bob" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "dev"', { name: 'builder', kind: 'serviceaccounts' }),
    );
    const admin = c.client('kubernetes-admin');
    admin.create('clusterroles', clusterRole('impersonate-users', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] as KObject[]));
    admin.create('clusterrolebindings', clusterBinding('bob-impersonates', 'impersonate-users', ['bob']));
    expect(statusOf(() => bob.impersonate!({ user: 'alice', groups: ['dev'] }).list('pods', 'default')).message).toBe(
      'groups "dev" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });

  it('serves an allowed impersonation as the impersonated user, with system:authenticated as its only group', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('clusterroles', clusterRole('impersonate-users', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] as KObject[]));
    admin.create('clusterrolebindings', clusterBinding('bob-impersonates', 'impersonate-users', ['bob']));
    const asAlice = c.client('bob').impersonate!({ user: 'alice' });
    // alice's registered group (dev) is not hers when impersonated: only what --as-group says.
    const review = asAlice.create('selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } as KObject);
    expect(review).toEqual({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo: { username: 'alice', groups: ['system:authenticated'] } } });
    expect(statusOf(() => asAlice.list('pods', 'default')).message).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    const last = c.api.audit.recent().at(-1)!;
    expect([last.user, last.impersonatedUser, last.code]).toEqual(['bob', 'alice', 403]);
  });

  it('gives an impersonated ServiceAccount its fixed groups', () => {
    const c = enforced();
    const review = c.client('kubernetes-admin').impersonate!({ user: 'system:serviceaccount:dev:builder' }).create('selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } as KObject);
    expect((review as unknown as { status: unknown }).status).toEqual({ userInfo: { username: 'system:serviceaccount:dev:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] } });
  });
});

describe('review APIs', () => {
  it('answers a SelfSubjectAccessReview with the decision and its reason', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('roles', podReader);
    admin.create('rolebindings', binding('read-pods', 'Role', 'pod-reader', ['group:dev']));
    const ask = (verb: string) =>
      c.client('alice').create('selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } } } as KObject);
    expect(ask('list')).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to Group "dev"' },
    });
    expect((ask('delete') as unknown as { status: unknown }).status).toEqual({ allowed: false });
    expect(statusOf(() => c.client('alice').create('selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} } as KObject)).message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });

  it('answers a SubjectAccessReview about another user, for who may create one', () => {
    const c = enforced();
    const sar = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'alice', groups: ['dev'], resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } } } as KObject;
    expect((c.client('kubernetes-admin').create('subjectaccessreviews', sar) as unknown as { status: unknown }).status).toEqual({ allowed: false });
    expect(statusOf(() => c.client('alice').create('subjectaccessreviews', sar)).message).toBe(
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "alice" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    );
  });

  it('decodes a review as any create: a string where a list belongs is a 400, not a group list', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    const sar = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'bob', groups: 'system:masters', resourceAttributes: { verb: 'delete', resource: 'nodes' } } } as unknown as KObject;
    const typo = statusOf(() => admin.create('subjectaccessreviews', sar));
    expect([typo.code, typo.reason, typo.message]).toEqual([
      400,
      'BadRequest',
      'SubjectAccessReview in version "v1" cannot be handled as a SubjectAccessReview: json: cannot unmarshal string into Go struct field SubjectAccessReviewSpec.spec.groups of type []string',
    ]);
    const strict = statusOf(() => admin.create('subjectaccessreviews', sar, { fieldValidation: 'Strict' }));
    expect(strict.message).toBe(typo.message);
    const rules = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 7 } } as unknown as KObject;
    expect(statusOf(() => c.client('alice').create('selfsubjectrulesreviews', rules)).message).toBe(
      'SelfSubjectRulesReview in version "v1" cannot be handled as a SelfSubjectRulesReview: json: cannot unmarshal number into Go struct field SelfSubjectRulesReviewSpec.spec.namespace of type string',
    );
    const unknown = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'bob', group: ['dev'], resourceAttributes: { verb: 'get', resource: 'pods' } } } as unknown as KObject;
    expect(statusOf(() => admin.create('subjectaccessreviews', unknown, { fieldValidation: 'Strict' })).message).toBe(
      'SubjectAccessReview in version "v1" cannot be handled as a SubjectAccessReview: strict decoding error: unknown field "spec.group"',
    );
  });

  it('answers a LocalSubjectAccessReview in its namespace and refuses one about another namespace', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('roles', podReader);
    admin.create('rolebindings', binding('read-pods', 'Role', 'pod-reader', ['alice']));
    const lsar = (ns: string) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'alice', resourceAttributes: { namespace: ns, verb: 'get', resource: 'pods' } } }) as KObject;
    expect(admin.create('localsubjectaccessreviews', lsar('default'), { namespace: 'default' })).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      metadata: { namespace: 'default', creationTimestamp: null },
      spec: { user: 'alice', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "alice"' },
    });
    expect(statusOf(() => admin.create('localsubjectaccessreviews', lsar('other'), { namespace: 'default' })).message).toBe(
      'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace',
    );
  });

  it('lists a user\'s rules in a namespace with a SelfSubjectRulesReview', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('roles', podReader);
    admin.create('rolebindings', binding('read-pods', 'Role', 'pod-reader', ['alice']));
    const out = c.client('alice').create('selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } } as KObject) as unknown as { spec: unknown; status: unknown };
    expect(out.spec).toEqual({});
    expect(out.status).toEqual({
      resourceRules: [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
      ],
      nonResourceRules: [
        { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
      ],
      incomplete: false,
    });
  });

  it('says who the caller is with a SelfSubjectReview', () => {
    const c = enforced();
    const out = c.client('alice').create('selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } as KObject) as unknown as { status: unknown };
    expect(out.status).toEqual({ userInfo: { username: 'alice', groups: ['dev', 'system:authenticated'] } });
  });
});

describe('TokenRequest', () => {
  it('issues a token for a ServiceAccount that then authenticates as it, for an hour by default', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'default' } } as KObject);
    const out = admin.create('serviceaccounts', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } as KObject, { namespace: 'default', subresource: 'token', name: 'builder' }) as unknown as {
      metadata: unknown;
      spec: unknown;
      status: { token: string; expirationTimestamp: string };
    };
    expect(out.metadata).toEqual({ name: 'builder', namespace: 'default', creationTimestamp: c.clock.timestamp(c.clock.now()) });
    expect(out.spec).toEqual({ audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, boundObjectRef: null });
    expect(out.status.expirationTimestamp).toBe(c.clock.timestamp(c.clock.now() + 3_600_000));
    expect(out.status.token).toMatch(/^eyJhbGciOiJSUzI1NiIsImtpZCI6I[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{342}$/);
    expect(c.api.authenticateToken(out.status.token)).toEqual({ name: 'system:serviceaccount:default:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] });
    expect(c.api.authenticateToken('not-a-token')).toBeUndefined();
    admin.delete('serviceaccounts', 'default', 'builder');
    expect(c.api.authenticateToken(out.status.token)).toBeUndefined();
  });

  it('refuses a token shorter than ten minutes and one for a ServiceAccount that does not exist', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    const ask = (name: string, expirationSeconds?: number) =>
      statusOf(() => admin.create('serviceaccounts', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: expirationSeconds === undefined ? {} : { expirationSeconds } } as KObject, { namespace: 'default', subresource: 'token', name }));
    admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'default' } } as KObject);
    expect(ask('builder', 10).message).toBe('TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes');
    expect(ask('nobody').message).toBe('serviceaccounts "nobody" not found');
    // the ServiceAccount is looked up first
    expect(ask('nobody', 10).message).toBe('serviceaccounts "nobody" not found');
  });
});

describe('RBAC storage checks', () => {
  /** alice may write roles and rolebindings in default, and read pods there. */
  function roleWriter(): Cluster {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('roles', role('rbac-writer', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'update'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] as KObject[]));
    admin.create('rolebindings', binding('alice-writes', 'Role', 'rbac-writer', ['alice']));
    return c;
  }

  it('refuses a Role that grants more than its writer holds, with the escalation message', () => {
    const c = roleWriter();
    const alice = c.client('alice');
    expect(statusOf(() => alice.create('roles', role('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] as KObject[])))).toEqual(
      forbidden(
        'roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
        { name: 'secret-reader', group: 'rbac.authorization.k8s.io', kind: 'roles' },
      ),
    );
    // What alice holds she may grant.
    expect(alice.create('roles', podReader).metadata.name).toBe('pod-reader');
  });

  it('lets a writer with the escalate verb grant what they do not hold', () => {
    const c = roleWriter();
    c.client('kubernetes-admin').create('roles', role('escalator', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }] as KObject[]));
    c.client('kubernetes-admin').create('rolebindings', binding('alice-escalates', 'Role', 'escalator', ['alice']));
    expect(c.client('alice').create('roles', role('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] as KObject[])).metadata.name).toBe('secret-reader');
  });

  it('refuses a binding to a role its writer does not hold, unless they may bind it', () => {
    const c = roleWriter();
    const admin = c.client('kubernetes-admin');
    admin.create('clusterroles', clusterRole('secret-admin', [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }] as KObject[]));
    const alice = c.client('alice');
    expect(statusOf(() => alice.create('rolebindings', binding('bob-secrets', 'ClusterRole', 'secret-admin', ['bob']))).message).toBe(
      'rolebindings.rbac.authorization.k8s.io "bob-secrets" is forbidden: user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
    );
    expect(statusOf(() => alice.create('rolebindings', binding('bob-nothing', 'Role', 'no-such-role', ['bob'])))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'roles.rbac.authorization.k8s.io "no-such-role" not found',
      reason: 'NotFound',
      details: { name: 'no-such-role', group: 'rbac.authorization.k8s.io', kind: 'roles' },
      code: 404,
    });
    const foo = { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'bob-foo', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Foo', name: 'x' }, subjects: [subject('bob')] } as KObject;
    expect(statusOf(() => alice.create('rolebindings', foo))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: unsupported role reference kind: "Foo"',
      reason: 'InternalError',
      code: 500,
    });
    admin.create('clusterroles', clusterRole('binder', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['secret-admin'] }] as KObject[]));
    admin.create('rolebindings', binding('alice-binds', 'ClusterRole', 'binder', ['alice']));
    expect(alice.create('rolebindings', binding('bob-secrets', 'ClusterRole', 'secret-admin', ['bob'])).metadata.name).toBe('bob-secrets');
  });
});

describe('the Node authorizer through the server', () => {
  it('lets a kubelet read a secret only when a pod on its node uses it', () => {
    const c = enforced();
    const admin = c.client('kubernetes-admin');
    admin.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: {} } as KObject);
    admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } } as KObject);
    admin.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'worker-2', containers: [{ name: 'web', image: 'nginx' }], volumes: [{ name: 'db', secret: { secretName: 'db' } }] },
    } as KObject);
    expect(statusOf(() => c.client('system:node:worker-1').get('secrets', 'default', 'db'))).toEqual(
      forbidden(`secrets "db" is forbidden: User "system:node:worker-1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'worker-1' and this object`, { name: 'db', kind: 'secrets' }),
    );
    expect(c.client('system:node:worker-2').get('secrets', 'default', 'db').metadata.name).toBe('db');
    expect(c.api.conversation.request(c.api.conversation.next - 1)!.authz).toEqual({ allowed: true, by: 'Node', reason: '', considered: [] });
    // The pod gone, so is the relationship.
    admin.delete('pods', 'default', 'web', { gracePeriodSeconds: 0 });
    expect(statusOf(() => c.client('system:node:worker-2').get('secrets', 'default', 'db')).code).toBe(403);
  });
});
