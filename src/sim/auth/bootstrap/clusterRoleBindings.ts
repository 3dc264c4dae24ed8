/**
 * The ClusterRoleBindings of kube-apiserver 1.31's bootstrap policy (ClusterRoleBindings() and
 * ControllerRoleBindings()): who holds the bootstrap ClusterRoles out of the box.
 */
import type { SubjectSpec } from './dsl';
import { CONTROLLER_NAMES } from './controllerRoles';

export const CLUSTER_ROLE_BINDINGS: readonly { name: string; role: string; subjects: SubjectSpec[] }[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: ['Group:system:masters'] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: ['Group:system:authenticated'] },
  { name: 'system:discovery', role: 'system:discovery', subjects: ['Group:system:authenticated'] },
  { name: 'system:kube-controller-manager', role: 'system:kube-controller-manager', subjects: ['User:system:kube-controller-manager'] },
  { name: 'system:kube-dns', role: 'system:kube-dns', subjects: ['ServiceAccount:kube-system/kube-dns'] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: ['User:system:kube-scheduler'] },
  { name: 'system:monitoring', role: 'system:monitoring', subjects: ['Group:system:monitoring'] },
  // Bound to nobody since 1.8: nodes get their rights from the Node authorizer (and NodeRules).
  { name: 'system:node', role: 'system:node', subjects: [] },
  { name: 'system:node-proxier', role: 'system:node-proxier', subjects: ['User:system:kube-proxy'] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: ['Group:system:authenticated', 'Group:system:unauthenticated'] },
  { name: 'system:service-account-issuer-discovery', role: 'system:service-account-issuer-discovery', subjects: ['Group:system:serviceaccounts'] },
  { name: 'system:volume-scheduler', role: 'system:volume-scheduler', subjects: ['User:system:kube-scheduler'] },
];

/** Each controller's ClusterRole bound to its ServiceAccount in kube-system. */
export const CONTROLLER_ROLE_BINDINGS: readonly { name: string; role: string; subjects: SubjectSpec[] }[] = CONTROLLER_NAMES.map((n) => ({
  name: `system:controller:${n}`,
  role: `system:controller:${n}`,
  subjects: [`ServiceAccount:kube-system/${n}`],
}));
