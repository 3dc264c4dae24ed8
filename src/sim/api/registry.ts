/**
 * The resource registry: which kinds the API server serves, under which group/version, plural and
 * short names, and the strategy (defaulting and validation) for each.
 */
import { noMatch } from './errors';
import type { ResourceDefinition, ResourceStrategy } from './types';

export interface RegisteredResource {
  def: ResourceDefinition;
  strategy: ResourceStrategy;
  /** etcd key prefix, e.g. `/registry/minions/` for nodes as in a real cluster */
  storagePrefix: string;
}

/** etcd prefixes that differ from `/registry/<plural>/` in a real API server. */
const STORAGE_PREFIX_EXCEPTIONS: Record<string, string> = {
  nodes: '/registry/minions/',
  services: '/registry/services/specs/',
  endpoints: '/registry/services/endpoints/',
  ingresses: '/registry/ingress/',
  replicationcontrollers: '/registry/controllers/',
  horizontalpodautoscalers: '/registry/horizontalpodautoscalers/',
  persistentvolumes: '/registry/persistentvolumes/',
  customresourcedefinitions: '/registry/apiextensions.k8s.io/customresourcedefinitions/',
  apiservices: '/registry/apiregistration.k8s.io/apiservices/',
};

export function apiVersionOf(def: Pick<ResourceDefinition, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export class Registry {
  private byPluralGroup = new Map<string, RegisteredResource>();
  private byPluralOnly = new Map<string, RegisteredResource>();
  private byGvk = new Map<string, RegisteredResource>();

  /**
   * @param defs every served group/version/kind; the first definition of a plural is its preferred version
   * @param strategies per plural; kinds without one get metadata-only checks from `fallback`
   */
  constructor(defs: readonly ResourceDefinition[], strategies: Record<string, ResourceStrategy>, fallback: ResourceStrategy = {}) {
    for (const def of defs) {
      // Built-in kinds of every group are stored by resource alone (`/registry/deployments/`, not
      // `/registry/apps/deployments/`); only a few keep their group, and both event APIs share one prefix.
      const storagePrefix = STORAGE_PREFIX_EXCEPTIONS[def.plural] ?? `/registry/${def.plural}/`;
      const entry: RegisteredResource = { def, strategy: strategies[def.plural] ?? fallback, storagePrefix };
      const pg = `${def.plural}.${def.group}`;
      if (!this.byPluralGroup.has(pg)) this.byPluralGroup.set(pg, entry);
      if (!this.byPluralOnly.has(def.plural)) this.byPluralOnly.set(def.plural, entry);
      this.byGvk.set(`${apiVersionOf(def)}|${def.kind}`, entry);
    }
  }

  /** By plural (`deployments`) or plural.group (`deployments.apps`). */
  resource(name: string): RegisteredResource | undefined {
    const dot = name.indexOf('.');
    if (dot > 0) return this.byPluralGroup.get(`${name.slice(0, dot)}.${name.slice(dot + 1)}`);
    return this.byPluralOnly.get(name);
  }

  /** By apiVersion and kind, as a manifest names them; throws the REST mapper's "no matches" otherwise. */
  kind(apiVersion: string, kind: string): RegisteredResource {
    const r = this.byGvk.get(`${apiVersion}|${kind}`);
    if (!r) throw noMatch(kind, apiVersion);
    return r;
  }

  /** Every distinct group/version/kind, for `kubectl api-resources`. */
  all(): RegisteredResource[] {
    return [...this.byGvk.values()];
  }
}
