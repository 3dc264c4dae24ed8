import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { Node, Pod } from '../types';
import { Scheduler, truncateMessage } from './scheduler';
import type { KubeSchedulerConfiguration } from './framework/config';

function setup(config?: KubeSchedulerConfiguration) {
  const cluster = createCluster({ bare: true, seed: 42 });
  const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, 'scheduler');
  const scheduler = new Scheduler({ ...ctx, config, trace: { enabled: true, capacity: 10 } });
  cluster.add(scheduler);
  scheduler.start();
  const admin = cluster.client();
  admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }, { namespace: 'default' });
  for (const [name, value] of [['low', 0], ['high', 1000]] as const) {
    admin.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value } as import('../types').KObject);
  }
  const node = (name: string, cpu: string, extra: Partial<Node['spec']> = {}) =>
    admin.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { ...extra }, status: { allocatable: { cpu, memory: '8Gi', pods: '110' }, capacity: { cpu, memory: '8Gi', pods: '110' } } } as Node);
  const pod = (name: string, cpu: string, extra: Partial<Pod['spec']> = {}) =>
    admin.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra } } as Pod, { namespace: 'default' });
  const get = (name: string) => admin.get<Pod>('pods', 'default', name);
  const events = () => admin.list<{ reason?: string; message?: string; type?: string; involvedObject?: { name?: string }; source?: { component?: string } } & import('../types').KObject>('events', 'default').items;
  return { cluster, scheduler, admin, node, pod, get, events };
}

describe('Scheduler', () => {
  it('binds a pod through pods/binding and records Scheduled', () => {
    const t = setup();
    t.node('worker-1', '4');
    t.pod('web', '500m');
    t.cluster.runUntil(1000);
    expect(t.get('web').spec?.nodeName).toBe('worker-1');
    const ev = t.events().find((e) => e.reason === 'Scheduled');
    expect(ev?.message).toBe('Successfully assigned default/web to worker-1');
    expect(ev?.type).toBe('Normal');
    expect(ev?.source?.component).toBe('default-scheduler');
  });

  it('writes FailedScheduling and PodScheduled=False when no node fits, then schedules once a node appears', () => {
    const t = setup();
    t.node('cp', '4', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    t.node('small', '1');
    t.pod('big', '2');
    t.cluster.runUntil(1000);
    const msg = '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..';
    const failed = t.events().find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe(msg);
    expect(failed?.type).toBe('Warning');
    const cond = t.get('big').status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    expect(t.scheduler.queue.whereIs('default/big')).toBe('unschedulablePods');

    t.node('large', '8');
    t.cluster.runUntil(5000);
    expect(t.get('big').spec?.nodeName).toBe('large');
  });

  it('the cache counts assumed pods, so back-to-back pods do not overcommit a node', () => {
    const t = setup();
    t.node('a', '1');
    t.node('b', '1');
    for (const n of ['p1', 'p2', 'p3']) t.pod(n, '600m');
    t.cluster.runUntil(2000);
    const placed = ['p1', 'p2', 'p3'].map((n) => t.get(n).spec?.nodeName ?? '');
    expect(placed.filter(Boolean).sort()).toEqual(['a', 'b']);
    expect(placed.filter((x) => !x)).toHaveLength(1);
  });

  it('preempts a lower-priority pod, nominates the node, and binds after the victim is gone', () => {
    const t = setup();
    t.node('a', '1');
    t.pod('low', '800m', { priorityClassName: 'low' });
    t.cluster.runUntil(1000);
    expect(t.get('low').spec?.nodeName).toBe('a');
    t.pod('high', '800m', { priorityClassName: 'high' });
    t.cluster.runUntil(2000);
    expect(t.events().find((e) => e.reason === 'Preempted')?.message).toMatch(/^Preempted by pod .+ on node a$/);
    expect(t.get('high').status?.nominatedNodeName).toBe('a');
    expect(t.get('low').metadata?.deletionTimestamp).toBeDefined();
    expect(t.get('low').status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler' });
    // No kubelet here: finish the victim's graceful deletion as the kubelet would.
    t.admin.delete('pods', 'default', 'low', { gracePeriodSeconds: 0 });
    t.cluster.runUntil(20_000);
    const high = t.get('high');
    expect(high.spec?.nodeName).toBe('a');
  });

  it('pods for another scheduler name are left alone', () => {
    const t = setup();
    t.node('a', '4');
    t.pod('other', '100m', { schedulerName: 'my-scheduler' });
    t.cluster.runUntil(1000);
    expect(t.get('other').spec?.nodeName).toBeUndefined();
  });

  it('a second profile schedules pods that name it', () => {
    const t = setup({ profiles: [{ schedulerName: 'default-scheduler' }, { schedulerName: 'bin-packer', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] });
    t.node('a', '4');
    t.pod('packed', '100m', { schedulerName: 'bin-packer' });
    t.cluster.runUntil(1000);
    expect(t.get('packed').spec?.nodeName).toBe('a');
  });

  it('keeps traces of the last cycles', () => {
    const t = setup();
    t.node('a', '4');
    t.pod('p', '100m');
    t.cluster.runUntil(1000);
    const tr = t.scheduler.traces();
    expect(tr.at(-1)).toMatchObject({ outcome: 'Scheduled', chosen: 'a', shortcut: 'one-feasible-node', pod: { name: 'p' } });
    expect(tr.at(-1)!.bind).toEqual([{ plugin: 'DefaultBinder', code: 'Success', reasons: [] }]);
  });
});

describe('truncateMessage', () => {
  it('keeps a short message', () => expect(truncateMessage('abc')).toBe('abc'));
  it('cuts to 1024 bytes ending in " ..."', () => {
    const out = truncateMessage('x'.repeat(2000));
    expect(out).toHaveLength(1024);
    expect(out.endsWith('x ...')).toBe(true);
  });
});
