/**
 * The lesson's own actions in the worker: the goal tracker a run carries, the log Show me lays down,
 * and the draft "make this a lesson" writes.
 */
import type { ScenarioAction } from '../scenario/format';
import type { ScenarioRun } from '../scenario/runner';
import type { Lesson } from '../lesson/types';
import { GoalTracker } from '../lesson/tracker';
import { lessonDraft } from '../lesson/fromScenario';
import { solutionActions } from './lessonEngine';
import type { TrackGoals } from './lessonEngine';

/** The lesson engine's tracker on a run. */
export const trackGoals: TrackGoals = (run, lesson) => new GoalTracker(run, lesson.goals, lesson.startAtMs);

const json = (v: unknown): string => JSON.stringify(v);

/**
 * The log of Show me: the stage (the lesson's own actions, when the story still begins with them; else
 * whatever the story did before startAt) followed by the solution from startAt. `kept`: how many of the
 * story's actions stay, the rest being what the fork drops.
 */
export function showSolutionLog(lesson: Lesson, actions: readonly ScenarioAction[]): { kept: number; actions: ScenarioAction[] } {
  const stage = lesson.scenario.actions;
  const kept = json(actions.slice(0, stage.length)) === json(stage) ? stage.length : actions.filter((a) => a.atMs < lesson.startAtMs).length;
  return { kept, actions: [...actions.slice(0, kept), ...solutionActions(lesson, lesson.startAtMs)] };
}

/** A lesson draft of the story, the student taking over at `atMs`, its goals drawn from the cluster now. */
export function draftLesson(run: ScenarioRun, atMs: number): string {
  return lessonDraft(run.scenario, atMs, run);
}
