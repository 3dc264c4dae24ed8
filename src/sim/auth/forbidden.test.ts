import { describe, expect, it } from 'vitest';
import { forbiddenDetails, forbiddenMessage, forbiddenStatusMessage, newForbiddenMessage } from './forbidden';
import { req, urlReq, user } from './testFixtures';

const alice = user('alice');

describe('forbiddenMessage', () => {
  it('words a namespaced, a cluster-scoped and a subresource request as kube-apiserver does', () => {
    expect(forbiddenMessage(req(alice, 'list', 'pods', { namespace: 'default' }), '')).toBe(
      'User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(req(alice, 'list', 'nodes'), '')).toBe('User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbiddenMessage(req(alice, 'get', 'pods/log', { namespace: 'default', name: 'web' }), '')).toBe(
      'User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(urlReq(alice, 'get', '/healthz'), '')).toBe('User "alice" cannot get path "/healthz"');
  });

  it('appends a reason after a colon', () => {
    expect(forbiddenMessage(req(user('system:node:worker-1', 'system:nodes'), 'get', 'secrets', { namespace: 'default', name: 'db' }), "no relationship found between node 'worker-1' and this object")).toBe(
      'User "system:node:worker-1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node \'worker-1\' and this object',
    );
  });
});

describe('forbiddenStatusMessage', () => {
  it('puts the qualified resource and the name in front, without the subresource', () => {
    expect(forbiddenStatusMessage(req(alice, 'list', 'pods', { namespace: 'default' }), '')).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenStatusMessage(req(alice, 'get', 'pods/log', { namespace: 'default', name: 'web' }), '')).toBe(
      'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
    expect(forbiddenStatusMessage(req(alice, 'delete', 'deployments', { group: 'apps', namespace: 'default', name: 'web' }), '')).toBe(
      'deployments.apps "web" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
    );
    expect(forbiddenStatusMessage(urlReq(alice, 'get', '/healthz'), '')).toBe('forbidden: User "alice" cannot get path "/healthz"');
  });

  it('words impersonation as kube-apiserver does', () => {
    expect(forbiddenStatusMessage(req(user('bob'), 'impersonate', 'users', { name: 'alice' }), '')).toBe(
      'users "alice" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('has the details NewForbidden sets', () => {
    expect(forbiddenDetails(req(alice, 'get', 'pods/log', { namespace: 'default', name: 'web' }))).toEqual({ name: 'web', kind: 'pods' });
    expect(forbiddenDetails(req(alice, 'list', 'deployments', { group: 'apps' }))).toEqual({ group: 'apps', kind: 'deployments' });
    expect(forbiddenDetails(urlReq(alice, 'get', '/healthz'))).toEqual({});
    expect(newForbiddenMessage('rbac.authorization.k8s.io', 'rolebindings', 'x', 'why')).toBe('rolebindings.rbac.authorization.k8s.io "x" is forbidden: why');
  });
});
