/**
 * The DNS message as the simulation carries it: a structured form of what travels on the wire
 * (RFC 1035 header, question, answer/authority/additional sections, the EDNS OPT pseudo-record).
 * Servers build these, clients render them (dig, nslookup) and `wire.ts` measures their real size.
 *
 * Names are kept as written, with their trailing dot (`web.default.svc.cluster.local.`); servers
 * compare them case-insensitively and answer with the case the client asked in, as CoreDNS does.
 */

/** The query types the simulated clients can ask for, with their wire codes (RFC 1035, 3596, 2782). */
export const QTYPE_CODES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  ANY: 255,
} as const;

export type QType = keyof typeof QTYPE_CODES;

/** Response codes by name; the numeric value is what the header carries. */
export const RCODES = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export type Rcode = keyof typeof RCODES;

interface RRBase {
  /** Owner name, fully qualified, as the answer spells it. */
  name: string;
  ttl: number;
}

export type ResourceRecord =
  | (RRBase & { type: 'A'; address: string })
  | (RRBase & { type: 'AAAA'; address: string })
  | (RRBase & { type: 'CNAME'; target: string })
  | (RRBase & { type: 'PTR'; target: string })
  | (RRBase & { type: 'NS'; target: string })
  | (RRBase & { type: 'SRV'; priority: number; weight: number; port: number; target: string })
  | (RRBase & {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    })
  | (RRBase & { type: 'TXT'; text: string[] });

export type RRType = ResourceRecord['type'];

export interface Question {
  name: string;
  type: QType;
}

/** The EDNS(0) OPT pseudo-record (RFC 6891). */
export interface Edns {
  udpSize: number;
  /** DNSSEC OK bit. */
  do: boolean;
  /** A COOKIE option (RFC 7873): client cookie, then server cookie if any, as lowercase hex. */
  cookie?: string;
}

export interface DnsMessage {
  id: number;
  /** QR: this is a response. */
  response: boolean;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  authenticatedData: boolean;
  checkingDisabled: boolean;
  rcode: Rcode;
  question: Question;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  /** The additional section without the OPT record, which is `edns`. */
  additional: ResourceRecord[];
  edns?: Edns;
}

/** A query as a client sends it. */
export function newQuery(id: number, question: Question, opts: { recursionDesired?: boolean; authenticatedData?: boolean; edns?: Edns } = {}): DnsMessage {
  return {
    id,
    response: false,
    authoritative: false,
    truncated: false,
    recursionDesired: opts.recursionDesired ?? true,
    recursionAvailable: false,
    authenticatedData: opts.authenticatedData ?? false,
    checkingDisabled: false,
    rcode: 'NOERROR',
    question,
    answer: [],
    authority: [],
    additional: [],
    ...(opts.edns ? { edns: opts.edns } : {}),
  };
}

/**
 * The reply skeleton miekg/dns's SetReply makes (which CoreDNS uses): same id, question, opcode,
 * RD and CD copied from the query; QR set; everything else clear.
 */
export function replyTo(query: DnsMessage, rcode: Rcode = 'NOERROR'): DnsMessage {
  return {
    id: query.id,
    response: true,
    authoritative: false,
    truncated: false,
    recursionDesired: query.recursionDesired,
    recursionAvailable: false,
    authenticatedData: false,
    checkingDisabled: query.checkingDisabled,
    rcode,
    question: { ...query.question },
    answer: [],
    authority: [],
    additional: [],
  };
}

/** `name` with exactly one trailing dot. */
export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Labels of a fully qualified name, without the root: `a.b.` → [a, b]; `.` → []. */
export function labels(name: string): string[] {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  return n === '' ? [] : n.split('.');
}

/** True when `child` equals `parent` or lies under it (both fully qualified, any case). */
export function isSubdomain(parent: string, child: string): boolean {
  const p = fqdn(parent).toLowerCase();
  const c = fqdn(child).toLowerCase();
  if (p === '.') return true;
  return c === p || c.endsWith(`.${p}`);
}

/** Every record of a message, in section order, for code that only counts or scans them. */
export function allRecords(msg: DnsMessage): ResourceRecord[] {
  return [...msg.answer, ...msg.authority, ...msg.additional];
}
