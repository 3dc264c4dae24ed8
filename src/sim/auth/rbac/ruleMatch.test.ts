import { describe, expect, it } from 'vitest';
import { req, urlReq, user } from '../testFixtures';
import type { PolicyRule } from '../types';
import { nonResourceURLMatches, resourceMatches, ruleAllows } from './ruleMatch';

const alice = user('alice');

describe('ruleAllows', () => {
  it('matches verb, group and resource, each by `*` or by name', () => {
    const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
    expect(ruleAllows(req(alice, 'get', 'pods', { namespace: 'default', name: 'web' }), rule)).toBe(true);
    expect(ruleAllows(req(alice, 'delete', 'pods', { namespace: 'default', name: 'web' }), rule)).toBe(false);
    expect(ruleAllows(req(alice, 'get', 'deployments', { group: 'apps' }), rule)).toBe(false);
    expect(ruleAllows(req(alice, 'get', 'pods', { group: 'apps' }), rule)).toBe(false);
    const star: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
    expect(ruleAllows(req(alice, 'deletecollection', 'deployments', { group: 'apps' }), star)).toBe(true);
    expect(ruleAllows(req(alice, 'get', 'pods/log'), star)).toBe(true);
  });

  it('needs apiGroups: a rule without them matches no resource request', () => {
    expect(ruleAllows(req(alice, 'get', 'pods'), { verbs: ['get'], resources: ['pods'] })).toBe(false);
  });

  it('matches a subresource by its combined name or by `*/sub`, not by `pods/*` and not by `pods`', () => {
    expect(ruleAllows(req(alice, 'get', 'pods/log'), { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] })).toBe(true);
    expect(ruleAllows(req(alice, 'get', 'pods/log'), { verbs: ['get'], apiGroups: [''], resources: ['pods'] })).toBe(false);
    expect(ruleAllows(req(alice, 'get', 'pods/log'), { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] })).toBe(false);
    expect(ruleAllows(req(alice, 'update', 'deployments/scale', { group: 'apps' }), { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] })).toBe(true);
    expect(ruleAllows(req(alice, 'update', 'deployments', { group: 'apps' }), { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] })).toBe(false);
    expect(resourceMatches({ verbs: [], resources: ['*/scale'] }, 'pods/log', 'log')).toBe(false);
    expect(resourceMatches({ verbs: [], resources: ['pods/*'] }, 'pods/*', '*')).toBe(true);
  });

  it('with resourceNames allows only requests naming one of them: list and create name none', () => {
    const rule: PolicyRule = { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] };
    expect(ruleAllows(req(alice, 'get', 'configmaps', { namespace: 'default', name: 'app-config' }), rule)).toBe(true);
    expect(ruleAllows(req(alice, 'get', 'configmaps', { namespace: 'default', name: 'other' }), rule)).toBe(false);
    expect(ruleAllows(req(alice, 'list', 'configmaps', { namespace: 'default' }), rule)).toBe(false);
    expect(ruleAllows(req(alice, 'create', 'configmaps', { namespace: 'default' }), rule)).toBe(false);
  });

  it('matches non-resource URLs exactly, by `*`, or by a prefix ending in `*`', () => {
    const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/healthz/*'] };
    expect(ruleAllows(urlReq(alice, 'get', '/healthz'), rule)).toBe(true);
    expect(ruleAllows(urlReq(alice, 'get', '/healthz/etcd'), rule)).toBe(true);
    expect(ruleAllows(urlReq(alice, 'get', '/healthzx'), rule)).toBe(false);
    expect(ruleAllows(urlReq(alice, 'post', '/healthz'), rule)).toBe(false);
    expect(nonResourceURLMatches({ verbs: [], nonResourceURLs: ['/healthz/*'] }, '/healthz')).toBe(false);
    expect(nonResourceURLMatches({ verbs: [], nonResourceURLs: ['/api*'] }, '/apis/apps')).toBe(true);
    expect(nonResourceURLMatches({ verbs: [], nonResourceURLs: ['*'] }, '/version')).toBe(true);
  });

  it('keeps resource rules and URL rules apart', () => {
    expect(ruleAllows(urlReq(alice, 'get', '/healthz'), { verbs: ['get'], apiGroups: ['*'], resources: ['*'] })).toBe(false);
    expect(ruleAllows(req(alice, 'get', 'pods'), { verbs: ['get'], nonResourceURLs: ['*'] })).toBe(false);
  });
});
