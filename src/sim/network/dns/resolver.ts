/**
 * The resolver inside a container: how a program's getaddrinfo() turns a name into the queries it
 * sends, in which order, and when it stops. Two C libraries matter in kubetab's images, and they
 * differ:
 *
 * glibc (debian/ubuntu based images; resolv/res_query.c __res_context_search):
 *   - a name with a trailing dot is asked as is, and only so;
 *   - a name with at least `ndots` dots is asked as is first, then with each search domain;
 *   - otherwise each search domain first, then the name as is;
 *   - NXDOMAIN, NODATA and SERVFAIL move on to the next candidate; no reply at all stops the search
 *     list, but the name as is is still tried if it was not yet;
 *   - each candidate is an A and an AAAA query sent together; an answer to either ends the lookup.
 *
 * musl (alpine and busybox images; src/network/lookup_name.c name_from_dns_search):
 *   - a name with a trailing dot, or with at least `ndots` dots, is asked as is and never searched;
 *   - otherwise each search domain, then the name as is;
 *   - only NXDOMAIN (on the A query, or on the AAAA one if A was fine) moves on: a NODATA answer
 *     (the name exists, no address) or a SERVFAIL or no reply ends the lookup there;
 *   - a resolv.conf line of 255 characters or more is skipped, search line included.
 *
 * The client's namespace is not known to the server: it is in the search list, nowhere else.
 */
import type { Rcode } from './message';
import { fqdn } from './message';

export type ResolverLibrary = 'glibc' | 'musl';

export interface ClientResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  /** Seconds a try waits (glibc: per try and server; musl: for all tries together). */
  timeout: number;
  attempts: number;
}

const MAXNS = 3;

/** /etc/resolv.conf as each library reads it. */
export function readResolvConf(text: string, lib: ResolverLibrary): ClientResolvConf {
  const conf: ClientResolvConf = { nameservers: [], search: [], ndots: 1, timeout: 5, attempts: 2 };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const fields = line.trim().split(/\s+/).filter(Boolean);
    const [key, ...rest] = fields;
    if (!key) continue;
    if (key === 'nameserver' && rest[0] && conf.nameservers.length < MAXNS) conf.nameservers.push(rest[0]);
    if (key === 'domain' || key === 'search') {
      // musl reads lines into 256 bytes and skips one that does not fit, newline included.
      if (lib === 'musl' && line.length >= 255) continue;
      conf.search = key === 'domain' ? rest.slice(0, 1) : rest;
    }
    if (key === 'options') {
      for (const opt of rest) {
        const m = /^(ndots|timeout|attempts):(\d+)$/.exec(opt);
        if (!m) continue;
        const n = Number(m[2]);
        if (m[1] === 'ndots') conf.ndots = Math.min(n, 15);
        if (m[1] === 'timeout') conf.timeout = Math.min(n, lib === 'glibc' ? 30 : 60);
        if (m[1] === 'attempts') conf.attempts = Math.min(n, lib === 'glibc' ? 5 : 10);
      }
    }
  }
  return conf;
}

/** One reply as the resolver sees it: its rcode and the addresses of the asked type it carries. */
export interface ResolverReply {
  rcode: Rcode;
  addresses: string[];
}

/** Sends one query and returns the reply, or undefined when none came back in time. */
export type Exchange = (name: string, type: 'A' | 'AAAA') => ResolverReply | undefined;

export type LookupError = 'EAI_NONAME' | 'EAI_NODATA' | 'EAI_AGAIN' | 'EAI_FAIL';

export interface HostLookup {
  /** Every query sent, in order. */
  queries: { name: string; type: 'A' | 'AAAA' }[];
  /** The candidate that answered. */
  name?: string;
  addresses: string[];
  error?: LookupError;
}

/** How long one candidate takes to time out when nothing answers. */
export function candidateTimeoutMs(conf: ClientResolvConf, lib: ResolverLibrary): number {
  // glibc waits `timeout` per try and server, for `attempts` rounds; musl spreads its tries
  // over one `timeout`.
  return lib === 'glibc' ? conf.timeout * 1000 * conf.attempts * Math.max(1, conf.nameservers.length) : conf.timeout * 1000;
}

type Step = { kind: 'found'; addresses: string[] } | { kind: 'nxdomain' } | { kind: 'nodata' } | { kind: 'servfail' } | { kind: 'timeout' } | { kind: 'fail' };

