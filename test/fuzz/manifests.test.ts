/**
 * Fuzz: mutated kubernetes/examples manifests applied to running clusters. Whatever is applied, the
 * cluster keeps running within a budget of clock events, kubectl prints no JavaScript, and the
 * invariants hold once things settle; a canary Deployment in its own namespace becomes ready.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { jsLeaks, jsLeaksBeyond } from './kit/check';
import { corpusFiles, Failures, replayLink, runBounded } from './kit/harness';
import { invariants } from './kit/invariants';
import { mutatedManifest } from './kit/manifests';
import { caseSeed, Fuzz } from './kit/random';

const CLUSTERS = Number(process.env.FUZZ_CLUSTERS ?? 6);
const APPLIES_PER_CLUSTER = Number(process.env.FUZZ_APPLIES ?? 40);
/** Clock events one apply and the 200 ms after it may take; a real manifest needs a few hundred. */
const STEP_BUDGET = 20_000;
/** Clock events for the settling minute after the last apply. */
const SETTLE_BUDGET = 150_000;
const SETTLE_MS = 60_000;

export const CANARY = `apiVersion: v1
kind: Namespace
metadata:
  name: fuzz-canary
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: canary
  namespace: fuzz-canary
spec:
  replicas: 2
  selector:
    matchLabels: {app: canary}
  template:
    metadata:
      labels: {app: canary}
    spec:
      tolerations: [{operator: Exists}]
      containers:
      - name: app
        image: nginx:1.27
        resources: {requests: {cpu: 1m, memory: 1Mi}}
`;

const files = corpusFiles();

/** The namespace a manifest names first, for looking its objects up again. */
function namespaceOf(text: string): string {
  const m = /"?namespace"?\s*:\s*"?([a-z0-9]([-a-z0-9]*[a-z0-9])?)"?\s*[,\n}]/.exec(text);
  return m?.[1] ?? 'default';
}

function newCluster(seed: number): ScenarioRun {
  const run = new ScenarioRun({ seed, cluster: {}, actions: [] });
  run.act({ apply: CANARY });
  return run;
}

/** The first line that leaks, with names and numbers blanked, to group like failures. */
function leakLine(out: string): string {
  const line = out.split('\n').find((l) => jsLeaks(l).length > 0) ?? out;
  return line.replace(/"[^"]*"|'[^']*'|\d+/g, '…').slice(0, 160);
}

describe('fuzz: mutated corpus manifests', () => {
  it('finds the corpus (beside the repository, or at KUBETAB_CORPUS)', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it(`applies ${CLUSTERS * APPLIES_PER_CLUSTER} mutated manifests: no exception, no JavaScript text, no hang, invariants hold`, () => {
    const failures = new Failures('mutated manifests');
    for (let c = 0; c < CLUSTERS && files.length > 0; c++) {
      const seed = caseSeed('manifests', c);
      const f = new Fuzz(seed, 'manifests');
      let run = newCluster(seed);
      let alive = true;
      for (let i = 0; i < APPLIES_PER_CLUSTER; i++) {
        if (!alive) {
          // A cluster that died is reported; the rest of this batch goes on on a fresh one.
          run = newCluster(seed + i);
          alive = true;
        }
        const file = f.pick(files);
        const m = mutatedManifest(f, file);
        const input = `# ${relative(process.cwd(), file)}: ${m.how.join('; ')}\n${m.text}`;
        const r = run.act({ apply: m.text });
        const leaks = jsLeaksBeyond(r.stdout + r.stderr, m.text);
        if (leaks.length) failures.add(`kubectl apply printed JavaScript: ${leakLine(r.stderr + r.stdout)}`, seed, `apply ${i}: exit ${r.exitCode}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`, input);
        // Whatever the server accepted must print: its table, wide, and its description.
        for (const ref of r.stdout.split('\n').map((l) => /^(\S+\/\S+) (created|configured|unchanged)$/.exec(l)?.[1]).filter((x): x is string => !!x)) {
          for (const line of [`get ${ref} -o wide`, `describe ${ref}`, `get ${ref} -o yaml`]) {
            const p = run.kubectl(`${line} -n ${namespaceOf(m.text)}`);
            const pl = jsLeaksBeyond(p.stdout + p.stderr, m.text);
            if (pl.length) failures.add(`kubectl ${line.split(' ')[0]} printed JavaScript: ${leakLine(p.stdout + p.stderr)}`, seed, `kubectl ${line}\n${p.stdout.slice(0, 3000)}${p.stderr}`, input);
          }
        }
        const o = runBounded(run, run.now() + 200, STEP_BUDGET);
        if (!o.ok) {
          failures.add(o.problem === 'hang' ? 'the cluster did not reach the next 200 ms within budget' : `the cluster threw: ${o.detail.split('\n')[0]!.replace(/"[^"]*"|'[^']*'/g, '…')}`, seed, `${o.detail}\nreplay: ${replayLink(run)}`, input);
          alive = false;
        }
      }
      if (!alive) continue;
      const o = runBounded(run, run.now() + SETTLE_MS, SETTLE_BUDGET);
      if (!o.ok) {
        failures.add(o.problem === 'hang' ? 'the cluster did not settle within budget' : `the cluster threw while settling`, seed, `${o.detail}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
        continue;
      }
      for (const line of ['get all -A -o wide', 'get events -A', 'describe nodes', 'describe pods -A', 'top pods -A']) {
        const p = run.kubectl(line);
        const pl = jsLeaks(p.stdout + p.stderr);
        if (pl.length) failures.add(`kubectl ${line} printed JavaScript: ${leakLine(p.stdout + p.stderr)}`, seed, `${p.stdout.slice(0, 3000)}${p.stderr}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
      }
      for (const v of invariants(run.cluster)) failures.add(`invariant: ${v.replace(/\S+\/\S+|"[^"]*"|\d+/g, '…')}`, seed, `${v}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
      const canary = run.kubectl('get deploy canary -n fuzz-canary -o jsonpath={.status.readyReplicas}');
      if (canary.stdout !== '2') failures.add('the canary Deployment did not become ready', seed, `readyReplicas: ${canary.stdout}${canary.stderr}\nreplay: ${replayLink(run)}`, `cluster ${c}`);
    }
    if (failures.list.length) console.log(failures.report());
    expect(failures.kinds()).toEqual([]);
  });
});
