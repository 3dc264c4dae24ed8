/**
 * The TCP state machine of nf_conntrack_proto_tcp.c (tcp_conntracks[dir][segment][state]): which
 * state a segment moves a connection to, or whether the kernel calls it invalid (sIV) or ignores it
 * (sIG). Sequence-window tracking is not modelled: every segment is taken as in window.
 */
import type { CtDirection, TcpFlags, TcpState } from './types';

export type SegmentKind = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';
export type TcpNext = TcpState | 'INVALID' | 'IGNORE';

/** get_conntrack_index: RST first, then SYN (with or without ACK), FIN, ACK. */
export function segmentKind(f: TcpFlags): SegmentKind {
  if (f.rst) return 'rst';
  if (f.syn) return f.ack ? 'synack' : 'syn';
  if (f.fin) return 'fin';
  if (f.ack) return 'ack';
  return 'none';
}

/** Column order of the kernel's table. */
const COLS: readonly TcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];

const sNO = 'NONE', sSS = 'SYN_SENT', sSR = 'SYN_RECV', sES = 'ESTABLISHED', sFW = 'FIN_WAIT', sCW = 'CLOSE_WAIT';
const sLA = 'LAST_ACK', sTW = 'TIME_WAIT', sCL = 'CLOSE', sS2 = 'SYN_SENT2', sIV = 'INVALID', sIG = 'IGNORE';
void sNO;

const TABLE: Record<CtDirection, Record<SegmentKind, readonly TcpNext[]>> = {
  original: {
    syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
  reply: {
    syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
};

export function tcpNext(dir: CtDirection, kind: SegmentKind, state: TcpState): TcpNext {
  return TABLE[dir][kind][COLS.indexOf(state)]!;
}
