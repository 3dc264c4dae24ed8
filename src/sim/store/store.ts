/**
 * An etcd-like multi-version store. One global revision counts every write; each key remembers the
 * revision that created it, the revision that last changed it and how many times it changed. Watchers
 * can start from any revision still in history; compaction forgets history up to a revision, after
 * which such a watch is refused as etcd refuses it.
 */
import type { StoredObject } from '../types';

export interface KeyValue {
  key: string;
  value: StoredObject;
  createRevision: number;
  modRevision: number;
  version: number;
  /**
   * Set on the few keys that do not hold an API object (kube-apiserver's `compact_rev_key`, a
   * revision number as text): their bytes. Such keys live outside /registry, where no one reads
   * `value`, which is then an empty placeholder.
   */
  text?: string;
}

/** The `value` of a key that holds text rather than an API object. */
const TEXT_PLACEHOLDER = Object.freeze({ metadata: Object.freeze({}) }) as unknown as StoredObject;

export interface StoreEvent {
  type: 'PUT' | 'DELETE';
  key: string;
  /** For PUT the new value; for DELETE the value just before deletion. */
  kv: KeyValue;
  prevKv?: KeyValue;
  revision: number;
}

export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}
export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}
export class RevisionMismatchError extends Error {
  constructor(readonly key: string, readonly expected: number, readonly actual: number) {
    super(`revision mismatch on ${key}: expected ${expected}, have ${actual}`);
  }
}
/** etcd's own words for a read or watch below the compacted revision (mvcc.ErrCompacted). */
export const ERR_COMPACTED = 'mvcc: required revision has been compacted';
/** …and for one beyond the current revision (mvcc.ErrFutureRev). */
export const ERR_FUTURE_REV = 'mvcc: required revision is a future revision';

export class CompactedError extends Error {
  constructor(readonly requested: number, readonly compacted: number) {
    super(ERR_COMPACTED);
  }
}
export class FutureRevisionError extends Error {
  constructor(readonly requested: number, readonly current: number) {
    super(ERR_FUTURE_REV);
  }
}

/** One revision in a key's life: its value then, or none where that revision deleted it. */
export interface KeyRevision {
  revision: number;
  type: 'PUT' | 'DELETE';
  /** the value written (PUT), or the value the delete removed (DELETE) */
  kv: KeyValue;
}

/** A watch on the store: what it covers and the first revision it was sent. */
export interface StoreWatcher {
  prefix: string;
  startRevision: number;
}

type Listener = (ev: StoreEvent) => void;

/** Prefixes whose directories are remembered at once; past this the memory starts over. */
const DIRS_BY_PREFIX_KEPT = 1024;

export class MvccStore {
  private rev = 0;
  private compacted = 0;
  private data = new Map<string, KeyValue>();
  /** directory (key up to its last '/') → keys in it, so a prefix range touches only its buckets */
  private dirs = new Map<string, Set<string>>();
  /** range prefix → the buckets of `dirs` it reads (see dirsFor); emptied when a bucket comes or goes */
  private dirsByPrefix = new Map<string, Set<string>[]>();
  private history: StoreEvent[] = [];
  /** watches in the order opened; `own` marks kubetab's own readers (the page's mirror), no etcd clients */
  private listeners = new Set<{ prefix: string; startRevision: number; fn: Listener; own?: boolean }>();
  /** write hooks of kubetab's own (the request recorder): told of every write, no watch of etcd's */
  private observers: Listener[] = [];
  private lastCompaction: { revision: number; atMs: number } | undefined;

  get revision(): number {
    return this.rev;
  }
  get compactRevision(): number {
    return this.compacted;
  }
  get size(): number {
    return this.data.size;
  }
  get historyLength(): number {
    return this.history.length;
  }

  get(key: string): KeyValue | undefined {
    return this.data.get(key);
  }

  /** Every key-value whose key starts with `prefix`, in key order. */
  range(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const keys of this.dirsFor(prefix)) {
      for (const k of keys) if (k.startsWith(prefix)) out.push(this.data.get(k)!);
    }
    if (out.length > 1) out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  /** Calls `fn` for every key-value under the prefix, unsorted: for tallies, which need no order. */
  each(prefix: string, fn: (kv: KeyValue) => void): void {
    for (const keys of this.dirsFor(prefix)) {
      for (const k of keys) if (k.startsWith(prefix)) fn(this.data.get(k)!);
    }
  }

