/**
 * `kubetab lesson check`: plays a lesson's scenario to the moment the student takes over, makes
 * sure the lesson does not start solved, performs the reference solution as a student would (each
 * step `after` the one before), lets the cluster run `settle` more, and reports every goal. The run
 * is the same in Node and in the browser, so the report is too.
 */
import type { ScenarioAction } from '../scenario/format';
import { formatDuration } from '../scenario/duration';
import { ScenarioRun } from '../scenario/runner';
import { actionStory } from '../scenario/actionStory';
import { GoalTracker } from './tracker';
import type { Lesson, SolutionStep } from './types';

export interface GoalReport {
  id: string;
  /** the goal's English title */
  title: string;
  met: boolean;
  /** why not, when not met */
  detail?: string;
}

export interface LessonReport {
  name: string;
  title: string;
  passed: boolean;
  /** every goal was already met when the student takes over: the lesson would teach nothing */
  startsSolved: boolean;
  goals: GoalReport[];
  /** solution steps that failed (exit code not 0), in words: a reference solution should not */
  failedSteps: string[];
  /** the virtual time the check ended at */
  endMs: number;
}

/** The solution laid on the scenario's log from `fromMs`: each step `after` the one before it. */
export function solutionActions(lesson: Pick<Lesson, 'solution'>, fromMs: number): ScenarioAction[] {
  let at = fromMs;
  return lesson.solution.map((step) => {
    at += step.afterMs;
    return { atMs: at, ...actionOf(step) } as ScenarioAction;
  });
}

function actionOf(step: SolutionStep): Omit<SolutionStep, 'afterMs'> {
  const { afterMs: _after, ...action } = step;
  return action;
}

export function checkLesson(lesson: Lesson): LessonReport {
  const run = new ScenarioRun(lesson.scenario);
  run.runUntil(lesson.startAtMs);
  const tracker = new GoalTracker(run, lesson.goals, lesson.startAtMs);
  try {
    const startsSolved = tracker.complete();
    const failedSteps: string[] = [];
    const actions = solutionActions(lesson, lesson.startAtMs);
    actions.forEach((a, i) => {
      run.runUntil(a.atMs);
      const { atMs: _at, ...action } = a;
      const r = run.act(action);
      if (r.exitCode !== 0) failedSteps.push(`solution[${i}] at ${formatDuration(r.atMs)} (${actionStory(a, r.stdout)}): ${(r.stderr || r.stdout).trim()}`);
    });
    const lastAt = actions.at(-1)?.atMs ?? lesson.startAtMs;
    run.runUntil(lastAt + lesson.settleMs);
    const statuses = tracker.statuses();
    const goals = lesson.goals.map((g, i): GoalReport => {
      const s = statuses[i]!;
      return { id: g.id, title: g.title.en, met: s.met, ...(s.detail !== undefined ? { detail: s.detail } : {}) };
    });
    return { name: lesson.name, title: lesson.title.en, passed: !startsSolved && goals.every((g) => g.met), startsSolved, goals, failedSteps, endMs: run.now() };
  } finally {
    tracker.stop();
  }
}

/** The report as `kubetab lesson check` prints it. */
export function formatLessonReport(r: LessonReport): string {
  const out = [`lesson ${r.name}: ${r.title}`];
  if (r.startsSolved) out.push('  the lesson starts solved: every goal is already met when the student takes over');
  for (const s of r.failedSteps) out.push(`  warning: ${s}`);
  for (const g of r.goals) out.push(g.met ? `  ✓ ${g.id}  ${g.title}` : `  ✗ ${g.id}  ${g.title} — ${g.detail ?? ''}`);
  out.push(r.passed ? 'PASS' : 'FAIL');
  return out.join('\n') + '\n';
}
