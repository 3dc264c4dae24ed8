/**
 * A bounded least-recently-used map, the cache client-go's event correlator keeps its records in
 * (golang/groupcache lru): reading or writing a key makes it the newest; past capacity the oldest goes.
 * Every operation is O(1), so a component that records about many objects pays per event, not per object.
 *
 * The recency order is a doubly linked list through the entries, as groupcache keeps it: making a key
 * the newest moves its entry to the front without touching the map.
 */
interface Entry<V> {
  key: string;
  value: V;
  newer: Entry<V> | undefined;
  older: Entry<V> | undefined;
}

export class Lru<V> {
  private readonly map = new Map<string, Entry<V>>();
  private newest: Entry<V> | undefined;
  private oldest: Entry<V> | undefined;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.toFront(e);
    return e.value;
  }

  /** The value, without making the key the newest. */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  add(key: string, value: V): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.value = value;
      this.toFront(e);
      return;
    }
    const fresh: Entry<V> = { key, value, newer: undefined, older: this.newest };
    if (this.newest) this.newest.newer = fresh;
    this.newest = fresh;
    this.oldest ??= fresh;
    this.map.set(key, fresh);
    if (this.map.size > this.capacity) {
      const gone = this.oldest;
      this.unlink(gone);
      this.map.delete(gone.key);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** Keys from the oldest to the newest (for tests). */
  keys(): string[] {
    const out: string[] = [];
    for (let e = this.oldest; e; e = e.newer) out.push(e.key);
    return out;
  }

  private toFront(e: Entry<V>): void {
    if (this.newest === e) return;
    this.unlink(e);
    e.older = this.newest;
    e.newer = undefined;
    if (this.newest) this.newest.newer = e;
    this.newest = e;
    this.oldest ??= e;
  }

  private unlink(e: Entry<V>): void {
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    e.newer = undefined;
    e.older = undefined;
  }
}
