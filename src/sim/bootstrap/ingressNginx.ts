/**
 * ingress-nginx as its bare-metal manifest installs it (kubernetes/ingress-nginx
 * deploy/static/provider/baremetal/deploy.yaml of controller-v1.11.3): the ingress-nginx namespace,
 * the controller's and the admission jobs' ServiceAccounts, Roles, ClusterRoles and bindings, the
 * controller's ConfigMap, the NodePort Service `ingress-nginx-controller` (LoadBalancer, as the cloud
 * manifest has it, with `--publish-service`, when the scenario gives MetalLB a pool), the admission
 * Service, the controller Deployment, the kube-webhook-certgen Jobs, IngressClass `nginx` and the
 * ValidatingWebhookConfiguration.
 */
import type { KObject } from '../types';

export const INGRESS_NGINX_VERSION = 'v1.11.3';
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
export const INGRESS_NGINX_REPO = 'registry.k8s.io/ingress-nginx/controller';
export const INGRESS_NGINX_IMAGE = `${INGRESS_NGINX_REPO}:v1.11.3@sha256:d56f135b6462cfc476447cfe564b83a45e8bb7da2774963b00d12161112270b7`;
export const CERTGEN_REPO = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen';
export const CERTGEN_IMAGE = `${CERTGEN_REPO}:v1.4.4@sha256:a9f03b34a3cbfbb26d103a14046ab2c5130a80c3d69d526ff8063d2b37b9fd3f`;
/** The IngressClass's spec.controller, and the controller's --controller-class. */
export const INGRESS_NGINX_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';

const NS = INGRESS_NGINX_NAMESPACE;
const LINUX = { 'kubernetes.io/os': 'linux' };
const SELECTOR = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };

function labels(component?: 'controller' | 'admission-webhook'): Record<string, string> {
  return {
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
    'app.kubernetes.io/instance': 'ingress-nginx',
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/part-of': 'ingress-nginx',
    'app.kubernetes.io/version': '1.11.3',
  };
}

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]) => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

const RESTRICTED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } };

function certgenJob(name: 'create' | 'patch', args: string[]): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `ingress-nginx-admission-${name}`, namespace: NS, labels: labels('admission-webhook') },
    spec: {
      template: {
        metadata: { name: `ingress-nginx-admission-${name}`, labels: labels('admission-webhook') },
        spec: {
          containers: [
            {
              name,
              image: CERTGEN_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args,
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              securityContext: RESTRICTED,
            },
          ],
          nodeSelector: LINUX,
          restartPolicy: 'OnFailure',
          serviceAccountName: 'ingress-nginx-admission',
        },
      },
    },
  } as KObject;
}

