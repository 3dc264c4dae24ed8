/**
 * One network namespace of a machine, as the kernel holds it and iproute2 shows it: links with their
 * index, type, MAC, MTU, state, bridge master and veth peer; addresses; routes; neighbours; and the
 * bridge/VXLAN forwarding database. Plain data, written by what builds the network (the CNI plugins,
 * flanneld) and read by whoever looks (`ip`, `bridge`, the packet path).
 *
 * Entries that would otherwise be stored once per other node — flannel's route, neighbour and FDB entry
 * for every peer — come from a `KernelSource` and are derived when read, so a cluster of N nodes holds
 * N peer records, not N² routes.
 */
import { parseCIDR, parseIPv4 } from '../network/ipv4';

export type LinkType = 'loopback' | 'ether' | 'bridge' | 'veth' | 'vxlan' | 'dummy';

/** `ip link` state: lo and VXLAN devices report UNKNOWN, cabled devices UP, downed ones DOWN. */
export type LinkState = 'UP' | 'DOWN' | 'UNKNOWN';

export interface VxlanInfo {
  vni: number;
  /** UDP destination port (8472, the Linux default flannel keeps) */
  port: number;
  /** the outer source address: the node's own IP */
  local: string;
  /** the device the encapsulated packets leave by */
  dev: string;
  learning: boolean;
}

export interface Link {
  index: number;
  name: string;
  type: LinkType;
  mac: string;
  mtu: number;
  state: LinkState;
  /** the bridge this link is a port of (`master cni0`) */
  master?: string;
  /** a veth's other end: which namespace and which index there (`eth0@if7`, `link-netns cni-…`) */
  peer?: { netns: string; index: number };
  /** bridge port hairpin mode (the CNI bridge plugin sets it from `hairpinMode`) */
  hairpin?: boolean;
  /** net.ipv4.conf.<dev>.proxy_arp: the host answers ARP on this link for addresses it routes elsewhere (Calico's veths) */
  proxyArp?: boolean;
  vxlan?: VxlanInfo;
}

export interface Address {
  dev: string;
  ip: string;
  prefix: number;
  /** the broadcast address, which netlink fills in for IPv4 prefixes shorter than /31 */
  broadcast?: string;
  scope: 'host' | 'link' | 'global';
}

export interface Route {
  /** `default` or a network in CIDR form */
  dst: string;
  via?: string;
  dev: string;
  proto?: 'kernel' | 'dhcp' | 'boot' | 'static';
  scope?: 'link' | 'host';
  src?: string;
  metric?: number;
  /** RTNH_F_ONLINK: the gateway is taken to be on the link even though no address covers it */
  onlink?: boolean;
}

export interface Neighbour {
  ip: string;
  dev: string;
  lladdr: string;
  state: 'PERMANENT' | 'REACHABLE' | 'STALE';
}

export interface FdbEntry {
  mac: string;
  dev: string;
  /** VXLAN: the remote VTEP's address */
  dst?: string;
  /** bridge entries: the bridge the port belongs to */
  master?: string;
  vlan?: number;
  /** `self`: held by the device itself (VXLAN), not the bridge it is a port of */
  self?: boolean;
  permanent: boolean;
}

/** Entries a running agent keeps in the kernel without them being stored one by one (flannel's peers). */
export interface KernelSource {
  /** who keeps them (`flannel`): a restarted agent takes over its predecessor's entries */
  id?: string;
  routes(): readonly Route[];
  neighbours(): readonly Neighbour[];
  fdb(): readonly FdbEntry[];
  /** The same entries' searches from an index, for sources too large to walk on every packet. */
  index?(): KernelIndex;
}

/** Searches over a source's entries, each answering what a walk of its lists in order would find first. */
export interface KernelIndex {
  /** the first route of the longest prefix covering `dst` (the source's routes carry no metric) */
  route(dst: number): Route | undefined;
  neighbour(dev: string, ip: number): Neighbour | undefined;
  /** the first entry for `mac` on `dev` that has a remote address */
  fdb(dev: string, mac: string): FdbEntry | undefined;
  /** how many of its routes pass `test` (the same function object may have its count kept) */
  countRoutes(test: (r: Route) => boolean): number;
  routeCount(): number;
}

