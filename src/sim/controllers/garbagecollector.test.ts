import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import { DeploymentController } from './deployment';
import { ReplicaSetController } from './replicaset';
import { GarbageCollector } from './garbagecollector';
import { isStatusError } from '../api/types';

function setup(replicas = 3) {
  const h = new Harness();
  h.add(ReplicaSetController);
  h.add(DeploymentController);
  h.add(GarbageCollector);
  h.k.create('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  h.run(2000);
  h.readyAll();
  h.run(2000);
  return h;
}

const exists = (h: Harness, resource: string, name: string) => {
  try {
    h.k.get(resource, 'default', name);
    return true;
  } catch (e) {
    if (isStatusError(e, 'NotFound')) return false;
    throw e;
  }
};

describe('GarbageCollector', () => {
  it('Background: the Deployment goes at once, then its ReplicaSet, then its pods terminate', () => {
    const h = setup();
    const rsName = h.rss()[0]!.metadata.name;
    h.k.delete('deployments', 'default', 'web', { propagationPolicy: 'Background' });
    expect(exists(h, 'deployments', 'web')).toBe(false);
    h.run(2000);
    expect(exists(h, 'replicasets', rsName)).toBe(false);
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => !!p.metadata.deletionTimestamp)).toBe(true);
    h.confirmDeletions();
    h.run(1000);
    expect(h.pods()).toHaveLength(0);
  });

  it('Foreground: the Deployment and ReplicaSet stay with foregroundDeletion until the pods are gone', () => {
    const h = setup();
    const rsName = h.rss()[0]!.metadata.name;
    h.k.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    h.run(2000);
    const d = h.k.get('deployments', 'default', 'web');
    expect(d.metadata.deletionTimestamp).toBeTruthy();
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    const rs = h.k.get('replicasets', 'default', rsName);
    expect(rs.metadata.deletionTimestamp).toBeTruthy();
    expect(rs.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(h.pods().every((p) => !!p.metadata.deletionTimestamp)).toBe(true);
    // no replacement pods while the ReplicaSet is being deleted
    expect(h.pods()).toHaveLength(3);
    h.confirmDeletions();
    h.run(2000);
    expect(h.pods()).toHaveLength(0);
    expect(exists(h, 'replicasets', rsName)).toBe(false);
    expect(exists(h, 'deployments', 'web')).toBe(false);
  });

  it('Orphan: the Deployment goes, the ReplicaSet and pods stay, without the owner reference', () => {
    const h = setup();
    const rsName = h.rss()[0]!.metadata.name;
    h.k.delete('deployments', 'default', 'web', { propagationPolicy: 'Orphan' });
    h.run(2000);
    expect(exists(h, 'deployments', 'web')).toBe(false);
    const rs = h.k.get('replicasets', 'default', rsName);
    expect(rs.metadata.ownerReferences ?? []).toEqual([]);
    expect(h.pods()).toHaveLength(3);
    expect(h.pods().every((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.[0]?.name === rsName)).toBe(true);
  });

  it('deletes an object created with an owner reference to an object that does not exist', () => {
    const h = new Harness();
    h.add(GarbageCollector);
    h.run(100);
    h.k.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'lost', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    h.run(1000);
    expect(exists(h, 'pods', 'lost')).toBe(false);
  });

  it('keeps an object that still has a live owner, dropping only the dangling reference', () => {
    const h = new Harness();
    h.add(GarbageCollector);
    h.run(100);
    const cm = h.k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'keeper', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    h.k.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'shared',
        namespace: 'default',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Service', name: 'keeper', uid: cm.metadata.uid },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    h.run(1000);
    const p = h.k.get('pods', 'default', 'shared');
    expect(p.metadata.ownerReferences?.map((r) => r.name)).toEqual(['keeper']);
  });
});
