import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseLesson } from '../lesson/parse';
import { hostHarness } from '../../test/worker/hostHarness';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';
import type { Batch } from '../../test/worker/hostHarness';
import type { Lesson } from '../lesson/types';
import type { TrackGoals } from './lessonEngine';

const LESSON: Lesson = {
  name: 'scale-web',
  title: { en: 'Scaling web' },
  text: { en: 'Scale **web** to 5.' },
  scenario: { seed: 1, cluster: {}, actions: [{ atMs: 0, apply: WEB }] },
  startAtMs: 32_000,
  goals: [
    { id: 'five-ready', title: { en: 'web has 5 ready replicas' }, hint: { en: 'kubectl scale' }, when: 'now', check: { object: { resource: 'deployment', name: 'web', jsonPath: '{.status.readyReplicas}', equals: 5 } } },
  ],
  solution: [{ kubectl: 'scale deployment/web --replicas=5', afterMs: 0 }],
  settleMs: 120_000,
};

/** A tracker reading web's ready replicas as an observer; it counts the runs it rides on. */
function fakeTracker() {
  const runs: { startedAtMs: number }[] = [];
  const track: TrackGoals = (run, lesson) => {
    runs.push({ startedAtMs: run.now() });
    return {
      statuses: () =>
        lesson.goals.map((g) => {
          const ready = run.observe('get deployment web -o jsonpath={.status.readyReplicas}').stdout;
          return ready === '5' ? { id: g.id, met: true, settled: false } : { id: g.id, met: false, settled: false, detail: `deployment/web: {.status.readyReplicas} is ${ready || '<none>'}, want 5` };
        }),
      stop: () => {},
    };
  };
  return { track, runs };
}

const lessonOf = (bs: Batch[]) => bs.filter((b) => b.lesson !== undefined).map((b) => b.lesson);

