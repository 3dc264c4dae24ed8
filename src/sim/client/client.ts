/**
 * A Client bound to one identity, calling the in-process API server directly. Requests are
 * synchronous; watch events arrive on the clock, each delivered as the process that opened the watch
 * (a throw in a handler is that process panicking, not the API server's problem), and nothing more
 * once that process has exited.
 */
import type { Clock } from '../clock';
import type { ApiServer } from '../api/server';
import type { DecodeOptions, DeleteOptions, ListOptions, ListResult, PatchType, WatchEvent } from '../api/types';
import type { KObject, StoredObject } from '../types';
import type { Client, Watch } from './types';
import type { ClientRateLimiter } from './ratelimit';
import type { ExecOptions, ExecResult, LogOptions } from '../api/connect';
import type { Impersonation } from '../api/authorization';
import { ImpersonatingClient } from './impersonating';

export class ServerClient implements Client {
  constructor(
    private readonly api: ApiServer,
    readonly user: string,
    private readonly clock?: Clock,
    /** The client's QPS/Burst limit, if its process sets one; every request but a watch takes a token. */
    readonly rateLimiter?: ClientRateLimiter,
  ) {}

  create<T extends KObject>(resource: string, obj: T, opts: { namespace?: string; subresource?: string; name?: string } & DecodeOptions = {}): T & StoredObject {
    this.rateLimiter?.take();
    const ns = opts.namespace ?? obj.metadata?.namespace;
    return this.api.create(this.user, resource, ns, obj, opts.subresource, opts.name, decodeOptions(opts)) as T & StoredObject;
  }

  get<T extends KObject>(resource: string, namespace: string | undefined, name: string, opts: { subresource?: string; resourceVersion?: string } = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.get(this.user, resource, namespace, name, opts.subresource, opts.resourceVersion) as T & StoredObject;
  }

  list<T extends KObject>(resource: string, namespace: string | undefined, opts?: ListOptions): ListResult<T & StoredObject> {
    this.rateLimiter?.take();
    return this.api.list(this.user, resource, namespace, opts) as ListResult<T & StoredObject>;
  }

  update<T extends KObject>(resource: string, obj: T, opts: { subresource?: 'status' | 'scale' | 'finalize' } = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.update(this.user, resource, obj, opts.subresource) as T & StoredObject;
  }

  patch<T extends KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, opts: { type?: PatchType; subresource?: string } & DecodeOptions = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.patch(this.user, resource, namespace, name, patch, opts.type ?? 'merge', opts.subresource, decodeOptions(opts)) as T & StoredObject;
  }

  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): StoredObject {
    this.rateLimiter?.take();
    return this.api.delete(this.user, resource, namespace, name, opts);
  }

  podLog(namespace: string, name: string, opts: LogOptions): string {
    this.rateLimiter?.take();
    return this.api.podLog(this.user, namespace, name, opts);
  }

  podExec(namespace: string, name: string, opts: ExecOptions): ExecResult {
    this.rateLimiter?.take();
    return this.api.podExec(this.user, namespace, name, opts);
  }

  aggregated<T = unknown>(group: string, version: string, plural: string, namespace: string | undefined, name?: string, opts: ListOptions = {}): T {
    this.rateLimiter?.take();
    return this.api.aggregated(this.user, group, version, plural, namespace, name, opts) as T;
  }

  impersonate(as: Impersonation): Client {
    return new ImpersonatingClient(this, this.api, as);
  }

  /** Discovery (kubectl caches it; it is not part of the request story here). */
  servesGroup(group: string): boolean {
    return this.api.servesGroup(group);
  }

  watch<T extends KObject>(resource: string, namespace: string | undefined, opts: ListOptions, handler: (ev: WatchEvent<T & StoredObject>) => void): Watch {
    const clock = this.clock;
    const owner = clock?.owner();
    if (!clock || !owner) return this.api.watch(this.user, resource, namespace, opts, handler as (ev: WatchEvent) => void);
    const deliver = handler as (ev: WatchEvent) => void;
    const w: Watch = this.api.watch(this.user, resource, namespace, opts, (ev) => {
      // A dead process's connection is closed the first time the server has something for it.
      if (owner.exited) w.stop();
      else clock.deliver(owner, deliver, ev);
    });
    return w;
  }
}

function decodeOptions(opts: DecodeOptions): DecodeOptions | undefined {
  if (!opts.fieldValidation) return undefined;
  return opts.onWarning ? { fieldValidation: opts.fieldValidation, onWarning: opts.onWarning } : { fieldValidation: opts.fieldValidation };
}
