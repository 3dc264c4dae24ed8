/**
 * What a check reads the cluster with: the run, as an observer (no request, no audit record, nothing
 * in the Requests view), and the store revision at which the student took over (Events count from
 * there).
 */
import type { ScenarioRun } from '../../scenario/runner';
import { ADMIN_USER } from '../../scenario/runner';
import { qualifiedResourceName, resolveResource } from '../../kubectl/resources';
import type { ResourceDefinition } from '../../sim/api/types';
import type { ListOptions } from '../../sim/api/types';
import { StatusError } from '../../sim/api/types';
import type { StoredObject } from '../../sim/types';

export interface CheckContext {
  run: ScenarioRun;
  /** the store's revision when the student took over */
  sinceRevision: number;
}

/** A check's answer; `detail` says in plain English what was found (and, when not ok, what was wanted). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

export function definition(resource: string): ResourceDefinition {
  const def = resolveResource(resource);
  // The lesson's parser refused unknown resources; reaching here without one is a bug.
  if (!def) throw new Error(`unknown resource ${resource}`);
  return def;
}

/** The objects a list would return, read as an observer. */
export function observeList(ctx: CheckContext, def: ResourceDefinition, namespace: string | undefined, opts: ListOptions = {}): StoredObject[] {
  const api = ctx.run.cluster.api;
  return api.observe(() => api.list(ADMIN_USER, qualifiedResourceName(def), def.namespaced ? namespace : undefined, opts).items);
}

/** One object, or undefined when there is none, read as an observer. */
export function observeGet(ctx: CheckContext, def: ResourceDefinition, namespace: string | undefined, name: string): StoredObject | undefined {
  const api = ctx.run.cluster.api;
  try {
    return api.observe(() => api.get(ADMIN_USER, qualifiedResourceName(def), def.namespaced ? namespace : undefined, name));
  } catch (e) {
    if (e instanceof StatusError && e.code === 404) return undefined;
    throw e;
  }
}

/** `deployment/web`, with its namespace when it is not `default`. */
export function objectRef(def: ResourceDefinition, name: string, namespace: string | undefined): string {
  return `${def.kind.toLowerCase()}/${name}${def.namespaced && namespace && namespace !== 'default' ? ` in namespace ${namespace}` : ''}`;
}
