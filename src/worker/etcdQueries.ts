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

/** The command line if it is an `etcdctl … compaction …` with no variables set before it, else undefined. */
export function etcdctlCompaction(line: string): string | undefined {
  const t = line.trim();
  return /^etcdctl\s(.*\s)?compaction(\s|$)/.test(t) && !/[;&|<>`$]/.test(t) ? t : undefined;
}
