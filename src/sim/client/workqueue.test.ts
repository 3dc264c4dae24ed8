import { describe, expect, it } from 'vitest';
import { Clock } from '../clock';
import { WorkQueue } from './workqueue';

describe('the work queue', () => {
  it('syncs a key added many times before a worker takes it once', () => {
    const clock = new Clock();
    const synced: string[] = [];
    const q = new WorkQueue(clock, 'q', (k) => synced.push(k));
    for (let i = 0; i < 5; i++) q.add('default/web');
    q.add('default/db');
    while (clock.step());
    expect(synced).toEqual(['default/web', 'default/db']);
  });

  it('backs a failing key off exponentially from 5ms, and forgets the count once it syncs', () => {
    const clock = new Clock();
    const at: number[] = [];
    let fail = 4;
    const q = new WorkQueue(clock, 'q', () => {
      at.push(clock.now());
      if (fail-- > 0) throw new Error('not yet');
    });
    q.add('k');
    while (clock.step());
    expect(at).toEqual([0, 5, 15, 35, 75]);
    expect(q.numRequeues('k')).toBe(0);
  });

  it('holds a sync that requeues itself to ten a second once the shared bucket of 100 is spent', () => {
    const clock = new Clock();
    const at: number[] = [];
    const q: WorkQueue = new WorkQueue(clock, 'q', (k) => {
      at.push(clock.now());
      // A sync that succeeds and asks to be looked at again at once, as a stuck Deployment's progress check does.
      if (clock.now() < 20_000) q.addRateLimited(k);
    });
    q.add('default/cache');
    while (clock.step());
    // Each success forgets the key's own back-off, so it is 5ms every time while the bucket's burst of
    // 100 (refilling at 10 a second meanwhile) lasts; then its debt is paid off at one token per 100ms.
    expect(at.slice(0, 3)).toEqual([0, 5, 10]);
    expect(at.slice(104, 110)).toEqual([520, 525, 600, 700, 800, 900]);
    expect(at.at(-1)).toBe(20_000);
    expect(at.length).toBe(301);
  });
  it('syncs a key added during its own sync once more after, not twice at once', () => {
    const clock = new Clock();
    const log: string[] = [];
    let adds = 3;
    const q: WorkQueue = new WorkQueue(clock, 'q', (k) => {
      log.push(`start ${k}`);
      // Watch events for the key arriving mid-sync: they mark it dirty, once.
      while (adds-- > 0) q.add(k);
      log.push(`end ${k}`);
    });
    q.add('default/web');
    while (clock.step());
    expect(log).toEqual(['start default/web', 'end default/web', 'start default/web', 'end default/web']);
  });

  it('keeps the earliest of several delayed adds of a key, as client-go\'s delaying queue does', () => {
    const clock = new Clock();
    const at: number[] = [];
    const q = new WorkQueue(clock, 'q', () => at.push(clock.now()));
    q.addAfter('k', 5_000);
    q.addAfter('k', 2_000); // sooner: replaces the 5s wait
    q.addAfter('k', 3_000); // later than the pending 2s: dropped
    while (clock.step());
    expect(at).toEqual([2_000]);
    q.addAfter('k', 1_000);
    q.add('k'); // an add now does not cancel the pending wait
    while (clock.step());
    expect(at).toEqual([2_000, 2_000, 3_000]);
  });

  it('gives a delayed add and a rate-limited retry of the same key one wait, the earlier', () => {
    const clock = new Clock();
    const at: number[] = [];
    let failed = false;
    const q = new WorkQueue(clock, 'q', () => {
      at.push(clock.now());
      if (!failed) {
        failed = true;
        throw new Error('conflict');
      }
    });
    q.addAfter('k', 10_000);
    q.add('k');
    while (clock.step());
    // The failure's 5ms retry replaces the 10s wait; nothing is left to run at 10s.
    expect(at).toEqual([0, 5]);
  });
});
