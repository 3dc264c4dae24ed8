/**
 * kube-aggregator's autoregister controller, started by each kube-apiserver: one Local APIService
 * (no `spec.service`) per built-in group/version the server lists, named `<version>.<group>` (`v1.`
 * for the core group), labelled `kube-aggregator.kubernetes.io/automanaged: onstart`, with the
 * group/version priorities kube-apiserver 1.31 gives them. The AvailableConditionController then marks
 * each `Local` / True. A group/version missing from the priority table gets no APIService, as in
 * makeAPIService (that is why apiregistration.k8s.io itself has none).
 */
import type { Client } from '../client/types';
import type { Component } from '../component';
import type { APIService } from './apiServiceAvailability';
import { BUILTIN_RESOURCES } from './kinds';
import { isStatusError } from './types';

/** kube-apiserver 1.31's apiVersionPriorities for the versions it serves by default: [group, version] priority. */
const PRIORITIES: Record<string, readonly [number, number]> = {
  '/v1': [18000, 1],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
  'flowcontrol.apiserver.k8s.io/v1beta3': [16100, 18],
};

/** The Local APIServices of the built-in group/versions, in the order the server lists its paths. */
export function localApiServices(): APIService[] {
  const seen = new Set<string>();
  const out: APIService[] = [];
  for (const d of BUILTIN_RESOURCES) {
    const gv = `${d.group}/${d.version}`;
    if (seen.has(gv)) continue;
    seen.add(gv);
    const p = PRIORITIES[gv];
    if (!p) continue;
    out.push({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `${d.version}.${d.group}`, labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } },
      // spec.group is omitempty: the core group's APIService has none.
      spec: { ...(d.group ? { group: d.group } : {}), version: d.version, groupPriorityMinimum: p[0], versionPriority: p[1] },
    });
  }
  return out;
}

export class AutoRegister implements Component {
  readonly name = 'autoregister';

  constructor(private readonly client: Client) {}

  start(): void {
    for (const svc of localApiServices()) {
      try {
        this.client.create<APIService>('apiservices', svc);
      } catch (e) {
        // Another API server (or an earlier start) registered it: onstart ones are left as they are.
        if (!isStatusError(e, 'AlreadyExists')) throw e;
      }
    }
  }
}
