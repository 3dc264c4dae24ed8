import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import type { Owner } from './clock';
import { Rng } from './rng';

/** An owner that notes what failed it. */
function owner(name: string): Owner & { exited: boolean; failures: string[] } {
  return { name, exited: false, failures: [], fail(err: unknown) { this.failures.push(`${name}: ${(err as Error).message}`); } };
}

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

describe('Clock owners', () => {
  it('gives an event the owner that was running when it was scheduled, and its children too', () => {
    const c = new Clock();
    const a = owner('a');
    const seen: string[] = [];
    c.runAs(a, () => c.after(1, 'parent', () => {
      seen.push(`parent as ${c.owner()?.name}`);
      c.after(1, 'child', () => seen.push(`child as ${c.owner()?.name}`));
    }));
    c.after(1, 'nobody', () => seen.push(`nobody as ${c.owner()?.name}`));
    c.runUntil(10);
    expect(seen).toEqual(['parent as a', 'nobody as undefined', 'child as a']);
    expect(c.owner()).toBeUndefined();
  });

  it("sends an owned event's throw to its owner and runs on; an unowned one's goes up to the caller", () => {
    const c = new Clock();
    const a = owner('a');
    const seen: number[] = [];
    c.runAs(a, () => c.after(1, 'bug', () => {
      throw new TypeError('x.map is not a function');
    }));
    c.after(2, 'fine', () => seen.push(2));
    c.after(3, 'unowned bug', () => {
      throw new TypeError('y is undefined');
    });
    c.after(4, 'after', () => seen.push(4));
    expect(() => c.runUntil(10)).toThrow('y is undefined');
    expect(a.failures).toEqual(['a: x.map is not a function']);
    expect(seen).toEqual([2]);
    // The unowned event is spent; the rest runs when asked.
    c.runUntil(10);
    expect(seen).toEqual([2, 4]);
    expect(c.owner()).toBeUndefined();
  });

  it("drops an exited owner's queued events unseen, and they are not counted", () => {
    const c = new Clock();
    const a = owner('a');
    const seen: string[] = [];
    c.runAs(a, () => {
      c.after(5, 'a1', () => seen.push('a1'));
      c.after(6, 'a2', () => seen.push('a2'));
    });
    c.after(7, 'b', () => seen.push('b'));
    a.exited = true;
    expect(c.peek()).toEqual({ at: 7, label: 'b' });
    c.runUntil(10);
    expect(seen).toEqual(['b']);
    expect(c.eventsRun).toBe(1);
  });

  it('delivers as an owner: a throw fails it and the caller goes on', () => {
    const c = new Clock();
    const a = owner('a');
    const got: string[] = [];
    c.deliver(a, (ev: string) => {
      got.push(`${ev} as ${c.owner()?.name}`);
      throw new RangeError('bad');
    }, 'ADDED');
    expect(got).toEqual(['ADDED as a']);
    expect(a.failures).toEqual(['a: bad']);
    expect(() => c.deliver(undefined, () => {
      throw new TypeError('up');
    }, 0)).toThrow('up');
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
