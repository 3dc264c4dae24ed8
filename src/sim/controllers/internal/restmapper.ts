/**
 * A small REST mapper over the API server's built-in resource table: from an ownerReference's
 * apiVersion and kind to the resource to GET, and the list of namespaced resources the namespace
 * controller empties (what discovery gives the real controllers).
 */
import { BUILTIN_RESOURCES } from '../../api/kinds';
import type { ResourceDefinition } from '../../api/types';

export interface Mapping {
  plural: string;
  namespaced: boolean;
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

const byGroupKind = new Map<string, Mapping>();
for (const d of BUILTIN_RESOURCES) {
  const k = `${d.group}|${d.kind}`;
  if (!byGroupKind.has(k)) byGroupKind.set(k, { plural: d.group ? `${d.plural}.${d.group}` : d.plural, namespaced: d.namespaced });
}

/** The resource for apiVersion/kind (any served version of the group), or undefined when unknown. */
export function mapKind(apiVersion: string, kind: string): Mapping | undefined {
  return byGroupKind.get(`${groupOf(apiVersion)}|${kind}`);
}

/** Kinds that exist only as a verb on another resource, or as a review: nothing to list or delete. */
const NOT_STORED = new Set(['bindings', 'localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews', 'tokenreviews', 'selfsubjectreviews']);

/**
 * Namespaced resources that can be listed and deleted, preferred version only, group-qualified where
 * needed (`replicasets.apps`), in table order.
 */
export function namespacedResources(): { resource: string; def: ResourceDefinition }[] {
  const seen = new Set<string>();
  const out: { resource: string; def: ResourceDefinition }[] = [];
  for (const d of BUILTIN_RESOURCES) {
    if (!d.namespaced || NOT_STORED.has(d.plural)) continue;
    // events.k8s.io Events share storage with core Events.
    if (d.plural === 'events' && d.group !== '') continue;
    const k = `${d.group}|${d.plural}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ resource: d.group ? `${d.plural}.${d.group}` : d.plural, def: d });
  }
  return out;
}
