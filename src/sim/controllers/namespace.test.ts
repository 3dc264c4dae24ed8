import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import { NamespaceController } from './namespace';
import { ServiceAccountsController } from './serviceaccount';
import { ReplicaSetController } from './replicaset';
import { GarbageCollector } from './garbagecollector';
import { CidrSet, NodeIpamController } from './nodeipam';
import { CONTROLLERS } from './index';
import { isStatusError } from '../api/types';
import type { Namespace, Node } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';

type NS = Namespace & StoredObject;

const gone = (h: Harness, resource: string, ns: string | undefined, name: string) => {
  try {
    h.k.get(resource, ns, name);
    return false;
  } catch (e) {
    if (isStatusError(e, 'NotFound')) return true;
    throw e;
  }
};

describe('ServiceAccountsController', () => {
  it('creates default in every namespace and recreates it when deleted', () => {
    const h = new Harness();
    h.add(ServiceAccountsController);
    h.k.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    h.run(1000);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'team']) expect(gone(h, 'serviceaccounts', ns, 'default')).toBe(false);
    h.k.delete('serviceaccounts', 'team', 'default');
    h.run(1000);
    expect(gone(h, 'serviceaccounts', 'team', 'default')).toBe(false);
  });
});

describe('NamespaceController', () => {
  it('marks the namespace Terminating, deletes its content, waits for pods, then finalizes it', () => {
    const h = new Harness();
    h.add(ServiceAccountsController);
    h.add(ReplicaSetController);
    h.add(GarbageCollector);
    h.add(NamespaceController);
    h.k.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    h.run(1000);
    h.k.create('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'team' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    h.k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: { a: '1' } });
    h.run(1000);
    for (const p of h.pods('team')) h.makeReady(p);
    h.k.delete('namespaces', undefined, 'team');
    h.run(1000);
    const ns = h.k.get<NS>('namespaces', undefined, 'team');
    expect(ns.status?.phase).toBe('Terminating');
    const conds = new Map((ns.status?.conditions ?? []).map((c) => [c.type, c]));
    expect([...conds.keys()]).toEqual([
      'NamespaceDeletionDiscoveryFailure',
      'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining',
      'NamespaceFinalizersRemaining',
    ]);
    expect(conds.get('NamespaceDeletionDiscoveryFailure')).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' });
    expect(conds.get('NamespaceContentRemaining')).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' });
    expect(gone(h, 'configmaps', 'team', 'cfg')).toBe(true);
    expect(gone(h, 'replicasets', 'team', 'web')).toBe(true);
    expect(h.pods('team').every((p) => !!p.metadata.deletionTimestamp)).toBe(true);
    h.confirmDeletions('team');
    h.run(20_000);
    expect(gone(h, 'namespaces', undefined, 'team')).toBe(true);
  });
});

describe('NodeIpamController', () => {
  it('hands out /24s from 10.244.0.0/16 in order and releases them when a node goes', () => {
    const h = new Harness();
    h.add(NodeIpamController);
    const node = (name: string) => h.k.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } });
    node('a');
    h.run(100);
    node('b');
    h.run(100);
    node('c');
    h.run(1000);
    const cidr = (n: string) => h.k.get<Node & StoredObject>('nodes', undefined, n).spec;
    expect(cidr('a')).toMatchObject({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
    expect(cidr('b')?.podCIDR).toBe('10.244.1.0/24');
    expect(cidr('c')?.podCIDR).toBe('10.244.2.0/24');
    h.k.delete('nodes', undefined, 'b');
    h.run(100);
    node('d');
    h.run(1000);
    // the candidate index rotates on; 1 is reused only after wrapping
    expect(cidr('d')?.podCIDR).toBe('10.244.3.0/24');
  });

  it('reports CIDRNotAvailable when the range is exhausted', () => {
    const set = new CidrSet('10.244.0.0/30', 31);
    expect(set.allocateNext()).toBe('10.244.0.0/31');
    expect(set.allocateNext()).toBe('10.244.0.2/31');
    expect(set.allocateNext()).toBeUndefined();
    set.release('10.244.0.0/31');
    expect(set.allocateNext()).toBe('10.244.0.0/31');
  });
});

describe('controller index', () => {
  it('lists the controllers under their kube-controller-manager names and event sources', () => {
    expect(CONTROLLERS.map((c) => [c.name, c.eventSource])).toEqual([
      ['serviceaccount-controller', 'serviceaccount-controller'],
      ['endpoint-controller', 'endpoint-controller'],
      ['endpointslice-controller', 'endpoint-slice-controller'],
      ['replicaset-controller', 'replicaset-controller'],
      ['garbage-collector-controller', 'garbage-collector-controller'],
      ['deployment-controller', 'deployment-controller'],
      ['namespace-controller', 'namespace-controller'],
      ['node-ipam-controller', 'cidrAllocator'],
      ['disruption-controller', 'controllermanager'],
      ['replicationcontroller-controller', 'replication-controller'],
      ['statefulset-controller', 'statefulset-controller'],
      ['daemonset-controller', 'daemonset-controller'],
      ['job-controller', 'job-controller'],
      ['cronjob-controller', 'cronjob-controller'],
      ['ttl-after-finished-controller', 'ttl-after-finished-controller'],
      ['horizontal-pod-autoscaler-controller', 'horizontal-pod-autoscaler'],
      ['node-lifecycle-controller', 'node-controller'],
      ['taint-eviction-controller', 'taint-eviction-controller'],
      ['persistentvolume-binder-controller', 'persistentvolume-controller'],
      ['persistentvolumeclaim-protection-controller', 'pvc-protection-controller'],
      ['persistentvolume-protection-controller', 'pv-protection-controller'],
      ['resourcequota-controller', 'resourcequota-controller'],
      ['root-ca-certificate-publisher-controller', 'root-ca-cert-publisher'],
      ['clusterrole-aggregation-controller', 'clusterrole-aggregation-controller'],
    ]);
  });
});
