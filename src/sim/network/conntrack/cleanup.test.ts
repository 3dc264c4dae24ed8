import { describe, expect, it } from 'vitest';
import { Conntrack } from './table';
import { cleanStaleEntries, staleEntryFilters } from './cleanup';
import type { UdpServicePort } from './cleanup';
import type { CtEntry, NatOutcome, PortTuple } from './types';

const dns: UdpServicePort = { clusterIP: '10.96.0.10', port: 53, nodePort: 0, protocol: 'UDP', externalIPs: [], loadBalancerIPs: [] };
const game: UdpServicePort = { clusterIP: '10.96.50.1', port: 7777, nodePort: 30777, protocol: 'UDP', externalIPs: ['192.168.1.200'], loadBalancerIPs: ['192.168.1.240'] };

function table(flows: [proto: 'udp' | 'tcp', t: PortTuple, nat: NatOutcome][]): { ct: Conntrack; entries: CtEntry[] } {
  const ct = new Conntrack({ seed: 3 });
  const entries = flows.map(([p, t, nat]) => {
    const r = ct.create(p, t, nat, 0);
    if (r.kind !== 'created') throw new Error(r.kind);
    return r.entry;
  });
  return { ct, entries };
}

const dstOf = (ct: Conntrack) => ct.list(1).map((e) => `${e.proto} ${e.original.dst} ${e.reply.src}`).sort();

describe('kube-proxy 1.31 conntrack cleanup', () => {
  it('a removed UDP endpoint loses the entries whose reply comes from it, to the ClusterIP and the NodePort', () => {
    const { ct } = table([
      ['udp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 1000, dport: 53 }, { dnat: { ip: '10.244.2.3', port: 53 } }],
      ['udp', { src: '10.244.1.5', dst: '10.96.0.10', sport: 1001, dport: 53 }, { dnat: { ip: '10.244.3.4', port: 53 } }],
      ['tcp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 1002, dport: 53 }, { dnat: { ip: '10.244.2.3', port: 53 } }],
      ['udp', { src: '192.168.1.50', dst: '192.168.1.11', sport: 5000, dport: 30777 }, { dnat: { ip: '10.244.2.9', port: 7777 }, snat: { ip: '10.244.1.1', port: 5000 } }],
      ['udp', { src: '192.168.1.51', dst: '192.168.1.240', sport: 5001, dport: 7777 }, { dnat: { ip: '10.244.2.9', port: 7777 } }],
      ['udp', { src: '192.168.1.52', dst: '192.168.1.240', sport: 5002, dport: 7777 }, { dnat: { ip: '10.244.3.8', port: 7777 } }],
    ]);
    const n = cleanStaleEntries(ct, { deletedUDPClusterIPs: [], newlyActiveUDPServices: [], deletedUDPEndpoints: [{ service: dns, endpointIP: '10.244.2.3' }, { service: game, endpointIP: '10.244.2.9' }] }, 1);
    expect(n).toBe(3);
    // TCP is never touched; the other endpoints' flows stay.
    expect(dstOf(ct)).toEqual(['tcp 10.96.0.10 10.244.2.3', 'udp 10.96.0.10 10.244.3.4', 'udp 192.168.1.240 10.244.3.8']);
  });

  it('a UDP Service that gets its first endpoint loses every UDP entry to its IPs and NodePort (the black holes)', () => {
    const { ct } = table([
      ['udp', { src: '10.244.1.2', dst: '10.96.50.1', sport: 1000, dport: 7777 }, {}],
      ['udp', { src: '10.244.1.2', dst: '10.96.50.1', sport: 1001, dport: 9999 }, {}],
      ['udp', { src: '192.168.1.50', dst: '192.168.1.200', sport: 1002, dport: 7777 }, {}],
      ['udp', { src: '192.168.1.50', dst: '192.168.1.12', sport: 1003, dport: 30777 }, {}],
      ['tcp', { src: '10.244.1.2', dst: '10.96.50.1', sport: 1004, dport: 7777 }, {}],
      ['udp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 1005, dport: 53 }, {}],
    ]);
    expect(cleanStaleEntries(ct, { deletedUDPClusterIPs: [], newlyActiveUDPServices: [game], deletedUDPEndpoints: [] }, 1)).toBe(4);
    expect(dstOf(ct)).toEqual(['tcp 10.96.50.1 10.96.50.1', 'udp 10.96.0.10 10.96.0.10']);
  });

  it('a deleted UDP ClusterIP loses every UDP entry to it; the filters are kube-proxy\'s, in its order', () => {
    const { ct } = table([['udp', { src: '10.244.1.2', dst: '10.96.0.10', sport: 1000, dport: 53 }, { dnat: { ip: '10.244.2.3', port: 53 } }]]);
    expect(cleanStaleEntries(ct, { deletedUDPClusterIPs: ['10.96.0.10'], newlyActiveUDPServices: [], deletedUDPEndpoints: [] }, 1)).toBe(1);
    expect(staleEntryFilters({ deletedUDPClusterIPs: ['10.96.9.9'], newlyActiveUDPServices: [game], deletedUDPEndpoints: [{ service: game, endpointIP: '10.244.2.9' }] })).toEqual([
      { proto: 'udp', origDst: '10.96.9.9' },
      { proto: 'udp', origDst: '10.96.50.1' },
      { proto: 'udp', origDst: '192.168.1.200' },
      { proto: 'udp', origDst: '192.168.1.240' },
      { proto: 'udp', origDport: 30777 },
      { proto: 'udp', origDport: 30777, replySrc: '10.244.2.9' },
      { proto: 'udp', origDst: '10.96.50.1', replySrc: '10.244.2.9' },
      { proto: 'udp', origDst: '192.168.1.200', replySrc: '10.244.2.9' },
      { proto: 'udp', origDst: '192.168.1.240', replySrc: '10.244.2.9' },
    ]);
  });
});
