/**
 * The scale targets (issue: five thousand nodes and a hundred thousand pods). Each case runs in a
 * process of its own (bench/child.ts), so its figure is the whole process — start, boot, run — as
 * `kubetab run` would spend it, and a case that is still too slow is stopped at its wall-time cap
 * and reported as not finished instead of holding up the rest.
 *
 * The facts each target names (all nodes Ready, kube-proxy 5000/5000, all pods Running) are checked
 * here and printed with the figure; a run that misses one does not meet its target.
 */
import { performance } from 'node:perf_hooks';
import { ScenarioRun } from '../src/scenario/runner';
import { scenarioFromObject } from '../src/scenario/format';
import type { Scenario } from '../src/scenario/format';
import { progressPrinter } from '../src/cli/progress';
import type { RunProgress } from '../src/scenario/progress';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from '../src/sim/types';
import { thousandPods } from './deployment';
import { churn } from './churn';
import type { BenchResult } from './core';

/** What a case's process reports back: its own figures, and whether the facts its target names held. */
export interface CaseReport {
  ok: boolean;
  /** the facts, as a line: `5,000/5,000 nodes Ready; kube-proxy 5000/5000 ready` */
  facts: string;
  results: BenchResult[];
  peakHeapMiB: number;
  maxRssMiB: number;
}

export interface ScaleCase {
  /** the headline: what the whole process does */
  measure: string;
  /** whole-process wall time to meet, in ms */
  targetMs: number;
  /** how the target reads in the table */
  target: string;
  /** wall-time cap for the process, in seconds (`--cap=S` or BENCH_CAP_S overrides) */
  capS: number;
  /** the child's old-space limit in MiB (the huge case measures its heap against 4 GiB) */
  heapLimitMiB?: number;
  /** an extra condition on the child's report for the target to be met */
  alsoMet?: (r: CaseReport) => boolean;
  run: (watch: Watch) => Omit<CaseReport, 'peakHeapMiB' | 'maxRssMiB'>;
}

/** Progress on stderr and the heap's peak, sampled as the run reports its progress. */
export interface Watch {
  options: { onProgress: (p: RunProgress) => void };
  sample: () => void;
  peakHeap: () => number;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const MiB = 1024 * 1024;

/** A control plane and `n - 1` workers, as `kubetab run` reads them from a scenario file. */
export function nodesScenario(n: number, node: { cpu?: string; memory?: string; pods?: number } = {}, actions: unknown[] = []): Scenario {
  const nodes: Record<string, unknown>[] = [{ name: 'control-plane', controlPlane: true }];
  for (let i = 1; i < n; i++) nodes.push({ name: `worker-${i}`, ...node });
  // 5,000 nodes need room for 5,000 /24 blocks: the /9 holds 32,768, clear of the service CIDR.
  const network = n > 250 ? { podCIDR: '10.128.0.0/9' } : undefined;
  return scenarioFromObject({ apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, cluster: { ...(network ? { network } : {}), nodes }, actions });
}

function deployment(name: string, replicas: number, requests: { cpu: string; memory: string }, image = 'registry.k8s.io/pause:3.10'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: ${image}
        resources:
          requests: {cpu: ${requests.cpu}, memory: ${requests.memory}}
`;
}

/**
 * scheduler_perf's pod template (templates/pod-default.yaml: a pause container asking for and limited
 * to `requests`), `count` of them named `<prefix><i>` in one List, created straight through the API as
 * its createPods op does — not through a controller, whose client (kube-controller-manager's 20
 * requests a second) would make the run last count/20 virtual seconds.
 */
function podList(prefix: string, count: number, requests: { cpu: string; memory: string }): string {
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${prefix}${i}` }, spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }], resources: { limits: requests, requests } }] } });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

/**
 * Pods whose name starts with `prefix` in `default`, and how many of them are Running, kept up to
 * date by a tap on the store (a reader of kubetab's own: no request, no clock event), so a check
 * every virtual second costs nothing with 100,000 pods.
 */
