import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { KObject, StoredObject } from '../types';
import { StatusError } from './types';

type PodObj = StoredObject & { spec: { nodeName?: string }; status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] } };
type PDBObj = StoredObject & { status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; disruptedPods?: Record<string, string> } };

function setup(replicas = 3) {
  const c = createCluster();
  const k = c.client('kubernetes-admin');
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  } as KObject);
  k.create('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { minAvailable: replicas - 1, selector: { matchLabels: { app: 'web' } } } } as KObject);
  c.runUntil(c.clock.now() + 60_000);
  const pods = () => k.list<PodObj>('pods', 'default', { labelSelector: 'app=web' }).items;
  const pdb = () => k.get<PDBObj>('poddisruptionbudgets', 'default', 'web-pdb');
  const evict = (name: string, deleteOptions?: Record<string, unknown>) =>
    k.create('pods', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...(deleteOptions ? { deleteOptions } : {}) } as KObject, { namespace: 'default', subresource: 'eviction', name });
  return { c, k, pods, pdb, evict };
}

function errorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('pods/eviction', () => {
  it('spends one disruption, records the pod, marks it DisruptionTarget and deletes it gracefully', () => {
    const t = setup();
    expect(t.pods().filter((p) => p.status?.phase === 'Running')).toHaveLength(3);
    expect(t.pdb().status?.disruptionsAllowed).toBe(1);
    const victim = t.pods()[0]!.metadata.name;
    const res = t.evict(victim, { gracePeriodSeconds: 5 });
    expect(res).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const pdb = t.pdb();
    expect(pdb.status?.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status?.disruptedPods ?? {})).toEqual([victim]);
    const pod = t.k.get<PodObj>('pods', 'default', victim);
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(pod.status?.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }));
  });

  it('refuses with 429 TooManyRequests and a DisruptionBudget cause when no disruption is allowed', () => {
    const t = setup();
    const [a, b] = t.pods().map((p) => p.metadata.name);
    t.evict(a!);
    // At once, before the disruption controller has looked again: the status still counts the evicted pod.
    const e = errorOf(() => t.evict(b!));
    expect(e.status).toMatchObject({
      kind: 'Status', status: 'Failure', code: 429, reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 3 currently' }] },
    });
    expect(t.k.get<PodObj>('pods', 'default', b!).metadata.deletionTimestamp).toBeUndefined();
  });

  it('answers 500 when more than one PodDisruptionBudget selects the pod', () => {
    const t = setup();
    t.k.create('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'other', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } } as KObject);
    const e = errorOf(() => t.evict(t.pods()[0]!.metadata.name));
    expect(e.status).toMatchObject({ code: 500, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
  });

  it('deletes Pending and terminal pods without asking the budget', () => {
    const t = setup();
    t.k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default', labels: { app: 'web' } }, spec: { nodeSelector: { nowhere: 'x' }, containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
    const before = t.pdb().status?.disruptionsAllowed;
    expect(t.evict('stuck')).toMatchObject({ status: 'Success' });
    expect(() => t.k.get('pods', 'default', 'stuck')).toThrow(/not found/);
    expect(t.pdb().status?.disruptionsAllowed).toBe(before);
  });

  it('a pod no budget selects is simply deleted; a missing pod is 404; a mismatched name is 400', () => {
    const t = setup();
    t.k.delete('poddisruptionbudgets', 'default', 'web-pdb');
    const name = t.pods()[0]!.metadata.name;
    expect(t.evict(name)).toMatchObject({ status: 'Success' });
    expect(t.k.get('pods', 'default', name).metadata.deletionTimestamp).toBeDefined();
    expect(errorOf(() => t.evict('nope')).status).toMatchObject({ code: 404, message: 'pods "nope" not found' });
    const e = errorOf(() => t.k.create('pods', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'x', namespace: 'default' } } as KObject, { namespace: 'default', subresource: 'eviction', name }));
    expect(e.status).toMatchObject({ code: 400, message: 'name in URL does not match name in Eviction object' });
  });
});
