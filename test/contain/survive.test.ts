/**
 * What runs the cluster never dies of a bug: the scenario run records it and goes on, the CLI prints
 * one `error:` line (the stack only with KUBETAB_DEBUG=1), and the worker answers the command that
 * hit it with an error result instead of failing the page.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { ScenarioRun } from '../../src/scenario/runner';
import { MvccStore } from '../../src/sim/store/store';
import { Kubelet } from '../../src/sim/node/kubelet';
import { ClusterHost, EMPTY_SCENARIO } from '../../src/worker/host';
import type { FromWorker } from '../../src/worker/protocol';
import { deployment, scenarioWith } from '../cli';
import { BUG, emptyRun, kubectl, plantBug } from './kit';

function cli(argv: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readFile: () => scenarioWith(deployment('web', 1)), env });
  return { code, stdout, stderr };
}

describe('the scenario run', () => {
  it('goes on past an event no process owns that throws, and records it', () => {
    const r = emptyRun();
    // The API server's compaction (its own timer, outside any request) has a bug, once.
    plantBug(MvccStore.prototype, 'compact', () => true, 1);
    r.act({ apply: deployment('web', 2) });
    r.runUntil(610_000);
    // It first compacts at its second tick, 10 min after the cluster booted at -30 s (the first only notes a revision).
    expect(r.cluster.panics.map((p) => `${p.atMs} ${p.process} ${p.message}`)).toEqual([`570000 cluster ${BUG}`]);
    expect(kubectl(r, 'get deploy web')).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           10m\n');
  });

  it('fails an action that throws with an error: line, and plays the rest', () => {
    const r = new ScenarioRun({
      seed: 1,
      cluster: {},
      actions: [
        { atMs: 1_000, fault: { type: 'node-down', node: 'worker-2' } },
        { atMs: 2_000, apply: deployment('web', 1) },
      ],
    });
    plantBug(Kubelet.prototype, 'powerOff');
    r.runUntil(10_000);
    expect(r.results.map((x) => [x.atMs, x.exitCode, x.stdout, x.stderr])).toEqual([
      [1_000, 1, '', `error: ${BUG}\n`],
      [2_000, 0, 'deployment.apps/web created\n', ''],
    ]);
    expect(kubectl(r, 'get deploy web')).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    1/1     1            1           8s\n');
  });
});

describe('the kubetab command', () => {
  it('prints error: and exits 1 for an unexpected exception, with no JavaScript stack', () => {
    plantBug(ScenarioRun.prototype, 'runUntil');
    const r = cli(['run', 'web.yaml', '--exec', 'get pods']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: unexpected failure: ${BUG} (set KUBETAB_DEBUG=1 to see where)\n` });
  });

  it('shows the stack with KUBETAB_DEBUG=1', () => {
    plantBug(ScenarioRun.prototype, 'runUntil');
    const r = cli(['run', 'web.yaml'], { KUBETAB_DEBUG: '1' });
    expect(r.code).toBe(1);
    const [first, second, third] = r.stderr.split('\n');
    expect(first).toBe(`error: unexpected failure: ${BUG}`);
    expect(second).toBe(`TypeError: ${BUG}`);
    expect(third).toMatch(/^ {4}at /);
  });
});

describe('the worker', () => {
  function host() {
    const sent: FromWorker[] = [];
    const h = new ClusterHost((m) => sent.push(m), { now: () => 0, later: () => {} });
    h.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 5_000, playing: false });
    return { h, sent };
  }

  it('answers a command that throws with an error result of its kind, and serves the next one', () => {
    const { h, sent } = host();
    plantBug(ScenarioRun.prototype, 'kubectl', () => true, 1);
    h.handle({ type: 'kubectl', id: 7, line: 'get pods' });
    h.handle({ type: 'kubectl', id: 8, line: 'get nodes -o name' });
    expect(sent.filter((m) => m.type === 'kubectl' || m.type === 'fatal')).toEqual([
      { type: 'kubectl', id: 7, stdout: '', stderr: `error: unexpected failure: ${BUG}\n`, exitCode: 1 },
      { type: 'kubectl', id: 8, stdout: 'node/control-plane\nnode/worker-1\nnode/worker-2\nnode/worker-3\n', stderr: '', exitCode: 0 },
    ]);
  });

  it('answers an apply, a fault and a describe that throw in kind', () => {
    const { h, sent } = host();
    plantBug(ScenarioRun.prototype, 'act');
    plantBug(ScenarioRun.prototype, 'kubectl');
    h.handle({ type: 'apply', id: 1, yaml: deployment('web', 1) });
    h.handle({ type: 'fault', id: 2, fault: { type: 'node-down', node: 'worker-1' } });
    h.handle({ type: 'describe', id: 3, resource: 'node', name: 'worker-1' });
    const message = `unexpected failure: ${BUG}`;
    expect(sent.filter((m) => m.type !== 'batch')).toEqual([
      { type: 'applied', id: 1, outcomes: [{ ref: '', outcome: 'error', message: `error: ${message}` }], stdout: '', stderr: `error: ${message}\n` },
      { type: 'faulted', id: 2, ok: false, message },
      { type: 'text', id: 3, text: '', error: message },
    ]);
  });
});
