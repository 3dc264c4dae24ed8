import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../types';
import { Netfilter } from '../../network/netfilter/netfilter';
import { iptablesSave } from '../../network/netfilter/save';
import { rule } from '../../network/netfilter/rule';
import { saveLine } from '../../network/netfilter/text';
import { evaluateHook } from '../../network/netfilter/evaluate';
import type { Packet } from '../../network/netfilter/evaluate';
import { formatIp, parseIp } from '../../network/netfilter/addr';
import { Stream } from '../../rng';
import { IptablesProxier, KUBE_PROXY_CANARY } from './proxier';
import { slice, svc } from './testutil';

const NODE = { nodeName: 'test-node', nodeIP: '192.168.0.2', clusterCIDR: '10.0.0.0/8' };
const natChains = (nf: Netfilter): string[] => [...nf.peek('nat').chains.values()].filter((c) => !c.builtin).map((c) => c.name).sort();

const svc1 = svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] });
const svc2 = svc('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP' }] });
const eps1 = slice('ns1', 'svc1', [{ ip: '10.0.1.1' }], [{ name: 'p80', port: 80 }]);
const eps2 = slice('ns2', 'svc2', [{ ip: '10.0.2.1' }], [{ name: 'p8080', port: 8080 }]);

describe('kube-proxy applying its rules to a node', () => {
  it('hooks its chains into the built-in ones after the kubelet, so the kubelet jump ends up last', () => {
    const nf = new Netfilter();
    // what the kubelet does at start (kubelet_network_linux.go): KUBE-FIREWALL jumps from OUTPUT and INPUT
    nf.ensureChain('filter', 'KUBE-FIREWALL');
    nf.ensureRule('prepend', 'filter', 'OUTPUT', rule().jump('KUBE-FIREWALL'));
    nf.ensureRule('prepend', 'filter', 'INPUT', rule().jump('KUBE-FIREWALL'));
    new IptablesProxier(NODE).sync(nf, { services: [], endpointSlices: [] }, 0);
    const input = nf.getChain('filter', 'INPUT')!.rules.map((r) => saveLine('INPUT', r));
    expect(input).toEqual([
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A INPUT -j KUBE-FIREWALL',
    ]);
  });

  it('rewrites only changed Services on a partial sync, so other chains keep their counters', () => {
    const nf = new Netfilter();
    const px = new IptablesProxier(NODE);
    expect(px.sync(nf, { services: [svc1, svc2], endpointSlices: [eps1, eps2] }, 0)).toMatchObject({ fullSync: true, natChainsWritten: 8 });
    nf.getChain('nat', 'KUBE-SVC-XPGD46QRK7WJZT7O')!.count(1, 60);

    const svc3 = svc('ns3', 'svc3', { clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] });
    const eps3 = slice('ns3', 'svc3', [{ ip: '10.0.3.1' }], [{ name: 'p80', port: 80 }]);
    // the four top-level nat chains plus svc3's SVC and SEP
    expect(px.sync(nf, { services: [svc1, svc2, svc3], endpointSlices: [eps1, eps2, eps3] }, 2_000)).toMatchObject({ fullSync: false, natChainsWritten: 6 });
    expect(nf.getChain('nat', 'KUBE-SVC-XPGD46QRK7WJZT7O')!.counters(1)).toEqual({ pkts: 1, bytes: 60 });
    expect(nf.getChain('nat', 'KUBE-SERVICES')!.counters(0)).toEqual({ pkts: 0, bytes: 0 });
  });

  it('flushes and deletes the chains of a deleted Service and of a removed endpoint (TestSyncProxyRulesRepeated)', () => {
    const nf = new Netfilter();
    const px = new IptablesProxier(NODE);
    px.sync(nf, { services: [svc1, svc2], endpointSlices: [eps1, eps2] }, 0);
    expect(natChains(nf)).toEqual([
      'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SEP-SNQ3ZNILQDEJNDQO', 'KUBE-SEP-UHEGFW77JX3KXTOV',
      'KUBE-SERVICES', 'KUBE-SVC-2VJB64SDSIJUP5T6', 'KUBE-SVC-XPGD46QRK7WJZT7O',
    ]);
    const r = px.sync(nf, { services: [svc1], endpointSlices: [eps1, eps2] }, 1_000);
    expect(r.deletedChains).toBe(2);
    expect(natChains(nf)).toEqual(['KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-SEP-SNQ3ZNILQDEJNDQO', 'KUBE-SERVICES', 'KUBE-SVC-XPGD46QRK7WJZT7O']);

    const moved = slice('ns1', 'svc1', [{ ip: '10.0.1.2' }], [{ name: 'p80', port: 80 }]);
    px.sync(nf, { services: [svc1], endpointSlices: [moved] }, 2_000);
    expect(natChains(nf).filter((c) => c.startsWith('KUBE-SEP-'))).toEqual(['KUBE-SEP-FRRGXMRCA6KBNYLB']);
    expect(iptablesSave(nf, { nowMs: 2_000, table: 'nat' })).toContain('-j DNAT --to-destination 10.0.1.2:80\n');
  });

  it('in large cluster mode leaves stale chains until syncPeriod has passed since the last cleanup', () => {
    const services: Service[] = [];
    const slices: EndpointSlice[] = [];
    // 102 × 10 endpoints: still past the threshold of 1000 after one Service goes
    for (let s = 0; s < 102; s++) {
      services.push(svc('default', `s${s}`, { clusterIP: `10.96.2.${s}`, ports: [{ port: 80, protocol: 'TCP' }] }));
      slices.push(slice('default', `s${s}`, Array.from({ length: 10 }, (_, i) => ({ ip: `10.244.${s}.${i + 2}` })), [{ port: 80 }]));
    }
    const nf = new Netfilter();
    const px = new IptablesProxier(NODE);
    expect(px.sync(nf, { services, endpointSlices: slices }, 0).largeClusterMode).toBe(true);
    const before = natChains(nf).length;
    expect(px.sync(nf, { services: services.slice(1), endpointSlices: slices.slice(1) }, 10_000).deletedChains).toBe(0);
    expect(natChains(nf).length).toBe(before);
    expect(px.sync(nf, { services: services.slice(1), endpointSlices: slices.slice(1) }, 30_001).deletedChains).toBe(11);
    expect(natChains(nf).length).toBe(before - 11);
  });

  it('keeps a canary chain in mangle, nat and filter, and notices when one is gone', () => {
    const nf = new Netfilter();
    const px = new IptablesProxier(NODE);
    px.installCanary(nf);
    expect(px.canaryMissing(nf)).toBe(false);
    expect(iptablesSave(nf, { nowMs: 0, table: 'mangle' })).toContain(`:${KUBE_PROXY_CANARY} - [0:0]\n`);
    nf.deleteChain('nat', KUBE_PROXY_CANARY);
    expect(px.canaryMissing(nf)).toBe(true);
  });
});

