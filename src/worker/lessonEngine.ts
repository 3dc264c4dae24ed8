/**
 * What the worker uses of the lesson engine: a goal tracker riding on a run, and the solution laid on
 * the log. Kept behind this one file so the host does not know how goals are checked.
 */
import type { ScenarioAction } from '../scenario/format';
import type { ScenarioRun } from '../scenario/runner';
import type { GoalStatus, Lesson } from '../lesson/types';

/** A lesson's goals watched on one run from the moment the student takes over. */
export interface GoalWatcher {
  statuses(): GoalStatus[];
  stop(): void;
}

/** Starts watching a lesson's goals on a run that has just reached the lesson's startAt. */
export type TrackGoals = (run: ScenarioRun, lesson: Lesson) => GoalWatcher;

/** The solution as scenario actions from `fromMs`: each step `afterMs` after the one before it. */
export function solutionActions(lesson: Lesson, fromMs: number): ScenarioAction[] {
  let at = fromMs;
  return lesson.solution.map((step) => {
    at += step.afterMs;
    const { afterMs: _after, ...action } = step;
    return { atMs: at, ...action } as ScenarioAction;
  });
}
