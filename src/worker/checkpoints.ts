/**
 * Checkpoints: clusters of the story parked at moments of it, so that a rewind replays from the nearest
 * one before the moment instead of from 0.
 *
 * A cluster cannot be copied (its processes are closures and timers on its clock), so each checkpoint
 * is a replay of the story of its own, built in the background while the worker has time, and used up
 * by the rewind that starts from it (the builder makes another). One replay runs from 0 along the story
 * and is parked wherever it has run CHECKPOINT_EVENTS clock events since the checkpoint before it; the
 * next starts from 0 again. A rewind therefore replays at most about that many events, however long the
 * story. A parked cluster is used only while it is still this story's past: the same actions performed
 * and the same stepped scheduling cycles; a fork or an undo makes the later ones useless and they go.
 */
import { ScenarioRun } from '../scenario/runner';
import type { Scenario, ScenarioAction } from '../scenario/format';
import { Scheduler } from '../sim/scheduler/scheduler';
import { HpaRecorder } from './hpaRecorder';
import type { StepLogEntry } from './timeline';
import type { Lesson } from '../lesson/types';
import type { TrackGoals } from './lessonEngine';
import { advanceWith, LessonRider } from './lessonRider';

/** Clock events between checkpoints: what a rewind replays at most (about 0.3 s in Node). */
export const CHECKPOINT_EVENTS = 20_000;
/** Checkpoints kept (a cluster of the default size is a few MiB). */
export const MAX_CHECKPOINTS = 16;
/** Events the builder runs between looks at its time budget. */
const SLICE_EVENTS = 500;
/** Virtual time between the moments the builder may park at. */
const PARK_STEP_MS = 1000;

/** A cluster of the story at a moment. */
export interface Parked {
  run: ScenarioRun;
  hpa: HpaRecorder;
  /** the open lesson's goals, watched along this run as along the live one */
  rider: LessonRider | undefined;
  atMs: number;
  /** the step-scheduling entries it replayed (those up to atMs) */
  steps: StepLogEntry[];
}

/** The story as it stands: its log, every step-scheduling entry (past and future), how far it reached. */
export interface Story {
  scenario: Scenario;
  steps: readonly StepLogEntry[];
  horizonMs: number;
  /** the lesson open in the story, if any: its goals ride along every replay */
  lesson?: Lesson | undefined;
}

/** Performs a step-scheduling entry in kube-scheduler, as the page did. */
export function performStep(run: ScenarioRun, e: StepLogEntry): void {
  const s = run.cluster.components.find((c): c is Scheduler => c instanceof Scheduler);
  if (!s) return;
  run.cluster.callInto(s, () => {
    if (e.op === 'cycle') s.beginStep()?.finish();
    else s.setStepMode(e.op === 'on');
  });
}

const json = (v: unknown): string => JSON.stringify(v);

/** Whether a cluster built along the story is still its past: the same actions performed and cycles stepped. */
function isPastOf(run: ScenarioRun, steps: readonly StepLogEntry[], actions: readonly ScenarioAction[], stepsNow: readonly StepLogEntry[]): boolean {
  const at = run.now();
  const k = run.performedActions;
  if (k > actions.length) return false;
  // An action now in the log before this moment that it did not perform: the story forked before it.
  if (actions[k] && actions[k]!.atMs < at) return false;
  if (json(run.scenario.actions.slice(0, k)) !== json(actions.slice(0, k))) return false;
  return json(steps) === json(stepsNow.filter((e) => e.atMs <= at));
}

/** One replay of the story from 0, performing its step entries at their moments. */
class Builder {
  readonly run: ScenarioRun;
  readonly hpa: HpaRecorder;
  readonly rider: LessonRider | undefined;
  readonly applied: StepLogEntry[] = [];
  private readonly all: ScenarioAction[];
  /** events at the latest moment every event of which has run */
  cleanAtMs = 0;

  constructor(story: Story, setup: (run: ScenarioRun) => void, track: TrackGoals | undefined) {
    this.run = new ScenarioRun(story.scenario);
    this.hpa = new HpaRecorder(this.run);
    this.rider = story.lesson && track ? new LessonRider(story.lesson, this.run, track) : undefined;
    setup(this.run);
    this.all = [...this.run.scenario.actions];
  }

  /**
   * Runs toward `target` for at most `events` clock events; true once there. As on a rewind, each step
   * entry goes after exactly the actions performed before it, even those at the same ms.
   */
  advance(story: Story, target: number, events: number): boolean {
    const acts = this.run.scenario.actions;
    for (let e = story.steps[this.applied.length]; e && e.atMs <= target; e = story.steps[this.applied.length]) {
      acts.splice(0, acts.length, ...this.all.slice(0, e.actions));
      const there = advanceWith(this.run, this.rider, e.atMs, events);
      acts.splice(0, acts.length, ...this.all);
      if (!there) return false;
      performStep(this.run, e);
      this.applied.push(e);
    }
    return advanceWith(this.run, this.rider, target, events);
  }