describe('a lesson in the worker', () => {
  it('opens at startAt paused, the student taking over there; the goal turns met once web has 5 ready replicas', () => {
    const { track, runs } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    const first = h.batches()[0]!;
    expect(first.clock).toMatchObject({ nowMs: 32_000, playing: false });
    expect(first.lesson).toEqual({ name: 'scale-web', takenOver: true, complete: false, goals: [{ id: 'five-ready', met: false, settled: false, detail: 'deployment/web: {.status.readyReplicas} is 2, want 5' }] });
    expect(runs).toEqual([{ startedAtMs: 32_000 }]);
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    h.playTo(32_000 + 40 * 1600);
    const last = lessonOf(h.batches()).at(-1)!;
    expect(last).toEqual({ name: 'scale-web', takenOver: true, complete: true, goals: [{ id: 'five-ready', met: true, settled: false }] });
    // Only changes go out: the batches after the goal was met carry no lesson.
    const metAt = h.batches().findIndex((b) => b.lesson?.complete);
    expect(h.batches().slice(metAt + 1).filter((b) => b.lesson !== undefined)).toEqual([]);
  });

  it('a rewind shows the goals as they were then; before startAt every goal is pending', () => {
    const { track } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    h.playTo(32_000 + 40 * 1600);
    expect(lessonOf(h.batches()).at(-1)!.complete).toBe(true);
    h.host.handle({ type: 'seek', atMs: 32_000 });
    const back = h.batches().at(-1)!;
    expect(back.reset).toBe(true);
    expect(back.lesson).toMatchObject({ takenOver: true, complete: false, goals: [{ met: false }] });
    h.host.handle({ type: 'seek', atMs: 10_000 });
    expect(h.batches().at(-1)!.lesson).toEqual({ name: 'scale-web', takenOver: false, complete: false, goals: [{ id: 'five-ready', met: false, settled: false }] });
    // Forward again along the story: the scale is performed again and the goal comes true again.
    h.host.handle({ type: 'seek', atMs: 32_000 + 40 * 1600 });
    expect(lessonOf(h.batches()).at(-1)!.complete).toBe(true);
  });

  it('rides along the checkpoint replays: a rewind from a checkpoint shows the same goals as one from 0', () => {
    const { track, runs } = fakeTracker();
    const h = hostHarness({ trackGoals: track, checkpointEvents: 300 });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    h.playTo(32_000 + 40 * 1600);
    h.advanceWall(2000);
    expect(h.checkpoints().length).toBeGreaterThan(0);
    const parkedAfterStart = h.checkpoints().filter((m) => m >= 32_000).length;
    expect(parkedAfterStart).toBeGreaterThan(0);
    // Every checkpoint built past startAt started its own tracker there.
    expect(runs.filter((r) => r.startedAtMs === 32_000).length).toBeGreaterThan(1);
    expect(runs.every((r) => r.startedAtMs === 32_000)).toBe(true);
    h.host.handle({ type: 'seek', atMs: 32_000 + 30 * 1600 });
    expect(h.batches().at(-1)!.lesson).toMatchObject({ takenOver: true, complete: true });
  });

  it('Show me replaces what the student did after startAt with the solution, as a fork: its tick is on the timeline and Undo brings the student’s story back', () => {
    const { track } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.playTo(32_000 + 5 * 1600);
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=3' });
    h.host.handle({ type: 'showSolution' });
    const fork = h.batches().at(-1)!;
    expect(fork.reset).toBe(true);
    expect(fork.clock).toMatchObject({ nowMs: 32_000, playing: true });
    expect(fork.scenario!.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 32_000, kubectl: 'scale deployment/web --replicas=5' }]);
    const t = h.timeline();
    expect(t.marks.filter((m) => m.kind === 'action').map((m) => [m.atMs, m.label])).toEqual([
      [0, 'apply Deployment/web'],
      [32_000, 'kubectl scale deployment/web --replicas=5'],
    ]);
    expect(t.undo).toEqual({ atMs: 32_000, actions: 1 });
    h.advanceWall(400);
    h.host.handle({ type: 'pause' });
    expect(lessonOf(h.batches()).at(-1)!.complete).toBe(true);
    h.host.handle({ type: 'undoFork' });
    expect(h.batches().at(-1)!.scenario!.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 40_000, kubectl: 'scale deployment/web --replicas=3' }]);
  });

  it('Show me again replays the solution from startAt, and Undo still brings the student’s own story back', () => {
    const { track } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.playTo(32_000 + 5 * 1600);
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=3' });
    h.host.handle({ type: 'showSolution' });
    h.advanceWall(400);
    h.host.handle({ type: 'showSolution' });
    const again = h.batches().at(-1)!;
    expect(again.clock).toMatchObject({ nowMs: 32_000, playing: true });
    expect(again.scenario!.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 32_000, kubectl: 'scale deployment/web --replicas=5' }]);
    expect(h.timeline().undo).toEqual({ atMs: 32_000, actions: 1 });
    h.host.handle({ type: 'pause' });
    h.host.handle({ type: 'undoFork' });
    expect(h.batches().at(-1)!.scenario!.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 40_000, kubectl: 'scale deployment/web --replicas=3' }]);
  });

  it('Show me when the student did nothing after startAt drops nothing, so no undo is offered', () => {
    const { track } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.playTo(32_000 + 5 * 1600);
    h.host.handle({ type: 'showSolution' });
    expect(h.batches().at(-1)!.scenario!.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 32_000, kubectl: 'scale deployment/web --replicas=5' }]);
    expect(h.timeline().undo).toBeUndefined();
    h.advanceWall(400);
    h.host.handle({ type: 'showSolution' });
    expect(h.timeline().undo).toBeUndefined();
    const before = h.batches().length;
    h.host.handle({ type: 'undoFork' });
    expect(h.batches().length).toBe(before);
    expect(h.host.currentRun.scenario.actions).toEqual([{ atMs: 0, apply: WEB }, { atMs: 32_000, kubectl: 'scale deployment/web --replicas=5' }]);
  });

  it('leaving the lesson keeps the cluster and stops the goals: one batch says so, none after carries them', () => {
    const { track } = fakeTracker();
    const h = hostHarness({ trackGoals: track });
    h.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: LESSON.startAtMs, playing: false, lesson: LESSON });
    h.host.handle({ type: 'leaveLesson' });
    const left = h.batches().at(-1)!;
    expect(left.lesson).toBeNull();
    expect(left.reset).toBe(false);
    h.playTo(32_000 + 10 * 1600);
    h.host.handle({ type: 'seek', atMs: 1600 });
    expect(h.batches().filter((b) => b.lesson !== undefined)).toHaveLength(2);
    const before = h.sent.length;
    h.host.handle({ type: 'showSolution' });
    expect(h.sent.length).toBe(before);
  });

  it('costs nothing without a lesson, and a lesson changes nothing in the cluster: same revision, same events', () => {
    const plain = hostHarness({ checkpointEvents: 300 });
    plain.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: 0, playing: false });
    plain.playTo(40 * 1600);
    plain.advanceWall(2000);
    expect(plain.batches().filter((b) => 'lesson' in b)).toEqual([]);
    const { track, runs } = fakeTracker();
    const taught = hostHarness({ trackGoals: track, checkpointEvents: 300 });
    taught.host.handle({ type: 'load', scenario: LESSON.scenario, atMs: 0, playing: false, lesson: LESSON });
    taught.playTo(40 * 1600);
    expect(runs.length).toBeGreaterThan(0);
    const a = plain.host.currentRun;
    const b = taught.host.currentRun;
    expect(b.cluster.api.store.revision).toBe(a.cluster.api.store.revision);
    expect(b.cluster.clock.eventsRun).toBe(a.cluster.clock.eventsRun);
  });
});

