import { describe, expect, it } from 'vitest';
import { clusterRole, clusterRoleBinding, G, req, role, roleBinding, SA, U, urlReq, user } from '../testFixtures';
import { aggregateErrors, RbacAuthorizer } from './authorizer';
import { RbacIndex, type RbacObjectLike } from './source';

const podReader = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] };

function authorizerOf(objects: RbacObjectLike[]): RbacAuthorizer {
  return new RbacAuthorizer(RbacIndex.of(objects));
}

describe('RbacAuthorizer.authorize', () => {
  const rbac = authorizerOf([
    clusterRole('cluster-admin', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }),
    clusterRole('pod-reader', podReader),
    clusterRole('system:discovery', { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/healthz', '/version', '/version/'] }),
    clusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', G('kubeadm:cluster-admins')),
    clusterRoleBinding('system:discovery', 'system:discovery', G('system:authenticated')),
    role('dev', 'deployer', { verbs: ['create', 'update'], apiGroups: ['apps'], resources: ['deployments'] }),
    roleBinding('dev', 'alice-reads-pods', { kind: 'ClusterRole', name: 'pod-reader' }, U('alice')),
    roleBinding('dev', 'ci-deploys', { kind: 'Role', name: 'deployer' }, SA('builder')),
  ]);

  it('names the ClusterRoleBinding, its role and the subject that allowed', () => {
    const d = rbac.authorize(req(user('kubernetes-admin', 'kubeadm:cluster-admins'), 'delete', 'nodes', { name: 'worker-1' }));
    expect(d).toEqual({
      allowed: true,
      by: 'RBAC',
      reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
      allowedBy: { binding: { kind: 'ClusterRoleBinding', name: 'kubeadm:cluster-admins' }, role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 0 },
      considered: [{ kind: 'ClusterRoleBinding', name: 'kubeadm:cluster-admins' }],
    });
  });

  it('names a RoleBinding as name/namespace and a service account as name/namespace', () => {
    const builder = { name: 'system:serviceaccount:dev:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] };
    const d = rbac.authorize(req(builder, 'update', 'deployments', { group: 'apps', namespace: 'dev', name: 'web' }));
    expect(d.reason).toBe('RBAC: allowed by RoleBinding "ci-deploys/dev" of Role "deployer" to ServiceAccount "builder/dev"');
    expect(d.allowedBy?.role).toEqual({ kind: 'Role', name: 'deployer', namespace: 'dev' });
    expect(d.considered).toEqual([{ kind: 'ClusterRoleBinding', name: 'system:discovery' }, { kind: 'RoleBinding', name: 'ci-deploys', namespace: 'dev' }]);
  });

  it('gives a ClusterRole bound in a namespace only that namespace', () => {
    const alice = user('alice');
    expect(rbac.authorize(req(alice, 'get', 'pods/log', { namespace: 'dev', name: 'web' })).reason).toBe(
      'RBAC: allowed by RoleBinding "alice-reads-pods/dev" of ClusterRole "pod-reader" to User "alice"',
    );
    expect(rbac.authorize(req(alice, 'get', 'pods', { namespace: 'prod', name: 'web' }))).toEqual({
      allowed: false,
      reason: '',
      considered: [{ kind: 'ClusterRoleBinding', name: 'system:discovery' }],
    });
    // across all namespaces the request has no namespace: RoleBindings are not visited
    expect(rbac.authorize(req(alice, 'list', 'pods')).allowed).toBe(false);
    expect(rbac.authorize(req(alice, 'delete', 'pods', { namespace: 'dev', name: 'web' })).allowed).toBe(false);
  });

  it('allows non-resource URLs through ClusterRoleBindings', () => {
    const d = rbac.authorize(urlReq(user('alice'), 'get', '/version'));
    expect(d.reason).toBe('RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"');
    expect(d.allowedBy?.ruleIndex).toBe(0);
    expect(rbac.authorize(urlReq(user('alice'), 'get', '/metrics')).allowed).toBe(false);
  });

  it('stops at the first allowing binding in name order, and names the first subject of it that applies', () => {
    const r = authorizerOf([
      clusterRole('view', podReader),
      clusterRoleBinding('b-readers', 'view', G('dev'), U('alice')),
      clusterRoleBinding('a-readers', 'view', U('bob'), G('system:authenticated'), U('alice')),
    ]);
    const d = r.authorize(req(user('alice', 'dev'), 'list', 'pods'));
    expect(d.reason).toBe('RBAC: allowed by ClusterRoleBinding "a-readers" of ClusterRole "view" to Group "system:authenticated"');
    expect(d.considered).toEqual([{ kind: 'ClusterRoleBinding', name: 'a-readers' }]);
  });

  it('reports a binding whose role is missing as the denial reason', () => {
    const r = authorizerOf([
      clusterRoleBinding('readers', 'no-such-role', U('alice')),
      roleBinding('dev', 'local', { kind: 'Role', name: 'gone' }, U('alice')),
    ]);
    expect(r.authorize(req(user('alice'), 'get', 'pods', { name: 'x' })).reason).toBe('RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found');
    expect(r.authorize(req(user('alice'), 'get', 'pods', { namespace: 'dev', name: 'x' })).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "no-such-role" not found, role.rbac.authorization.k8s.io "gone" not found]',
    );
  });
});

describe('RbacAuthorizer.rulesFor', () => {
  it('lists the rules of cluster and namespace bindings in visit order, split by kind, not merged', () => {
    const r = authorizerOf([
      clusterRole('system:basic-user', { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }),
      clusterRole('discovery', { verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] }),
      clusterRole('pod-reader', podReader, podReader),
      clusterRoleBinding('system:basic-user', 'system:basic-user', G('system:authenticated')),
      clusterRoleBinding('system:discovery', 'discovery', G('system:authenticated')),
      roleBinding('dev', 'reads', { kind: 'ClusterRole', name: 'pod-reader' }, U('alice')),
      roleBinding('dev', 'broken', { kind: 'Role', name: 'gone' }, U('alice')),
    ]);
    expect(r.rulesFor(user('alice'), 'dev')).toEqual({
      resourceRules: [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
        { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] }],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "gone" not found',
    });
    expect(r.rulesFor(user('alice'), 'prod').resourceRules).toHaveLength(1);
  });
});

