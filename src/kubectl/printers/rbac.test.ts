import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';
import { roleBindingPrinter, rolePrinter } from './rbac';
import { tableLines } from './table';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';
import type { KObject } from '../../sim/types';

let cluster: Cluster;
let client: Client;
const k = (line: string): string => {
  const r = runKubectl(line, { client, nowMs: () => cluster.clock.now() });
  return r.stdout + r.stderr;
};

beforeAll(() => {
  cluster = createCluster();
  client = cluster.client('kubernetes-admin');
});

const table = (p: typeof rolePrinter, objs: KObject[], wide = false): string =>
  tabwrite(tableLines(p, objs, { wide, noHeaders: false, withNamespace: false, showLabels: false, nowMs: 90_000 }), TABLE_TABWRITER);

describe('role and binding tables (unit)', () => {
  const created = '2024-09-02T10:00:00Z';
  it('prints a role with its creation time in RFC 3339, not an age', () => {
    expect(table(rolePrinter, [{ metadata: { name: 'pod-reader', creationTimestamp: created } }])).toBe('NAME         CREATED AT\npod-reader   2024-09-02T10:00:00Z\n');
  });

  it('prints a binding as Kind/name of its role; -o wide sorts the subjects into users, groups and namespace/name service accounts', () => {
    const b = {
      metadata: { name: 'read-pods', creationTimestamp: created },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'ci' },
        { kind: 'Group', name: 'dev' },
        { kind: 'User', name: 'bob' },
      ],
    } as KObject;
    expect(table(roleBindingPrinter, [b])).toBe('NAME        ROLE              AGE\nread-pods   Role/pod-reader   90s\n');
    expect(table(roleBindingPrinter, [b], true)).toBe('NAME        ROLE              AGE   USERS       GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   90s   jane, bob   dev      ci/robot\n');
  });
});

describe('kubectl get on the default RBAC objects of a new cluster', () => {
  it('lists the ClusterRoleBindings with their roles', () => {
    const lines = k('get clusterrolebindings').split('\n');
    expect(lines).toHaveLength(57);
    expect(lines.slice(0, 4)).toEqual([
      'NAME                                                            ROLE                                                                               AGE',
      'cluster-admin                                                   ClusterRole/cluster-admin                                                          30s',
      'flannel                                                         ClusterRole/flannel                                                                30s',
      'kubeadm:cluster-admins                                          ClusterRole/cluster-admin                                                          30s',
    ]);
    expect(lines).toContain('system:controller:clusterrole-aggregation-controller            ClusterRole/system:controller:clusterrole-aggregation-controller                   30s');
    expect(lines.at(-2)).toBe('system:volume-scheduler                                         ClusterRole/system:volume-scheduler                                                30s');
  });

  it('shows the subjects of the kube-system RoleBindings with -o wide', () => {
    expect(k('get rolebindings -n kube-system -o wide')).toBe(
      [
        'NAME                                                ROLE                                                  AGE   USERS                                                   GROUPS                                                          SERVICEACCOUNTS',
        'kube-proxy                                          Role/kube-proxy                                       30s                                                           system:bootstrappers:kubeadm:default-node-token                 ',
        'kubeadm:kubelet-config                              Role/kubeadm:kubelet-config                           30s                                                           system:nodes, system:bootstrappers:kubeadm:default-node-token   ',
        'kubeadm:nodes-kubeadm-config                        Role/kubeadm:nodes-kubeadm-config                     30s                                                           system:bootstrappers:kubeadm:default-node-token, system:nodes   ',
        'metrics-server-auth-reader                          Role/extension-apiserver-authentication-reader        30s                                                                                                                           kube-system/metrics-server',
        'system::extension-apiserver-authentication-reader   Role/extension-apiserver-authentication-reader        30s   system:kube-controller-manager, system:kube-scheduler                                                                   ',
        'system::leader-locking-kube-controller-manager      Role/system::leader-locking-kube-controller-manager   30s   system:kube-controller-manager                                                                                          kube-system/kube-controller-manager',
        'system::leader-locking-kube-scheduler               Role/system::leader-locking-kube-scheduler            30s   system:kube-scheduler                                                                                                   kube-system/kube-scheduler',
        'system:controller:bootstrap-signer                  Role/system:controller:bootstrap-signer               30s                                                                                                                           kube-system/bootstrap-signer',
        'system:controller:cloud-provider                    Role/system:controller:cloud-provider                 30s                                                                                                                           kube-system/cloud-provider',
        'system:controller:token-cleaner                     Role/system:controller:token-cleaner                  30s                                                                                                                           kube-system/token-cleaner',
        '',
      ].join('\n'),
    );
  });

  it('lists the Roles of kube-public with their creation time', () => {
    expect(k('get roles -n kube-public')).toBe(
      'NAME                                   CREATED AT\nkubeadm:bootstrap-signer-clusterinfo   2024-09-02T09:59:30Z\nsystem:controller:bootstrap-signer     2024-09-02T09:59:30Z\n',
    );
  });

  it('shows view with the rules it aggregated, metrics-server\'s last', () => {
    const yaml = k('get clusterrole view -o yaml').replace(/^( {2}resourceVersion|  uid): .*\n/gm, '');
    expect(yaml.split('\n').slice(0, 32).join('\n')).toBe(
      [
        'aggregationRule:',
        '  clusterRoleSelectors:',
        '  - matchLabels:',
        '      rbac.authorization.k8s.io/aggregate-to-view: "true"',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        '  annotations:',
        '    rbac.authorization.kubernetes.io/autoupdate: "true"',
        '  creationTimestamp: "2024-09-02T09:59:30Z"',
        '  labels:',
        '    kubernetes.io/bootstrapping: rbac-defaults',
        '    rbac.authorization.k8s.io/aggregate-to-edit: "true"',
        '  name: view',
        'rules:',
        '- apiGroups:',
        '  - ""',
        '  resources:',
        '  - configmaps',
        '  - endpoints',
        '  - persistentvolumeclaims',
        '  - persistentvolumeclaims/status',
        '  - pods',
        '  - replicationcontrollers',
        '  - replicationcontrollers/scale',
        '  - serviceaccounts',
        '  - services',
        '  - services/status',
        '  verbs:',
        '  - get',
        '  - list',
        '  - watch',
      ].join('\n'),
    );
    expect(yaml.endsWith(['- apiGroups:', '  - metrics.k8s.io', '  resources:', '  - pods', '  - nodes', '  verbs:', '  - get', '  - list', '  - watch', ''].join('\n'))).toBe(true);
    expect(yaml.split('\n').filter((l) => l === '- apiGroups:')).toHaveLength(11);
  });
});
