/**
 * The etcd panel's questions, answered from the running cluster's etcd: a level of the key tree, one
 * key's history, the status. Reading changes nothing, so none of it is recorded in the scenario.
 */
import type { Cluster } from '../sim/cluster';
import { etcdOf } from '../sim/store/etcd';
import { decodedValue } from '../sim/store/etcdValue';
import { etcdKeyHistory, etcdLevel, etcdStatus } from '../sim/store/etcdView';
import type { EtcdQuery, EtcdAnswer } from './protocol';

export function answerEtcd(cluster: Cluster, query: EtcdQuery): EtcdAnswer {
  const etcd = etcdOf(cluster.clock);
  if (!etcd) return { error: 'this cluster has no etcd' };
  switch (query.kind) {
    case 'level':
      return { level: etcdLevel(etcd, query.prefix) };
    case 'history':
      return { history: etcdKeyHistory(etcd, query.key, decodedValue) };
    case 'status':
      return { status: etcdStatus(etcd) };
  }
}

/** etcdctl's global flags that take a value as the next word. */
const VALUE_FLAGS = new Set(['--endpoints', '--cacert', '--cert', '--key', '-w', '--write-out', '--command-timeout', '--dial-timeout', '--keepalive-time', '--keepalive-timeout', '--user', '--password', '--discovery-srv', '--discovery-srv-name']);

/** The command line if its command is `etcdctl compaction` (with no variables set before it or shell syntax), else undefined. */
export function etcdctlCompaction(line: string): string | undefined {
  const t = line.trim();
  if (/[;&|<>`$'"\\]/.test(t)) return undefined;
  const words = t.split(/\s+/);
  if (words[0] !== 'etcdctl') return undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (VALUE_FLAGS.has(w)) i++;
    else if (!w.startsWith('-')) return w === 'compaction' ? t : undefined;
  }
  return undefined;
}
