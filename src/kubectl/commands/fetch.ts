/** Reading objects for a command: by name or by list, with the namespace rules of each kind. */
import { StatusError, type ResourceDefinition } from '../../sim/api/types';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';
import { apiVersionOfDef } from '../resources';

export interface Scope {
  namespace: string;
  allNamespaces: boolean;
}

/** The namespace argument for a request of this kind. */
export function nsFor(def: ResourceDefinition, scope: Scope): string | undefined {
  if (!def.namespaced) return undefined;
  return scope.allNamespaces ? undefined : scope.namespace;
}

/** Ensures apiVersion and kind are set, as kubectl's decoder does for list items. */
export function withTypeMeta(def: ResourceDefinition, obj: KObject): KObject {
  if (obj.apiVersion && obj.kind) return obj;
  return { apiVersion: apiVersionOfDef(def), kind: def.kind, ...obj };
}

export function getOne(client: Client, def: ResourceDefinition, scope: Scope, name: string): KObject {
  return withTypeMeta(def, client.get<KObject>(def.plural, def.namespaced ? scope.namespace : undefined, name));
}

export function listAll(client: Client, def: ResourceDefinition, scope: Scope, labelSelector?: string, fieldSelector?: string): KObject[] {
  const opts: { labelSelector?: string; fieldSelector?: string } = {};
  if (labelSelector) opts.labelSelector = labelSelector;
  if (fieldSelector) opts.fieldSelector = fieldSelector;
  try {
    return client.list<KObject>(def.plural, nsFor(def, scope), opts).items.map((o) => withTypeMeta(def, o));
  } catch (e) {
    throw explainListError(e, def, labelSelector ?? '', fieldSelector ?? '');
  }
}

/**
 * kubectl's resource builder prefixes a BadRequest or NotFound from a list with what it was listing,
 * naming the resource as Go prints a GroupVersionResource (`"/v1, Resource=pods"`).
 */
export function explainListError(e: unknown, def: ResourceDefinition, labelSelector: string, fieldSelector: string): unknown {
  if (!(e instanceof StatusError) || (e.status.reason !== 'BadRequest' && e.status.reason !== 'NotFound')) return e;
  const gvr = JSON.stringify(`${def.group}/${def.version}, Resource=${def.plural}`);
  const message =
    labelSelector === '' && fieldSelector === ''
      ? `Unable to list ${gvr}: ${e.status.message}`
      : `Unable to find ${gvr} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(fieldSelector)}: ${e.status.message}`;
  return new StatusError({ ...e.status, message });
}
