/**
 * What every component uses to talk to the API server: the shape of client-go, made synchronous.
 * Requests return at once (or throw a StatusError); watch events arrive later, on the virtual clock.
 *
 * `resource` is the lower-case plural (`pods`, `deployments`, `leases`, `events`,
 * `endpointslices`). `namespace` is undefined for cluster-scoped kinds and for "all namespaces".
 */
import type { DecodeOptions, DeleteOptions, ListOptions, ListResult, PatchType, WatchEvent } from '../api/types';
import type { KObject, StoredObject } from '../types';
import type { ClientRateLimiter } from './ratelimit';
import type { ExecOptions, ExecResult, LogOptions } from '../api/connect';
import type { Impersonation } from '../api/authorization';

export interface Client {
  /** The identity requests are recorded under, e.g. `system:kube-scheduler`, `system:node:worker-1`. */
  readonly user: string;
  /** The client's request rate limit (QPS/Burst), for components that issue requests in bulk. */
  readonly rateLimiter?: ClientRateLimiter;

  create<T extends KObject>(resource: string, obj: T, opts?: { namespace?: string; subresource?: string; name?: string } & DecodeOptions): T & StoredObject;
  /** `resourceVersion: '0'` reads from the API server's cache (client-go's FromApiserverCache). */
  get<T extends KObject>(resource: string, namespace: string | undefined, name: string, opts?: { subresource?: string; resourceVersion?: string }): T & StoredObject;
  list<T extends KObject>(resource: string, namespace: string | undefined, opts?: ListOptions): ListResult<T & StoredObject>;
  /** Full replacement; metadata.resourceVersion must match the stored one (409 Conflict otherwise) if set. */
  update<T extends KObject>(resource: string, obj: T, opts?: { subresource?: 'status' | 'scale' | 'finalize' }): T & StoredObject;
  patch<T extends KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, opts?: { type?: PatchType; subresource?: string } & DecodeOptions): T & StoredObject;
  /** Returns the object as it is after the call: gone (the last state) or marked for deletion. */
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): StoredObject;
  watch<T extends KObject>(resource: string, namespace: string | undefined, opts: ListOptions, handler: (ev: WatchEvent<T & StoredObject>) => void): Watch;
  /** `GET …/pods/NAME/log`: the container's log as the kubelet returns it through the API server. */
  podLog?(namespace: string, name: string, opts: LogOptions): string;
  /** `…/pods/NAME/exec`: runs a command in a container through the API server and the kubelet. */
  podExec?(namespace: string, name: string, opts: ExecOptions): ExecResult;
  /** A read of an aggregated group (`metrics.k8s.io`): a list without `name`, a get with it. */
  aggregated?<T = unknown>(group: string, version: string, plural: string, namespace: string | undefined, name?: string, opts?: ListOptions): T;
  /** Whether discovery lists the group (kubectl top's check for the metrics API). */
  servesGroup?(group: string): boolean;
  /** The same client asking to be served as `as` (kubectl's `--as`, `--as-group`). */
  impersonate?(as: Impersonation): Client;
}

export interface Watch {
  stop(): void;
}

export interface ResourceEventHandler<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** On delete the handler gets the last known state. */
  delete?(obj: T): void;
}

/** A shared informer: a list+watch cache with handlers, the client-go shape. Objects it returns are frozen. */
export interface Informer<T extends StoredObject = StoredObject> {
  readonly resource: string;
  addEventHandler(h: ResourceEventHandler<T>): void;
  addIndexer(name: string, index: (obj: T) => string[]): void;
  hasSynced(): boolean;
  /** `ns/name` or `name` */
  get(key: string): T | undefined;
  list(namespace?: string): T[];
  byIndex(name: string, value: string): T[];
}

export interface InformerFactory {
  informer<T extends StoredObject = StoredObject>(resource: string, opts?: { namespace?: string; labelSelector?: string; fieldSelector?: string }): Informer<T>;
  start(): void;
}

/** Records Events (core/v1) the way client-go's EventRecorder does, aggregating repeats. */
export interface EventRecorder {
  /** `fieldPath` names the part of the object the event is about (kubelet: `spec.containers{web}`). */
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, action?: string, fieldPath?: string): void;
}
