import { describe, expect, it } from 'vitest';
import { Story, container, controlPlane, podYaml, worker } from './story';
import { kubetab, scenarioWith } from '../cli';

const classes = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 10000
`;

describe('preemption with PodDisruptionBudgets', () => {
  function cluster() {
    const t = new Story([controlPlane(), worker('w1', { cpu: '2' }), worker('w2', { cpu: '2' })], { disruption: true });
    t.apply(classes);
    t.apply(podYaml('db', `priorityClassName: low\nnodeSelector: {kubernetes.io/hostname: w1}\n${container('1500m')}`, { app: 'db' }));
    t.apply(podYaml('batch', `priorityClassName: low\nnodeSelector: {kubernetes.io/hostname: w2}\n${container('1500m')}`, { app: 'batch' }));
    t.apply(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: db}
`);
    t.advance(30_000);
    return t;
  }

  it('the PDB controller reports that the db pod may not be disrupted', () => {
    const t = cluster();
    const pdb = t.run.cluster.client().get<{ status?: Record<string, unknown> }>('poddisruptionbudgets', 'default', 'db');
    expect(pdb.status).toMatchObject({ currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: 0, observedGeneration: 1 });
  });

  it('a high-priority pod preempts the pod whose eviction violates no PDB, and lands in its place', () => {
    const t = cluster();
    t.scheduler.setTracing(true, 10);
    t.apply(podYaml('urgent', `priorityClassName: high\n${container('1500m')}`));
    t.advance(100);
    const uid = t.pod('urgent').metadata.uid;
    expect(t.events('Preempted', 'batch')[0]).toMatchObject({ type: 'Normal', message: `Preempted by pod ${uid} on node w2`, source: {}, reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-control-plane' });
    expect(t.events('Preempted', 'db')).toEqual([]);
    const first = t.scheduler.traces().find((x) => x.pod.name === 'urgent')!;
    expect(first.postFilter).toMatchObject({ plugin: 'DefaultPreemption', code: 'Success', nominatedNodeName: 'w2' });
    // w1's only victim is guarded by the PDB (disruptionsAllowed 0): both nodes are candidates, the
    // one without a PDB violation wins.
    expect(first.preemption).toMatchObject({ chosen: 'w2', decidedBy: 'fewest PDB violations', evicted: ['default/batch'] });
    // The first attempt failed (room had to be made); preemption succeeded, so no preemption part.
    expect(t.events('FailedScheduling', 'urgent')[0]?.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
    expect(t.pod('batch').status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    t.advance(60_000);
    expect(t.pods('batch')).toEqual([]);
    expect(t.pod('urgent').spec?.nodeName).toBe('w2');
    expect(t.pod('db').spec?.nodeName).toBe('w1');
  });
});

describe('scheduling gates', () => {
  it('a gated pod is never tried: no cycle, no FailedScheduling, it waits in the unschedulable pool', () => {
    const t = new Story([controlPlane(), worker('w1')]);
    t.scheduler.setTracing(true, 10);
    t.apply(podYaml('gated', `schedulingGates:\n- name: example.com/approval\n${container()}`));
    t.advance(10 * 60_000);
    expect(t.pod('gated').spec?.nodeName).toBeUndefined();
    expect(t.scheduler.queue.whereIs('default/gated')).toBe('unschedulablePods');
    expect(t.events('FailedScheduling', 'gated')).toEqual([]);
    expect(t.scheduler.traces().filter((x) => x.pod.name === 'gated')).toEqual([]);
  });

  it('shows SchedulingGated until the last gate is removed, then the pod is scheduled', () => {
    const t = new Story([controlPlane(), worker('w1')]);
    t.apply(podYaml('gated', `schedulingGates:\n- name: example.com/approval\n${container()}`));
    t.advance(5_000);
    expect(t.pod('gated').status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
    expect(t.kubectl('get pod gated')).toMatch(/gated\s+0\/1\s+SchedulingGated\s+0/);
    expect(() => t.kubectl(`patch pod gated --type=json -p '[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"another"}}]'`)).toThrow();
    t.run.cluster.client('kubernetes-admin').patch('pods', 'default', 'gated', [{ op: 'remove', path: '/spec/schedulingGates' }], { type: 'json' });
    t.advance(5_000);
    expect(t.pod('gated').spec?.nodeName).toBe('w1');
  });
});

describe('kubetab run --trace-scheduling', () => {
  const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: greedy
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: "5"}`;

  it('prints each cycle: filter verdicts per node, the failure message and the preemption attempt', () => {
    const r = kubetab(['run', 's.yaml', '--until', '5s', '--trace-scheduling=1'], { 's.yaml': scenarioWith(manifest) });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^=== cycle \d+ at \d+\.\d{3}s: pod default\/greedy \(priority 0\), profile default-scheduler$/m);
    expect(out).toContain('    control-plane  ✗ TaintToleration UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
    expect(out).toContain('    worker-1       ✗ NodeResourcesFit Unschedulable: Insufficient cpu');
    expect(out).toContain('  PostFilter: DefaultPreemption Unschedulable: preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod. → nomination cleared');
    expect(out).toContain('    worker-1: No preemption victims found for incoming pod');
    expect(out).toContain('  => Unschedulable: 0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..');
    // Bounded: only the last cycle is kept.
    expect(out.match(/^=== cycle/gm)).toHaveLength(1);
  });

  it('puts the traces in the --json result', () => {
    const r = kubetab(['run', 's.yaml', '--until', '5s', '--trace-scheduling=3', '--json'], { 's.yaml': scenarioWith(manifest) });
    const j = JSON.parse(r.stdout) as { schedulingTraces: { pod: { name: string }; outcome: string; filter: unknown[] }[] };
    expect(j.schedulingTraces.length).toBeGreaterThan(0);
    expect(j.schedulingTraces.length).toBeLessThanOrEqual(3);
    expect(j.schedulingTraces.at(-1)).toMatchObject({ pod: { name: 'greedy' }, outcome: 'Unschedulable' });
  });

  it('rejects a bad count', () => {
    const r = kubetab(['run', 's.yaml', '--trace-scheduling=0'], { 's.yaml': scenarioWith(manifest) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid argument for --trace-scheduling: "0" is not a positive whole number');
  });
});
