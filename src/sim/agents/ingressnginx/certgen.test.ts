import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { KObject } from '../../types';
import { certgenAgent, parseCertgenArgs } from './certgen';
import { ingressNginxObjects } from '../../bootstrap/ingressNginx';

const IMAGE = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1';

/** The two Jobs of the controller-v1.11.x baremetal manifest, as it writes them. */
function job(name: string, args: string[]): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/component': 'admission-webhook' } },
    spec: {
      template: {
        metadata: { name, labels: { 'app.kubernetes.io/component': 'admission-webhook' } },
        spec: {
          containers: [{ name: name.endsWith('create') ? 'create' : 'patch', image: IMAGE, imagePullPolicy: 'IfNotPresent', args, env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }] }],
          restartPolicy: 'OnFailure',
          serviceAccountName: 'ingress-nginx-admission',
        },
      },
    },
  } as KObject;
}

const CREATE = ['create', '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc', '--namespace=$(POD_NAMESPACE)', '--secret-name=ingress-nginx-admission'];
const PATCH = ['patch', '--webhook-name=ingress-nginx-admission', '--namespace=$(POD_NAMESPACE)', '--patch-mutating=false', '--secret-name=ingress-nginx-admission', '--patch-failure-policy=Fail'];

const RBAC_KINDS: Record<string, string> = { Role: 'roles', ClusterRole: 'clusterroles', RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings' };

function setup() {
  const cluster = createCluster({ seed: 3 });
  cluster.agentKinds.push(certgenAgent());
  const client = cluster.client('kubernetes-admin');
  client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } } as KObject);
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ingress-nginx-admission', namespace: 'ingress-nginx' } } as KObject);
  // What the manifest grants the Jobs' ServiceAccount: the Secret in its namespace, the webhook configuration.
  for (const o of ingressNginxObjects({ loadBalancer: false })) {
    const plural = RBAC_KINDS[o.kind ?? ''];
    if (o.metadata?.name === 'ingress-nginx-admission' && plural) client.create(plural, o);
  }
  client.create('validatingwebhookconfigurations', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'ingress-nginx-admission' },
    webhooks: [
      {
        name: 'validate.nginx.ingress.kubernetes.io',
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: 'ingress-nginx-controller-admission', namespace: 'ingress-nginx', path: '/networking/v1/ingresses' } },
        failurePolicy: 'Ignore',
        matchPolicy: 'Equivalent',
        rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
        sideEffects: 'None',
      },
    ],
  } as KObject);
  return { cluster, client };
}

type JobStatus = { status?: { succeeded?: number; conditions?: { type: string; status: string }[] } };

describe('kube-webhook-certgen', () => {
  it('reads its command and flags', () => {
    expect(parseCertgenArgs(['patch', '--webhook-name=x', '--patch-mutating=false'])).toEqual({ command: 'patch', flags: { 'webhook-name': 'x', 'patch-mutating': 'false' } });
  });

  it('create makes the Secret, patch sets the caBundle and failurePolicy Fail, and both Jobs complete', () => {
    const { cluster, client } = setup();
    client.create('jobs', job('ingress-nginx-admission-create', CREATE));
    cluster.runUntil(cluster.clock.now() + 60_000);
    const secret = client.get<KObject & { data?: Record<string, string> }>('secrets', 'ingress-nginx', 'ingress-nginx-admission');
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['ca', 'cert', 'key']);
    expect(atob(secret.data!['ca']!)).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    expect(atob(secret.data!['key']!)).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    client.create('jobs', job('ingress-nginx-admission-patch', PATCH));
    cluster.runUntil(cluster.clock.now() + 60_000);
    const vwc = client.get<KObject & { webhooks: { clientConfig: { caBundle?: string }; failurePolicy: string }[] }>('validatingwebhookconfigurations', undefined, 'ingress-nginx-admission');
    expect(vwc.webhooks[0]!.clientConfig.caBundle).toBe(secret.data!['ca']);
    expect(vwc.webhooks[0]!.failurePolicy).toBe('Fail');
    for (const name of ['ingress-nginx-admission-create', 'ingress-nginx-admission-patch']) {
      const j = client.get<KObject & JobStatus>('jobs', 'ingress-nginx', name);
      expect(j.status?.succeeded).toBe(1);
      expect(j.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
    }
  });

  it('patch before the Secret exists fails, and the Job retries until create has run', () => {
    const { cluster, client } = setup();
    client.create('jobs', job('ingress-nginx-admission-patch', PATCH));
    cluster.runUntil(cluster.clock.now() + 30_000);
    const pods = client.list<KObject & { status?: { containerStatuses?: { restartCount: number }[] } }>('pods', 'ingress-nginx').items;
    expect(pods[0]!.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(0);
    client.create('jobs', job('ingress-nginx-admission-create', CREATE));
    cluster.runUntil(cluster.clock.now() + 120_000);
    expect(client.get<KObject & JobStatus>('jobs', 'ingress-nginx', 'ingress-nginx-admission-patch').status?.succeeded).toBe(1);
  });
});
