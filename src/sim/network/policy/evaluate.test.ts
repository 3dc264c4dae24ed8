import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import { evaluateConnection, policyTypesOf } from './evaluate';
import type { Connection, PolicyProtocol, PolicyWorld } from './evaluate';

function ns(name: string, labels: Record<string, string> = {}): Namespace {
  return { metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

function pod(namespace: string, name: string, ip: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = [], hostNetwork = false): Pod {
  return { metadata: { namespace, name, labels }, spec: { hostNetwork, containers: [{ name: 'c', image: 'nginx', ports }] }, status: { podIP: ip } };
}

function policy(namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicy {
  return { metadata: { namespace, name }, spec };
}

const client = pod('default', 'client', '10.244.1.2', { app: 'client' });
const web = pod('default', 'web', '10.244.2.3', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]);
const other = pod('default', 'other', '10.244.1.4', { app: 'other' });
const monitor = pod('monitoring', 'prom', '10.244.3.5', { app: 'prom' });
const hostPod = pod('default', 'host', '192.168.56.11', { app: 'web' }, [], true);
const namespaces = [ns('default'), ns('monitoring', { team: 'ops' }), ns('kube-system')];

function world(...policies: NetworkPolicy[]): PolicyWorld {
  return { policies, namespaces, pods: [client, web, other, monitor, hostPod] };
}

function conn(from: Pod | string, to: Pod | string, port = 8080, protocol: PolicyProtocol = 'TCP'): Connection {
  const end = (e: Pod | string) => (typeof e === 'string' ? { ip: e } : { ip: e.status!.podIP!, pod: e });
  return { from: end(from), to: end(to), protocol, port };
}

const denyAll = policy('default', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
const allowClient = policy('default', 'allow-client', {
  podSelector: { matchLabels: { app: 'web' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'other' } } }] }, { from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 8080 }] }],
});

