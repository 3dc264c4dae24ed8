/**
 * The RBAC objects kubeadm 1.31 creates during `kubeadm init`, in its phases' order: the
 * `kubeadm:cluster-admins` binding (phases/kubeconfig, made with super-admin.conf), upload-config's
 * Roles for nodes to read kubeadm-config and kubelet-config, bootstrap-token's bindings for joining
 * nodes (CSR creation and auto-approval, get nodes, the public cluster-info ConfigMap for anonymous),
 * and the add-ons' rights (CoreDNS's `system:coredns`, kube-proxy's node-proxier binding and Role).
 */
import type { KObject } from '../../types';
import type { Client } from '../../client/types';
import { isStatusError } from '../../api/types';
import { plainClusterRole, plainClusterRoleBinding, plainRole, plainRoleBinding, r } from './dsl';

/** The group of the bootstrap tokens `kubeadm init` makes (the default token's extra group). */
export const KUBEADM_DEFAULT_NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';
const BOOTSTRAPPERS = `Group:${KUBEADM_DEFAULT_NODE_TOKEN_GROUP}`;

/** Created as kubeadm init's control-plane phases run, before the add-ons. */
export function kubeadmInitRbacObjects(): KObject[] {
  return [
    plainClusterRoleBinding('kubeadm:cluster-admins', 'cluster-admin', ['Group:kubeadm:cluster-admins']),
    // upload-config
    plainRole('kube-system', 'kubeadm:nodes-kubeadm-config', [r('get', '""', 'configmaps', 'kubeadm-config')]),
    plainRoleBinding('kube-system', 'kubeadm:nodes-kubeadm-config', 'kubeadm:nodes-kubeadm-config', [BOOTSTRAPPERS, 'Group:system:nodes']),
    plainRole('kube-system', 'kubeadm:kubelet-config', [r('get', '""', 'configmaps', 'kubelet-config')]),
    plainRoleBinding('kube-system', 'kubeadm:kubelet-config', 'kubeadm:kubelet-config', ['Group:system:nodes', BOOTSTRAPPERS]),
    // bootstrap-token
    plainClusterRole('kubeadm:get-nodes', [r('get', '""', 'nodes')]),
    plainClusterRoleBinding('kubeadm:get-nodes', 'kubeadm:get-nodes', [BOOTSTRAPPERS]),
    plainClusterRoleBinding('kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [BOOTSTRAPPERS]),
    plainClusterRoleBinding('kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [BOOTSTRAPPERS]),
    plainClusterRoleBinding('kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', ['Group:system:nodes']),
    plainRole('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', [r('get', '""', 'configmaps', 'cluster-info')]),
    plainRoleBinding('kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'kubeadm:bootstrap-signer-clusterinfo', ['User:system:anonymous']),
  ];
}

/** CoreDNS's ClusterRole and binding (addons/dns), made between its ConfigMap and its ServiceAccount. */
export function coreDNSRbacObjects(): KObject[] {
  return [
    plainClusterRole('system:coredns', [r('list watch', '""', 'endpoints services pods namespaces'), r('list watch', 'discovery.k8s.io', 'endpointslices')]),
    plainClusterRoleBinding('system:coredns', 'system:coredns', ['ServiceAccount:kube-system/coredns']),
  ];
}

/** kube-proxy's rights (addons/proxy): node-proxier for its ServiceAccount, and reading its ConfigMap while joining. */
export function kubeProxyRbacObjects(): KObject[] {
  return [
    plainClusterRoleBinding('kubeadm:node-proxier', 'system:node-proxier', ['ServiceAccount:kube-system/kube-proxy']),
    plainRole('kube-system', 'kube-proxy', [r('get', '""', 'configmaps', 'kube-proxy')]),
    plainRoleBinding('kube-system', 'kube-proxy', 'kube-proxy', [BOOTSTRAPPERS]),
  ];
}

/**
 * kubeadm's add-on objects with the add-ons' RBAC objects where its phases create them: CoreDNS's
 * ClusterRole and binding right after its ConfigMap (then its ServiceAccount, Deployment and Service),
 * kube-proxy's binding and Role after its ServiceAccount.
 */
export function withAddOnRbac(addOns: readonly KObject[]): KObject[] {
  const out: KObject[] = [];
  for (const o of addOns) {
    out.push(o);
    if (o.kind === 'ConfigMap' && o.metadata?.name === 'coredns') out.push(...coreDNSRbacObjects());
    if (o.kind === 'ServiceAccount' && o.metadata?.name === 'kube-proxy') out.push(...kubeProxyRbacObjects());
  }
  return out;
}

/** super-admin.conf's user (kubeadm 1.29+): in system:masters, kept on the control-plane node for emergencies. */
export const KUBEADM_SUPER_ADMIN = 'kubernetes-super-admin';

/**
 * EnsureAdminClusterRoleBinding: admin.conf's user is only in the kubeadm:cluster-admins group, so
 * kubeadm first tries to create that group's binding as admin.conf and, refused because the binding
 * does not exist yet, creates it with super-admin.conf. A binding already there is fine.
 */
export function ensureAdminClusterRoleBinding(admin: Client, superAdmin: Client, binding: KObject): void {
  try {
    admin.create('clusterrolebindings', binding);
  } catch (e) {
    if (isStatusError(e, 'AlreadyExists')) return;
    if (!isStatusError(e, 'Forbidden')) throw e;
    try {
      superAdmin.create('clusterrolebindings', binding);
    } catch (e2) {
      if (!isStatusError(e2, 'AlreadyExists')) throw e2;
    }
  }
}
