/** `checkLesson`: the solution performed from the take-over, every goal reported; and lesson drafts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/parse';
import { checkLesson, formatLessonReport, solutionActions } from '../../src/lesson/check';
import { lessonDraft } from '../../src/lesson/fromScenario';
import { parseScenario } from '../../src/scenario/parse';
import { ScenarioRun } from '../../src/scenario/runner';
import { storyScenario } from './story';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), 'utf8');

describe('the solution on the log', () => {
  it('lays each step after the one before it, from the moment the student takes over', () => {
    const lesson = parseLesson(fixture('scale').replace('  - kubectl: scale deployment/web --replicas=3\n', '  - after: 5s\n    kubectl: scale deployment/web --replicas=2\n  - kubectl: get pods\n  - after: 1m\n    fault: {type: node-down, node: worker-1}\n'));
    expect(solutionActions(lesson, lesson.startAtMs)).toEqual([
      { atMs: 35_000, kubectl: 'scale deployment/web --replicas=2' },
      { atMs: 35_000, kubectl: 'get pods' },
      { atMs: 95_000, fault: { type: 'node-down', node: 'worker-1' } },
    ]);
  });
});

describe('checking a lesson', () => {
  it('passes when the solution meets every goal', () => {
    const r = checkLesson(parseLesson(fixture('scale')));
    expect(r).toEqual({
      name: 'scale-web',
      title: 'Scaling a Deployment',
      passed: true,
      startsSolved: false,
      goals: [
        { id: 'three-ready', title: 'web has 3 ready replicas', met: true },
        { id: 'three-pods', title: 'three pods of web run', met: true },
      ],
      failedSteps: [],
      endMs: 90_000,
    });
  });

  it('fails with the goal that is not met and why: a rollout with maxUnavailable 1 loses a pod for a moment', () => {
    const r = checkLesson(parseLesson(fixture('rollout-safely')));
    expect(formatLessonReport(r)).toBe(`lesson rollout-safely: A rollout without losing capacity
  ✓ new-image  every pod of web runs nginx:1.28
  ✗ never-below-three  web never had fewer than 3 available pods — at 30s: deployment/web: {.status.availableReplicas} is 2, want at least 3
  ✓ scaled  the Deployment controller scaled a ReplicaSet
FAIL
`);
    expect(formatLessonReport(checkLesson(parseLesson(fixture('rollout-safely-fixed'))))).toBe(`lesson rollout-safely-fixed: A rollout without losing capacity
  ✓ new-image  every pod of web runs nginx:1.28
  ✓ never-below-three  web never had fewer than 3 available pods
  ✓ scaled  the Deployment controller scaled a ReplicaSet
PASS
`);
  });

  it('fails a lesson that starts solved, and says which solution steps failed', () => {
    const solved = fixture('scale')
      .replace("jsonPath: '{.status.readyReplicas}', equals: 3", "jsonPath: '{.status.readyReplicas}', atLeast: 1")
      .replace('count: { resource: pods, selector: app=web, fieldSelector: status.phase=Running, equals: 3 }', 'count: { resource: pods, selector: app=web, atLeast: 1 }')
      .replace('  - kubectl: scale deployment/web --replicas=3\n', '  - kubectl: scale deployment/api --replicas=3\n');
    expect(formatLessonReport(checkLesson(parseLesson(solved)))).toBe(`lesson scale-web: Scaling a Deployment
  the lesson starts solved: every goal is already met when the student takes over
  warning: solution[0] at 30s (kubectl scale deployment/api --replicas=3): Error from server (NotFound): deployments.apps "api" not found
  ✓ three-ready  web has 3 ready replicas
  ✓ three-pods  three pods of web run
FAIL
`);
  });

  it('gives the same report every time', () => {
    const lesson = parseLesson(fixture('rollout-safely'));
    expect(JSON.stringify(checkLesson(lesson))).toBe(JSON.stringify(checkLesson(lesson)));
  });
});

describe('a lesson drafted from a story', () => {
  const story = storyScenario(`  - at: 25s
    kubectl: scale deployment/web --replicas=4
  - at: 40s
    apply: |
      apiVersion: batch/v1
      kind: Job
      metadata: {name: pi}
      spec:
        completions: 2
        template:
          spec:
            restartPolicy: Never
            containers: [{name: pi, image: "busybox:1.36", command: [sh, -c, "echo 3.14"]}]
`);

  it('sets the stage before the moment, makes the rest the solution, draws goals unmet at the take-over and met where the run ended, and passes lesson check', () => {
    const scenario = parseScenario(story);
    const run = new ScenarioRun(scenario);
    run.runUntil(120_000);
    const text = lessonDraft(scenario, 10_000, run);
    const lesson = parseLesson(text);
    expect(lesson.startAtMs).toBe(10_000);
    expect(lesson.scenario.actions.map((a) => a.atMs)).toEqual([0, 0]);
    expect(lesson.solution).toEqual([
      { afterMs: 15_000, kubectl: 'scale deployment/web --replicas=4' },
      { afterMs: 15_000, apply: expect.stringContaining('kind: Job') },
    ]);
    expect(lesson.settleMs).toBe(80_000);
    expect(lesson.goals.map((g) => [g.id, g.title.en, g.check])).toEqual([
      ['pi-job', 'TODO: job/pi finished with 2 completions', { object: { resource: 'job', name: 'pi', jsonPath: '{.status.succeeded}', equals: 2 } }],
      ['web-deployment', 'TODO: deployment/web has 4 ready replicas', { object: { resource: 'deployment', name: 'web', jsonPath: '{.status.readyReplicas}', equals: 4 } }],
    ]);
    expect(lesson.goals[0]!.title['zh-CN']).toBe('TODO：job/pi 完成了 2 次');
    expect(text).toContain('# Edit every TODO; check it with: npx kubetab lesson check THIS-FILE\n');
    expect(formatLessonReport(checkLesson(lesson))).toBe(`lesson my-lesson: TODO: the lesson title
  ✓ pi-job  TODO: job/pi finished with 2 completions
  ✓ web-deployment  TODO: deployment/web has 4 ready replicas
PASS
`);
    // service/web exists from 0s: a goal the student finds met would teach nothing, so it is not drawn.
    expect(text).not.toContain('service/web');
  });

  it('draws no goal that holds at the take-over, and says so when none is left: the draft fails lesson check until the teacher writes one', () => {
    // web's 2 pods are deleted at 40s and come back: where the run ends, web has 2 ready replicas, as it had at 30s.
    const scenario = parseScenario(`apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 0s
    kubectl: create deployment web --image=nginx:1.27 --replicas=2
  - at: 40s
    kubectl: delete pods -l app=web
`);
    const run = new ScenarioRun(scenario);
    run.runUntil(90_000);
    const text = lessonDraft(scenario, 30_000, run);
    const lesson = parseLesson(text);
    expect(lesson.solution).toEqual([{ afterMs: 10_000, kubectl: 'delete pods -l app=web' }]);
    expect(lesson.goals.map((g) => [g.id, g.title.en, g.check])).toEqual([
      ['todo', 'TODO: what the student must achieve', { object: { resource: 'configmap', name: 'todo-write-this-goal' } }],
    ]);
    expect(text).toContain('# No goal could be drawn: nothing your story did after the moment the student takes over shows as a\n');
    expect(formatLessonReport(checkLesson(lesson))).toBe(`lesson my-lesson: TODO: the lesson title
  ✗ todo  TODO: what the student must achieve — configmap/todo-write-this-goal not found
FAIL
`);
  });
});
