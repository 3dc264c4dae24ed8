import { describe, expect, it } from 'vitest';
import { createCluster } from '../../sim/cluster';
import type { KObject } from '../../sim/types';
import { runKubectl } from '../kubectl';

function setup() {
  const cluster = createCluster({ bare: true, seed: 1 });
  const client = cluster.client('kubernetes-admin');
  const k = (line: string) => {
    const r = runKubectl(line, { client, nowMs: () => cluster.clock.now() });
    return r.stdout + r.stderr;
  };
  client.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } } as KObject);
  client.create('endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.3'], conditions: { ready: true } }, { addresses: ['10.244.2.4'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  } as KObject);
  return { cluster, client, k };
}

describe('kubectl describe ingress', () => {
  it('prints the Rules table with each backend and its endpoints, the TLS and the address', () => {
    const { client, k } = setup();
    client.create('ingresses', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default', annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['a.example'], secretName: 'a-tls' }],
        rules: [
          { host: 'a.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } }] } },
          { http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } },
        ],
      },
    } as KObject);
    const ing = client.get<KObject>('ingresses', 'default', 'web');
    client.update('ingresses', { ...ing, status: { loadBalancer: { ingress: [{ ip: '192.168.56.12' }, { ip: '192.168.56.11' }] } } } as KObject, { subresource: 'status' });
    expect(k('kubectl describe ingress web')).toBe(
      [
        'Name:             web',
        'Labels:           <none>',
        'Namespace:        default',
        'Address:          192.168.56.11,192.168.56.12',
        'Ingress Class:    nginx',
        'Default backend:  <default>',
        'TLS:',
        '  a-tls terminates a.example',
        'Rules:',
        '  Host        Path  Backends',
        '  ----        ----  --------',
        '  a.example   ',
        '              /      web:80 (10.244.1.3:8080,10.244.2.4:8080)',
        '              /api   api:http (<error: services "api" not found>)',
        '  *           ',
        // A host line has one cell: the paths under each host are a column block of their own.
        '              /   web:http (10.244.1.3:8080,10.244.2.4:8080)',
        'Annotations:  nginx.ingress.kubernetes.io/ssl-redirect: false',
        'Events:       <none>',
        '',
      ].join('\n'),
    );
  });

  it('shows the default backend in the table when no rule has paths', () => {
    const { client, k } = setup();
    client.create('ingresses', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'catch-all', namespace: 'default' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } } as KObject);
    expect(k('kubectl describe ing catch-all')).toBe(
      [
        'Name:             catch-all',
        'Labels:           <none>',
        'Namespace:        default',
        'Address:          ',
        'Ingress Class:    <none>',
        'Default backend:  web:80 (10.244.1.3:8080,10.244.2.4:8080)',
        'Rules:',
        '  Host        Path  Backends',
        '  ----        ----  --------',
        '  *           *     web:80 (10.244.1.3:8080,10.244.2.4:8080)',
        'Annotations:  <none>',
        'Events:       <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe ingressclass', () => {
  it('prints the controller and parameters', () => {
    const { client, k } = setup();
    client.create('ingressclasses', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } },
    } as KObject);
    expect(k('kubectl describe ingressclass nginx')).toBe(
      [
        'Name:         nginx',
        'Labels:       app.kubernetes.io/name=ingress-nginx',
        'Annotations:  <none>',
        'Controller:   k8s.io/ingress-nginx',
        'Parameters:',
        '  APIGroup:  k8s.example.com',
        '  Kind:      IngressParameters',
        '  Name:      external-lb',
        'Events:      <none>',
        '',
      ].join('\n'),
    );
  });
});