export class NetNamespace {
  readonly links: Link[] = [];
  readonly addresses: Address[] = [];
  readonly routes: Route[] = [];
  readonly neighbours: Neighbour[] = [];
  readonly fdb: FdbEntry[] = [];
  readonly sources: KernelSource[] = [];
  private nextIndex = 1;
  /** the id the host's namespace knows this one by (`ip netns` shows `(id: N)`), once a veth links them */
  nsid?: number;

  /** @param name `''` for the host's namespace, else its name under /var/run/netns (`cni-…`) */
  constructor(readonly name: string) {}

  /** Adds a link with the next free index (the kernel never reuses one while it counts up). */
  addLink(l: Omit<Link, 'index'> & { index?: number }): Link {
    const link: Link = { ...l, index: l.index ?? this.nextIndex };
    this.nextIndex = Math.max(this.nextIndex, link.index + 1);
    this.links.push(link);
    return link;
  }

  /** The index the next link added will get. */
  peekIndex(): number {
    return this.nextIndex;
  }

  link(name: string): Link | undefined {
    return this.links.find((l) => l.name === name);
  }

  /** Deletes a link and what hangs off it: its addresses, routes, neighbours and FDB entries. */
  removeLink(name: string): Link | undefined {
    const i = this.links.findIndex((l) => l.name === name);
    if (i < 0) return undefined;
    const [gone] = this.links.splice(i, 1);
    const keep = <T extends { dev: string }>(xs: T[]): void => {
      for (let j = xs.length - 1; j >= 0; j--) if (xs[j]!.dev === name) xs.splice(j, 1);
    };
    keep(this.addresses);
    keep(this.routes);
    keep(this.neighbours);
    keep(this.fdb);
    return gone;
  }

  /** Every route: those stored and those a source derives, in the order `ip route` sorts them. */
  allRoutes(): Route[] {
    return sortRoutes([...this.routes, ...this.sources.flatMap((s) => s.routes())]);
  }

  allNeighbours(): Neighbour[] {
    return [...this.neighbours, ...this.sources.flatMap((s) => s.neighbours())];
  }

  allFdb(): FdbEntry[] {
    return [...this.fdb, ...this.sources.flatMap((s) => s.fdb())];
  }

  /** The first neighbour for `ip` on `dev`, as a search of `allNeighbours()` finds it. */
  findNeighbour(dev: string, ip: number): Neighbour | undefined {
    const own = this.neighbours.find((n) => n.dev === dev && parseIPv4(n.ip) === ip);
    if (own) return own;
    for (const s of this.sources) {
      const found = s.index ? s.index().neighbour(dev, ip) : s.neighbours().find((n) => n.dev === dev && parseIPv4(n.ip) === ip);
      if (found) return found;
    }
    return undefined;
  }

  /** The first FDB entry for `mac` on `dev` with a remote address, as a search of `allFdb()` finds it. */
  findFdb(dev: string, mac: string): FdbEntry | undefined {
    const own = this.fdb.find((f) => f.dev === dev && f.mac === mac && f.dst !== undefined);
    if (own) return own;
    for (const s of this.sources) {
      const found = s.index ? s.index().fdb(dev, mac) : s.fdb().find((f) => f.dev === dev && f.mac === mac && f.dst !== undefined);
      if (found) return found;
    }
    return undefined;
  }
}

function dstKey(r: Route): [number, number] {
  if (r.dst === 'default') return [-1, 0];
  const c = parseCIDR(r.dst.includes('/') ? r.dst : `${r.dst}/32`);
  return c ? [c.net.ip, c.net.prefix] : [Number.MAX_SAFE_INTEGER, 0];
}

/** `ip route` lists the main table by destination: default first, then by address and prefix length. */
function sortRoutes(rs: Route[]): Route[] {
  return rs
    .map((r, i) => ({ r, i, k: dstKey(r) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.r);
}
