/**
 * Shared informers: list, then watch from the list's resourceVersion, keeping a read-only cache and
 * calling handlers — client-go's Reflector + Indexer + handlers, on virtual time. On a 410 Gone the
 * informer lists again and reconciles its cache, emitting the adds, updates and deletes it missed.
 * A list or watch the API server refuses (403 Forbidden, any Status error) is logged as the Reflector
 * logs it and tried again after the Reflector's back-off; the cache stays unsynced until a list succeeds.
 */
import type { Clock, TimerId } from '../clock';
import { Stream } from '../rng';
import { isStatusError } from '../api/types';
import type { ListResult, WatchEvent } from '../api/types';
import type { StoredObject } from '../types';
import { keyOf } from '../types';
import type { Client, Informer, InformerFactory, ResourceEventHandler, Watch } from './types';
import type { KlogSink } from './klog';
import { discardKlog } from './klog';
import { FACTORY_REFLECTOR, ReflectorBackoff, logListFailure, logWatchError, reflectorTypeName } from './reflector';

/** An index: its function, and each value's keys (in the order they were last indexed). */
interface Index<T> {
  fn: (obj: T) => string[];
  values: Map<string, Set<string>>;
}

interface Selectors {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** How an informer reports a failed list or watch, and what its back-off draws its jitter from. */
export interface ReflectorOptions {
  /** The process's klog (its container log). */
  log?: KlogSink;
  /** The jitter of the back-off (client-go draws it from math/rand). */
  stream?: Stream;
  /** The reflector's name in its messages (the call site that made it); the factory's by default. */
  name?: string;
}

export class SharedInformer<T extends StoredObject = StoredObject> implements Informer<T> {
  private cache = new Map<string, T>();
  private handlers: ResourceEventHandler<T>[] = [];
  /** by name, in the order added (a name added again keeps its place) */
  private indices = new Map<string, Index<T>>();
  /** the same, as a list: every write walks it */
  private indexList: Index<T>[] = [];
  private synced = false;
  private started = false;
  private watchHandle: Watch | undefined;
  private lastRv = '0';
  private stopped = false;
  /** The pending retry of ListAndWatch after a failure. */
  private retryTimer: TimerId | undefined;
  /** Made at the first failure: most informers never need one. */
  private backoff: ReflectorBackoff | undefined;
  private readonly createdMs: number;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    readonly resource: string,
    private readonly sel: Selectors = {},
    private readonly reflector: ReflectorOptions = {},
  ) {
    this.createdMs = clock.now();
    this.addIndexer('namespace', (o) => (o.metadata.namespace ? [o.metadata.namespace] : []));
  }

  addEventHandler(h: ResourceEventHandler<T>): void {
    this.handlers.push(h);
    // A handler added after sync sees the current contents as adds, as in client-go.
    if (this.synced && h.add) for (const o of this.cache.values()) h.add(o);
  }

