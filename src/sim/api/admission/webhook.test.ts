import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { KObject } from '../../types';
import { StatusError } from '../types';
import { admissionReview } from './webhook';
import type { WebhookTransport } from './webhook';
import type { AdmissionAttributes, RuleWithOperations, ValidatingWebhook } from './webhookMatch';
import { matchedResource, namespaceSelectorMatches, objectSelectorMatches, ruleMatches } from './webhookMatch';

const ING = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };

function attrs(over: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: 'CREATE',
    resource: ING,
    kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
    subresource: '',
    name: 'web',
    namespace: 'default',
    object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } } },
    user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
    dryRun: false,
    ...over,
  };
}

const nginxRule: RuleWithOperations = { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] };

describe('webhook rules', () => {
  it('match operations, groups, versions and resources', () => {
    expect(ruleMatches(nginxRule, attrs())).toBe(true);
    expect(ruleMatches(nginxRule, attrs({ operation: 'DELETE' }))).toBe(false);
    expect(ruleMatches({ ...nginxRule, apiGroups: [''] }, attrs())).toBe(false);
    expect(ruleMatches({ ...nginxRule, apiVersions: ['v1beta1'] }, attrs())).toBe(false);
    expect(ruleMatches({ ...nginxRule, operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }, attrs({ operation: 'DELETE' }))).toBe(true);
  });

  it('name subresources: a plain resource never covers its status, `*/*` and `x/*` do', () => {
    const status = attrs({ operation: 'UPDATE', subresource: 'status' });
    expect(ruleMatches(nginxRule, status)).toBe(false);
    expect(ruleMatches({ ...nginxRule, resources: ['*'] }, status)).toBe(false);
    expect(ruleMatches({ ...nginxRule, resources: ['ingresses/status'] }, status)).toBe(true);
    expect(ruleMatches({ ...nginxRule, resources: ['ingresses/*'] }, status)).toBe(true);
    expect(ruleMatches({ ...nginxRule, resources: ['*/status'] }, status)).toBe(true);
    expect(ruleMatches({ ...nginxRule, resources: ['*/*'] }, status)).toBe(true);
    expect(ruleMatches({ ...nginxRule, resources: ['*/status'] }, attrs())).toBe(false);
  });

  it('scope: a Namespace counts as cluster-scoped though its request names a namespace', () => {
    const nsAttrs = attrs({ resource: { group: '', version: 'v1', resource: 'namespaces' }, namespace: 'team-a', name: 'team-a' });
    const any: RuleWithOperations = { apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] };
    expect(ruleMatches({ ...any, scope: 'Cluster' }, nsAttrs)).toBe(true);
    expect(ruleMatches({ ...any, scope: 'Namespaced' }, nsAttrs)).toBe(false);
    expect(ruleMatches({ ...any, scope: 'Namespaced' }, attrs())).toBe(true);
    expect(ruleMatches({ ...any, scope: 'Cluster' }, attrs())).toBe(false);
  });

  it('matchPolicy Equivalent calls a hook written for another version of the resource; Exact does not', () => {
    const hpa = attrs({ resource: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' } });
    const hook: ValidatingWebhook = { name: 'h', clientConfig: {}, rules: [{ apiGroups: ['autoscaling'], apiVersions: ['v1'], operations: ['*'], resources: ['horizontalpodautoscalers'] }] };
    const v1 = { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' };
    expect(matchedResource(hook, hpa, [hpa.resource, v1])).toEqual(v1);
    expect(matchedResource({ ...hook, matchPolicy: 'Exact' }, hpa, [hpa.resource, v1])).toBeUndefined();
  });

  it('namespaceSelector reads the namespace labels; cluster-scoped objects are never exempt', () => {
    const hook: ValidatingWebhook = { name: 'h', clientConfig: {}, namespaceSelector: { matchLabels: { env: 'prod' } } };
    expect(namespaceSelectorMatches(hook, attrs(), { env: 'prod' })).toBe(true);
    expect(namespaceSelectorMatches(hook, attrs(), { env: 'dev' })).toBe(false);
    expect(namespaceSelectorMatches(hook, attrs({ namespace: '', resource: { group: '', version: 'v1', resource: 'nodes' } }), undefined)).toBe(true);
    expect(namespaceSelectorMatches({ ...hook, namespaceSelector: {} }, attrs(), undefined)).toBe(true);
  });

  it('objectSelector matches the new object or the old one', () => {
    const hook: ValidatingWebhook = { name: 'h', clientConfig: {}, objectSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } };
    expect(objectSelectorMatches(hook, attrs())).toBe(true);
    const relabelled = attrs({ operation: 'UPDATE', object: { metadata: { labels: { app: 'api' } } }, oldObject: { metadata: { labels: { app: 'web' } } } });
    expect(objectSelectorMatches(hook, relabelled)).toBe(true);
    expect(objectSelectorMatches(hook, attrs({ object: { metadata: { labels: { app: 'api' } } } }))).toBe(false);
  });
});

describe('AdmissionReview', () => {
  it('is admission.k8s.io/v1 with the request fields in the order the API server writes them', () => {
    const text = admissionReview(attrs(), ING, 'c0ffee');
    expect(text).toBe(
      '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"c0ffee",' +
        '"kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"resource":{"group":"networking.k8s.io","version":"v1","resource":"ingresses"},' +
        '"requestKind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"requestResource":{"group":"networking.k8s.io","version":"v1","resource":"ingresses"},' +
        '"name":"web","namespace":"default","operation":"CREATE","userInfo":{"username":"kubernetes-admin","groups":["kubeadm:cluster-admins","system:authenticated"]},' +
        '"object":{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}}},' +
        '"oldObject":null,"dryRun":false,"options":{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}}}',
    );
  });

  it('of a DELETE carries the old object and no new one', () => {
    const old = attrs().object!;
    const review = JSON.parse(admissionReview(attrs({ operation: 'DELETE', object: undefined, oldObject: old }), ING, 'u')) as { request: { object: unknown; oldObject: unknown; options: { kind: string } } };
    expect(review.request.object).toBeNull();
    expect(review.request.oldObject).toEqual(old);
    expect(review.request.options.kind).toBe('DeleteOptions');
  });
});

// ---- the plugin in the API server, with a transport standing in for the dataplane ----------------

const vwc = (failurePolicy: 'Fail' | 'Ignore'): KObject =>
  ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'ingress-nginx-admission' },
    webhooks: [
      {
        name: 'validate.nginx.ingress.kubernetes.io',
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: 'ingress-nginx-controller-admission', namespace: 'ingress-nginx', path: '/networking/v1/ingresses', port: 443 } },
        failurePolicy,
        matchPolicy: 'Equivalent',
        rules: [nginxRule],
        sideEffects: 'None',
      },
    ],
  }) as KObject;

