import { describe, expect, it } from 'vitest';
import { clusterRole, clusterRoleBinding, G, role, roleBinding, SA, U, user } from '../testFixtures';
import { RbacIndex, userKeys } from './source';

const names = (list: readonly { metadata?: { name?: string } }[]): string[] => list.map((b) => b.metadata?.name ?? '');

describe('RbacIndex', () => {
  it('finds only the bindings that can name the user, in name order', () => {
    const index = RbacIndex.of([
      clusterRoleBinding('zeta', 'view', U('alice')),
      clusterRoleBinding('alpha', 'view', G('dev'), U('bob')),
      clusterRoleBinding('middle', 'view', G('system:authenticated')),
      clusterRoleBinding('other', 'view', U('carol')),
    ]);
    expect(names(index.clusterRoleBindingsFor(user('alice', 'dev')))).toEqual(['alpha', 'middle', 'zeta']);
    expect(names(index.clusterRoleBindingsFor(user('carol')))).toEqual(['middle', 'other']);
  });

  it('files a RoleBinding\'s service account without namespace under the binding\'s namespace', () => {
    const index = RbacIndex.of([roleBinding('dev', 'ci', { kind: 'Role', name: 'deployer' }, SA('builder'))]);
    const sa = { name: 'system:serviceaccount:dev:builder', groups: ['system:serviceaccounts', 'system:authenticated'] };
    expect(names(index.roleBindingsFor(sa, 'dev'))).toEqual(['ci']);
    expect(names(index.roleBindingsFor(sa, 'prod'))).toEqual([]);
    expect(userKeys(sa)).toEqual(['User:system:serviceaccount:dev:builder', 'Group:system:serviceaccounts', 'Group:system:authenticated', 'ServiceAccount:dev/builder']);
  });

  it('follows updates and deletes: a changed binding leaves its old subjects behind', () => {
    const index = new RbacIndex();
    index.upsert(clusterRoleBinding('readers', 'view', U('alice')));
    index.upsert(clusterRoleBinding('readers', 'view', U('bob')));
    expect(names(index.clusterRoleBindingsFor(user('alice')))).toEqual([]);
    expect(names(index.clusterRoleBindingsFor(user('bob')))).toEqual(['readers']);
    index.remove(clusterRoleBinding('readers', 'view'));
    expect(names(index.clusterRoleBindingsFor(user('bob')))).toEqual([]);
    expect([...index.clusterRoleBindings()]).toEqual([]);
  });

  it('holds roles and cluster roles and ignores other kinds', () => {
    const index = RbacIndex.of([clusterRole('view'), role('dev', 'deployer'), { kind: 'Pod', metadata: { name: 'web', namespace: 'dev' } }]);
    expect(index.clusterRole('view')?.metadata?.name).toBe('view');
    expect(index.role('dev', 'deployer')?.metadata?.name).toBe('deployer');
    expect(index.role('prod', 'deployer')).toBeUndefined();
    index.remove(role('dev', 'deployer'));
    expect(index.role('dev', 'deployer')).toBeUndefined();
    expect(names([...index.clusterRoles()])).toEqual(['view']);
  });
});