  stop(): void {
    this.hpa.stop();
    this.rider?.stop();
  }
}

export class Checkpoints {
  /** by moment, earliest first */
  private parked: Parked[] = [];
  private builder: Builder | undefined;

  /**
   * `setup` prepares a new cluster as the host does (tracing on) before it runs; `eventsBetween`: clock
   * events from one checkpoint to the next.
   */
  constructor(
    private readonly setup: (run: ScenarioRun) => void,
    private readonly eventsBetween = CHECKPOINT_EVENTS,
    private readonly track?: TrackGoals,
  ) {}

  /** Another story: nothing built for the old one is of use. */
  clear(): void {
    for (const p of this.parked) stopParked(p);
    this.parked = [];
    this.builder?.stop();
    this.builder = undefined;
  }

  /** The moments parked at, for tests and the benchmark. */
  moments(): number[] {
    return this.parked.map((p) => p.atMs);
  }

  /**
   * The latest checkpoint at or before `atMs` that is still the past of the story whose log is `actions`
   * and whose step entries up to `atMs` are `steps`, built with the same lesson open (or none); it is
   * taken out (used up) and given the whole log.
   */
  take(actions: readonly ScenarioAction[], steps: readonly StepLogEntry[], atMs: number, lesson: Lesson | undefined): Parked | undefined {
    this.prune(actions, steps, lesson, atMs);
    let i = this.parked.length - 1;
    while (i >= 0 && this.parked[i]!.atMs > atMs) i--;
    if (i < 0) return undefined;
    const [p] = this.parked.splice(i, 1);
    p!.run.scenario.actions.splice(0, p!.run.scenario.actions.length, ...actions);
    // A builder already past the gap this leaves would never fill it: the next starts from 0.
    if (this.builder && this.builder.run.now() > p!.atMs) {
      this.builder.stop();
      this.builder = undefined;
    }
    return p;
  }

  /** Drops the checkpoints (up to `uptoMs`) and the builder that are no longer this story's past. */
  private prune(actions: readonly ScenarioAction[], steps: readonly StepLogEntry[], lesson: Lesson | undefined, uptoMs = Number.POSITIVE_INFINITY): void {
    this.parked = this.parked.filter((p) => {
      if (p.rider?.lesson === lesson && (p.atMs > uptoMs || isPastOf(p.run, p.steps, actions, steps))) return true;
      stopParked(p);
      return false;
    });
    const b = this.builder;
    if (b && (b.rider?.lesson !== lesson || !isPastOf(b.run, b.applied, actions, steps))) {
      b.stop();
      this.builder = undefined;
    }
  }

  /**
   * Builds for about `budgetMs` of wall time (`now` reads it). False when there is nothing left to do
   * until the story changes or grows.
   */
  work(story: Story, budgetMs: number, now: () => number): boolean {
    const start = now();
    this.prune(story.scenario.actions, story.steps, story.lesson);
    for (;;) {
      const b = (this.builder ??= new Builder(story, this.setup, this.track));
      const at = b.run.now();
      if (at >= story.horizonMs && b.cleanAtMs === at) return false;
      const target = Math.min(story.horizonMs, (Math.floor(at / PARK_STEP_MS) + 1) * PARK_STEP_MS);
      if (b.advance(story, target, SLICE_EVENTS)) {
        b.cleanAtMs = target;
        const anchor = this.parked.findLast((p) => p.atMs <= target);
        const since = b.run.cluster.clock.eventsRun - (anchor?.run.cluster.clock.eventsRun ?? 0);
        // A checkpoint taken (used up) leaves a gap the next replay fills; the story is still the same.
        if (since >= this.eventsBetween && anchor?.atMs !== target && target < story.horizonMs) this.park(b, target);
      }
      if (now() - start >= budgetMs) return true;
    }
  }

  private park(b: Builder, atMs: number): void {
    // Full: the builder goes on to the horizon and waits there (the checkpoints kept stay as they are).
    if (this.parked.length >= MAX_CHECKPOINTS) return;
    this.builder = undefined;
    const i = this.parked.findIndex((p) => p.atMs > atMs);
    const p: Parked = { run: b.run, hpa: b.hpa, rider: b.rider, atMs, steps: [...b.applied] };
    if (i < 0) this.parked.push(p);
    else this.parked.splice(i, 0, p);
  }
}

function stopParked(p: Parked): void {
  p.hpa.stop();
  p.rider?.stop();
}
