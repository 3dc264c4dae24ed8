/**
 * etcdctl 3.5 (as in registry.k8s.io/etcd:3.5.15-0) against the cluster's etcd: get, watch,
 * endpoint status / health, member list, compaction and version, with the real flags and output
 * formats (simple, json, fields, table where the command has one). As on a kubeadm node, etcd
 * serves TLS only and asks for a client certificate: without --cacert/--cert/--key the client waits
 * out its 5 s command timeout and fails as the real one does.
 *
 * Values: the API server writes most kinds to etcd as protobuf ("k8s\0" + type + object), which
 * etcdctl would print as bytes. Here they are printed decoded, as JSON, and etcdctl says so once on
 * stderr.
 */
import { SIM_EPOCH_MS } from '../../clock';
import { fnv1a32 } from '../../rng';
import type { EtcdCluster, EtcdMember } from '../../store/etcd';
import { clientURL, clusterId, dbSize, ERR_NO_LEADER, ETCD_VERSION, leaderOf, memberId, peerURL, raftIndex, raftTerm, reaches } from '../../store/etcd';
import { CompactedError, FutureRevisionError } from '../../store/store';
import type { KeyValue, StoreEvent } from '../../store/store';
import { isProtobuf, valueText } from '../../store/etcdValue';
import type { ShellResult } from './result';
import { ok } from './result';
import { base64, goQuote, humanizeBytes, renderTable } from './etcdctlFormat';

/** cobrautl's exit codes */
const EXIT_ERROR = 1;
const EXIT_INTERRUPTED = 5;
const EXIT_BAD_ARGS = 128;

/** --command-timeout's default: how long a request waits for a connection that never comes. */
const COMMAND_TIMEOUT_MS = 5_000;

export const PROTOBUF_NOTE = '[kubetab] etcd holds these values as protobuf ("k8s\\x00" + apiVersion/kind + object), as the API server writes them; etcdctl shows them here decoded, as JSON.\n';

export interface EtcdctlContext {
  etcd: EtcdCluster;
  /** the member on this machine: what 127.0.0.1:2379 reaches */
  local: EtcdMember;
  /** the certificate and key files present where etcdctl runs */
  files: ReadonlySet<string>;
  env?: Readonly<Record<string, string>>;
  nowMs: number;
}

/** The certificate files kubeadm writes under /etc/kubernetes/pki/etcd (mounted into the etcd pod). */
export const ETCD_PKI_FILES = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'peer.crt', 'peer.key', 'healthcheck-client.crt', 'healthcheck-client.key'].map((f) => `/etc/kubernetes/pki/etcd/${f}`);
/** …and the API server's client pair, on the node only. */
export const APISERVER_ETCD_CLIENT_FILES = ['/etc/kubernetes/pki/apiserver-etcd-client.crt', '/etc/kubernetes/pki/apiserver-etcd-client.key'];

const VALUE_FLAGS = new Set(['endpoints', 'cacert', 'cert', 'key', 'write-out', 'rev', 'limit', 'command-timeout', 'dial-timeout', 'keepalive-time', 'keepalive-timeout', 'user', 'password', 'sort-by', 'order', 'consistency', 'discovery-srv', 'discovery-srv-name']);
const BOOL_FLAGS = new Set(['prefix', 'keys-only', 'count-only', 'print-value-only', 'from-key', 'prev-kv', 'cluster', 'hex', 'debug', 'insecure-skip-tls-verify', 'insecure-transport', 'insecure-discovery', 'physical', 'progress-notify', 'interactive']);
/** The flags etcdctl reads from ETCDCTL_<NAME> when not given. */
export const ENV_FLAGS = ['endpoints', 'cacert', 'cert', 'key', 'write-out', 'command-timeout', 'dial-timeout', 'user', 'password'];

interface Parsed {
  words: string[];
  flags: Map<string, string>;
}

function parse(args: string[]): Parsed | { error: string } {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) value = a.slice(eq + 1);
    } else if (a.startsWith('-') && a.length > 1) {
      if (a[1] !== 'w') return { error: `unknown shorthand flag: '${a[1]}' in ${a}` };
      name = 'write-out';
      if (a.length > 2) value = a.slice(a[2] === '=' ? 3 : 2);
    } else {
      words.push(a);
      continue;
    }
    if (BOOL_FLAGS.has(name)) flags.set(name, value ?? 'true');
    else if (VALUE_FLAGS.has(name)) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) return { error: `flag needs an argument: --${name}` };
      }
      flags.set(name, value);
    } else return { error: `unknown flag: --${name}` };
  }
  return { words, flags };
}

