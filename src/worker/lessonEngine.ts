/**
 * What the worker uses of the lesson engine: a goal tracker riding on a run, and the solution laid on
 * the log. Kept behind this one file so the host does not know how goals are checked.
 */
import type { ScenarioRun } from '../scenario/runner';
import type { GoalStatus, Lesson } from '../lesson/types';

/** A lesson's goals watched on one run from the moment the student takes over. */
export interface GoalWatcher {
  statuses(): GoalStatus[];
  stop(): void;
}

/** Starts watching a lesson's goals on a run that has just reached the lesson's startAt. */
export type TrackGoals = (run: ScenarioRun, lesson: Lesson) => GoalWatcher;

export { solutionActions } from '../lesson/check';