const ingress = (name: string): KObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default' },
  spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
});

function setup(answer: (body: string) => ReturnType<WebhookTransport['post']>) {
  const c = createCluster({ bare: true, seed: 1 });
  const calls: { service: unknown; body: string }[] = [];
  c.api.webhookTransport = {
    post(service, body) {
      calls.push({ service, body });
      return answer(body);
    },
  };
  return { c, k: c.client('kubernetes-admin'), calls };
}

const allow = (allowed: boolean, status?: object) => (body: string) => {
  const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
  return { status: 200, body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed, ...(status ? { status } : {}) } }) };
};

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('ValidatingAdmissionWebhook in the API server', () => {
  it('calls nothing while no configuration exists', () => {
    const { k, calls } = setup(allow(true));
    k.create('ingresses', ingress('a'));
    expect(calls).toHaveLength(0);
  });

  it('posts the review to the Service and stores the object the hook allows', () => {
    const { k, calls } = setup(allow(true));
    k.create('validatingwebhookconfigurations', vwc('Fail'));
    k.create('ingresses', ingress('a'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.service).toEqual({ namespace: 'ingress-nginx', name: 'ingress-nginx-controller-admission', port: 443, path: '/networking/v1/ingresses?timeout=10s' });
    expect(k.get('ingresses', 'default', 'a').metadata.name).toBe('a');
  });

  it("refuses with the hook's message, prefixed with who denied it", () => {
    const { k } = setup(allow(false, { status: 'Failure', code: 400, reason: 'BadRequest', message: 'host "a.example" and path "/" is already defined in ingress default/other' }));
    k.create('validatingwebhookconfigurations', vwc('Fail'));
    const e = refusal(() => k.create('ingresses', ingress('a')));
    expect(e.status.code).toBe(400);
    expect(e.status.reason).toBe('BadRequest');
    expect(e.message).toBe('admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "a.example" and path "/" is already defined in ingress default/other');
  });

  it('fails closed with an Internal error naming the URL and the dial error under failurePolicy Fail', () => {
    const { k } = setup(() => ({ error: 'dial tcp 10.104.21.7:443: connect: connection refused' }));
    k.create('validatingwebhookconfigurations', vwc('Fail'));
    const e = refusal(() => k.create('ingresses', ingress('a')));
    expect(e.status.code).toBe(500);
    expect(e.message).toBe(
      'Internal error occurred: failed calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook: Post "https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s": dial tcp 10.104.21.7:443: connect: connection refused',
    );
  });

  it('lets the request through when the call fails under failurePolicy Ignore', () => {
    const { k } = setup(() => ({ error: 'context deadline exceeded' }));
    k.create('validatingwebhookconfigurations', vwc('Ignore'));
    k.create('ingresses', ingress('a'));
    expect(k.get('ingresses', 'default', 'a').metadata.name).toBe('a');
  });

  it('refuses an answer for another request', () => {
    const { k } = setup(() => ({ status: 200, body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'other', allowed: true } }) }));
    k.create('validatingwebhookconfigurations', vwc('Fail'));
    expect(() => k.create('ingresses', ingress('a'))).toThrow(/^Internal error occurred: failed calling webhook "validate.nginx.ingress.kubernetes.io": received invalid webhook response: expected response.uid="[0-9a-f-]+", got "other"$/);
  });

  it('stops calling once the configuration is deleted', () => {
    const { k, calls } = setup(allow(true));
    k.create('validatingwebhookconfigurations', vwc('Fail'));
    k.delete('validatingwebhookconfigurations', undefined, 'ingress-nginx-admission');
    k.create('ingresses', ingress('a'));
    expect(calls).toHaveLength(0);
  });
});