function errorExit(message: string, code = EXIT_ERROR, before = ''): ShellResult {
  return { stdout: '', stderr: `${before}Error: ${message}\n`, exitCode: code };
}

export function etcdctl(ctx: EtcdctlContext, args: string[]): ShellResult {
  const p = parse(args);
  if ('error' in p) return errorExit(p.error);
  const { words, flags } = p;
  for (const name of ENV_FLAGS) {
    const v = ctx.env?.[`ETCDCTL_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && !flags.has(name)) flags.set(name, v);
  }
  const [cmd, ...rest] = words;
  if (cmd === undefined) return ok(USAGE);
  if (cmd === 'version') return ok(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
  const known = ['get', 'watch', 'endpoint', 'member', 'compaction'];
  if (!known.includes(cmd)) {
    if (['put', 'del', 'txn', 'lease', 'defrag', 'snapshot', 'alarm', 'auth', 'user', 'role', 'lock', 'elect', 'move-leader', 'make-mirror', 'check', 'downgrade'].includes(cmd)) {
      return errorExit(`kubetab's etcdctl answers get, watch, endpoint, member list, compaction and version; "${cmd}" is not modelled`);
    }
    return errorExit(`unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.`);
  }
  const out = flags.get('write-out') ?? 'simple';
  if (!['simple', 'json', 'fields', 'table', 'protobuf'].includes(out)) return errorExit(`unsupported output format ${out}`, EXIT_BAD_ARGS);

  const tls = checkTls(ctx, flags);
  if (tls) return tls;
  const session = new Session(ctx, flags);

  switch (cmd) {
    case 'get':
      return get(session, rest, flags, out);
    case 'watch':
      return watch(session, rest, flags);
    case 'endpoint':
      return endpoint(session, rest, flags, out);
    case 'member':
      if (rest[0] !== 'list') return errorExit(`kubetab's etcdctl answers member list; "member ${rest[0] ?? ''}" is not modelled`.trimEnd());
      return memberList(session, out);
    default:
      return compaction(session, rest);
  }
}

const USAGE = `NAME:
\tetcdctl - A simple command line client for etcd3.

USAGE:
\tetcdctl [flags]

VERSION:
\t${ETCD_VERSION}

API VERSION:
\t3.5
`;

/** A missing certificate file stops etcdctl before it dials; 2 of 3 given is treated as none (no TLS). */
function checkTls(ctx: EtcdctlContext, flags: Map<string, string>): ShellResult | undefined {
  for (const f of ['cacert', 'cert', 'key']) {
    const path = flags.get(f);
    if (path !== undefined && !ctx.files.has(path)) return errorExit(`open ${path}: no such file or directory`, EXIT_BAD_ARGS);
  }
  return undefined;
}

/** One etcdctl run's connection: which endpoints it dials and whether TLS gets it through. */
class Session {
  readonly endpoints: string[];
  /** all three certificate flags are given: the TLS handshake with client authentication succeeds */
  readonly secure: boolean;
  /** pointer-like hex in the client's log lines, fixed per run */
  private readonly target: string;

  constructor(readonly ctx: EtcdctlContext, flags: Map<string, string>) {
    this.endpoints = (flags.get('endpoints') ?? '127.0.0.1:2379').split(',').filter((e) => e !== '');
    this.secure = flags.has('cacert') && flags.has('cert') && flags.has('key') && !this.endpoints.every((e) => e.startsWith('http://'));
    this.target = `0xc000${(fnv1a32(`${ctx.local.name}|${ctx.nowMs}`) & 0xfffff).toString(16).padStart(5, '0')}0`;
  }

  get etcd(): EtcdCluster {
    return this.ctx.etcd;
  }

