import { describe, expect, it } from 'vitest';
import { G, SA, U, user } from '../testFixtures';
import { appliesTo, describeSubject, goQuoteList, parseServiceAccountUser } from './subjects';

describe('appliesTo', () => {
  const sa = { name: 'system:serviceaccount:dev:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] };

  it('matches users by name and groups by membership', () => {
    expect(appliesTo(user('alice'), U('alice'), '')).toBe(true);
    expect(appliesTo(user('alice'), U('bob'), '')).toBe(false);
    expect(appliesTo(user('alice', 'dev'), G('dev'), '')).toBe(true);
    expect(appliesTo(user('alice'), G('system:authenticated'), '')).toBe(true);
    expect(appliesTo(user('alice'), G('dev'), '')).toBe(false);
  });

  it('matches a service account by its user name, defaulting the namespace to the RoleBinding\'s', () => {
    expect(appliesTo(sa, SA('builder', 'dev'), '')).toBe(true);
    expect(appliesTo(sa, SA('builder'), 'dev')).toBe(true);
    expect(appliesTo(sa, SA('builder'), 'prod')).toBe(false);
    expect(appliesTo(sa, SA('builder', 'prod'), 'dev')).toBe(false);
    // a ClusterRoleBinding subject without a namespace names nobody
    expect(appliesTo(sa, SA('builder'), '')).toBe(false);
    expect(appliesTo(sa, G('system:serviceaccounts:dev'), '')).toBe(true);
    expect(appliesTo(sa, U('system:serviceaccount:dev:builder'), '')).toBe(true);
  });

  it('ignores unknown subject kinds', () => {
    expect(appliesTo(user('alice'), { kind: 'Robot', name: 'alice' }, '')).toBe(false);
  });
});

describe('describeSubject', () => {
  it('names a service account name-first, with the binding namespace filled in', () => {
    expect(describeSubject(SA('builder'), 'dev')).toBe('ServiceAccount "builder/dev"');
    expect(describeSubject(SA('builder', 'ci'), 'dev')).toBe('ServiceAccount "builder/ci"');
    expect(describeSubject(U('alice'), '')).toBe('User "alice"');
    expect(describeSubject(G('system:masters'), '')).toBe('Group "system:masters"');
  });
});

describe('helpers', () => {
  it('parses service account user names', () => {
    expect(parseServiceAccountUser('system:serviceaccount:kube-system:kube-proxy')).toEqual({ namespace: 'kube-system', name: 'kube-proxy' });
    expect(parseServiceAccountUser('system:serviceaccount:kube-system')).toBeUndefined();
    expect(parseServiceAccountUser('system:node:worker-1')).toBeUndefined();
  });
  it('quotes lists as Go %q does', () => {
    expect(goQuoteList(['dev', 'system:authenticated'])).toBe('["dev" "system:authenticated"]');
    expect(goQuoteList([])).toBe('[]');
  });
});
