/**
 * The ClusterRole aggregation controller (k8s.io/kubernetes pkg/controller/clusterroleaggregation):
 * a ClusterRole with an `aggregationRule` gets as its rules the union of the rules of every ClusterRole
 * any of its selectors picks — selector by selector, the picked roles in name order, each rule once,
 * itself left out. This is how `admin`, `edit` and `view` grow when a ClusterRole labelled
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"` appears. It writes only when the union differs.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { KObject, LabelSelector, StoredObject } from '../types';
import type { PolicyRule } from '../auth/types';
import { selectorMatches } from '../api/selectorMatch';
import { isStatusError } from '../api/types';

type ClusterRole = KObject & StoredObject & { rules?: PolicyRule[]; aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } };

export class ClusterRoleAggregationController implements Component {
  readonly name = 'clusterrole-aggregation-controller';
  static readonly eventSource = 'clusterrole-aggregation-controller';
  static readonly user = 'system:serviceaccount:kube-system:clusterrole-aggregation-controller';

  readonly queue: WorkQueue;
  private readonly roles: Informer<ClusterRole>;

  constructor(private readonly ctx: ComponentContext) {
    this.roles = ctx.informers.informer<ClusterRole>('clusterroles');
    this.queue = ctx.newQueue('ClusterRoleAggregator', (name) => this.sync(name));
  }

  start(): void {
    // Any change to any ClusterRole may change what an aggregated role collects: every aggregated
    // role is looked at again (upstream's enqueue does the same).
    const all = (): void => this.enqueueAggregated();
    this.roles.addEventHandler({ add: all, update: all, delete: all });
    this.ctx.informers.start();
  }

  private enqueueAggregated(): void {
    for (const r of this.roles.list()) if (r.aggregationRule) this.queue.add(r.metadata.name);
  }

  private sync(name: string): void {
    if (!this.roles.hasSynced()) {
      this.ctx.clock.after(100, 'clusterrole-aggregation: wait for sync', () => this.queue.add(name));
      return;
    }
    const role = this.roles.get(name);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, this.roles.list());
    if (rulesEqual(rules, role.rules ?? [])) return;
    try {
      // Upstream writes with a server-side apply of `rules` (PATCH); the merge patch sends the same list.
      this.ctx.client.patch('clusterroles', undefined, name, { rules }, { type: 'merge' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}

/** The union of the rules of the roles `role`'s selectors pick, in upstream's order. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const sel of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const picked = all.filter((r) => selectorMatches(sel, r.metadata.labels)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    for (const r of picked) {
      if (r.metadata.name === role.metadata.name) continue;
      for (const rule of r.rules ?? []) if (!out.some((x) => ruleEqual(x, rule))) out.push(rule);
    }
  }
  return out;
}

/** Semantic equality of two rules: a missing list and an empty one are the same. */
function ruleEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    listEqual(a.verbs, b.verbs) &&
    listEqual(a.apiGroups, b.apiGroups) &&
    listEqual(a.resources, b.resources) &&
    listEqual(a.resourceNames, b.resourceNames) &&
    listEqual(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function rulesEqual(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => ruleEqual(r, b[i]!));
}

function listEqual(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