  count(prefix: string): number {
    let n = 0;
    for (const keys of this.dirsFor(prefix)) {
      for (const k of keys) if (k.startsWith(prefix)) n++;
    }
    return n;
  }

  /**
   * The directories that may hold keys under `prefix`, in the directory map's order. Directories come
   * and go far less often than ranges are read (a list per request, a quota check per pod create),
   * so the answer is kept per prefix until a directory is added or removed.
   */
  private dirsFor(prefix: string): Set<string>[] {
    let found = this.dirsByPrefix.get(prefix);
    if (found) return found;
    found = [];
    for (const [dir, keys] of this.dirs) if (dirMayHold(dir, prefix)) found.push(keys);
    if (this.dirsByPrefix.size >= DIRS_BY_PREFIX_KEPT) this.dirsByPrefix.clear();
    this.dirsByPrefix.set(prefix, found);
    return found;
  }

  /** The revision the next write will get: the API server stamps it into resourceVersion first. */
  nextRevision(): number {
    return this.rev + 1;
  }

  create(key: string, value: StoredObject): KeyValue {
    if (this.data.has(key)) throw new KeyExistsError(key);
    const rev = ++this.rev;
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev, version: 1 };
    this.data.set(key, kv);
    this.addToDir(key);
    this.emit({ type: 'PUT', key, kv, revision: rev });
    return kv;
  }

  /** Replaces an existing key; with `expectedModRevision` it is a compare-and-swap. */
  update(key: string, value: StoredObject, expectedModRevision?: number): KeyValue {
    const prev = this.data.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision) {
      throw new RevisionMismatchError(key, expectedModRevision, prev.modRevision);
    }
    const rev = ++this.rev;
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: rev, version: prev.version + 1 };
    this.data.set(key, kv);
    this.emit({ type: 'PUT', key, kv, prevKv: prev, revision: rev });
    return kv;
  }

  /** Writes a text value (created or replaced), as a plain etcd put of bytes. */
  putText(key: string, text: string): KeyValue {
    const prev = this.data.get(key);
    const rev = ++this.rev;
    const kv: KeyValue = { key, value: TEXT_PLACEHOLDER, text, createRevision: prev?.createRevision ?? rev, modRevision: rev, version: (prev?.version ?? 0) + 1 };
    this.data.set(key, kv);
    if (!prev) this.addToDir(key);
    this.emit({ type: 'PUT', key, kv, ...(prev ? { prevKv: prev } : {}), revision: rev });
    return kv;
  }

  delete(key: string, expectedModRevision?: number): KeyValue {
    const prev = this.data.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision) {
      throw new RevisionMismatchError(key, expectedModRevision, prev.modRevision);
    }
    const rev = ++this.rev;
    this.data.delete(key);
    this.removeFromDir(key);
    this.emit({ type: 'DELETE', key, kv: prev, prevKv: prev, revision: rev });
    return prev;
  }

  /**
   * Calls `fn` for every event on keys under `prefix` with revision > `afterRevision`: first the
   * history still kept, then live events as they happen. Throws CompactedError if history since
   * `afterRevision` is gone.
   */
  watch(prefix: string, afterRevision: number, fn: Listener, own = false): () => void {
    if (afterRevision < this.compacted) throw new CompactedError(afterRevision, this.compacted);
    for (const ev of this.historySince(afterRevision)) if (ev.key.startsWith(prefix)) fn(ev);
    const entry = { prefix, startRevision: afterRevision + 1, fn, ...(own ? { own } : {}) };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /**
   * A watch of kubetab's own (the page's mirror of the cluster, its event log): it hears what a
   * watch hears, in the same order, but `watchers()` does not list it, as no real etcd would have it.
   */
  tap(prefix: string, afterRevision: number, fn: Listener): () => void {
    return this.watch(prefix, afterRevision, fn, true);
  }

  /**
   * Calls `fn` for every write from now on, before any watch hears of it. Unlike a watch it is no
   * etcd client: `watchers()` does not list it, as no real etcd would have it.
   */
  observe(fn: Listener): void {
    this.observers.push(fn);
  }

  /** Events with revision > `afterRevision` still in history. Throws if compacted. */
  historySince(afterRevision: number): StoreEvent[] {
    if (afterRevision < this.compacted) throw new CompactedError(afterRevision, this.compacted);
    // History is ordered by revision; find the first index after afterRevision.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.revision <= afterRevision) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /**
   * Forgets history at and before `revision`; `atMs` is when, for whoever shows the last compaction.
   * The value each key had at `revision` stays readable (it is the current value or the previous
   * value of the key's next event), as etcd keeps each key's latest version at the compacted revision.
   */
  compact(revision: number, atMs?: number): void {
    if (revision <= this.compacted) return;
    const upTo = Math.min(revision, this.rev);
    let i = 0;
    while (i < this.history.length && this.history[i]!.revision <= upTo) i++;
    this.history = this.history.slice(i);
    this.compacted = upTo;
    if (atMs !== undefined) this.lastCompaction = { revision: upTo, atMs };
  }

  /** The last compaction done with a time: its revision and virtual time. */
  get compaction(): { revision: number; atMs: number } | undefined {
    return this.lastCompaction;
  }

  /** The watches open on the store, oldest first. */
  watchers(): StoreWatcher[] {
    return [...this.listeners].filter((l) => !l.own).map((l) => ({ prefix: l.prefix, startRevision: l.startRevision }));
  }

  /**
   * Every key under `prefix` as it was at revision `rev` (0: now), in key order, as `etcdctl get
   * --rev` reads it. Throws CompactedError below the compacted revision, FutureRevisionError above
   * the current one.
   */
  rangeAt(prefix: string, rev: number, exact = false): KeyValue[] {
    if (rev === 0 || rev === this.rev) return exact ? (this.data.has(prefix) ? [this.data.get(prefix)!] : []) : this.range(prefix);
    this.checkRevision(rev);
    const matches = (k: string): boolean => (exact ? k === prefix : k.startsWith(prefix));
    // The first event after `rev` on a key tells what the key held at `rev`: the value it replaced or
    // deleted, or nothing if it created the key. Keys with no later event hold their current value.
    const firstAfter = new Map<string, StoreEvent>();
    for (const ev of this.historySince(rev)) if (matches(ev.key) && !firstAfter.has(ev.key)) firstAfter.set(ev.key, ev);
    const out: KeyValue[] = [];
    for (const ev of firstAfter.values()) {
      const before = ev.type === 'DELETE' ? ev.kv : ev.prevKv;
      if (before) out.push(before);
    }
    const current = exact ? (this.data.has(prefix) ? [this.data.get(prefix)!] : []) : this.range(prefix);
    for (const kv of current) if (!firstAfter.has(kv.key)) out.push(kv);
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  /**
   * A key's life in the history still kept, oldest first: the value it held at the compacted
   * revision (if any), then every write and delete since.
   */
  keyHistory(key: string): KeyRevision[] {
    const events = this.history.filter((ev) => ev.key === key);
    const out: KeyRevision[] = [];
    const first = events[0];
    const base = first ? (first.type === 'DELETE' ? first.kv : first.prevKv) : this.data.get(key);
    if (base) out.push({ revision: base.modRevision, type: 'PUT', kv: base });
    for (const ev of events) out.push({ revision: ev.revision, type: ev.type, kv: ev.kv });
    return out;
  }

  private checkRevision(rev: number): void {
    if (rev < this.compacted) throw new CompactedError(rev, this.compacted);
    if (rev > this.rev) throw new FutureRevisionError(rev, this.rev);
  }

  private emit(ev: StoreEvent): void {
    this.history.push(ev);
    for (const fn of this.observers) fn(ev);
    for (const l of this.listeners) if (ev.key.startsWith(l.prefix)) l.fn(ev);
  }

  private addToDir(key: string): void {
    const dir = dirOf(key);
    let s = this.dirs.get(dir);
    if (!s) {
      this.dirs.set(dir, (s = new Set()));
      this.dirsByPrefix.clear();
    }
    s.add(key);
  }

  private removeFromDir(key: string): void {
    const dir = dirOf(key);
    const s = this.dirs.get(dir);
    if (!s) return;
    s.delete(key);
    if (s.size === 0) {
      this.dirs.delete(dir);
      this.dirsByPrefix.clear();
    }
  }
}

/** A key's directory: up to its last '/'; '' for a key with none (`compact_rev_key`). */
function dirOf(key: string): string {
  const i = key.lastIndexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

/**
 * Whether directory `dir` can hold keys starting with `prefix`: the prefix covers the directory
 * (`/registry/pods/` for `/registry/pods/default`), or reaches into it (`/registry/pods/default/web`).
 */
function dirMayHold(dir: string, prefix: string): boolean {
  return dir === '' || (dir + '/').startsWith(prefix) || prefix.startsWith(dir + '/');
}
