/**
 * Felix's rules agree with the API's semantics: for every pair of pods and a set of ports, the verdict of
 * the packet walked through the rules felix wrote on both nodes equals the pure evaluator's
 * (network/policy/evaluate.ts), and the policy rule the trace names is one the evaluator says allows.
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
import { namespace, pod, policy, testVeth } from './testworld';

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
  policy('default', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }, { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'fe' } } }], ports: [{ port: 'http' }] }] }),
  policy('default', 'client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 79, endPort: 81 }] }, { to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }] }] }),
  policy('default', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{}] }),
  policy('default', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'metrics' }, { protocol: 'UDP', port: 5005 }] }] }),
  policy('a', 'be-in', { podSelector: { matchLabels: { role: 'be' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.1.0/24' } }], ports: [{ protocol: 'UDP', port: 'dns' }] }] }),
];
const PORTS: [PolicyProtocol, number][] = [['TCP', 80], ['TCP', 443], ['TCP', 9153], ['UDP', 5005]];

function programmed(node: string): Machine {
  const m = new Machine({ name: node, ip: '192.168.1.11', lan: parseCIDR('192.168.1.0/24')!.net, gateway: '192.168.1.1', stream: new Rng(1).stream(`machine/${node}`) });
  const world = new FelixWorld(PODS.map((p) => endpointOf(p)!), NAMESPACES, POLICIES);
  applyNodeRules(m, renderNode(world, node, testVeth), new Set());
  return m;
}

it('agrees with the NetworkPolicy evaluator on every pod pair and port', () => {
  const nodes = new Map(['worker-1', 'worker-2'].map((n) => [n, programmed(n)]));
  const disagreements: string[] = [];
  let allowed = 0;
  for (const from of PODS) {
    for (const to of PODS) {
      if (from === to) continue;
      for (const [protocol, port] of PORTS) {
        const notes: string[] = [];
        const pass = (node: string, inIface: string, outIface: string): boolean => {
          const m = nodes.get(node)!;
          const r = evaluateTable(netfilterOf(m), 'filter', 'FORWARD', {
            src: parseIPv4(from.status!.podIP!)!, dst: parseIPv4(to.status!.podIP!)!, proto: protocol === 'UDP' ? 'udp' : 'tcp', sport: 40000, dport: port, mark: 0, ctstate: ['NEW'], inIface, outIface,
          }, { nowMs: 0, random: () => 0, isLocal: () => false, ipsetTest: ipsetTester(machineIpsets(m)), count: false });
          for (const s of r.steps) {
            const n = policyNote(m, s);
            if (n?.kind === 'rule') notes.push(n.text);
          }
          return r.verdict === 'ACCEPT';
        };
        const src = from.spec!.nodeName!;
        const dst = to.spec!.nodeName!;
        const felix = src === dst
          ? pass(src, testVeth('', from.metadata!.name!), testVeth('', to.metadata!.name!))
          : pass(src, testVeth('', from.metadata!.name!), 'flannel.1') && pass(dst, 'flannel.1', testVeth('', to.metadata!.name!));
        const v = evaluateConnection({ policies: POLICIES, namespaces: NAMESPACES, pods: PODS }, { from: { ip: from.status!.podIP!, pod: from }, to: { ip: to.status!.podIP!, pod: to }, protocol, port });
        const what = `${from.metadata!.namespace}/${from.metadata!.name} → ${to.metadata!.namespace}/${to.metadata!.name} ${protocol}/${port}`;
        if (felix !== v.allowed) disagreements.push(`${what}: felix ${felix ? 'allows' : 'drops'}, the evaluator ${v.allowed ? 'allows' : 'drops'}`);
        if (!felix) continue;
        allowed++;
        // each policy line felix's trace gives is a rule the evaluator counts among those allowing
        const named = [...(v.egress.allowedBy ?? []), ...(v.ingress.allowedBy ?? [])].map((a) => `${a.namespace}/${a.name}`);
        for (const n of notes) if (!named.some((x) => n.includes(`NetworkPolicy ${x} (`))) disagreements.push(`${what}: the trace says "${n}", the evaluator allows by ${named.join(', ') || 'no policy'}`);
      }
    }
  }
  expect(disagreements).toEqual([]);
  // the case must not be trivial either way
  expect(allowed).toBeGreaterThan(5);
  expect(allowed).toBeLessThan(PODS.length * (PODS.length - 1) * PORTS.length - 20);
});
