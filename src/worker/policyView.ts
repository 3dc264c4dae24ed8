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

export function policyView(cluster: Cluster, namespace: string): PolicyViewAnswer {
  return cluster.api.observe(() => {
    const client = cluster.client();
    const world = {
      policies: client.list<KObject>('networkpolicies', undefined).items as unknown as NetworkPolicy[],
      namespaces: client.list<Namespace>('namespaces', undefined).items,
      pods: client.list<Pod>('pods', undefined).items,
    };
    // "outside" is the client the packet trace starts from for `external`, so a click traces the same address.
    return { cni: cluster.network.cni, matrix: buildPolicyMatrix(world, namespace, { outsideIP: networkOnDemand().EXTERNAL_CLIENT_IP }) };
  });
}
