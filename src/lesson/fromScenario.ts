/**
 * "Make this a lesson": a lesson draft from a story the teacher played. The actions up to the moment
 * the student is to take over set the stage; those after it are the reference solution (each `after`
 * the one before); the goals are drawn from the cluster where the teacher's run ended, the objects
 * changed last first — only goals that do not hold when the student takes over and hold where the run
 * ended, so the draft neither starts solved nor asks for what the story never did. Words are TODO
 * placeholders in both languages, with comments saying what to edit. The draft parses as it is; with
 * a goal drawn, `kubetab lesson check` passes on it (its `settle` ends the check exactly where the
 * teacher's run ended, and a replay of the same log is the same cluster); with none, the draft says
 * so and holds one TODO goal that never holds, so the check fails until the teacher writes a goal.
 */
import { stringify } from 'yaml';
import type { Scenario } from '../scenario/format';
import { scenarioToObject } from '../scenario/format';
import { formatDuration } from '../scenario/duration';
import { ScenarioRun } from '../scenario/runner';
import { ADMIN_USER } from '../scenario/runner';
import type { StoredObject } from '../sim/types';
import { evaluate } from './checks';
import { parseCheck } from './parseCheck';

/** Goals a draft offers at most: enough to show the forms, few enough to read. */
const MAX_GOALS = 6;

interface DraftGoal {
  id: string;
  en: string;
  zh: string;
  check: Record<string, unknown>;
}

/** What a draft checks of each kind of object, and how it says so. */
const DRAWN: { plural: string; resource: string; goal: (o: StoredObject) => Omit<DraftGoal, 'id'> | undefined }[] = [
  { plural: 'deployments', resource: 'deployment', goal: (o) => replicas(o, 'deployment', '{.status.readyReplicas}', (n) => [`has ${n} ready ${n === 1 ? 'replica' : 'replicas'}`, `有 ${n} 个就绪副本`]) },
  { plural: 'statefulsets', resource: 'statefulset', goal: (o) => replicas(o, 'statefulset', '{.status.readyReplicas}', (n) => [`has ${n} ready ${n === 1 ? 'replica' : 'replicas'}`, `有 ${n} 个就绪副本`]) },
  { plural: 'daemonsets', resource: 'daemonset', goal: (o) => replicas(o, 'daemonset', '{.status.numberReady}', (n) => [`has ${n} ready ${n === 1 ? 'pod' : 'pods'}`, `有 ${n} 个就绪 Pod`]) },
  { plural: 'jobs', resource: 'job', goal: (o) => replicas(o, 'job', '{.status.succeeded}', (n) => [`finished with ${n} ${n === 1 ? 'completion' : 'completions'}`, `完成了 ${n} 次`]) },
  { plural: 'persistentvolumeclaims', resource: 'pvc', goal: (o) => phase(o) },
  { plural: 'services', resource: 'service', goal: (o) => ({ en: `service/${o.metadata.name} exists`, zh: `service/${o.metadata.name} 已存在`, check: { object: { resource: 'service', name: o.metadata.name, ...ns(o) } } }) },
];

function ns(o: StoredObject): { namespace?: string } {
  const n = o.metadata.namespace;
  return n && n !== 'default' ? { namespace: n } : {};
}

function replicas(o: StoredObject, resource: string, jsonPath: string, words: (n: number) => [string, string]): Omit<DraftGoal, 'id'> {
  const field = jsonPath.slice(2, -1).split('.');
  let v: unknown = o;
  for (const f of field) v = (v as Record<string, unknown> | undefined)?.[f];
  const n = typeof v === 'number' ? v : 0;
  const [en, zh] = words(n);
  return { en: `${resource}/${o.metadata.name} ${en}`, zh: `${resource}/${o.metadata.name} ${zh}`, check: { object: { resource, name: o.metadata.name, ...ns(o), jsonPath, equals: n } } };
}

function phase(o: StoredObject): Omit<DraftGoal, 'id'> | undefined {
  const p = (o as { status?: { phase?: string } }).status?.phase;
  if (!p) return undefined;
  return { en: `persistentvolumeclaim/${o.metadata.name} is ${p}`, zh: `persistentvolumeclaim/${o.metadata.name} 的状态是 ${p}`, check: { object: { resource: 'pvc', name: o.metadata.name, ...ns(o), jsonPath: '{.status.phase}', equals: p } } };
}

/** Whether `check` (a goal's check as the draft writes it) holds in `run`'s cluster now. */
function holds(run: ScenarioRun, check: Record<string, unknown>): boolean {
  return evaluate({ run, sinceRevision: run.cluster.api.store.revision }, parseCheck(check, 'check')).ok;
}

/**
 * The goals the draft offers: of the objects the story left (read as an observer, the cluster's own
 * left out), those whose goal holds where the run ended and not yet at the take-over (`start`, the
 * stage played to that moment as lesson check plays it), the last changed first.
 */
function drawGoals(start: ScenarioRun, end: ScenarioRun): DraftGoal[] {
  const api = end.cluster.api;
  const found: { rev: number; goal: Omit<DraftGoal, 'id'>; base: string }[] = [];
  for (const d of DRAWN) {
    const items = api.observe(() => api.list(ADMIN_USER, d.plural, undefined).items);
    for (const o of items) {
      // The cluster's own (kube-system, kube-flannel…) is no part of the story.
      if (o.metadata.namespace?.startsWith('kube-')) continue;
      if (d.plural === 'services' && o.metadata.name === 'kubernetes' && o.metadata.namespace === 'default') continue;
      const goal = d.goal(o);
      if (goal) found.push({ rev: Number(o.metadata.resourceVersion ?? 0), goal, base: `${o.metadata.name}-${d.resource}` });
    }
  }
  found.sort((a, b) => b.rev - a.rev);
  const kept = found.filter((f) => !holds(start, f.goal.check) && holds(end, f.goal.check));
  const ids = new Set<string>();
  return kept.slice(0, MAX_GOALS).map((f) => ({ id: uniqueId(f.base, ids), ...f.goal }));
}

