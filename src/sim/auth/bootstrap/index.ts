/**
 * The RBAC objects a kubeadm 1.31 cluster starts with. `bootstrapPolicyObjects()` is what
 * kube-apiserver's `rbac/bootstrap-roles` post-start hook creates (ClusterRoles, ClusterRoleBindings,
 * then the Roles and RoleBindings of kube-system and kube-public); kubeadm's own objects are in
 * `./kubeadm`. The objects are built once per process and frozen: every cluster boot reuses them
 * (the store copies what it keeps).
 */
import type { KObject } from '../../types';
import { deepFreeze } from '../../types';
import { CLUSTER_ROLES } from './clusterRoles';
import { CONTROLLER_ROLES } from './controllerRoles';
import { CLUSTER_ROLE_BINDINGS, CONTROLLER_ROLE_BINDINGS } from './clusterRoleBindings';
import { NAMESPACE_ROLES, NAMESPACE_ROLE_BINDINGS } from './namespaceRoles';
import { bootstrapClusterRole, bootstrapClusterRoleBinding, bootstrapRole, bootstrapRoleBinding } from './dsl';

export {
  kubeadmInitRbacObjects,
  coreDNSRbacObjects,
  kubeProxyRbacObjects,
  withAddOnRbac,
  ensureAdminClusterRoleBinding,
  KUBEADM_DEFAULT_NODE_TOKEN_GROUP,
  KUBEADM_SUPER_ADMIN,
} from './kubeadm';
export { AGGREGATE_TO_ADMIN, AGGREGATE_TO_EDIT, AGGREGATE_TO_VIEW } from './clusterRoles';

let cached: readonly KObject[] | undefined;

/** In the order the post-start hook reconciles them. */
export function bootstrapPolicyObjects(): readonly KObject[] {
  cached ??= deepFreeze([
    ...CLUSTER_ROLES.map(bootstrapClusterRole),
    ...CONTROLLER_ROLES.map(bootstrapClusterRole),
    ...CLUSTER_ROLE_BINDINGS.map((b) => bootstrapClusterRoleBinding(b.name, b.role, b.subjects)),
    ...CONTROLLER_ROLE_BINDINGS.map((b) => bootstrapClusterRoleBinding(b.name, b.role, b.subjects)),
    ...NAMESPACE_ROLES.map((x) => bootstrapRole(x.namespace, x.role)),
    ...NAMESPACE_ROLE_BINDINGS.map((b) => bootstrapRoleBinding(b.namespace, b.name, b.role, b.subjects)),
  ]);
  return cached;
}
