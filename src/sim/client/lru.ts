/**
 * A bounded least-recently-used map, the cache client-go's event correlator keeps its records in
 * (golang/groupcache lru): reading or writing a key makes it the newest; past capacity the oldest goes.
 * Every operation is O(1), so a component that records about many objects pays per event, not per object.
 */
interface Entry<V> {
  key: string;
  value: V;
  /** the next older entry, and the next newer one */
  older: Entry<V> | undefined;
  newer: Entry<V> | undefined;
}

export class Lru<V> {
  /**
   * The entries by key; their recency is a list of their own. A read only relinks its entry: taking a
   * key out of a Map and putting it back, on every read, leaves the Map's table full of holes that
   * it rebuilds again and again.
   */
  private readonly map = new Map<string, Entry<V>>();
  private newest: Entry<V> | undefined;
  private oldest: Entry<V> | undefined;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined || e.value === undefined) return undefined;
    this.touch(e);
    return e.value;
  }

  add(key: string, value: V): void {
    let e = this.map.get(key);
    if (e) {
      e.value = value;
      this.touch(e);
    } else {
      e = { key, value, older: this.newest, newer: undefined };
      if (this.newest) this.newest.newer = e;
      else this.oldest = e;
      this.newest = e;
      this.map.set(key, e);
    }
    if (this.map.size > this.capacity) {
      const gone = this.oldest!;
      this.unlink(gone);
      this.map.delete(gone.key);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** Makes `e` the newest entry. */
  private touch(e: Entry<V>): void {
    if (e === this.newest) return;
    this.unlink(e);
    e.older = this.newest;
    e.newer = undefined;
    this.newest!.newer = e;
    this.newest = e;
  }

  private unlink(e: Entry<V>): void {
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
  }
}
