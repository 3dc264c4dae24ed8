/**
 * What a network tool run in a namespace (a pod's, or a node's own) gets to work with: the files and
 * facts it reads at start, the namespace's interfaces, addresses and routes as data, the sockets that
 * listen there, and the packet path as four questions — resolve a name, open a TCP connection, make an
 * HTTP request, send one echo request — plus the raw DNS exchange the DNS tools drive themselves.
 *
 * Times are virtual milliseconds after the tool started; the host answers as the dataplane would
 * (a REJECT is a refusal after a round trip, a DROP is silence until the caller's deadline).
 */
import type { TlsOptions } from '../traffic/outcome';
import type { NetnsView } from '../../node/machine';
import type { Listener } from '../traffic/socket';
import type { ConnectOutcome, HttpOutcome, PingReply } from '../traffic/outcome';
import type { HttpRequest } from '../traffic/socket';
import type { DnsMessage } from '../dns/message';
import type { PackedResponse } from '../dns/wire';
import type { ClientResolvConf, Exchange, LookupError, ResolverLibrary } from '../dns/resolver';
import { candidateTimeoutMs, lookupHost, readResolvConf } from '../dns/resolver';

export type { ToolOutput } from '../dns/nslookup';

/** A name lookup as the program's C library returns it, and how long it took. */
export interface Resolution {
  addresses: string[];
  /** the candidate that answered, without the trailing dot (getaddrinfo's canonical name) */
  name?: string;
  error?: LookupError;
  /** ms from the call to its return (timeouts of unanswered candidates add up) */
  elapsedMs: number;
}

export interface ConnectOptions {
  /** when the SYN leaves, ms after the tool started */
  atMs: number;
  /** the caller gives up after this long (its own timeout, or the kernel's ~127 s of SYN retries) */
  timeoutMs: number;
  /** HTTPS: the TLS handshake's server name and whether verification is skipped */
  tls?: TlsOptions;
}

export interface PingOptions {
  /** when the echo request leaves */
  atMs: number;
  /** ICMP payload size (56 by default) */
  size: number;
  /** how long the caller waits for this reply */
  timeoutMs: number;
}

export interface NetHost {
  /** the namespace's hostname (the pod's name, or the node's) */
  hostname: string;
  /** /etc/resolv.conf as the namespace's programs read it */
  resolvConf: string;
  /** wall-clock ms (epoch) when the tool starts: tcpdump's timestamps, HTTP Date headers */
  startWallMs: number;
  /** interfaces, addresses and routes of the namespace */
  view: NetnsView;
  /** the sockets listening in the namespace (netstat) */
  listeners: readonly Listener[];
  /** getaddrinfo() for IPv4 (`A`), IPv6 (`AAAA`) or both, as the image's C library does it */
  resolve(name: string, family: 'A' | 'AAAA' | 'both'): Resolution;
  /** a TCP connection from this namespace */
  connect(ip: string, port: number, opts: ConnectOptions): ConnectOutcome;
  /** a connection and one HTTP request over it */
  http(ip: string, port: number, request: Omit<HttpRequest, 'clientIP' | 'localIP' | 'localPort'>, opts: ConnectOptions): HttpOutcome;
  /** one ICMP echo request with sequence number `seq` */
  ping(ip: string, seq: number, opts: PingOptions): PingReply;
  /** the name a PTR lookup gives an address (iputils ping prints it), if any */
  reverse?(ip: string): string | undefined;
  /** one DNS query to `server` (the shape dig and nslookup drive): the reply and when it arrives */
  exchange(server: { ip: string; port: number }, query: DnsMessage, sentAtMs: number, transport: 'udp' | 'tcp'): { response: PackedResponse; atMs: number } | undefined;
}

/**
 * `NetHost.resolve` built from the resolver model: getaddrinfo's candidates in the library's order,
 * each query answered through `exchange`, and the time the unanswered ones cost.
 */
export function resolverFor(resolvConf: string, lib: ResolverLibrary, exchange: Exchange): (name: string, family: 'A' | 'AAAA' | 'both') => Resolution {
  const conf: ClientResolvConf = readResolvConf(resolvConf, lib);
  return (name, family) => {
    let elapsedMs = 0;
    let lastCandidate = '';
    const timed: Exchange = (qname, type) => {
      const r = exchange(qname, type);
      // The A and AAAA of one candidate go out together; silence costs one candidate timeout.
      if (!r && qname !== lastCandidate) elapsedMs += candidateTimeoutMs(conf, lib);
      lastCandidate = qname;
      return r;
    };
    const out = lookupHost(name, conf, lib, timed, family);
    const canon = out.name?.replace(/\.$/, '');
    return { addresses: out.addresses, ...(canon ? { name: canon } : {}), ...(out.error ? { error: out.error } : {}), elapsedMs };
  };
}

/** The text strerror() gives for each way a connection fails (glibc and musl agree on these). */
export const ERRNO_TEXT = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'Host is unreachable',
  ENETUNREACH: 'Network unreachable',
  ETIMEDOUT: 'Operation timed out',
} as const;

/** glibc's wording, where it differs from musl's. */
export const GLIBC_ERRNO_TEXT = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
} as const;

/** Linux gives up a connect() after 6 SYN retransmissions: 1+2+4+8+16+32+64 s. */
export const KERNEL_CONNECT_TIMEOUT_MS = 127_000;

/** An IPv4 literal in dotted-quad form. */
export function isDottedQuad(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((x) => Number(x) <= 255);
}

/** What a tool leaves behind: its output, files it wrote, and how long it ran. */
export interface NetToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** files written (`wget -O FILE`, `curl -o FILE`), for the caller to store in the container */
  writes?: { path: string; content: string }[];
  /** ms the tool ran, for the caller's clock */
  durationMs: number;
}
