/**
 * dig from BIND 9.18 (bin/dig/dig.c, dighost.c, lib/dns/message.c), as in nicolaka/netshoot and
 * other debugging images: its arguments, the query it sends, and what it prints.
 *
 * The query: RD and AD set, EDNS version 0 with a 1232-byte buffer and an 8-byte client COOKIE,
 * sent over UDP; each of 3 tries waits 5 s. The default output, for a reply:
 *
 *   (blank line)
 *   ; <<>> DiG 9.18.x <<>> ARGS
 *   ;; global options: +cmd
 *   ;; Got answer:
 *   ;; WARNING: .local is reserved for Multicast DNS          (names under local., like cluster.local)
 *   ;; You are currently testing what happens when an mDNS query is leaked to DNS
 *   ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: N
 *   ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
 *   ;; WARNING: recursion requested but not available         (RD without RA, as from CoreDNS)
 *   (blank line)
 *   ;; OPT PSEUDOSECTION: / ; EDNS: … / ; COOKIE: <hex> (echoed)
 *   ;; QUESTION SECTION: …, then each non-empty section followed by a blank line
 *   ;; Query time / SERVER / WHEN / MSG SIZE  rcvd, and a blank line.
 *
 * A try that times out prints `;; communications error to IP#53: timed out` as it happens, so
 * before the greeting; when every try has timed out, the greeting follows and then
 * `;; no servers could be reached` (exit status 9).
 */
import type { DnsMessage, QType } from './message';
import { QTYPE_CODES, fqdn, isSubdomain, newQuery } from './message';
import { isIPv4, isIPv6, reverseName } from './addr';
import { questionLine, rdataText, recordLine } from './presentation';
import type { PackedResponse } from './wire';
import type { ToolOutput } from './nslookup';

export interface DigDisplay {
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  stats: boolean;
}

export interface DigOptions {
  name: string;
  type: QType;
  /** `@server` as given. */
  server?: string;
  port: number;
  short: boolean;
  display: DigDisplay;
  tries: number;
  timeoutS: number;
  bufsize: number;
  cookie: boolean;
  edns: boolean;
  recurse: boolean;
  tcp: boolean;
}

const ALL: DigDisplay = { cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true };

const USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n' +
  '            {global-d-opt} host [@local-server] {local-d-opt}\n' +
  '            [ host [@local-server] {local-d-opt} [...]]\n' +
  '\nUse "dig -h" (or "dig -h | more") for complete list of options\n';

const TYPES = Object.keys(QTYPE_CODES) as QType[];

/** The +options dig accepts here, with the shortest spelling BIND takes for each. */
const PLUS: { name: string; min: number; apply: (o: DigOptions, on: boolean, value: string | undefined) => boolean }[] = [
  { name: 'short', min: 2, apply: (o, on) => ((o.short = on), true) },
  { name: 'all', min: 2, apply: (o, on) => ((o.display = Object.fromEntries(Object.keys(ALL).map((k) => [k, on])) as unknown as DigDisplay), true) },
  { name: 'answer', min: 2, apply: (o, on) => ((o.display.answer = on), true) },
  { name: 'authority', min: 2, apply: (o, on) => ((o.display.authority = on), true) },
  { name: 'additional', min: 3, apply: (o, on) => ((o.display.additional = on), true) },
  { name: 'question', min: 2, apply: (o, on) => ((o.display.question = on), true) },
  { name: 'comments', min: 4, apply: (o, on) => ((o.display.comments = on), true) },
  { name: 'cmd', min: 3, apply: (o, on) => ((o.display.cmd = on), true) },
  { name: 'stats', min: 3, apply: (o, on) => ((o.display.stats = on), true) },
  { name: 'cookie', min: 3, apply: (o, on) => ((o.cookie = on), true) },
  { name: 'edns', min: 2, apply: (o, on) => ((o.edns = on), true) },
  { name: 'recurse', min: 3, apply: (o, on) => ((o.recurse = on), true) },
  { name: 'tcp', min: 3, apply: (o, on) => ((o.tcp = on), true) },
  { name: 'vc', min: 2, apply: (o, on) => ((o.tcp = on), true) },
  { name: 'tries', min: 3, apply: (o, on, v) => on && v !== undefined && /^\d+$/.test(v) && ((o.tries = Math.max(1, +v)), true) },
  { name: 'retry', min: 3, apply: (o, on, v) => on && v !== undefined && /^\d+$/.test(v) && ((o.tries = +v + 1), true) },
  { name: 'timeout', min: 2, apply: (o, on, v) => on && v !== undefined && /^\d+$/.test(v) && ((o.timeoutS = Math.max(1, +v)), true) },
  { name: 'bufsize', min: 1, apply: (o, on, v) => on && v !== undefined && /^\d+$/.test(v) && ((o.bufsize = Math.min(65535, +v)), true) },
];

