import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { cidr } from '../network/ipv4';
import { HOST_NETNS, Machine, netnsView } from './machine';
import type { DataplaneSlot } from './machine';

function machine(seed = 1): Machine {
  return new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(seed).stream('machine/worker-1') });
}

describe('Machine', () => {
  it('boots with lo and eth0 on the LAN, a default route through the router, and the CNI package installed', () => {
    const m = machine();
    const v = netnsView(m)!;
    expect(v.links.map((l) => `${l.index}: ${l.name} ${l.type} mtu ${l.mtu} ${l.state}`)).toEqual(['1: lo loopback mtu 65536 UNKNOWN', '2: eth0 ether mtu 1500 UP']);
    expect(v.links[1]!.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(v.addresses).toEqual([
      { dev: 'lo', ip: '127.0.0.1', prefix: 8, scope: 'host' },
      { dev: 'eth0', ip: '192.168.1.11', prefix: 24, broadcast: '192.168.1.255', scope: 'global' },
    ]);
    expect(v.routes).toEqual([
      { dst: 'default', via: '192.168.1.1', dev: 'eth0', proto: 'dhcp', src: '192.168.1.11', metric: 100 },
      { dst: '192.168.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '192.168.1.11' },
    ]);
    expect(m.list('/opt/cni/bin')).toContain('bridge');
    expect(m.list('/opt/cni/bin')).not.toContain('flannel');
    expect(m.list('/etc/cni/net.d')).toEqual([]);
    expect(m.readFile('/etc/resolv.conf')).toBe('nameserver 192.168.1.1\n');
  });

  it('names sandbox namespaces and veths as containerd and the CNI do, from its own seeded stream', () => {
    const a = machine(7);
    const b = machine(7);
    const ns = a.createNetns();
    expect(ns.name).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(b.createNetns().name).toBe(ns.name);
    expect(a.randomVethName()).toMatch(/^veth[0-9a-f]{8}$/);
    for (let i = 0; i < 50; i++) {
      const mac = a.randomMac();
      expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      // locally administered, unicast
      expect(parseInt(mac.slice(0, 2), 16) & 3).toBe(2);
    }
    expect(a.netnsNames()).toEqual([ns.name]);
    expect(netnsView(a, ns.name)!.links.map((l) => l.name)).toEqual(['lo']);
  });

  it('forgets namespaces, kernel tables and /run at power-off, keeps the disk, and boots with a new boot ID', () => {
    const m = machine();
    const watched: boolean[] = [];
    m.onPower((on) => watched.push(on));
    m.createNetns();
    m.writeFile('/run/flannel/subnet.env', 'FLANNEL_NETWORK=10.244.0.0/16\n');
    m.writeFile('/etc/cni/net.d/10-flannel.conflist', '{}');
    interface Conntrack extends DataplaneSlot { kind: 'conntrack'; entries: number }
    m.slot<Conntrack>('conntrack', () => ({ kind: 'conntrack', entries: 3 }));
    const boot = m.identity.bootID;
    m.powerOff();
    expect(m.poweredOn).toBe(false);
    expect(m.netns(HOST_NETNS)).toBeUndefined();
    m.powerOn();
    expect(m.identity.bootID).not.toBe(boot);
    expect(m.netnsNames()).toEqual([]);
    expect(m.exists('/run/flannel/subnet.env')).toBe(false);
    expect(m.readFile('/etc/cni/net.d/10-flannel.conflist')).toBe('{}');
    expect(m.peekSlot<Conntrack>('conntrack')).toBeUndefined();
    expect(netnsView(m)!.links.map((l) => l.name)).toEqual(['lo', 'eth0']);
    expect(watched).toEqual([false, true]);
  });

  it('derives entries from a kernel source when read, and lists routes as ip route does', () => {
    const m = machine();
    m.host.sources.push({
      routes: () => [{ dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true }, { dst: '10.244.0.0/24', via: '10.244.0.0', dev: 'flannel.1', onlink: true }],
      neighbours: () => [{ ip: '10.244.2.0', dev: 'flannel.1', lladdr: 'aa:bb:cc:dd:ee:ff', state: 'PERMANENT' }],
      fdb: () => [],
    });
    m.host.routes.push({ dst: '10.244.1.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' });
    expect(netnsView(m)!.routes.map((r) => r.dst)).toEqual(['default', '10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '192.168.1.0/24']);
    expect(netnsView(m)!.neighbours).toHaveLength(1);
  });
});
