import { describe, expect, it } from 'vitest';
import { forbiddenStatusMessage } from './forbidden';
import { authorizeImpersonation, impersonatedUser } from './impersonation';
import { RbacAuthorizer } from './rbac/authorizer';
import { RbacIndex } from './rbac/source';
import { clusterRole, clusterRoleBinding, role, roleBinding, U, user } from './testFixtures';

const rbac = new RbacAuthorizer(
  RbacIndex.of([
    clusterRole('impersonate-alice', { verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['alice'] }),
    clusterRoleBinding('carol-as-alice', 'impersonate-alice', U('carol')),
    role('dev', 'impersonate-sa', { verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }),
    roleBinding('dev', 'carol-as-sa', { kind: 'Role', name: 'impersonate-sa' }, U('carol')),
  ]),
);

describe('impersonation', () => {
  it('refuses with the words of the first check that fails', () => {
    const r = authorizeImpersonation(rbac, user('bob'), { user: 'alice' });
    expect(r.denied && forbiddenStatusMessage(r.denied.check, r.denied.decision.reason)).toBe(
      'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const g = authorizeImpersonation(rbac, user('carol'), { user: 'alice', groups: ['admins'] });
    expect(g.denied && forbiddenStatusMessage(g.denied.check, g.denied.decision.reason)).toBe(
      'groups "admins" is forbidden: User "carol" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
    const s = authorizeImpersonation(rbac, user('carol'), { user: 'system:serviceaccount:prod:deployer' });
    expect(s.denied && forbiddenStatusMessage(s.denied.check, s.denied.decision.reason)).toBe(
      'serviceaccounts "deployer" is forbidden: User "carol" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "prod"',
    );
  });

  it('acts as the user with system:authenticated, or as the service account with its groups', () => {
    expect(authorizeImpersonation(rbac, user('carol'), { user: 'alice' }).user).toEqual({ name: 'alice', groups: ['system:authenticated'] });
    expect(authorizeImpersonation(rbac, user('carol'), { user: 'system:serviceaccount:dev:builder' }).user).toEqual({
      name: 'system:serviceaccount:dev:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'],
    });
    expect(impersonatedUser({ user: 'alice', groups: ['dev', 'system:authenticated'] })).toEqual({ name: 'alice', groups: ['dev', 'system:authenticated'] });
    expect(impersonatedUser({ user: 'system:anonymous' })).toEqual({ name: 'system:anonymous', groups: ['system:unauthenticated'] });
  });
});