/** The command line after `dig`. */
export function parseDigArgs(argv: readonly string[]): DigOptions | ToolOutput {
  const o: DigOptions = { name: '', type: 'A', port: 53, short: false, display: { ...ALL }, tries: 3, timeoutS: 5, bufsize: 1232, cookie: true, edns: true, recurse: true, tcp: false };
  let typeSet = false;
  let nameSet = false;
  const fail = (msg: string): ToolOutput => ({ stdout: '', stderr: `${msg}${USAGE}`, exitCode: 1 });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('@')) {
      o.server = a.slice(1);
    } else if (a.startsWith('+')) {
      let opt = a.slice(1);
      let on = true;
      if (opt.startsWith('no')) {
        on = false;
        opt = opt.slice(2);
      }
      const eq = opt.indexOf('=');
      const key = (eq >= 0 ? opt.slice(0, eq) : opt).toLowerCase();
      const value = eq >= 0 ? opt.slice(eq + 1) : undefined;
      const entry = PLUS.find((p) => key.length >= p.min && p.name.startsWith(key));
      if (!entry || !entry.apply(o, on, value)) return fail(`Invalid option: ${a}\n`);
    } else if (a === '-t' || a === '-x' || a === '-p' || a === '-q') {
      const v = argv[++i];
      if (v === undefined) return fail('');
      if (a === '-t') {
        const t = TYPES.find((x) => x.toLowerCase() === v.toLowerCase());
        if (!t) return { stdout: '', stderr: `;; Warning, ignoring invalid type ${v}\n`, exitCode: 0 };
        o.type = t;
        typeSet = true;
      } else if (a === '-x') {
        if (!isIPv4(v) && !isIPv6(v)) return { stdout: '', stderr: `dig: '${v}' is not a legal IP address\n`, exitCode: 10 };
        o.name = reverseName(v);
        o.type = 'PTR';
        typeSet = nameSet = true;
      } else if (a === '-p') {
        o.port = Number(v);
      } else {
        o.name = v;
        nameSet = true;
      }
    } else if (a.startsWith('-')) {
      return fail(`Invalid option: ${a}\n`);
    } else {
      const t = TYPES.find((x) => x.toLowerCase() === a.toLowerCase());
      if (t && !typeSet) {
        o.type = t;
        typeSet = true;
      } else if (a.toUpperCase() === 'IN') {
        // the only class the simulation has
      } else {
        o.name = a;
        nameSet = true;
      }
    }
  }
  if (!nameSet) {
    // No name: dig asks the root for its name servers.
    o.name = '.';
    if (!typeSet) o.type = 'NS';
  }
  return o;
}

/** The query dig sends. `cookie` is the 16-hex-digit client cookie it draws at start. */
export function digQuery(o: DigOptions, id: number, cookie: string): DnsMessage {
  return newQuery(
    id,
    { name: fqdn(o.name), type: o.type },
    { recursionDesired: o.recurse, authenticatedData: true, ...(o.edns ? { edns: { udpSize: o.bufsize, do: false, ...(o.cookie ? { cookie } : {}) } } : {}) },
  );
}

