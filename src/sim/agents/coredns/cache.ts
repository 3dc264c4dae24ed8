/**
 * CoreDNS's cache plugin as `cache 30` configures it (coredns plugin/cache): positive and negative
 * answers are kept for their smallest TTL, clamped to [5 s, 30 s]; a SERVFAIL the chain *wrote*
 * (not one returned by forward) for 5 s. The first reply already carries the clamped TTL on every
 * record; a reply from the cache carries what is left (whole seconds, rounded down), is always
 * authoritative, and stops being served when that reaches 0.
 *
 * Entries are keyed on the lowercased name, the type and the DO bit. Truncated replies and other
 * errors (REFUSED, FORMERR…) are not kept.
 */
import type { DnsMessage, QType, ResourceRecord } from '../../network/dns/message';
import { replyTo } from '../../network/dns/message';

const MIN_TTL_S = 5;
const DEFAULT_MAX_TTL_S = 3600;
const FAIL_TTL_S = 5;

type ResponseType = 'NoError' | 'NameError' | 'NoData' | 'ServerError' | 'Delegation' | 'OtherError';

/** plugin/pkg/response Typify, for what a kubernetes/forward reply can be. */
function typify(m: DnsMessage): ResponseType {
  if (m.answer.length > 0 && m.rcode === 'NOERROR') return 'NoError';
  const soa = m.authority.some((r) => r.type === 'SOA');
  const ns = m.authority.filter((r) => r.type === 'NS').length;
  if (soa && m.rcode === 'NOERROR') return 'NoData';
  if (soa && m.rcode === 'NXDOMAIN') return 'NameError';
  if (m.rcode === 'SERVFAIL' || m.rcode === 'NOTIMP') return 'ServerError';
  if (ns > 0 && m.rcode === 'NOERROR') return 'Delegation';
  if (m.rcode === 'NOERROR') return 'NoError';
  return 'OtherError';
}

/** dnsutil.MinimalTTL: the smallest TTL in the reply, or 5 s for a reply with no records. */
function minimalTtl(m: DnsMessage, t: ResponseType): number {
  if (t !== 'NoError' && t !== 'NameError' && t !== 'NoData') return MIN_TTL_S;
  const records = [...m.answer, ...m.authority, ...m.additional];
  if (records.length === 0) return MIN_TTL_S;
  return Math.min(DEFAULT_MAX_TTL_S, ...records.map((r) => r.ttl));
}

interface Item {
  rcode: DnsMessage['rcode'];
  recursionAvailable: boolean;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  origTtlS: number;
  storedMs: number;
}

const withTtl = (rrs: ResourceRecord[], ttl: number): ResourceRecord[] => rrs.map((r) => ({ ...r, ttl }));

export interface CacheConfig {
  /** `cache 30`: the most seconds a positive or negative answer is kept. */
  successMaxS: number;
  denialMaxS: number;
}

export const KUBEADM_CACHE: CacheConfig = { successMaxS: 30, denialMaxS: 30 };

export class ResponseCache {
  private readonly positive = new Map<string, Item>();
  private readonly negative = new Map<string, Item>();

  constructor(private readonly config: CacheConfig = KUBEADM_CACHE) {}

  private static key(name: string, type: QType, dnssecOk: boolean): string {
    return `${dnssecOk ? 1 : 0} ${type} ${name.toLowerCase()}`;
  }

  /** A reply from the cache for `query` at `nowMs`, or undefined on a miss. */
  get(query: DnsMessage, nowMs: number): DnsMessage | undefined {
    const k = ResponseCache.key(query.question.name, query.question.type, query.edns?.do ?? false);
    for (const store of [this.negative, this.positive]) {
      const item = store.get(k);
      if (!item) continue;
      const ttl = item.origTtlS - Math.trunc((nowMs - item.storedMs) / 1000);
      if (ttl <= 0) continue;
      const reply = replyTo(query, item.rcode);
      reply.authoritative = true;
      reply.recursionAvailable = item.recursionAvailable;
      reply.answer = withTtl(item.answer, ttl);
      reply.authority = withTtl(item.authority, ttl);
      reply.additional = withTtl(item.additional, ttl);
      return reply;
    }
    return undefined;
  }

  /**
   * Stores a reply written by the plugins behind the cache, and returns it as the client gets it:
   * every record's TTL set to how long it will be kept.
   */
  put(query: DnsMessage, reply: DnsMessage, nowMs: number): DnsMessage {
    const t = typify(reply);
    const msgTtl = minimalTtl(reply, t);
    let duration: number;
    if (t === 'NameError' || t === 'NoData') duration = clamp(msgTtl, MIN_TTL_S, this.config.denialMaxS);
    else if (t === 'ServerError') duration = FAIL_TTL_S;
    else duration = clamp(msgTtl, MIN_TTL_S, this.config.successMaxS);

    const k = ResponseCache.key(query.question.name, query.question.type, query.edns?.do ?? false);
    const cacheable = !reply.truncated && t !== 'OtherError';
    if (cacheable && duration > 0) {
      const item: Item = {
        rcode: reply.rcode,
        recursionAvailable: reply.recursionAvailable,
        answer: reply.answer,
        authority: reply.authority,
        additional: reply.additional,
        origTtlS: duration,
        storedMs: nowMs,
      };
      if (t === 'NoError' || t === 'Delegation') this.positive.set(k, item);
      else this.negative.set(k, item);
    }
    return { ...reply, answer: withTtl(reply.answer, duration), authority: withTtl(reply.authority, duration), additional: withTtl(reply.additional, duration) };
  }

  /** Everything goes when the CoreDNS process restarts. */
  clear(): void {
    this.positive.clear();
    this.negative.clear();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
