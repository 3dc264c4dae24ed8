/**
 * Churn (issue: workloads and nodes): 100 workers, 50 Deployments of 20 replicas, rolling updates and
 * node failures for one virtual hour. Reports wall time, peak heap, and what the cluster keeps at the
 * end — objects, watch history, events — to show they stay bounded (compaction, event TTL).
 */
import { performance } from 'node:perf_hooks';
import type { NodeSettings } from '../src/sim/cluster';
import { ScenarioRun } from '../src/scenario/runner';
import type { ScenarioRunOptions } from '../src/scenario/runner';
import type { ScenarioAction } from '../src/scenario/format';
import type { BenchResult } from './core';

const HOUR_MS = 3_600_000;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  replicas: 20
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      containers:
      - name: app
        image: nginx:1.26
        resources:
          requests: {cpu: 50m, memory: 64Mi}
`;
}

export function churn(opts: ScenarioRunOptions = {}): BenchResult[] {
  const nodes: NodeSettings[] = [{ name: 'control-plane', cpu: '4', memory: '8Gi', controlPlane: true }];
  for (let i = 1; i <= 100; i++) nodes.push({ name: `worker-${i}`, cpu: '8', memory: '32Gi' });
  const actions: ScenarioAction[] = [];
  for (let i = 0; i < 50; i++) actions.push({ atMs: 0, apply: deployment(i) });
  // Every minute a rolling update of the next Deployment; every 10 minutes a worker goes down for 6.
  for (let m = 2; m < 60; m++) actions.push({ atMs: m * 60_000, kubectl: `set image deployment/app-${m % 50} app=nginx:1.${26 + (m % 3)}` });
  for (let m = 5; m < 60; m += 10) {
    const node = `worker-${m}`;
    actions.push({ atMs: m * 60_000 + 1, fault: { type: 'node-down', node } });
    actions.push({ atMs: (m + 6) * 60_000 + 1, fault: { type: 'node-up', node } });
  }
  actions.sort((a, b) => a.atMs - b.atMs);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const t0 = performance.now();
  const run = new ScenarioRun({ seed: 1, cluster: { nodes }, actions }, opts);
  for (let t = 0; t <= HOUR_MS; t += 60_000) {
    run.runUntil(t);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const wallMs = performance.now() - t0;
  const store = run.cluster.api.store;
  const events = store.count('/registry/events/');
  const pods = store.count('/registry/pods/');
  const failed = run.results.filter((r) => r.exitCode !== 0).length;
  return [
    { name: 'Churn: 1 virtual hour, 100 nodes, 50×20 replicas, rollouts + node failures: wall', value: Math.round(wallMs), unit: 'ms', detail: `${run.cluster.clock.eventsRun} clock events; ${run.cluster.api.audit.count()} API requests; ${run.results.length} actions (${failed} failed)` },
    { name: 'Churn: peak heap growth', value: Math.round((peak - heap0) / 1024 / 1024), unit: 'MiB' },
    { name: 'Churn: objects kept at the end', value: store.size, unit: 'keys', detail: `${pods} pods, ${events} events (1h event TTL); store revision ${store.revision}` },
    { name: 'Churn: watch history kept at the end', value: store.historyLength, unit: 'events', detail: `compacted up to revision ${store.compactRevision}` },
  ];
}