describe('a packet through the rules kube-proxy wrote', () => {
  const web = svc('default', 'web', { clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] });
  const webEps = slice('default', 'web', [{ ip: '10.244.1.10' }, { ip: '10.244.1.9' }, { ip: '10.244.2.5' }], [{ port: 8080 }]);
  const setup = (): Netfilter => {
    const nf = new Netfilter();
    new IptablesProxier({ nodeName: 'worker-1', nodeIP: '192.168.1.10', clusterCIDR: '10.244.0.0/16' }).sync(nf, { services: [web], endpointSlices: [webEps] }, 0);
    return nf;
  };
  const connect = (nf: Netfilter, seed: number, src = '10.244.1.3', sport = 40000) => {
    const stream = new Stream(seed, 'netfilter/worker-1');
    const p: Packet = { src: parseIp(src), dst: parseIp('10.96.0.10'), proto: 'tcp', sport, dport: 80, inIface: 'cni0', mark: 0, ctstate: ['NEW'] };
    return evaluateHook(nf, 'PREROUTING', p, { nowMs: 0, random: () => stream.next32(), isLocal: (ip) => ip === parseIp('192.168.1.10') });
  };

  it('goes KUBE-SERVICES → KUBE-SVC → one KUBE-SEP chosen by the seeded stream → DNAT, each step with its rule text', () => {
    const r = connect(setup(), 1);
    expect(r.verdict).toBe('ACCEPT');
    const texts = r.steps.map((s) => (s.kind === 'rule' ? s.text : `${s.chain} policy ${s.policy}`));
    expect(texts[0]).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(texts[1]).toBe('-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G');
    expect(texts[2]).toMatch(/^-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default\/web -> 10\.244\.\d\.\d+:8080" (-m statistic --mode random --probability 0\.\d+ )?-j (KUBE-SEP-\w+)$/);
    const sep = /-j (KUBE-SEP-\w+)$/.exec(texts[2]!)![1]!;
    expect(texts[3]).toMatch(new RegExp(`^-A ${sep} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10\\.244\\.\\d\\.\\d+:8080$`));
    expect(texts).toHaveLength(4);
    expect(r.nat).toEqual([{ kind: 'DNAT', ip: r.packet.dst, port: 8080 }]);
  });

  it('makes the same choice for the same seed, and different seeds spread over the endpoints', () => {
    const pick = (seed: number): string => formatIp(connect(setup(), seed).packet.dst);
    expect(pick(42)).toBe(pick(42));
    const seen = new Set(Array.from({ length: 30 }, (_, i) => pick(i)));
    expect([...seen].sort()).toEqual(['10.244.1.10', '10.244.1.9', '10.244.2.5']);
  });

  it('keeps a client on its endpoint with ClientIP affinity until the timeout passes', () => {
    const sticky = svc('default', 'web', { clusterIP: '10.96.0.10', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] });
    const nf = new Netfilter();
    new IptablesProxier({ nodeName: 'worker-1', nodeIP: '192.168.1.10', clusterCIDR: '10.244.0.0/16' }).sync(nf, { services: [sticky], endpointSlices: [webEps] }, 0);
    const stream = new Stream(3, 'netfilter/worker-1');
    const go = (nowMs: number, src: string) =>
      formatIp(evaluateHook(nf, 'PREROUTING', { src: parseIp(src), dst: parseIp('10.96.0.10'), proto: 'tcp', sport: 40000, dport: 80, mark: 0, ctstate: ['NEW'] }, { nowMs, random: () => stream.next32(), isLocal: () => false }).packet.dst);
    const first = go(0, '10.244.1.3');
    for (let t = 1; t <= 20; t++) expect(go(t * 60_000, '10.244.1.3')).toBe(first);
    // other clients are spread as usual
    expect(new Set(Array.from({ length: 20 }, (_, i) => go(1_000, `10.244.3.${i + 2}`))).size).toBeGreaterThan(1);
    // 10800 s after the last connection the entry has expired and the choice is random again
    const later = Array.from({ length: 20 }, (_, i) => go(20 * 60_000 + 10_800_001 + i * 10_800_001, '10.244.1.3'));
    expect(new Set(later).size).toBeGreaterThan(1);
  });
});
