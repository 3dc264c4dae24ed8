/**
 * Core benchmarks (issue: the control plane core): store writes/s, watch events delivered/s, and a
 * 1,000-replica Deployment reaching Running on 100 nodes. Wall time is measured here, never in tests.
 */
import { performance } from 'node:perf_hooks';
import { MvccStore } from '../src/sim/store/store';
import { createCluster } from '../src/sim/cluster';
import type { StoredObject } from '../src/sim/types';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** whether the figure meets its target, when the suite can tell */
  met?: boolean;
  detail?: string;
}

function obj(name: string, i: number): StoredObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: name, resourceVersion: String(i), creationTimestamp: '' }, data: { i: String(i) } };
}

export function storeWrites(): BenchResult {
  const s = new MvccStore();
  const n = 300_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const key = `/registry/configmaps/default/cm-${i % 5000}`;
    if (i < 5000) s.create(key, obj(`cm-${i}`, i));
    else s.update(key, obj(`cm-${i % 5000}`, i));
    if (i % 50_000 === 0) s.compact(s.revision - 10_000);
  }
  const ms = performance.now() - t0;
  const perSecond = Math.round(n / (ms / 1000));
  return { name: 'store writes', value: perSecond, unit: 'writes/s', target: '>= 100,000', met: perSecond >= 100_000 };
}

export function apiWrites(): BenchResult {
  const c = createCluster({ bare: true });
  const k = c.client('bench');
  const n = 50_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const name = `cm-${i % 1000}`;
    if (i < 1000) k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { i: String(i) } });
    else k.patch('configmaps', 'default', name, { data: { i: String(i) } });
  }
  const ms = performance.now() - t0;
  return { name: 'API server writes (validated, through admission)', value: Math.round(n / (ms / 1000)), unit: 'writes/s' };
}

export function watchDelivery(): BenchResult {
  const c = createCluster({ bare: true });
  const k = c.client('bench');
  const watchers = 20;
  let delivered = 0;
  for (let w = 0; w < watchers; w++) k.watch('configmaps', undefined, { resourceVersion: String(c.api.store.revision) }, () => delivered++);
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${i}`, namespace: 'default' } });
    if (i % 1000 === 999) c.clock.runUntil(c.clock.now());
  }
  c.clock.runUntil(c.clock.now() + 1);
  const ms = performance.now() - t0;
  return { name: 'watch events delivered', value: Math.round(delivered / (ms / 1000)), unit: 'events/s', detail: `${delivered} events to ${watchers} watchers` };
}

