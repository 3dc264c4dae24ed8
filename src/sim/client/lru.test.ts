import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

/** The keys still kept, found by reading each (which makes it the newest: test on a throwaway cache). */
function kept(lru: Lru<number>, keys: string[]): string[] {
  return keys.filter((k) => lru.get(k) !== undefined);
}

describe('Lru', () => {
  it('drops the least recently used key past capacity; a read or a write makes a key the newest', () => {
    const lru = new Lru<number>(3);
    lru.add('a', 1);
    lru.add('b', 2);
    lru.add('c', 3);
    expect(lru.get('a')).toBe(1); // a is now the newest: b is the oldest
    lru.add('d', 4);
    expect(lru.size).toBe(3);
    expect(lru.get('b')).toBeUndefined();
    lru.add('c', 30); // c rewritten: newest, with its new value; a is now the oldest
    lru.add('e', 5);
    expect(kept(lru, ['a', 'b', 'c', 'd', 'e'])).toEqual(['c', 'd', 'e']);
    expect(lru.get('c')).toBe(30);
  });

  it('reading the newest key or a missing one changes nothing; capacity 0 keeps nothing', () => {
    const lru = new Lru<number>(2);
    lru.add('a', 1);
    lru.add('b', 2);
    expect(lru.get('b')).toBe(2);
    expect(lru.get('zz')).toBeUndefined();
    lru.add('c', 3);
    expect(kept(lru, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    const none = new Lru<number>(0);
    none.add('a', 1);
    expect(none.size).toBe(0);
    expect(none.get('a')).toBeUndefined();
  });
});
