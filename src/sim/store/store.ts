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
}

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
export class CompactedError extends Error {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (compacted at ${compacted})`);
  }
}

type Listener = (ev: StoreEvent) => void;

export class MvccStore {
  private rev = 0;
  private compacted = 0;
  private data = new Map<string, KeyValue>();
  /** directory (key up to its last '/') → keys in it, so a prefix range touches only its buckets */
  private dirs = new Map<string, Set<string>>();
  private history: StoreEvent[] = [];
  private listeners = new Set<{ prefix: string; fn: Listener }>();

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
    for (const [dir, keys] of this.dirs) {
      if (!(dir + '/').startsWith(prefix) && !dir.startsWith(prefix)) continue;
      for (const k of keys) if (k.startsWith(prefix)) out.push(this.data.get(k)!);
    }
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  count(prefix: string): number {
    let n = 0;
    for (const [dir, keys] of this.dirs) {
      if (!(dir + '/').startsWith(prefix) && !dir.startsWith(prefix)) continue;
      for (const k of keys) if (k.startsWith(prefix)) n++;
    }
    return n;
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
  watch(prefix: string, afterRevision: number, fn: Listener): () => void {
    if (afterRevision < this.compacted) throw new CompactedError(afterRevision, this.compacted);
    for (const ev of this.historySince(afterRevision)) if (ev.key.startsWith(prefix)) fn(ev);
    const entry = { prefix, fn };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
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

  /** Forgets history at and before `revision`. */
  compact(revision: number): void {
    if (revision <= this.compacted) return;
    const upTo = Math.min(revision, this.rev);
    let i = 0;
    while (i < this.history.length && this.history[i]!.revision <= upTo) i++;
    this.history = this.history.slice(i);
    this.compacted = upTo;
  }

  private emit(ev: StoreEvent): void {
    this.history.push(ev);
    for (const l of this.listeners) if (ev.key.startsWith(l.prefix)) l.fn(ev);
  }

  private addToDir(key: string): void {
    const dir = key.slice(0, key.lastIndexOf('/'));
    let s = this.dirs.get(dir);
    if (!s) this.dirs.set(dir, (s = new Set()));
    s.add(key);
  }

  private removeFromDir(key: string): void {
    const dir = key.slice(0, key.lastIndexOf('/'));
    const s = this.dirs.get(dir);
    if (!s) return;
    s.delete(key);
    if (s.size === 0) this.dirs.delete(dir);
  }
}
