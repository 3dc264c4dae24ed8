import { describe, expect, it } from 'vitest';
import type { Decision, PolicyRule, RequestAttributes, RoleRef } from '../types';
import { buildMatrix, subjectsOf, whatCan, whoCan } from './matrix';
import type { RbacWorld } from './matrix';

const readPods: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };

/** A world where alice's RoleBinding `read-pods` in dev grants Role pod-reader; everything else is denied. */
function world(): RbacWorld {
  return {
    authorize(a: RequestAttributes): Decision {
      const considered = a.user.name === 'alice' && a.namespace === 'dev' ? [{ kind: 'RoleBinding' as const, name: 'read-pods', namespace: 'dev' }] : [];
      if (considered.length && a.resource === 'pods' && a.subresource === '' && (a.verb === 'get' || a.verb === 'list')) {
        return { allowed: true, by: 'RBAC', reason: 'RBAC: allowed by RoleBinding "read-pods/dev" of Role "pod-reader" to User "alice"', allowedBy: { binding: considered[0]!, role: { kind: 'Role', name: 'pod-reader', namespace: 'dev' }, ruleIndex: 0 }, considered };
      }
      return { allowed: false, reason: '', considered };
    },
    rulesFor: (u) => (u.name === 'alice' ? { resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: [], incomplete: false } : { resourceRules: [], nonResourceRules: [], incomplete: false }),
    userInfo: (name) => ({ name, groups: ['system:authenticated'] }),
    roleRules: (r: RoleRef) => (r.name === 'pod-reader' ? [readPods] : undefined),
    namespaces: ['default', 'dev'],
    users: [
      { name: 'kubernetes-admin', source: 'kubeconfig' },
      { name: 'alice', source: 'scenario' },
    ],
    clusterRoleBindings: [{ metadata: { name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }] }],
    roleBindings: [{ metadata: { name: 'read-pods', namespace: 'dev' }, subjects: [{ kind: 'User', name: 'bob' }, { kind: 'ServiceAccount', name: 'builder' }] }],
    serviceAccounts: ['default'],
  };
}

describe('the RBAC view', () => {
  it('lists the kubeconfig and scenario users first, then users, groups and ServiceAccounts of the bindings', () => {
    expect(subjectsOf(world(), 'dev').map((s) => `${s.kind}:${s.name}:${s.source}`)).toEqual([
      'User:kubernetes-admin:kubeconfig',
      'User:alice:scenario',
      'User:bob:binding',
      'Group:system:masters:binding',
      'ServiceAccount:builder:binding',
      'ServiceAccount:default:object',
    ]);
  });

  it('marks the squares a binding grants, with the binding, the role and the rule', () => {
    const m = buildMatrix(world(), 'dev');
    const alice = m.cells[1]!;
    expect(alice.slice(0, 7)).toEqual([0, 0, -1, -1, -1, -1, -1]);
    expect(m.grants).toEqual([{ by: 'RBAC', bindingKind: 'RoleBinding', bindingName: 'read-pods', bindingNamespace: 'dev', roleKind: 'Role', roleName: 'pod-reader', ruleIndex: 0, rule: '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}' }]);
    expect(m.cells[0]!.every((c) => c === -1)).toBe(true);
  });

  it('answers who can list pods, and that a resource the server does not have is not found', () => {
    const resolve = (r: string) => (r === 'pods' ? { resource: 'pods', group: '' } : undefined);
    expect(whoCan(world(), 'dev', 'list', 'pods', resolve).allowed.map((r) => r.subject.name)).toEqual(['alice']);
    expect(whoCan(world(), 'dev', 'list', 'pods/log', resolve).allowed).toEqual([]);
    expect(whoCan(world(), 'dev', 'list', 'gizmos', resolve).error).toBe('the server doesn\'t have a resource type "gizmos"');
  });

  it('lists what a subject can do as kubectl auth can-i --list does', () => {
    const w = whatCan(world(), 'dev', { kind: 'User', name: 'alice', source: 'scenario' });
    expect(w.text).toBe(['Resources   Non-Resource URLs   Resource Names   Verbs', 'pods        []                  []               [get list]', ''].join('\n'));
  });
});
