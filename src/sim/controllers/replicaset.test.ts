import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import type { PodObj } from './internal/testkit';
import { ReplicaSetController, comparePodsForDeletion, slowStartBatch } from './replicaset';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { StoredObject } from '../types';

type RSObj = ReplicaSet & StoredObject;

const rs = (name: string, replicas: number, extra: Partial<ReplicaSet['spec']> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    ...extra,
  },
});

function setup() {
  const h = new Harness();
  const ctl = h.add(ReplicaSetController);
  return { h, ctl };
}

describe('ReplicaSetController', () => {
  it('creates 3 pods named <rs>-<5 chars>, owned by the ReplicaSet, with SuccessfulCreate events', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('web', 3));
    h.run(1000);
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    const owner = h.k.get<RSObj>('replicasets', 'default', 'web');
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const created = h.events('SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(created.every((e) => e.source.component === 'replicaset-controller' && e.involvedObject.kind === 'ReplicaSet')).toBe(true);
    expect(owner.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('counts ready and available replicas, honouring minReadySeconds', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('web', 2, { minReadySeconds: 10 }));
    h.run(1000);
    h.readyAll();
    h.run(1000);
    let s = h.k.get<RSObj>('replicasets', 'default', 'web').status!;
    expect(s.readyReplicas).toBe(2);
    expect(s.availableReplicas ?? 0).toBe(0);
    h.run(12_000);
    s = h.k.get<RSObj>('replicasets', 'default', 'web').status!;
    expect(s.availableReplicas).toBe(2);
  });

  it('scales down deleting unscheduled, then not-ready pods before ready ones', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('web', 4));
    h.run(1000);
    const [a, b, c, d] = h.pods();
    h.makeReady(a!);
    h.makeReady(b!);
    h.makeReady(c!, 'worker-2', false);
    // d stays unscheduled
    h.run(1000);
    h.k.patch('replicasets', 'default', 'web', { spec: { replicas: 2 } });
    h.run(1000);
    const left = h.pods().filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    expect(left.sort()).toEqual([a!.metadata.name, b!.metadata.name].sort());
    const deleted = h.events('SuccessfulDelete').map((e) => e.message).sort();
    expect(deleted).toEqual([`Deleted pod: ${c!.metadata.name}`, `Deleted pod: ${d!.metadata.name}`].sort());
  });

  it('replaces a deleted pod, and does not over-create while the deletion is pending', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('web', 2));
    h.run(1000);
    for (const p of h.pods()) h.makeReady(p);
    const victim = h.pods()[0]!;
    h.k.delete('pods', 'default', victim.metadata.name);
    h.run(1000);
    const live = h.pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(2);
    h.confirmDeletions();
    h.run(1000);
    expect(h.pods()).toHaveLength(2);
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', () => {
    const { h } = setup();
    h.k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    h.k.create('replicasets', rs('web', 2));
    h.run(1000);
    const pods = h.pods();
    expect(pods).toHaveLength(2);
    const stray = h.k.get<PodObj>('pods', 'default', 'stray');
    expect(stray.metadata.ownerReferences?.[0]?.name).toBe('web');
    h.k.patch('pods', 'default', 'stray', { metadata: { labels: { app: 'other' } } });
    h.run(1000);
    expect(h.k.get<PodObj>('pods', 'default', 'stray').metadata.ownerReferences ?? []).toEqual([]);
    expect(h.pods('default', (p) => p.metadata.labels?.app === 'web')).toHaveLength(2);
  });

  it('records FailedCreate with the API error when the pod is refused', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('web', 1, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }], priorityClassName: 'nope' } } }));
    h.run(1000);
    const failed = h.events('FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toMatch(/^Error creating: pods "web-.*" is forbidden: no PriorityClass with name nope was found$/);
    const cond = h.k.get<RSObj>('replicasets', 'default', 'web').status?.conditions?.[0];
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(h.pods()).toHaveLength(0);
  });

  it('creates a large ReplicaSet in bursts of at most 500 per sync', () => {
    const { h } = setup();
    h.k.create('replicasets', rs('big', 1000));
    h.run(5000);
    expect(h.pods()).toHaveLength(1000);
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4 … and stops after a failing batch', () => {
    let calls = 0;
    const r = slowStartBatch(10, 1, () => {
      calls++;
      if (calls === 5) throw new Error('boom');
    });
    // batches 1, 2, 4: the 4-batch (calls 4-7) fails at call 5; its other calls still run
    expect(r.successes).toBe(6);
    expect(calls).toBe(7);
  });
});

describe('comparePodsForDeletion', () => {
  const pod = (name: string, o: { node?: string; phase?: string; ready?: boolean; created?: string; restarts?: number }): PodObj =>
    ({
      metadata: { name, uid: name, creationTimestamp: o.created ?? '2024-09-02T10:00:00Z', resourceVersion: '1' },
      spec: { nodeName: o.node, containers: [] },
      status: {
        phase: o.phase ?? 'Running',
        conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-09-02T10:00:00Z' }] : [],
        containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
      },
    }) as unknown as PodObj;
  const now = 3_600_000;
  it('prefers unscheduled, then pending, then not ready, then more restarts, then newer', () => {
    const sorted = [
      pod('ready-old', { node: 'n', ready: true, created: '2024-09-02T10:00:00Z' }),
      pod('unscheduled', { phase: 'Pending' }),
      pod('pending', { node: 'n', phase: 'Pending' }),
      pod('notready', { node: 'n' }),
      pod('restarty', { node: 'n', restarts: 3 }),
    ].sort((a, b) => comparePodsForDeletion(a, b, 1, 1, now));
    expect(sorted.map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'restarty', 'notready', 'ready-old']);
  });
});
