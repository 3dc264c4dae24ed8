import { describe, expect, it } from 'vitest';
import { AuthorizerChain } from './chain';
import { NodeAuthorizer } from './node/authorizer';
import { RbacAuthorizer } from './rbac/authorizer';
import { RbacIndex } from './rbac/source';
import { clusterRole, clusterRoleBinding, G, req, user } from './testFixtures';

function chain(): AuthorizerChain {
  const index = RbacIndex.of([
    clusterRole('system:node', { verbs: ['get'], apiGroups: [''], resources: ['secrets'] }),
    clusterRole('view', { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }),
    clusterRoleBinding('viewers', 'view', G('viewers')),
  ]);
  const node = new NodeAuthorizer({
    podsOnNode: () => [],
    persistentVolumesOfClaim: () => [],
    persistentVolume: () => undefined,
    volumeAttachmentNode: () => undefined,
    resourceSliceNode: () => undefined,
  });
  return new AuthorizerChain(node, new RbacAuthorizer(index));
}

describe('AuthorizerChain', () => {
  it('allows system:masters before asking anyone', () => {
    expect(chain().authorize(req(user('system:apiserver', 'system:masters'), 'delete', 'namespaces', { name: 'kube-system' }))).toEqual({
      allowed: true,
      by: 'system:masters',
      reason: '',
      considered: [],
    });
  });

  it('asks the Node authorizer first, then RBAC', () => {
    const c = chain();
    const kubelet = user('system:node:worker-1', 'system:nodes');
    expect(c.authorize(req(kubelet, 'list', 'pods')).by).toBe('Node');
    expect(c.authorize(req(user('bob', 'viewers'), 'list', 'pods')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "viewers" of ClusterRole "view" to Group "viewers"',
    );
  });

  it('carries the Node authorizer\'s reason into a denial', () => {
    const d = chain().authorize(req(user('system:node:worker-1', 'system:nodes'), 'get', 'secrets', { namespace: 'default', name: 'db' }));
    expect(d).toEqual({ allowed: false, reason: "no relationship found between node 'worker-1' and this object", considered: [] });
  });

  it('reports rules, incomplete for a kubelet', () => {
    expect(chain().rulesFor(user('system:node:worker-1', 'system:nodes'), 'default')).toEqual({
      resourceRules: [],
      nonResourceRules: [],
      incomplete: true,
      evaluationError: 'node authorizer does not support user rule resolution',
    });
    expect(chain().rulesFor(user('bob', 'viewers'), 'default')).toEqual({
      resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
      nonResourceRules: [],
      incomplete: false,
    });
  });
});
