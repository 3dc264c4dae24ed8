/**
 * Resource-name resolution for kubectl arguments: `po`, `pods`, `pod`, `Pod`, `deploy`,
 * `deployments.apps`, `deployment.v1.apps`. Backed by the API server's built-in kind table
 * (src/sim/api/kinds.ts); `setResourceTable` swaps in another list (e.g. one with CRDs).
 */
import type { ResourceDefinition } from '../sim/api/types';
import { BUILTIN_RESOURCES, findByResource, resourcesInCategory as builtinCategory } from '../sim/api/kinds';

type Def = ResourceDefinition;

/** Discovery order of a 1.31 API server (core first, then groups), which `get all` follows. */
let TABLE: readonly Def[] = BUILTIN_RESOURCES;

/** Replaces the table (e.g. with the API server's registry, in discovery order). */
export function setResourceTable(defs: readonly ResourceDefinition[]): void {
  TABLE = defs;
}

export function allResources(): readonly ResourceDefinition[] {
  return TABLE;
}

export function apiVersionOfDef(def: Pick<Def, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** `deployment.apps`, or `pod` for the core group: kubectl's lower-cased GroupKind. */
export function kindRef(def: Pick<Def, 'kind' | 'group'>): string {
  return def.group ? `${def.kind.toLowerCase()}.${def.group}` : def.kind.toLowerCase();
}

/** `deployments.apps`, or `pods`: the qualified resource kubectl names in errors. */
export function qualifiedResourceName(def: Pick<Def, 'plural' | 'group'>): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

/**
 * Resolves a kubectl resource argument (plural, singular, short name or kind, optionally qualified as
 * `name.group` or `name.version.group`) to the preferred version's definition.
 */
export function resolveResource(arg: string): ResourceDefinition | undefined {
  return findByResource(arg, TABLE);
}

/** Finds the definition for an object's apiVersion and kind. */
export function resourceForKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
  return TABLE.find((def) => apiVersionOfDef(def) === apiVersion && def.kind === kind);
}

/** Resources in a category (`all`), in discovery order, preferred versions only. */
export function resourcesInCategory(category: string): ResourceDefinition[] {
  return TABLE === BUILTIN_RESOURCES ? builtinCategory(category) : TABLE.filter((def) => def.categories?.includes(category));
}
