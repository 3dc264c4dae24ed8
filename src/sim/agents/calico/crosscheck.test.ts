/**
 * Felix's rules agree with the API's semantics: for every pair of ends and a set of ports, the verdict of
 * the packet walked through the rules felix wrote on the nodes equals the pure evaluator's
 * (network/policy/evaluate.ts), and the policy rule the trace names is one the evaluator says allows.
 * The ends are the pods (with the calico CNI plugin's own interface names, so two pods of one name in two
 * namespaces on one node are two endpoints), an address outside the cluster, and each node's own address:
 * to a pod on that node (OUTPUT, never policed), to a pod elsewhere (FORWARD), and from a pod to its node
 * (INPUT through cali-wl-to-host). Every allowed connection's reply passes as ESTABLISHED.
 */
import { expect, it } from 'vitest';
import { Machine } from '../../node/machine';
import { Rng } from '../../rng';
import { parseCIDR, parseIPv4 } from '../../network/ipv4';
import { netfilterOf } from '../../network/netfilter/slot';
import { evaluateTable } from '../../network/netfilter/evaluate';
import { ipsetTester } from '../../network/ipvs/ipsetMatch';
import { policyNote } from '../../network/traffic/policyNote';
import { evaluateConnection } from '../../network/policy/evaluate';
import type { PolicyProtocol } from '../../network/policy/evaluate';
import { FelixWorld, endpointOf } from './world';
import { renderNode } from './render';
import { applyNodeRules, machineIpsets } from './apply';
import { namespace, pod, policy } from './testworld';
import { calicoVethName } from '../../node/cni/calico';
import type { Packet } from '../../network/netfilter/evaluate';
import type { PeerEnd } from '../../network/policy/evaluate';
import type { Pod } from '../../types';