describe('policyTypes', () => {
  it('infers Ingress always and Egress when egress rules exist; explicit types win', () => {
    expect(policyTypesOf(policy('default', 'a', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypesOf(policy('default', 'a', { podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypesOf(policy('default', 'a', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] }))).toEqual(['Egress']);
  });
});

describe('evaluateConnection', () => {
  it('allows everything when no policy selects either pod', () => {
    expect(evaluateConnection(world(), conn(client, web))).toEqual({
      egress: { isolated: false, selectedBy: [], allowed: true },
      ingress: { isolated: false, selectedBy: [], allowed: true },
      allowed: true,
    });
  });

  it('isolates for ingress with an empty ingress list and names the policy', () => {
    expect(evaluateConnection(world(denyAll), conn(client, web)).ingress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-all' }], allowedBy: [], allowed: false });
    // ingress isolation does not touch egress
    expect(evaluateConnection(world(denyAll), conn(client, web)).egress).toEqual({ isolated: false, selectedBy: [], allowed: true });
  });

  it('adds the rules of every policy that selects the pod, with the 0-based rule index', () => {
    const v = evaluateConnection(world(denyAll, allowClient), conn(client, web));
    expect(v.allowed).toBe(true);
    expect(v.ingress.selectedBy).toEqual([{ namespace: 'default', name: 'allow-client' }, { namespace: 'default', name: 'deny-all' }]);
    expect(v.ingress.allowedBy).toEqual([{ namespace: 'default', name: 'allow-client', rule: 1 }]);
    // the port of rule 1 is 8080 only
    expect(evaluateConnection(world(denyAll, allowClient), conn(client, web, 9090)).allowed).toBe(false);
    // rule 0 has no ports: every port
    expect(evaluateConnection(world(denyAll, allowClient), conn(other, web, 9090)).ingress.allowedBy).toEqual([{ namespace: 'default', name: 'allow-client', rule: 0 }]);
  });

  it('an egress-only policy isolates for egress only; an empty egress list blocks DNS too', () => {
    const denyEgress = policy('default', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    const dns = pod('kube-system', 'coredns', '10.244.0.2', { 'k8s-app': 'kube-dns' });
    const v = evaluateConnection(world(denyEgress), conn(client, dns, 53, 'UDP'));
    expect(v).toEqual({ egress: { isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-egress' }], allowedBy: [], allowed: false }, ingress: { isolated: false, selectedBy: [], allowed: true }, allowed: false });
  });

  it('an empty rule allows every peer and port; an absent from allows sources outside too', () => {
    const allowAll = policy('default', 'allow-all', { podSelector: {}, ingress: [{}] });
    expect(evaluateConnection(world(allowAll), conn('203.0.113.10', web, 1)).allowed).toBe(true);
    expect(evaluateConnection(world(allowAll), conn(monitor, web, 5, 'UDP')).ingress.allowedBy).toEqual([{ namespace: 'default', name: 'allow-all', rule: 0 }]);
  });

  it('podSelector alone means pods of the policy namespace only', () => {
    const fromClient = policy('default', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] });
    expect(evaluateConnection(world(fromClient), conn(client, web)).allowed).toBe(true);
    expect(evaluateConnection(world(fromClient), conn(monitor, web)).allowed).toBe(false);
    expect(evaluateConnection(world(fromClient), conn('203.0.113.10', web)).allowed).toBe(false);
  });

  it('namespaceSelector alone, {} and together with a podSelector', () => {
    const fromOps = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] });
    expect(evaluateConnection(world(fromOps), conn(monitor, web)).allowed).toBe(true);
    expect(evaluateConnection(world(fromOps), conn(client, web)).allowed).toBe(false);
    const fromAnyNs = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    expect(evaluateConnection(world(fromAnyNs), conn(monitor, web)).allowed).toBe(true);
    expect(evaluateConnection(world(fromAnyNs), conn(client, web)).allowed).toBe(true);
    expect(evaluateConnection(world(fromAnyNs), conn('203.0.113.10', web)).allowed).toBe(false);
    const both = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'other' } } }] }] });
    expect(evaluateConnection(world(both), conn(monitor, web)).allowed).toBe(false);
    const bothMatch = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'prom' } } }] }] });
    expect(evaluateConnection(world(bothMatch), conn(monitor, web)).allowed).toBe(true);
    // two peers instead of one: either matches (the classic YAML dash difference)
    const either = policy('default', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, { podSelector: { matchLabels: { app: 'client' } } }] }] });
    expect(evaluateConnection(world(either), conn(monitor, web)).allowed).toBe(true);
    expect(evaluateConnection(world(either), conn(client, web)).allowed).toBe(true);
    expect(evaluateConnection(world(either), conn(other, web)).allowed).toBe(false);
  });

  it('ipBlock with except matches addresses as a plain CIDR, pod addresses included', () => {
    const block = policy('default', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }, { ipBlock: { cidr: '203.0.113.0/24' } }] }] });
    expect(evaluateConnection(world(block), conn(client, web)).allowed).toBe(false); // 10.244.1.2 is in the except
    expect(evaluateConnection(world(block), conn(monitor, web)).ingress.allowedBy).toEqual([{ namespace: 'default', name: 'p', rule: 0 }]);
    expect(evaluateConnection(world(block), conn('203.0.113.10', web)).allowed).toBe(true);
    expect(evaluateConnection(world(block), conn('198.51.100.1', web)).allowed).toBe(false);
  });

  it('ports: protocol defaults to TCP, a port-less entry is every port of its protocol, endPort is a range', () => {
    const udp = policy('default', 'p', { podSelector: {}, ingress: [{ ports: [{ protocol: 'UDP' }] }] });
    expect(evaluateConnection(world(udp), conn(client, web, 53, 'UDP')).allowed).toBe(true);
    expect(evaluateConnection(world(udp), conn(client, web, 53, 'TCP')).allowed).toBe(false);
    const tcp80 = policy('default', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
    expect(evaluateConnection(world(tcp80), conn(client, web, 80, 'TCP')).allowed).toBe(true);
    expect(evaluateConnection(world(tcp80), conn(client, web, 80, 'UDP')).allowed).toBe(false);
    const range = policy('default', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 32000, endPort: 32768 }] }] });
    expect([31999, 32000, 32768, 32769].map((p) => evaluateConnection(world(range), conn(client, web, p)).allowed)).toEqual([false, true, true, false]);
  });

  it('named ports resolve on the destination pod, with their protocol', () => {
    const named = policy('default', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }, { port: 'dns', protocol: 'UDP' }] }] });
    expect(evaluateConnection(world(named), conn(client, web, 8080)).allowed).toBe(true);
    expect(evaluateConnection(world(named), conn(client, web, 80)).allowed).toBe(false);
    expect(evaluateConnection(world(named), conn(client, web, 53, 'UDP')).allowed).toBe(true);
    // client has no port named http
    expect(evaluateConnection(world(named), conn(web, client, 8080)).allowed).toBe(false);
    // egress: the name is the destination's, and an address outside has none
    const egressNamed = policy('default', 'e', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] });
    expect(evaluateConnection(world(egressNamed), conn(client, web, 8080)).egress.allowedBy).toEqual([{ namespace: 'default', name: 'e', rule: 0 }]);
    expect(evaluateConnection(world(egressNamed), conn(client, '203.0.113.10', 8080)).allowed).toBe(false);
  });

  it('hostNetwork pods are never selected, and match only ipBlock as a peer', () => {
    expect(evaluateConnection(world(denyAll), conn(client, hostPod)).ingress).toEqual({ isolated: false, selectedBy: [], allowed: true });
    const fromWeb = policy('default', 'p', { podSelector: { matchLabels: { app: 'client' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(evaluateConnection(world(fromWeb), conn(hostPod, client)).allowed).toBe(false);
    expect(evaluateConnection(world(fromWeb), conn(web, client)).allowed).toBe(true);
  });

  it("a node's own traffic to its pods is not policed; its pods' egress to it is, and another node's is", () => {
    const onNode = (p: Pod, node: string): Pod => ({ ...p, spec: { ...p.spec!, nodeName: node } });
    const webOn2 = onNode(web, 'worker-2');
    const hostOn2 = onNode(hostPod, 'worker-2');
    const hostOn1 = onNode(hostPod, 'worker-1');
    const w = { policies: [denyAll], namespaces, pods: [client, webOn2, hostOn2, hostOn1] };
    const at = (from: Connection['from'], to: Connection['to']) => evaluateConnection(w, { from, to, protocol: 'TCP', port: 8080 });
    // the kubelet or `ssh worker-2 curl`: worker-2's own address, and a hostNetwork pod there
    expect(at({ ip: '192.168.1.12', node: 'worker-2' }, { ip: '10.244.2.3', pod: webOn2 }).ingress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-all' }], allowedBy: [], hostLocal: true, allowed: true });
    expect(at({ ip: '192.168.56.11', pod: hostOn2 }, { ip: '10.244.2.3', pod: webOn2 }).allowed).toBe(true);
    // from another node it goes through FORWARD and the pod's ingress chain
    expect(at({ ip: '192.168.56.11', pod: hostOn1 }, { ip: '10.244.2.3', pod: webOn2 }).ingress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-all' }], allowedBy: [], allowed: false });
    expect(at({ ip: '192.168.1.11', node: 'worker-1' }, { ip: '10.244.2.3', pod: webOn2 }).allowed).toBe(false);
    // a pod's egress to its own node is policed like any address (cali-wl-to-host runs its egress chain)
    const egressDeny = policy('default', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] });
    const we = { policies: [egressDeny], namespaces, pods: [webOn2] };
    expect(evaluateConnection(we, { from: { ip: '10.244.2.3', pod: webOn2 }, to: { ip: '192.168.1.12', node: 'worker-2' }, protocol: 'TCP', port: 10250 }).egress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'deny-out' }], allowedBy: [], allowed: false });
  });

  it('policies of another namespace do not select a pod', () => {
    const elsewhere = policy('monitoring', 'deny', { podSelector: {} });
    expect(evaluateConnection(world(elsewhere), conn(client, web)).allowed).toBe(true);
    expect(evaluateConnection(world(elsewhere), conn(client, monitor)).ingress.selectedBy).toEqual([{ namespace: 'monitoring', name: 'deny' }]);
  });

  it('a connection needs both the egress and the ingress side', () => {
    const egress = policy('default', 'e', { podSelector: { matchLabels: { app: 'client' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    const v = evaluateConnection(world(egress, denyAll), conn(client, web));
    expect([v.egress.allowed, v.ingress.allowed, v.allowed]).toEqual([true, false, false]);
    expect(v.egress.allowedBy).toEqual([{ namespace: 'default', name: 'e', rule: 0 }]);
    // e is Ingress too (inferred): client is isolated for ingress with no ingress rules
    expect(evaluateConnection(world(egress), conn(web, client)).ingress).toEqual({ isolated: true, selectedBy: [{ namespace: 'default', name: 'e' }], allowedBy: [], allowed: false });
  });
});
