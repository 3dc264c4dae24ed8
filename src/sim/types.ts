/**
 * Object shapes. Kind-specific types come from the `kubernetes-types` package (generated from the
 * Kubernetes OpenAPI); this file adds the generic envelope the store and API server work with.
 */
import type * as core from 'kubernetes-types/core/v1';
import type * as apps from 'kubernetes-types/apps/v1';
import type * as meta from 'kubernetes-types/meta/v1';
import type * as discovery from 'kubernetes-types/discovery/v1';
import type * as coordination from 'kubernetes-types/coordination/v1';

/**
 * kubernetes-types marks every field readonly; the simulation builds and edits objects, so it uses
 * writable copies of those shapes. Cached objects are still frozen at run time (see deepFreeze).
 */
export type Mutable<T> = T extends (infer U)[] | readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

export type ObjectMeta = Mutable<meta.ObjectMeta>;
export type OwnerReference = Mutable<meta.OwnerReference>;
export type LabelSelector = Mutable<meta.LabelSelector>;
export type LabelSelectorRequirement = Mutable<meta.LabelSelectorRequirement>;
export type Pod = Mutable<core.Pod>;
export type PodSpec = Mutable<core.PodSpec>;
export type PodStatus = Mutable<core.PodStatus>;
export type PodTemplateSpec = Mutable<core.PodTemplateSpec>;
export type Container = Mutable<core.Container>;
export type ContainerStatus = Mutable<core.ContainerStatus>;
export type ResourceRequirements = Mutable<core.ResourceRequirements>;
export type Toleration = Mutable<core.Toleration>;
export type Taint = Mutable<core.Taint>;
export type Affinity = Mutable<core.Affinity>;
export type NodeSelectorRequirement = Mutable<core.NodeSelectorRequirement>;
export type NodeSelectorTerm = Mutable<core.NodeSelectorTerm>;
export type PodCondition = Mutable<core.PodCondition>;
export type Node = Mutable<core.Node>;
export type NodeCondition = Mutable<core.NodeCondition>;
export type Service = Mutable<core.Service>;
export type ServicePort = Mutable<core.ServicePort>;
export type Endpoints = Mutable<core.Endpoints>;
export type Namespace = Mutable<core.Namespace>;
export type ConfigMap = Mutable<core.ConfigMap>;
export type Secret = Mutable<core.Secret>;
export type ServiceAccount = Mutable<core.ServiceAccount>;
export type Event = Mutable<core.Event>;
export type Binding = Mutable<core.Binding>;
export type Deployment = Mutable<apps.Deployment>;
export type ReplicaSet = Mutable<apps.ReplicaSet>;
export type EndpointSlice = Mutable<discovery.EndpointSlice>;
export type Lease = Mutable<coordination.Lease>;

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
  // for…in over a JSON-shaped object visits what Object.keys lists without allocating the list.
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    out[k] = x === null || typeof x !== 'object' ? x : structuredCloneJson(x);
  }
  return out;
}

/** Freezes an object graph so that cached objects cannot be mutated by accident. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) freezeTree(v);
  return v;
}

/**
 * Freezes `o` and every part of it not frozen yet. A frozen part is not walked again: a new revision
 * shares the unchanged parts of the stored one, which were frozen when it was written.
 */
function freezeTree(o: object): void {
  Object.freeze(o);
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const x: unknown = o[i];
      if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) freezeTree(x);
    }
    return;
  }
  for (const k in o) {
    const x = (o as Record<string, unknown>)[k];
    if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) freezeTree(x);
  }
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