/**
 * When no goal can be drawn: a placeholder that never holds (no story makes this ConfigMap), so lesson
 * check fails, naming it, until the teacher writes the goal; an always-true one would let the draft
 * pass while it starts solved.
 */
const TODO_GOAL = {
  id: 'todo',
  title: { en: 'TODO: what the student must achieve', 'zh-CN': 'TODO：学生要达成的目标' },
  hint: { en: 'TODO: a hint', 'zh-CN': 'TODO：提示' },
  check: { object: { resource: 'configmap', name: 'todo-write-this-goal' } },
};

/** A DNS label from an object's name (names may hold dots), unique in the draft. */
function uniqueId(base: string, taken: Set<string>): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'goal';
  let id = clean;
  for (let i = 2; taken.has(id); i++) id = `${clean.slice(0, 60 - String(i).length)}-${i}`;
  taken.add(id);
  return id;
}

/** A top-level key and its value as YAML, preceded by `# comment` lines. */
function section(comment: string[], value: Record<string, unknown>): string {
  return `${comment.map((c) => `# ${c}\n`).join('')}${stringify(value, { lineWidth: 0 })}`;
}

export function lessonDraft(scenario: Scenario, takeOverAtMs: number, endRun: ScenarioRun): string {
  const stage = scenario.actions.filter((a) => a.atMs <= takeOverAtMs);
  // Only what the run has played: after a rewind, the log's later actions are not in the cluster the goals come from.
  const after = scenario.actions.filter((a) => a.atMs > takeOverAtMs && a.atMs <= endRun.now());
  const stageObject = scenarioToObject({ ...scenario, actions: stage });
  const { apiVersion: _v, kind: _k, ...stageBody } = stageObject;
  let prev = takeOverAtMs;
  const steps = scenarioToObject({ ...scenario, actions: after }).actions as Record<string, unknown>[];
  const solution = after.map((a, i) => {
    const { at: _at, ...body } = steps[i]!;
    const gap = a.atMs - prev;
    prev = a.atMs;
    return gap > 0 ? { after: formatDuration(gap), ...body } : body;
  });
  const lastAt = after.at(-1)?.atMs ?? takeOverAtMs;
  const settleMs = Math.max(0, endRun.now() - lastAt);
  // The take-over as lesson check plays it: the stage alone, to startAt.
  const start = new ScenarioRun({ ...scenario, actions: stage });
  start.runUntil(takeOverAtMs);
  const goals = drawGoals(start, endRun).map((g) => ({
    id: g.id,
    title: { en: `TODO: ${g.en}`, 'zh-CN': `TODO：${g.zh}` },
    hint: { en: 'TODO: a hint that points the way without giving the answer', 'zh-CN': 'TODO：给学生的提示（指路，但不直接给出答案）' },
    check: g.check,
  }));
  const parts = [
    section(['A lesson drafted from a scenario ("make this a lesson"). The format is in docs/lessons.md.', 'Edit every TODO; check it with: npx kubetab lesson check THIS-FILE'], { apiVersion: 'kubetab/v1', kind: 'Lesson' }),
    section(['The lesson link is #lesson=NAME: a DNS label ([a-z0-9-], at most 63 characters).'], { metadata: { name: 'my-lesson' } }),
    section(['What the student reads: English required, Chinese for the built-in course. Markdown-lite: paragraphs, `code`, **bold**, lists (- or 1.), fenced code.'], {
      title: { en: 'TODO: the lesson title', 'zh-CN': 'TODO：课程标题' },
      text: { en: 'TODO: what the student learns here, and what to do.\n', 'zh-CN': 'TODO：本课讲什么，学生要做什么。\n' },
    }),
    section(['The stage: what happens before the student takes over (the actions of your story up to that moment).'], { scenario: stageBody }),
    section(['The student takes over here.'], { startAt: formatDuration(takeOverAtMs) }),
    section(
      goals.length > 0
        ? [
            'Goals drawn from the cluster where your run ended, the objects changed last first: each is unmet when',
            'the student takes over and met where your run ended. Keep those that matter, reword them, add checks',
            'of your own (count, placement, kubectl, event, traffic; when: ever, always, never). A lesson must not',
            'start solved: at least one goal must be unmet at startAt.',
          ]
        : [
            'No goal could be drawn: nothing your story did after the moment the student takes over shows as a',
            "Deployment's, StatefulSet's or DaemonSet's ready pods, a Job's completions, a PersistentVolumeClaim's",
            'phase or a new Service. The TODO goal below never holds, so lesson check fails until you write the',
            'goal (count, placement, kubectl, event, traffic; when: ever, always, never). It must be unmet at',
            'startAt, or the lesson starts solved.',
          ],
      { goals: goals.length > 0 ? goals : [TODO_GOAL] },
    ),
    section(
      ['The reference solution ("Show me" replays it): the actions of your story after the moment the', 'student takes over, each `after` the one before it.'],
      { solution: solution.length > 0 ? solution : [{ kubectl: 'get all' }] },
    ),
    section([`How long lesson check lets the goals come true after the solution: here, exactly where your run ended (${formatDuration(endRun.now())}).`], { settle: formatDuration(settleMs) }),
  ];
  return parts.join('\n');
}
