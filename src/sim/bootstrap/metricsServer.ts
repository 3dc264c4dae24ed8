/**
 * metrics-server as its release manifest installs it (kubernetes-sigs/metrics-server v0.7.2
 * components.yaml): the ServiceAccount, the ClusterRoles `system:aggregated-metrics-reader`
 * (aggregated into view/edit/admin) and `system:metrics-server`, the bindings (auth reader,
 * auth-delegator, its own role), the Service `metrics-server` on 443 → `https`, the Deployment, and
 * the APIService `v1beta1.metrics.k8s.io` that has the aggregator proxy the group to that Service.
 *
 * One change from the file as released: `--kubelet-insecure-tls`, which a kubeadm cluster needs —
 * its kubelets serve a self-signed certificate (serverTLSBootstrap is off by default), so without it
 * every scrape fails with `x509: cannot validate certificate … because it doesn't contain any IP SANs`.
 */
import type { KObject } from '../types';

export const METRICS_SERVER_VERSION = 'v0.7.2';
export const METRICS_SERVER_IMAGE = `registry.k8s.io/metrics-server/metrics-server:${METRICS_SERVER_VERSION}`;
export const METRICS_SERVER_NAMESPACE = 'kube-system';
export const METRICS_APISERVICE = 'v1beta1.metrics.k8s.io';

const NS = METRICS_SERVER_NAMESPACE;
const LABELS = { 'k8s-app': 'metrics-server' };
const SA_SUBJECT = [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: NS }];

export const METRICS_SERVER_ARGS = [
  '--cert-dir=/tmp',
  '--secure-port=10250',
  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
  '--kubelet-use-node-status-port',
  '--metric-resolution=15s',
  '--kubelet-insecure-tls',
];

export function metricsServerObjects(): KObject[] {
  const probe = (path: string, extra: Record<string, number>) => ({ failureThreshold: 3, httpGet: { path, port: 'https', scheme: 'HTTPS' }, ...extra });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { labels: LABELS, name: 'metrics-server', namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        labels: { ...LABELS, 'rbac.authorization.k8s.io/aggregate-to-admin': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
        name: 'system:aggregated-metrics-reader',
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { labels: LABELS, name: 'system:metrics-server' },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { labels: LABELS, name: 'metrics-server-auth-reader', namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' }, subjects: SA_SUBJECT },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { labels: LABELS, name: 'metrics-server:system:auth-delegator' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' }, subjects: SA_SUBJECT },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { labels: LABELS, name: 'system:metrics-server' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' }, subjects: SA_SUBJECT },
    { apiVersion: 'v1', kind: 'Service', metadata: { labels: LABELS, name: 'metrics-server', namespace: NS }, spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }], selector: LABELS } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { labels: LABELS, name: 'metrics-server', namespace: NS },
      spec: {
        selector: { matchLabels: LABELS },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { labels: LABELS },
          spec: {
            containers: [
              {
                args: METRICS_SERVER_ARGS,
                image: METRICS_SERVER_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                livenessProbe: probe('/livez', { periodSeconds: 10 }),
                name: 'metrics-server',
                ports: [{ containerPort: 10250, name: 'https', protocol: 'TCP' }],
                readinessProbe: probe('/readyz', { initialDelaySeconds: 20, periodSeconds: 10 }),
                resources: { requests: { cpu: '100m', memory: '200Mi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
                volumeMounts: [{ mountPath: '/tmp', name: 'tmp-dir' }],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'metrics-server',
            volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
          },
        },
      },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { labels: LABELS, name: METRICS_APISERVICE },
      spec: { group: 'metrics.k8s.io', groupPriorityMinimum: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: NS }, version: 'v1beta1', versionPriority: 100 },
    },
  ];
}
