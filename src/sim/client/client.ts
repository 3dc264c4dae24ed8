/**
 * A Client bound to one identity, calling the in-process API server directly. Requests are
 * synchronous; watch events arrive on the clock.
 */
import type { ApiServer } from '../api/server';
import type { DeleteOptions, ListOptions, ListResult, PatchType, WatchEvent } from '../api/types';
import type { KObject, StoredObject } from '../types';
import type { Client, Watch } from './types';
import type { ClientRateLimiter } from './ratelimit';

export class ServerClient implements Client {
  constructor(
    private readonly api: ApiServer,
    readonly user: string,
    /** The client's QPS/Burst limit, if its process sets one; every request but a watch takes a token. */
    readonly rateLimiter?: ClientRateLimiter,
  ) {}

  create<T extends KObject>(resource: string, obj: T, opts: { namespace?: string; subresource?: string; name?: string } = {}): T & StoredObject {
    this.rateLimiter?.take();
    const ns = opts.namespace ?? obj.metadata?.namespace;
    return this.api.create(this.user, resource, ns, obj, opts.subresource, opts.name) as T & StoredObject;
  }

  get<T extends KObject>(resource: string, namespace: string | undefined, name: string, opts: { subresource?: string } = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.get(this.user, resource, namespace, name, opts.subresource) as T & StoredObject;
  }

  list<T extends KObject>(resource: string, namespace: string | undefined, opts?: ListOptions): ListResult<T & StoredObject> {
    this.rateLimiter?.take();
    return this.api.list(this.user, resource, namespace, opts) as ListResult<T & StoredObject>;
  }

  update<T extends KObject>(resource: string, obj: T, opts: { subresource?: 'status' | 'scale' | 'finalize' } = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.update(this.user, resource, obj, opts.subresource) as T & StoredObject;
  }

  patch<T extends KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, opts: { type?: PatchType; subresource?: string } = {}): T & StoredObject {
    this.rateLimiter?.take();
    return this.api.patch(this.user, resource, namespace, name, patch, opts.type ?? 'merge', opts.subresource) as T & StoredObject;
  }

  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): StoredObject {
    this.rateLimiter?.take();
    return this.api.delete(this.user, resource, namespace, name, opts);
  }

  watch<T extends KObject>(resource: string, namespace: string | undefined, opts: ListOptions, handler: (ev: WatchEvent<T & StoredObject>) => void): Watch {
    return this.api.watch(this.user, resource, namespace, opts, handler as (ev: WatchEvent) => void);
  }
}