function askCandidate(name: string, types: ('A' | 'AAAA')[], exchange: Exchange, out: HostLookup, lib: ResolverLibrary): Step {
  const replies = types.map((t) => {
    out.queries.push({ name, type: t });
    return exchange(name, t);
  });
  if (lib === 'musl') {
    for (const r of replies) {
      if (!r || r.rcode === 'SERVFAIL') return { kind: 'timeout' };
      if (r.rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
      if (r.rcode !== 'NOERROR') return { kind: 'fail' };
    }
    const addresses = replies.flatMap((r) => r!.addresses);
    return addresses.length > 0 ? { kind: 'found', addresses } : { kind: 'nodata' };
  }
  if (replies.some((r) => r === undefined)) return { kind: 'timeout' };
  const addresses = replies.flatMap((r) => (r!.rcode === 'NOERROR' ? r!.addresses : []));
  if (addresses.length > 0) return { kind: 'found', addresses };
  const first = replies[0]!;
  const rcode = first.rcode === 'NOERROR' && replies[1] ? replies[1].rcode : first.rcode;
  if (rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
  if (rcode === 'SERVFAIL') return { kind: 'servfail' };
  if (rcode === 'NOERROR') return { kind: 'nodata' };
  return { kind: 'fail' };
}

const dotCount = (name: string) => (name.match(/\./g) ?? []).length;

function errorOf(step: Step): LookupError {
  switch (step.kind) {
    case 'nxdomain':
      return 'EAI_NONAME';
    case 'nodata':
      return 'EAI_NODATA';
    case 'servfail':
    case 'timeout':
      return 'EAI_AGAIN';
    default:
      return 'EAI_FAIL';
  }
}

/**
 * getaddrinfo(name) for IPv4 and IPv6 (`both`, the usual AF_UNSPEC) or one family: the queries
 * the library sends, in order, and what it returns.
 */
export function lookupHost(name: string, conf: ClientResolvConf, lib: ResolverLibrary, exchange: Exchange, family: 'both' | 'A' | 'AAAA' = 'both'): HostLookup {
  const types: ('A' | 'AAAA')[] = family === 'both' ? ['A', 'AAAA'] : [family];
  const out: HostLookup = { queries: [], addresses: [] };
  const trailingDot = name.endsWith('.');
  const bare = trailingDot ? name.slice(0, -1) : name;
  const dots = dotCount(bare);
  const found = (candidate: string, step: Step): HostLookup => {
    if (step.kind === 'found') return { ...out, name: candidate, addresses: step.addresses };
    return { ...out, error: errorOf(step) };
  };

  if (lib === 'musl') {
    const search = trailingDot || dots >= conf.ndots ? [] : conf.search;
    for (const domain of search) {
      if (bare.length + 1 + domain.length >= 256) continue;
      const candidate = fqdn(`${bare}.${domain}`);
      const step = askCandidate(candidate, types, exchange, out, lib);
      if (step.kind !== 'nxdomain') return found(candidate, step);
    }
    const candidate = fqdn(bare);
    return found(candidate, askCandidate(candidate, types, exchange, out, lib));
  }

  // glibc
  let triedAsIs = false;
  let saved: Step | undefined;
  if (dots >= conf.ndots || trailingDot) {
    const candidate = fqdn(bare);
    const step = askCandidate(candidate, types, exchange, out, lib);
    if (step.kind === 'found' || trailingDot) return found(candidate, step);
    saved = step;
    triedAsIs = true;
  }
  let gotNodata = false;
  let gotServfail = false;
  let last: Step | undefined;
  let rootOnList = false;
  for (const domain of conf.search) {
    const d = domain.startsWith('.') ? domain.slice(1) : domain;
    if (d === '') rootOnList = true;
    const candidate = fqdn(d === '' ? bare : `${bare}.${d}`);
    const step = askCandidate(candidate, types, exchange, out, lib);
    if (step.kind === 'found') return found(candidate, step);
    last = step;
    if (step.kind === 'nodata') gotNodata = true;
    else if (step.kind === 'servfail') gotServfail = true;
    else if (step.kind !== 'nxdomain') break;
  }
  if (!(triedAsIs || rootOnList)) {
    const candidate = fqdn(bare);
    const step = askCandidate(candidate, types, exchange, out, lib);
    if (step.kind === 'found') return found(candidate, step);
    last = step;
  }
  const final: Step = saved ?? (gotNodata ? { kind: 'nodata' } : gotServfail ? { kind: 'servfail' } : last ?? { kind: 'nxdomain' });
  return { ...out, error: errorOf(final) };
}
