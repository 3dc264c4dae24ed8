/**
 * Applying a DesiredIpvsState to one node, the way kube-proxy's IPVS proxier changes the kernel
 * (pkg/proxy/ipvs/proxier.go syncService / syncEndpoint / cleanLegacyService, ipset.go
 * syncIPSetEntries, graceful_termination.go):
 *
 * - missing sets are created (-exist), hash sets with hashsize 1024 and maxelem 65536, bitmap sets
 *   over 0-65535; their entries are brought in line, stale ones deleted first, both in sorted order;
 * - virtual servers are added, or edited when scheduler, flags or persistence changed; their address
 *   is bound on kube-ipvs0 when asked; virtual servers kube-proxy no longer wants are deleted, and
 *   kube-ipvs0 addresses it no longer wants are removed;
 * - a new endpoint becomes a real server of weight 1; one that went away is deleted at once if it
 *   is UDP or SCTP or has no connections, otherwise quiesced (weight 0) and put on the graceful
 *   termination list, which is checked every minute and deletes it once its ActiveConn + InActConn
 *   reach zero. An endpoint that comes back while on that list is deleted and added afresh.
 * - on the first sync after start, real servers whose weight is not 1 are set back to 1.
 */
import type { IpsetRegistry } from '../../network/ipvs/ipset';
import { deriveInitval } from '../../network/ipvs/ipset';
import type { IpvsTable } from '../../network/ipvs/table';
import type { IpvsService, ServiceSpec } from '../../network/ipvs/types';
import { IPVS_IPSETS, type DesiredIpvsState, type DesiredRealServer } from './ipvs';
import type { Netfilter } from '../../network/netfilter/netfilter';
import { IpvsRestoreReader, linkIpvsChains, setReferencesIn } from './ipvsApply';
import { setReferences, type IpvsIptablesRules } from './ipvsIptables';

/** The addresses of the kube-ipvs0 dummy interface (the node's Machine owns the real one). */
export interface DummyDevice {
  addresses(): readonly string[];
  add(ip: string): void;
  remove(ip: string): void;
}

/** An in-memory kube-ipvs0, for a node model that has none of its own yet. */
export class MemoryDummyDevice implements DummyDevice {
  private readonly addrs: string[] = [];

  addresses(): readonly string[] {
    return this.addrs;
  }

  add(ip: string): void {
    if (!this.addrs.includes(ip)) this.addrs.push(ip);
  }

  remove(ip: string): void {
    const i = this.addrs.indexOf(ip);
    if (i >= 0) this.addrs.splice(i, 1);
  }
}

/** What kube-proxy changes on its node in IPVS mode. */
export interface IpvsNode {
  ipvs: IpvsTable;
  ipsets: IpsetRegistry;
  dummy: DummyDevice;
  /** the node's netfilter tables, where the rules that remain in IPVS mode go (absent: computed only) */
  netfilter?: Netfilter;
}

/** rsCheckDeleteInterval */
export const RS_CHECK_DELETE_INTERVAL_MS = 60_000;

interface GracefulItem {
  protocol: ServiceSpec['protocol'];
  address: string;
  port: number;
  rs: DesiredRealServer;
}

/** GetUniqueRSName: `VIP:port/PROTO/IP:port`. */
function uniqueRS(vs: { address: string; port: number; protocol: string }, rs: DesiredRealServer): string {
  return `${vs.address}:${vs.port}/${vs.protocol}/${rs.address}:${rs.port}`;
}

export class IpvsProxierSync {
  private initialSync = true;
  private readonly graceful = new Map<string, GracefulItem>();
  private nextGracefulCheck: number;
  /** the iptables rules of the last sync, for the netfilter model to take in */
  lastIptables: IpvsIptablesRules | null = null;
  private readonly restoreReader = new IpvsRestoreReader();

  constructor(
    private readonly node: IpvsNode,
    private readonly nodeName: string,
    startMs: number,
  ) {
    this.nextGracefulCheck = startMs;
  }

  /** Real servers waiting for their connections to end, as `VIP:port/PROTO/IP:port`. */
  gracefulList(): string[] {
    return [...this.graceful.keys()];
  }

