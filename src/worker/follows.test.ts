import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';
import type { FromWorker } from './protocol';

type More = Extract<FromWorker, { type: 'kubectlMore' }>;

describe('kubectl commands that keep running in the worker', () => {
  it('answers with following, posts kubectlMore as the clock plays, and the last one is done', () => {
    const { host, sent, advanceWall } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 2000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    host.handle({ type: 'kubectl', id: 2, line: 'kubectl rollout status deployment/web' });
    expect(sent.find((m) => m.type === 'kubectl' && m.id === 2)).toEqual({ type: 'kubectl', id: 2, stdout: 'Waiting for deployment spec update to be observed...\n', stderr: '', exitCode: 0, following: true });
    host.handle({ type: 'speed', speed: 100 });
    host.handle({ type: 'play' });
    advanceWall(1000);
    const more = sent.filter((m): m is More => m.type === 'kubectlMore' && m.id === 2);
    expect(more.map((m) => m.stdout).join('')).toBe(
      'Waiting for deployment spec update to be observed...\n' +
        'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\nWaiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...\n' +
        'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\ndeployment "web" successfully rolled out\n');
    expect(more.at(-1)).toMatchObject({ done: true, exitCode: 0 });
    expect(more.slice(0, -1).every((m) => !m.done && m.stdout !== '')).toBe(true);
    // A command that only reads is no action of the story.
    expect(host.currentRun.scenario.actions.map((a) => ('kubectl' in a ? a.kubectl : 'apply'))).toEqual(['apply']);
  });

  it('kubectlStop ends a follow with exit 130; a reload ends the others the same way', () => {
    const { host, sent, advanceWall } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 2000, playing: false });
    host.handle({ type: 'kubectl', id: 1, line: 'get pods -w' });
    host.handle({ type: 'kubectl', id: 2, line: 'get deploy -w' });
    expect(sent.find((m) => m.type === 'kubectl' && m.id === 1)).toMatchObject({ following: true });
    host.handle({ type: 'kubectlStop', id: 1 });
    expect(sent.filter((m) => m.type === 'kubectlMore' && m.id === 1)).toEqual([{ type: 'kubectlMore', id: 1, stdout: '', stderr: '', done: true, exitCode: 130 }]);
    host.handle({ type: 'apply', id: 3, yaml: WEB });
    host.handle({ type: 'play' });
    advanceWall(200);
    expect(sent.filter((m) => m.type === 'kubectlMore' && m.id === 1)).toHaveLength(1);
    const before = sent.filter((m) => m.type === 'kubectlMore' && m.id === 2).length;
    expect(before).toBeGreaterThan(0);
    host.handle({ type: 'reset' });
    expect(sent.filter((m): m is More => m.type === 'kubectlMore' && m.id === 2).at(-1)).toMatchObject({ done: true, exitCode: 130 });
  });
});
