/**
 * kube-aggregator's side of an aggregated group: what resource a request names, and the errors the
 * client sees when no APIService registers the group (a plain 404) or its APIService is not Available
 * (503) — client-go turns those bodiless answers into `the server could not find the requested
 * resource (get pods.metrics.k8s.io)` and `the server is currently unable to handle the request (…)`.
 */
import type { ListOptions, ResourceDefinition } from './types';
import { StatusError } from './types';

/** What serves an aggregated group: metrics-server for metrics.k8s.io. */
export interface AggregatedBackend {
  list(plural: string, namespace: string | undefined, opts: ListOptions): unknown;
  get(plural: string, namespace: string | undefined, name: string): unknown;
}

const KINDS: Record<string, { kind: string; namespaced: boolean }> = {
  'metrics.k8s.io/pods': { kind: 'PodMetrics', namespaced: true },
  'metrics.k8s.io/nodes': { kind: 'NodeMetrics', namespaced: false },
};

export function aggregatedDefinition(group: string, version: string, plural: string): ResourceDefinition {
  const k = KINDS[`${group}/${plural}`] ?? { kind: plural, namespaced: true };
  return { group, version, kind: k.kind, plural, singular: k.kind.toLowerCase(), shortNames: [], namespaced: k.namespaced, subresources: [], hasStatus: false, tracksGeneration: false };
}

/** client-go's NewGenericServerResponse suffix: `(get pods.metrics.k8s.io)` or `(get pods.metrics.k8s.io NAME)`. */
function suffix(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string | undefined): string {
  return `(get ${def.plural}.${def.group}${name ? ` ${name}` : ''})`;
}

export function aggregatedNotFound(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string | undefined): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `the server could not find the requested resource ${suffix(def, name)}`, details: { group: def.group, kind: def.plural, ...(name ? { name } : {}) } });
}

export function aggregatedUnavailable(def: Pick<ResourceDefinition, 'plural' | 'group'>, name: string | undefined): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: `the server is currently unable to handle the request ${suffix(def, name)}`, details: { group: def.group, kind: def.plural, ...(name ? { name } : {}) } });
}
