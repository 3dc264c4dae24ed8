/**
 * The RBAC view's answers, computed here with the API server's own authorizer over what the store
 * holds (an observer's read: nothing is recorded), so the page only draws them. The matrix is kept
 * while no RBAC object, ServiceAccount or namespace changed: the page asks again as the cluster moves.
 */
import type { Cluster } from '../sim/cluster';
import { findByResource } from '../sim/api/kinds';
import type { KObject, StoredObject } from '../sim/types';
import type { PolicyRule, RoleRef } from '../sim/auth/types';
import { buildMatrix, whatCan, whoCan } from '../sim/auth/view/matrix';
import type { BindingLike, RbacWorld } from '../sim/auth/view/matrix';
import type { RbacAnswer, RbacQuery } from '../sim/auth/view/types';
import { serverAuthz } from './serverAuthz';

/** The user kubeadm's admin.conf names: the learner's kubectl. */
const KUBECONFIG_USER = 'kubernetes-admin';

let last: { cluster: Cluster; key: string; answer: RbacAnswer } | undefined;

function fingerprint(lists: readonly (readonly StoredObject[])[]): string {
  return lists.map((l) => `${l.length}:${l.reduce((m, o) => Math.max(m, Number(o.metadata?.resourceVersion ?? 0)), 0)}`).join('/');
}

/** The rules of a Role or ClusterRole as the store holds them (an observer's read). */
export function roleRulesOf(cluster: Cluster, role: RoleRef): readonly PolicyRule[] | undefined {
  return cluster.api.observe(() => {
    const client = cluster.client();
    try {
      const o = role.kind === 'ClusterRole' ? client.get<KObject>('clusterroles', undefined, role.name) : client.get<KObject>('roles', role.namespace, role.name);
      return (o as unknown as { rules?: PolicyRule[] }).rules ?? [];
    } catch {
      return undefined;
    }
  });
}

export function rbacView(cluster: Cluster, q: RbacQuery): RbacAnswer {
  const authz = serverAuthz(cluster);
  return cluster.api.observe(() => {
    const client = cluster.client();
    const list = (resource: string, namespace?: string): StoredObject[] => client.list<KObject>(resource, namespace).items;
    const crbs = list('clusterrolebindings');
    const rbs = list('rolebindings', q.namespace);
    const sas = list('serviceaccounts', q.namespace);
    const namespaces = list('namespaces');
    const roles = [list('clusterroles'), list('roles', q.namespace)];
    const users = [{ name: KUBECONFIG_USER, source: 'kubeconfig' as const }, ...authz.users().map((name) => ({ name, source: 'scenario' as const }))];
    const world: RbacWorld = {
      authorize: (a) => authz.authorize(a),
      rulesFor: (u, ns) => authz.rulesFor(u, ns),
      userInfo: (name) => authz.userInfo(name),
      roleRules: (r) => roleRulesOf(cluster, r),
      namespaces: namespaces.map((n) => n.metadata.name),
      users,
      clusterRoleBindings: crbs as unknown as BindingLike[],
      roleBindings: rbs as unknown as BindingLike[],
      serviceAccounts: sas.map((s) => s.metadata.name),
    };
    if (q.kind === 'whoCan') return { whoCan: whoCan(world, q.namespace, q.verb, q.resource, (r) => {
      const d = findByResource(r);
      return d ? { resource: d.plural, group: d.group } : undefined;
    }) };
    if (q.kind === 'whatCan') return { whatCan: whatCan(world, q.namespace, q.subject) };
    const key = `${q.namespace}|${authz.enforced}|${users.map((u) => u.name).join(',')}|${fingerprint([crbs, rbs, sas, namespaces, ...roles])}`;
    if (last && last.cluster === cluster && last.key === key) return last.answer;
    const answer = { matrix: { ...buildMatrix(world, q.namespace), enforced: authz.enforced } };
    last = { cluster, key, answer };
    return answer;
  });
}
