/**
 * Map entries for the describers kubetab already had (Pod, Node, Service, Namespace, Endpoints,
 * Deployment, ReplicaSet, Ingress, IngressClass, NetworkPolicy): what each fetches besides the object.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Endpoints, Event, LimitRange, Namespace, Node, Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { selectorFromLabelSelector } from '../../sim/api/labels';
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { searchEvents } from './common';
import { describeIngress, describeIngressClass } from './ingress';
import { describeEndpoints, describeNamespace } from './namespace';
import { describeNetworkPolicy } from './networkpolicy';
import { describeNode } from './node';
import { describePod } from './pod';
import { deploymentReplicaSets } from './rsutil';
import { describeService } from './service';
import type { Describer, DescribeRequest } from './types';
import { describeDeployment, describeReplicaSet, podCounts, type PodCounts } from './workloads';

/** getPodStatusForController: the pods the selector matches, counted when `uid` controls them. */
export function podStatusForController(r: DescribeRequest, selector: Parameters<typeof selectorFromLabelSelector>[0], uid: string | undefined): PodCounts {
  let pods: Pod[] = [];
  try {
    pods = r.list<Pod>('pods', r.namespace, selectorFromLabelSelector(selector).toString());
  } catch {
    pods = [];
  }
  return podCounts(pods, uid);
}

const pod: Describer = (r) => describePod(r.obj as unknown as Pod, r.events({ kind: null }), r.nowMs);

const node: Describer = (r) => {
  const name = r.obj.metadata.name;
  const pods = r.list<Pod>('pods', undefined).filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  // the controllers name the node by uid, the kubelet by name: kubectl searches both
  const byUid = r.events();
  const evs: Event[] | undefined = byUid ? [...byUid, ...(r.events({ uid: name }) ?? [])] : undefined;
  let lease: Lease | Error;
  try {
    lease = r.client.get<KObject>('leases', 'kube-node-lease', name) as unknown as Lease;
  } catch (e) {
    lease = e instanceof StatusError ? new Error(e.message) : (e as Error);
  }
  return describeNode(r.obj as unknown as Node, pods, evs, lease, r.nowMs);
};

const service: Describer = (r) => {
  const slices = r.list<EndpointSlice>('endpointslices', r.namespace, `kubernetes.io/service-name=${r.obj.metadata.name}`);
  return describeService(r.obj as unknown as Service, slices, r.events(), r.nowMs);
};

const namespace: Describer = (r) => {
  const name = r.obj.metadata.name;
  return describeNamespace(r.obj as unknown as Namespace, r.list<ResourceQuota>('resourcequotas', name), r.list<LimitRange>('limitranges', name));
};

const endpoints: Describer = (r) => describeEndpoints(r.obj as unknown as Endpoints, r.events(), r.nowMs);

const deployment: Describer = (r) => {
  const d = r.obj as unknown as Deployment & KObject;
  const { oldRSs, newRS } = deploymentReplicaSets(r.client, d);
  return describeDeployment(d, oldRSs, newRS, r.events(), r.nowMs);
};

const replicaSet: Describer = (r) => {
  const rs = r.obj as unknown as ReplicaSet;
  return describeReplicaSet(rs, podStatusForController(r, rs.spec?.selector, r.obj.metadata.uid), r.events(), r.nowMs);
};

// kubectl's NetworkPolicy describer fetches no events.
const networkPolicy: Describer = (r) => describeNetworkPolicy(r.obj as unknown as NetworkPolicy);

const ingress: Describer = (r) => {
  const fail = (e: unknown): Error => new Error(e instanceof Error ? e.message : String(e));
  const lookup = {
    service: (ns: string, svc: string): Service | Error => {
      try {
        return r.client.get<KObject>('services', ns, svc) as unknown as Service;
      } catch (e) {
        return fail(e);
      }
    },
    slices: (ns: string, svc: string): EndpointSlice[] | Error => {
      try {
        return r.client.list('endpointslices', ns, { labelSelector: `kubernetes.io/service-name=${svc}` }).items as unknown as EndpointSlice[];
      } catch (e) {
        return fail(e);
      }
    },
  };
  return describeIngress(r.obj as unknown as Ingress, lookup, r.events(), r.nowMs);
};

const ingressClass: Describer = (r) => describeIngressClass(r.obj as unknown as IngressClass, r.events(), r.nowMs);

export const EXISTING_DESCRIBERS: Record<string, Describer> = {
  '/Pod': pod,
  '/Node': node,
  '/Service': service,
  '/Namespace': namespace,
  '/Endpoints': endpoints,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'networking.k8s.io/NetworkPolicy': networkPolicy,
  'networking.k8s.io/Ingress': ingress,
  'networking.k8s.io/IngressClass': ingressClass,
};

export { searchEvents };
