/**
 * A client whose every request asks to be served as another user (client-go's ImpersonationConfig,
 * kubectl's `--as` / `--as-group`): the same credentials, with the Impersonate-* headers.
 */
import type { ApiServer } from '../api/server';
import type { Impersonation } from '../api/authorization';
import type { DecodeOptions, DeleteOptions, ListOptions, ListResult, PatchType, WatchEvent } from '../api/types';
import type { ExecOptions, ExecResult, LogOptions } from '../api/connect';
import type { KObject, StoredObject } from '../types';
import type { Client, Watch } from './types';

export class ImpersonatingClient implements Client {
  constructor(
    private readonly inner: Client,
    private readonly api: Pick<ApiServer, 'impersonating'>,
    readonly as: Impersonation,
  ) {}

  get user(): string {
    return this.inner.user;
  }

  private run<T>(fn: () => T): T {
    return this.api.impersonating(this.as, fn);
  }

  create<T extends KObject>(resource: string, obj: T, opts?: { namespace?: string; subresource?: string; name?: string } & DecodeOptions): T & StoredObject {
    return this.run(() => this.inner.create(resource, obj, opts));
  }

  get<T extends KObject>(resource: string, namespace: string | undefined, name: string, opts?: { subresource?: string; resourceVersion?: string }): T & StoredObject {
    return this.run(() => this.inner.get<T>(resource, namespace, name, opts));
  }

  list<T extends KObject>(resource: string, namespace: string | undefined, opts?: ListOptions): ListResult<T & StoredObject> {
    return this.run(() => this.inner.list<T>(resource, namespace, opts));
  }

  update<T extends KObject>(resource: string, obj: T, opts?: { subresource?: 'status' | 'scale' | 'finalize' }): T & StoredObject {
    return this.run(() => this.inner.update(resource, obj, opts));
  }

  patch<T extends KObject>(resource: string, namespace: string | undefined, name: string, patch: unknown, opts?: { type?: PatchType; subresource?: string } & DecodeOptions): T & StoredObject {
    return this.run(() => this.inner.patch<T>(resource, namespace, name, patch, opts));
  }

  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): StoredObject {
    return this.run(() => this.inner.delete(resource, namespace, name, opts));
  }

  watch<T extends KObject>(resource: string, namespace: string | undefined, opts: ListOptions, handler: (ev: WatchEvent<T & StoredObject>) => void): Watch {
    return this.run(() => this.inner.watch<T>(resource, namespace, opts, handler));
  }

  podLog(namespace: string, name: string, opts: LogOptions): string {
    const inner = this.inner;
    if (!inner.podLog) throw new Error('this client cannot read logs');
    return this.run(() => inner.podLog!(namespace, name, opts));
  }

  podExec(namespace: string, name: string, opts: ExecOptions): ExecResult {
    const inner = this.inner;
    if (!inner.podExec) throw new Error('this client cannot exec');
    return this.run(() => inner.podExec!(namespace, name, opts));
  }

  aggregated<T = unknown>(group: string, version: string, plural: string, namespace: string | undefined, name?: string, opts?: ListOptions): T {
    const inner = this.inner;
    if (!inner.aggregated) throw new Error('this client cannot read aggregated APIs');
    return this.run(() => inner.aggregated!<T>(group, version, plural, namespace, name, opts));
  }

  servesGroup(group: string): boolean {
    return this.inner.servesGroup?.(group) ?? false;
  }

  /** Impersonation does not nest: a new one replaces this one, as kubectl's last `--as` wins. */
  impersonate(as: Impersonation): Client {
    return new ImpersonatingClient(this.inner, this.api, as);
  }
}
