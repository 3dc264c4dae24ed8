import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { fixture } from './testutil';

const STS_AND_DS = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 0s
    apply: |
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 2
        selector:
          matchLabels: {app: db}
        template:
          metadata:
            labels: {app: db}
          spec:
            containers:
            - name: db
              image: nginx:1.27
              volumeMounts:
              - name: data
                mountPath: /data
        volumeClaimTemplates:
        - metadata:
            name: data
          spec:
            accessModes: ["ReadWriteOnce"]
            resources:
              requests:
                storage: 1Gi
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
      spec:
        selector:
          matchLabels: {app: agent}
        template:
          metadata:
            labels: {app: agent}
          spec:
            tolerations:
            - key: node-role.kubernetes.io/control-plane
              operator: Exists
              effect: NoSchedule
            containers:
            - name: agent
              image: busybox:1.36
              command: ["sleep", "infinity"]
`;

describe('kubectl describe statefulset', () => {
  it('describes a StatefulSet with a volume claim template in a run', () => {
    const r = kubetab(['run', 's.yaml', '--until', '60s', '--exec', 'describe sts db'], { 's.yaml': STS_AND_DS });
    expect(r.stdout).toBe(
      [
        '==> kubectl describe sts db',
        'Name:               db',
        'Namespace:          default',
        'CreationTimestamp:  Mon, 02 Sep 2024 10:00:00 +0000',
        'Selector:           app=db',
        'Labels:             <none>',
        'Annotations:        <none>',
        'Replicas:           2 desired | 2 total',
        'Update Strategy:    RollingUpdate',
        '  Partition:        0',
        'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=db',
        '  Containers:',
        '   db:',
        '    Image:        nginx:1.27',
        '    Port:         <none>',
        '    Host Port:    <none>',
        '    Environment:  <none>',
        '    Mounts:',
        '      /data from data (rw)',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Volume Claims:',
        '  Name:          data',
        '  StorageClass:  ',
        '  Labels:        <none>',
        '  Annotations:   <none>',
        '  Capacity:      1Gi',
        '  Access Modes:  [ReadWriteOnce]',
        'Events:',
        '  Type    Reason            Age   From                    Message',
        '  ----    ------            ----  ----                    -------',
        '  Normal  SuccessfulCreate  60s   statefulset-controller  create Claim data-db-0 Pod db-0 in StatefulSet db success',
        '  Normal  SuccessfulCreate  60s   statefulset-controller  create Pod db-0 in StatefulSet db successful',
        '  Normal  SuccessfulCreate  57s   statefulset-controller  create Claim data-db-1 Pod db-1 in StatefulSet db success',
        '  Normal  SuccessfulCreate  57s   statefulset-controller  create Pod db-1 in StatefulSet db successful',
        '',
      ].join('\n'),
    );
  });

  it('prints MaxUnavailable under a partition, and <none> for no claim templates', () => {
    const f = fixture();
    f.create('statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3,
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: '50%' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    });
    const out = f.k('describe statefulset web');
    expect(out).toContain('\nReplicas:           3 desired | 0 total\nUpdate Strategy:    RollingUpdate\n  Partition:        2\n  MaxUnavailable:   50%\nPods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
    expect(out).toContain('\n  Tolerations:     <none>\nVolume Claims:     <none>\nEvents:            <none>\n');
  });
});

describe('kubectl describe daemonset', () => {
  it('describes a DaemonSet across every node, the control plane included, in a run', () => {
    const r = kubetab(['run', 's.yaml', '--until', '60s', '--exec', 'describe ds agent'], { 's.yaml': STS_AND_DS });
    const out = r.stdout;
    expect(out.split('\nPod Template:\n')[0]).toBe(
      [
        '==> kubectl describe ds agent',
        'Name:           agent',
        'Namespace:      default',
        'Selector:       app=agent',
        'Node-Selector:  <none>',
        'Labels:         <none>',
        'Annotations:    <none>',
        'Desired Number of Nodes Scheduled: 4',
        'Current Number of Nodes Scheduled: 4',
        'Number of Nodes Scheduled with Up-to-date Pods: 4',
        'Number of Nodes Scheduled with Available Pods: 4',
        'Number of Nodes Misscheduled: 0',
        'Pods Status:  4 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      ].join('\n'),
    );
    expect(out).toContain('\n  Tolerations:     node-role.kubernetes.io/control-plane:NoSchedule op=Exists\nEvents:\n');
    expect(out.match(/ {2}Normal {2}SuccessfulCreate {2}60s {3}daemonset-controller {2}Created pod: agent-[a-z0-9]{5}\n/g)).toHaveLength(4);
  });
});

describe('kubectl describe replicationcontroller', () => {
  it('prints the selector map, replicas, pod counts and the template', () => {
    const f = fixture();
    f.create('replicationcontrollers', {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { replicas: 3, selector: { app: 'nginx' }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
    });
    expect(f.k('describe rc nginx')).toBe(
      [
        'Name:         nginx',
        'Namespace:    default',
        'Selector:     app=nginx',
        'Labels:       app=nginx',
        'Annotations:  <none>',
        'Replicas:     0 current / 3 desired',
        'Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=nginx',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.27',
        '    Port:          80/TCP',
        '    Host Port:     0/TCP',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });
});
