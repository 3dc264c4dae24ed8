/**
 * The packet path's connection tracking on a machine's real conntrack table (the one `conntrack -L`
 * lists): tuples as numbers in, entries out, TCP flags in tcpdump's notation.
 */
import type { Machine } from '../../node/machine';
import { conntrackOf } from '../conntrack/slot';
import type { Conntrack } from '../conntrack/table';
import type { CtEntry, CtTuple, TcpFlags } from '../conntrack/types';
import { isIcmpTuple } from '../conntrack/types';
import { formatIPv4, parseIPv4 } from '../ipv4';
import type { TrackedConn, Tracker, Tuple } from './tracker';

interface Conn extends TrackedConn {
  entry: CtEntry;
}

const ECHO_REQUEST = 8;
const ECHO_REPLY = 0;

function ctTuple(t: Tuple): CtTuple {
  if (t.proto === 'icmp') return { src: formatIPv4(t.src), dst: formatIPv4(t.dst), type: t.icmp === 'echo-reply' ? ECHO_REPLY : ECHO_REQUEST, code: 0, id: t.sport };
  return { src: formatIPv4(t.src), dst: formatIPv4(t.dst), sport: t.sport, dport: t.dport };
}

function fromCt(proto: Tuple['proto'], t: CtTuple): Tuple {
  if (isIcmpTuple(t)) return { proto, src: parseIPv4(t.src)!, dst: parseIPv4(t.dst)!, sport: t.id, dport: t.id, icmp: t.type === ECHO_REPLY ? 'echo-reply' : 'echo-request' };
  return { proto, src: parseIPv4(t.src)!, dst: parseIPv4(t.dst)!, sport: t.sport, dport: t.dport };
}

/** tcpdump's flag letters as the TCP header bits. */
export function tcpFlags(s: string | undefined): TcpFlags {
  const f: TcpFlags = {};
  if (!s) return { ack: true };
  if (s.includes('S')) f.syn = true;
  if (s.includes('F')) f.fin = true;
  if (s.includes('R')) f.rst = true;
  if (s.includes('.')) f.ack = true;
  return f;
}

function wrap(entry: CtEntry): Conn {
  const orig = fromCt(entry.proto, entry.original);
  const reply = fromCt(entry.proto, entry.reply);
  const dnat = reply.src !== orig.dst || reply.sport !== orig.dport;
  const snat = reply.dst !== orig.src || reply.dport !== orig.sport;
  return { entry, orig, reply, dnat, snat };
}

class ConntrackTracker implements Tracker {
  constructor(private readonly table: Conntrack) {}

  find(t: Tuple, nowMs: number): { conn: TrackedConn; dir: 'orig' | 'reply' } | undefined {
    const hit = this.table.lookup(t.proto, ctTuple(t), nowMs);
    return hit && { conn: wrap(hit.entry), dir: hit.dir === 'original' ? 'orig' : 'reply' };
  }

  confirm(orig: Tuple, reply: Tuple, nowMs: number, flags: { dnat: boolean; snat: boolean }, tcp?: string): TrackedConn | undefined {
    const nat = {
      ...(flags.dnat ? { dnat: { ip: formatIPv4(reply.src), port: reply.sport } } : {}),
      ...(flags.snat ? { snat: { ip: formatIPv4(reply.dst), port: reply.dport } } : {}),
    };
    const r = this.table.create(orig.proto, ctTuple(orig), nat, nowMs, orig.proto === 'tcp' ? { tcp: tcpFlags(tcp) } : {});
    return r.kind === 'created' ? wrap(r.entry) : undefined;
  }

  seen(conn: TrackedConn, dir: 'orig' | 'reply', nowMs: number, tcp?: string): void {
    const c = conn as Conn;
    if (this.table.lookup(c.entry.proto, c.entry.original, nowMs)?.entry !== c.entry) return;
    this.table.packet(c.entry, dir === 'orig' ? 'original' : 'reply', nowMs, c.entry.proto === 'tcp' ? tcpFlags(tcp) : undefined);
  }
}

export function trackerOf(m: Machine): Tracker {
  return trackerOn(conntrackOf(m));
}

/** The packet path's tracking on a given table (a quiet trace's copy of a machine's). */
export function trackerOn(table: Conntrack): Tracker {
  return new ConntrackTracker(table);
}
