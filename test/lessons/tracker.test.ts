/**
 * Goals followed as the student works: `ever`, `always` and `never` judged at every store revision
 * (a rollout's one unavailable moment counts), `now` goals when asked — and the tracker costs the run
 * nothing: no request, no clock event, no random draw.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../src/scenario/parse';
import { ScenarioRun } from '../../src/scenario/runner';
import { GoalTracker } from '../../src/lesson/tracker';
import { parseCheck } from '../../src/lesson/parseCheck';
import type { Goal } from '../../src/lesson/types';
import { eventLog } from '../../src/cli/eventLog';
import { storyScenario } from './story';

function goal(id: string, when: Goal['when'], check: string): Goal {
  return { id, when, title: { en: id }, hint: { en: id }, check: parseCheck(parse(check), id) };
}

/** web with 3 replicas and a rolling update strategy; the student changes its image at 30s. */
function rollout(maxUnavailable: number, maxSurge: number): ScenarioRun {
  return new ScenarioRun(
    parseScenario(`apiVersion: kubetab/v1
kind: Scenario
seed: 3
actions:
  - at: 0s
    apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 3
        strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: ${maxUnavailable}, maxSurge: ${maxSurge}}}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: nginx, image: "nginx:1.27"}]
`),
  );
}

const GOALS = [
  goal('never-below-3', 'always', "object: {resource: deployment, name: web, jsonPath: '{.status.availableReplicas}', atLeast: 3}"),
  goal('all-updated', 'ever', "count: {resource: pods, selector: app=web, where: {jsonPath: '{.spec.containers[0].image}', equals: 'nginx:1.28'}, atLeast: 3}"),
  // A terminating pod is still an object; .status.replicas counts the pods the ReplicaSets own.
  goal('no-fourth-pod', 'never', "object: {resource: deployment, name: web, jsonPath: '{.status.replicas}', atLeast: 4}"),
  goal('new-image', 'now', "object: {resource: deployment, name: web, jsonPath: '{.spec.template.spec.containers[0].image}', equals: 'nginx:1.28'}"),
];

function studentRollsOut(run: ScenarioRun): GoalTracker {
  run.runUntil(30_000);
  const tracker = new GoalTracker(run, GOALS, 30_000);
  return tracker;
}

describe('goals followed over a rollout', () => {
  it('at take-over: always and never hold so far, ever has not been seen, now is judged as it is', () => {
    const run = rollout(1, 0);
    const t = studentRollsOut(run);
    expect(t.statuses()).toEqual([
      { id: 'never-below-3', met: true, settled: false },
      { id: 'all-updated', met: false, settled: false, detail: 'pods with app=web where {.spec.containers[0].image} is "nginx:1.28": 0, want at least 3' },
      { id: 'no-fourth-pod', met: true, settled: false },
      { id: 'new-image', met: false, settled: false, detail: 'deployment/web: {.spec.template.spec.containers[0].image} is "nginx:1.27", want "nginx:1.28"' },
    ]);
    t.stop();
  });

  it('maxUnavailable 1: the always goal breaks for good at the moment a pod is taken away, though availability comes back', () => {
    const run = rollout(1, 0);
    const t = studentRollsOut(run);
    run.act({ kubectl: 'set image deployment/web nginx=nginx:1.28' });
    run.runUntil(90_000);
    expect(t.statuses()).toEqual([
      { id: 'never-below-3', met: false, settled: true, detail: 'at 30s: deployment/web: {.status.availableReplicas} is 2, want at least 3' },
      { id: 'all-updated', met: true, settled: true },
      { id: 'no-fourth-pod', met: true, settled: false },
      { id: 'new-image', met: true, settled: false },
    ]);
    expect(run.kubectl("get deploy web -o jsonpath={.status.availableReplicas}").stdout).toBe('3');
    expect(t.complete()).toBe(false);
    t.stop();
  });

  it('maxUnavailable 0 and maxSurge 1: always is kept, and the surge pod is the fourth pod never wanted', () => {
    const run = rollout(0, 1);
    const t = studentRollsOut(run);
    run.act({ kubectl: 'set image deployment/web nginx=nginx:1.28' });
    run.runUntil(90_000);
    expect(t.statuses()).toEqual([
      { id: 'never-below-3', met: true, settled: false },
      { id: 'all-updated', met: true, settled: true },
      { id: 'no-fourth-pod', met: false, settled: true, detail: 'at 30s: not wanted: deployment/web: {.status.replicas} is 4' },
      { id: 'new-image', met: true, settled: false },
    ]);
    t.stop();
  });

  it('stops following when stopped: a later break is not seen', () => {
    const run = rollout(1, 0);
    const t = studentRollsOut(run);
    t.stop();
    run.act({ kubectl: 'set image deployment/web nginx=nginx:1.28' });
    run.runUntil(90_000);
    expect(t.statuses()[0]).toEqual({ id: 'never-below-3', met: true, settled: false });
  });
});

describe('a tracker', () => {
  /** The run's own record: what a replay would show. */
  function record(run: ScenarioRun): string {
    const api = run.cluster.api;
    return JSON.stringify({ revision: api.store.revision, audit: api.audit.count(), records: api.audit.recent(), events: eventLog(run.cluster), now: run.now(), pending: run.cluster.clock.peek()?.at, watchers: api.store.watchers().length });
  }

  it('costs the run nothing: audit log, revision, events and clock are the same with one reading every goal at every step', () => {
    const play = (track: boolean): string => {
      const run = new ScenarioRun(parseScenario(storyScenario('  - at: 32s\n    kubectl: scale deployment/web --replicas=5\n')));
      run.runUntil(30_000);
      const goals = [
        ...GOALS.slice(0, 3),
        goal('five', 'now', 'count: {resource: pods, selector: app=web, equals: 5}'),
        goal('reach', 'now', "traffic: {from: client, to: 'web:80'}"),
        goal('rollout', 'now', "kubectl: {command: rollout status deployment/web, contains: 'successfully rolled out'}"),
        goal('scaled', 'ever', 'event: {reason: ScalingReplicaSet}'),
        goal('placed', 'always', 'placement: {pods: app=db, nodes: disktype=ssd}'),
      ];
      const tracker = track ? new GoalTracker(run, goals, 30_000) : undefined;
      let reads = 0;
      while (run.now() < 50_000) {
        run.step();
        if (tracker) {
          tracker.statuses();
          reads++;
        }
      }
      if (tracker) {
        expect(reads).toBeGreaterThan(100);
        expect(tracker.statuses().map((s) => [s.id, s.met])).toEqual([
          ['never-below-3', true],
          ['all-updated', false],
          ['no-fourth-pod', false],
          ['five', true],
          ['reach', true],
          ['rollout', true],
          ['scaled', true],
          ['placed', true],
        ]);
        tracker.stop();
      }
      run.runUntil(60_000);
      return record(run);
    };
    expect(play(true)).toBe(play(false));
  });
});
