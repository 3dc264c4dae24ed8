import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';
import { SIM_EPOCH_MS } from '../../sim/clock';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
let client: Client;
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now() });
/** metav1.Time as Go prints it, for a virtual second */
const created = (sec: number): string => new Date(SIM_EPOCH_MS + sec * 1000).toISOString().replace('T', ' ').replace('.000Z', ' +0000 UTC');

function create(name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): void {
  client.create('networkpolicies', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'default', ...meta }, spec } as unknown as KObject);
}

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
});

describe('kubectl describe networkpolicy', () => {
  it('prints a default-deny policy with its inferred type', () => {
    create('default-deny', { podSelector: {} });
    expect(k('describe networkpolicy default-deny')).toEqual({
      stdout: [
        'Name:         default-deny',
        'Namespace:    default',
        `Created on:   ${created(0)}`,
        'Labels:       <none>',
        'Annotations:  <none>',
        'Spec:',
        '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
        '  Allowing ingress traffic:',
        '    <none> (Selected pods are isolated for ingress connectivity)',
        '  Not affecting egress traffic',
        '  Policy Types: Ingress',
        '',
      ].join('\n'),
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints each rule: ports, ranges, named and port-less entries, peers of every kind, separators', () => {
    create(
      'web-policy',
      {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24', '172.17.2.0/24'] } },
              { namespaceSelector: { matchLabels: { project: 'myproject' } }, podSelector: { matchLabels: { role: 'frontend' } } },
              { podSelector: { matchLabels: { role: 'frontend' } } },
            ],
            ports: [{ protocol: 'TCP', port: 6379 }],
          },
          {},
        ],
        egress: [
          { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }, { port: 'dns' }] },
          { ports: [{ protocol: 'UDP' }] },
        ],
      },
      { labels: { app: 'web' }, annotations: { note: 'x' } },
    );
    expect(k('describe netpol web-policy').stdout).toBe(
      [
        'Name:         web-policy',
        'Namespace:    default',
        `Created on:   ${created(0)}`,
        'Labels:       app=web',
        'Annotations:  note: x',
        'Spec:',
        '  PodSelector:     app=web',
        '  Allowing ingress traffic:',
        '    To Port: 6379/TCP',
        '    From:',
        '      IPBlock:',
        '        CIDR: 172.17.0.0/16',
        '        Except: 172.17.1.0/24, 172.17.2.0/24',
        '    From:',
        '      NamespaceSelector: project=myproject',
        '      PodSelector: role=frontend',
        '    From:',
        '      PodSelector: role=frontend',
        '    ----------',
        '    To Port: <any> (traffic allowed to all ports)',
        '    From: <any> (traffic not restricted by source)',
        '  Allowing egress traffic:',
        '    To Port Range: 32000-32768/TCP',
        '    To Port: dns/TCP',
        '    To:',
        '      IPBlock:',
        '        CIDR: 10.0.0.0/24',
        '        Except: ',
        '    ----------',
        '    To Port: <nil>/UDP',
        '    To: <any> (traffic not restricted by destination)',
        '  Policy Types: Ingress, Egress',
        '',
      ].join('\n'),
    );
  });

  it('prints an egress-only policy, selector expressions and namespaceSelector {}', () => {
    create('egress-only', {
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
      policyTypes: ['Egress'],
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    });
    create('allow-ns', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    expect(k('describe networkpolicy egress-only').stdout.split('\n').slice(5).join('\n')).toBe(
      ['Spec:', '  PodSelector:     tier in (a,b)', '  Not affecting ingress traffic', '  Allowing egress traffic:', '    <none> (Selected pods are isolated for egress connectivity)', '  Policy Types: Egress', ''].join('\n'),
    );
    expect(k('describe networkpolicy allow-ns').stdout.split('\n').slice(5).join('\n')).toBe(
      [
        'Spec:',
        '  PodSelector:     app=db',
        '  Allowing ingress traffic:',
        '    To Port: <any> (traffic allowed to all ports)',
        '    From:',
        '      NamespaceSelector: <none>',
        '  Not affecting egress traffic',
        '  Policy Types: Ingress',
        '',
      ].join('\n'),
    );
  });

  it('describes every policy of the namespace without a name, and says when one is missing', () => {
    create('a', { podSelector: {} });
    create('b', { podSelector: {} });
    expect(k('describe networkpolicies').stdout.match(/^Name: +\S+$/gm)).toEqual(['Name:         a', 'Name:         b']);
    expect(k('describe networkpolicy zzz').stderr).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "zzz" not found\n');
  });

  it('get lists the POD-SELECTOR column the API server prints', () => {
    create('deny', { podSelector: {} });
    create('web', { podSelector: { matchLabels: { app: 'web' } } });
    cluster.runUntil(65_000);
    expect(k('get netpol').stdout).toBe('NAME   POD-SELECTOR   AGE\ndeny   <none>         65s\nweb    app=web        65s\n');
  });
});
