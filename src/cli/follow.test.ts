import { describe, expect, it } from 'vitest';
import { kubetab, scenarioWith, deployment } from '../../test/cli';

const SCENARIO = scenarioWith(deployment('web', 2), '  - at: 0s\n    kubectl: rollout status deployment/web\n  - at: 0s\n    kubectl: get deploy web -w\n');

describe('kubetab run with commands that follow virtual time', () => {
  it('--exec: a following command prints what it had when the run ended, then ends', () => {
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--exec', 'get deploy -w', '--exec', 'rollout status deployment/web'], { 's.yaml': SCENARIO });
    expect(r.stdout).toBe('==> kubectl get deploy -w\nNAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           30s\n==> kubectl rollout status deployment/web\ndeployment "web" successfully rolled out\n');
    expect(r.code).toBe(0);
  });

  it('--json: a scenario action that follows keeps printing until the run ends', () => {
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--json'], { 's.yaml': SCENARIO });
    const actions = (JSON.parse(r.stdout) as { actions: { stdout: string; exitCode: number }[] }).actions;
    expect(actions[1]).toMatchObject({
      stdout:
        'Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n' +
        'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n' +
        'deployment "web" successfully rolled out\n',
      exitCode: 0,
    });
    expect(actions[2]!.stdout.split('\n').slice(0, 3)).toEqual(['NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    0/2     2            0           0s', 'web   1/2   2     1     3s']);
    expect(actions[2]!.stdout.split('\n').slice(-3)).toEqual(['web   1/2   2     1     3s', 'web   2/2   2     2     4s', '']);
  });
});