function podCounter(run: ScenarioRun, prefix: string): () => { pods: number; running: number } {
  const keyPrefix = `/registry/pods/default/${prefix}`;
  const pods = new Set<string>();
  const running = new Set<string>();
  const store = run.cluster.api.store;
  store.tap(keyPrefix, store.revision, (ev) => {
    if (ev.type === 'DELETE') {
      pods.delete(ev.key);
      running.delete(ev.key);
      return;
    }
    pods.add(ev.key);
    if ((ev.kv.value as Pod).status?.phase === 'Running') running.add(ev.key);
    else running.delete(ev.key);
  });
  return () => ({ pods: pods.size, running: running.size });
}

/** Runs in virtual steps of a second until `done` or `maxMs`; returns the virtual time it stopped at. */
function runUntilDone(run: ScenarioRun, done: () => boolean, maxMs: number, watch: Watch): number {
  for (let t = Math.max(0, Math.ceil(run.now() / 1000) * 1000); t <= maxMs; t += 1000) {
    run.runUntil(t);
    watch.sample();
    if (done()) return t;
  }
  return run.now();
}

function nodeFacts(run: ScenarioRun, want: number): { ok: boolean; line: string } {
  const c = run.counts();
  const ds = run.cluster.api.store.get('/registry/daemonsets/kube-system/kube-proxy')?.value as DaemonSet | undefined;
  const desired = ds?.status?.desiredNumberScheduled ?? 0;
  const ready = ds?.status?.numberReady ?? 0;
  return { ok: c.nodes === want && c.nodesReady === want && desired === want && ready === want, line: `${fmt(c.nodesReady)}/${fmt(c.nodes)} nodes Ready; kube-proxy ${ready}/${desired} ready` };
}

