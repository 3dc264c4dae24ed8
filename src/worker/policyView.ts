/**
 * The policy view's answer: one namespace's matrix of who may reach whom by its NetworkPolicies,
 * computed here from what the API server holds (listed as kubectl would), so the page only draws it.
 * It reads only. The CNI comes along because under flannel nothing enforces what the matrix says.
 */
import type { Cluster } from '../sim/cluster';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { KObject, Namespace, Pod } from '../sim/types';
import { networkOnDemand } from '../sim/network/lazy';
import { buildPolicyMatrix } from '../sim/network/policy/matrix';
import type { PolicyMatrix } from '../sim/network/policy/matrix';
import type { CniPlugin } from '../sim/network/settings';

export interface PolicyViewAnswer {
  cni: CniPlugin;
  matrix: PolicyMatrix;
}

/**
 * What the last answer was made from: the cluster, the namespace, and per list its length and newest
 * resourceVersion — the page asks again every half second while the clock runs, and most of those
 * moments changed no pod, policy or namespace.
 */
let last: { cluster: Cluster; key: string; answer: PolicyViewAnswer } | undefined;

function fingerprint(...lists: readonly { metadata?: { resourceVersion?: string } }[][]): string {
  return lists.map((l) => `${l.length}:${l.reduce((m, o) => Math.max(m, Number(o.metadata?.resourceVersion ?? 0)), 0)}`).join('/');
}

export function policyView(cluster: Cluster, namespace: string): PolicyViewAnswer {
  return cluster.api.observe(() => {
    const client = cluster.client();
    const world = {
      policies: client.list<KObject>('networkpolicies', undefined).items as unknown as NetworkPolicy[],
      namespaces: client.list<Namespace>('namespaces', undefined).items,
      pods: client.list<Pod>('pods', undefined).items,
    };
    const key = `${namespace}|${cluster.network.cni}|${fingerprint(world.policies, world.namespaces, world.pods)}`;
    if (last && last.cluster === cluster && last.key === key) return last.answer;
    // "outside" is the client the packet trace starts from for `external`, so a click traces the same address.
    const answer = { cni: cluster.network.cni, matrix: buildPolicyMatrix(world, namespace, { outsideIP: networkOnDemand().EXTERNAL_CLIENT_IP }) };
    last = { cluster, key, answer };
    return answer;
  });
}
