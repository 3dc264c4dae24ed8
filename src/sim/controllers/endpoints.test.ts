import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import { ReplicaSetController } from './replicaset';
import { EndpointsController } from './endpoints';
import { EndpointSliceController } from './endpointslice';
import { GarbageCollector } from './garbagecollector';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Endpoints } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { isStatusError } from '../api/types';

type Slice = EndpointSlice & StoredObject;
type Ep = Endpoints & StoredObject;

function setup(replicas = 3) {
  const h = new Harness();
  h.add(ReplicaSetController);
  h.add(EndpointsController);
  h.add(EndpointSliceController);
  h.add(GarbageCollector);
  h.k.create('replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } },
    },
  });
  h.k.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  h.run(1000);
  return h;
}

const slices = (h: Harness) => h.k.list<Slice>('endpointslices', 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items;
const endpoints = (h: Harness) => h.k.get<Ep>('endpoints', 'default', 'web');

describe('EndpointSliceController and EndpointsController', () => {
  it('start with an empty placeholder slice and an Endpoints object without subsets', () => {
    const h = setup();
    const s = slices(h);
    expect(s).toHaveLength(1);
    expect(s[0]!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s[0]!.endpoints ?? []).toEqual([]);
    expect(s[0]!.metadata.labels).toEqual({ tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(s[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true });
    const ep = endpoints(h);
    expect(ep.subsets ?? []).toEqual([]);
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
  });

  it('follow pods as they become ready, resolving the named targetPort', () => {
    const h = setup();
    const [a, b, c] = h.pods();
    h.makeReady(a!, 'worker-1');
    h.makeReady(b!, 'worker-2');
    h.makeReady(c!, 'worker-3', false);
    h.run(1000);
    const s = slices(h);
    expect(s).toHaveLength(1);
    const slice = s[0]!;
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byName = new Map(slice.endpoints.map((e) => [e.targetRef!.name, e]));
    expect(byName.size).toBe(3);
    expect(byName.get(a!.metadata.name)).toMatchObject({ conditions: { ready: true, serving: true, terminating: false }, nodeName: 'worker-1', targetRef: { kind: 'Pod', namespace: 'default', uid: a!.metadata.uid } });
    expect(byName.get(c!.metadata.name)!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(slice.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(/^2024-09-02T10:00:\d\dZ$/);

    const ep = endpoints(h);
    expect(ep.subsets).toHaveLength(1);
    const sub = ep.subsets![0]!;
    expect(sub.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(sub.addresses!.map((x) => x.targetRef!.name).sort()).toEqual([a!.metadata.name, b!.metadata.name].sort());
    expect(sub.notReadyAddresses!.map((x) => x.targetRef!.name)).toEqual([c!.metadata.name]);
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBeTruthy();
  });

  it('mark terminating pods: terminating and not ready in the slice, gone from Endpoints', () => {
    const h = setup(2);
    for (const p of h.pods()) h.makeReady(p);
    h.run(1000);
    h.k.patch('replicasets', 'default', 'web', { spec: { replicas: 1 } });
    h.run(1000);
    const gone = h.pods().find((p) => p.metadata.deletionTimestamp)!;
    const e = slices(h)[0]!.endpoints.find((x) => x.targetRef!.name === gone.metadata.name)!;
    expect(e.conditions).toEqual({ ready: false, serving: true, terminating: true });
    const addrs = endpoints(h).subsets!.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]);
    expect(addrs.map((x) => x.targetRef!.name)).not.toContain(gone.metadata.name);
    h.confirmDeletions();
    h.run(1000);
    expect(slices(h)[0]!.endpoints).toHaveLength(1);
  });

  it('split more than 100 endpoints over several slices', () => {
    const h = setup(150);
    h.readyAll();
    h.run(2000);
    const s = slices(h);
    expect(s.map((x) => x.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100]);
    expect(endpoints(h).subsets![0]!.addresses).toHaveLength(150);
  });

  it('remove the Endpoints with the Service; the garbage collector removes the slices', () => {
    const h = setup();
    h.readyAll();
    h.run(1000);
    h.k.delete('services', 'default', 'web');
    h.run(2000);
    expect(slices(h)).toHaveLength(0);
    let found = true;
    try {
      endpoints(h);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) found = false;
    }
    expect(found).toBe(false);
  });

  it('give the Endpoints of an unlabelled Service no labels field at all (an empty map is not written)', () => {
    const h = setup();
    h.k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.run(1000);
    expect(h.k.get<Ep>('endpoints', 'default', 'plain').metadata).not.toHaveProperty('labels');
    expect(endpoints(h).metadata.labels).toEqual({ tier: 'front' });
  });
});
