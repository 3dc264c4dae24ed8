import { describe, expect, it } from 'vitest';
import { ClusterHost, EMPTY_SCENARIO } from './host';
import type { FromWorker } from './protocol';

/** A host whose wall clock moves `msPerLook` each time it is read: a slow machine, seen from inside. */
function slowHost(msPerLook: number) {
  const sent: FromWorker[] = [];
  let wall = 0;
  const host = new ClusterHost((m) => sent.push(m), { now: () => (wall += msPerLook), later: () => undefined });
  return { host, sent };
}

describe('progress of a long rebuild', () => {
  it('reports virtual time reached and nodes Ready while a long load runs, then sends the cluster', () => {
    const { host, sent } = slowHost(300);
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 600_000, playing: false });
    const progress = sent.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    const times = progress.map((p) => p.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeLessThan(600_000);
    for (const p of progress) expect(p).toMatchObject({ targetMs: 600_000, nodes: 4 });
    expect(progress.at(-1)!.nodesReady).toBe(4);
    // The cluster itself comes last, as the reset batch that ends the progress.
    expect(sent.at(-1)).toMatchObject({ type: 'batch', reset: true, clock: { nowMs: 600_000 } });
  });

  it('says nothing for a rebuild that is quick, and the reporting changes nothing in the cluster', () => {
    const fast = slowHost(0);
    fast.host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 600_000, playing: false });
    expect(fast.sent.map((m) => m.type)).toEqual(['batch']);
    const slow = slowHost(300);
    slow.host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 600_000, playing: false });
    const a = fast.sent.at(-1) as Extract<FromWorker, { type: 'batch' }>;
    const b = slow.sent.at(-1) as Extract<FromWorker, { type: 'batch' }>;
    expect(b.clock.eventsRun).toBe(a.clock.eventsRun);
    expect(JSON.stringify(b.deltas)).toBe(JSON.stringify(a.deltas));
  });
});

describe('a large first batch', () => {
  it('goes in parts of at most deltasPerMessage objects, the first resetting, all but the last saying more follow', () => {
    const whole: FromWorker[] = [];
    new ClusterHost((m) => whole.push(m), { now: () => 0, later: () => undefined }).handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 5000, playing: false });
    const parts: FromWorker[] = [];
    new ClusterHost((m) => parts.push(m), { now: () => 0, later: () => undefined }, { deltasPerMessage: 10 }).handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 5000, playing: false });
    const one = whole as Extract<FromWorker, { type: 'batch' }>[];
    const split = parts as Extract<FromWorker, { type: 'batch' }>[];
    expect(one).toHaveLength(1);
    expect(split).toHaveLength(Math.ceil(one[0]!.deltas.length / 10));
    expect(split.map((b) => [b.reset, b.more ?? false, b.deltas.length <= 10])).toEqual(split.map((_, i) => [i === 0, i < split.length - 1, true]));
    expect(split.flatMap((b) => b.deltas)).toEqual(one[0]!.deltas);
    // everything but the objects comes with the last part
    expect(split.at(-1)!.events).toEqual(one[0]!.events);
    expect(split.at(-1)!.scenario).toEqual(EMPTY_SCENARIO);
  });
});
