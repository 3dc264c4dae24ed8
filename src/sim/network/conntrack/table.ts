/**
 * A machine's connection tracking table (nf_conntrack), evaluated lazily against virtual time: an
 * entry is gone once `nowMs` reaches its expiry (nf_ct_is_expired), whoever looks first — a lookup,
 * a listing, a count — and no timer ever runs.
 *
 * The packet path calls `lookup` for every packet; for a packet of no connection it lets the nat
 * table decide and calls `create` with the outcome (the reply tuple is the original one inverted,
 * with a DNAT's target as the reply's source and an SNAT's as its destination); then `packet` for
 * each later packet of either direction, which moves the TCP state machine, sets [ASSURED] and
 * refreshes the timeout as the protocol handlers do.
 */
import type { ConntrackSysctlName, ConntrackSysctls } from './sysctls';
import { KERNEL_CONNTRACK_SYSCTLS } from './sysctls';
import { bucketOf, tupleHash, tupleKey } from './hash';
import { segmentKind, tcpNext } from './tcp';
import type { CtDirection, CtEntry, CtLookup, CtProto, CtTuple, IcmpTuple, NatOutcome, TcpFlags, TcpState } from './types';
import { isIcmpTuple } from './types';

/** ICMP queries that may start a connection, and the type their answer has (invert_tuple's map). */
const ICMP_REPLY_TYPE: ReadonlyMap<number, number> = new Map([
  [8, 0], // echo
  [13, 14], // timestamp
  [15, 16], // information
  [17, 18], // address mask
]);

/** A UDP flow that still talks this long after its first packet is a stream (stream_ts). */
export const UDP_STREAM_AFTER_MS = 2000;

/** Hash table buckets: the kernel's default on the nodes (kube-proxy only resizes when it is smaller than max/4). */
export const HTABLE_SIZE = 262144;

export type CreateResult =
  | { kind: 'created'; entry: CtEntry }
  /** the packet cannot start a connection (a TCP segment that is not a SYN or a loose ACK, an ICMP reply) */
  | { kind: 'invalid' }
  /** the original or reply tuple is already tracked (the NAT layer must pick another port) */
  | { kind: 'clash'; with: CtEntry }
  /** nf_conntrack_max reached: the kernel drops the packet ("nf_conntrack: table full, dropping packet") */
  | { kind: 'full' };

export type PacketVerdict =
  /** tracked; the entry was refreshed */
  | 'accepted'
  /** the state machine calls it INVALID: not refreshed (kube-proxy's FORWARD rule drops such packets) */
  | 'invalid'
  /** the kernel ignores it (a late SYN/ACK, an ACK to a half-open connection): no state change */
  | 'ignored'
  /** a RST before any reply: the entry was removed at once */
  | 'killed'
  /** a SYN on a closed TIME_WAIT/CLOSE entry: the old entry was removed, the packet starts a new one */
  | 'reopened';

export interface ConntrackOptions {
  /** the per-boot hash seed */
  seed: number;
  sysctls?: Partial<ConntrackSysctls>;
}

/** Filters kube-proxy and `conntrack -D`/`-L` select entries with; every given field must match. */
export interface CtFilter {
  proto?: CtProto;
  origSrc?: string;
  origDst?: string;
  replySrc?: string;
  replyDst?: string;
  origSport?: number;
  origDport?: number;
  replySport?: number;
  replyDport?: number;
}

function tupleFieldsMatch(t: CtTuple, src?: string, dst?: string, sport?: number, dport?: number): boolean {
  if (src !== undefined && t.src !== src) return false;
  if (dst !== undefined && t.dst !== dst) return false;
  if (isIcmpTuple(t)) return sport === undefined && dport === undefined;
  if (sport !== undefined && t.sport !== sport) return false;
  if (dport !== undefined && t.dport !== dport) return false;
  return true;
}

export function entryMatches(e: CtEntry, f: CtFilter): boolean {
  if (f.proto !== undefined && e.proto !== f.proto) return false;
  return tupleFieldsMatch(e.original, f.origSrc, f.origDst, f.origSport, f.origDport) && tupleFieldsMatch(e.reply, f.replySrc, f.replyDst, f.replySport, f.replyDport);
}

export class Conntrack {
  readonly kind = 'conntrack' as const;
  private readonly seed: number;
  private readonly sysctls: ConntrackSysctls;
  private readonly byTuple = new Map<string, CtLookup>();
  private readonly entries = new Set<CtEntry>();
  private nextSeq = 1;

  constructor(o: ConntrackOptions) {
    this.seed = o.seed >>> 0;
    this.sysctls = { ...KERNEL_CONNTRACK_SYSCTLS, ...o.sysctls };
  }

