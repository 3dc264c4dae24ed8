/**
 * busybox 1.36's nslookup (networking/nslookup.c, FEATURE_NSLOOKUP_BIG: its own resolver, not
 * libc's), the one in busybox, alpine and most small images.
 *
 * What it does, which is not what glibc or bind's nslookup do:
 * - With no `-type`, a name gets an A and an AAAA query; an address gets a PTR query.
 * - The search list is applied only to a name without any dot, and then to *every* domain at once
 *   (no ndots, no bare name): `web` in a pod becomes six queries sent together.
 * - Queries go to the first nameserver only; unanswered ones are sent again every timeout/retry
 *   (2.5 s by default) until the timeout (5 s); a SERVFAIL is retried at once, a few times.
 * - Replies are printed in the order they arrive: an answer as `Name:`/`Address:` lines, an error
 *   as `** server can't find NAME: RCODE`, an empty NOERROR as nothing but the blank line that
 *   follows every reply. `Non-authoritative answer:` precedes a reply without the AA bit.
 * - The `Server:`/`Address:` header is printed when the first reply arrives, the address with
 *   `:port`, not bind's `#port`. With no reply at all it prints
 *   `;; connection timed out; no servers could be reached`.
 * - Exit status 1 if any reply carried an error rcode or nothing came back.
 */
import type { DnsMessage, QType, ResourceRecord } from './message';
import { fqdn, newQuery } from './message';
import { isIPv4, isIPv6, reverseName } from './addr';

const QTYPES: readonly QType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];

export interface NslookupServer {
  /** As written in resolv.conf or on the command line. */
  name: string;
  ip: string;
  port: number;
}

/** One reply coming back, `atMs` after nslookup started. */
export interface Arrival {
  reply: DnsMessage;
  atMs: number;
}