describe('a lesson in the worker, with the lesson engine’s tracker', () => {
  const lesson = parseLesson(readFileSync(new URL('../../test/fixtures/lessons/scale-web.yaml', import.meta.url), 'utf8'));

  it('reports each goal as the student works, an ever goal settling, and a rewind shows them as they were', () => {
    const h = hostHarness();
    h.host.handle({ type: 'load', scenario: lesson.scenario, atMs: lesson.startAtMs, playing: false, lesson });
    expect(h.batches()[0]!.lesson).toEqual({
      name: 'scale-web',
      takenOver: true,
      complete: false,
      goals: [
        { id: 'five-ready', met: false, settled: false, detail: 'deployment/web: {.status.readyReplicas} is 2, want 5' },
        { id: 'once-four', met: false, settled: false, detail: 'deployment/web: {.status.readyReplicas} is 2, want at least 4' },
      ],
    });
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    h.playTo(32_000 + 40 * 1600);
    expect(lessonOf(h.batches()).at(-1)).toEqual({
      name: 'scale-web',
      takenOver: true,
      complete: true,
      goals: [
        { id: 'five-ready', met: true, settled: false },
        { id: 'once-four', met: true, settled: true },
      ],
    });
    h.host.handle({ type: 'seek', atMs: 32_000 });
    expect(h.batches().at(-1)!.lesson).toMatchObject({ complete: false, goals: [{ id: 'five-ready', met: false }, { id: 'once-four', met: false, settled: false }] });
  });

  it('Show me plays the solution from startAt and the lesson is complete', () => {
    const h = hostHarness();
    h.host.handle({ type: 'load', scenario: lesson.scenario, atMs: lesson.startAtMs, playing: false, lesson });
    h.host.handle({ type: 'speed', speed: 100 });
    h.host.handle({ type: 'showSolution' });
    expect(h.timeline().marks.filter((m) => m.kind === 'action').map((m) => [m.atMs, m.label])).toEqual([
      [0, 'apply Deployment/web'],
      [32_000, 'kubectl scale deployment/web --replicas=5'],
    ]);
    h.advanceWall(600);
    h.host.handle({ type: 'pause' });
    expect(lessonOf(h.batches()).at(-1)).toMatchObject({ complete: true });
  });

  it('the tracker changes nothing in the cluster: revision and clock events as without a lesson', () => {
    const plain = hostHarness();
    plain.host.handle({ type: 'load', scenario: lesson.scenario, atMs: 0, playing: false });
    plain.host.handle({ type: 'seek', atMs: 32_000 });
    plain.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    plain.playTo(32_000 + 40 * 1600);
    const taught = hostHarness();
    taught.host.handle({ type: 'load', scenario: lesson.scenario, atMs: 0, playing: false, lesson });
    taught.host.handle({ type: 'seek', atMs: 32_000 });
    taught.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=5' });
    taught.playTo(32_000 + 40 * 1600);
    expect(lessonOf(taught.batches()).at(-1)).toMatchObject({ complete: true });
    const a = plain.host.currentRun;
    const b = taught.host.currentRun;
    expect(b.cluster.api.store.revision).toBe(a.cluster.api.store.revision);
    expect(b.cluster.clock.eventsRun).toBe(a.cluster.clock.eventsRun);
    expect(b.scenario).toEqual(a.scenario);
  });
});

describe('make this a lesson', () => {
  it('drafts the story as a lesson, the student taking over at the moment asked (capped by the horizon), and the draft reads as a lesson', () => {
    const h = hostHarness();
    h.host.handle({ type: 'load', scenario: { seed: 1, cluster: {}, actions: [{ atMs: 0, apply: WEB }] }, atMs: 16_000, playing: false });
    h.host.handle({ type: 'kubectl', id: 1, line: 'scale deployment/web --replicas=4' });
    h.playTo(16_000 + 20 * 1600);
    h.host.handle({ type: 'lessonDraft', id: 2, atMs: 10_000 });
    const draft = parseLesson(h.answer('text', 2).text);
    expect(draft.startAtMs).toBe(10_000);
    expect(draft.scenario.actions).toEqual([{ atMs: 0, apply: WEB }]);
    expect(draft.solution).toEqual([{ afterMs: 6000, kubectl: 'scale deployment/web --replicas=4' }]);
    h.host.handle({ type: 'lessonDraft', id: 3, atMs: 10 * 60_000 });
    expect(parseLesson(h.answer('text', 3).text).startAtMs).toBe(48_000);
  });
});
