/**
 * The etcd panel's questions, answered from the running cluster's etcd: a level of the key tree, one
 * key's history, the status. Reading changes nothing, so none of it is recorded in the scenario.
 */
import type { Cluster } from '../sim/cluster';
import { etcdOf } from '../sim/store/etcd';
import { decodedValue } from '../sim/store/etcdValue';
import { etcdKeyHistory, etcdLevel, etcdStatus } from '../sim/store/etcdView';
import type { EtcdQuery, EtcdAnswer } from './protocol';
import { ENV_FLAGS } from '../sim/node/nodeshell/etcdctlArgs';
import { ASSIGNMENT, splitWords } from '../sim/node/nodeshell/words';

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

/**
 * If a node-shell line runs `etcdctl compaction`, the same etcdctl run as the etcd pod's command
 * line, else undefined. The line is split as the node shell splits it. Variables set before etcdctl
 * that it reads (ETCDCTL_CACERT=…) become the flags they stand for, placed first so that a flag on
 * the line still wins, as it wins over the variable; others (ETCDCTL_API=3) change nothing.
 */
export function etcdctlCompaction(line: string): string | undefined {
  const words = splitWords(line);
  const flags: string[] = [];
  let i = 0;
  for (let m = ASSIGNMENT.exec(words[0] ?? ''); m; m = ASSIGNMENT.exec(words[i] ?? '')) {
    const flag = ENV_FLAGS.find((f) => `ETCDCTL_${f.toUpperCase().replace(/-/g, '_')}` === m![1]);
    if (flag) flags.push(`--${flag}=${m[2]!}`);
    i++;
  }
  if (words[i] !== 'etcdctl') return undefined;
  const args = words.slice(i + 1);
  for (let j = 0; j < args.length; j++) {
    const w = args[j]!;
    if (VALUE_FLAGS.has(w)) j++;
    else if (!w.startsWith('-')) return w === 'compaction' ? ['etcdctl', ...flags, ...args].map(shellQuote).join(' ') : undefined;
  }
  return undefined;
}

/** A word as kubectl's command line reads it back: quoted when it holds more than plain characters. */
function shellQuote(w: string): string {
  return /^[A-Za-z0-9_./=:,+@%-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