  // ------------------------------------------------------------------ sysctls

  sysctl(name: ConntrackSysctlName): number {
    return this.sysctls[name];
  }

  /** A write to /proc/sys/net/netfilter/NAME: it applies from the next refresh of each entry on. */
  setSysctl(name: ConntrackSysctlName, value: number): void {
    this.sysctls[name] = value;
  }

  // ------------------------------------------------------------------ lookups

  /** The live entry either of whose tuples is `t` (nf_conntrack_find), with the direction it matched. */
  lookup(proto: CtProto, t: CtTuple, nowMs: number): CtLookup | undefined {
    const hit = this.byTuple.get(tupleKey(proto, t));
    if (!hit) return undefined;
    if (this.expireIfDue(hit.entry, nowMs)) return undefined;
    return hit;
  }

  /** Whether a tuple is in use in either direction (NAT port selection avoids these). */
  tupleTaken(proto: CtProto, t: CtTuple, nowMs: number): boolean {
    return this.lookup(proto, t, nowMs) !== undefined;
  }

  /** Live entries in the order a dump returns them: by hash bucket, newest first within a bucket. */
  list(nowMs: number, filter: CtFilter = {}): CtEntry[] {
    this.sweep(nowMs);
    const out = [...this.entries].filter((e) => entryMatches(e, filter));
    return out.sort((a, b) => bucketOf(a.hash, HTABLE_SIZE) - bucketOf(b.hash, HTABLE_SIZE) || b.seq - a.seq);
  }

  /** nf_conntrack_count. */
  count(nowMs: number): number {
    this.sweep(nowMs);
    return this.entries.size;
  }

  /** Seconds left as ctnetlink reports them (CTA_TIMEOUT): whole seconds, rounded down. */
  remainingSeconds(e: CtEntry, nowMs: number): number {
    return Math.max(0, Math.floor((e.expiresMs - nowMs) / 1000));
  }

  // ------------------------------------------------------------------ changes

  /**
   * The first packet of a connection, after the nat table decided (`nat`): an unconfirmed entry is
   * made and confirmed as the packet leaves. TCP must open with a SYN, or with an ACK that the
   * kernel picks up mid-stream (nf_conntrack_tcp_loose); ICMP with a query (echo, timestamp…).
   */
  create(proto: CtProto, original: CtTuple, nat: NatOutcome, nowMs: number, o: { tcp?: TcpFlags; mark?: number } = {}): CreateResult {
    let reply: CtTuple;
    if (proto === 'icmp') {
      if (!isIcmpTuple(original)) throw new Error('conntrack: an ICMP entry needs an ICMP tuple');
      const rtype = ICMP_REPLY_TYPE.get(original.type);
      if (rtype === undefined) return { kind: 'invalid' };
      reply = { src: nat.dnat?.ip ?? original.dst, dst: nat.snat?.ip ?? original.src, type: rtype, code: original.code, id: original.id } satisfies IcmpTuple;
    } else {
      if (isIcmpTuple(original)) throw new Error(`conntrack: a ${proto} entry needs ports`);
      reply = {
        src: nat.dnat?.ip ?? original.dst,
        dst: nat.snat?.ip ?? original.src,
        sport: nat.dnat?.port ?? original.dport,
        dport: nat.snat?.port ?? original.sport,
      };
    }
    let tcpState: TcpState | undefined;
    if (proto === 'tcp') {
      const next = tcpNext('original', segmentKind(o.tcp ?? { syn: true }), 'NONE');
      if (next === 'INVALID' || next === 'IGNORE') return { kind: 'invalid' };
      if (next === 'ESTABLISHED' && !this.sysctls.nf_conntrack_tcp_loose) return { kind: 'invalid' };
      tcpState = next;
    }
    for (const t of [original, reply]) {
      const taken = this.lookup(proto, t, nowMs);
      if (taken) return { kind: 'clash', with: taken.entry };
    }
    if (this.count(nowMs) >= this.sysctls.nf_conntrack_max) return { kind: 'full' };
    const entry: CtEntry = {
      seq: this.nextSeq++,
      proto,
      original,
      reply,
      ...(tcpState ? { tcpState } : {}),
      seenReply: false,
      assured: false,
      mark: o.mark ?? 0,
      use: 1,
      createdMs: nowMs,
      expiresMs: nowMs,
      ...(proto === 'udp' ? { udpStreamMs: nowMs + UDP_STREAM_AFTER_MS } : {}),
      hash: tupleHash(this.seed, proto, original),
    };
    entry.expiresMs = nowMs + this.timeoutFor(entry, false) * 1000;
    this.entries.add(entry);
    this.byTuple.set(tupleKey(proto, original), { entry, dir: 'original' });
    this.byTuple.set(tupleKey(proto, reply), { entry, dir: 'reply' });
    return { kind: 'created', entry };
  }