  /** The member an endpoint reaches, if it answers. */
  member(endpoint: string): EtcdMember | undefined {
    if (!this.secure || endpoint.startsWith('http://')) return undefined;
    const hostPort = endpoint.replace(/^https:\/\//, '').replace(/\/$/, '');
    const [host, port] = hostPort.split(':');
    if (port !== '2379') return undefined;
    const m = host === '127.0.0.1' || host === 'localhost' ? this.ctx.local : this.etcd.members().find((x) => x.ip === host);
    return m && reaches(this.ctx.local, m) ? m : undefined;
  }

  /**
   * The member a linearizable request (a read by default, any write) is answered by: one that
   * answers and has a leader. Without one the request waits for a read index or a commit that never
   * comes, until the command timeout.
   */
  quorumMember(): EtcdMember | undefined {
    const m = this.kvMember();
    return m && leaderOf(this.etcd, m) ? m : undefined;
  }

  /** The member a key-value request goes to: the first endpoint that answers. */
  kvMember(): EtcdMember | undefined {
    for (const e of this.endpoints) {
      const m = this.member(e);
      if (m) return m;
    }
    return undefined;
  }

  /**
   * The client's zap warning for a failed unary call, as etcdctl 3.5 logs it before its error. A
   * timeout is stamped when the 5 s command timeout ran out.
   */
  warn(error: string, afterMs = 0, endpoint = this.endpoints[0] ?? '127.0.0.1:2379'): string {
    const ts = new Date(SIM_EPOCH_MS + this.ctx.nowMs + afterMs).toISOString();
    const fields = { level: 'warn', ts, logger: 'etcd-client', caller: 'v3/retry_interceptor.go:62', msg: 'retrying of unary invoker failed', target: `etcd-endpoints://${this.target}/${endpoint.replace(/^https?:\/\//, '')}`, attempt: 0, error };
    return `${JSON.stringify(fields)}\n`;
  }

  timeoutWarn(endpoint?: string): string {
    return this.warn('rpc error: code = DeadlineExceeded desc = context deadline exceeded', COMMAND_TIMEOUT_MS, endpoint);
  }

  /** What every request ends in when no endpoint answers. */
  unreachable(): ShellResult {
    return errorExit('context deadline exceeded', EXIT_ERROR, this.timeoutWarn());
  }

  header(member: EtcdMember): Header {
    return { clusterId: clusterId(this.etcd), memberId: memberId(member), revision: this.etcd.store.revision, raftTerm: raftTerm(this.etcd) };
  }
}

interface Header {
  clusterId: string;
  memberId: string;
  revision: number;
  raftTerm: number;
}

const dec = (hex: string): string => BigInt(`0x${hex}`).toString(10);

function headerJson(h: Header): string {
  return `{"cluster_id":${dec(h.clusterId)},"member_id":${dec(h.memberId)},"revision":${h.revision},"raft_term":${h.raftTerm}}`;
}

function headerFields(h: Header): string {
  return `"ClusterID" : ${dec(h.clusterId)}\n"MemberID" : ${dec(h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
}

const b64 = base64;

function kvJson(kv: KeyValue, keysOnly: boolean): string {
  const value = keysOnly ? '' : valueText(kv);
  return `{"key":"${b64(kv.key)}","create_revision":${kv.createRevision},"mod_revision":${kv.modRevision},"version":${kv.version}${value ? `,"value":"${b64(value)}"` : ''}}`;
}

function kvFields(kv: KeyValue, keysOnly: boolean, pfx = ''): string {
  return `"${pfx}Key" : ${goQuote(kv.key)}\n"${pfx}CreateRevision" : ${kv.createRevision}\n"${pfx}ModRevision" : ${kv.modRevision}\n"${pfx}Version" : ${kv.version}\n"${pfx}Value" : ${goQuote(keysOnly ? '' : valueText(kv))}\n"${pfx}Lease" : 0\n`;
}

function parseRev(s: string | undefined, flag: string): number | { error: ShellResult } {
  if (s === undefined) return 0;
  if (!/^-?\d+$/.test(s)) return { error: errorExit(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax`) };
  return Number(s);
}