  addIndexer(name: string, index: (obj: T) => string[]): void {
    const idx = new Map<string, Set<string>>();
    this.indices.set(name, { fn: index, values: idx });
    this.indexList = [...this.indices.values()];
    for (const [k, o] of this.cache) for (const v of index(o)) addTo(idx, v, k);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.cache.values()];
    return this.byIndex('namespace', namespace);
  }

  byIndex(name: string, value: string): T[] {
    const keys = this.indices.get(name)?.values.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const o = this.cache.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  size(): number {
    return this.cache.size;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.clock.after(0, `informer ${this.resource}: list`, () => this.listAndWatch());
  }

  stop(): void {
    this.stopped = true;
    this.clock.cancel(this.retryTimer);
    this.retryTimer = undefined;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  private listAndWatch(): void {
    this.retryTimer = undefined;
    if (this.stopped) return;
    let res: ListResult<T>;
    try {
      res = this.client.list<T>(this.resource, this.sel.namespace, {
        labelSelector: this.sel.labelSelector,
        fieldSelector: this.sel.fieldSelector,
      });
    } catch (e) {
      if (!isStatusError(e)) throw e;
      logListFailure(this.log, this.reflectorName, reflectorTypeName(this.resource), e.message);
      return this.retryLater();
    }
    const fresh = new Map<string, T>();
    for (const o of res.items) fresh.set(keyOf(o), o);
    // Reconcile: on first list everything is an add; on relist, emit what changed while we were away.
    for (const [k, old] of [...this.cache]) {
      if (!fresh.has(k)) {
        this.remove(k, old);
        for (const h of this.handlers) h.delete?.(old);
      }
    }
    for (const [k, o] of fresh) {
      const old = this.cache.get(k);
      this.put(k, o, old);
      if (!old) for (const h of this.handlers) h.add?.(o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) for (const h of this.handlers) h.update?.(old, o);
    }
    this.synced = true;
    this.lastRv = res.metadata.resourceVersion;
    this.watch();
  }

  private watch(): void {
    try {
      this.watchHandle = this.client.watch<T>(
        this.resource,
        this.sel.namespace,
        { labelSelector: this.sel.labelSelector, fieldSelector: this.sel.fieldSelector, resourceVersion: this.lastRv },
        (ev) => this.onEvent(ev),
      );
    } catch (e) {
      // A refused watch is not one of the errors the reflector retries in place: ListAndWatch returns it.
      if (!isStatusError(e)) throw e;
      logWatchError(this.log, this.reflectorName, reflectorTypeName(this.resource), e.message);
      this.retryLater();
    }
  }

  /** wait.BackoffUntil: ListAndWatch runs again after the back-off manager's next wait. */
  private retryLater(): void {
    const now = this.clock.now();
    this.backoff ??= new ReflectorBackoff(this.reflector.stream ?? new Stream(0, `reflector/${this.resource}`), this.createdMs);
    const waitMs = this.backoff.next(now);
    this.retryTimer = this.clock.after(waitMs, `informer ${this.resource}: list again`, () => this.listAndWatch());
  }

  private get log(): KlogSink {
    return this.reflector.log ?? discardKlog;
  }

  private get reflectorName(): string {
    return this.reflector.name ?? FACTORY_REFLECTOR;
  }

  private onEvent(ev: WatchEvent<T>): void {
    if (ev.type === 'ERROR') {
      // 410 Gone: our resourceVersion was compacted away. Start over.
      this.watchHandle?.stop();
      this.clock.after(0, `informer ${this.resource}: relist`, () => this.listAndWatch());
      return;
    }
    if (ev.type === 'BOOKMARK') {
      this.lastRv = ev.object.metadata.resourceVersion;
      return;
    }
    const o = ev.object;
    const k = keyOf(o);
    this.lastRv = o.metadata.resourceVersion;
    const old = this.cache.get(k);
    if (ev.type === 'DELETED') {
      if (!old) return;
      this.remove(k, old);
      for (const h of this.handlers) h.delete?.(o);
      return;
    }
    this.put(k, o, old);
    if (old) for (const h of this.handlers) h.update?.(old, o);
    else for (const h of this.handlers) h.add?.(o);
  }

  /** Caches `o` at `k` over `old` (what the cache held there) and moves its key in every index. */
  private put(k: string, o: T, old: T | undefined): void {
    this.cache.set(k, o);
    for (const ix of this.indexList) {
      const after = ix.fn(o);
      if (old) {
        const before = ix.fn(old);
        // Most writes keep an object's one index value: move the key to its set's end, as taking it
        // out and adding it again would, without dropping and remaking a set it is alone in.
        const same = before.length === 1 && after.length === 1 && before[0] === after[0] ? ix.values.get(before[0]!) : undefined;
        if (same) {
          same.delete(k);
          same.add(k);
          continue;
        }
        unindexValues(ix.values, before, k);
      }
      for (const v of after) addTo(ix.values, v, k);
    }
  }

  private remove(k: string, o: T): void {
    this.unindex(k, o);
    this.cache.delete(k);
  }

  private unindex(k: string, o: T): void {
    for (const ix of this.indexList) unindexValues(ix.values, ix.fn(o), k);
  }
}

function unindexValues(idx: Map<string, Set<string>>, values: string[], k: string): void {
  for (const v of values) {
    const s = idx.get(v);
    if (s) {
      s.delete(k);
      if (s.size === 0) idx.delete(v);
    }
  }
}

function addTo(idx: Map<string, Set<string>>, v: string, k: string): void {
  let s = idx.get(v);
  if (!s) idx.set(v, (s = new Set()));
  s.add(k);
}

/** One informer per (resource, selectors), shared by every user of one component's factory. */
export class SharedInformerFactory implements InformerFactory {
  private informers = new Map<string, SharedInformer<StoredObject>>();
  private started = false;

  constructor(private readonly client: Client, private readonly clock: Clock, private readonly reflector: ReflectorOptions = {}) {}

  informer<T extends StoredObject = StoredObject>(resource: string, opts: Selectors = {}): SharedInformer<T> {
    const id = `${resource}|${opts.namespace ?? ''}|${opts.labelSelector ?? ''}|${opts.fieldSelector ?? ''}`;
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new SharedInformer(this.client, this.clock, resource, opts, this.reflector);
      this.informers.set(id, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as SharedInformer<T>;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }

  allSynced(): boolean {
    for (const inf of this.informers.values()) if (!inf.hasSynced()) return false;
    return true;
  }
}

export { isStatusError };
