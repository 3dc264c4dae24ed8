import { describe, expect, it } from 'vitest';
import { checkBindingWrite, checkRoleWrite, compactString, confirmNoEscalation, covers } from './escalation';
import { compactRules } from './rbac/compact';
import type { PolicyRule } from './types';
import { RbacAuthorizer } from './rbac/authorizer';
import { RbacIndex } from './rbac/source';
import { clusterRole, clusterRoleBinding, G, role, roleBinding, U, user } from './testFixtures';

const alice = user('alice', 'dev');

function setup(): RbacAuthorizer {
  return new RbacAuthorizer(
    RbacIndex.of([
      clusterRole('pod-getter', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
      clusterRole('view', { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'configmaps'] }),
      clusterRole('role-binder', { verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: ['view'] }),
      clusterRole('role-escalator', { verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }),
      clusterRoleBinding('dev-gets-pods', 'pod-getter', G('dev')),
      roleBinding('team', 'alice-binds-view', { kind: 'ClusterRole', name: 'role-binder' }, U('alice')),
      roleBinding('sandbox', 'alice-escalates', { kind: 'ClusterRole', name: 'role-escalator' }, U('alice')),
      role('team', 'deployer', { verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] }),
    ]),
  );
}

describe('confirmNoEscalation', () => {
  it('lists every missing permission, compacted per resource, sorted, one per line', () => {
    const rbac = setup();
    const msg = confirmNoEscalation(rbac, alice, 'team', [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['create', 'delete'], apiGroups: ['apps'], resources: ['deployments'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ]);
    expect(msg).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list"]}\n' +
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["create" "delete"]}\n' +
        '{NonResourceURLs:["/healthz"], Verbs:["get"]}',
    );
    expect(confirmNoEscalation(rbac, alice, 'team', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])).toBeUndefined();
  });

  it('keeps resourceNames in the missing rules', () => {
    const msg = confirmNoEscalation(setup(), alice, '', [{ verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] }]);
    expect(msg?.split('\n').slice(1)).toEqual([
      '{APIGroups:[""], Resources:["configmaps"], ResourceNames:["a"], Verbs:["update"]}',
      '{APIGroups:[""], Resources:["configmaps"], ResourceNames:["b"], Verbs:["update"]}',
    ]);
  });
});

describe('confirmNoEscalation with named rules', () => {
  it('merges the verbs of one named resource into one line, apart from the unnamed rules', () => {
    const msg = confirmNoEscalation(setup(), alice, 'team', [
      { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
      { verbs: ['delete'], apiGroups: [''], resources: ['configmaps'] },
    ]);
    expect(msg).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["configmaps"], ResourceNames:["app"], Verbs:["get" "update"]}\n' +
        '{APIGroups:[""], Resources:["configmaps"], Verbs:["delete"]}',
    );
  });
});

describe('covers', () => {
  it('lets `*/sub`, `*` and names-free owner rules cover narrower rules', () => {
    expect(covers([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['delete'], apiGroups: ['apps'], resources: ['deployments/scale'] }]).covered).toBe(true);
    expect(covers([{ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }], [{ verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] }]).covered).toBe(true);
    expect(covers([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]).covered).toBe(false);
    expect(covers([{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }]).covered).toBe(true);
  });

  it('compacts simple rules by resource and name and prints them as CompactString', () => {
    const compact = compactRules([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(compact.map(compactString)).toEqual(['{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}', '{APIGroups:[""], Resources:["pods"], ResourceNames:["x"], Verbs:["get"]}']);
  });
});

describe('checkRoleWrite', () => {
  it('survives rules a later validation refuses: no verbs, or null, grant nothing to check', () => {
    const rbac = setup();
    const rules = [{ apiGroups: [''], resources: ['secrets'] }, null] as unknown as PolicyRule[];
    expect(checkRoleWrite(rbac, rbac, alice, { resource: 'roles', namespace: 'team', name: '', rules })).toBeUndefined();
    expect(confirmNoEscalation(rbac, alice, 'team', [...rules, { verbs: ['get'], apiGroups: [''], resources: ['secrets'] }])).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });

  it('refuses a role granting more than the writer holds, unless they may escalate or are system:masters', () => {
    const rbac = setup();
    const role = { resource: 'roles' as const, name: 'big', rules: [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }] };
    expect(checkRoleWrite(rbac, rbac, alice, { ...role, namespace: 'team' })).toBe(
      'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
    expect(checkRoleWrite(rbac, rbac, alice, { ...role, namespace: 'sandbox' })).toBeUndefined();
    expect(checkRoleWrite(rbac, rbac, user('root', 'system:masters'), { ...role, namespace: 'team' })).toBeUndefined();
  });

  it('checks `escalate` against the name in the URL, which a create does not have', () => {
    const rbac = new RbacAuthorizer(
      RbacIndex.of([
        clusterRole('escalate-big', { verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], resourceNames: ['big'] }),
        roleBinding('team', 'bob-escalates-big', { kind: 'ClusterRole', name: 'escalate-big' }, U('bob')),
      ]),
    );
    const big = { resource: 'roles' as const, namespace: 'team', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] };
    expect(checkRoleWrite(rbac, rbac, user('bob'), { ...big, name: 'big' })).toBeUndefined();
    expect(checkRoleWrite(rbac, rbac, user('bob'), { ...big, name: '' })).toBe(
      'user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["get"]}',
    );
  });

  it('asks for everything before a ClusterRole may carry an aggregationRule', () => {
    const rbac = setup();
    expect(checkRoleWrite(rbac, rbac, alice, { resource: 'clusterroles', namespace: '', name: 'agg', rules: [], hasAggregationRule: true })).toBe(
      'must have cluster-admin privileges to use the aggregationRule',
    );
  });
});

describe('checkBindingWrite', () => {
  it('allows binding a role one may `bind` by name, or one whose permissions one holds', () => {
    const rbac = setup();
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'team', roleRef: { kind: 'ClusterRole', name: 'view' } })).toBeUndefined();
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'other', roleRef: { kind: 'ClusterRole', name: 'pod-getter' } })).toBeUndefined();
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'other', roleRef: { kind: 'ClusterRole', name: 'view' } })).toEqual({
      reason: 'Forbidden',
      message:
        'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["configmaps"], Verbs:["get" "list" "watch"]}\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list" "watch"]}',
    });
    // an empty roleRef.apiGroup is defaulted, as v1 defaulting does before the check
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'team', roleRef: { apiGroup: '', kind: 'ClusterRole', name: 'view' } })).toBeUndefined();
  });

  it('answers a roleRef that does not resolve with the registry\'s NotFound', () => {
    const rbac = setup();
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'team', roleRef: { kind: 'Role', name: 'nope' } })).toEqual({
      reason: 'NotFound',
      group: 'rbac.authorization.k8s.io',
      resource: 'roles',
      name: 'nope',
      message: 'roles.rbac.authorization.k8s.io "nope" not found',
    });
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'team', roleRef: { kind: 'Role', name: 'deployer' } })).toEqual({
      reason: 'Forbidden',
      message:
        'user "alice" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}',
    });
    expect(checkBindingWrite(rbac, rbac, alice, { namespace: 'team', roleRef: { kind: 'Foo', name: 'x' } })).toEqual({ reason: 'InternalError', message: 'unsupported role reference kind: "Foo"' });
  });
});
