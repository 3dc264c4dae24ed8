import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { KObject, Node, Pod } from '../types';
import { Scheduler } from './scheduler';

function setup(seed = 5) {
  const cluster = createCluster({ bare: true, seed });
  const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, 'scheduler');
  const scheduler = new Scheduler({ ...ctx });
  cluster.add(scheduler);
  scheduler.start();
  const admin = cluster.client();
  admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } } as KObject, { namespace: 'default' });
  for (const n of ['n1', 'n2', 'n3']) {
    admin.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: n, labels: { 'kubernetes.io/hostname': n } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' } } } as Node);
  }
  const pod = (name: string) => admin.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } } as Pod, { namespace: 'default' });
  const nodeOf = (name: string) => admin.get<Pod>('pods', 'default', name).spec?.nodeName;
  return { cluster, scheduler, pod, nodeOf };
}

describe('SchedulingCycleStepper', () => {
  it('stops before each extension point and performs one step per next()', () => {
    const t = setup();
    t.scheduler.setStepMode(true);
    t.pod('p');
    t.cluster.runUntil(1000);
    // Step mode: the clock ran no cycle.
    expect(t.scheduler.queue.whereIs('default/p')).toBe('activeQ');
    const st = t.scheduler.beginStep()!;
    expect(st.peek()).toEqual({ point: 'PreFilter', text: expect.stringMatching(/^PreFilter: NodeAffinity, NodePorts, NodeResourcesFit/) });
    expect(st.trace.preFilter).toEqual([]);
    st.next();
    expect(st.trace.preFilter.length).toBeGreaterThan(0);
    expect(st.peek()).toMatchObject({ point: 'Filter', node: 'n1' });
    expect(st.trace.filter).toEqual([]);
    st.next();
    expect(st.trace.filter.map((f) => f.node)).toEqual(['n1']);
    st.finish();
    const points = st.performed.map((s) => s.point + (s.node && s.point === 'Filter' ? `:${s.node}` : '') + (s.plugin ? `:${s.plugin}` : ''));
    expect(points).toEqual([
      'PreFilter', 'Filter:n1', 'Filter:n2', 'Filter:n3', 'PreScore',
      'Score:TaintToleration', 'NormalizeScore:TaintToleration', 'Score:NodeResourcesFit', 'Score:NodeResourcesBalancedAllocation', 'Score:ImageLocality',
      'Select', 'Reserve', 'PreBind', 'Bind',
    ]);
    expect(st.done).toBe(true);
    expect(st.trace.outcome).toBe('Scheduled');
    // The binding went through the API at once, with the clock still where it was.
    expect(t.nodeOf('p')).toBe(st.trace.chosen);
  });

  it('a stepped cycle makes the same decisions as a normal one from the same start', () => {
    const normal = setup(11);
    const stepped = setup(11);
    stepped.scheduler.setStepMode(true);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const n of names) { normal.pod(n); stepped.pod(n); }
    normal.cluster.runUntil(2000);
    stepped.cluster.runUntil(2000);
    for (;;) {
      const st = stepped.scheduler.beginStep();
      if (!st) break;
      while (st.next()) { /* one step at a time */ }
      stepped.cluster.runUntil(stepped.cluster.clock.now() + 10);
    }
    expect(names.map(stepped.nodeOf)).toEqual(names.map(normal.nodeOf));
    expect(new Set(names.map(normal.nodeOf)).size).toBeGreaterThan(1);
  });

  it('leaving step mode finishes the open cycle and resumes normal scheduling', () => {
    const t = setup();
    t.scheduler.setStepMode(true);
    t.pod('x');
    t.pod('y');
    t.cluster.runUntil(1000);
    const st = t.scheduler.beginStep()!;
    st.next();
    t.scheduler.setStepMode(false);
    expect(st.done).toBe(true);
    t.cluster.runUntil(3000);
    expect(t.nodeOf('x')).toBeDefined();
    expect(t.nodeOf('y')).toBeDefined();
  });
});
