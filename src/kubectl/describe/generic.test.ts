import { describe, expect, it } from 'vitest';
import { hasDescriber } from '.';
import { fixture } from './testutil';

// Lease and Event are not in kubectl 1.31's describerMap: `kubectl describe` uses the generic
// describer for them (every field, labelled by smartLabelFor), as it does for any kind not in the map.
describe('kinds kubectl describes generically', () => {
  it('has no describer of its own for Lease and Event, and one for every kind of the map', () => {
    expect(hasDescriber({ group: 'coordination.k8s.io', kind: 'Lease' })).toBe(false);
    expect(hasDescriber({ group: '', kind: 'Event' })).toBe(false);
    expect(hasDescriber({ group: 'events.k8s.io', kind: 'Event' })).toBe(false);
    for (const [group, kind] of [
      ['', 'Pod'], ['', 'ReplicationController'], ['', 'Secret'], ['', 'Service'], ['', 'ServiceAccount'], ['', 'Node'], ['', 'LimitRange'],
      ['', 'ResourceQuota'], ['', 'PersistentVolume'], ['', 'PersistentVolumeClaim'], ['', 'Namespace'], ['', 'Endpoints'], ['', 'ConfigMap'],
      ['discovery.k8s.io', 'EndpointSlice'], ['autoscaling', 'HorizontalPodAutoscaler'], ['networking.k8s.io', 'Ingress'], ['networking.k8s.io', 'IngressClass'],
      ['batch', 'Job'], ['batch', 'CronJob'], ['apps', 'StatefulSet'], ['apps', 'Deployment'], ['apps', 'DaemonSet'], ['apps', 'ReplicaSet'],
      ['storage.k8s.io', 'StorageClass'], ['storage.k8s.io', 'CSINode'], ['policy', 'PodDisruptionBudget'], ['rbac.authorization.k8s.io', 'Role'],
      ['rbac.authorization.k8s.io', 'ClusterRole'], ['rbac.authorization.k8s.io', 'RoleBinding'], ['rbac.authorization.k8s.io', 'ClusterRoleBinding'],
      ['networking.k8s.io', 'NetworkPolicy'], ['scheduling.k8s.io', 'PriorityClass'],
    ] as const) expect(hasDescriber({ group, kind }), `${group}/${kind}`).toBe(true);
  });

  it('describes a Lease field by field', () => {
    const f = fixture();
    f.create('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'my-lock', namespace: 'default' }, spec: { holderIdentity: 'worker-1_abc', leaseDurationSeconds: 15, renewTime: '2024-09-02T10:00:00.000000Z', acquireTime: '2024-09-02T10:00:00.000000Z', leaseTransitions: 0 } });
    const out = f.k('describe lease my-lock');
    const uid = /^ {2}UID: +(\S+)$/m.exec(out)![1]!;
    const rv = /^ {2}Resource Version: +(\S+)$/m.exec(out)![1]!;
    expect(out).toBe(
      [
        'Name:         my-lock',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  <none>',
        'API Version:  coordination.k8s.io/v1',
        'Kind:         Lease',
        'Metadata:',
        '  Creation Timestamp:  2024-09-02T10:00:00Z',
        '  Resource Version:    ' + rv,
        '  UID:                 ' + uid,
        'Spec:',
        '  Acquire Time:            2024-09-02T10:00:00.000000Z',
        '  Holder Identity:         worker-1_abc',
        '  Lease Duration Seconds:  15',
        '  Lease Transitions:       0',
        '  Renew Time:              2024-09-02T10:00:00.000000Z',
        'Events:                    <none>',
        '',
      ].join('\n'),
    );
  });

  it('describes an Event field by field, with no events of its own', () => {
    const f = fixture();
    f.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.17f0', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Pulled',
      message: 'Container image "nginx:1.27" already present on machine',
      type: 'Normal',
      count: 1,
      source: { component: 'kubelet', host: 'worker-1' },
    });
    const out = f.k('describe event web.17f0');
    expect(out).toMatch(/^Name: {9}web\.17f0\nNamespace: {4}default\nLabels: {7}<none>\nAnnotations: {2}<none>\nAPI Version: {2}v1\nCount: {8}1\nInvolved Object:\n {2}Kind: {7}Pod\n {2}Name: {7}web\n {2}Namespace: {2}default\nKind: {9}Event\n/);
    expect(out).toMatch(/\nMessage: +Container image "nginx:1\.27" already present on machine\nMetadata:\n/);
    expect(out).toMatch(/\nReason: +Pulled\nSource:\n {2}Component: {2}kubelet\n {2}Host: {7}worker-1\nType: +Normal\nEvents: +<none>\n$/);
  });
});
