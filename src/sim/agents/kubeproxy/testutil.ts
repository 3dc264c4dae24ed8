/**
 * Builders for kube-proxy tests: Services and EndpointSlices as the API server would hold them, and a
 * small packet tracer over a node's rules in the manner of upstream's runPacketFlowTests.
 */
import type { EndpointSlice, Service } from '../../types';
import type { ServiceSpec } from 'kubernetes-types/core/v1';
import { Netfilter } from '../../network/netfilter/netfilter';
import { evaluateTable } from '../../network/netfilter/evaluate';
import type { Packet } from '../../network/netfilter/evaluate';
import { formatIPv4, requireIPv4 } from '../../network/ipv4';
import { Stream } from '../../rng';

export function svc(ns: string, name: string, spec: ServiceSpec, lbIngress: string[] = []): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: ns, name },
    spec,
    status: { loadBalancer: lbIngress.length ? { ingress: lbIngress.map((ip) => ({ ip })) } : {} },
  };
}

export interface Ep {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export function slice(ns: string, service: string, endpoints: Ep[], ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[], n = 1): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: `${service}-${n}`, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      ...(e.node ? { nodeName: e.node } : {}),
      conditions: {
        ...(e.ready !== undefined ? { ready: e.ready } : {}),
        ...(e.serving !== undefined ? { serving: e.serving } : {}),
        ...(e.terminating !== undefined ? { terminating: e.terminating } : {}),
      },
    })),
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

export interface FlowResult {
  /** every endpoint the connection may be DNATed to, `ip:port, ip:port`; or ACCEPT/DROP/REJECT; or '' */
  output: string;
  /** marked for masquerade */
  masq: boolean;
}

/**
 * Where a new connection from `src` to `dst:port` goes on this node: nat PREROUTING (OUTPUT when the
 * source is the node itself), then the filter chain the packet would cross. Runs the walk many times
 * with a seeded stream so that every endpoint a statistic rule can pick shows up.
 */
export function flow(nf: Netfilter, localIPs: string[], src: string, dst: string, dport: number, proto: Packet['proto'] = 'tcp'): FlowResult {
  const locals = new Set(localIPs.map((ip) => requireIPv4(ip)));
  const isLocal = (ip: number): boolean => locals.has(ip) || ip >>> 24 === 127;
  const stream = new Stream(7, 'flow');
  const fromNode = isLocal(requireIPv4(src));
  const targets = new Set<string>();
  let masq = false;
  let verdict = '';
  for (let i = 0; i < 64; i++) {
    nf.recent.clear();
    const p: Packet = { src: requireIPv4(src), dst: requireIPv4(dst), proto, sport: 40000 + i, dport, mark: 0, ctstate: ['NEW'] };
    const env = { nowMs: 0, random: () => stream.next32(), isLocal, count: false };
    const nat = evaluateTable(nf, 'nat', fromNode ? 'OUTPUT' : 'PREROUTING', p, env);
    const after: Packet = { ...p, mark: nat.mark };
    if (nat.nat?.kind === 'DNAT') {
      if (nat.nat.ip !== undefined) after.dst = nat.nat.ip;
      if (nat.nat.port !== undefined) after.dport = nat.nat.port;
    }
    const hook = fromNode ? 'OUTPUT' : isLocal(after.dst) ? 'INPUT' : 'FORWARD';
    const filter = evaluateTable(nf, 'filter', hook, after, env);
    const filterDecided = filter.steps.some((s) => s.kind === 'rule' && (s.rule.target?.t === 'ACCEPT' || s.rule.target?.t === 'DROP' || s.rule.target?.t === 'REJECT'));
    if (filter.verdict !== 'ACCEPT') return { output: filter.verdict, masq: false };
    if (nat.nat?.kind === 'DNAT') {
      targets.add(`${formatIPv4(after.dst)}:${after.dport}`);
      if ((nat.mark & 0x4000) !== 0) masq = true;
    } else if (filterDecided) {
      verdict = 'ACCEPT';
    }
  }
  if (targets.size) return { output: [...targets].sort().join(', '), masq };
  return { output: verdict, masq: false };
}
