import { describe, expect, it } from 'vitest';
import { scenarioFromObject, scenarioToObject } from './format';
import { decodeShare, encodeShare } from './urlCodec';
import { createCluster } from '../sim/cluster';

const withUsers = (users: unknown) => scenarioFromObject({ apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, cluster: { users }, actions: [] });
const refusal = (users: unknown): string => {
  try {
    withUsers(users);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('cluster.users', () => {
  it('reads each user with the groups of their certificate', () => {
    expect(withUsers([{ name: 'alice', groups: ['dev'] }, { name: 'bob' }]).cluster.users).toEqual([
      { name: 'alice', groups: ['dev'] },
      { name: 'bob', groups: [] },
    ]);
  });
  it('refuses what no certificate could carry, naming the path', () => {
    expect(refusal('alice')).toBe('cluster.users: expected a list, got the string "alice"');
    expect(refusal(['alice'])).toBe('cluster.users[0]: expected a mapping with name and groups, got the string "alice"');
    expect(refusal([{ groups: ['dev'] }])).toBe('cluster.users[0].name: Required value');
    expect(refusal([{ name: 'alice', role: 'admin' }])).toBe('cluster.users[0]: unknown field "role" (allowed: name, groups)');
    expect(refusal([{ name: 'alice' }, { name: 'alice' }])).toBe('cluster.users[1].name: Duplicate value: "alice"');
    expect(refusal([{ name: 'alice', groups: 'dev' }])).toBe('cluster.users[0].groups: expected a list, got the string "dev"');
    expect(refusal([{ name: 'alice', groups: ['dev', 'dev'] }])).toBe('cluster.users[0].groups[1]: Duplicate value: "dev"');
    expect(refusal([{ name: 'kubernetes-admin' }])).toBe('cluster.users[0].name: Invalid value: "kubernetes-admin": is the cluster admin of kubeadm\'s admin.conf');
    expect(refusal([{ name: 'system:node:x' }])).toBe('cluster.users[0].name: Invalid value: "system:node:x": must not start with "system:" (names of the cluster\'s own components and ServiceAccounts)');
  });
  it('travels in the file form and the share link', () => {
    const s = withUsers([{ name: 'alice', groups: ['dev'] }]);
    expect(scenarioToObject(s).cluster).toEqual({ users: [{ name: 'alice', groups: ['dev'] }] });
    const back = decodeShare(encodeShare(s, 0));
    expect('scenario' in back && back.scenario.cluster.users).toEqual([{ name: 'alice', groups: ['dev'] }]);
  });
  it('are known to the API server with their groups and system:authenticated', () => {
    const cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
    expect(cluster.api.authn.userInfo('alice')).toEqual({ name: 'alice', groups: ['dev', 'system:authenticated'] });
  });
});