  sync(desired: DesiredIpvsState, now: number): void {
    const { ipvs, ipsets, dummy, netfilter } = this.node;
    if (netfilter) linkIpvsChains(netfilter, desired.iptables);
    ipvs.expire(now);
    for (const s of IPVS_IPSETS) {
      ipsets.create(s.name, s.type, s.type === 'bitmap:port' ? { range: '0-65535' } : { hashsize: 1024, maxelem: 65536, initval: deriveInitval(this.nodeName, s.name) }, true);
    }

    const alreadyBound = new Set(dummy.addresses());
    const active = new Set<string>();
    for (const want of desired.virtualServers) {
      const { spec } = want;
      let svc = ipvs.getService(spec.protocol, spec.address, spec.port);
      if (!svc) svc = ipvs.addService(spec);
      else if (svc.scheduler !== spec.scheduler || svc.flags !== (spec.flags ?? 0) || svc.timeout !== (spec.timeout ?? 0) || svc.netmask !== (spec.netmask ?? 0xffffffff)) {
        svc = ipvs.editService(spec);
      }
      if (want.bind && !alreadyBound.has(spec.address)) dummy.add(spec.address);
      active.add(svc.key);
      this.syncEndpoints(svc, want.realServers);
    }

    for (const s of IPVS_IPSETS) {
      const set = ipsets.get(s.name)!;
      const want = desired.ipsetEntries.get(s.name) ?? [];
      const wantSet = new Set(want);
      const haveSet = set.memberSet();
      for (const e of [...haveSet].filter((x) => !wantSet.has(x)).sort()) set.del(e);
      for (const e of want.filter((x) => !haveSet.has(x)).sort()) set.add(e, true);
    }

    // writeIptablesRules + RestoreAll, once the sets hold their members
    if (netfilter) netfilter.restore(this.restoreReader.read(desired.iptables));
    const refs = netfilter ? setReferencesIn(netfilter) : setReferences(desired.iptables);
    for (const set of ipsets.list()) set.references = refs.get(set.name) ?? 0;
    this.lastIptables = desired.iptables;

    const bindWanted = new Set(desired.bindAddresses);
    for (const ip of [...dummy.addresses()]) if (!bindWanted.has(ip)) dummy.remove(ip);
    for (const svc of ipvs.services()) if (!active.has(svc.key)) ipvs.deleteService(svc.protocol, svc.address, svc.port);
    this.initialSync = false;
  }

  private syncEndpoints(svc: IpvsService, wanted: DesiredRealServer[]): void {
    const { ipvs } = this.node;
    const cur = new Map(svc.dests.map((d) => [`${d.address}:${d.port}`, d]));
    const next = new Set(wanted.map((r) => `${r.address}:${r.port}`));
    for (const rs of wanted) {
      const key = `${rs.address}:${rs.port}`;
      if (cur.has(key)) {
        if (this.initialSync && svc.dests.some((d) => d.weight !== 1)) ipvs.editDest(svc, { address: rs.address, port: rs.port, weight: 1 });
        const name = uniqueRS(svc, rs);
        if (!this.graceful.has(name)) continue;
        // Back from graceful deletion: kube-proxy deletes it and adds it again below.
        ipvs.deleteDest(svc, rs.address, rs.port);
        this.graceful.delete(name);
      }
      ipvs.addDest(svc, { address: rs.address, port: rs.port, weight: 1, forward: 'Masq' });
    }
    for (const [key, d] of cur) {
      if (next.has(key)) continue;
      const rs = { address: d.address, port: d.port };
      const name = uniqueRS(svc, rs);
      if (this.graceful.has(name)) continue;
      const item: GracefulItem = { protocol: svc.protocol, address: svc.address, port: svc.port, rs };
      if (this.tryDelete(item)) continue;
      ipvs.editDest(svc, { address: rs.address, port: rs.port, weight: 0, forward: 'Masq' });
      this.graceful.set(name, item);
    }
  }

  /** deleteRsFunc: true when the real server is gone (deleted now, or no longer there). */
  private tryDelete(item: GracefulItem): boolean {
    const { ipvs } = this.node;
    const svc = ipvs.getService(item.protocol, item.address, item.port);
    const d = svc?.findDest(item.rs.address, item.rs.port);
    if (!svc || !d) return true;
    const graceful = item.protocol !== 'UDP' && item.protocol !== 'SCTP';
    if (graceful && d.activeConns + d.inactConns !== 0) return false;
    ipvs.deleteDest(svc, item.rs.address, item.rs.port);
    return true;
  }

  /** The graceful termination manager's minute-by-minute checks due by `now`. */
  runGracefulChecks(now: number): void {
    while (this.nextGracefulCheck <= now) {
      this.node.ipvs.expire(this.nextGracefulCheck);
      for (const [name, item] of [...this.graceful]) if (this.tryDelete(item)) this.graceful.delete(name);
      this.nextGracefulCheck += RS_CHECK_DELETE_INTERVAL_MS;
    }
  }
}

