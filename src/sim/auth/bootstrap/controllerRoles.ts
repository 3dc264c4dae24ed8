/**
 * The `system:controller:*` ClusterRoles of kube-apiserver 1.31's bootstrap policy (ControllerRoles(),
 * default feature gates) — one per kube-controller-manager controller that runs with its own
 * ServiceAccount in kube-system (`--use-service-account-credentials`), each bound to that account.
 * As in 1.31: before 1.32 dropped the volume plugins' leftover rules and 1.33 added `watch` where
 * controllers list (WatchListClient).
 */
import { r, type RoleSpec } from './dsl';

const RO = 'get list watch';
const EVENTS = r('create patch update', '"" events.k8s.io', 'events');

/** Controller name (the ServiceAccount's name in kube-system) → its rules. */
const CONTROLLERS: readonly [string, RoleSpec['rules']][] = [
  ['attachdetach-controller', [
    r('list watch', '""', 'persistentvolumeclaims persistentvolumes'),
    r(RO, '""', 'nodes'),
    r('patch update', '""', 'nodes/status'),
    r('list watch', '""', 'pods'),
    EVENTS,
    r('create delete get list watch', 'storage.k8s.io', 'volumeattachments'),
    r(RO, 'storage.k8s.io', 'csidrivers'),
    r(RO, 'storage.k8s.io', 'csinodes'),
  ]],
  ['certificate-controller', [
    r('delete get list watch', 'certificates.k8s.io', 'certificatesigningrequests'),
    r('update', 'certificates.k8s.io', 'certificatesigningrequests/approval certificatesigningrequests/status'),
    r('approve', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client-kubelet'),
    r('sign', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client kubernetes.io/kube-apiserver-client-kubelet kubernetes.io/kubelet-serving kubernetes.io/legacy-unknown'),
    r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
    EVENTS,
  ]],
  ['clusterrole-aggregation-controller', [r('escalate get list patch update watch', 'rbac.authorization.k8s.io', 'clusterroles')]],
  ['cronjob-controller', [
    r('get list update watch', 'batch', 'cronjobs'),
    r('create delete get list patch update watch', 'batch', 'jobs'),
    r('update', 'batch', 'cronjobs/status'),
    r('update', 'batch', 'cronjobs/finalizers'),
    r('delete list', '""', 'pods'),
    EVENTS,
  ]],
  ['daemon-set-controller', [
    r(RO, 'apps extensions', 'daemonsets'),
    r('update', 'apps extensions', 'daemonsets/status'),
    r('update', 'apps extensions', 'daemonsets/finalizers'),
    r('list watch', '""', 'nodes'),
    r('create delete list patch watch', '""', 'pods'),
    r('create', '""', 'pods/binding'),
    r('create delete get list patch update watch', 'apps', 'controllerrevisions'),
    EVENTS,
  ]],
  ['deployment-controller', [
    r('get list update watch', 'apps extensions', 'deployments'),
    r('update', 'apps extensions', 'deployments/status'),
    r('update', 'apps extensions', 'deployments/finalizers'),
    r('create delete get list patch update watch', 'apps extensions', 'replicasets'),
    r('get list update watch', '""', 'pods'),
    EVENTS,
  ]],
  ['disruption-controller', [
    r(RO, 'apps extensions', 'deployments'),
    r(RO, 'apps extensions', 'replicasets'),
    r(RO, '""', 'replicationcontrollers'),
    r(RO, 'policy', 'poddisruptionbudgets'),
    r(RO, 'apps', 'statefulsets'),
    r('update', 'policy', 'poddisruptionbudgets/status'),
    r('patch update', '""', 'pods/status'),
    r('get', '*', '*/scale'),
    EVENTS,
  ]],
  ['endpoint-controller', [
    r(RO, '""', 'pods services'),
    r('create delete get list update', '""', 'endpoints'),
    r('create', '""', 'endpoints/restricted'),
    EVENTS,
  ]],
  ['endpointslice-controller', [
    r(RO, '""', 'nodes pods services'),
    r('update', '""', 'services/finalizers'),
    r('create delete get list update', 'discovery.k8s.io', 'endpointslices'),
    EVENTS,
  ]],
  ['endpointslicemirroring-controller', [
    r(RO, '""', 'endpoints services'),
    r('update', '""', 'services/finalizers'),
    r('update', '""', 'endpoints/finalizers'),
    r('create delete get list update', 'discovery.k8s.io', 'endpointslices'),
    EVENTS,
  ]],
  ['ephemeral-volume-controller', [
    r(RO, '""', 'pods'),
    r('update', '""', 'pods/finalizers'),
    r('create get list watch', '""', 'persistentvolumeclaims'),
    EVENTS,
  ]],
  ['expand-controller', [
    r('get list patch update watch', '""', 'persistentvolumes'),
    r('patch update', '""', 'persistentvolumeclaims/status'),
    r(RO, '""', 'persistentvolumeclaims'),
    // for the in-tree glusterfs plugin, gone since 1.26; the rules stayed until 1.32
    r(RO, 'storage.k8s.io', 'storageclasses'),
    r('get', '""', 'endpoints services'),
    r('get', '""', 'secrets'),
    EVENTS,
  ]],
  ['generic-garbage-collector', [r('delete get list patch update watch', '*', '*'), EVENTS]],
  ['horizontal-pod-autoscaler', [
    r(RO, 'autoscaling', 'horizontalpodautoscalers'),
    r('update', 'autoscaling', 'horizontalpodautoscalers/status'),
    r('get update', '*', '*/scale'),
    r('list', '""', 'pods'),
    r('list', 'metrics.k8s.io', 'pods'),
    r('get list', 'custom.metrics.k8s.io', '*'),
    r('get list', 'external.metrics.k8s.io', '*'),
    EVENTS,
  ]],
  ['job-controller', [
    r('get list patch update watch', 'batch', 'jobs'),
    r('update', 'batch', 'jobs/status'),
    r('update', 'batch', 'jobs/finalizers'),
    r('create delete list patch watch', '""', 'pods'),
    EVENTS,
  ]],
  ['legacy-service-account-token-cleaner', [
    r('get', '""', 'configmaps', 'kube-apiserver-legacy-service-account-token-tracking'),
    r('delete patch', '""', 'secrets'),
  ]],
  ['namespace-controller', [
    r('delete get list watch', '""', 'namespaces'),
    r('update', '""', 'namespaces/finalize namespaces/status'),
    r('delete deletecollection get list', '*', '*'),
  ]],
  ['node-controller', [
    r('delete get list patch update', '""', 'nodes'),
    r('patch update', '""', 'nodes/status'),
    r('patch update', '""', 'pods/status'),
    r('delete get list', '""', 'pods'),
    EVENTS,
  ]],
  ['persistent-volume-binder', [
    r('create delete get list update watch', '""', 'persistentvolumes'),
    r('update', '""', 'persistentvolumes/status'),
    r('get list update watch', '""', 'persistentvolumeclaims'),
    r('update', '""', 'persistentvolumeclaims/status'),
    r('create delete get list watch', '""', 'pods'),
    // glusterfs and openstack (in-tree plugins long gone; the rules stayed until 1.32)
    r(RO, 'storage.k8s.io', 'storageclasses'),
    r('create delete get update', '""', 'endpoints'),
    r('create delete get', '""', 'services'),
    r('get', '""', 'secrets'),
    r('get list', '""', 'nodes'),
    // the recycler watches its pod's events
    r('watch', '""', 'events'),
    EVENTS,
  ]],
  ['pod-garbage-collector', [r('delete list watch', '""', 'pods'), r('get list', '""', 'nodes'), r('patch', '""', 'pods/status')]],
  ['pv-protection-controller', [r('get list update watch', '""', 'persistentvolumes'), EVENTS]],
  ['pvc-protection-controller', [
    r('get list update watch', '""', 'persistentvolumeclaims'),
    r(RO, '""', 'pods'),
    EVENTS,
  ]],
  ['replicaset-controller', [
    r('get list update watch', 'apps extensions', 'replicasets'),
    r('update', 'apps extensions', 'replicasets/status'),
    r('update', 'apps extensions', 'replicasets/finalizers'),
    r('create delete list patch watch', '""', 'pods'),
    EVENTS,
  ]],
  ['replication-controller', [
    r('get list update watch', '""', 'replicationcontrollers'),
    r('update', '""', 'replicationcontrollers/status'),
    r('update', '""', 'replicationcontrollers/finalizers'),
    r('create delete list patch watch', '""', 'pods'),
    EVENTS,
  ]],
  ['resourcequota-controller', [r('list watch', '*', '*'), r('update', '""', 'resourcequotas/status'), EVENTS]],
  ['root-ca-cert-publisher', [r('create update', '""', 'configmaps'), EVENTS]],
  ['route-controller', [r('list watch', '""', 'nodes'), r('patch', '""', 'nodes/status'), EVENTS]],
  ['service-account-controller', [r('create', '""', 'serviceaccounts'), EVENTS]],
  ['service-controller', [r(RO, '""', 'services'), r('patch update', '""', 'services/status'), r('list watch', '""', 'nodes'), EVENTS]],
  ['statefulset-controller', [
    r('list watch', '""', 'pods'),
    r(RO, 'apps', 'statefulsets'),
    r('update', 'apps', 'statefulsets/status'),
    r('update', 'apps', 'statefulsets/finalizers'),
    r('create delete get patch update', '""', 'pods'),
    r('create delete get list patch update watch', 'apps', 'controllerrevisions'),
    r('create get', '""', 'persistentvolumeclaims'),
    EVENTS,
    // StatefulSetAutoDeletePVC (beta, on)
    r('delete update', '""', 'persistentvolumeclaims'),
  ]],
  ['ttl-after-finished-controller', [r('delete get list watch', 'batch', 'jobs'), EVENTS]],
  ['ttl-controller', [r('list patch update watch', '""', 'nodes'), EVENTS]],
  ['validatingadmissionpolicy-status-controller', [
    r(RO, 'admissionregistration.k8s.io', 'validatingadmissionpolicies'),
    r('get patch update', 'admissionregistration.k8s.io', 'validatingadmissionpolicies/status'),
    EVENTS,
  ]],
];

/** The controllers' ServiceAccount names, in the order above (alphabetical, as the testdata lists them). */
export const CONTROLLER_NAMES: readonly string[] = CONTROLLERS.map(([n]) => n);

export const CONTROLLER_ROLES: readonly RoleSpec[] = CONTROLLERS.map(([name, rules]) => ({ name: `system:controller:${name}`, rules }));