  /**
   * A later packet of a tracked connection in direction `dir` (`tcp` its flags): the protocol
   * handler's state change and refresh, then IPS_SEEN_REPLY for a reply — set after the handler
   * ran, as nf_conntrack_in does, which is why the first reply never makes an entry ASSURED.
   */
  packet(entry: CtEntry, dir: CtDirection, nowMs: number, tcp?: TcpFlags): PacketVerdict {
    if (!this.entries.has(entry) || this.expireIfDue(entry, nowMs)) throw new Error('conntrack: packet for an entry that is gone');
    const verdict = entry.proto === 'tcp' ? this.tcpPacket(entry, dir, nowMs, tcp ?? { ack: true }) : this.datagram(entry, nowMs);
    if (verdict === 'accepted' && dir === 'reply') entry.seenReply = true;
    return verdict;
  }

  private tcpPacket(e: CtEntry, dir: CtDirection, nowMs: number, flags: TcpFlags): PacketVerdict {
    const old = e.tcpState!;
    const kind = segmentKind(flags);
    const next = tcpNext(dir, kind, old);
    if (next === 'INVALID') return 'invalid';
    if (next === 'IGNORE') return 'ignored';
    if (next === 'SYN_SENT' && (old === 'TIME_WAIT' || old === 'CLOSE')) {
      // Reopening a closed connection: the kernel kills the entry and looks the packet up again.
      this.remove(e);
      return 'reopened';
    }
    if (!e.seenReply && kind === 'rst') {
      // Only a RST came back: no connection was ever established, the entry goes at once.
      this.remove(e);
      return 'killed';
    }
    if (e.seenReply && !e.assured && (old === 'SYN_RECV' || old === 'ESTABLISHED') && next === 'ESTABLISHED') e.assured = true;
    e.tcpState = next;
    e.expiresMs = nowMs + (kind === 'rst' ? this.sysctls.nf_conntrack_tcp_timeout_close : this.tcpTimeout(next)) * 1000;
    return 'accepted';
  }

  private datagram(e: CtEntry, nowMs: number): PacketVerdict {
    if (e.proto === 'udp' && e.seenReply && nowMs > e.udpStreamMs!) {
      e.assured = true;
      e.expiresMs = nowMs + this.sysctls.nf_conntrack_udp_timeout_stream * 1000;
      return 'accepted';
    }
    e.expiresMs = nowMs + this.timeoutFor(e, false) * 1000;
    return 'accepted';
  }

  private tcpTimeout(s: TcpState): number {
    const key = s === 'SYN_SENT2' ? 'syn_sent' : s.toLowerCase();
    return s === 'NONE' ? this.sysctls.nf_conntrack_tcp_timeout_close : this.sysctls[`nf_conntrack_tcp_timeout_${key}` as ConntrackSysctlName];
  }

  private timeoutFor(e: CtEntry, stream: boolean): number {
    if (e.proto === 'tcp') return this.tcpTimeout(e.tcpState!);
    if (e.proto === 'udp') return stream ? this.sysctls.nf_conntrack_udp_timeout_stream : this.sysctls.nf_conntrack_udp_timeout;
    return this.sysctls.nf_conntrack_icmp_timeout;
  }

  /** Removes one entry (conntrack -D, kube-proxy's cleanup); false if it was already gone. */
  delete(entry: CtEntry, nowMs: number): boolean {
    if (!this.entries.has(entry)) return false;
    if (this.expireIfDue(entry, nowMs)) return false;
    this.remove(entry);
    return true;
  }

  /** Removes every live entry matching `filter`; returns them in dump order. */
  deleteMatching(filter: CtFilter, nowMs: number): CtEntry[] {
    const gone = this.list(nowMs, filter);
    for (const e of gone) this.remove(e);
    return gone;
  }

  private remove(e: CtEntry): void {
    this.entries.delete(e);
    this.byTuple.delete(tupleKey(e.proto, e.original));
    this.byTuple.delete(tupleKey(e.proto, e.reply));
  }

  private expireIfDue(e: CtEntry, nowMs: number): boolean {
    if (nowMs < e.expiresMs) return false;
    this.remove(e);
    return true;
  }

  private sweep(nowMs: number): void {
    for (const e of [...this.entries]) this.expireIfDue(e, nowMs);
  }
}
