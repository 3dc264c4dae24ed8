/**
 * MetalLB as its native manifest installs it (metallb/metallb config/manifests/metallb-native.yaml,
 * v0.14.9), cut to what a learner sees: the metallb-system namespace, the controller and speaker
 * ServiceAccounts, the `controller` Deployment (one replica) and the `speaker` DaemonSet (host
 * network, on every node including the control plane). Installed only when the scenario gives a
 * load-balancer pool; the pool stands in for the IPAddressPool and L2Advertisement objects.
 */
import type { KObject } from '../types';

export const METALLB_VERSION = 'v0.14.9';
export const METALLB_CONTROLLER_IMAGE = `quay.io/metallb/controller:${METALLB_VERSION}`;
export const METALLB_SPEAKER_IMAGE = `quay.io/metallb/speaker:${METALLB_VERSION}`;
export const METALLB_NAMESPACE = 'metallb-system';

const LINUX = { 'kubernetes.io/os': 'linux' };

export function metallbObjects(): KObject[] {
  const ns = METALLB_NAMESPACE;
  const labels = (component: string) => ({ app: 'metallb', component });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'controller', namespace: ns, labels: labels('controller') } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'speaker', namespace: ns, labels: labels('speaker') } },
    // metallb-native.yaml's cluster-wide roles (the namespaced ones, for its own resources, are not modelled).
    clusterRole('metallb-system:controller', [
      { apiGroups: [''], resources: ['services', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      // the controller writes its pool annotation on the Service itself
      { apiGroups: [''], resources: ['services'], verbs: ['update'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: [''], resources: ['services/status'], verbs: ['update'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]),
    clusterRole('metallb-system:speaker', [
      { apiGroups: [''], resources: ['services', 'endpoints', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]),
    clusterRoleBinding('metallb-system:controller', ns, 'controller'),
    clusterRoleBinding('metallb-system:speaker', ns, 'speaker'),
    // The speakers find each other (memberlist) by listing their pods.
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-lister', namespace: ns, labels: { app: 'metallb' } }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] } as KObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'pod-lister', namespace: ns, labels: { app: 'metallb' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-lister' },
      subjects: [{ kind: 'ServiceAccount', name: 'speaker', namespace: ns }],
    } as KObject,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'controller', namespace: ns, labels: labels('controller') },
      spec: {
        revisionHistoryLimit: 3,
        selector: { matchLabels: labels('controller') },
        template: {
          metadata: { labels: labels('controller'), annotations: { 'prometheus.io/port': '7472', 'prometheus.io/scrape': 'true' } },
          spec: {
            serviceAccountName: 'controller',
            terminationGracePeriodSeconds: 0,
            nodeSelector: LINUX,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 },
            containers: [
              {
                name: 'controller',
                image: METALLB_CONTROLLER_IMAGE,
                args: ['--port=7472', '--log-level=info', '--tls-min-version=VersionTLS12'],
                env: [{ name: 'METALLB_ML_SECRET_NAME', value: 'memberlist' }, { name: 'METALLB_DEPLOYMENT', value: 'controller' }],
                ports: [{ name: 'monitoring', containerPort: 7472 }, { name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['all'] }, readOnlyRootFilesystem: true },
              },
            ],
          },
        },
      },
    } as KObject,
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'speaker', namespace: ns, labels: labels('speaker') },
      spec: {
        selector: { matchLabels: labels('speaker') },
        template: {
          metadata: { labels: labels('speaker'), annotations: { 'prometheus.io/port': '7472', 'prometheus.io/scrape': 'true' } },
          spec: {
            serviceAccountName: 'speaker',
            hostNetwork: true,
            terminationGracePeriodSeconds: 2,
            nodeSelector: LINUX,
            tolerations: [
              { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            ],
            containers: [
              {
                name: 'speaker',
                image: METALLB_SPEAKER_IMAGE,
                args: ['--port=7472', '--log-level=info'],
                env: [
                  { name: 'METALLB_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  { name: 'METALLB_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'METALLB_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
                  { name: 'METALLB_ML_BIND_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                  { name: 'METALLB_ML_LABELS', value: 'app=metallb,component=speaker' },
                  { name: 'METALLB_ML_SECRET_KEY_PATH', value: '/etc/ml_secret_key' },
                ],
                ports: [
                  { name: 'monitoring', containerPort: 7472 },
                  { name: 'memberlist-tcp', containerPort: 7946 },
                  { name: 'memberlist-udp', containerPort: 7946, protocol: 'UDP' },
                ],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              },
            ],
          },
        },
      },
    } as KObject,
  ];
}

function clusterRole(name: string, rules: object[]): KObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: { app: 'metallb' } }, rules } as KObject;
}

function clusterRoleBinding(name: string, namespace: string, serviceAccount: string): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { app: 'metallb' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
  } as KObject;
}
