/**
 * What nf_conntrack keeps per connection: the tuple of each direction, the protocol's state, the
 * status bits conntrack prints ([UNREPLIED] while no reply was seen, [ASSURED]), the connection mark,
 * the reference count and the absolute expiry in virtual ms.
 */

export type CtProto = 'tcp' | 'udp' | 'icmp';

/** IANA protocol numbers, the second column of `conntrack -L`. */
export const PROTO_NUMBER: Record<CtProto, number> = { tcp: 6, udp: 17, icmp: 1 };

/** The states of nf_conntrack_proto_tcp.c, in the kernel's order (SYN_SENT2 prints as its own name). */
export type TcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';

/** A TCP or UDP tuple: addresses dotted, ports as numbers. */
export interface PortTuple {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

/** An ICMP tuple: the message type and code, and the echo identifier. */
export interface IcmpTuple {
  readonly src: string;
  readonly dst: string;
  readonly type: number;
  readonly code: number;
  readonly id: number;
}

export type CtTuple = PortTuple | IcmpTuple;

export function isIcmpTuple(t: CtTuple): t is IcmpTuple {
  return 'type' in t;
}

export type CtDirection = 'original' | 'reply';

/** The address (and port) a NAT rule rewrote to. */
export interface NatTarget {
  ip: string;
  port?: number;
}

/** What the nat table decided for a connection's first packet. */
export interface NatOutcome {
  /** DNAT (kube-proxy's KUBE-SEP -j DNAT): the reply comes from here */
  dnat?: NatTarget;
  /** SNAT or MASQUERADE: the reply goes back to here */
  snat?: NatTarget;
}

export interface TcpFlags {
  syn?: boolean;
  ack?: boolean;
  fin?: boolean;
  rst?: boolean;
}

export interface CtEntry {
  /** creation order on this machine, newest highest */
  readonly seq: number;
  readonly proto: CtProto;
  readonly original: CtTuple;
  readonly reply: CtTuple;
  /** TCP only */
  tcpState?: TcpState;
  /** IPS_SEEN_REPLY: `[UNREPLIED]` is printed while it is false */
  seenReply: boolean;
  /** IPS_ASSURED */
  assured: boolean;
  mark: number;
  use: number;
  readonly createdMs: number;
  /** the entry is gone from this virtual instant on */
  expiresMs: number;
  /** UDP: when the flow has lived long enough to count as a stream (created + 2 s) */
  readonly udpStreamMs?: number;
  /** the hash of the original tuple, which fixes where the kernel lists it */
  readonly hash: number;
}

export interface CtLookup {
  entry: CtEntry;
  dir: CtDirection;
}
