/**
 * The local-path provisioner's manifest (rancher/local-path-provisioner deploy/local-path-storage.yaml,
 * v0.0.x): its namespace, ServiceAccount, and the Role, ClusterRole and bindings it works with. The
 * provisioner itself runs as a simulated component (controllers/localpath.ts), not as a pod.
 */
import type { KObject } from '../types';

const NS = 'local-path-storage';
const SA = 'local-path-provisioner-service-account';
const ROLE = 'local-path-provisioner-role';
const BIND = 'local-path-provisioner-bind';
const RBAC = 'rbac.authorization.k8s.io/v1';
const subjects = [{ kind: 'ServiceAccount', name: SA, namespace: NS }];

export function localPathStorageObjects(): KObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SA, namespace: NS } },
    { apiVersion: RBAC, kind: 'Role', metadata: { name: ROLE, namespace: NS }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }] } as KObject,
    {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: ROLE },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      ],
    } as KObject,
    { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: BIND, namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE }, subjects } as KObject,
    { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: BIND }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ROLE }, subjects } as KObject,
  ];
}
