/**
 * etcdctl's cluster commands: endpoint status and health (one endpoint or the whole --cluster) and
 * member list, each as its member answers it.
 */
import type { EtcdMember } from '../../store/etcd';
import { clientURL, dbSize, ERR_NO_LEADER, ETCD_VERSION, leaderOf, memberId, peerURL, raftIndex, raftTerm } from '../../store/etcd';
import { fnv1a32 } from '../../rng';
import type { ShellResult } from './result';
import { ok } from './result';
import { goQuote, humanizeBytes, renderTable } from './etcdctlFormat';
import { errorExit, EXIT_ERROR } from './etcdctlArgs';
import type { Session } from './etcdctlSession';
import { dec, headerFields, headerJson } from './etcdctlSession';

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

export function endpoint(s: Session, args: string[], flags: Map<string, string>, out: string): ShellResult {
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

export function memberList(s: Session, out: string): ShellResult {
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
