/**
 * What the etcd panel shows, read from the cluster's etcd: one level of the key tree (directories
 * with their key counts, keys with their revisions), one key's history with the value at each
 * revision, and the status (revisions, compaction, database size, the open watches, the members).
 * Reading changes nothing.
 */
import type { EtcdCluster } from './etcd';
import { clientURL, clusterId, dbSize, ETCD_VERSION, leaderOf, memberId, peerURL, raftIndex, raftTerm } from './etcd';
import type { KeyValue } from './store';

export interface EtcdTreeEntry {
  /** a directory ends in '/': every key under it starts with it */
  path: string;
  dir: boolean;
  /** directories: keys under them (at any depth) */
  count?: number;
  createRevision?: number;
  modRevision?: number;
  version?: number;
}

export interface EtcdLevel {
  prefix: string;
  entries: EtcdTreeEntry[];
}

export interface EtcdKeyRevision {
  revision: number;
  type: 'PUT' | 'DELETE';
  createRevision: number;
  modRevision: number;
  version: number;
  /** the value as text: an API object decoded to JSON (etcd holds it as protobuf), or the key's bytes */
  value: string;
  protobuf: boolean;
}

export interface EtcdKeyHistory {
  key: string;
  /** oldest first; empty when the key is unknown to the history still kept */
  revisions: EtcdKeyRevision[];
  /** the key's current create/mod revision and version; absent when it does not exist now */
  current?: { createRevision: number; modRevision: number; version: number };
  compactRevision: number;
}

export interface EtcdMemberStatus {
  name: string;
  id: string;
  clientURL: string;
  peerURL: string;
  leader: boolean;
  up: boolean;
}

export interface EtcdStatus {
  version: string;
  /** the cluster's ID, as etcd prints it (%x) */
  clusterId: string;
  revision: number;
  compactRevision: number;
  /** the last compaction: revision and virtual time (absent before the first) */
  compaction?: { revision: number; atMs: number };
  keys: number;
  dbSize: number;
  dbSizeInUse: number;
  raftTerm: number;
  raftIndex: number;
  /** the watches open on etcd: the API server's one per resource prefix */
  watchers: { prefix: string; startRevision: number }[];
  members: EtcdMemberStatus[];
}

/** The children of `prefix` (a directory path ending in '/', or '' for the root). */
export function etcdLevel(etcd: EtcdCluster, prefix: string): EtcdLevel {
  const dirs = new Map<string, number>();
  const entries: EtcdTreeEntry[] = [];
  for (const kv of etcd.store.range(prefix)) {
    const rest = kv.key.slice(prefix.length);
    // A leading '/' belongs to the first segment (the root's child is '/registry/').
    const slash = rest.indexOf('/', 1);
    if (slash < 0) entries.push({ path: kv.key, dir: false, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version });
    else {
      const dir = prefix + rest.slice(0, slash + 1);
      dirs.set(dir, (dirs.get(dir) ?? 0) + 1);
    }
  }
  for (const [path, count] of dirs) entries.push({ path, dir: true, count });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { prefix, entries };
}

export function etcdKeyHistory(etcd: EtcdCluster, key: string, decode: (kv: KeyValue) => { value: string; protobuf: boolean }): EtcdKeyHistory {
  const store = etcd.store;
  const revisions = store.keyHistory(key).map((r) => ({ revision: r.revision, type: r.type, createRevision: r.kv.createRevision, modRevision: r.type === 'DELETE' ? r.revision : r.kv.modRevision, version: r.type === 'DELETE' ? 0 : r.kv.version, ...(r.type === 'DELETE' ? { value: '', protobuf: false } : decode(r.kv)) }));
  const now = store.get(key);
  return { key, revisions, ...(now ? { current: { createRevision: now.createRevision, modRevision: now.modRevision, version: now.version } } : {}), compactRevision: store.compactRevision };
}

export function etcdStatus(etcd: EtcdCluster): EtcdStatus {
  const store = etcd.store;
  const db = dbSize(etcd);
  const leader = leaderOf(etcd);
  const compaction = store.compaction;
  return {
    version: ETCD_VERSION,
    clusterId: clusterId(etcd),
    revision: store.revision,
    compactRevision: store.compactRevision,
    ...(compaction ? { compaction } : {}),
    keys: store.size,
    dbSize: db.size,
    dbSizeInUse: db.inUse,
    raftTerm: raftTerm(etcd),
    raftIndex: raftIndex(etcd),
    watchers: store.watchers(),
    members: etcd.members().map((m) => ({ name: m.name, id: memberId(m), clientURL: clientURL(m), peerURL: peerURL(m), leader: leader?.name === m.name, up: m.up })),
  };
}
