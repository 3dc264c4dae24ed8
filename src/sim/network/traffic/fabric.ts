/**
 * The cluster's network as one whole: the machines on the node network, its router (the gateway,
 * beyond which is "outside"), the kernel tables each machine holds, and the seeded stream every
 * random choice on the way comes from (iptables' statistic match, ports the kernel picks), so the
 * same scenario sends the same packets the same way.
 */
import type { Stream } from '../../rng';
import { fnv1a32 } from '../../rng';
import type { Machine } from '../../node/machine';
import type { IPv4Net } from '../ipv4';
import { formatIPv4, netContains, parseIPv4 } from '../ipv4';
import type { Netfilter } from '../netfilter/netfilter';
import type { EvalEnv } from '../netfilter/evaluate';
import type { IpvsTable } from '../ipvs';
import { ipsetsOf, ipvsOf, netfilterOf } from '../../node/nodeshell/dataplane';
import { ipsetTester } from '../ipvs/ipsetMatch';
import type { Tracker } from './tracker';
import { trackerOf } from './ctadapter';
import type { WirePacket } from './walk';

export interface FabricOptions {
  machines: () => Iterable<Machine>;
  lan: IPv4Net;
  gateway: string;
  stream: Stream;
}

/** The local port range a Linux kernel hands out (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_LOW = 32768;
export const EPHEMERAL_HIGH = 60999;

export class Fabric {
  readonly lan: IPv4Net;
  readonly gateway: number;
  private readonly stream: Stream;
  private byIP = new Map<number, Machine>();
  /** how many captures (tcpdump) are running anywhere: walks record crossings only then */
  captures = 0;
  /** a quiet copy (quiet.ts) only looks: its DNS servers are asked without answering for real */
  readonly quiet: boolean = false;
  private indexed: Machine[] = [];

  constructor(private readonly opts: FabricOptions) {
    this.lan = opts.lan;
    this.gateway = parseIPv4(opts.gateway)!;
    this.stream = opts.stream;
  }

  /** This fabric's options with a copy of its random stream, for a quiet copy that must not draw from it. */
  forkOptions(): FabricOptions {
    return { ...this.opts, stream: this.stream.clone() };
  }

  /** Machines by their eth0 address, rebuilt when the set of machines changes. */
  private index(): Map<number, Machine> {
    const all = [...this.opts.machines()];
    if (all.length !== this.indexed.length || all.some((m, i) => m !== this.indexed[i])) {
      this.byIP = new Map(all.map((m) => [parseIPv4(m.ip)!, m]));
      this.indexed = all;
    }
    return this.byIP;
  }

  get capturing(): boolean {
    return this.captures > 0;
  }

  /** Who answers ARP for `ip` on the node network: a running machine, the router, or nobody. */
  onLan(ip: number): Machine | 'router' | undefined {
    if (ip === this.gateway) return 'router';
    if (!netContains(this.lan, ip)) return undefined;
    let m = this.index().get(ip);
    // An address no machine holds may still be answered for (a LoadBalancer IP MetalLB's speaker announces).
    if (!m) {
      const text = formatIPv4(ip);
      for (const x of this.opts.machines()) if (x.answersArpFor(text)) m = x;
    }
    if (!m || !m.poweredOn || m.isolated) return undefined;
    return m;
  }

  netfilterOf(m: Machine): Netfilter {
    return netfilterOf(m);
  }

  ipvsOf(m: Machine): IpvsTable | undefined {
    return ipvsOf(m);
  }

  /** `-m set` tests against the machine's ipsets (kube-proxy's IPVS mode fills them). */
  ipsetTest(m: Machine): EvalEnv['ipsetTest'] {
    const sets = ipsetsOf(m);
    return sets ? ipsetTester(sets) : undefined;
  }

  trackerOf(m: Machine): Tracker {
    return trackerOf(m);
  }

  /** 32 random bits, for the statistic match. */
  random(): number {
    return this.stream.next32();
  }

  /** A source port as the kernel picks one for a new socket. */
  ephemeralPort(): number {
    return EPHEMERAL_LOW + this.stream.intn(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
  }

  /** The port MASQUERADE --random-fully gives a connection. */
  natPort(): number {
    return 1024 + this.stream.intn(65536 - 1024);
  }

  /** VXLAN's outer source port: a hash of the inner flow spread over the local port range. */
  vxlanSourcePort(inner: WirePacket): number {
    const h = fnv1a32(`${inner.proto} ${inner.src}:${inner.sport} ${inner.dst}:${inner.dport}`);
    return EPHEMERAL_LOW + (h % (EPHEMERAL_HIGH - EPHEMERAL_LOW + 1));
  }
}
