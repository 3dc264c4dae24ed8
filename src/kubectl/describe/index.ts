/**
 * Describers by resource: each fetches what kubectl's describer fetches through the client (the
 * object, its events, related ReplicaSets, pods, slices, the node lease) and renders it.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Endpoints, Event, LimitRange, Namespace, Node, Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { StatusError } from '../../sim/api/types';
import type { ResourceDefinition } from '../../sim/api/types';
import type { Client } from '../../sim/client/types';
import type { KObject, StoredObject } from '../../sim/types';
import { selectorFromLabelSelector } from '../../sim/api/labels';
import { searchEvents } from './common';
import { describeGeneric } from './generic';
import { describeNode } from './node';
import { describePod } from './pod';
import { describeService } from './service';
import { describeIngress, describeIngressClass } from './ingress';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import { describeEndpoints, describeNamespace } from './namespace';
import { describeDeployment, describeReplicaSet, podCounts } from './workloads';
import { describeNetworkPolicy } from './networkpolicy';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';

export { describePod, describeNode, describeDeployment, describeReplicaSet, describeService, describeGeneric };

function listItems<T>(client: Client, resource: string, ns: string | undefined, labelSelector?: string): T[] {
  try {
    return client.list(resource, ns, labelSelector ? { labelSelector } : undefined).items as unknown as T[];
  } catch {
    return [];
  }
}

function revisionOf(o: KObject): number {
  const v = Number(o.metadata?.annotations?.['deployment.kubernetes.io/revision']);
  return Number.isFinite(v) ? v : 0;
}

/** Template equality ignoring the pod-template-hash label, as the deployment controller compares. */
function templatesEqual(a: unknown, b: unknown): boolean {
  const strip = (t: unknown): string => {
    const c = JSON.parse(JSON.stringify(t ?? {})) as { metadata?: { labels?: Record<string, string> } };
    if (c.metadata?.labels) {
      delete c.metadata.labels['pod-template-hash'];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return stableJson(c);
  };
  return strip(a) === strip(b);
}

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The ReplicaSets a Deployment owns, split into the new one (template matches) and the old ones. */
export function deploymentReplicaSets(client: Client, d: Deployment & KObject): { oldRSs: ReplicaSet[]; newRS?: ReplicaSet; all: ReplicaSet[] } {
  const all = listItems<ReplicaSet>(client, 'replicasets', d.metadata?.namespace).filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata?.uid),
  );
  // the newest matching RS is the new one (ties broken by creation time, as the controller does)
  const sorted = [...all].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const newRS = sorted.find((rs) => templatesEqual(rs.spec?.template, d.spec?.template));
  const oldRSs = all.filter((rs) => rs !== newRS);
  return { oldRSs, newRS, all };
}

export { revisionOf, templatesEqual };

/** Describes one named object. Throws StatusError when it does not exist. */
export function describeObject(client: Client, def: ResourceDefinition, namespace: string | undefined, name: string, nowMs: number, showEvents = true): string {
  const ns = def.namespaced ? namespace : undefined;
  const obj = client.get<KObject>(def.plural, ns, name) as StoredObject;
  const events = (kind?: string | null, uid?: string): Event[] | undefined => (showEvents ? searchEvents(client, obj, { kind, uid }) : undefined);
  if (def.group === '' && def.plural === 'pods') return describePod(obj as unknown as Pod, events(null), nowMs);
  if (def.group === '' && def.plural === 'nodes') {
    const pods = listItems<Pod>(client, 'pods', undefined).filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    let evs: Event[] | undefined;
    if (showEvents) evs = [...searchEvents(client, obj), ...searchEvents(client, obj, { uid: name })];
    let lease: Lease | Error | undefined;
    try {
      lease = client.get<KObject>('leases', 'kube-node-lease', name) as unknown as Lease;
    } catch (e) {
      lease = e instanceof StatusError ? new Error(e.message) : (e as Error);
    }
    return describeNode(obj as unknown as Node, pods, evs, lease, nowMs);
  }
  if (def.group === 'apps' && def.plural === 'deployments') {
    const d = obj as unknown as Deployment & KObject;
    const { oldRSs, newRS } = deploymentReplicaSets(client, d);
    return describeDeployment(d, oldRSs, newRS, events(), nowMs);
  }
  if (def.group === 'apps' && def.plural === 'replicasets') {
    const rs = obj as unknown as ReplicaSet;
    let pods: Pod[] = [];
    try {
      const sel = selectorFromLabelSelector(rs.spec?.selector);
      pods = listItems<Pod>(client, 'pods', ns, sel.toString());
    } catch {
      pods = [];
    }
    return describeReplicaSet(rs, podCounts(pods, obj.metadata.uid), events(), nowMs);
  }
  if (def.group === '' && def.plural === 'services') {
    const slices = listItems<EndpointSlice>(client, 'endpointslices', ns, `kubernetes.io/service-name=${name}`);
    return describeService(obj as unknown as Service, slices, events(), nowMs);
  }
  if (def.group === '' && def.plural === 'namespaces') {
    return describeNamespace(obj as unknown as Namespace, listItems<ResourceQuota>(client, 'resourcequotas', name), listItems<LimitRange>(client, 'limitranges', name));
  }
  if (def.group === '' && def.plural === 'endpoints') return describeEndpoints(obj as unknown as Endpoints, events(), nowMs);
  // kubectl's NetworkPolicy describer fetches no events.
  if (def.group === 'networking.k8s.io' && def.plural === 'networkpolicies') return describeNetworkPolicy(obj as unknown as NetworkPolicy);
  if (def.group === 'networking.k8s.io' && def.plural === 'ingresses') {
    const fail = (e: unknown): Error => new Error(e instanceof Error ? e.message : String(e));
    const lookup = {
      service: (namespace: string, svc: string): Service | Error => {
        try {
          return client.get<KObject>('services', namespace, svc) as unknown as Service;
        } catch (e) {
          return fail(e);
        }
      },
      slices: (namespace: string, svc: string): EndpointSlice[] | Error => {
        try {
          return client.list('endpointslices', namespace, { labelSelector: `kubernetes.io/service-name=${svc}` }).items as unknown as EndpointSlice[];
        } catch (e) {
          return fail(e);
        }
      },
    };
    return describeIngress(obj as unknown as Ingress, lookup, events(), nowMs);
  }
  if (def.group === 'networking.k8s.io' && def.plural === 'ingressclasses') return describeIngressClass(obj as unknown as IngressClass, events(), nowMs);
  return describeGeneric(obj, events(), nowMs);
}
