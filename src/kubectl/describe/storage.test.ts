import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { fixture } from './testutil';

describe('kubectl describe persistentvolumeclaim', () => {
  it('prints an unbound claim: no capacity or access modes yet, its data source, the pods using it sorted', () => {
    const f = fixture();
    f.create('persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, dataSource: { kind: 'PersistentVolumeClaim', name: 'src' } } });
    f.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
    for (const name of ['b', 'a']) f.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
    expect(f.k('describe pvc data')).toBe(
      [
        'Name:          data',
        'Namespace:     default',
        'StorageClass:  fast',
        'Status:        ',
        'Volume:        ',
        'Labels:        <none>',
        'Annotations:   <none>',
        'Finalizers:    [kubernetes.io/pvc-protection]',
        'Capacity:      ',
        'Access Modes:  ',
        'VolumeMode:    Filesystem',
        'DataSource:',
        '  Kind:   PersistentVolumeClaim',
        '  Name:   src',
        'Used By:  a',
        '          b',
        'Events:   <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe persistentvolume', () => {
  it('prints an NFS volume: access modes abbreviated in kubectl’s order, no node affinity', () => {
    const f = fixture();
    f.create('persistentvolumes', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'nfs-pv', labels: { type: 'nfs' } }, spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', nfs: { server: '10.0.0.5', path: '/exports' } } });
    expect(f.k('describe pv nfs-pv')).toBe(
      [
        'Name:            nfs-pv',
        'Labels:          type=nfs',
        'Annotations:     <none>',
        'Finalizers:      [kubernetes.io/pv-protection]',
        'StorageClass:    ',
        'Status:          ',
        'Claim:           ',
        'Reclaim Policy:  Retain',
        'Access Modes:    ROX,RWX',
        'VolumeMode:      Filesystem',
        'Capacity:        10Gi',
        'Node Affinity:   <none>',
        'Message:         ',
        'Source:',
        '    Type:      NFS (an NFS mount that lasts the lifetime of a pod)',
        '    Server:    10.0.0.5',
        '    Path:      /exports',
        '    ReadOnly:  false',
        'Events:        <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints a CSI volume with its attributes and a node affinity of several requirements', () => {
    const f = fixture();
    f.create('persistentvolumes', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'csi-pv' }, spec: { storageClassName: 'ebs', capacity: { storage: '8Gi' }, accessModes: ['ReadWriteOncePod'], csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'ext4', volumeAttributes: { b: '2', a: '1' } }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b'] }, { key: 'disk', operator: 'Exists' }] }] } } } });
    expect(f.k('describe pv csi-pv')).toBe(
      [
        'Name:              csi-pv',
        'Labels:            <none>',
        'Annotations:       <none>',
        'Finalizers:        [kubernetes.io/pv-protection]',
        'StorageClass:      ebs',
        'Status:            ',
        'Claim:             ',
        'Reclaim Policy:    Retain',
        'Access Modes:      RWOP',
        'VolumeMode:        Filesystem',
        'Capacity:          8Gi',
        'Node Affinity:     ',
        '  Required Terms:  ',
        '    Term 0:        topology.ebs.csi.aws.com/zone in [eu-west-1a, eu-west-1b]',
        '                   disk exists',
        'Message:           ',
        'Source:',
        '    Type:              CSI (a Container Storage Interface (CSI) volume source)',
        '    Driver:            ebs.csi.aws.com',
        '    FSType:            ext4',
        '    VolumeHandle:      vol-0abc',
        '    ReadOnly:          false',
        '    VolumeAttributes:      a=1',
        '                           b=2',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe storageclass', () => {
  it('prints parameters and annotations as label lists, mount options and allowed topologies', () => {
    const f = fixture();
    f.create('storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'ebs' }, provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' }, allowVolumeExpansion: true, mountOptions: ['debug', 'noatime'], allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['eu-west-1a', 'eu-west-1b'] }] }] });
    expect(f.k('describe sc ebs')).toBe(
      [
        'Name:                  ebs',
        'IsDefaultClass:        No',
        'Annotations:           <none>',
        'Provisioner:           ebs.csi.aws.com',
        'Parameters:            encrypted=true,type=gp3',
        'AllowVolumeExpansion:  True',
        'MountOptions:',
        '  debug',
        '  noatime',
        'ReclaimPolicy:      Delete',
        'VolumeBindingMode:  Immediate',
        'AllowedTopologies:  ',
        '  Term 0:           topology.ebs.csi.aws.com/zone in [eu-west-1a, eu-west-1b]',
        'Events:             <none>',
        '',
      ].join('\n'),
    );
  });
});

const CLAIM = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
          - name: data
            mountPath: /data
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
`;

describe('kubectl describe of storage in a run', () => {
  it('describes a claim the local-path provisioner bound, its volume and the default class', () => {
    const r = kubetab(['run', 's.yaml', '--until', '30s', '--exec', 'describe pvc data', '--exec', 'describe pv', '--exec', 'describe sc standard'], { 's.yaml': CLAIM });
    const [pvc, pv, sc] = r.stdout.split(/^==> .*\n/m).slice(1);
    const volume = /^Volume: +(pvc-[0-9a-f-]+)$/m.exec(pvc!)![1]!;
    const node = /^ +volume\.kubernetes\.io\/selected-node: (worker-\d)$/m.exec(pvc!)![1]!;
    expect(pvc!.split('\nEvents:\n')[0]).toBe(
      [
        'Name:          data',
        'Namespace:     default',
        'StorageClass:  standard',
        'Status:        Bound',
        `Volume:        ${volume}`,
        'Labels:        <none>',
        'Annotations:   pv.kubernetes.io/bind-completed: yes',
        '               pv.kubernetes.io/bound-by-controller: yes',
        '               volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path',
        `               volume.kubernetes.io/selected-node: ${node}`,
        '               volume.kubernetes.io/storage-provisioner: rancher.io/local-path',
        'Finalizers:    [kubernetes.io/pvc-protection]',
        'Capacity:      1Gi',
        'Access Modes:  RWO',
        'VolumeMode:    Filesystem',
        'Used By:       app',
      ].join('\n'),
    );
    expect(pvc).toMatch(/\n {2}Normal {2}ProvisioningSucceeded {2}\d+s +rancher\.io\/local-path_\S+ {2}Successfully provisioned volume pvc-/);
    expect(pv).toBe(
      [
        `Name:              ${volume}`,
        'Labels:            <none>',
        `Annotations:       local.path.provisioner/selected-node: ${node}`,
        '                   pv.kubernetes.io/provisioned-by: rancher.io/local-path',
        'Finalizers:        [kubernetes.io/pv-protection]',
        'StorageClass:      standard',
        'Status:            Bound',
        'Claim:             default/data',
        'Reclaim Policy:    Delete',
        'Access Modes:      RWO',
        'VolumeMode:        Filesystem',
        'Capacity:          1Gi',
        'Node Affinity:     ',
        '  Required Terms:  ',
        `    Term 0:        kubernetes.io/hostname in [${node}]`,
        'Message:           ',
        'Source:',
        '    Type:          HostPath (bare host directory volume)',
        `    Path:          /var/local-path-provisioner/${volume}_default_data`,
        '    HostPathType:  DirectoryOrCreate',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
    expect(sc).toBe(
      [
        'Name:                  standard',
        'IsDefaultClass:        Yes',
        'Annotations:           storageclass.kubernetes.io/is-default-class=true',
        'Provisioner:           rancher.io/local-path',
        'Parameters:            <none>',
        'AllowVolumeExpansion:  <unset>',
        'MountOptions:          <none>',
        'ReclaimPolicy:         Delete',
        'VolumeBindingMode:     WaitForFirstConsumer',
        'Events:                <none>',
        '',
      ].join('\n'),
    );
  });
});
