/**
 * The timeline's promise: any moment of a 30-minute classroom scenario (examples/classroom.yaml) in
 * under 1 s, measured as the Worker does it — the host handles `seek` and the time is until its batch
 * is posted. Each seek starts from the end of the story; the figure is the median of a few.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../src/scenario/parse';
import type { Scenario } from '../src/scenario/format';
import { ClusterHost } from '../src/worker/host';
import type { FromWorker } from '../src/worker/protocol';
import type { BenchResult } from './core';

const END_MS = 30 * 60_000;
const TARGETS: [string, number][] = [
  ['0', 0],
  ['10m', 10 * 60_000],
  ['20m', 20 * 60_000],
  ['29m59s', END_MS - 1000],
];
const RUNS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function timelineBench(): BenchResult[] {
  const scenario = parseScenario(readFileSync(new URL('../examples/classroom.yaml', import.meta.url), 'utf8'));
  const out = seeks(scenario, {}, TARGETS, RUNS, '');
  // The same without checkpoints: every rewind replays from 0.
  out.push(...seeks(scenario, { checkpointEvents: Number.POSITIVE_INFINITY }, TARGETS.slice(-1), 3, ', replayed from 0 (no checkpoints)'));
  return out;
}

function seeks(scenario: Scenario, opts: { checkpointEvents?: number }, targets: [string, number][], runs: number, how: string): BenchResult[] {
  let posted = 0;
  let lastClock = -1;
  // Timers the host asks for (the clock's frames, work it does while idle) run when the bench lets it idle.
  const timers: (() => void)[] = [];
  const host = new ClusterHost(
    (m: FromWorker) => {
      if (m.type === 'batch') {
        posted = performance.now();
        lastClock = m.clock.nowMs;
      }
    },
    { now: () => performance.now(), later: (fn) => void timers.push(fn) },
    opts,
  );
  const idle = (): void => {
    for (let i = 0; timers.length && i < 100_000; i++) timers.shift()!();
  };
  const seek = (atMs: number): number => {
    const t0 = performance.now();
    host.handle({ type: 'seek', atMs });
    if (lastClock !== atMs) throw new Error(`seek to ${atMs} answered at ${lastClock}`);
    return posted - t0;
  };
  const t0 = performance.now();
  host.handle({ type: 'load', scenario, atMs: END_MS, playing: false });
  const loadMs = performance.now() - t0;
  const events = host.currentRun.cluster.clock.eventsRun;
  idle();
  const out: BenchResult[] = [];
  for (const [label, at] of targets) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      seek(END_MS);
      idle();
      times.push(seek(at));
      idle();
    }
    out.push({ name: `timeline: seek from the end to ${label} (classroom, 30 min)${how}`, value: Math.round(median(times)), unit: 'ms', target: '< 1,000', detail: `median of ${runs}: ${times.map((t) => Math.round(t)).join(', ')} ms` });
  }
  if (how) return out;
  out.push({ name: 'timeline: the classroom scenario replayed to 30 min (a link opened)', value: Math.round(loadMs), unit: 'ms', detail: `${events.toLocaleString('en-US')} clock events` });
  return out;
}
