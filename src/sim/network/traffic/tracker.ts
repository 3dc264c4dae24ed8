/**
 * The packet path's view of connection tracking in a namespace: find the connection a packet
 * belongs to (in either direction), start one for a NEW packet, record the NAT the hooks chose, and
 * translate later packets the way nf_nat does — the original direction towards the reply tuple's
 * addresses, the reply direction back to the original ones.
 */
export interface Tuple {
  proto: 'tcp' | 'udp' | 'icmp';
  src: number;
  dst: number;
  /** ports; for ICMP the echo id in both */
  sport: number;
  dport: number;
  /** ICMP: which half of an echo */
  icmp?: 'echo-request' | 'echo-reply';
}

export interface TrackedConn {
  orig: Tuple;
  reply: Tuple;
  /** the connection was DNATed / SNATed (ctstate DNAT, SNAT) */
  dnat: boolean;
  snat: boolean;
}

export interface Tracker {
  find(t: Tuple, nowMs: number): { conn: TrackedConn; dir: 'orig' | 'reply' } | undefined;
  /**
   * A NEW packet's connection, confirmed once it leaves the last hook; `reply` is after NAT. Undefined
   * when the table refuses it (full, a clash, a segment that cannot open a connection).
   */
  confirm(orig: Tuple, reply: Tuple, nowMs: number, flags: { dnat: boolean; snat: boolean }, tcpFlags?: string): TrackedConn | undefined;
  /** A packet of `conn` went by in `dir` (state and timeouts move on); `tcpFlags` in tcpdump's letters. */
  seen(conn: TrackedConn, dir: 'orig' | 'reply', nowMs: number, tcpFlags?: string): void;
}

export function invert(t: Tuple): Tuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport, ...(t.icmp ? { icmp: t.icmp === 'echo-request' ? 'echo-reply' : 'echo-request' } : {}) };
}