export const SCALE_CASES: Record<string, ScaleCase> = {
  scale: {
    measure: '5,000 nodes to 0s (all Ready, kube-proxy 5000/5000), whole process',
    targetMs: 5000,
    target: '< 5 s',
    capS: 120,
    run: (watch) => {
      const t0 = performance.now();
      const run = new ScenarioRun(nodesScenario(5000), watch.options);
      run.runUntil(0);
      const ms = performance.now() - t0;
      const f = nodeFacts(run, 5000);
      return {
        ok: f.ok,
        facts: f.line,
        results: [{ name: 'scale: boot of 5,000 nodes to 0s, in-process', value: Math.round(ms), unit: 'ms', detail: `${fmt(run.cluster.clock.eventsRun)} clock events; ${fmt(run.cluster.api.audit.count())} API requests` }],
      };
    },
  },
  schedulingbasic: {
    measure: 'SchedulingBasic: 5,000 nodes, 1,000 then 10,000 pods all Running, whole process',
    targetMs: 30_000,
    target: '< 30 s (then 10 s)',
    capS: 300,
    run: (watch) => {
      const requests = { cpu: '100m', memory: '500Mi' };
      const run = new ScenarioRun(nodesScenario(5000, { cpu: '4', memory: '32Gi', pods: 110 }), watch.options);
      run.runUntil(0);
      const initPods = podCounter(run, 'init-');
      const measurePods = podCounter(run, 'measure-');
      const t0 = performance.now();
      run.act({ apply: podList('init-', 1000, requests) });
      const initAt = runUntilDone(run, () => initPods().running >= 1000, 600_000, watch);
      const t1 = performance.now();
      run.act({ apply: podList('measure-', 10_000, requests) });
      const measureFrom = run.now();
      const measureAt = runUntilDone(run, () => measurePods().running >= 10_000, measureFrom + 1_800_000, watch);
      const t2 = performance.now();
      const init = initPods();
      const measure = measurePods();
      return {
        ok: init.running === 1000 && measure.running === 10_000,
        facts: `init ${fmt(init.running)}/1,000 Running at virtual ${initAt / 1000}s; measure ${fmt(measure.running)}/10,000 Running ${(measureAt - measureFrom) / 1000} virtual s after`,
        results: [
          { name: 'SchedulingBasic: 1,000 init pods to Running, in-process', value: Math.round(t1 - t0), unit: 'ms' },
          { name: 'SchedulingBasic: 10,000 pods to Running, in-process', value: Math.round(t2 - t1), unit: 'ms', target: '< 10,000', met: measure.running === 10_000 && t2 - t1 < 10_000, detail: `${fmt(Math.round(10_000 / ((t2 - t1) / 1000)))} pods/s to Running` },
        ],
      };
    },
  },
  deployment: {
    measure: '1,000-replica Deployment Running on 100 nodes, whole process',
    targetMs: 2000,
    target: '< 2 s',
    capS: 120,
    run: (watch) => {
      const results = thousandPods(watch.options);
      const running = Number(/^(\d+) Running/.exec(results[0]?.detail ?? '')?.[1] ?? 0);
      return { ok: running >= 1000, facts: `${fmt(running)}/1,000 pods Running`, results };
    },
  },
  churn: {
    measure: 'churn: 1 virtual hour, 50 Deployments × 20 on 100 nodes, whole process',
    targetMs: 10_000,
    target: '< 10 s',
    capS: 300,
    run: (watch) => {
      const results = churn(watch.options);
      return { ok: true, facts: results[0]?.detail ?? '', results };
    },
  },
  huge: {
    measure: 'huge: 100,000 pods on 5,000 nodes Running, whole process',
    targetMs: 120_000,
    target: '< 120 s, heap < 4 GiB',
    capS: 600,
    heapLimitMiB: 8192,
    alsoMet: (r) => r.peakHeapMiB < 4096,
    run: (watch) => {
      const run = new ScenarioRun(nodesScenario(5000, { cpu: '8', memory: '32Gi', pods: 110 }), watch.options);
      run.runUntil(0);
      const hugePods = podCounter(run, 'huge-');
      for (let i = 0; i < 10; i++) run.act({ apply: podList(`huge-${i}-`, 10_000, { cpu: '10m', memory: '16Mi' }) });
      const at = runUntilDone(run, () => hugePods().running >= 100_000, 3_600_000, watch);
      const p = hugePods();
      return { ok: p.running === 100_000, facts: `${fmt(p.running)}/100,000 pods Running at virtual ${at / 1000}s (${fmt(p.pods)} created)`, results: [] };
    },
  },
  extreme: {
    measure: 'extreme: 100,000 replicas on the default cluster to virtual 60s, whole process',
    targetMs: 30_000,
    target: '< 30 s',
    capS: 300,
    run: (watch) => {
      const run = new ScenarioRun(scenarioFromObject({ apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, actions: [] }), watch.options);
      const extremePods = podCounter(run, 'extreme-');
      run.act({ apply: deployment('extreme', 100_000, { cpu: '10m', memory: '16Mi' }) });
      run.runUntil(60_000);
      watch.sample();
      const p = extremePods();
      return { ok: run.now() === 60_000, facts: `virtual ${run.now() / 1000}s reached; ${fmt(p.pods)} pods created, ${fmt(p.running)} Running (3 workers hold 330)`, results: [] };
    },
  },
};

/** In the case's own process: runs it with progress on stderr and returns its report. */
export function runCase(name: string): CaseReport {
  const c = SCALE_CASES[name];
  if (!c) throw new Error(`no scale case "${name}"`);
  let peak = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const printer = progressPrinter({ isTTY: process.stderr.isTTY === true, nowMs: () => performance.now(), write: (s) => void process.stderr.write(s) });
  const watch: Watch = {
    options: {
      onProgress: (p) => {
        sample();
        printer.listener(p);
      },
    },
    sample,
    peakHeap: () => peak,
  };
  const r = c.run(watch);
  sample();
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return { ...r, peakHeapMiB: Math.round(peak / MiB), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}
