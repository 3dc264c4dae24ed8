import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import { ClusterRoleAggregationController } from './clusterroleaggregation';
import type { PolicyRule } from '../auth/types';
import type { KObject, StoredObject } from '../types';

type Role = KObject & StoredObject & { rules?: PolicyRule[] };

const role = (h: Harness, name: string): Role => h.k.get<Role>('clusterroles', undefined, name);
const RO = ['get', 'list', 'watch'];

describe('ClusterRoleAggregationController', () => {
  it('fills admin, edit and view from the aggregate-to-* roles, view inside edit inside admin', () => {
    const h = new Harness();
    expect(role(h, 'view').rules).toEqual([]);
    h.add(ClusterRoleAggregationController);
    h.run(1000);
    const view = role(h, 'view').rules!;
    expect(view).toEqual(role(h, 'system:aggregate-to-view').rules);
    expect(view[0]).toEqual({ apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'], verbs: RO });
    // edit = system:aggregate-to-edit's rules, then view's (sorted by role name: "system:…" < "view").
    const edit = role(h, 'edit').rules!;
    expect(edit).toEqual([...role(h, 'system:aggregate-to-edit').rules!, ...view]);
    // admin = edit's, then system:aggregate-to-admin's.
    expect(role(h, 'admin').rules).toEqual([...edit, ...role(h, 'system:aggregate-to-admin').rules!]);
  });

  it('adds the rules of a new ClusterRole labelled aggregate-to-view to view (and so to edit and admin), once each', () => {
    const h = new Harness();
    h.add(ClusterRoleAggregationController);
    h.run(1000);
    const before = role(h, 'view');
    const crd: PolicyRule = { apiGroups: ['stable.example.com'], resources: ['crontabs'], verbs: RO };
    const namespaces: PolicyRule = { apiGroups: [''], resources: ['namespaces'], verbs: RO };
    h.k.create('clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crontab-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      // the second rule is one system:aggregate-to-view has too: it is kept once, where it came first
      rules: [crd, namespaces],
    } as KObject);
    h.run(1000);
    const after = role(h, 'view');
    // "crontab-view" sorts before "system:aggregate-to-view": its rules come first.
    expect(before.rules!.filter((r) => JSON.stringify(r) === JSON.stringify(namespaces))).toHaveLength(1);
    expect(after.rules).toEqual([crd, namespaces, ...before.rules!.filter((r) => JSON.stringify(r) !== JSON.stringify(namespaces))]);
    expect(role(h, 'edit').rules).toContainEqual(crd);
    expect(role(h, 'admin').rules).toContainEqual(crd);
    // Nothing changes when the union is already what the role holds: no new write.
    const rv = role(h, 'view').metadata.resourceVersion;
    h.run(5000);
    expect(role(h, 'view').metadata.resourceVersion).toBe(rv);
  });

  it('takes the rules away again when the labelled role is deleted', () => {
    const h = new Harness();
    h.add(ClusterRoleAggregationController);
    h.run(1000);
    const before = role(h, 'view').rules;
    h.k.create('clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crontab-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['stable.example.com'], resources: ['crontabs'], verbs: RO }],
    } as KObject);
    h.run(1000);
    h.k.delete('clusterroles', undefined, 'crontab-view');
    h.run(1000);
    expect(role(h, 'view').rules).toEqual(before);
  });

  it('writes as its own ServiceAccount, with a PATCH of the rules', () => {
    const h = new Harness();
    h.add(ClusterRoleAggregationController);
    h.run(1000);
    const writes = h.cluster.api.audit
      .recent()
      .filter((e) => e.resource === 'clusterroles' && e.verb !== 'create' && e.verb !== 'list' && e.verb !== 'watch')
      .map((e) => `${e.verb} ${e.user} ${e.name} ${e.code}`);
    // admin is written again as edit fills (each change to any ClusterRole looks at every aggregated role again).
    expect([...new Set(writes)].sort()).toEqual(['admin', 'edit', 'view'].map((n) => `patch system:serviceaccount:kube-system:clusterrole-aggregation-controller ${n} 200`));
  });

  it("fills a user's own aggregated ClusterRole, selector by selector, matchExpressions included", () => {
    const h = new Harness();
    h.add(ClusterRoleAggregationController);
    const cr = (name: string, labels: Record<string, string>, rules: PolicyRule[]): KObject =>
      ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules }) as KObject;
    const a: PolicyRule = { apiGroups: ['monitoring.coreos.com'], resources: ['prometheuses'], verbs: RO };
    const b: PolicyRule = { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] };
    const c: PolicyRule = { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: RO };
    h.k.create('clusterroles', cr('z-prom', { 'example.com/aggregate-to-monitoring': 'true' }, [a]));
    h.k.create('clusterroles', cr('a-logs', { 'example.com/aggregate-to-monitoring': 'true' }, [b]));
    h.k.create('clusterroles', cr('metrics', { team: 'sre' }, [c, a]));
    h.k.create('clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } },
          { matchExpressions: [{ key: 'team', operator: 'In', values: ['sre', 'ops'] }] },
        ],
      },
    } as KObject);
    h.run(1000);
    // first selector: a-logs then z-prom (name order); second: metrics, whose second rule is already there
    expect(role(h, 'monitoring').rules).toEqual([b, a, c]);
  });
});
