/**
 * The scheduler benchmark, in the shape of kube-scheduler's SchedulingBasic
 * (test/integration/scheduler_perf, config/performance-config.yaml): 5,000 nodes (4 CPU, 32Gi, 110
 * pods), 1,000 pods already placed, then 10,000 pods (100m CPU, 500Mi) to schedule with the full
 * default profile, through the API server (watch, pods/binding, Events), traces off. Figure: pods
 * scheduled per second of wall time, from the first cycle until the last pod is bound.
 *
 * A second run keeps traces on (ring of the last N cycles) and reports the heap the ring holds.
 *
 *   npm run bench scheduler        (or: node --expose-gc bin/bench.mjs scheduler)
 */
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/sim/cluster';
import { Scheduler } from '../src/sim/scheduler/scheduler';
import type { KObject, Node, Pod } from '../src/sim/types';
import type { BenchResult } from './core';

export interface SchedulingBasicOptions {
  nodes?: number;
  initPods?: number;
  measurePods?: number;
  trace?: { enabled: boolean; capacity?: number };
}

function node(name: string): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '32Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  } as Node;
}

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'bench' } },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } } }],
    },
  } as Pod;
}

/** Runs SchedulingBasic once; returns pods/s, wall ms and the scheduler for inspection. */
export function schedulingBasic(opts: SchedulingBasicOptions = {}): { podsPerSecond: number; wallMs: number; scheduled: number; scheduler: Scheduler; heapDeltaMiB: number } {
  const numNodes = opts.nodes ?? 5000;
  const initPods = opts.initPods ?? 1000;
  const measurePods = opts.measurePods ?? 10_000;
  const cluster = createCluster({ bare: true, seed: 1 });
  const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, 'scheduler');
  const scheduler = new Scheduler({ ...ctx, trace: opts.trace ?? { enabled: false } });
  cluster.add(scheduler);
  scheduler.start();
  const admin = cluster.client();
  admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } } as KObject, { namespace: 'default' });
  for (let i = 0; i < numNodes; i++) {
    // The API server registers a Node with the not-ready taint; with no node controller in this bare
    // rig, take it off as the node lifecycle controller would once the node is Ready.
    const n = admin.create('nodes', node(`node-${i}`));
    admin.patch('nodes', undefined, n.metadata.name, { spec: { taints: null } });
  }
  for (let i = 0; i < initPods; i++) admin.create('pods', pod(`init-${i}`, `node-${i % numNodes}`), { namespace: 'default' });
  cluster.runUntil(cluster.clock.now() + 1000);
  // Count bindings as a watcher sees them (the measured pods getting spec.nodeName).
  const seen = new Set<string>();
  admin.watch<Pod>('pods', 'default', { resourceVersion: String(cluster.api.store.revision) }, (ev) => {
    const p = ev.object;
    if (ev.type !== 'DELETED' && p.spec?.nodeName && p.metadata.name.startsWith('measure-')) seen.add(p.metadata.name);
  });
  for (let i = 0; i < measurePods; i++) admin.create('pods', pod(`measure-${i}`), { namespace: 'default' });
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  // Run the clock in slices until every measured pod is bound.
  for (let t = cluster.clock.now(); seen.size < measurePods && t < 600_000; t += 1000) cluster.runUntil(t);
  if (seen.size < measurePods) throw new Error(`SchedulingBasic: only ${seen.size} of ${measurePods} pods were bound`);
  const bound = seen.size;
  const wallMs = performance.now() - t0;
  global.gc?.();
  const heapDeltaMiB = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  return { podsPerSecond: Math.round(bound / (wallMs / 1000)), wallMs: Math.round(wallMs), scheduled: bound, scheduler, heapDeltaMiB };
}

export function schedulerBench(): BenchResult[] {
  const off = schedulingBasic();
  const on = schedulingBasic({ trace: { enabled: true, capacity: 100 } });
  const traces = on.scheduler.traces();
  const traceBytes = Buffer.byteLength(JSON.stringify(traces));
  return [
    {
      name: 'SchedulingBasic 5000 nodes / 1000 placed / 10000 pods, traces off',
      value: off.podsPerSecond, unit: 'pods/s', target: '>= 2,000', met: off.podsPerSecond >= 2000,
      detail: `${off.scheduled} pods bound in ${off.wallMs} ms wall`,
    },
    {
      name: 'SchedulingBasic, traces on (ring of last 100 cycles)',
      value: on.podsPerSecond, unit: 'pods/s',
      detail: `ring holds ${traces.length} traces, ${(traceBytes / 1024 / 1024).toFixed(1)} MiB as JSON; heap growth over the run ${on.heapDeltaMiB.toFixed(0)} MiB (off: ${off.heapDeltaMiB.toFixed(0)} MiB)`,
    },
  ];
}
