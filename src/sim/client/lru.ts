/**
 * A bounded least-recently-used map, the cache client-go's event correlator keeps its records in
 * (golang/groupcache lru): reading or writing a key makes it the newest; past capacity the oldest goes.
 * Every operation is O(1), so a component that records about many objects pays per event, not per object.
 */
export class Lru<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Map keeps insertion order: re-inserting moves the key to the newest end.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** The value, without making the key the newest. */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  add(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
