import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { bootstrapPolicyObjects } from './index';
import { ensureAdminClusterRoleBinding, kubeadmInitRbacObjects, withAddOnRbac } from './kubeadm';
import { forbidden } from '../../api/errors';
import type { Client } from '../../client/types';
import { kubeadmAddOnObjects } from '../../bootstrap/kubeSystem';

const names = (kind: string): string[] => bootstrapPolicyObjects().filter((o) => o.kind === kind).map((o) => (o.metadata?.namespace ? `${o.metadata.namespace}/` : '') + o.metadata!.name!);

describe('the bootstrap policy of kube-apiserver 1.31', () => {
  it('has 64 ClusterRoles, 45 ClusterRoleBindings, 7 Roles and 7 RoleBindings', () => {
    expect([names('ClusterRole').length, names('ClusterRoleBinding').length, names('Role').length, names('RoleBinding').length]).toEqual([64, 45, 7, 7]);
  });

  it('binds each controller role to its ServiceAccount in kube-system', () => {
    const crb = bootstrapPolicyObjects().find((o) => o.metadata?.name === 'system:controller:clusterrole-aggregation-controller' && o.kind === 'ClusterRoleBinding');
    expect(crb).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        name: 'system:controller:clusterrole-aggregation-controller',
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:controller:clusterrole-aggregation-controller' },
      subjects: [{ kind: 'ServiceAccount', name: 'clusterrole-aggregation-controller', namespace: 'kube-system' }],
    });
  });

  it('gives admin, edit and view an aggregation rule and starts them empty; edit and view carry the labels that aggregate them upward', () => {
    const byName = (n: string) => bootstrapPolicyObjects().find((o) => o.kind === 'ClusterRole' && o.metadata?.name === n) as Record<string, unknown> & { metadata: { labels: Record<string, string> } };
    expect(byName('admin').aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] });
    expect(byName('edit').aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }] });
    expect(byName('view').aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }] });
    expect(byName('cluster-admin').aggregationRule).toBeUndefined();
    expect(byName('edit').metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' });
    expect(byName('view').metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' });
    expect(byName('view').rules).toEqual([]);
  });

  it('is built once and frozen', () => {
    expect(bootstrapPolicyObjects()).toBe(bootstrapPolicyObjects());
    expect(Object.isFrozen(bootstrapPolicyObjects()[0]!.metadata)).toBe(true);
  });

  it('is in the cluster once the API server has started, with kubeadm objects only when kubeadm ran', () => {
    const bare = createCluster({ bare: true });
    const k = bare.client('kubernetes-admin');
    expect(k.list('clusterroles', undefined).items).toHaveLength(64);
    expect(k.list('rolebindings', 'kube-system').items.map((o) => o.metadata.name)).toEqual([
      'system::extension-apiserver-authentication-reader',
      'system::leader-locking-kube-controller-manager',
      'system::leader-locking-kube-scheduler',
      'system:controller:bootstrap-signer',
      'system:controller:cloud-provider',
      'system:controller:token-cleaner',
    ]);
    const cr = k.get('clusterroles', undefined, 'system:node-proxier');
    expect(cr.metadata.creationTimestamp).toBe(k.get('namespaces', undefined, 'default').metadata.creationTimestamp);
  });
});

describe("kubeadm 1.31's RBAC objects", () => {
  it('binds the kubeadm:cluster-admins group to cluster-admin and lets joining nodes read what they need', () => {
    const objs = kubeadmInitRbacObjects().map((o) => `${o.kind} ${o.metadata?.namespace ? o.metadata.namespace + '/' : ''}${o.metadata?.name}`);
    expect(objs).toEqual([
      'ClusterRoleBinding kubeadm:cluster-admins',
      'Role kube-system/kubeadm:nodes-kubeadm-config',
      'RoleBinding kube-system/kubeadm:nodes-kubeadm-config',
      'Role kube-system/kubeadm:kubelet-config',
      'RoleBinding kube-system/kubeadm:kubelet-config',
      'ClusterRole kubeadm:get-nodes',
      'ClusterRoleBinding kubeadm:get-nodes',
      'ClusterRoleBinding kubeadm:kubelet-bootstrap',
      'ClusterRoleBinding kubeadm:node-autoapprove-bootstrap',
      'ClusterRoleBinding kubeadm:node-autoapprove-certificate-rotation',
      'Role kube-public/kubeadm:bootstrap-signer-clusterinfo',
      'RoleBinding kube-public/kubeadm:bootstrap-signer-clusterinfo',
    ]);
    expect(kubeadmInitRbacObjects()[0]).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubeadm:cluster-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }],
    });
  });

  it("creates CoreDNS's objects in kubeadm's order (ConfigMap, ClusterRole, binding, ServiceAccount, Deployment, Service) and kube-proxy's rights right after its ServiceAccount", () => {
    const objs = withAddOnRbac(kubeadmAddOnObjects({ controlPlaneNode: 'control-plane', controlPlaneIP: '192.168.1.10' })).map((o) => `${o.kind} ${o.metadata?.name}`);
    expect(objs).toEqual([
      'ConfigMap coredns',
      'ClusterRole system:coredns',
      'ClusterRoleBinding system:coredns',
      'ServiceAccount coredns',
      'Deployment coredns',
      'Service kube-dns',
      'ServiceAccount kube-proxy',
      'ClusterRoleBinding kubeadm:node-proxier',
      'Role kube-proxy',
      'RoleBinding kube-proxy',
      'ConfigMap kube-proxy',
      'DaemonSet kube-proxy',
    ]);
  });

  it('creates kubeadm:cluster-admins as admin.conf and, refused, again as super-admin.conf', () => {
    const calls: string[] = [];
    const client = (who: string, refuse: boolean): Client =>
      ({
        create: (plural: string, o: { metadata: { name: string } }) => {
          calls.push(`${who} create ${plural} ${o.metadata.name}`);
          if (refuse) throw forbidden({ plural, group: 'rbac.authorization.k8s.io' }, o.metadata.name, 'User "kubernetes-admin" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope');
          return o;
        },
      }) as unknown as Client;
    const [binding] = kubeadmInitRbacObjects();
    ensureAdminClusterRoleBinding(client('admin', true), client('super-admin', false), binding!);
    expect(calls).toEqual(['admin create clusterrolebindings kubeadm:cluster-admins', 'super-admin create clusterrolebindings kubeadm:cluster-admins']);
    calls.length = 0;
    ensureAdminClusterRoleBinding(client('admin', false), client('super-admin', false), binding!);
    expect(calls).toEqual(['admin create clusterrolebindings kubeadm:cluster-admins']);
  });
});
