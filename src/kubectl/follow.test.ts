import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../scenario/runner';
import type { ScenarioAction } from '../scenario/format';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';

/** Runs the actions to `untilMs` and returns each kubectl action's output as `stdout+stderr` with its exit code. */
function outputs(actions: ScenarioAction[], untilMs: number): { line: string; out: string; exitCode: number; following: boolean }[] {
  const run = new ScenarioRun({ seed: 1, cluster: {}, actions });
  run.runUntil(untilMs);
  return run.results.filter((r) => 'kubectl' in r.action).map((r) => ({ line: (r.action as { kubectl: string }).kubectl, out: r.stdout + r.stderr, exitCode: r.exitCode, following: r.following === true }));
}

describe('commands that follow virtual time', () => {
  it('get -w prints the table header with the first row, then each watch event as its own row, aligned only with itself', () => {
    const [w] = outputs([{ atMs: 1000, kubectl: 'get deploy -w --output-watch-events' }, { atMs: 2000, apply: WEB }, { atMs: 40_000, kubectl: 'delete deploy web' }], 60_000);
    expect(w!.following).toBe(true);
    const lines = w!.out.split('\n');
    expect(lines.slice(0, 3)).toEqual(['EVENT   NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'ADDED   web    0/2     0            0           0s', 'MODIFIED   web   0/2   0     0     0s']);
    expect(lines).toContain('MODIFIED   web   2/2   2     2     3s');
    expect(lines.at(-2)).toBe('DELETED   web   2/2   2     2     38s');
  });

  it('get -w lists the objects there are first, in one aligned table; --watch-only leaves them out', () => {
    const [w, only] = outputs([{ atMs: 2000, apply: WEB }, { atMs: 20_000, kubectl: 'get deploy -w' }, { atMs: 20_000, kubectl: 'get deploy --watch-only' }, { atMs: 30_000, kubectl: 'scale deploy web --replicas=1' }], 31_000);
    expect(w!.out.split('\n').slice(0, 3)).toEqual(['NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    2/2     2            2           18s', 'web   2/1   2     2     28s']);
    expect(only!.out.split('\n')[0]).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(only!.out.split('\n')[1]).toBe('web    2/1     2            2           28s');
  });

  it('get -w -o yaml separates the objects with ---', () => {
    const [w] = outputs([{ atMs: 2000, apply: WEB }, { atMs: 20_000, kubectl: 'get deploy web -w -o name' }, { atMs: 20_000, kubectl: 'get deploy web -w -o yaml' }, { atMs: 30_000, kubectl: 'scale deploy web --replicas=1' }], 31_000).slice(0);
    expect(w!.out.split('\n').slice(0, 2)).toEqual(['deployment.apps/web', 'deployment.apps/web']);
    const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 2000, apply: WEB }, { atMs: 20_000, kubectl: 'get deploy web -w -o yaml' }, { atMs: 30_000, kubectl: 'scale deploy web --replicas=1' }] });
    run.runUntil(31_000);
    const y = run.results[1]!.stdout;
    expect(y.startsWith('apiVersion: apps/v1\nkind: Deployment\n')).toBe(true);
    expect(y).toContain('\n---\napiVersion: apps/v1\nkind: Deployment\n');
  });

  it('get -w takes one resource type only', () => {
    const [w] = outputs([{ atMs: 1000, kubectl: 'get pods,deploy -w' }], 2000);
    expect(w).toEqual({ line: 'get pods,deploy -w', out: 'error: you may only specify a single resource type\n', exitCode: 1, following: false });
  });

  it('rollout status prints a line per watch event until the rollout is done', () => {
    const [first, , again] = outputs(
      [
        { atMs: 2000, apply: WEB },
        { atMs: 2000, kubectl: 'rollout status deployment/web' },
        { atMs: 10_000, kubectl: 'set image deploy/web nginx=nginx:1.26' },
        { atMs: 10_000, kubectl: 'rollout status deployment/web' },
      ],
      40_000,
    );
    expect(first).toEqual({
      line: 'rollout status deployment/web',
      out: 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\nWaiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\ndeployment "web" successfully rolled out\n',
      exitCode: 0,
      following: false,
    });
    expect(again!.out).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...\n'.repeat(3) +
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n'.repeat(2) +
        'deployment "web" successfully rolled out\n',
    );
  });

  it('rollout status -w=false prints once; --timeout ends it with kubectl\'s error; a deleted object ends it', () => {
    const [once, timed, deleted] = outputs(
      [
        { atMs: 2000, apply: WEB },
        { atMs: 2000, kubectl: 'rollout status deployment/web -w=false' },
        { atMs: 2000, kubectl: 'rollout status deployment/web --timeout=100ms' },
        { atMs: 2500, kubectl: 'rollout status deployment/web' },
        { atMs: 2500, kubectl: 'delete deploy web' },
      ],
      10_000,
    );
    expect(once).toMatchObject({ out: 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n', exitCode: 0, following: false });
    expect(timed).toMatchObject({ out: 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\nerror: timed out waiting for the condition\n', exitCode: 1 });
    expect(deleted!.out.endsWith('error: object has been deleted\n')).toBe(true);
    expect(deleted!.exitCode).toBe(1);
  });

  it('wait --for=condition prints "condition met" per object in turn; a timeout names the object as resource/name', () => {
    const [ready, json, del] = outputs(
      [
        { atMs: 2000, apply: WEB },
        { atMs: 2000, kubectl: 'wait --for=condition=Ready pod -l app=web' },
        { atMs: 2000, kubectl: "wait --for=jsonpath='{.status.readyReplicas}'=3 deploy/web --timeout=1s" },
        { atMs: 2000, kubectl: 'wait --for=delete deploy/web --timeout=60s' },
        { atMs: 40_000, kubectl: 'delete deploy web' },
      ],
      60_000,
    );
    expect(ready).toMatchObject({ out: 'pod/web-766486c5b6-7r6mj condition met\npod/web-766486c5b6-l552j condition met\n', exitCode: 0 });
    expect(json).toMatchObject({ out: 'error: timed out waiting for the condition on deployments/web\n', exitCode: 1 });
    expect(del).toMatchObject({ out: 'deployment.apps/web condition met\n', exitCode: 0 });
  });

  it('rollout status names a kind without a status viewer as Go prints a GroupKind; a type alone or -l must find exactly one object', () => {
    const [rs, pod, many, none, one, named] = outputs(
      [
        { atMs: 2000, apply: WEB },
        { atMs: 3000, kubectl: 'rollout status rs' },
        { atMs: 3000, kubectl: 'rollout status pod -l app=web' },
        { atMs: 3000, kubectl: 'rollout status pods' },
        { atMs: 3000, kubectl: 'rollout status deploy -l app=nope' },
        { atMs: 3000, kubectl: 'rollout status deploy -w=false' },
        { atMs: 3000, kubectl: 'rollout status deploy/web -l app=web' },
      ],
      4000,
    );
    expect(rs).toMatchObject({ out: 'error: no status viewer has been implemented for ReplicaSet.apps\n', exitCode: 1 });
    expect(pod).toMatchObject({ out: 'error: rollout status is only supported on individual resources and resource collections - 2 resources were found\n', exitCode: 1 });
    expect(many).toMatchObject({ out: 'error: rollout status is only supported on individual resources and resource collections - 2 resources were found\n', exitCode: 1 });
    expect(none).toMatchObject({ out: 'error: rollout status is only supported on individual resources and resource collections - 0 resources were found\n', exitCode: 1 });
    expect(one).toMatchObject({ out: 'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n', exitCode: 0 });
    expect(named).toMatchObject({ out: 'error: name cannot be provided when a selector is specified\n', exitCode: 1 });
  });

  it('rollout status of a core kind without a viewer names the kind alone', () => {
    const [pod] = outputs([{ atMs: 2000, apply: WEB }, { atMs: 3000, kubectl: 'rollout status svc/kubernetes' }], 4000);
    expect(pod).toMatchObject({ out: 'error: no status viewer has been implemented for Service\n', exitCode: 1 });
  });

  it('wait --timeout bounds the whole wait, not each object in turn', () => {
    // api's pods cannot pull until 6.5s and are ready soon after; web is ready at 5.5s, 3.5s into the wait.
    const API = WEB.replace(/\bweb\b/g, 'api').replace('nginx:1.27', 'nginx:no-such-tag');
    const [w] = outputs(
      [{ atMs: 1000, apply: API }, { atMs: 2000, apply: WEB }, { atMs: 2000, kubectl: 'wait --for=jsonpath={.status.readyReplicas}=2 deploy/web deploy/api --timeout=5s' }, { atMs: 6500, kubectl: 'set image deploy/api nginx=nginx:1.27' }],
      20_000,
    );
    expect(w).toMatchObject({ out: 'deployment.apps/web condition met\nerror: timed out waiting for the condition on deployments/api\n', exitCode: 1 });
  });

  it('wait --for rejects what kubectl does not recognize, and times out after 30s by default', () => {
    const [bad, pending] = outputs([{ atMs: 1000, kubectl: 'wait --for=foo pod/x' }, { atMs: 2000, apply: WEB }, { atMs: 2000, kubectl: 'wait --for=condition=Progressing=False deploy/web' }], 40_000);
    expect(bad).toMatchObject({ out: 'error: unrecognized condition: "foo"\n', exitCode: 1 });
    expect(pending).toMatchObject({ out: 'error: timed out waiting for the condition on deployments/web\n', exitCode: 1 });
  });

  it('events prints LAST SEEN TYPE REASON OBJECT MESSAGE oldest first, filtered by --for and --types', () => {
    const [forWeb, warnings, bad, none] = outputs(
      [
        { atMs: 2000, apply: WEB },
        { atMs: 20_000, kubectl: 'events --for deploy/web' },
        { atMs: 20_000, kubectl: 'events -A --types=Warning' },
        { atMs: 20_000, kubectl: 'events --types=foo' },
        { atMs: 20_000, kubectl: 'events -n kube-public' },
      ],
      21_000,
    );
    expect(forWeb).toMatchObject({
      out: 'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n18s         Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-766486c5b6 to 2\n',
      exitCode: 0,
    });
    expect(warnings!.out.split('\n')[0]).toBe('NAMESPACE     LAST SEEN   TYPE      REASON                   OBJECT                               MESSAGE');
    expect(warnings!.out.split('\n')[1]).toMatch(/^kube-system   50s         Warning   FailedScheduling         Pod\/coredns-/);
    expect(bad).toMatchObject({ out: 'error: valid --types are Normal or Warning\n', exitCode: 1 });
    expect(none).toMatchObject({ out: 'No events found in kube-public namespace.\n', exitCode: 0 });
  });

  it('events -w prints the events there are, then each new one, each row aligned on its own', () => {
    const [w] = outputs([{ atMs: 20_000, kubectl: 'events -w --for deploy/web' }, { atMs: 22_000, apply: WEB }], 30_000);
    expect(w).toMatchObject({
      out: 'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n0s          Normal   ScalingReplicaSet   Deployment/web   Scaled up replica set web-766486c5b6 to 2\n',
      following: true,
    });
  });
});
