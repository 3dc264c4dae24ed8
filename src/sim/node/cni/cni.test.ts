import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { cidr } from '../../network/ipv4';
import { Machine, netnsView } from '../machine';
import { ELF_MAGIC } from '../hostpath';
import { FLANNEL_CNI_CONF, FLANNEL_CONFLIST_PATH, formatSubnetEnv, SUBNET_ENV } from './flannel';
import { CNI_NOT_INITIALIZED, networkStatus, setUpPodNetwork, tearDownPodNetwork } from './libcni';

const POD = { namespace: 'default', name: 'web', uid: 'u-1' };

function machine(opts: { conflist?: boolean; binary?: boolean; subnetEnv?: boolean } = {}): Machine {
  const m = new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });
  if (opts.conflist ?? true) m.writeFile(FLANNEL_CONFLIST_PATH, FLANNEL_CNI_CONF);
  if (opts.binary ?? true) m.writeFile('/opt/cni/bin/flannel', ELF_MAGIC, true);
  if (opts.subnetEnv ?? true) m.writeFile(SUBNET_ENV, formatSubnetEnv({ network: '10.244.0.0/16', subnet: '10.244.1.1/24', mtu: 1450, ipMasq: true }));
  return m;
}

const ID = 'a'.repeat(64);

describe('the CNI chain: flannel → bridge + host-local, then portmap', () => {
  it('is not initialized until a configuration is in /etc/cni/net.d', () => {
    const m = machine({ conflist: false });
    expect(networkStatus(m)).toBe(CNI_NOT_INITIALIZED);
    expect(() => setUpPodNetwork(m, ID, POD)).toThrow(`failed to setup network for sandbox "${ID}": cni plugin not initialized`);
    m.writeFile(FLANNEL_CONFLIST_PATH, FLANNEL_CNI_CONF);
    expect(networkStatus(m)).toBeUndefined();
  });

  it('puts the first pod at .2 on cni0 through a veth, with the routes and files the real plugins leave', () => {
    const m = machine();
    const net = setUpPodNetwork(m, ID, POD);
    expect(net.ip).toBe('10.244.1.2');
    expect(net.gateway).toBe('10.244.1.1');
    expect(net.netns).toMatch(/^cni-[0-9a-f-]{36}$/);

    const host = netnsView(m)!;
    const cni0 = host.links.find((l) => l.name === 'cni0')!;
    const veth = host.links.find((l) => l.type === 'veth')!;
    expect(cni0).toMatchObject({ index: 3, type: 'bridge', mtu: 1450, state: 'UP' });
    expect(veth).toMatchObject({ index: 4, mtu: 1450, state: 'UP', master: 'cni0', hairpin: true, peer: { netns: net.netns, index: 2 } });
    expect(veth.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(host.addresses.find((a) => a.dev === 'cni0')).toEqual({ dev: 'cni0', ip: '10.244.1.1', prefix: 24, broadcast: '10.244.1.255', scope: 'global' });
    expect(host.routes.find((r) => r.dev === 'cni0')).toEqual({ dst: '10.244.1.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' });
    expect(host.fdb.filter((f) => f.dev === veth.name)).toEqual([
      { mac: veth.mac, dev: veth.name, vlan: 1, master: 'cni0', permanent: true },
      { mac: veth.mac, dev: veth.name, master: 'cni0', permanent: true },
    ]);

    const pod = netnsView(m, net.netns)!;
    expect(pod.links.map((l) => [l.index, l.name, l.type, l.mtu])).toEqual([[1, 'lo', 'loopback', 65536], [2, 'eth0', 'veth', 1450]]);
    expect(pod.links[1]!.peer).toEqual({ netns: '', index: 4 });
    expect(pod.addresses[1]).toEqual({ dev: 'eth0', ip: '10.244.1.2', prefix: 24, broadcast: '10.244.1.255', scope: 'global' });
    expect(pod.routes).toEqual([
      { dst: 'default', via: '10.244.1.1', dev: 'eth0' },
      { dst: '10.244.0.0/16', via: '10.244.1.1', dev: 'eth0' },
      { dst: '10.244.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '10.244.1.2' },
    ]);

    expect(net.result.interfaces.map((i) => i.name)).toEqual(['cni0', veth.name, 'eth0']);
    expect(net.result.ips).toEqual([{ address: '10.244.1.2/24', gateway: '10.244.1.1', interface: 2 }]);
    expect(net.result.routes).toEqual([{ dst: '10.244.0.0/16' }, { dst: '0.0.0.0/0', gw: '10.244.1.1' }]);
    expect(m.list('/var/lib/cni/networks/cbr0')).toEqual(['10.244.1.2', 'last_reserved_ip.0', 'lock']);
    expect(m.readFile(`/var/lib/cni/networks/cbr0/10.244.1.2`)).toBe(`${ID}\r\neth0`);
    // flannel's delegate, kept for DEL: bridge with isGateway, ipMasq off (flanneld masquerades), the network's MTU.
    expect(JSON.parse(m.readFile(`/var/lib/cni/flannel/${ID}`)!)).toEqual({
      hairpinMode: true,
      isDefaultGateway: true,
      type: 'bridge',
      name: 'cbr0',
      ipMasq: false,
      mtu: 1450,
      isGateway: true,
      cniVersion: '0.3.1',
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.1.0/24' }]], routes: [{ dst: '10.244.0.0/16' }] },
    });
  });

  it('gives the next pod .3 and the next veth index; DEL undoes it all, and the bridge stays, down', () => {
    const m = machine();
    const a = setUpPodNetwork(m, ID, POD);
    const b = setUpPodNetwork(m, 'b'.repeat(64), { ...POD, name: 'web-2' });
    expect(b.ip).toBe('10.244.1.3');
    expect(netnsView(m)!.links.filter((l) => l.type === 'veth').map((l) => l.index)).toEqual([4, 5]);
    tearDownPodNetwork(m, ID, a.netns, POD);
    tearDownPodNetwork(m, 'b'.repeat(64), b.netns, POD);
    expect(m.netnsNames()).toEqual([]);
    expect(netnsView(m)!.links.map((l) => `${l.name} ${l.state}`)).toEqual(['lo UNKNOWN', 'eth0 UP', 'cni0 DOWN']);
    expect(m.list('/var/lib/cni/networks/cbr0')).toEqual(['last_reserved_ip.0', 'lock']);
    expect(m.list('/var/lib/cni/flannel')).toEqual([]);
    // DEL twice (the runtime retrying) is harmless.
    tearDownPodNetwork(m, ID, a.netns, POD);
  });

  it("fails as the real chain does when flanneld has not written subnet.env, or the binary is missing, and leaves nothing behind", () => {
    const noEnv = machine({ subnetEnv: false });
    expect(() => setUpPodNetwork(noEnv, ID, POD)).toThrow(`failed to setup network for sandbox "${ID}": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory`);
    expect(noEnv.netnsNames()).toEqual([]);
    const noBin = machine({ binary: false });
    expect(() => setUpPodNetwork(noBin, ID, POD)).toThrow(`failed to setup network for sandbox "${ID}": plugin type="flannel" failed (add): failed to find plugin "flannel" in path [/opt/cni/bin]`);
  });

  it('refuses a bridge that holds another subnet, as after a pod CIDR change', () => {
    const m = machine();
    setUpPodNetwork(m, ID, POD);
    m.writeFile(SUBNET_ENV, formatSubnetEnv({ network: '10.244.0.0/16', subnet: '10.244.7.1/24', mtu: 1450, ipMasq: true }));
    expect(() => setUpPodNetwork(m, 'b'.repeat(64), POD)).toThrow('plugin type="flannel" failed (add): failed to set bridge addr: "cni0" already has an IP address different from 10.244.7.1/24');
    // The failed ADD gave its address back.
    expect(m.list('/var/lib/cni/networks/cbr0').filter((f) => f.startsWith('10.'))).toEqual(['10.244.1.2']);
  });

  it('says when a host-local range is full', () => {
    const m = machine();
    m.writeFile(SUBNET_ENV, formatSubnetEnv({ network: '10.244.0.0/16', subnet: '10.244.1.1/30', mtu: 1450, ipMasq: true }));
    setUpPodNetwork(m, ID, POD);
    expect(() => setUpPodNetwork(m, 'b'.repeat(64), POD)).toThrow('plugin type="flannel" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.2');
  });
});
