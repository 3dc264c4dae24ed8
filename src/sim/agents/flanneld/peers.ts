/**
 * The kernel entries flanneld programs for its peers — per lease a route, and with VXLAN a permanent
 * neighbour and an FDB entry on flannel.1 — built once per version of the lease book and backend, and
 * shared by every node that has learned up to that version. A node's own lease is left out when its
 * entries are read, so N nodes share one table of N leases instead of holding N² entries, and a lookup
 * (the packet path's route, neighbour and FDB searches) is a map access rather than a walk of them all.
 */
import type { IPv4Net } from '../../network/ipv4';
import { formatCIDR, formatIPv4, maskOf, parseIPv4 } from '../../network/ipv4';
import type { FdbEntry, KernelIndex, Neighbour, Route } from '../../node/netns';
import type { Lease } from './leases';

export const VXLAN_DEVICE = 'flannel.1';

export type PeerBackend = 'vxlan' | 'host-gw';

/** One lease's entries: host-gw has only a route. */
interface PeerEntry {
  node: string;
  route: Route;
  neighbour?: Neighbour;
  fdb?: FdbEntry;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The peer entries of every lease in a book version, in the book's order, with their indexes. */
export class PeerTable {
  private readonly entries: PeerEntry[] = [];
  /** the book holds one lease per node, so a node has at most one entry here */
  private readonly byNode = new Map<string, PeerEntry>();
  /** route indexes by prefix length, longest first; each maps a network address to its entries in order */
  private readonly byPrefix: { prefix: number; mask: number; nets: Map<number, PeerEntry[]> }[] = [];
  private readonly byNeighbourIP = new Map<number, PeerEntry[]>();
  private readonly byMac = new Map<string, PeerEntry[]>();
  private readonly all: { routes: Route[]; neighbours: Neighbour[]; fdb: FdbEntry[] };
  /** counts of routes passing a test, per test, so a whole-cluster view counts them once */
  private readonly counts = new WeakMap<object, number>();

  constructor(leases: Iterable<Lease>, backend: PeerBackend) {
    const prefixes = new Map<number, Map<number, PeerEntry[]>>();
    for (const l of leases) {
      if (l.backendType !== backend || (backend === 'vxlan' && !l.vtepMAC)) continue;
      const e = entryOf(l, backend);
      this.entries.push(e);
      if (!this.byNode.has(l.node)) this.byNode.set(l.node, e);
      let nets = prefixes.get(l.subnet.prefix);
      if (!nets) prefixes.set(l.subnet.prefix, (nets = new Map()));
      push(nets, l.subnet.ip, e);
      if (e.neighbour) push(this.byNeighbourIP, l.subnet.ip, e);
      if (e.fdb) push(this.byMac, e.fdb.mac, e);
    }
    for (const [prefix, nets] of [...prefixes].sort((a, b) => b[0] - a[0])) this.byPrefix.push({ prefix, mask: maskOf(prefix), nets });
    this.all = {
      routes: this.entries.map((e) => e.route),
      neighbours: this.entries.flatMap((e) => (e.neighbour ? [e.neighbour] : [])),
      fdb: this.entries.flatMap((e) => (e.fdb ? [e.fdb] : [])),
    };
  }

  /** What `node` holds: every entry but those of its own lease (shared arrays when it has none here). */
  routes(node: string): readonly Route[] {
    return this.byNode.has(node) ? this.entries.filter((e) => e.node !== node).map((e) => e.route) : this.all.routes;
  }

  neighbours(node: string): readonly Neighbour[] {
    return this.byNode.has(node) ? this.entries.flatMap((e) => (e.node !== node && e.neighbour ? [e.neighbour] : [])) : this.all.neighbours;
  }

  fdb(node: string): readonly FdbEntry[] {
    return this.byNode.has(node) ? this.entries.flatMap((e) => (e.node !== node && e.fdb ? [e.fdb] : [])) : this.all.fdb;
  }

  /** The searches of `node`'s entries, answered from the shared indexes. */
  index(node: string): KernelIndex {
    const first = (es: PeerEntry[] | undefined, ok: (e: PeerEntry) => boolean): PeerEntry | undefined => es?.find((e) => e.node !== node && ok(e));
    return {
      route: (dst) => {
        // Flannel's routes carry no metric: the first entry of the longest prefix that covers dst wins.
        for (const { mask, nets } of this.byPrefix) {
          const e = first(nets.get((dst & mask) >>> 0), () => true);
          if (e) return e.route;
        }
        return undefined;
      },
      neighbour: (dev, ip) => first(this.byNeighbourIP.get(ip), (e) => e.neighbour!.dev === dev && parseIPv4(e.neighbour!.ip) === ip)?.neighbour,
      fdb: (dev, mac) => first(this.byMac.get(mac), (e) => e.fdb!.dev === dev && e.fdb!.dst !== undefined)?.fdb,
      countRoutes: (test) => {
        let all = this.counts.get(test);
        if (all === undefined) {
          all = 0;
          for (const e of this.entries) if (test(e.route)) all++;
          this.counts.set(test, all);
        }
        const own = this.byNode.get(node);
        return all - (own && test(own.route) ? 1 : 0);
      },
      routeCount: () => this.entries.length - (this.byNode.has(node) ? 1 : 0),
    };
  }
}

function entryOf(l: Lease, backend: PeerBackend): PeerEntry {
  const dst = formatCIDR(l.subnet);
  if (backend === 'host-gw') return { node: l.node, route: { dst, via: l.publicIP, dev: 'eth0' } };
  const gw = gatewayOf(l.subnet);
  return {
    node: l.node,
    route: { dst, via: gw, dev: VXLAN_DEVICE, onlink: true },
    neighbour: { ip: gw, dev: VXLAN_DEVICE, lladdr: l.vtepMAC!, state: 'PERMANENT' },
    fdb: { mac: l.vtepMAC!, dev: VXLAN_DEVICE, dst: l.publicIP, self: true, permanent: true },
  };
}

/** VXLAN reaches a peer's block through its network address, which the peer holds on flannel.1. */
function gatewayOf(subnet: IPv4Net): string {
  return formatIPv4(subnet.ip);
}
