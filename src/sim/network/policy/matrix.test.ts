import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import { buildPolicyMatrix } from './matrix';
import type { PolicyMatrix } from './matrix';

function ns(name: string, labels: Record<string, string> = {}): Namespace {
  return { metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}
function pod(namespace: string, name: string, ip: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = [], extra: { hostNetwork?: boolean; phase?: string } = {}): Pod {
  return { metadata: { namespace, name, labels }, spec: { nodeName: 'worker-1', ...(extra.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'c', image: 'nginx', ports }] }, status: { podIP: ip, phase: extra.phase ?? 'Running' } };
}
function policy(namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicy {
  return { metadata: { namespace, name }, spec };
}

const pods = [
  pod('default', 'web', '10.244.1.3', { app: 'web' }, [{ name: 'http', containerPort: 80 }]),
  pod('default', 'client', '10.244.2.4', { app: 'client' }),
  pod('default', 'done', '10.244.2.9', { app: 'job' }, [], { phase: 'Succeeded' }),
  pod('default', 'hostpod', '192.168.56.11', { app: 'x' }, [], { hostNetwork: true }),
  pod('monitoring', 'prom', '10.244.3.5', { app: 'prom' }, [{ containerPort: 9090 }]),
  pod('kube-system', 'coredns-1', '10.244.0.2', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }]),
];
const namespaces = [ns('default'), ns('kube-system'), ns('monitoring', { team: 'ops' })];
const build = (...policies: NetworkPolicy[]): PolicyMatrix => buildPolicyMatrix({ policies, namespaces, pods }, 'default', { outsideIP: '203.0.113.10' });
/** allowed per port, as the page reads a cell */
const cell = (m: PolicyMatrix, from: string, to: string): boolean[] | null => {
  const c = m.cells[m.sources.findIndex((s) => s.key === from)]![m.destinations.findIndex((d) => d.key === to)]!;
  return c ? c.map((i) => m.verdicts[i]!.allowed) : null;
};

describe('buildPolicyMatrix', () => {
  it('without policies: the namespace pods only (no finished or hostNetwork pods), everything allowed', () => {
    const m = build();
    expect(m.sources.map((s) => s.key)).toEqual(['default/client', 'default/web']);
    expect(m.destinations.map((d) => [d.key, d.ports])).toEqual([
      ['default/client', [{ protocol: 'TCP' }]],
      ['default/web', [{ protocol: 'TCP', port: 80, name: 'http' }]],
    ]);
    expect(cell(m, 'default/client', 'default/web')).toEqual([true]);
    expect(cell(m, 'default/web', 'default/web')).toBeNull();
    expect(m.verdicts).toHaveLength(1);
    expect(m.namespaces).toEqual(['default', 'kube-system', 'monitoring']);
  });

  it('default-deny ingress adds outside as a source and denies every cell; an allow rule opens one', () => {
    const deny = policy('default', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
    let m = build(deny);
    expect(m.sources.map((s) => s.key)).toEqual(['default/client', 'default/web', 'outside']);
    expect(m.destinations.map((d) => d.key)).toEqual(['default/client', 'default/web']);
    expect(cell(m, 'default/client', 'default/web')).toEqual([false]);
    expect(cell(m, 'outside', 'default/client')).toEqual([false]);
    const allow = policy('default', 'allow-client', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }] }] });
    m = build(deny, allow);
    expect(m.policies).toEqual([{ namespace: 'default', name: 'allow-client' }, { namespace: 'default', name: 'deny-all' }]);
    expect(cell(m, 'default/client', 'default/web')).toEqual([true]);
    expect(cell(m, 'default/web', 'default/client')).toEqual([false]);
    expect(cell(m, 'outside', 'default/web')).toEqual([false]);
  });

  it('"any port" is allowed only by rules that do not name ports', () => {
    const onlyHttp = policy('default', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] });
    expect(cell(build(onlyHttp), 'default/web', 'default/client')).toEqual([false]);
    const any = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
    expect(cell(build(any), 'default/web', 'default/client')).toEqual([true]);
  });

  it('lists pods of namespaces a namespaceSelector names, and the DNS pods once egress is isolated', () => {
    const fromOps = policy('default', 'from-ops', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] });
    let m = build(fromOps);
    expect(m.sources.map((s) => [s.key, s.reason])).toEqual([['default/client', undefined], ['default/web', undefined], ['monitoring/prom', 'namespaceSelector'], ['outside', undefined]]);
    expect(cell(m, 'monitoring/prom', 'default/web')).toEqual([true]);
    const denyEgress = policy('default', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    m = build(denyEgress);
    expect(m.destinations.map((d) => [d.key, d.reason])).toEqual([['default/client', undefined], ['default/web', undefined], ['kube-system/coredns-1', 'dns'], ['outside', undefined]]);
    expect(cell(m, 'default/client', 'kube-system/coredns-1')).toEqual([false, false]);
    const dns = policy('default', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] }] });
    m = build(denyEgress, dns);
    expect(m.destinations.find((d) => d.key === 'kube-system/coredns-1')?.reason).toBe('namespaceSelector');
    expect(cell(m, 'default/client', 'kube-system/coredns-1')).toEqual([true, false]);
    const v = m.verdicts[m.cells[0]![2]![0]!]!;
    expect(v.egress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'allow-dns' }, { namespace: 'default', name: 'deny-egress' }], allowedBy: [{ namespace: 'default', name: 'allow-dns', rule: 0 }], allowed: true });
  });

  it('stays fast for a namespace of 50 pods', () => {
    const many = Array.from({ length: 50 }, (_, i) => pod('default', `p${String(i).padStart(2, '0')}`, `10.244.${1 + (i % 3)}.${10 + i}`, { app: `a${i % 5}`, tier: i % 2 ? 'web' : 'db' }, [{ name: 'http', containerPort: 80 }, { containerPort: 443 }]));
    const policies = [
      policy('default', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('default', 'web', { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a1', 'a2'] }] } }], ports: [{ port: 'http' }] }] }),
      policy('default', 'out', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] }),
    ];
    const t0 = performance.now();
    const m = buildPolicyMatrix({ policies, namespaces, pods: many }, 'default', { outsideIP: '203.0.113.10' });
    const ms = performance.now() - t0;
    expect(m.sources).toHaveLength(51);
    expect(m.verdicts.length).toBeLessThan(20);
    expect(ms).toBeLessThan(500);
  });
});
