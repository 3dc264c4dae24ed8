import { describe, expect, it } from 'vitest';
import { fixture } from './testutil';

describe('kubectl describe csinode', () => {
  it('prints each driver with its node ID, allocatable count and topology keys', () => {
    const f = fixture();
    f.create('csinodes', { apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'worker-1' }, spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-0abc', allocatable: { count: 25 }, topologyKeys: ['topology.ebs.csi.aws.com/zone', 'kubernetes.io/os'] }] } });
    expect(f.k('describe csinode worker-1')).toBe(
      [
        'Name:               worker-1',
        'Labels:             <none>',
        'Annotations:        <none>',
        'CreationTimestamp:  Mon, 02 Sep 2024 10:00:00 +0000',
        'Spec:',
        '  Drivers:',
        '    ebs.csi.aws.com:',
        '      Node ID:  i-0abc',
        '      Allocatables:',
        '        Count:        25',
        '      Topology Keys:  [topology.ebs.csi.aws.com/zone kubernetes.io/os]',
        'Events:               <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe priorityclass', () => {
  it('prints the value, global default, preemption policy and an empty description', () => {
    const f = fixture();
    f.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: -10, globalDefault: true, preemptionPolicy: 'Never' });
    expect(f.k('describe priorityclass low')).toBe(
      [
        'Name:              low',
        'Value:             -10',
        'GlobalDefault:     true',
        'PreemptionPolicy:  Never',
        'Description:       ',
        'Annotations:       <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('a PriorityClass created without preemptionPolicy', () => {
  it('is stored with the API server\'s default PreemptLowerPriority, as get -o yaml and describe show', () => {
    const f = fixture();
    f.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    expect(f.k('get pc high -o yaml').replace(/^  (creationTimestamp|resourceVersion|uid): .*\n/gm, '')).toBe(
      ['apiVersion: scheduling.k8s.io/v1', 'kind: PriorityClass', 'metadata:', '  name: high', 'preemptionPolicy: PreemptLowerPriority', 'value: 1000', ''].join('\n'),
    );
    expect(f.k('describe pc high')).toBe(
      [
        'Name:              high',
        'Value:             1000',
        'GlobalDefault:     false',
        'PreemptionPolicy:  PreemptLowerPriority',
        'Description:       ',
        'Annotations:       <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe TYPE without a name', () => {
  it('describes every object -l selects, separated by blank lines, and leaves the events out with --show-events=false', () => {
    const f = fixture();
    f.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', labels: { tier: 'x' } }, data: { k: 'v' } });
    f.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default', labels: { tier: 'x' } } });
    f.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    expect(f.k('describe cm -l tier=x')).toBe(
      [
        'Name:         a',
        'Namespace:    default',
        'Labels:       tier=x',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'k:',
        '----',
        'v',
        '',
        '',
        'BinaryData',
        '====',
        '',
        'Events:  <none>',
        '',
        '',
        'Name:         b',
        'Namespace:    default',
        'Labels:       tier=x',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        '',
        'BinaryData',
        '====',
        '',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
    expect(f.k('describe cm --show-events=false a')).toBe(
      [
        'Name:         a',
        'Namespace:    default',
        'Labels:       tier=x',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'k:',
        '----',
        'v',
        '',
        '',
        'BinaryData',
        '====',
        '',
        '',
      ].join('\n'),
    );
    expect(f.k('describe secrets -l tier=x')).toBe('No resources found in default namespace.\n');
  });
});
