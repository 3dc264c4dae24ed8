/**
 * The namespaced part of kube-apiserver 1.31's bootstrap policy (NamespaceRoles(),
 * NamespaceRoleBindings()): Roles and RoleBindings in kube-system and kube-public.
 */
import { r, type RoleSpec, type SubjectSpec } from './dsl';

const EVENTS = r('create patch update', '"" events.k8s.io', 'events');

// The ConfigMap rules of the days of ConfigMap locks: the components' Leases come from their
// ClusterRoles (system:kube-scheduler, system:kube-controller-manager: `leases` create, get/update on
// their own name), so without that binding neither can renew.
const leaderLocking = (component: string): RoleSpec => ({
  name: `system::leader-locking-${component}`,
  rules: [r('watch', '""', 'configmaps'), r('get update', '""', 'configmaps', component)],
});

export const NAMESPACE_ROLES: readonly { namespace: string; role: RoleSpec }[] = [
  {
    namespace: 'kube-public',
    role: { name: 'system:controller:bootstrap-signer', rules: [r('get list watch', '""', 'configmaps'), r('update', '""', 'configmaps', 'cluster-info'), EVENTS] },
  },
  { namespace: 'kube-system', role: { name: 'extension-apiserver-authentication-reader', rules: [r('get list watch', '""', 'configmaps', 'extension-apiserver-authentication')] } },
  { namespace: 'kube-system', role: leaderLocking('kube-controller-manager') },
  { namespace: 'kube-system', role: leaderLocking('kube-scheduler') },
  { namespace: 'kube-system', role: { name: 'system:controller:bootstrap-signer', rules: [r('get list watch', '""', 'secrets')] } },
  { namespace: 'kube-system', role: { name: 'system:controller:cloud-provider', rules: [r('create get list watch', '""', 'configmaps')] } },
  { namespace: 'kube-system', role: { name: 'system:controller:token-cleaner', rules: [r('delete get list watch', '""', 'secrets'), EVENTS] } },
];

export const NAMESPACE_ROLE_BINDINGS: readonly { namespace: string; name: string; role: string; subjects: SubjectSpec[] }[] = [
  { namespace: 'kube-public', name: 'system:controller:bootstrap-signer', role: 'system:controller:bootstrap-signer', subjects: ['ServiceAccount:kube-system/bootstrap-signer'] },
  {
    namespace: 'kube-system',
    name: 'system::extension-apiserver-authentication-reader',
    role: 'extension-apiserver-authentication-reader',
    subjects: ['User:system:kube-controller-manager', 'User:system:kube-scheduler'],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-controller-manager',
    role: 'system::leader-locking-kube-controller-manager',
    subjects: ['User:system:kube-controller-manager', 'ServiceAccount:kube-system/kube-controller-manager'],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-scheduler',
    role: 'system::leader-locking-kube-scheduler',
    subjects: ['User:system:kube-scheduler', 'ServiceAccount:kube-system/kube-scheduler'],
  },
  { namespace: 'kube-system', name: 'system:controller:bootstrap-signer', role: 'system:controller:bootstrap-signer', subjects: ['ServiceAccount:kube-system/bootstrap-signer'] },
  { namespace: 'kube-system', name: 'system:controller:cloud-provider', role: 'system:controller:cloud-provider', subjects: ['ServiceAccount:kube-system/cloud-provider'] },
  { namespace: 'kube-system', name: 'system:controller:token-cleaner', role: 'system:controller:token-cleaner', subjects: ['ServiceAccount:kube-system/token-cleaner'] },
];