describe('aggregateErrors', () => {
  it('prints one error bare and several de-duplicated in brackets', () => {
    expect(aggregateErrors([])).toBe('');
    expect(aggregateErrors(['a'])).toBe('a');
    expect(aggregateErrors(['a', 'a'])).toBe('a');
    expect(aggregateErrors(['a', 'b', 'a'])).toBe('[a, b]');
  });
});

describe('cost', () => {
  it('looks only at the bindings that can name the user, however many others there are', () => {
    const objects: RbacObjectLike[] = [clusterRole('view', podReader)];
    for (let i = 0; i < 2000; i++) {
      objects.push(clusterRoleBinding(`other-${i}`, 'view', U(`user-${i}`)));
      objects.push(roleBinding('dev', `other-${i}`, { kind: 'ClusterRole', name: 'view' }, U(`user-${i}`)));
    }
    objects.push(roleBinding('dev', 'zz-alice', { kind: 'ClusterRole', name: 'view' }, U('alice')));
    const index = RbacIndex.of(objects);
    let roleLookups = 0;
    const counting = Object.create(index, {
      clusterRole: { value: (name: string) => (roleLookups++, index.clusterRole(name)) },
    }) as RbacIndex;
    const d = new RbacAuthorizer(counting).authorize(req(user('alice'), 'get', 'pods', { namespace: 'dev', name: 'web' }));
    expect(d.reason).toBe('RBAC: allowed by RoleBinding "zz-alice/dev" of ClusterRole "view" to User "alice"');
    expect(roleLookups).toBe(1);
  });
});