function get(s: Session, args: string[], flags: Map<string, string>, out: string): ShellResult {
  if (args.length < 1 || args.length > 2) return errorExit('get command needs one argument as key and an optional argument as range_end', EXIT_BAD_ARGS);
  if (out === 'table') return errorExit('table is not supported as output format', 4);
  const keysOnly = flags.has('keys-only');
  const countOnly = flags.has('count-only');
  const valueOnly = flags.has('print-value-only');
  if (countOnly && out !== 'fields') return errorExit('--count-only is only for `--write-out=fields`', EXIT_BAD_ARGS);
  if (flags.has('prefix') && args.length === 2) return errorExit('`range_end` and `--prefix` are mutually exclusive', EXIT_BAD_ARGS);
  const rev = parseRev(flags.get('rev'), 'rev');
  if (typeof rev !== 'number') return rev.error;
  const limit = parseRev(flags.get('limit'), 'limit');
  if (typeof limit !== 'number') return limit.error;
  // --consistency=s reads the member's own copy: it answers without a leader.
  const serializable = flags.get('consistency') === 's';
  const member = serializable ? s.kvMember() : s.quorumMember();
  if (!member) return s.unreachable();
  const key = args[0]!;
  let all: KeyValue[];
  try {
    const rangeEnd = args[1];
    if (rangeEnd !== undefined) all = s.etcd.store.rangeAt('', rev).filter((kv) => kv.key >= key && kv.key < rangeEnd);
    else all = s.etcd.store.rangeAt(key, rev, !flags.has('prefix'));
  } catch (e) {
    if (e instanceof CompactedError || e instanceof FutureRevisionError) return errorExit(`etcdserver: ${e.message}`, EXIT_ERROR, s.warn(`rpc error: code = OutOfRange desc = etcdserver: ${e.message}`));
    throw e;
  }
  const kvs = limit > 0 ? all.slice(0, limit) : all;
  const more = kvs.length < all.length;
  const shown = countOnly ? [] : kvs;
  const note = !keysOnly && shown.some(isProtobuf) ? PROTOBUF_NOTE : '';
  const h = s.header(member);
  switch (out) {
    case 'json': {
      const body = shown.length ? `,"kvs":[${shown.map((kv) => kvJson(kv, keysOnly)).join(',')}]` : '';
      return { stdout: `{"header":${headerJson(h)}${body}${more ? ',"more":true' : ''}${all.length ? `,"count":${all.length}` : ''}}\n`, stderr: note, exitCode: 0 };
    }
    case 'fields':
      return { stdout: `${headerFields(h)}${shown.map((kv) => kvFields(kv, keysOnly)).join('')}"More" : ${more}\n"Count" : ${all.length}\n`, stderr: note, exitCode: 0 };
    case 'protobuf':
      return errorExit('kubetab does not print protobuf bytes; use -w json or -w fields', EXIT_BAD_ARGS);
    default: {
      let stdout = '';
      // etcdctl 3.5 prints the value line even with --keys-only, where it is empty.
      for (const kv of shown) stdout += `${valueOnly ? '' : `${kv.key}\n`}${keysOnly ? '' : valueText(kv)}\n`;
      return { stdout, stderr: note, exitCode: 0 };
    }
  }
}

function watch(s: Session, args: string[], flags: Map<string, string>): ShellResult {
  if (args.length < 1 || args.length > 2) return errorExit('watch in non-interactive mode requires one or two arguments as key or prefix, with range end', EXIT_BAD_ARGS);
  const rev = parseRev(flags.get('rev'), 'rev');
  if (typeof rev !== 'number') return rev.error;
  const member = s.kvMember();
  if (!member) return s.unreachable();
  const store = s.etcd.store;
  const key = args[0]!;
  const prefix = flags.has('prefix');
  const prevKv = flags.has('prev-kv');
  const matches = (ev: StoreEvent): boolean => (prefix ? ev.key.startsWith(key) : args[1] !== undefined ? ev.key >= key && ev.key < args[1] : ev.key === key);
  // A watch starts at --rev, or just after the revision current when it was created.
  const from = rev > 0 ? rev : store.revision + 1;
  const canceled = (): ShellResult => ({ stdout: '', stderr: `watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n`, exitCode: EXIT_INTERRUPTED });
  // etcd cancels a watch only below the compacted revision: from it, the values written at that
  // revision are still there (compaction keeps each key's latest version), without their prevKv.
  if (from < store.compactRevision) return canceled();
  const finish = (): ShellResult => {
    let events: StoreEvent[];
    try {
      const at = store.compactRevision;
      const atCompacted = from === at ? store.rangeAt('', at).filter((kv) => kv.modRevision === at).map((kv): StoreEvent => ({ type: 'PUT', key: kv.key, kv, revision: at })) : [];
      events = [...atCompacted, ...store.historySince(Math.max(from - 1, at))].filter(matches);
    } catch (e) {
      if (e instanceof CompactedError) return canceled();
      throw e;
    }
    let stdout = '';
    let protobuf = false;
    for (const ev of events) {
      stdout += `${ev.type}\n`;
      if (prevKv && ev.prevKv) stdout += `${ev.prevKv.key}\n${valueText(ev.prevKv)}\n`;
      if (ev.type === 'DELETE') stdout += `${ev.key}\n\n`;
      else stdout += `${ev.key}\n${valueText(ev.kv)}\n`;
      // Only a value printed needs the note: a DELETE prints its key alone.
      protobuf ||= (ev.type === 'PUT' && isProtobuf(ev.kv)) || (prevKv && !!ev.prevKv && isProtobuf(ev.prevKv));
    }
    return { stdout, stderr: protobuf ? PROTOBUF_NOTE : '', exitCode: 0 };
  };
  return { stdout: '', stderr: '', exitCode: 0, running: finish };
}

