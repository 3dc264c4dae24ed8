/**
 * Object shapes. Kind-specific types come from the `kubernetes-types` package (generated from the
 * Kubernetes OpenAPI); this file adds the generic envelope the store and API server work with.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

export type { ObjectMeta, OwnerReference };
export type { Pod, Node, Service, Endpoints, Namespace, ConfigMap, Secret, ServiceAccount, Event, PodSpec, Container, Toleration, Taint, NodeSelectorRequirement, NodeSelectorTerm, PodCondition, NodeCondition, ContainerStatus, ResourceRequirements, Affinity } from 'kubernetes-types/core/v1';
export type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';
export type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';

/** Any API object: the envelope every kind shares. Kind-specific fields are reached by narrowing. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** An object as stored: metadata is always present and populated by the API server. */
export interface StoredObject extends KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
}

/** JSON value, for patches and printing. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Deep copy of a JSON-shaped object; the way to get a writable object from a cache. */
export function deepCopy<T>(obj: T): T {
  return structuredCloneJson(obj) as T;
}

function structuredCloneJson(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(structuredCloneJson);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = structuredCloneJson(x);
  }
  return out;
}

/** Freezes an object graph so that cached objects cannot be mutated by accident. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the work-queue key shape of client-go. */
export function keyOf(obj: KObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
