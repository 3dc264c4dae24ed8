import { describe, expect, it } from 'vitest';
import { cidr, parseIPv4 } from '../../network/ipv4';
import { lookupRoute, routeText } from '../../network/traffic/route';
import { NetNamespace } from '../../node/netns';
import type { Lease } from './leases';
import { PeerTable } from './peers';

const lease = (node: string, subnet: string, publicIP: string, vtepMAC?: string, backendType = 'vxlan'): Lease => ({ node, subnet: cidr(subnet), publicIP, backendType, ...(vtepMAC ? { vtepMAC } : {}) });

const LEASES: Lease[] = [
  lease('cp', '10.244.0.0/24', '192.168.1.10', 'aa:00:00:00:00:01'),
  lease('w1', '10.244.1.0/24', '192.168.1.11', 'aa:00:00:00:00:02'),
  // registered without backend data yet: no entries
  lease('w2', '10.244.2.0/24', '192.168.1.12'),
  lease('w3', '10.244.3.0/24', '192.168.1.13', 'aa:00:00:00:00:04'),
  lease('hg', '10.244.4.0/24', '192.168.1.14', undefined, 'host-gw'),
];

/** A node's host namespace: its own routes as the kernel and the CNI leave them, then flannel's. */
function hostOf(table: PeerTable, self: string): NetNamespace {
  const ns = new NetNamespace('');
  ns.addresses.push({ dev: 'eth0', ip: '192.168.1.11', prefix: 24, scope: 'global' });
  ns.routes.push({ dst: 'default', via: '192.168.1.1', dev: 'eth0' }, { dst: '192.168.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '192.168.1.11' }, { dst: '10.244.1.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' });
  ns.sources.push({ id: 'flannel', routes: () => table.routes(self), neighbours: () => table.neighbours(self), fdb: () => table.fdb(self), index: () => table.index(self) });
  return ns;
}

describe('flannel peer table', () => {
  it("gives a node every other VXLAN lease's route, neighbour and FDB entry in the book's order, its own left out", () => {
    const t = new PeerTable(LEASES, 'vxlan');
    expect(t.routes('w1').map(routeText)).toEqual(['10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink', '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink']);
    expect(t.neighbours('w1')).toEqual([
      { ip: '10.244.0.0', dev: 'flannel.1', lladdr: 'aa:00:00:00:00:01', state: 'PERMANENT' },
      { ip: '10.244.3.0', dev: 'flannel.1', lladdr: 'aa:00:00:00:00:04', state: 'PERMANENT' },
    ]);
    expect(t.fdb('w1').map((f) => `${f.mac} dst ${f.dst}`)).toEqual(['aa:00:00:00:00:01 dst 192.168.1.10', 'aa:00:00:00:00:04 dst 192.168.1.13']);
    // A node with no lease in the table sees all of them.
    expect(t.routes('w2').map((r) => r.dst)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.3.0/24']);
    expect(new PeerTable(LEASES, 'host-gw').routes('w1').map(routeText)).toEqual(['10.244.4.0/24 via 192.168.1.14 dev eth0']);
  });

  it('answers route, neighbour and FDB searches as a walk of the lists does', () => {
    const t = new PeerTable([...LEASES, lease('w5', '10.244.3.128/25', '192.168.1.15', 'aa:00:00:00:00:05'), lease('w6', '10.244.0.0/24', '192.168.1.16', 'aa:00:00:00:00:06')], 'vxlan');
    const ns = hostOf(t, 'w1');
    const walked = (dst: number) => {
      // The search before the index: every route in `ip route` order, the longest prefix and lowest metric first found.
      let best: { text: string; prefix: number } | undefined;
      for (const r of ns.allRoutes()) {
        const [a, len] = r.dst === 'default' ? ['0.0.0.0', '0'] : r.dst.split('/');
        const p = Number(len ?? 32);
        const mask = p === 0 ? 0 : (~0 << (32 - p)) >>> 0;
        if (((dst & mask) >>> 0) !== parseIPv4(a!)) continue;
        if (!best || p > best.prefix) best = { text: routeText(r), prefix: p };
      }
      return best?.text;
    };
    for (const ip of ['10.244.0.7', '10.244.1.9', '10.244.2.3', '10.244.3.5', '10.244.3.200', '192.168.1.13', '8.8.8.8']) {
      const d = lookupRoute(ns, parseIPv4(ip)!);
      expect(d.kind === 'unicast' ? routeText(d.route) : d.kind, ip).toBe(walked(parseIPv4(ip)!));
    }
    // Two leases of one block (a misconfiguration): the first in the book's order carries the traffic.
    expect(lookupRoute(ns, parseIPv4('10.244.0.7')!)).toMatchObject({ kind: 'unicast', dev: 'flannel.1', nexthop: parseIPv4('10.244.0.0') });
    expect(ns.findNeighbour('flannel.1', parseIPv4('10.244.0.0')!)?.lladdr).toBe('aa:00:00:00:00:01');
    expect(ns.findNeighbour('flannel.1', parseIPv4('10.244.1.0')!)).toBeUndefined();
    expect(ns.findNeighbour('eth0', parseIPv4('10.244.3.0')!)).toBeUndefined();
    expect(ns.findFdb('flannel.1', 'aa:00:00:00:00:05')?.dst).toBe('192.168.1.15');
    expect(ns.findFdb('flannel.1', 'aa:00:00:00:00:02')).toBeUndefined();
  });

  it("counts a node's routes without listing them, its own lease left out", () => {
    const t = new PeerTable(LEASES, 'vxlan');
    const viaCP = (r: { via?: string }) => r.via === '10.244.0.0';
    expect(t.index('w1').routeCount()).toBe(2);
    expect(t.index('w2').routeCount()).toBe(3);
    expect(t.index('cp').countRoutes(viaCP)).toBe(0);
    expect(t.index('w1').countRoutes(viaCP)).toBe(1);
  });
});
