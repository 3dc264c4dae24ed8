/**
 * The goals are followed from the take-over on every replay: a rewind rebuilds the story from the
 * start (or from a checkpoint that rode along from there), so a broken `always` goal cannot be
 * cleared by rewinding past the moment it broke and playing forward again.
 */
import { describe, expect, it } from 'vitest';
import { hostHarness } from '../worker/hostHarness';
import type { Lesson } from '../../src/lesson/types';
import { ScenarioRun } from '../../src/scenario/runner';
import { GoalTracker } from '../../src/lesson/tracker';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

const LESSON: Lesson = {
  name: 'keep-two',
  title: { en: 'Keep two' },
  text: { en: 'Scale **web** to 4, never below 2 ready.' },
  scenario: { seed: 1, cluster: {}, actions: [{ atMs: 0, apply: WEB }] },
  startAtMs: 32_000,
  goals: [
    { id: 'four', title: { en: 'web has 4 ready replicas' }, hint: { en: 'kubectl scale' }, when: 'now', check: { object: { resource: 'deployment', name: 'web', jsonPath: '{.status.readyReplicas}', equals: 4 } } },
    { id: 'two-ready', title: { en: 'web keeps 2 ready replicas' }, hint: { en: 'do not scale down' }, when: 'always', check: { object: { resource: 'deployment', name: 'web', jsonPath: '{.status.readyReplicas}', atLeast: 2 } } },
  ],
  solution: [{ kubectl: 'scale deployment/web --replicas=4', afterMs: 0 }],
  settleMs: 120_000,
};

const BROKEN = { id: 'two-ready', met: false, settled: true, detail: 'at 35.2s: deployment/web: {.status.readyReplicas} is 1, want at least 2' };

describe('an always goal broken after the take-over', () => {
  it('stays broken after a rewind past the break and forward again, and after a rewind that lands after it', () => {
    const h = hostHarness();
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.playTo(32_000 + 2 * 1600);
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=1' });
    h.playTo(32_000 + 20 * 1600);
    const last = () => h.batches().filter((b) => b.lesson !== undefined).at(-1)!.lesson!;
    expect(last().goals[1]).toEqual(BROKEN);
    // Back before the break (after the take-over): the goal holds so far.
    h.host.handle({ type: 'seek', atMs: 34_000 });
    expect(last().goals[1]).toEqual({ id: 'two-ready', met: true, settled: false });
    // Forward again: the story replays the scale-down, and the goal is broken at the same moment.
    h.host.handle({ type: 'seek', atMs: 32_000 + 20 * 1600 });
    expect(last().goals[1]).toEqual(BROKEN);
    // A rewind landing after the break is replayed from before the take-over: the break is still seen.
    h.host.handle({ type: 'seek', atMs: 50_000 });
    expect(last().goals[1]).toEqual(BROKEN);
  });

  it('a single step across startAt takes over at startAt (a tracker refuses any other moment)', () => {
    const h = hostHarness();
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: 31_000, playing: false, lesson: LESSON });
    let taken = h.batches().filter((b) => b.lesson !== undefined).at(-1)!.lesson!;
    for (let i = 0; i < 50 && !taken.takenOver; i++) {
      h.host.handle({ type: 'step' });
      taken = h.batches().filter((b) => b.lesson !== undefined).at(-1)!.lesson!;
    }
    expect(taken).toMatchObject({ takenOver: true, goals: [{ id: 'four', met: false }, { id: 'two-ready', met: true, settled: false }] });
  });

  it('is followed only from the take-over: a tracker refuses a run that is elsewhere', () => {
    const run = new ScenarioRun(LESSON.scenario);
    run.runUntil(40_000);
    expect(() => new GoalTracker(run, LESSON.goals, LESSON.startAtMs)).toThrow(new Error('goals must be followed from the take-over at 32s, not from 40s'));
  });
});
