import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { Harness, type PodObj } from './internal/testkit';
import { DisruptionController, scaledValue, type PDBObj } from './disruption';
import type { KObject, StoredObject } from '../types';

function setup() {
  const h = new Harness(3);
  const dc = h.add(DisruptionController);
  const rs = (name: string, replicas: number, owner?: { kind: string; name: string; uid: string }) =>
    h.k.create<ReplicaSet & StoredObject>('replicasets', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, controller: true }] } : {}) },
      spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as unknown as ReplicaSet & StoredObject, { namespace: 'default' });
  const pod = (name: string, labels: Record<string, string>, owner?: { kind: string; name: string; uid: string }) =>
    h.k.create<PodObj>('pods', {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'default', labels, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, controller: true }] } : {}) },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    } as PodObj, { namespace: 'default' });
  const pdb = (name: string, spec: Record<string, unknown>) =>
    h.k.create<PDBObj>('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec } as KObject as PDBObj, { namespace: 'default' });
  const status = (name: string) => h.k.get<PDBObj>('poddisruptionbudgets', 'default', name).status!;
  return { h, dc, rs, pod, pdb, status };
}

describe('DisruptionController', () => {
  it('minAvailable as a number counts the selected pods: 3 ready, 2 required, 1 disruption allowed', () => {
    const t = setup();
    const r = t.rs('web', 3);
    for (const n of ['web-a', 'web-b', 'web-c']) t.h.makeReady(t.pod(n, { app: 'web' }, { kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid }));
    t.pdb('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } });
    t.h.run(1000);
    const s = t.status('web-pdb');
    expect(s).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(s.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1 })]);
  });

  it('a pod that is not ready does not count as healthy, and no disruption is allowed at the minimum', () => {
    const t = setup();
    const r = t.rs('web', 3);
    t.h.makeReady(t.pod('web-a', { app: 'web' }, { kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid }));
    t.h.makeReady(t.pod('web-b', { app: 'web' }, { kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid }));
    t.pod('web-c', { app: 'web' }, { kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid });
    t.pdb('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } });
    t.h.run(1000);
    expect(t.status('web-pdb')).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(t.status('web-pdb').conditions![0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it('maxUnavailable uses the scale of the owning Deployment, not the number of pods', () => {
    const t = setup();
    const d = t.h.k.create('deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KObject, { namespace: 'default' }) as StoredObject;
    const r = t.rs('api-1', 4, { kind: 'Deployment', name: 'api', uid: d.metadata.uid });
    for (const n of ['api-a', 'api-b', 'api-c']) t.h.makeReady(t.pod(n, { app: 'api' }, { kind: 'ReplicaSet', name: 'api-1', uid: r.metadata.uid }));
    t.pdb('api-pdb', { maxUnavailable: '25%', selector: { matchLabels: { app: 'api' } } });
    t.h.run(1000);
    // 25% of 4 rounds up to 1: 3 must stay healthy; 3 are, so none may go.
    expect(t.status('api-pdb')).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
  });

  it('a scale change of the Deployment alone recomputes expectedPods', () => {
    const t = setup();
    const d = t.h.k.create('deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' },
      spec: { replicas: 4, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as KObject, { namespace: 'default' }) as StoredObject & { spec: { replicas: number } };
    const r = t.rs('api-1', 4, { kind: 'Deployment', name: 'api', uid: d.metadata.uid });
    for (const n of ['api-a', 'api-b', 'api-c']) t.h.makeReady(t.pod(n, { app: 'api' }, { kind: 'ReplicaSet', name: 'api-1', uid: r.metadata.uid }));
    t.pdb('api-pdb', { maxUnavailable: '25%', selector: { matchLabels: { app: 'api' } } });
    t.h.run(1000);
    const cur = t.h.k.get<StoredObject & { spec: { replicas: number } }>('deployments', 'default', 'api');
    t.h.k.update('deployments', { ...cur, spec: { ...cur.spec, replicas: 8 } });
    t.h.run(1000);
    // 25% of 8 is 2: 6 must stay healthy; 3 are.
    expect(t.status('api-pdb')).toMatchObject({ expectedPods: 8, desiredHealthy: 6, currentHealthy: 3, disruptionsAllowed: 0 });
  });

  it('a percentage with pods that have no controller reports UnmanagedPods', () => {
    const t = setup();
    t.h.makeReady(t.pod('lonely', { app: 'solo' }));
    t.pdb('solo-pdb', { minAvailable: '50%', selector: { matchLabels: { app: 'solo' } } });
    t.h.run(1000);
    expect(t.status('solo-pdb')).toMatchObject({ expectedPods: 0, desiredHealthy: 0, currentHealthy: 1, disruptionsAllowed: 0 });
    expect(t.h.events('UnmanagedPods')[0]?.message).toBe('Pods selected by this PodDisruptionBudget (selector: app=solo) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.');
    expect(t.h.events('UnmanagedPods')[0]?.source.component).toBe('controllermanager');
  });

  it('a PDB selecting nothing says NoPods', () => {
    const t = setup();
    t.pdb('empty', { minAvailable: 1, selector: { matchLabels: { app: 'none' } } });
    t.h.run(1000);
    expect(t.h.events('NoPods')[0]?.message).toBe('No matching pods found');
    expect(t.status('empty')).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0 });
  });

  it('a controller that cannot be found fails the sync safe: SyncFailed and no disruptions', () => {
    const t = setup();
    t.h.makeReady(t.pod('orphan-ish', { app: 'x' }, { kind: 'ReplicaSet', name: 'gone', uid: 'no-such-uid' }));
    t.pdb('x-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } });
    t.h.run(1000);
    const s = t.status('x-pdb');
    expect(s.disruptionsAllowed).toBe(0);
    expect(s.conditions![0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "orphan-ish"' });
    expect(t.h.events('CalculateExpectedPodCountFailed')[0]?.message).toBe('Failed to calculate the number of expected pods: found no controllers for pod "orphan-ish"');
  });

  it('follows pods: one becoming not ready lowers disruptionsAllowed', () => {
    const t = setup();
    const r = t.rs('web', 3);
    const pods = ['web-a', 'web-b', 'web-c'].map((n) => t.h.makeReady(t.pod(n, { app: 'web' }, { kind: 'ReplicaSet', name: 'web', uid: r.metadata.uid })));
    t.pdb('web-pdb', { minAvailable: 1, selector: { matchLabels: { app: 'web' } } });
    t.h.run(1000);
    expect(t.status('web-pdb').disruptionsAllowed).toBe(2);
    t.h.makeReady(pods[0]!, 'worker-1', false);
    t.h.run(1000);
    expect(t.status('web-pdb').disruptionsAllowed).toBe(1);
  });
});

describe('scaledValue', () => {
  it('rounds a percentage up or down as asked and passes numbers through', () => {
    expect(scaledValue('25%', 5, true)).toBe(2);
    expect(scaledValue('25%', 5, false)).toBe(1);
    expect(scaledValue(3, 10, true)).toBe(3);
  });
});