/** `loadBalancer`: the scenario gives MetalLB a pool, so the controller's Service is a LoadBalancer it publishes. */
export function ingressNginxObjects(opts: { loadBalancer: boolean }): KObject[] {
  const probe = (failureThreshold: number) => ({ failureThreshold, httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 });
  const args = [
    '/nginx-ingress-controller',
    ...(opts.loadBalancer ? ['--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller'] : []),
    '--election-id=ingress-nginx-leader',
    `--controller-class=${INGRESS_NGINX_CONTROLLER_CLASS}`,
    '--ingress-class=nginx',
    '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
    '--validating-webhook=:8443',
    '--validating-webhook-certificate=/usr/local/certificates/cert',
    '--validating-webhook-key=/usr/local/certificates/key',
    '--enable-metrics=false',
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: true, metadata: { name: 'ingress-nginx', namespace: NS, labels: labels('controller') } } as KObject,
    { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: true, metadata: { name: 'ingress-nginx-admission', namespace: NS, labels: labels('admission-webhook') } } as KObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ingress-nginx', namespace: NS, labels: labels('controller') },
      rules: [
        rule([''], ['namespaces'], ['get']),
        rule([''], ['configmaps', 'pods', 'secrets', 'endpoints'], ['get', 'list', 'watch']),
        rule([''], ['services'], ['get', 'list', 'watch']),
        rule(['networking.k8s.io'], ['ingresses'], ['get', 'list', 'watch']),
        rule(['networking.k8s.io'], ['ingresses/status'], ['update']),
        rule(['networking.k8s.io'], ['ingressclasses'], ['get', 'list', 'watch']),
        rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['ingress-nginx-leader']),
        rule(['coordination.k8s.io'], ['leases'], ['create']),
        rule([''], ['events'], ['create', 'patch']),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch', 'get']),
      ],
    } as KObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ingress-nginx-admission', namespace: NS, labels: labels('admission-webhook') },
      rules: [rule([''], ['secrets'], ['get', 'create'])],
    } as KObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'ingress-nginx', labels: labels() },
      rules: [
        rule([''], ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], ['list', 'watch']),
        rule(['coordination.k8s.io'], ['leases'], ['list', 'watch']),
        rule([''], ['nodes'], ['get']),
        rule([''], ['services'], ['get', 'list', 'watch']),
        rule(['networking.k8s.io'], ['ingresses'], ['get', 'list', 'watch']),
        rule([''], ['events'], ['create', 'patch']),
        rule(['networking.k8s.io'], ['ingresses/status'], ['update']),
        rule(['networking.k8s.io'], ['ingressclasses'], ['get', 'list', 'watch']),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch', 'get']),
      ],
    } as KObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'ingress-nginx-admission', labels: labels('admission-webhook') },
      rules: [rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get', 'update'])],
    } as KObject,
    ...(['ingress-nginx', 'ingress-nginx-admission'] as const).flatMap((name) => {
      const l = labels(name === 'ingress-nginx' ? 'controller' : 'admission-webhook');
      const subjects = [{ kind: 'ServiceAccount', name, namespace: NS }];
      return [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: NS, labels: l }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects } as KObject,
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels: name === 'ingress-nginx' ? labels() : l }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects } as KObject,
      ];
    }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: labels('controller') }, data: { 'allow-snippet-annotations': 'false' } } as KObject,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: labels('controller') },
      spec: {
        ...(opts.loadBalancer ? { externalTrafficPolicy: 'Local' } : {}),
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
          { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
        ],
        selector: SELECTOR,
        type: opts.loadBalancer ? 'LoadBalancer' : 'NodePort',
      },
    } as KObject,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ingress-nginx-controller-admission', namespace: NS, labels: labels('controller') },
      spec: { ports: [{ appProtocol: 'https', name: 'https-webhook', port: 443, targetPort: 'webhook' }], selector: SELECTOR, type: 'ClusterIP' },
    } as KObject,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ingress-nginx-controller', namespace: NS, labels: labels('controller') },
      spec: {
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        selector: { matchLabels: SELECTOR },
        strategy: { rollingUpdate: { maxUnavailable: 1 }, type: 'RollingUpdate' },
        template: {
          metadata: { labels: labels('controller') },
          spec: {
            containers: [
              {
                args,
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
                ],
                image: INGRESS_NGINX_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
                livenessProbe: probe(5),
                name: 'controller',
                ports: [
                  { containerPort: 80, name: 'http', protocol: 'TCP' },
                  { containerPort: 443, name: 'https', protocol: 'TCP' },
                  { containerPort: 8443, name: 'webhook', protocol: 'TCP' },
                ],
                readinessProbe: probe(3),
                resources: { requests: { cpu: '100m', memory: '90Mi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: false, runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: 'RuntimeDefault' } },
                volumeMounts: [{ mountPath: '/usr/local/certificates/', name: 'webhook-cert', readOnly: true }],
              },
            ],
            dnsPolicy: 'ClusterFirst',
            nodeSelector: LINUX,
            serviceAccountName: 'ingress-nginx',
            terminationGracePeriodSeconds: 300,
            volumes: [{ name: 'webhook-cert', secret: { secretName: 'ingress-nginx-admission' } }],
          },
        },
      },
    } as KObject,
    certgenJob('create', ['create', '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc', '--namespace=$(POD_NAMESPACE)', '--secret-name=ingress-nginx-admission']),
    certgenJob('patch', ['patch', '--webhook-name=ingress-nginx-admission', '--namespace=$(POD_NAMESPACE)', '--patch-mutating=false', '--secret-name=ingress-nginx-admission', '--patch-failure-policy=Fail']),
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', labels: labels('controller') }, spec: { controller: INGRESS_NGINX_CONTROLLER_CLASS } } as KObject,
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'ingress-nginx-admission', labels: labels('admission-webhook') },
      webhooks: [
        {
          admissionReviewVersions: ['v1'],
          clientConfig: { service: { name: 'ingress-nginx-controller-admission', namespace: NS, path: '/networking/v1/ingresses', port: 443 } },
          failurePolicy: 'Fail',
          matchPolicy: 'Equivalent',
          name: 'validate.nginx.ingress.kubernetes.io',
          rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
          sideEffects: 'None',
        },
      ],
    } as KObject,
  ];
}
