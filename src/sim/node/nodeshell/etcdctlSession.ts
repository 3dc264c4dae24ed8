/**
 * One etcdctl run's connection to etcd: the endpoints it dials, whether TLS lets it through, which
 * member answers, and the response header and client log lines the real client prints.
 */
import { SIM_EPOCH_MS } from '../../clock';
import { fnv1a32 } from '../../rng';
import type { EtcdCluster, EtcdMember } from '../../store/etcd';
import { clusterId, leaderOf, memberId, raftTerm, reaches } from '../../store/etcd';
import type { ShellResult } from './result';
import { errorExit, EXIT_ERROR } from './etcdctlArgs';
import type { EtcdctlContext } from './etcdctl';

/** --command-timeout's default: how long a request waits for a connection that never comes. */
const COMMAND_TIMEOUT_MS = 5_000;

/** One etcdctl run's connection: which endpoints it dials and whether TLS gets it through. */
export class Session {
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

export interface Header {
  clusterId: string;
  memberId: string;
  revision: number;
  raftTerm: number;
}

export const dec = (hex: string): string => BigInt(`0x${hex}`).toString(10);

export function headerJson(h: Header): string {
  return `{"cluster_id":${dec(h.clusterId)},"member_id":${dec(h.memberId)},"revision":${h.revision},"raft_term":${h.raftTerm}}`;
}

export function headerFields(h: Header): string {
  return `"ClusterID" : ${dec(h.clusterId)}\n"MemberID" : ${dec(h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
}
