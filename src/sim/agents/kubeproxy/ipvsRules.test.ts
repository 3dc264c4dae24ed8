import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster } from '../../cluster';
import { ipsetTester } from '../../network/ipvs/ipsetMatch';
import { parseIp } from '../../network/netfilter/addr';
import { evaluateHook } from '../../network/netfilter/evaluate';
import type { EvalEnv, Packet } from '../../network/netfilter/evaluate';
import type { Hook } from '../../network/netfilter/netfilter';
import { iptablesSave } from '../../network/netfilter/save';
import { netfilterOf } from '../../network/netfilter/slot';
import { ipsetsOf } from './ipvsNode';

const fixture = (name: string): string => readFileSync(join(__dirname, 'testdata', `${name}.txt`), 'utf8');
const save = (c: Cluster, node: string, table?: 'nat' | 'filter'): string => iptablesSave(netfilterOf(c.machines.get(node)!), { nowMs: 0, ...(table ? { table } : {}) });
const ipvs = { seed: 1, kubeProxy: { mode: 'ipvs' as const } };

/** The nat rules of kubernetes-fidelity §2.4, as real IPVS-mode dumps show them. */
const REFERENCE_NAT = [
  '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
  '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
  '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
  '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
  '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
  '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
];

function webCluster(): { c: Cluster; clusterIP: string } {
  const c = createCluster(ipvs);
  const k = c.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] },
  });
  c.runUntil(c.clock.now() + 60_000);
  const svc = k.get<{ spec: { clusterIP: string } }>('services', 'default', 'web');
  return { c, clusterIP: svc.spec.clusterIP };
}

/** The node's hooks as its kernel sees them: its own addresses (kube-ipvs0's VIPs too) and its ipsets. */
function nodeEnv(c: Cluster, node: string): EvalEnv {
  const m = c.machines.get(node)!;
  const local = new Set(m.host.addresses.map((a) => parseIp(a.ip)));
  return { nowMs: 0, random: () => 0, isLocal: (ip) => local.has(ip), ipsetTest: ipsetTester(ipsetsOf(m)), count: false };
}

const pkt = (src: string, dst: string, dport: number, over: Partial<Packet> = {}): Packet => ({
  src: parseIp(src), dst: parseIp(dst), proto: 'tcp', sport: 40000, dport, mark: 0, ctstate: ['NEW'], ...over,
});

function walk(c: Cluster, node: string, hook: Hook, p: Packet, tables?: 'nat' | 'filter'): { verdict: string; mark: number; nat: string[]; steps: string[] } {
  const nf = netfilterOf(c.machines.get(node)!);
  const r = evaluateHook(nf, hook, p, nodeEnv(c, node));
  const steps = r.steps.filter((s) => !tables || s.table === tables);
  return {
    verdict: r.verdict,
    mark: r.packet.mark,
    nat: r.nat.map((n) => (n.kind === 'MASQUERADE' ? `MASQUERADE${n.randomFully ? ' random-fully' : ''}` : n.kind)),
    steps: steps.map((s) => (s.kind === 'rule' ? s.text : `${s.table} ${s.chain} policy ${s.policy}`)),
  };
}

