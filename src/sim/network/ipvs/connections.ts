/**
 * IPVS connection entries and persistence templates (net/netfilter/ipvs/ip_vs_conn.c,
 * ip_vs_proto_tcp.c, ip_vs_proto_udp.c).
 *
 * - A new connection is bound to its destination as *inactive* (every destination carries the
 *   INACTIVE connection flag); TCP then follows the kernel's state table, and the connection counts
 *   in ActiveConn while in SYN_RECV, SYN_SENT, SYNACK or ESTABLISHED, in InActConn otherwise. So a
 *   TCP connection is active from its first SYN, and one that closed cleanly sits in TIME_WAIT as
 *   inactive for two minutes. UDP entries stay inactive until they expire.
 * - Each state has a timeout; an entry expires that long after its last packet (or state change).
 * - A persistence template <protocol, client network, 0, VIP, port> remembers the destination for
 *   the service's persistence timeout after it was last used; it cannot expire while connections
 *   it controls are alive (the kernel re-arms it for 60 s, and keeps using 60 s from then on).
 */
import type { Protocol } from './addr';
import type { IpvsDest, IpvsService } from './types';

export type TcpState =
  | 'NONE'
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'SYNACK';

/** Default TCP state timeouts in seconds (tcp_timeouts[] in ip_vs_proto_tcp.c). */
export const TCP_TIMEOUTS_S: Record<TcpState, number> = {
  NONE: 2,
  ESTABLISHED: 15 * 60,
  SYN_SENT: 2 * 60,
  SYN_RECV: 60,
  FIN_WAIT: 2 * 60,
  TIME_WAIT: 2 * 60,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 2 * 60,
  SYNACK: 120,
};

/** The UDP entry timeout in seconds (udp_timeouts[IP_VS_UDP_S_NORMAL]). */
export const UDP_TIMEOUT_S = 5 * 60;

/** A template whose timer fires while it still controls connections is re-armed for this long. */
export const TEMPLATE_RECHECK_MS = 60_000;

export interface IpvsTemplate {
  readonly service: IpvsService;
  /** client address masked by the service's persistence netmask */
  readonly clientNet: number;
  readonly dest: IpvsDest;
  expiresAt: number;
  /**
   * how long each use re-arms the timer: the service's persistence timeout, or 60 s once the timer
   * has fired while connections were still attached (the kernel re-arms with that from then on)
   */
  timeoutMs: number;
  /** connections created from this template that are still alive */
  controlled: number;
  /** set when the template can no longer be used (its destination was quiesced or removed) */
  invalid: boolean;
}

export interface IpvsConn {
  readonly id: number;
  readonly service: IpvsService;
  readonly protocol: Protocol;
  readonly caddr: number;
  readonly cport: number;
  readonly vaddr: number;
  readonly vport: number;
  readonly dest: IpvsDest;
  state: TcpState | 'UDP';
  inactive: boolean;
  expiresAt: number;
  readonly template: IpvsTemplate | null;
}

export function connKey(protocol: Protocol, caddr: number, cport: number, vaddr: number, vport: number): string {
  return `${protocol} ${caddr}:${cport} ${vaddr}:${vport}`;
}

export function templateKey(svc: IpvsService, clientNet: number): string {
  return `${svc.key} ${clientNet}`;
}

export function stateTimeoutMs(state: TcpState | 'UDP'): number {
  return (state === 'UDP' ? UDP_TIMEOUT_S : TCP_TIMEOUTS_S[state]) * 1000;
}

/** ip_vs_bind_dest's counter update for a new, inactive entry, with the upper threshold check. */
export function bindDest(dest: IpvsDest): void {
  dest.inactConns++;
  if (dest.uThreshold !== 0 && dest.activeConns + dest.inactConns >= dest.uThreshold) dest.overloaded = true;
}

/** ip_vs_unbind_dest: release the entry's count and clear the overload flag as the thresholds allow. */
export function unbindDest(conn: IpvsConn): void {
  const d = conn.dest;
  if (conn.inactive) d.inactConns--;
  else d.activeConns--;
  const total = d.activeConns + d.inactConns;
  if (d.lThreshold !== 0) {
    if (total < d.lThreshold) d.overloaded = false;
  } else if (d.uThreshold !== 0) {
    if (total * 4 < d.uThreshold * 3) d.overloaded = false;
  } else {
    d.overloaded = false;
  }
}

/** States that count as active connections (tcp_state_active_table). */
const TCP_ACTIVE: ReadonlySet<TcpState> = new Set<TcpState>(['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'SYNACK']);

/** The order of the state columns in the kernel's transition table. */
const STATE_ORDER: readonly TcpState[] = [
  'NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK',
];
const [NO, ES, SS, SR, FW, TW, CL, CW, LA, LI, SA] = STATE_ORDER as [TcpState, TcpState, TcpState, TcpState, TcpState, TcpState, TcpState, TcpState, TcpState, TcpState, TcpState];

/**
 * tcp_states[] (the normal, non-"secure_tcp" table): next state by direction and segment kind,
 * one entry per current state in STATE_ORDER. INPUT is client to virtual service, OUTPUT the reply.
 */
const TCP_STATES: Record<'in' | 'out', Record<'syn' | 'fin' | 'ack' | 'rst', readonly TcpState[]>> = {
  in: {
    syn: [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
    fin: [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
    ack: [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
    rst: [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],
  },
  out: {
    syn: [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
    fin: [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
    ack: [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
    rst: [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
  },
};

export interface TcpFlags {
  syn?: boolean;
  fin?: boolean;
  ack?: boolean;
  rst?: boolean;
}

/** tcp_state_idx: RST first, then SYN, FIN, ACK; a segment with none of them leaves the state alone. */
function segmentKind(f: TcpFlags): 'syn' | 'fin' | 'ack' | 'rst' | null {
  if (f.rst) return 'rst';
  if (f.syn) return 'syn';
  if (f.fin) return 'fin';
  if (f.ack) return 'ack';
  return null;
}

/** set_tcp_state: the next state for a segment, with the active/inactive counter moves. */
export function tcpTransition(conn: IpvsConn, dir: 'in' | 'out', flags: TcpFlags): void {
  if (conn.state === 'UDP') return;
  const kind = segmentKind(flags);
  const next = kind === null ? 'CLOSE' : TCP_STATES[dir][kind][STATE_ORDER.indexOf(conn.state)]!;
  if (next !== conn.state) {
    const d = conn.dest;
    if (!conn.inactive && !TCP_ACTIVE.has(next)) {
      d.activeConns--;
      d.inactConns++;
      conn.inactive = true;
    } else if (conn.inactive && TCP_ACTIVE.has(next)) {
      d.activeConns++;
      d.inactConns--;
      conn.inactive = false;
    }
  }
  conn.state = next;
}
