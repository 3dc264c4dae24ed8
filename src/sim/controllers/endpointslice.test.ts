import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { Harness } from './internal/testkit';
import { ReplicaSetController } from './replicaset';
import { EndpointSliceController } from './endpointslice';
import type { StoredObject } from '../types';

type Slice = EndpointSlice & StoredObject;

describe('EndpointSliceController: the placeholder slice', () => {
  it('is updated in place when the first endpoint arrives and when the last goes: same name, same uid', () => {
    const h = new Harness();
    h.add(ReplicaSetController);
    h.add(EndpointSliceController);
    h.k.create('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
    });
    h.k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.run(1000);
    const list = () => h.k.list<Slice>('endpointslices', 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items;
    const [placeholder] = list();
    expect(placeholder!.endpoints ?? []).toEqual([]);
    expect(placeholder!.ports ?? []).toEqual([]);

    const [pod] = h.pods();
    h.makeReady(pod!, 'worker-1');
    h.run(1000);
    const [filled, ...more] = list();
    expect(more).toEqual([]);
    expect(filled!.metadata.uid).toBe(placeholder!.metadata.uid);
    expect(filled!.metadata.name).toBe(placeholder!.metadata.name);
    expect(filled!.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(filled!.endpoints.map((e) => e.targetRef?.name)).toEqual([pod!.metadata.name]);

    h.k.patch('replicasets', 'default', 'web', { spec: { replicas: 0 } }, { type: 'merge' });
    h.run(500);
    h.k.delete('pods', 'default', pod!.metadata.name, { gracePeriodSeconds: 0 });
    h.run(3000);
    const [emptied, ...others] = list();
    expect(others).toEqual([]);
    expect(emptied!.metadata.uid).toBe(placeholder!.metadata.uid);
    expect(emptied!.endpoints ?? []).toEqual([]);
  });
});
