/**
 * `kubectl describe`: the describer map keyed by API group and kind, as kubectl's describerMap is;
 * a kind with no entry gets the generic describer, as kubectl falls back to it.
 */
import type { ResourceDefinition } from '../../sim/api/types';
import type { Client } from '../../sim/client/types';
import type { KObject, StoredObject } from '../../sim/types';
import { searchEvents } from './common';
import { describeGeneric } from './generic';
import { DESCRIBERS } from './table';
import type { DescribeRequest } from './types';

export { describePod } from './pod';
export { describeNode } from './node';
export { describeService } from './service';
export { describeDeployment, describeReplicaSet } from './workloads';
export { describeGeneric };
export { deploymentReplicaSets, revisionOf, stableJson, templatesEqual } from './rsutil';

/** The key of a kind in the describer map: `group/Kind` (`/Pod` for the core group). */
export function describerKey(def: Pick<ResourceDefinition, 'group' | 'kind'>): string {
  return `${def.group}/${def.kind}`;
}

/** Whether kubectl has a describer of its own for the kind (else it uses the generic one). */
export function hasDescriber(def: Pick<ResourceDefinition, 'group' | 'kind'>): boolean {
  return describerKey(def) in DESCRIBERS;
}

/** Describes one named object. Throws StatusError when it does not exist. */
export function describeObject(client: Client, def: ResourceDefinition, namespace: string | undefined, name: string, nowMs: number, showEvents = true): string {
  const ns = def.namespaced ? namespace : undefined;
  const obj = client.get<KObject>(def.plural, ns, name) as StoredObject;
  const req: DescribeRequest = {
    client,
    def,
    obj,
    namespace: ns,
    nowMs,
    events: (opts = {}) => (showEvents ? searchEvents(client, obj, opts) : undefined),
    list: <T>(resource: string, listNs: string | undefined, labelSelector?: string): T[] => {
      try {
        return client.list(resource, listNs, labelSelector ? { labelSelector } : undefined).items as unknown as T[];
      } catch {
        return [];
      }
    },
  };
  const describer = DESCRIBERS[describerKey(def)];
  return describer ? describer(req) : describeGeneric(obj, req.events(), nowMs);
}
