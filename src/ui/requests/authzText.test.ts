import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { formatMessage } from '../i18n/format';
import type { MessageKey, Params } from '../i18n';
import type { AuthzExplanation } from '../../worker/protocol';
import { authzText } from './authzText';

const t = (k: MessageKey, p?: Params): string => formatMessage(en[k], p);
const zh = (k: MessageKey, p?: Params): string => formatMessage(zhCN[k], p);

const base: AuthzExplanation = { decision: 'forbid', user: 'alice', groups: ['dev', 'system:authenticated'], verb: 'list', resource: 'pods', apiGroup: '', namespace: 'default', name: '', path: '', reason: '', considered: [] };

describe('a decision in words', () => {
  it('says which binding, role and rule allowed, the rule 1-based', () => {
    const w = authzText({ ...base, decision: 'allow', user: 'system:kube-scheduler', by: 'RBAC', reason: 'RBAC: allowed by …', allowedBy: { binding: { kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }, role: { kind: 'ClusterRole', name: 'system:kube-scheduler' }, ruleIndex: 2, rule: '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}' }, considered: [{ kind: 'ClusterRoleBinding', name: 'system:kube-scheduler' }] }, t);
    expect(w.headline).toBe('Allowed by ClusterRoleBinding system:kube-scheduler → ClusterRole system:kube-scheduler, rule 3');
    expect(w.rule).toBe('{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "watch"]}');
  });

  it('says Forbidden, what was asked and that no binding names the user or its groups', () => {
    const w = authzText(base, t);
    expect(w.headline).toBe('Forbidden — no binding for User "alice" grants list pods in default');
    expect(w.consideredHead).toBe('No binding names alice or any of its groups (dev, system:authenticated).');
    expect(authzText(base, zh).headline).toBe('Forbidden：没有任何绑定授予 User "alice" list pods （命名空间 default） 的权限');
  });

  it('names a group, a named object, a subresource and the cluster scope, and lists the bindings considered', () => {
    const w = authzText({ ...base, verb: 'get', resource: 'deployments/scale', apiGroup: 'apps', name: 'web', namespace: '', considered: [{ kind: 'RoleBinding', name: 'read-pods', namespace: 'dev' }] }, t);
    expect(w.headline).toBe('Forbidden — no binding for User "alice" grants get deployments.apps/scale "web" at the cluster scope');
    expect(w.considered).toEqual(['RoleBinding dev/read-pods']);
  });

  it('tells system:masters and the Node authorizer apart from RBAC', () => {
    expect(authzText({ ...base, decision: 'allow', user: 'system:apiserver', by: 'system:masters' }, t).headline).toBe('system:apiserver is in the group system:masters: allowed before any authorizer is asked');
    expect(authzText({ ...base, decision: 'allow', user: 'system:node:worker-1', by: 'Node' }, t).headline).toBe('Allowed by the Node authorizer: system:node:worker-1 may do this for what its node runs');
  });
});