export interface NslookupEnv {
  /** The container's /etc/resolv.conf. */
  resolvConf: string;
  /** The container's hostname; its domain part is the search list when resolv.conf has none. */
  hostname: string;
  /** Transaction id of the first query; the others follow (busybox derives it from the time of day). */
  firstId: number;
  /** The `BusyBox v1.36.1 (…) multi-call binary.` line of the image, for the usage text. */
  banner: string;
  /** Sends `query` to `server` at `sentAtMs`; the reply that comes back, or undefined. */
  exchange: (server: NslookupServer, query: DnsMessage, sentAtMs: number) => Arrival | undefined;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Query {
  /** The name as nslookup built it (printed in messages). */
  name: string;
  message: DnsMessage;
  answered: boolean;
}

const usage = (banner: string): string =>
  `${banner}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,srv,ptr,any\n`;

/** resolv.conf as busybox nslookup reads it: nameserver lines, and search (or domain) as raw text. */
function readResolvConf(text: string, port: number): { servers: NslookupServer[]; search: string | undefined } {
  const servers: NslookupServer[] = [];
  let search: string | undefined;
  let haveSearch = false;
  for (const raw of text.split('\n')) {
    const m = /^[ \t]*([^ \t]+)[ \t](.*)$/.exec(raw);
    if (!m) continue;
    const [, key, arg] = m as unknown as [string, string, string];
    if (arg === '') continue;
    if (key === 'domain') {
      if (!haveSearch) search = arg;
    } else if (key === 'search') {
      haveSearch = true;
      search = arg;
    } else if (key === 'nameserver') {
      servers.push({ name: arg, ip: arg.trim(), port });
    }
  }
  return { servers, search };
}

/** `make_ptr`: the reverse name for an address argument, without the trailing dot. */
function ptrName(arg: string): string | undefined {
  if (isIPv4(arg) || isIPv6(arg)) return reverseName(arg).slice(0, -1);
  return undefined;
}

const stripDot = (n: string) => (n === '.' ? '.' : n.endsWith('.') ? n.slice(0, -1) : n);

/** parse_reply: the answer section, one line (or block) per record. */
function printReply(reply: DnsMessage): string {
  let out = reply.authoritative ? '' : 'Non-authoritative answer:\n';
  // The format is chosen by the first NS, CNAME or PTR record and kept for the rest of the reply.
  let format: ((owner: string, target: string) => string) | undefined;
  for (const rr of reply.answer) {
    const owner = stripDot(rr.name);
    out += recordText(rr, owner, (f) => (format ??= f));
  }
  return out;
}

function recordText(rr: ResourceRecord, owner: string, pick: (f: (o: string, t: string) => string) => (o: string, t: string) => string): string {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${owner}\nAddress: ${rr.address}\n`;
    case 'NS':
      return pick((o, t) => `${o}\tnameserver = ${t}\n`)(owner, stripDot(rr.target));
    case 'CNAME':
      return pick((o, t) => `${o}\tcanonical name = ${t}\n`)(owner, stripDot(rr.target));
    case 'PTR':
      return pick((o, t) => `${o}\tname = ${t}\n`)(owner, stripDot(rr.target));
    case 'TXT':
      return rr.text[0] ? `${owner}\ttext = "${rr.text[0]}"\n` : '';
    case 'SRV':
      return `${owner}\tservice = ${rr.priority} ${rr.weight} ${rr.port} ${stripDot(rr.target)}\n`;
    case 'SOA':
      return `${owner}\n\torigin = ${stripDot(rr.mname)}\n\tmail addr = ${stripDot(rr.rname)}\n\tserial = ${rr.serial}\n\trefresh = ${rr.refresh}\n\tretry = ${rr.retry}\n\texpire = ${rr.expire}\n\tminimum = ${rr.minimum}\n`;
  }
}

/** `nslookup ARGS…` run in a container. */
export function nslookup(argv: readonly string[], env: NslookupEnv): ToolOutput {
  let port = 53;
  let retry = 2;
  let timeoutS = 5;
  let debug = false;
  const types: QType[] = [];
  let i = 0;
  const bad = (): ToolOutput => ({ stdout: '', stderr: usage(env.banner), exitCode: 1 });
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const arg = argv[i]!.slice(1);
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(0, eq) : arg;
    const val = eq >= 0 ? arg.slice(eq + 1) : '';
    if (key === 'type' || key === 'querytype') {
      const t = QTYPES.find((x) => x.toLowerCase() === val.toLowerCase());
      if (!t) return { stdout: '', stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1 };
      if (!types.includes(t)) types.push(t);
    } else if (key === 'port' && /^\d+$/.test(val) && +val >= 1 && +val <= 65535) port = +val;
    else if (key === 'retry' && /^\d+$/.test(val) && +val >= 1) retry = +val;
    else if (key === 'debug') debug = true;
    else if ((key === 't' || key === 'timeout') && /^\d+$/.test(val) && +val >= 1) timeoutS = +val;
    else return bad();
  }
  const host = argv[i];
  if (host === undefined || argv.length > i + 2) return bad();

  const conf = readResolvConf(env.resolvConf, port);
  let servers = conf.servers;
  if (argv[i + 1] !== undefined) servers = [{ name: argv[i + 1]!, ip: argv[i + 1]!, port }];
  else if (servers.length === 0) servers = [{ name: '127.0.0.1', ip: '127.0.0.1', port }];
  let search = conf.search;
  if (search === undefined) {
    const dot = env.hostname.indexOf('.');
    if (dot >= 0) search = env.hostname.slice(dot + 1);
  }
  if (search === '.') search = undefined;

  const names: { name: string; type: QType }[] = [];
  const addWithSearch = (type: QType, name: string) => {
    if (type === 'PTR' || search === undefined || name.includes('.')) {
      names.push({ name, type });
      return;
    }
    let s = search;
    for (;;) {
      const e = s.search(/\s|$/);
      names.push({ name: `${name}.${s.slice(0, e)}`, type });
      s = s.slice(e).replace(/^\s+/, '');
      if (s === '') break;
    }
  };
  if (types.length === 0) {
    const ptr = ptrName(host);
    if (ptr) names.push({ name: ptr, type: 'PTR' });
    else {
      addWithSearch('A', host);
      addWithSearch('AAAA', host);
    }
  } else {
    for (const t of QTYPES) if (types.includes(t)) addWithSearch(t, host);
  }
  const queries: Query[] = names.map((n, k) => ({
    name: n.name,
    message: newQuery((env.firstId + k) & 0xffff, { name: fqdn(n.name), type: n.type }, { authenticatedData: true }),
    answered: false,
  }));

  let stdout = '';
  let exitCode = 0;
  let gotReplies = false;
  for (const server of servers) {
    const result = sendQueries(server, queries, { timeoutMs: timeoutS * 1000, retry, debug }, env);
    stdout += result.stdout;
    if (result.failed) exitCode = 1;
    if (result.replies > 0) {
      gotReplies = true;
      break;
    }
  }
  if (!gotReplies) return { stdout: `${stdout};; connection timed out; no servers could be reached\n\n`, stderr: '', exitCode: 1 };
  const unanswered = queries.filter((q) => !q.answered);
  for (const q of unanswered) stdout += `*** Can't find ${q.name}: No answer\n`;
  if (unanswered.length > 0) stdout += '\n';
  return { stdout, stderr: '', exitCode };
}

interface Pending extends Arrival {
  query: number;
  seq: number;
}

/** send_queries: one server, all queries at once, resent every retry interval until the timeout. */
function sendQueries(server: NslookupServer, queries: Query[], opts: { timeoutMs: number; retry: number; debug: boolean }, env: NslookupEnv): { stdout: string; replies: number; failed: boolean } {
  const retryInterval = Math.floor(opts.timeoutMs / opts.retry);
  const inFlight: Pending[] = [];
  let seq = 0;
  const send = (k: number, at: number) => {
    const arrival = env.exchange(server, queries[k]!.message, at);
    if (arrival) inFlight.push({ ...arrival, query: k, seq: seq++ });
  };
  let stdout = '';
  let received = 0;
  let replies = 0;
  let failed = false;
  let servfailRetry = 0;
  let tcur = 0;
  let tsent = 0;
  const sendRound = () => {
    queries.forEach((q, k) => {
      if (!q.answered) send(k, tcur);
    });
    tsent = tcur;
    servfailRetry = 2 * queries.length;
  };
  sendRound();
  while (tcur < opts.timeoutMs) {
    inFlight.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const next = inFlight[0];
    if (!next || next.atMs > tsent + retryInterval) {
      tcur = tsent + retryInterval;
      if (tcur >= opts.timeoutMs) break;
      sendRound();
      continue;
    }
    inFlight.shift();
    tcur = Math.max(tcur, next.atMs);
    if (received++ === 0) stdout += `Server:\t\t${server.name}\nAddress:\t${server.ip}:${server.port}\n\n`;
    const k = queries.findIndex((q) => q.message.id === next.reply.id);
    if (k < 0 || queries[k]!.answered) continue;
    const rcode = next.reply.rcode;
    if (rcode === 'SERVFAIL' && servfailRetry > 0) {
      servfailRetry--;
      send(k, tcur);
      continue;
    }
    queries[k]!.answered = true;
    if (opts.debug) stdout += `Query #${k} completed in ${Math.floor(tcur)}ms:\n`;
    if (rcode !== 'NOERROR') {
      stdout += `** server can't find ${queries[k]!.name}: ${rcode}\n`;
      failed = true;
    } else {
      stdout += printReply(next.reply);
    }
    stdout += '\n';
    if (++replies >= queries.length) break;
  }
  return { stdout, replies, failed };
}
