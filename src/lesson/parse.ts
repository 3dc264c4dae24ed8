/**
 * Lesson files (`apiVersion: kubetab/v1`, `kind: Lesson`, docs/lessons.md), read as strictly as
 * scenario files are: an unknown key, a missing field or a check that could never be evaluated is
 * refused with a LessonError naming the path at fault. The starting scenario and the solution's
 * steps go through the scenario format's own reader, so they are checked exactly as a scenario is.
 */
import { parseAllDocuments } from 'yaml';
import { scenarioFromObject, ScenarioError, SCENARIO_API_VERSION } from '../scenario/format';
import type { Scenario } from '../scenario/format';
import { LessonError } from './errors';
import { dnsLabel, duration, isObj, kindOf, list, mapping, only, required, text } from './fields';
import { parseCheck, unfollowable } from './parseCheck';
import type { Goal, Lesson, SolutionStep } from './types';

export { LessonError } from './errors';

const LESSON_KEYS = ['apiVersion', 'kind', 'metadata', 'title', 'text', 'scenario', 'startAt', 'goals', 'solution', 'settle'];
const SCENARIO_KEYS = ['seed', 'cluster', 'actions'];
const GOAL_KEYS = ['id', 'title', 'hint', 'check', 'when'];
const STEP_KEYS = ['after', 'apply', 'kubectl', 'fault', 'trace'];
const WHEN = ['now', 'ever', 'always', 'never'] as const;
export const DEFAULT_SETTLE_MS = 120_000;

/** Parses one YAML (or JSON) document; throws LessonError. `what` names the document in messages. */
export function yamlDocument(textIn: string, what: string): unknown {
  const docs = parseAllDocuments(textIn, { prettyErrors: true });
  const all = Array.isArray(docs) ? docs : [docs];
  const real = all.filter((d) => d.contents !== null);
  if (real.length !== 1) throw new LessonError(real.length === 0 ? `${what}: the document is empty` : `${what}: expected one YAML document, found several`);
  const doc = real[0]!;
  if (doc.errors.length > 0) throw new LessonError(`${what}: invalid YAML: ${doc.errors[0]!.message}`);
  return doc.toJS();
}

export function parseLesson(textIn: string): Lesson {
  return lessonFromObject(yamlDocument(textIn, 'lesson'));
}

export function lessonFromObject(raw: unknown): Lesson {
  if (!isObj(raw)) throw new LessonError(`lesson: expected a mapping at the top level, got ${kindOf(raw)}`);
  only(raw, LESSON_KEYS, '');
  if (raw.apiVersion !== SCENARIO_API_VERSION) throw new LessonError(`apiVersion: must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(raw.apiVersion ?? null)}`);
  if (raw.kind !== 'Lesson') throw new LessonError(`kind: must be "Lesson", got ${JSON.stringify(raw.kind ?? null)}`);
  const meta = mapping(required(raw, 'metadata', ''), 'metadata');
  only(meta, ['name'], 'metadata');
  const name = dnsLabel(required(meta, 'name', 'metadata'), 'metadata.name');
  const title = text(required(raw, 'title', ''), 'title');
  const body = text(required(raw, 'text', ''), 'text');
  const scenario = lessonScenario(raw.scenario);
  const lastAction = scenario.actions.at(-1)?.atMs ?? 0;
  let startAtMs = lastAction;
  if (raw.startAt !== undefined && raw.startAt !== null) {
    startAtMs = duration(raw.startAt, 'startAt');
    if (startAtMs < lastAction) throw new LessonError(`startAt: the student cannot take over before the scenario's last action (at ${lastAction / 1000}s)`);
  }
  const goals = parseGoals(required(raw, 'goals', ''));
  const solution = parseSolution(required(raw, 'solution', ''));
  const settleMs = raw.settle === undefined || raw.settle === null ? DEFAULT_SETTLE_MS : duration(raw.settle, 'settle');
  return { name, title, text: body, scenario, startAtMs, goals, solution, settleMs };
}

/** `scenario:` — a Scenario's seed, cluster and actions, without its apiVersion and kind. */
function lessonScenario(raw: unknown): Scenario {
  const o = raw === undefined || raw === null ? {} : mapping(raw, 'scenario');
  only(o, SCENARIO_KEYS, 'scenario');
  return viaScenario(() => scenarioFromObject({ apiVersion: SCENARIO_API_VERSION, kind: 'Scenario', ...o }), (m) => `scenario.${m}`);
}

/** Runs the scenario format's reader, its ScenarioError rewritten as a LessonError with the lesson's path. */
function viaScenario<T>(fn: () => T, path: (message: string) => string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScenarioError) throw new LessonError(path(e.message));
    throw e;
  }
}

function parseGoals(raw: unknown): Goal[] {
  const items = list(raw, 'goals');
  if (items.length === 0) throw new LessonError('goals: at least one goal is required');
  const seen = new Map<string, number>();
  return items.map((g, i) => {
    const w = `goals[${i}]`;
    const o = mapping(g, w);
    only(o, GOAL_KEYS, w);
    const id = dnsLabel(required(o, 'id', w), `${w}.id`);
    const before = seen.get(id);
    if (before !== undefined) throw new LessonError(`${w}.id: "${id}" is already the id of goals[${before}]`);
    seen.set(id, i);
    const title = text(required(o, 'title', w), `${w}.title`);
    const hint = text(required(o, 'hint', w), `${w}.hint`);
    let when: Goal['when'] = 'now';
    if (o.when !== undefined && o.when !== null) {
      if (!WHEN.includes(o.when as Goal['when'])) throw new LessonError(`${w}.when: must be one of ${WHEN.join(', ')}, got ${kindOf(o.when)}`);
      when = o.when as Goal['when'];
    }
    const check = parseCheck(required(o, 'check', w), `${w}.check`);
    const bad = when === 'now' ? undefined : unfollowable(check);
    if (bad) throw new LessonError(`${w}.when: "${when}" follows the cluster at every moment, which only object, count, placement and event checks (and all, any, not of them) can do; this goal uses a ${bad} check`);
    return { id, title, hint, when, check };
  });
}

function parseSolution(raw: unknown): SolutionStep[] {
  const items = list(raw, 'solution');
  if (items.length === 0) throw new LessonError('solution: at least one step is required');
  return items.map((s, i) => {
    const w = `solution[${i}]`;
    const o = mapping(s, w);
    only(o, STEP_KEYS, w);
    const afterMs = o.after === undefined || o.after === null ? 0 : duration(o.after, `${w}.after`);
    const { after: _after, ...action } = o;
    // The step is read as a scenario action would be, its messages given this step's path.
    const parsed = viaScenario(
      () => scenarioFromObject({ apiVersion: SCENARIO_API_VERSION, kind: 'Scenario', actions: [action] }),
      (m) => m.replace(/^actions\[0\]/, w),
    ).actions[0]!;
    const { atMs: _at, ...rest } = parsed;
    return { ...rest, afterMs } as SolutionStep;
  });
}