/** One try: no reply within the timeout, or a reply `queryTimeMs` after it was sent. */
export type DigAttempt = { kind: 'timeout' } | { kind: 'reply'; response: PackedResponse; queryTimeMs: number; transport: 'udp' | 'tcp'; wallMs: number };

export interface DigRun {
  /** The words after `dig`, as typed; they are echoed in the greeting. */
  argv: readonly string[];
  /** BIND version string of the image, e.g. `9.18.27`. */
  version: string;
  /** The server as dig names it (the @argument or the resolv.conf nameserver), and its address. */
  server: { text: string; ip: string };
  attempts: readonly DigAttempt[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** strftime("%a %b %d %H:%M:%S %Z %Y") in a container whose zone is UTC. */
export function digWhen(wallMs: number): string {
  const d = new Date(wallMs);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function greeting(run: DigRun, o: DigOptions): string {
  if (o.short || !o.display.cmd) return '';
  const args = run.argv.map((a) => ` ${a}`).join('');
  return `\n; <<>> DiG ${run.version} <<>>${args}\n;; global options: +cmd\n`;
}

function flags(m: DnsMessage): string {
  const f = [
    m.response ? 'qr' : '',
    m.authoritative ? 'aa' : '',
    m.truncated ? 'tc' : '',
    m.recursionDesired ? 'rd' : '',
    m.recursionAvailable ? 'ra' : '',
    m.authenticatedData ? 'ad' : '',
    m.checkingDisabled ? 'cd' : '',
  ].filter(Boolean);
  return f.map((x) => ` ${x}`).join('');
}

function printMessage(m: DnsMessage, o: DigOptions): string {
  if (o.short) return m.answer.map((r) => `${rdataText(r)}\n`).join('');
  let head = '';
  if (o.display.comments) {
    head += ';; Got answer:\n';
    if (isSubdomain('local.', m.question.name)) {
      head += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
    }
    head += `;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${m.id}\n`;
    const additional = m.additional.length + (m.edns ? 1 : 0);
    head += `;; flags:${flags(m)}; QUERY: 1, ANSWER: ${m.answer.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${additional}\n`;
    if (m.recursionDesired && !m.recursionAvailable) head += ';; WARNING: recursion requested but not available\n';
    head += '\n';
  }
  let body = '';
  if (o.display.comments && m.edns) {
    body += ';; OPT PSEUDOSECTION:\n';
    body += `; EDNS: version: 0, flags:${m.edns.do ? ' do' : ''}; udp: ${m.edns.udpSize}\n`;
    if (m.edns.cookie) body += `; COOKIE: ${m.edns.cookie}${m.edns.cookie.length / 2 < 16 ? ' (echoed)' : ' (good)'}\n`;
  }
  if (o.display.question) {
    if (o.display.comments) body += ';; QUESTION SECTION:\n';
    body += `${questionLine(m.question)}\n`;
    if (o.display.comments) body += '\n';
  }
  const section = (title: string, on: boolean, records: DnsMessage['answer']) => {
    if (!on || records.length === 0) return;
    if (o.display.comments) body += `;; ${title} SECTION:\n`;
    for (const r of records) body += `${recordLine(r)}\n`;
    if (o.display.comments) body += '\n';
  };
  section('ANSWER', o.display.answer, m.answer);
  section('AUTHORITY', o.display.authority, m.authority);
  section('ADDITIONAL', o.display.additional, m.additional);
  return head + body;
}

function stats(a: Extract<DigAttempt, { kind: 'reply' }>, run: DigRun, o: DigOptions): string {
  if (o.short || !o.display.stats) return '';
  return (
    `;; Query time: ${Math.floor(a.queryTimeMs)} msec\n` +
    `;; SERVER: ${run.server.ip}#${o.port}(${run.server.text}) (${a.transport.toUpperCase()})\n` +
    `;; WHEN: ${digWhen(a.wallMs)}\n` +
    `;; MSG SIZE  rcvd: ${a.response.bytes}\n\n`
  );
}

/** What dig prints for the tries it made. */
export function digOutput(o: DigOptions, run: DigRun): ToolOutput {
  let stdout = '';
  for (const a of run.attempts) {
    if (a.kind === 'timeout') {
      stdout += `;; communications error to ${run.server.ip}#${o.port}: timed out\n`;
      continue;
    }
    if (a.transport === 'udp' && a.response.message.truncated && !o.tcp && a !== run.attempts[run.attempts.length - 1]) {
      stdout += ';; Truncated, retrying in TCP mode.\n';
      continue;
    }
    return { stdout: stdout + greeting(run, o) + printMessage(a.response.message, o) + stats(a, run, o), stderr: '', exitCode: 0 };
  }
  return { stdout: `${stdout}${greeting(run, o)};; no servers could be reached\n`, stderr: '', exitCode: 9 };
}

/** dig's schedule: try k (0-based) is sent at k × timeout and times out one timeout later. */
export function digTryTimes(o: DigOptions): { sendAtMs: number; deadlineMs: number }[] {
  return Array.from({ length: o.tries }, (_, k) => ({ sendAtMs: k * o.timeoutS * 1000, deadlineMs: (k + 1) * o.timeoutS * 1000 }));
}

export interface DigEnv {
  /** The container's /etc/resolv.conf: its first nameserver is asked when no @server is given. */
  resolvConf: string;
  /** BIND version string of the image, e.g. `9.18.27`. */
  version: string;
  /** Query id and 16-hex-digit client cookie, drawn by dig at start. */
  id: number;
  cookie: string;
  /** Wall-clock ms when dig starts, for `;; WHEN:`. */
  startWallMs: number;
  /** Sends `query` at `sentAtMs` (ms after dig started); the reply and when it arrives, or undefined. */
  exchange: (server: { ip: string; port: number }, query: DnsMessage, sentAtMs: number, transport: 'udp' | 'tcp') => { response: PackedResponse; atMs: number } | undefined;
}

/** `dig ARGS…` run in a container: parses, sends its tries, and prints. */
export function dig(argv: readonly string[], env: DigEnv): ToolOutput {
  const parsed = parseDigArgs(argv);
  if (!('name' in parsed)) return parsed;
  const o = parsed;
  const fromResolv = /^nameserver\s+(\S+)/m.exec(env.resolvConf)?.[1] ?? '127.0.0.1';
  const serverText = o.server ?? fromResolv;
  const server = { text: serverText, ip: serverText };
  const query = digQuery(o, env.id, env.cookie);
  const attempts: DigAttempt[] = [];
  let transport: 'udp' | 'tcp' = o.tcp ? 'tcp' : 'udp';
  for (const t of digTryTimes(o)) {
    const back = env.exchange({ ip: server.ip, port: o.port }, query, t.sendAtMs, transport);
    if (!back || back.atMs > t.deadlineMs) {
      attempts.push({ kind: 'timeout' });
      continue;
    }
    const attempt: DigAttempt = { kind: 'reply', response: back.response, queryTimeMs: back.atMs - t.sendAtMs, transport, wallMs: env.startWallMs + back.atMs };
    attempts.push(attempt);
    if (transport === 'udp' && back.response.message.truncated) {
      transport = 'tcp';
      const again = env.exchange({ ip: server.ip, port: o.port }, query, back.atMs, 'tcp');
      if (again) attempts.push({ kind: 'reply', response: again.response, queryTimeMs: again.atMs - back.atMs, transport, wallMs: env.startWallMs + again.atMs });
    }
    break;
  }
  return digOutput(o, { argv, version: env.version, server, attempts });
}