interface EpStatus {
  endpoint: string;
  member: EtcdMember;
}

/** etcd lists its members by ID (as unsigned 64-bit numbers), whatever order they joined in. */
function byId(members: EtcdMember[]): EtcdMember[] {
  const id = (m: EtcdMember): bigint => BigInt(`0x${memberId(m)}`);
  return [...members].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** --cluster: the client URLs of the member list, in its order. */
function statusEndpoints(s: Session, flags: Map<string, string>): string[] {
  return flags.has('cluster') && s.kvMember() ? byId(s.etcd.members()).map(clientURL) : s.endpoints;
}

function endpoint(s: Session, args: string[], flags: Map<string, string>, out: string): ShellResult {
  const sub = args[0];
  if (sub === 'status') return endpointStatus(s, flags, out);
  if (sub === 'health') return endpointHealth(s, flags, out);
  return errorExit(`kubetab's etcdctl answers endpoint status and endpoint health; "endpoint ${sub ?? ''}" is not modelled`.trimEnd());
}

const STATUS_HEADER = ['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'];

function endpointStatus(s: Session, flags: Map<string, string>, out: string): ShellResult {
  let stderr = '';
  const list: EpStatus[] = [];
  for (const ep of statusEndpoints(s, flags)) {
    const member = s.member(ep);
    if (!member) {
      stderr += `${s.timeoutWarn(ep)}Failed to get the status of endpoint ${ep} (context deadline exceeded)\n`;
      continue;
    }
    list.push({ endpoint: ep, member });
  }
  const etcd = s.etcd;
  const db = dbSize(etcd);
  const index = raftIndex(etcd);
  const term = raftTerm(etcd);
  // Each member answers Status itself, with the leader it knows; none adds etcd's "no leader" error.
  const leaderId = (member: EtcdMember): string => {
    const leader = leaderOf(etcd, member);
    return leader ? memberId(leader) : '0';
  };
  const errors = (member: EtcdMember): string[] => (leaderOf(etcd, member) ? [] : [ERR_NO_LEADER]);
  const rows = list.map(({ endpoint: ep, member }) => [ep, memberId(member), ETCD_VERSION, humanizeBytes(db.size), String(leaderId(member) === memberId(member)), 'false', String(term), String(index), String(index), errors(member).join(', ')]);
  const exitCode = stderr ? EXIT_ERROR : 0;
  let stdout: string;
  switch (out) {
    case 'table':
      stdout = renderTable(STATUS_HEADER, rows);
      break;
    case 'json':
      stdout = `[${list.map(({ endpoint: ep, member }) => `{"Endpoint":${JSON.stringify(ep)},"Status":{"header":${headerJson(s.header(member))},"version":"${ETCD_VERSION}","dbSize":${db.size},"leader":${dec(leaderId(member))},"raftIndex":${index},"raftTerm":${term},"raftAppliedIndex":${index},${errors(member).length ? `"errors":${JSON.stringify(errors(member))},` : ''}"dbSizeInUse":${db.inUse}}}`).join(',')}]\n`;
      break;
    case 'fields':
      stdout = list.map(({ endpoint: ep, member }) => `${headerFields(s.header(member))}"Version" : "${ETCD_VERSION}"\n"DBSize" : ${db.size}\n"Leader" : ${dec(leaderId(member))}\n"IsLearner" : false\n"RaftIndex" : ${index}\n"RaftTerm" : ${term}\n"RaftAppliedIndex" : ${index}\n"Errors" : [${errors(member).join(' ')}]\n"Endpoint" : ${goQuote(ep)}\n\n`).join('');
      break;
    default:
      stdout = rows.map((r) => `${r.join(', ')}\n`).join('');
  }
  return { stdout, stderr, exitCode };
}

/** How long the health check's proposal took: a few milliseconds, fixed per endpoint and moment. */
function took(ep: string, nowMs: number): string {
  const ns = 2_000_000 + (fnv1a32(`${ep}|${nowMs}`) % 9_000_000);
  return `${(ns / 1e6).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}ms`;
}

function endpointHealth(s: Session, flags: Map<string, string>, out: string): ShellResult {
  let stdout = '';
  let stderr = '';
  const rows: string[][] = [];
  let unhealthy = false;
  for (const ep of statusEndpoints(s, flags)) {
    // The check is a linearizable read: a member without a leader fails it as one that does not answer.
    const member = s.member(ep);
    if (member && leaderOf(s.etcd, member)) {
      const t = took(ep, s.ctx.nowMs);
      rows.push([ep, 'true', t, '']);
      if (out === 'simple') stdout += `${ep} is healthy: successfully committed proposal: took = ${t}\n`;
    } else {
      unhealthy = true;
      rows.push([ep, 'false', `5.00${String(fnv1a32(`${ep}|${s.ctx.nowMs}`) % 10_000_000).padStart(7, '0')}s`, 'context deadline exceeded']);
      stderr += s.timeoutWarn(ep).replace('"logger":"etcd-client"', '"logger":"client"');
      if (out === 'simple') stderr += `${ep} is unhealthy: failed to commit proposal: context deadline exceeded\n`;
    }
  }
  if (out === 'table') stdout = renderTable(['ENDPOINT', 'HEALTH', 'TOOK', 'ERROR'], rows);
  else if (out === 'json') stdout = `[${rows.map((r) => `{"endpoint":${JSON.stringify(r[0])},"health":${r[1]},"took":${JSON.stringify(r[2])}${r[3] ? `,"error":${JSON.stringify(r[3])}` : ''}}`).join(',')}]\n`;
  else if (out === 'fields') stdout = rows.map((r) => `"Endpoint" : ${goQuote(r[0]!)}\n"Health" : ${r[1]}\n"Took" : ${r[2]}\n"Error" : ${r[3]}\n\n`).join('');
  if (unhealthy) stderr += 'Error: unhealthy cluster\n';
  return { stdout, stderr, exitCode: unhealthy ? EXIT_ERROR : 0 };
}

function memberList(s: Session, out: string): ShellResult {
  const member = s.kvMember();
  if (!member) return s.unreachable();
  const members = byId(s.etcd.members());
  const rows = members.map((m) => [memberId(m), 'started', m.name, peerURL(m), clientURL(m), 'false']);
  switch (out) {
    case 'table':
      return ok(renderTable(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], rows));
    case 'json':
      return ok(`{"header":${headerJson(s.header(member))},"members":[${members.map((m) => `{"ID":${dec(memberId(m))},"name":${JSON.stringify(m.name)},"peerURLs":[${JSON.stringify(peerURL(m))}],"clientURLs":[${JSON.stringify(clientURL(m))}]}`).join(',')}]}\n`);
    case 'fields':
      return ok(`${headerFields(s.header(member))}${members.map((m) => `"ID" : ${dec(memberId(m))}\n"Name" : ${goQuote(m.name)}\n"PeerURL" : ${goQuote(peerURL(m))}\n"ClientURL" : ${goQuote(clientURL(m))}\n"IsLearner" : false\n\n`).join('')}`);
    default:
      return ok(rows.map((r) => `${r.join(', ')}\n`).join(''));
  }
}

function compaction(s: Session, args: string[]): ShellResult {
  if (args.length !== 1) return errorExit('compaction command needs 1 argument.', EXIT_BAD_ARGS);
  const raw = args[0]!;
  if (!/^-?\d+$/.test(raw)) return errorExit(`strconv.ParseInt: parsing "${raw}": invalid syntax`, EXIT_BAD_ARGS);
  const rev = Number(raw);
  if (!s.quorumMember()) return s.unreachable();
  const store = s.etcd.store;
  const fail = (msg: string): ShellResult => errorExit(`etcdserver: ${msg}`, EXIT_ERROR, s.warn(`rpc error: code = OutOfRange desc = etcdserver: ${msg}`));
  if (rev <= store.compactRevision) return fail(new CompactedError(rev, store.compactRevision).message);
  if (rev > store.revision) return fail(new FutureRevisionError(rev, store.revision).message);
  store.compact(rev, s.ctx.nowMs);
  return ok(`compacted revision ${rev}\n`);
}
