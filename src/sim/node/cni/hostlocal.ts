/**
 * host-local IPAM (containernetworking/plugins, plugins/ipam/host-local): hands out one node's pod
 * addresses, keeping its state as files on the machine.
 *
 * - The range is the configured subnet; the gateway defaults to its first address (`.1`) and is never
 *   handed out, so the first pod gets `.2`; the range ends before the broadcast address (`.254`).
 * - Allocation is sequential: it resumes after `last_reserved_ip.0` and wraps round to the range start,
 *   skipping addresses held — so a freed address comes back only once the iterator reaches it again.
 * - Each reservation is a file `/var/lib/cni/networks/<network>/<ip>` holding the container ID and the
 *   interface name (`<id>\r\n<ifname>`); a `lock` file sits beside them.
 * - When nothing is free: `failed to allocate for range 0: no IP addresses available in range set: <start>-<end>`.
 */
import type { Machine } from '../machine';
import type { IPv4Net } from '../../network/ipv4';
import { broadcastOf, formatCIDR, formatIPv4, netContains, netSize, parseCIDR, parseIPv4 } from '../../network/ipv4';
import type { Invoke, Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

const STATE_ROOT = '/var/lib/cni/networks';
const LINE_BREAK = '\r\n';

export interface HostLocalConf {
  ranges: { subnet: string; gateway?: string; rangeStart?: string; rangeEnd?: string }[][];
  routes?: { dst: string; gw?: string }[];
}

/** The allocator for one range (one node's pod CIDR) of one network on one machine. */
export class HostLocalIpam {
  readonly subnet: IPv4Net;
  readonly gateway: string;
  readonly rangeStart: string;
  readonly rangeEnd: string;
  private readonly startN: number;
  private readonly endN: number;
  private readonly gatewayN: number;

  /**
   * @param subnet the range, e.g. `10.244.1.0/24`
   * @param network the CNI network name, which names the state directory (`cbr0` for flannel)
   */
  constructor(
    private readonly m: Machine,
    subnet: string,
    readonly network = 'cbr0',
  ) {
    const c = parseCIDR(subnet, { sloppy: true });
    if (!c) throw new CniError(`invalid CIDR ${subnet}`);
    this.subnet = c.net;
    if (netSize(c.net) < 4) throw new CniError(`Network ${formatCIDR(c.net)} too small to allocate from`);
    this.startN = c.net.ip + 1;
    this.endN = broadcastOf(c.net) - 1;
    this.gatewayN = c.net.ip + 1;
    this.gateway = formatIPv4(this.gatewayN);
    this.rangeStart = formatIPv4(this.startN);
    this.rangeEnd = formatIPv4(this.endN);
  }

  get stateDir(): string {
    return `${STATE_ROOT}/${this.network}`;
  }

  /** Reserves the next free address for the container's interface. */
  allocate(containerID: string, ifName = 'eth0'): string {
    const held = this.reserved();
    const mine = [...held.entries()].find(([, owner]) => owner === `${containerID}${LINE_BREAK}${ifName}`);
    if (mine) throw new CniError(`${formatIPv4(mine[0])} has been allocated to ${containerID}, duplicate allocation is not allowed`);
    const last = parseIPv4(this.m.readFile(`${this.stateDir}/last_reserved_ip.0`) ?? '');
    let cur = last !== undefined && last >= this.startN && last <= this.endN ? last : undefined;
    const total = this.endN - this.startN + 1;
    for (let i = 0; i < total; i++) {
      cur = cur === undefined || cur >= this.endN ? this.startN : cur + 1;
      if (cur === this.gatewayN || held.has(cur)) continue;
      const ip = formatIPv4(cur);
      this.m.writeFile(`${this.stateDir}/lock`, '');
      this.m.writeFile(`${this.stateDir}/${ip}`, `${containerID}${LINE_BREAK}${ifName}`);
      this.m.writeFile(`${this.stateDir}/last_reserved_ip.0`, ip);
      return ip;
    }
    throw new CniError(`failed to allocate for range 0: no IP addresses available in range set: ${this.rangeStart}-${this.rangeEnd}`);
  }

  /** Frees what the container's interface holds; freeing twice is harmless, as DEL must be. */
  release(containerID: string, ifName = 'eth0'): string | undefined {
    for (const [n, owner] of this.reserved()) {
      if (owner !== `${containerID}${LINE_BREAK}${ifName}`) continue;
      const ip = formatIPv4(n);
      this.m.removeFile(`${this.stateDir}/${ip}`);
      return ip;
    }
    return undefined;
  }

  /** The reservation files of this range: address → `<id>\r\n<ifname>`. */
  private reserved(): Map<number, string> {
    const out = new Map<number, string>();
    for (const f of this.m.list(this.stateDir)) {
      const n = parseIPv4(f);
      if (n !== undefined && netContains(this.subnet, n)) out.set(n, this.m.readFile(`${this.stateDir}/${f}`) ?? '');
    }
    return out;
  }
}

function confOf(conf: PluginConf): HostLocalConf {
  const ipam = conf.ipam as HostLocalConf | undefined;
  if (!ipam?.ranges?.[0]?.[0]?.subnet) throw new CniError('no IP ranges specified');
  return ipam;
}

/** The plugin: `conf` is the calling plugin's configuration, whose `ipam` section is host-local's. */
export const hostLocal: Plugin = {
  add(m: Machine, conf: PluginConf, rt: RuntimeConf): Result {
    const ipam = confOf(conf);
    const range = ipam.ranges[0]![0]!;
    const a = new HostLocalIpam(m, range.subnet, String(conf.name ?? ''));
    const ip = a.allocate(rt.containerID, rt.ifName);
    return {
      cniVersion: String(conf.cniVersion ?? '1.0.0'),
      interfaces: [],
      ips: [{ address: `${ip}/${a.subnet.prefix}`, gateway: a.gateway }],
      routes: (ipam.routes ?? []).map((r) => ({ ...r })),
      dns: {},
    };
  },
  del(m: Machine, conf: PluginConf, rt: RuntimeConf, _invoke?: Invoke): void {
    const ipam = confOf(conf);
    new HostLocalIpam(m, ipam.ranges[0]![0]!.subnet, String(conf.name ?? '')).release(rt.containerID, rt.ifName);
  },
};
