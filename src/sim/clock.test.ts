import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import { Rng } from './rng';

describe('Clock', () => {
  it('runs events in time order and breaks ties by the order they were scheduled', () => {
    const c = new Clock();
    const seen: string[] = [];
    c.after(10, 'b', () => seen.push('b'));
    c.after(5, 'a', () => seen.push('a'));
    c.after(10, 'c', () => seen.push('c'));
    c.runUntil(100);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(c.now()).toBe(100);
  });
  it('skips cancelled events and stops at the horizon', () => {
    const c = new Clock();
    const seen: number[] = [];
    const id = c.after(1, 'x', () => seen.push(1));
    c.after(2, 'y', () => seen.push(2));
    c.after(50, 'z', () => seen.push(50));
    c.cancel(id);
    c.runUntil(10);
    expect(seen).toEqual([2]);
    expect(c.peek()?.at).toBe(50);
  });
  it('formats timestamps as the API server does', () => {
    const c = new Clock();
    c.runUntil(61_500);
    expect(c.timestamp()).toBe('2024-09-02T10:01:01Z');
    expect(c.microTimestamp()).toBe('2024-09-02T10:01:01.500000Z');
  });
});

describe('Rng', () => {
  it('gives the same numbers for the same seed and stream name', () => {
    const a = new Rng(7).stream('names');
    const b = new Rng(7).stream('names');
    expect([a.next32(), a.next32(), a.next32()]).toEqual([b.next32(), b.next32(), b.next32()]);
  });
  it('keeps streams independent: using one does not shift another', () => {
    const r1 = new Rng(7);
    r1.stream('other').next32();
    const x = r1.stream('names').next32();
    expect(new Rng(7).stream('names').next32()).toBe(x);
  });
  it('differs between seeds and stays in range', () => {
    expect(new Rng(1).stream('s').next32()).not.toBe(new Rng(2).stream('s').next32());
    const s = new Rng(3).stream('s');
    for (let i = 0; i < 1000; i++) {
      const v = s.intn(7);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(7);
    }
  });
});
