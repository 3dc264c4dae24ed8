/**
 * The kernel's IPVS objects, as `include/net/ip_vs.h` shapes them: a virtual service (protocol,
 * VIP:port, scheduler, flags, persistence) owning a list of destinations (real servers). Only the
 * parts a learner can observe or that change a scheduling decision are modelled.
 */
import { IPPROTO, parseIpv4, type Protocol } from './addr';
import { newStats, type IpvsStats } from './stats';

export type { Protocol };

/** Forwarding method, named as `ipvsadm` prints it. kube-proxy always uses Masq (NAT). */
export type ForwardMethod = 'Masq' | 'Local' | 'Tunnel' | 'Route';

/** Service flags (IP_VS_SVC_F_*). */
export const SVC_F = {
  PERSISTENT: 0x0001,
  HASHED: 0x0002,
  ONEPACKET: 0x0004,
  SCHED1: 0x0008,
  SCHED2: 0x0010,
  SCHED3: 0x0020,
} as const;

/** The schedulers this model implements, by the names the kernel registers them under. */
export const SCHEDULER_NAMES = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'dh', 'sh', 'mh', 'lblc', 'lblcr'] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

export function isSchedulerName(s: string): s is SchedulerName {
  return (SCHEDULER_NAMES as readonly string[]).includes(s);
}

/** A real server. Counters are the kernel's: connections are counted inactive until TCP reaches ESTABLISHED. */
export class IpvsDest {
  readonly address: string;
  /** the address as an unsigned 32-bit number */
  readonly addr: number;
  readonly port: number;
  weight: number;
  /** the latest non-zero weight (mh keeps a quiesced server's table slots with it) */
  lastWeight: number;
  forward: ForwardMethod;
  activeConns = 0;
  inactConns = 0;
  persistConns = 0;
  /** connection thresholds (0 = none); kube-proxy never sets them */
  uThreshold = 0;
  lThreshold = 0;
  overloaded = false;
  /** false once deleted from its service: connections still pointing here are dropped */
  available = true;
  readonly stats: IpvsStats = newStats();

  constructor(address: string, port: number, weight: number, forward: ForwardMethod) {
    this.address = address;
    this.addr = parseIpv4(address);
    this.port = port;
    this.weight = weight;
    this.lastWeight = weight;
    this.forward = forward;
  }

  get key(): string {
    return `${this.address}:${this.port}`;
  }
}

/** What a virtual service is created or edited with (ipvsadm -A/-E, or kube-proxy's netlink calls). */
export interface ServiceSpec {
  protocol: Protocol;
  address: string;
  port: number;
  scheduler: SchedulerName;
  /** SVC_F bits; PERSISTENT turns on persistence with `timeout` */
  flags?: number;
  /** persistence timeout in seconds (only with SVC_F.PERSISTENT) */
  timeout?: number;
  /** persistence netmask as an unsigned 32-bit number; 0xffffffff for per-client persistence */
  netmask?: number;
}

export interface DestSpec {
  address: string;
  port: number;
  weight: number;
  forward?: ForwardMethod;
  uThreshold?: number;
  lThreshold?: number;
}

export class IpvsService {
  readonly protocol: Protocol;
  readonly address: string;
  readonly addr: number;
  readonly port: number;
  scheduler: SchedulerName;
  flags: number;
  timeout: number;
  netmask: number;
  /** destinations in the kernel's list order: the most recently added first (list_add at the head) */
  dests: IpvsDest[] = [];
  readonly stats: IpvsStats = newStats();

  constructor(spec: ServiceSpec) {
    this.protocol = spec.protocol;
    this.address = spec.address;
    this.addr = parseIpv4(spec.address);
    this.port = spec.port;
    this.scheduler = spec.scheduler;
    this.flags = spec.flags ?? 0;
    this.timeout = spec.timeout ?? 0;
    this.netmask = spec.netmask ?? 0xffffffff;
  }

  get protocolNumber(): number {
    return IPPROTO[this.protocol];
  }

  get persistent(): boolean {
    return (this.flags & SVC_F.PERSISTENT) !== 0;
  }

  get key(): string {
    return serviceKey(this.protocol, this.address, this.port);
  }

  findDest(address: string, port: number): IpvsDest | undefined {
    return this.dests.find((d) => d.address === address && d.port === port);
  }
}

export function serviceKey(protocol: Protocol, address: string, port: number): string {
  return `${protocol} ${address}:${port}`;
}

/** The fields of the first packet a scheduler may look at. Addresses are unsigned 32-bit numbers. */
export interface PacketInfo {
  saddr: number;
  sport: number;
  daddr: number;
  dport: number;
}

/** total connections, used by the overload thresholds */
export function totalConns(d: IpvsDest): number {
  return d.activeConns + d.inactConns;
}

/** ip_vs_dest_conn_overhead: active connections weigh 256 times an inactive one. */
export function connOverhead(d: IpvsDest): number {
  return d.activeConns * 256 + d.inactConns;
}