describe('MutatingAdmissionWebhook in the API server', () => {
  const mwc = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'add-team' },
    webhooks: [{ name: 'team.example.com', admissionReviewVersions: ['v1'], clientConfig: { service: { name: 'team', namespace: 'default', path: '/mutate' } }, failurePolicy: 'Fail', rules: [nginxRule], sideEffects: 'None' }],
  } as KObject;
  const patching = (body: string) => {
    const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
    const patch = btoa(JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { team: 'web' } }]));
    return { status: 200, body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: true, patchType: 'JSONPatch', patch } }) };
  };

  it("stores the object as the hook's JSONPatch makes it, on create and on update", () => {
    const { k } = setup(patching);
    k.create('mutatingwebhookconfigurations', mwc);
    k.create('ingresses', ingress('a'));
    expect(k.get('ingresses', 'default', 'a').metadata.labels).toEqual({ team: 'web' });
    const cur = k.get<KObject>('ingresses', 'default', 'a');
    k.update('ingresses', { ...cur, metadata: { ...cur.metadata, labels: { team: 'api' } } } as KObject);
    expect(k.get('ingresses', 'default', 'a').metadata.labels).toEqual({ team: 'web' });
  });

  it('refuses the write when its call fails under failurePolicy Fail', () => {
    const { k } = setup(() => ({ error: 'service "team" not found' }));
    k.create('mutatingwebhookconfigurations', mwc);
    expect(() => k.create('ingresses', ingress('a'))).toThrow('Internal error occurred: failed calling webhook "team.example.com": failed to call webhook: Post "https://team.default.svc:443/mutate?timeout=10s": service "team" not found');
  });
});
