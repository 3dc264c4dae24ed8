/**
 * The `bridge` plugin (containernetworking/plugins, plugins/main/bridge): puts the pod on a Linux
 * bridge on the host.
 *
 * ADD: makes the bridge (`cni0` unless named) the first time, with the network's MTU and a random MAC
 * pinned to it; creates a veth pair — `eth0` (CNI_IFNAME) in the pod's namespace and `veth` + 8 hex
 * on the host, a port of the bridge with hairpin mode as configured; asks its IPAM plugin for an
 * address; gives `eth0` the address and the routes (a default route through the gateway with
 * `isDefaultGateway`); and with `isGateway` puts the gateway address on the bridge, which makes the
 * kernel's route to the pod subnet through it. `ipMasq` would add masquerade rules; flannel's delegate
 * turns it off because flanneld masquerades itself.
 *
 * DEL: releases the address and deletes the pod's end of the pair, which takes the host end with it.
 */
import type { Machine } from '../machine';
import { HOST_NETNS } from '../machine';
import type { NetNamespace } from '../netns';
import { broadcastOf, formatIPv4, parseCIDR } from '../../network/ipv4';
import type { Invoke, Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

interface BridgeConf extends PluginConf {
  bridge?: string;
  isGateway?: boolean;
  isDefaultGateway?: boolean;
  ipMasq?: boolean;
  hairpinMode?: boolean;
  mtu?: number;
  ipam?: { type: string };
}

const DEFAULT_BRIDGE = 'cni0';
const DEFAULT_MTU = 1500;

/** The bridge device, made (down, with no ports yet) the first time. */
function ensureBridge(m: Machine, name: string, mtu: number): void {
  const host = m.host;
  if (host.link(name)) return;
  const mac = m.randomMac();
  host.addLink({ name, type: 'bridge', mac, mtu, state: 'DOWN' });
  // The bridge's own address is a permanent entry of its forwarding database.
  host.fdb.push({ mac, dev: name, vlan: 1, master: name, permanent: true }, { mac, dev: name, master: name, permanent: true });
}

/** With `isGateway`: the gateway address on the bridge, and the kernel's route to the subnet that comes with it. */
function ensureGatewayAddress(host: NetNamespace, bridge: string, gateway: string, prefix: number): void {
  const want = `${gateway}/${prefix}`;
  const have = host.addresses.filter((a) => a.dev === bridge);
  if (have.some((a) => `${a.ip}/${a.prefix}` === want)) return;
  if (have.length) throw new CniError(`failed to set bridge addr: "${bridge}" already has an IP address different from ${want}`);
  const net = parseCIDR(want)!.net;
  host.addresses.push({ dev: bridge, ip: gateway, prefix, broadcast: formatIPv4(broadcastOf(net)), scope: 'global' });
  host.routes.push({ dst: `${formatIPv4(net.ip)}/${prefix}`, dev: bridge, proto: 'kernel', scope: 'link', src: gateway });
}

function bridgePorts(host: NetNamespace, bridge: string): number {
  return host.links.filter((l) => l.master === bridge).length;
}

export const bridge: Plugin = {
  add(m: Machine, raw: PluginConf, rt: RuntimeConf, _prev: Result | undefined, invoke: Invoke): Result {
    const conf = raw as BridgeConf;
    const brName = conf.bridge ?? DEFAULT_BRIDGE;
    const mtu = conf.mtu ?? DEFAULT_MTU;
    const isGateway = !!conf.isGateway || !!conf.isDefaultGateway;
    const ns = m.netns(rt.netns);
    if (!ns) throw new CniError(`failed to open netns "/var/run/netns/${rt.netns}": failed to Statfs "/var/run/netns/${rt.netns}": no such file or directory`);
    if (!conf.ipam?.type) throw new CniError('IPAM plugin returned missing IP config');
    ensureBridge(m, brName, mtu);
    const host = m.host;

    // The pair is made in the pod's namespace; the host end then moves to the host's.
    const podMac = m.randomMac();
    const hostMac = m.randomMac();
    const hostName = m.randomVethName();
    const podEnd = ns.addLink({ name: rt.ifName, type: 'veth', mac: podMac, mtu, state: 'UP', peer: { netns: HOST_NETNS, index: host.peekIndex() } });
    const hostEnd = host.addLink({ name: hostName, type: 'veth', mac: hostMac, mtu, state: 'UP', master: brName, hairpin: !!conf.hairpinMode, peer: { netns: rt.netns, index: podEnd.index } });
    host.fdb.push({ mac: hostMac, dev: hostName, vlan: 1, master: brName, permanent: true }, { mac: hostMac, dev: hostName, master: brName, permanent: true });
    host.link(brName)!.state = 'UP';

    let ipam: Result;
    try {
      ipam = invoke.add({ ...conf, type: conf.ipam.type }, rt);
    } catch (e) {
      // The pair goes again when the address cannot be had.
      ns.removeLink(rt.ifName);
      removeHostEnd(host, hostName, brName);
      throw e;
    }
    const first = ipam.ips[0]!;
    const c = parseCIDR(first.address)!;
    const ip = formatIPv4(c.ip);
    const gw = first.gateway!;
    const routes = ipam.routes.map((r) => ({ ...r }));
    if (conf.isDefaultGateway) routes.push({ dst: '0.0.0.0/0', gw });

    ns.addresses.push({ dev: rt.ifName, ip, prefix: c.net.prefix, broadcast: formatIPv4(broadcastOf(c.net)), scope: 'global' });
    ns.routes.push({ dst: `${formatIPv4(c.net.ip)}/${c.net.prefix}`, dev: rt.ifName, proto: 'kernel', scope: 'link', src: ip });
    for (const r of routes) ns.routes.push({ dst: r.dst === '0.0.0.0/0' ? 'default' : r.dst, via: r.gw ?? gw, dev: rt.ifName });
    if (isGateway) ensureGatewayAddress(host, brName, gw, c.net.prefix);

    return {
      cniVersion: String(conf.cniVersion ?? '1.0.0'),
      interfaces: [
        { name: brName, mac: host.link(brName)!.mac },
        { name: hostName, mac: hostMac },
        { name: rt.ifName, mac: podMac, sandbox: `/var/run/netns/${rt.netns}` },
      ],
      ips: [{ address: first.address, gateway: gw, interface: 2 }],
      routes,
      dns: {},
    };
  },

  del(m: Machine, raw: PluginConf, rt: RuntimeConf, invoke: Invoke): void {
    const conf = raw as BridgeConf;
    const brName = conf.bridge ?? DEFAULT_BRIDGE;
    if (conf.ipam?.type) invoke.del({ ...conf, type: conf.ipam.type }, rt);
    // A namespace already gone (the machine rebooted) took its veth with it.
    const ns = m.netns(rt.netns);
    const podEnd = ns?.link(rt.ifName);
    if (!ns || !podEnd) return;
    ns.removeLink(rt.ifName);
    const host = m.host;
    const hostEnd = host.links.find((l) => l.peer?.netns === rt.netns && l.peer.index === podEnd.index);
    if (hostEnd) removeHostEnd(host, hostEnd.name, brName);
  },
};

function removeHostEnd(host: NetNamespace, name: string, brName: string): void {
  host.removeLink(name);
  const br = host.link(brName);
  if (br && bridgePorts(host, brName) === 0) br.state = 'DOWN';
}
