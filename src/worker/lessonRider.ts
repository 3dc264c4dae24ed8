/**
 * A lesson riding along one run of the story: it runs the cluster toward a moment like ScenarioRun
 * does, but stops at the lesson's startAt on the way to start watching the goals there, so every run
 * of the story (the live one, a rewind's replay, a checkpoint's) sees the goals from the same moment.
 */
import type { ScenarioRun } from '../scenario/runner';
import type { GoalStatus, Lesson } from '../lesson/types';
import type { GoalWatcher, TrackGoals } from './lessonEngine';

export class LessonRider {
  private watcher: GoalWatcher | undefined;

  constructor(
    readonly lesson: Lesson,
    private readonly run: ScenarioRun,
    private readonly track: TrackGoals,
  ) {}

  /** Whether the student has taken over on this run (the clock reached startAt). */
  get takenOver(): boolean {
    return this.watcher !== undefined;
  }

  /**
   * As ScenarioRun.advance, stopping at startAt to start watching: after the actions due at startAt
   * (the stage's last one is there by default) and the events they cause at that moment.
   */
  advance(target: number, maxEvents: number): boolean {
    if (!this.watcher && target >= this.lesson.startAtMs) {
      if (!this.run.advance(this.lesson.startAtMs, maxEvents)) return false;
      this.sync();
    }
    return this.run.advance(target, maxEvents);
  }

  runUntil(target: number): void {
    this.advance(target, Number.POSITIVE_INFINITY);
  }

  /**
   * One clock event, as ScenarioRun.step, the student taking over at startAt on the way: when the next
   * event is later than startAt, the clock goes to startAt first, so the goals are watched from there.
   */
  step(): void {
    const next = this.run.cluster.clock.peek();
    if (!this.watcher && this.run.now() <= this.lesson.startAtMs && (!next || next.at > this.lesson.startAtMs)) this.runUntil(this.lesson.startAtMs);
    this.run.step();
    this.sync();
  }

  /** After the clock moved some other way: starts watching once at startAt. */
  sync(): void {
    if (!this.watcher && this.run.now() >= this.lesson.startAtMs) this.watcher = this.track(this.run, this.lesson);
  }

  /** The goals now; before the student takes over, every goal is pending. */
  statuses(): GoalStatus[] {
    return this.watcher ? this.watcher.statuses() : this.lesson.goals.map((g) => ({ id: g.id, met: false, settled: false }));
  }

  stop(): void {
    this.watcher?.stop();
  }
}

/** Runs `run` toward `target` with the lesson riding along, if there is one. */
export function advanceWith(run: ScenarioRun, rider: LessonRider | undefined, target: number, maxEvents: number): boolean {
  return rider ? rider.advance(target, maxEvents) : run.advance(target, maxEvents);
}
