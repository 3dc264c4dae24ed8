import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

describe('Lru', () => {
  it('keeps keys newest last, a read or write making a key the newest, and drops the oldest past capacity', () => {
    const lru = new Lru<number>(3);
    lru.add('a', 1);
    lru.add('b', 2);
    lru.add('c', 3);
    expect(lru.keys()).toEqual(['a', 'b', 'c']);
    expect(lru.get('a')).toBe(1);
    expect(lru.keys()).toEqual(['b', 'c', 'a']);
    expect(lru.peek('b')).toBe(2);
    expect(lru.keys()).toEqual(['b', 'c', 'a']);
    lru.add('c', 30);
    expect(lru.keys()).toEqual(['b', 'a', 'c']);
    lru.add('d', 4);
    expect(lru.keys()).toEqual(['a', 'c', 'd']);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('c')).toBe(30);
    expect(lru.size).toBe(3);
    lru.add('e', 5);
    lru.add('f', 6);
    expect(lru.keys()).toEqual(['c', 'e', 'f']);
    expect(lru.get('f')).toBe(6);
    expect(lru.keys()).toEqual(['c', 'e', 'f']);
  });

  it('works with room for one', () => {
    const lru = new Lru<string>(1);
    lru.add('a', 'x');
    lru.add('b', 'y');
    expect(lru.keys()).toEqual(['b']);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.get('b')).toBe('y');
  });

  it('agrees with a map kept in recency order over a long run of reads and writes', () => {
    // The reference: a Map whose insertion order is the recency order.
    const ref = new Map<string, number>();
    const cap = 7;
    const lru = new Lru<number>(cap);
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const key = `k${next(12)}`;
      const op = next(3);
      if (op === 0) {
        const want = ref.get(key);
        if (want !== undefined) {
          ref.delete(key);
          ref.set(key, want);
        }
        expect(lru.get(key)).toBe(want);
      } else if (op === 1) {
        expect(lru.peek(key)).toBe(ref.get(key));
      } else {
        ref.delete(key);
        ref.set(key, i);
        if (ref.size > cap) ref.delete(ref.keys().next().value as string);
        lru.add(key, i);
      }
      expect(lru.keys()).toEqual([...ref.keys()]);
    }
  });

  it('reading the newest key or a missing one changes nothing; capacity 0 keeps nothing', () => {
    const lru = new Lru<number>(2);
    lru.add('a', 1);
    lru.add('b', 2);
    expect(lru.get('b')).toBe(2);
    expect(lru.get('zz')).toBeUndefined();
    lru.add('c', 3);
    expect(lru.keys()).toEqual(['b', 'c']);
    const none = new Lru<number>(0);
    none.add('a', 1);
    expect(none.size).toBe(0);
    expect(none.get('a')).toBeUndefined();
  });
});
