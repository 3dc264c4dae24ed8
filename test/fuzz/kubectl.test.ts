/**
 * Fuzz: mutated kubectl command lines against a running cluster with every workload kind. Every
 * line gets an answer — output or kubectl's error text — never a JavaScript error or an exception;
 * the cluster keeps running within budget, and the invariants hold once it settles.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { jsLeaks, jsLeaksBeyond } from './kit/check';
import { mutatedCommand, REAL_COMMANDS } from './kit/commands';
import { WORKLOADS } from './kit/cluster';
import { Failures, replayLink, runBounded } from './kit/harness';
import { invariants } from './kit/invariants';
import { caseSeed, Fuzz } from './kit/random';

const CLUSTERS = Number(process.env.FUZZ_CLUSTERS ?? 3);
const LINES_PER_CLUSTER = Number(process.env.FUZZ_LINES ?? 400);
/** Clock events a command and the 100 ms after it may take. */
const STEP_BUDGET = 20_000;
const SETTLE_BUDGET = 150_000;

function names(run: ScenarioRun): { pod: string; node: string } {
  const pods = run.cluster.api.observe(() => run.cluster.client().list<{ metadata: { name: string; namespace?: string } }>('pods', 'default').items);
  return { pod: pods[0]?.metadata.name ?? 'web-0', node: 'worker-1' };
}

function leakLine(out: string): string {
  const line = out.split('\n').find((l) => jsLeaks(l).length > 0) ?? out;
  return line.replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 160);
}

function newCluster(seed: number): ScenarioRun {
  const run = new ScenarioRun({ seed, cluster: {}, actions: [] });
  run.act({ apply: WORKLOADS });
  run.runUntil(30_000);
  return run;
}

describe('fuzz: kubectl command lines', () => {
  it('answers every real command line without JavaScript text', () => {
    const failures = new Failures('real kubectl lines');
    const run = newCluster(caseSeed('kubectl-real', 0));
    for (const template of REAL_COMMANDS) {
      const { pod, node } = names(run);
      const line = template.replace(/POD/g, pod).replace(/NODE/g, node);
      const r = run.kubectl(line);
      const leaks = jsLeaks(r.stdout + r.stderr);
      if (leaks.length) failures.add(`kubectl printed JavaScript: ${leakLine(r.stdout + r.stderr)}`, 0, `exit ${r.exitCode}\n${r.stdout}${r.stderr}`, line);
      run.runUntil(run.now() + 100);
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });

  it(`runs ${CLUSTERS * LINES_PER_CLUSTER} mutated lines: no exception, no JavaScript text, no hang, invariants hold`, () => {
    const failures = new Failures('mutated kubectl lines');
    for (let c = 0; c < CLUSTERS; c++) {
      const seed = caseSeed('kubectl', c);
      const f = new Fuzz(seed, 'kubectl');
      const run = newCluster(seed);
      let alive = true;
      for (let i = 0; i < LINES_PER_CLUSTER && alive; i++) {
        const m = mutatedCommand(f);
        const { pod, node } = names(run);
        const line = m.line.replace(/POD/g, pod).replace(/NODE/g, node);
        const input = `kubectl ${line}\n# ${m.how.join('; ')}`;
        let r;
        try {
          r = run.act({ kubectl: line });
        } catch (e) {
          failures.add('kubectl threw', seed, String((e as Error).stack ?? e), input);
          alive = false;
          break;
        }
        const leaks = jsLeaksBeyond(r.stdout + r.stderr, line);
        if (leaks.length) failures.add(`kubectl printed JavaScript: ${leakLine(r.stdout + r.stderr)}`, seed, `exit ${r.exitCode}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`, input);
        if (!Number.isInteger(r.exitCode) || r.exitCode < 0 || r.exitCode > 255) failures.add('kubectl exited with a code no process has', seed, `exit ${r.exitCode}`, input);
        const o = runBounded(run, run.now() + 100, STEP_BUDGET);
        if (!o.ok) {
          failures.add(o.problem === 'hang' ? 'the cluster did not reach the next 100 ms within budget' : `the cluster threw: ${o.detail.split('\n')[0]!.replace(/"[^"]*"|'[^']*'|\d+/g, '…')}`, seed, `${o.detail}\nreplay: ${replayLink(run)}`, input);
          alive = false;
        }
      }
      if (!alive) continue;
      const o = runBounded(run, run.now() + 60_000, SETTLE_BUDGET);
      if (!o.ok) {
        failures.add(o.problem === 'hang' ? 'the cluster did not settle within budget' : 'the cluster threw while settling', seed, `${o.detail}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
        continue;
      }
      for (const v of invariants(run.cluster)) failures.add(`invariant: ${v.replace(/\S+\/\S+|"[^"]*"|\d+/g, '…')}`, seed, `${v}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });
});
