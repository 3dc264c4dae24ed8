/**
 * Sizes of DNS messages as they travel (RFC 1035 §4): what dig prints as `MSG SIZE  rcvd`, what
 * tcpdump shows, and whether a UDP answer needs compressing or truncating.
 *
 * Compression follows miekg/dns, the library CoreDNS writes with: owner names and the names inside
 * CNAME, NS, PTR, SOA rdata may become 2-byte pointers to an earlier occurrence of the same suffix;
 * an SRV target is never compressed (RFC 2782) but, like every name, can be pointed at later.
 * Only offsets below 2^14 can be pointer targets.
 */
import type { DnsMessage, Edns, ResourceRecord } from './message';
import { labels } from './message';

const HEADER_BYTES = 12;
const MAX_POINTER_OFFSET = 1 << 14;

/** Bytes of the OPT pseudo-record: root name, type, class, ttl, rdlength, then the options. */
export function optLength(edns: Edns): number {
  return 11 + (edns.cookie ? 4 + edns.cookie.length / 2 : 0);
}

/** Tracks which name suffixes have been written, and where. */
class Names {
  private readonly seen: Map<string, number> | undefined;
  constructor(compress: boolean) {
    this.seen = compress ? new Map() : undefined;
  }

  /** Length of `name` written at `offset`; `pointable` says whether a pointer may replace a suffix. */
  length(name: string, offset: number, pointable: boolean): number {
    const parts = labels(name);
    let len = 0;
    for (let i = 0; i < parts.length; i++) {
      const suffix = parts.slice(i).join('.').toLowerCase();
      if (this.seen) {
        if (this.seen.has(suffix)) {
          if (pointable) return len + 2;
        } else if (offset + len < MAX_POINTER_OFFSET) {
          this.seen.set(suffix, offset + len);
        }
      }
      len += 1 + parts[i]!.length;
    }
    return len + 1;
  }
}

function rdataLength(rr: ResourceRecord, offset: number, names: Names): number {
  switch (rr.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return names.length(rr.target, offset, true);
    case 'SRV':
      return 6 + names.length(rr.target, offset + 6, false);
    case 'SOA': {
      const m = names.length(rr.mname, offset, true);
      return m + names.length(rr.rname, offset + m, true) + 20;
    }
    case 'TXT':
      return rr.text.reduce((n, s) => n + 1 + new TextEncoder().encode(s).length, 0);
  }
}

function recordLength(rr: ResourceRecord, offset: number, names: Names): number {
  const owner = names.length(rr.name, offset, true);
  return owner + 10 + rdataLength(rr, offset + owner + 10, names);
}

/** The message's length on the wire, compressed as miekg/dns would when `compress` is set. */
export function wireLength(msg: DnsMessage, compress: boolean): number {
  const names = new Names(compress);
  let len = HEADER_BYTES;
  len += names.length(msg.question.name, len, true) + 4;
  for (const rr of [...msg.answer, ...msg.authority, ...msg.additional]) len += recordLength(rr, len, names);
  if (msg.edns) len += optLength(msg.edns);
  return len;
}

/** A response as sent, with the size it has on the wire. */
export interface PackedResponse {
  message: DnsMessage;
  compressed: boolean;
  bytes: number;
}

/**
 * What CoreDNS's ScrubWriter does before a reply leaves: the reply must fit the client's buffer
 * (its EDNS size, at least 512; 512 without EDNS; 65535 over TCP). A reply that fits goes out
 * uncompressed; one that does not is compressed, and if it still does not fit, records are dropped
 * from the end (answer, then authority, then additional) and TC is set. Over UDP a reply larger
 * than 1480 bytes is compressed anyway to avoid fragmentation.
 */
export function scrub(reply: DnsMessage, query: DnsMessage, transport: 'udp' | 'tcp'): PackedResponse {
  const size = transport === 'tcp' ? 65535 : Math.max(512, query.edns?.udpSize ?? 512);
  const plain = wireLength(reply, false);
  if (plain <= size) {
    if (transport === 'udp' && plain > 1480) return { message: reply, compressed: true, bytes: wireLength(reply, true) };
    return { message: reply, compressed: false, bytes: plain };
  }
  const out: DnsMessage = { ...reply, answer: [], authority: [], additional: [] };
  const budget = size - (reply.edns ? optLength(reply.edns) : 0);
  const names = new Names(true);
  let len = HEADER_BYTES + names.length(reply.question.name, HEADER_BYTES, true) + 4;
  let full = false;
  for (const section of ['answer', 'authority', 'additional'] as const) {
    for (const rr of reply[section]) {
      if (full || len >= budget) {
        full = true;
        break;
      }
      const next = len + recordLength(rr, len, names);
      if (next > budget) {
        full = true;
        break;
      }
      out[section].push(rr);
      len = next;
    }
  }
  out.truncated = reply.truncated || out.answer.length < reply.answer.length || out.authority.length < reply.authority.length || out.additional.length < reply.additional.length;
  return { message: out, compressed: true, bytes: wireLength(out, true) };
}