const NAMESPACES = [namespace('default'), namespace('a', { team: 'a' }), namespace('b', { team: 'b' })];
const PODS = [
  pod('default', 'web', 'worker-1', '10.244.1.2', { app: 'web' }, [{ name: 'http', port: 80 }]),
  pod('default', 'client', 'worker-2', '10.244.2.3', { app: 'client' }),
  pod('default', 'db', 'worker-2', '10.244.2.4', { app: 'db' }, [{ name: 'metrics', port: 9153 }]),
  pod('a', 'fe', 'worker-1', '10.244.1.5', { role: 'fe' }),
  pod('a', 'be', 'worker-2', '10.244.2.6', { role: 'be' }, [{ name: 'dns', port: 5005, protocol: 'UDP' }]),
  pod('b', 'fe', 'worker-1', '10.244.1.7', { role: 'fe' }),
];
const POLICIES = [
  policy('default', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  policy('default', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }, { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'fe' } } }], ports: [{ port: 'http' }] }, { from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }] }] }),
  policy('default', 'client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 79, endPort: 81 }] }, { to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }] }] }),
  policy('default', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{}] }),
  policy('default', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'metrics' }, { protocol: 'UDP', port: 5005 }] }] }),
  policy('a', 'be-in', { podSelector: { matchLabels: { role: 'be' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.1.0/24' } }], ports: [{ protocol: 'UDP', port: 'dns' }] }] }),
];
const PORTS: [PolicyProtocol, number][] = [['TCP', 80], ['TCP', 443], ['TCP', 9153], ['UDP', 5005]];
const NODE_IP: Record<string, string> = { 'worker-1': '192.168.1.11', 'worker-2': '192.168.1.12' };
/** an address outside the cluster inside web-in's ipBlock, and one in its except */
const OUTSIDE = ['203.0.113.10', '203.0.113.200'];

function programmed(node: string): Machine {
  const m = new Machine({ name: node, ip: NODE_IP[node]!, lan: parseCIDR('192.168.1.0/24')!.net, gateway: '192.168.1.1', stream: new Rng(1).stream(`machine/${node}`) });
  const world = new FelixWorld(PODS.map((p) => endpointOf(p)!), NAMESPACES, POLICIES);
  applyNodeRules(m, renderNode(world, node, calicoVethName), new Set());
  return m;
}

/** One end as both sides see it: the evaluator's PeerEnd, and where the packet is on the nodes. */
interface End {
  name: string;
  peer: PeerEnd;
  /** the pod's node and interface; the node itself for a node address; nothing for outside */
  node?: string;
  iface?: string;
}

const podEnd = (p: Pod): End => ({ name: `${p.metadata!.namespace}/${p.metadata!.name}`, peer: { ip: p.status!.podIP!, pod: p }, node: p.spec!.nodeName!, iface: calicoVethName(p.metadata!.namespace!, p.metadata!.name!) });
const nodeEnd = (n: string): End => ({ name: `node ${n}`, peer: { ip: NODE_IP[n]!, node: n }, node: n });
const outsideEnd = (ip: string): End => ({ name: `outside ${ip}`, peer: { ip } });

/**
 * The hops felix polices a packet on, as (node, hook, in, out): a pod's own interface, flannel.1 between
 * nodes, eth0 to and from outside; a node's own packet leaves through OUTPUT, one for a node arrives
 * through INPUT.
 */
function hops(from: End, to: End): [string, 'FORWARD' | 'OUTPUT' | 'INPUT', string, string][] {
  const out: [string, 'FORWARD' | 'OUTPUT' | 'INPUT', string, string][] = [];
  if (from.iface) {
    if (to.iface && to.node === from.node) return [[from.node!, 'FORWARD', from.iface, to.iface]];
    if (!to.iface && to.node === from.node) return [[from.node!, 'INPUT', from.iface, '']];
    out.push([from.node!, 'FORWARD', from.iface, to.node ? 'flannel.1' : 'eth0']);
  } else if (from.node && to.node === from.node) {
    return [[from.node, 'OUTPUT', '', to.iface!]];
  }
  if (to.iface) out.push([to.node!, 'FORWARD', from.node ? 'flannel.1' : 'eth0', to.iface]);
  else if (to.node) out.push([to.node, 'INPUT', from.node ? 'flannel.1' : 'eth0', '']);
  return out;
}

const nodes = new Map(['worker-1', 'worker-2'].map((n) => [n, programmed(n)]));

function walk(from: End, to: End, protocol: PolicyProtocol, port: number, ctstate: Packet['ctstate'], notes: string[]): boolean {
  return hops(from, to).every(([node, hook, inIface, outIface]) => {
    const m = nodes.get(node)!;
    const r = evaluateTable(netfilterOf(m), 'filter', hook, {
      src: parseIPv4(from.peer.ip)!, dst: parseIPv4(to.peer.ip)!, proto: protocol === 'UDP' ? 'udp' : 'tcp', sport: 40000, dport: port, mark: 0, ctstate, ...(inIface ? { inIface } : {}), ...(outIface ? { outIface } : {}),
    }, { nowMs: 0, random: () => 0, isLocal: () => hook === 'INPUT', ipsetTest: ipsetTester(machineIpsets(m)), count: false });
    for (const s of r.steps) {
      const n = policyNote(m, s);
      if (n?.kind === 'rule') notes.push(n.text);
    }
    return r.verdict === 'ACCEPT';
  });
}

it('agrees with the NetworkPolicy evaluator on every pair of ends and port, and lets the replies through', () => {
  const pods = PODS.map(podEnd);
  const sources = [...pods, ...OUTSIDE.map(outsideEnd), nodeEnd('worker-1'), nodeEnd('worker-2')];
  const destinations = [...pods, outsideEnd(OUTSIDE[0]!), nodeEnd('worker-1')];
  const disagreements: string[] = [];
  const tally = { allowed: 0, denied: 0, hostLocal: 0, fromOutside: 0, toNode: 0 };
  for (const from of sources) {
    for (const to of destinations) {
      if (from === to || (!from.iface && !to.iface)) continue;
      for (const [protocol, port] of PORTS) {
        const notes: string[] = [];
        const felix = walk(from, to, protocol, port, ['NEW'], notes);
        const v = evaluateConnection({ policies: POLICIES, namespaces: NAMESPACES, pods: PODS }, { from: from.peer, to: to.peer, protocol, port });
        const what = `${from.name} → ${to.name} ${protocol}/${port}`;
        if (felix !== v.allowed) disagreements.push(`${what}: felix ${felix ? 'allows' : 'drops'}, the evaluator ${v.allowed ? 'allows' : 'drops'}`);
        if (!felix) {
          tally.denied++;
          continue;
        }
        tally.allowed++;
        if (v.ingress.hostLocal) tally.hostLocal++;
        if (!from.iface && !from.node) tally.fromOutside++;
        if (!to.iface) tally.toNode++;
        // each policy line felix's trace gives is a rule the evaluator counts among those allowing
        const named = [...(v.egress.allowedBy ?? []), ...(v.ingress.allowedBy ?? [])].map((a) => `${a.namespace}/${a.name}`);
        for (const n of notes) if (!named.some((x) => n.includes(`NetworkPolicy ${x} (`))) disagreements.push(`${what}: the trace says "${n}", the evaluator allows by ${named.join(', ') || 'no policy'}`);
        // the reply of an allowed connection passes every hop back as ESTABLISHED
        if (!walk(to, from, protocol, 40000, ['ESTABLISHED'], [])) disagreements.push(`${what}: the reply is dropped`);
      }
    }
  }
  expect(disagreements).toEqual([]);
  // neither way trivial, and each kind of end exercised both ways
  expect(tally.allowed).toBeGreaterThan(20);
  expect(tally.denied).toBeGreaterThan(20);
  expect(tally.hostLocal).toBeGreaterThan(0);
  expect(tally.fromOutside).toBeGreaterThan(0);
  expect(tally.toNode).toBeGreaterThan(0);
});

it('names two pods of one name in two namespaces on one node as two endpoints', () => {
  const a = calicoVethName('a', 'fe');
  const b = calicoVethName('b', 'fe');
  expect(a).not.toBe(b);
  const m = nodes.get('worker-1')!;
  const dispatch = netfilterOf(m).peek('filter').chain('cali-from-wl-dispatch')!.rules;
  expect(dispatch.filter((r) => r.in?.name === a).map((r) => r.target)).toEqual([{ t: 'chain', chain: `cali-fw-${a}`, goto: true }]);
  expect(dispatch.filter((r) => r.in?.name === b).map((r) => r.target)).toEqual([{ t: 'chain', chain: `cali-fw-${b}`, goto: true }]);
});
