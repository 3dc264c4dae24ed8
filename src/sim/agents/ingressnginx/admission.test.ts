import { describe, expect, it } from 'vitest';
import type { AdmissionView, IngressObject } from './admission';
import { admissionApp, checkIngress } from './admission';

const nginxClass = { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };

function view(ingresses: IngressObject[] = [], config: Record<string, string> = {}): AdmissionView {
  return { ingresses: () => ingresses, ingressClasses: () => [nginxClass], config: () => config };
}

function ing(name: string, host: string, path = '/', opts: { pathType?: string; className?: string | null; annotations?: Record<string, string>; created?: string } = {}): IngressObject {
  return {
    metadata: { name, namespace: 'default', creationTimestamp: opts.created ?? '2026-12-07T00:00:00Z', ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      ...(opts.className === null ? {} : { ingressClassName: opts.className ?? 'nginx' }),
      rules: [{ ...(host ? { host } : {}), http: { paths: [{ path, pathType: opts.pathType ?? 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    },
  };
}

describe("ingress-nginx's CheckIngress", () => {
  it('refuses a host and path another Ingress of the class defines', () => {
    expect(checkIngress(ing('b', 'a.example'), view([ing('other', 'a.example')]))).toBe('host "a.example" and path "/" is already defined in ingress default/other');
  });

  it('names the default server `_` for rules without a host', () => {
    expect(checkIngress(ing('b', ''), view([ing('first', '')]))).toBe('host "_" and path "/" is already defined in ingress default/first');
  });

  it('admits the same host and path with another pathType, another host, and an update of the same Ingress', () => {
    expect(checkIngress(ing('b', 'a.example', '/', { pathType: 'Exact' }), view([ing('other', 'a.example')]))).toBeUndefined();
    expect(checkIngress(ing('b', 'b.example'), view([ing('other', 'a.example')]))).toBeUndefined();
    expect(checkIngress(ing('other', 'a.example'), view([ing('other', 'a.example')]))).toBeUndefined();
  });

  it('admits a canary beside its main Ingress, not two canaries', () => {
    const canary = { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' } };
    expect(checkIngress(ing('b', 'a.example', '/', canary), view([ing('main', 'a.example')]))).toBeUndefined();
    expect(checkIngress(ing('c', 'a.example', '/', canary), view([ing('b', 'a.example', '/', canary)]))).toBe('host "a.example" and path "/" is already defined in ingress default/b');
  });

  it('leaves an Ingress of another class, or of none, untouched', () => {
    const others = view([ing('other', 'a.example')]);
    expect(checkIngress(ing('b', 'a.example', '/', { className: 'traefik' }), others)).toBeUndefined();
    expect(checkIngress(ing('b', 'a.example', '/', { className: null }), others)).toBeUndefined();
    // Ingresses of another class are not in the controller's configuration either.
    expect(checkIngress(ing('b', 'a.example'), view([ing('other', 'a.example', '/', { className: 'traefik' })]))).toBeUndefined();
    // A class-less Ingress stays unchecked even when nginx is the default class (the API server would
    // have written the class into a new one), and is checked with --watch-ingress-without-class.
    const byDefault: AdmissionView = { ...others, ingressClasses: () => [{ ...nginxClass, metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } }] };
    expect(checkIngress(ing('b', 'a.example', '/', { className: null }), byDefault)).toBeUndefined();
    expect(checkIngress(ing('b', 'a.example', '/', { className: null }), { ...others, watchWithoutClass: true })).toBe('host "a.example" and path "/" is already defined in ingress default/other');
  });

  it('refuses snippet annotations while the administrator has not allowed them', () => {
    const snippet = { annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";' } };
    expect(checkIngress(ing('b', 'a.example', '/', snippet), view())).toBe('nginx.ingress.kubernetes.io/configuration-snippet annotation cannot be used. Snippet directives are disabled by the Ingress administrator');
    expect(checkIngress(ing('b', 'a.example', '/', snippet), view([], { 'allow-snippet-annotations': 'true' }))).toBeUndefined();
  });

  it('refuses a boolean annotation that does not parse', () => {
    expect(checkIngress(ing('b', 'a.example', '/', { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'yes' } }), view())).toBe('annotation nginx.ingress.kubernetes.io/ssl-redirect contains invalid value');
  });

  it('checks paths against their pathType only when strict-validate-path-type is on', () => {
    const regex = ing('b', 'a.example', '/api/(.*)');
    expect(checkIngress(regex, view())).toBeUndefined();
    expect(checkIngress(regex, view([], { 'strict-validate-path-type': 'true' }))).toBe('ingress contains invalid paths: path /api/(.*) cannot be used with pathType Prefix');
    expect(checkIngress(ing('b', 'a.example', '/api/(.*)', { pathType: 'ImplementationSpecific' }), view([], { 'strict-validate-path-type': 'true' }))).toBeUndefined();
  });

  it('refuses paths that reach into files the controller must not serve, whatever the class', () => {
    expect(checkIngress(ing('b', 'a.example', '/etc/passwd', { className: 'traefik' }), view())).toBe('invalid object: invalid rule in ingress default/b: invalid http path: invalid value found: /etc/passwd');
  });
});

describe("the controller's admission listener", () => {
  const post = (body: string) => {
    const app = admissionApp(view([ing('other', 'a.example')]));
    if (app.kind !== 'http') throw new Error('not an HTTP server');
    return app.serve({ method: 'POST', path: '/networking/v1/ingresses?timeout=10s', host: 'x', headers: [], body, clientIP: '10.0.0.1', localIP: '10.244.1.5', localPort: 8443 });
  };

  it('answers a review with a 400 BadRequest denial carrying the message', () => {
    const res = post(JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { uid: 'u1', kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' }, name: 'b', namespace: 'default', object: ing('b', 'a.example') } }));
    expect(res.status).toBe(200);
    const review = JSON.parse(res.body) as { response: unknown };
    expect(review.response).toEqual({ uid: 'u1', allowed: false, status: { metadata: {}, status: 'Failure', message: 'host "a.example" and path "/" is already defined in ingress default/other', reason: 'BadRequest', code: 400 } });
  });

  it('fails a review of anything but an Ingress with a 500', () => {
    const res = post(JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { uid: 'u1', kind: { group: '', version: 'v1', kind: 'Pod' }, name: 'p', namespace: 'default' } }));
    expect(res.status).toBe(500);
    expect(res.body).toBe('');
  });
});
