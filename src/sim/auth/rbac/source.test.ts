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

  it('forgets a binding\'s old subjects even when the object was changed in place', () => {
    const index = new RbacIndex();
    const b = clusterRoleBinding('readers', 'view', U('alice'));
    index.upsert(b);
    (b.subjects as { name: string }[])[0]!.name = 'bob';
    index.upsert(b);
    expect(names(index.clusterRoleBindingsFor(user('alice')))).toEqual([]);
    expect(names(index.clusterRoleBindingsFor(user('bob')))).toEqual(['readers']);
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

describe('RbacIndex order', () => {
  it('gives the same first allowing binding as a walk over all bindings in name order', () => {
    // a fixed MINSTD sequence (exact in doubles): many overlapping subjects, deterministic
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 48271) % 2147483647), seed % n);
    const people = ['alice', 'bob', 'carol'];
    const groups = ['dev', 'ops', 'system:authenticated'];
    const roles = ['a', 'b', 'c'];
    const objects = roles.map((r) => clusterRole(r, { verbs: [['get', 'list', 'delete'][next(3)]!], apiGroups: [''], resources: ['pods'] }));
    const bindings = [];
    for (let i = 0; i < 60; i++) {
      const subjects = [next(2) ? U(people[next(3)]!) : G(groups[next(3)]!), next(2) ? U(people[next(3)]!) : G(groups[next(3)]!)];
      bindings.push(clusterRoleBinding(`b${String(next(1000)).padStart(3, '0')}-${i}`, roles[next(3)]!, ...subjects));
    }
    const index = RbacIndex.of([...objects, ...bindings]);
    const sorted = [...bindings].sort((x, y) => (x.metadata!.name! < y.metadata!.name! ? -1 : 1));
    for (const name of people) {
      for (const g of groups) {
        const u = user(name, g);
        for (const verb of ['get', 'list', 'delete']) {
          const walked = sorted.find(
            (b) =>
              b.subjects!.some((s) => (s.kind === 'User' ? s.name === u.name : u.groups.includes(s.name))) &&
              index.clusterRole(b.roleRef.name)!.rules!.some((r) => r.verbs.includes(verb)),
          );
          const viaIndex = index
            .clusterRoleBindingsFor(u)
            .find((b) => index.clusterRole(b.roleRef.name)!.rules!.some((r) => r.verbs.includes(verb)));
          expect(viaIndex?.metadata?.name).toBe(walked?.metadata?.name);
        }
      }
    }
  });
});
