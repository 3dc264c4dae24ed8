/** Reading objects for a command: by name or by list, with the namespace rules of each kind. */
import type { ResourceDefinition } from '../../sim/api/types';
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
  return client.list<KObject>(def.plural, nsFor(def, scope), opts).items.map((o) => withTypeMeta(def, o));
}