describe('kube-proxy in IPVS mode writes the iptables rules that remain into the node', () => {
  it('a fresh kubeadm node: the kubelet chains, then kube-proxy chains, jumps and rules as iptables-save prints them', () => {
    const c = createCluster(ipvs);
    expect(save(c, 'worker-1')).toBe(fixture('ipvs-fresh-kubeadm-node'));
    // CoreDNS runs on the control plane, so only there does KUBE-LOOP-BACK have members and a rule
    const hairpin = REFERENCE_NAT[5]!;
    expect(save(c, 'control-plane', 'nat').split('\n')).toContain(hairpin);
    expect(save(c, 'worker-1', 'nat').split('\n')).not.toContain(hairpin);
  });

  it('a ClusterIP + NodePort Service: the nat table holds every rule of the reference dump', () => {
    const { c } = webCluster();
    const nat = save(c, 'worker-1', 'nat');
    expect(nat).toBe(fixture('ipvs-nodeport'));
    const lines = nat.split('\n');
    for (const want of REFERENCE_NAT) expect(lines).toContain(want);
    // Beyond the reference: the kubelet's canary and jumps, and flanneld's FLANNEL-POSTRTG (its jump and six rules).
    expect(lines.filter((l) => l.startsWith('-A ') && !l.includes('flanneld masq')).length).toBe(REFERENCE_NAT.length + 3);
    expect(lines.filter((l) => l.includes('flanneld masq')).length).toBe(7);
  });

  it('keeps each set rule only while its set has members, and the set references in step', () => {
    const { c } = webCluster();
    const refs = (): string => ipsetsOf(c.machines.get('worker-1')!).list().filter((s) => ['KUBE-NODE-PORT-TCP', 'KUBE-LOOP-BACK', 'KUBE-CLUSTER-IP'].includes(s.name)).map((s) => `${s.name} ${s.size} ${s.references}`).join(', ');
    expect(refs()).toBe('KUBE-LOOP-BACK 1 1, KUBE-CLUSTER-IP 6 3, KUBE-NODE-PORT-TCP 1 1');
    c.client().delete('services', 'default', 'web');
    c.runUntil(c.clock.now() + 2_000);
    const nat = save(c, 'worker-1', 'nat').split('\n');
    expect(nat.filter((l) => l.startsWith('-A KUBE-NODE-PORT') || l.startsWith('-A KUBE-POSTROUTING'))).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
    expect(refs()).toBe('KUBE-LOOP-BACK 0 0, KUBE-CLUSTER-IP 5 3, KUBE-NODE-PORT-TCP 0 0');
    // the jumps are ensured, not added again, on every sync
    expect(save(c, 'worker-1', 'filter').split('\n').filter((l) => l.startsWith('-A INPUT'))).toHaveLength(4);
  });

  it('lets a pod reach a ClusterIP: KUBE-SERVICES sees the VIP as local, KUBE-NODE-PORT passes, the cluster-IP set accepts', () => {
    const { c, clusterIP } = webCluster();
    expect(walk(c, 'worker-1', 'PREROUTING', pkt('10.244.1.7', clusterIP, 80), 'nat')).toEqual({
      verdict: 'ACCEPT',
      mark: 0,
      nat: [],
      steps: [
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
        '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      ],
    });
    // the filter table lets the VIP's own port through and rejects any other port on it
    expect(walk(c, 'worker-1', 'INPUT', pkt('10.244.1.7', clusterIP, 80), 'filter').steps).toEqual([
      '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
      '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
      '-A INPUT -j KUBE-FIREWALL',
      'filter INPUT policy ACCEPT',
    ]);
    expect(walk(c, 'worker-1', 'INPUT', pkt('10.244.1.7', clusterIP, 22), 'filter')).toMatchObject({
      verdict: 'REJECT',
      steps: [
        '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
        '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
      ],
    });
  });

  it('marks traffic from outside the pod network and masquerades it on the way out; hairpin traffic is masqueraded by the loop-back set', () => {
    const { c, clusterIP } = webCluster();
    const out = walk(c, 'worker-1', 'OUTPUT', pkt('192.168.1.11', clusterIP, 80), 'nat');
    expect(out).toMatchObject({ verdict: 'ACCEPT', mark: 0x4000, nat: [] });
    expect(out.steps).toEqual([
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    ]);
    // after IPVS sent it to a web pod on another node: the mark asks for SNAT, and is cleared
    expect(walk(c, 'worker-1', 'POSTROUTING', pkt('192.168.1.11', '10.244.2.2', 80, { mark: 0x4000 }), 'nat')).toEqual({
      verdict: 'ACCEPT',
      mark: 0,
      nat: ['MASQUERADE random-fully'],
      steps: [
        '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      ],
    });
    // unmarked pod traffic returns untouched
    expect(walk(c, 'worker-1', 'POSTROUTING', pkt('10.244.1.7', '10.244.2.2', 80)).nat).toEqual([]);
    // a pod sent to itself through the VIP: KUBE-LOOP-BACK holds (pod, tcp:80, pod)
    const local = ipsetsOf(c.machines.get('worker-1')!).get('KUBE-LOOP-BACK')!.members()[0]!.split(',')[0]!;
    expect(walk(c, 'worker-1', 'POSTROUTING', pkt(local, local, 80), 'nat').steps).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    ]);
  });

  it('marks a NodePort connection from outside for masquerade, TCP only', () => {
    const { c } = webCluster();
    expect(walk(c, 'worker-1', 'PREROUTING', pkt('192.168.1.50', '192.168.1.11', 30080), 'nat')).toEqual({
      verdict: 'ACCEPT',
      mark: 0x4000,
      nat: [],
      steps: [
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
        '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
        '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
        'nat PREROUTING policy ACCEPT',
      ],
    });
    expect(walk(c, 'worker-1', 'PREROUTING', pkt('192.168.1.50', '192.168.1.11', 30080, { proto: 'udp' })).mark).toBe(0);
  });
});
