/**
 * The ClusterRoles of kube-apiserver 1.31's bootstrap policy (bootstrappolicy.ClusterRoles(), as its
 * testdata/cluster-roles.yaml lists them with the default feature gates), by name.
 */
import { r, u, type RoleSpec } from './dsl';

const RW = 'create delete deletecollection patch update';
const RO = 'get list watch';
const EVENTS = r('create patch update', '"" events.k8s.io', 'events');

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

const signerApprover = (signer: string): RoleSpec => ({
  name: `system:certificates.k8s.io:${signer.replace('kubernetes.io/', '')}-approver`,
  rules: [r('approve', 'certificates.k8s.io', 'signers', signer)],
});

export const CLUSTER_ROLES: readonly RoleSpec[] = [
  { name: 'admin', aggregateFrom: [AGGREGATE_TO_ADMIN], rules: [] },
  { name: 'cluster-admin', rules: [r('*', '*', '*'), u('*', '*')] },
  { name: 'edit', aggregateFrom: [AGGREGATE_TO_EDIT], labels: { [AGGREGATE_TO_ADMIN]: 'true' }, rules: [] },
  {
    name: 'system:aggregate-to-admin',
    labels: { [AGGREGATE_TO_ADMIN]: 'true' },
    rules: [
      r('create', 'authorization.k8s.io', 'localsubjectaccessreviews'),
      r('create delete deletecollection get list patch update watch', 'rbac.authorization.k8s.io', 'rolebindings roles'),
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    labels: { [AGGREGATE_TO_EDIT]: 'true' },
    rules: [
      r(RO, '""', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
      r('impersonate', '""', 'serviceaccounts'),
      r(RW, '""', 'pods pods/attach pods/exec pods/portforward pods/proxy'),
      r('create', '""', 'pods/eviction'),
      r(RW, '""', 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      r('create', '""', 'serviceaccounts/token'),
      r(RW, 'apps', 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
      r(RW, 'autoscaling', 'horizontalpodautoscalers'),
      r(RW, 'batch', 'cronjobs jobs'),
      r(RW, 'extensions', 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
      r(RW, 'policy', 'poddisruptionbudgets'),
      r(RW, 'networking.k8s.io', 'ingresses networkpolicies'),
      r('create delete deletecollection get list patch update watch', 'coordination.k8s.io', 'leases'),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: { [AGGREGATE_TO_VIEW]: 'true' },
    rules: [
      r(RO, '""', 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status'),
      r(RO, '""', 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      r(RO, '""', 'namespaces'),
      r(RO, 'discovery.k8s.io', 'endpointslices'),
      r(RO, 'apps', 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
      r(RO, 'autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status'),
      r(RO, 'batch', 'cronjobs cronjobs/status jobs jobs/status'),
      r(RO, 'extensions', 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
      r(RO, 'policy', 'poddisruptionbudgets poddisruptionbudgets/status'),
      r(RO, 'networking.k8s.io', 'ingresses ingresses/status networkpolicies'),
    ],
  },
  { name: 'system:auth-delegator', rules: [r('create', 'authentication.k8s.io', 'tokenreviews'), r('create', 'authorization.k8s.io', 'subjectaccessreviews')] },
  {
    name: 'system:basic-user',
    rules: [r('create', 'authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews'), r('create', 'authentication.k8s.io', 'selfsubjectreviews')],
  },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', rules: [r('create', 'certificates.k8s.io', 'certificatesigningrequests/nodeclient')] },
  { name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', rules: [r('create', 'certificates.k8s.io', 'certificatesigningrequests/selfnodeclient')] },
  signerApprover('kubernetes.io/kube-apiserver-client'),
  signerApprover('kubernetes.io/kube-apiserver-client-kubelet'),
  signerApprover('kubernetes.io/kubelet-serving'),
  signerApprover('kubernetes.io/legacy-unknown'),
  { name: 'system:discovery', rules: [u('get', '/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/')] },
  { name: 'system:heapster', rules: [r(RO, '""', 'events namespaces nodes pods'), r(RO, 'extensions', 'deployments')] },
  { name: 'system:kube-aggregator', rules: [r(RO, '""', 'endpoints services')] },
  {
    name: 'system:kube-controller-manager',
    rules: [
      EVENTS,
      r('create', 'coordination.k8s.io', 'leases'),
      r('get update', 'coordination.k8s.io', 'leases', 'kube-controller-manager'),
      r('create', '""', 'secrets serviceaccounts'),
      r('delete', '""', 'secrets'),
      r('get', '""', 'configmaps namespaces secrets serviceaccounts'),
      r('update', '""', 'secrets serviceaccounts'),
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
      r('list watch', '*', '*'),
      r('create', '""', 'serviceaccounts/token'),
    ],
  },
  { name: 'system:kube-dns', rules: [r('list watch', '""', 'endpoints services')] },
  {
    name: 'system:kube-scheduler',
    rules: [
      EVENTS,
      r('create', 'coordination.k8s.io', 'leases'),
      r('get update', 'coordination.k8s.io', 'leases', 'kube-scheduler'),
      r(RO, '""', 'nodes'),
      r('delete get list watch', '""', 'pods'),
      r('create', '""', 'bindings pods/binding'),
      r('patch update', '""', 'pods/status'),
      r(RO, '""', 'replicationcontrollers services'),
      r(RO, 'apps extensions', 'replicasets'),
      r(RO, 'apps', 'statefulsets'),
      r(RO, 'policy', 'poddisruptionbudgets'),
      r(RO, '""', 'persistentvolumeclaims persistentvolumes'),
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'subjectaccessreviews'),
      r(RO, 'storage.k8s.io', 'csinodes'),
      r(RO, '""', 'namespaces'),
      r(RO, 'storage.k8s.io', 'csidrivers'),
      r(RO, 'storage.k8s.io', 'csistoragecapacities'),
    ],
  },
  { name: 'system:kubelet-api-admin', rules: [r(RO, '""', 'nodes'), r('proxy', '""', 'nodes'), r('*', '""', 'nodes/log nodes/metrics nodes/proxy nodes/stats')] },
  { name: 'system:monitoring', rules: [u('get', '/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*')] },
  {
    name: 'system:node',
    rules: [
      r('create', 'authentication.k8s.io', 'tokenreviews'),
      r('create', 'authorization.k8s.io', 'localsubjectaccessreviews subjectaccessreviews'),
      r(RO, '""', 'services'),
      r('create get list watch', '""', 'nodes'),
      r('patch update', '""', 'nodes/status'),
      r('patch update', '""', 'nodes'),
      r('create patch update', '""', 'events'),
      r(RO, '""', 'pods'),
      r('create delete', '""', 'pods'),
      r('patch update', '""', 'pods/status'),
      r('create', '""', 'pods/eviction'),
      r(RO, '""', 'configmaps secrets'),
      r('get', '""', 'persistentvolumeclaims persistentvolumes'),
      r('get', '""', 'endpoints'),
      r('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests'),
      r('create delete get patch update', 'coordination.k8s.io', 'leases'),
      r('get', 'storage.k8s.io', 'volumeattachments'),
      r('create', '""', 'serviceaccounts/token'),
      r('get patch update', '""', 'persistentvolumeclaims/status'),
      r(RO, 'storage.k8s.io', 'csidrivers'),
      r('create delete get patch update', 'storage.k8s.io', 'csinodes'),
      r(RO, 'node.k8s.io', 'runtimeclasses'),
    ],
  },
  { name: 'system:node-bootstrapper', rules: [r('create get list watch', 'certificates.k8s.io', 'certificatesigningrequests')] },
  { name: 'system:node-problem-detector', rules: [r('get', '""', 'nodes'), r('patch', '""', 'nodes/status'), EVENTS] },
  { name: 'system:node-proxier', rules: [r('list watch', '""', 'endpoints services'), r(RO, '""', 'nodes'), EVENTS, r('list watch', 'discovery.k8s.io', 'endpointslices')] },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      r('create delete get list watch', '""', 'persistentvolumes'),
      r('get list update watch', '""', 'persistentvolumeclaims'),
      r(RO, 'storage.k8s.io', 'storageclasses'),
      r('watch', '""', 'events'),
      EVENTS,
    ],
  },
  { name: 'system:public-info-viewer', rules: [u('get', '/healthz /livez /readyz /version /version/')] },
  { name: 'system:service-account-issuer-discovery', rules: [u('get', '/.well-known/openid-configuration /openid/v1/jwks')] },
  {
    name: 'system:volume-scheduler',
    rules: [r('get list patch update watch', '""', 'persistentvolumes'), r(RO, 'storage.k8s.io', 'storageclasses'), r('get list patch update watch', '""', 'persistentvolumeclaims')],
  },
  { name: 'view', aggregateFrom: [AGGREGATE_TO_VIEW], labels: { [AGGREGATE_TO_EDIT]: 'true' }, rules: [] },
];
