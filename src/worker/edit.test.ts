import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';
import { ScenarioRun } from '../scenario/runner';
import type { FromWorker } from './protocol';

type KubectlReply = Extract<FromWorker, { type: 'kubectl' }>;

function withWeb() {
  const h = harness();
  h.host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 3000, playing: false });
  h.host.handle({ type: 'apply', id: 1, yaml: WEB });
  h.host.handle({ type: 'kubectl', id: 2, line: 'edit deploy/web' });
  const reply = h.sent.find((m): m is KubectlReply => m.type === 'kubectl' && m.id === 2)!;
  const answer = (id: number): KubectlReply => h.sent.find((m): m is KubectlReply => m.type === 'kubectl' && m.id === id)!;
  return { ...h, reply, answer };
}

describe('kubectl edit', () => {
  it('opens the object as kubectl edit shows it: the header comment, then its YAML; nothing is recorded', () => {
    const { reply, batches } = withWeb();
    expect(reply.exitCode).toBe(0);
    expect(reply.edit!.ref).toBe('deployment.apps/web');
    expect(reply.edit!.namespace).toBe('default');
    expect(reply.edit!.yaml.split('\n').slice(0, 6).join('\n')).toBe(
      "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment",
    );
    expect(batches().filter((b) => b.scenario).at(-1)!.scenario!.actions).toHaveLength(1);
  });

  it('saving a change patches the object, is recorded, and answers `edited`', () => {
    const { reply, host, answer, batches } = withWeb();
    const edited = reply.edit!.yaml.replace(/^  replicas: \d+$/m, '  replicas: 5');
    host.handle({ type: 'editSave', id: 3, ref: 'deployment.apps/web', namespace: 'default', original: reply.edit!.yaml, yaml: edited });
    expect(answer(3)).toMatchObject({ stdout: 'deployment.apps/web edited\n', stderr: '', exitCode: 0 });
    expect(batches().at(-1)!.scenario!.actions.at(-1)).toEqual({ atMs: 3000, kubectl: `patch deployment.apps/web -n default --type merge -p '{"spec":{"replicas":5}}'` });
    host.handle({ type: 'kubectl', id: 4, line: 'get deploy web -o jsonpath={.spec.replicas}' });
    expect(answer(4).stdout).toBe('5');
  });

  it('no change, an empty file, a comment-only change, a syntax error, a renamed object and a change of text only end as kubectl words them', () => {
    const { reply, host, answer } = withWeb();
    const y = reply.edit!.yaml;
    const save = (id: number, yaml: string): KubectlReply => {
      host.handle({ type: 'editSave', id, ref: 'deployment.apps/web', namespace: 'default', original: y, yaml });
      return answer(id);
    };
    expect(save(10, y)).toMatchObject({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
    expect(save(11, `# only\n${y}`)).toMatchObject({ stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
    expect(save(12, '# nothing\n\n')).toMatchObject({ stderr: 'Edit cancelled, saved file was empty.\n', exitCode: 0 });
    expect(save(13, y.replace('kind: Deployment', 'kind: Deployment\n  bad: [')).stderr).toMatch(/^error: The edited file had a syntax error: error converting YAML to JSON: yaml: line \d+: /);
    expect(save(14, y.replace(/^  name: web$/m, '  name: web2'))).toMatchObject({ stderr: 'error: At least one of apiVersion, kind and name was changed\n', exitCode: 1 });
    // Text that changes without changing the object: nothing is sent.
    expect(save(15, y.replace(/^kind: Deployment$/m, 'kind: Deployment\n'))).toMatchObject({ stdout: 'deployment.apps/web skipped\n', stderr: '', exitCode: 0 });
  });

  it('a change the server refuses keeps its words', () => {
    const { reply, host, answer } = withWeb();
    host.handle({ type: 'editSave', id: 5, ref: 'deployment.apps/web', namespace: 'default', original: reply.edit!.yaml, yaml: reply.edit!.yaml.replace(/^  replicas: \d+$/m, '  replicas: -1') });
    expect(answer(5)).toMatchObject({ stdout: '', exitCode: 1 });
    expect(answer(5).stderr).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('without an editor (kubetab run) it fails as kubectl does when it cannot start vi; a missing object is still NotFound', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 1000, apply: WEB }, { atMs: 2000, kubectl: 'edit deploy/web' }, { atMs: 2000, kubectl: 'edit deploy nope' }] });
    r.runUntil(3000);
    expect(r.results.slice(1).map((x) => [x.stdout + x.stderr, x.exitCode])).toEqual([
      ['error: unable to launch the editor "vi"\n', 1],
      ['Error from server (NotFound): deployments.apps "nope" not found\n', 1],
    ]);
  });
});

describe('the file area from the page', () => {
  it('setFiles changes the scenario (and so its link); kubectl reads the new files at once', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 1000, playing: false });
    host.handle({ type: 'setFiles', files: { 'web.yaml': WEB } });
    expect(batches().at(-1)!.scenario!.files).toEqual({ 'web.yaml': WEB });
    host.handle({ type: 'kubectl', id: 1, line: 'apply -f web.yaml' });
    expect(sent.find((m) => m.type === 'kubectl' && m.id === 1)).toMatchObject({ stdout: 'deployment.apps/web created\n', exitCode: 0 });
    host.handle({ type: 'setFiles', files: {} });
    expect(batches().at(-1)!.scenario!.files).toBeUndefined();
    host.handle({ type: 'setFiles', files: { '../x.yaml': '' } });
    expect(batches().at(-1)!.scenario!.files).toBeUndefined();
  });
});
