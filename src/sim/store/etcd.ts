/**
 * The etcd cluster as its members and clients see it: one member per control-plane node (kubeadm's
 * stacked topology), each serving the cluster's one store on https://IP:2379 with peers on :2380.
 * Found through the cluster's clock, as the world of node agents is, so the node shell and a
 * container's exec reach it without holding the cluster.
 */
import type { Clock } from '../clock';
import { fnv1a32 } from '../rng';
import type { KeyValue, MvccStore } from './store';

export const ETCD_VERSION = '3.5.15';

export interface EtcdMember {
  /** the member's --name: its node's name */
  name: string;
  ip: string;
  /** whether its machine is powered on */
  up: boolean;
  /** its machine is cut off from the node network: it cannot reach its peers, nor they it */
  isolated?: boolean;
}

export interface EtcdCluster {
  store: MvccStore;
  clock: Clock;
  /** the control-plane nodes, in the cluster's node order */
  members(): EtcdMember[];
}

const clusters = new WeakMap<Clock, EtcdCluster>();

export function registerEtcd(clock: Clock, etcd: EtcdCluster): void {
  clusters.set(clock, etcd);
}

export function etcdOf(clock: Clock): EtcdCluster | undefined {
  return clusters.get(clock);
}

/**
 * Whether etcd commits writes and answers linearizable reads: it has a leader. A clock with no etcd
 * registered (a bare API server in tests) always does.
 */
export function etcdHasLeader(clock: Clock): boolean {
  const etcd = clusters.get(clock);
  // A cluster of nodes none of which is a control plane (a test's bare rig) has no members to lose.
  if (!etcd) return true;
  const members = etcd.members();
  // leaderOf without its lists, as every request asks: a member that is up and not cut off sees all
  // such members, one cut off sees only itself, so a leader exists when those that see each other
  // are a quorum, or the one member of a single-member cluster is up.
  let together = 0;
  for (const m of members) if (m.up && !m.isolated) together++;
  return members.length === 0 || together >= Math.floor(members.length / 2) + 1 || (members.length === 1 && members[0]!.up);
}

export const clientURL = (m: EtcdMember): string => `https://${m.ip}:2379`;
export const peerURL = (m: EtcdMember): string => `https://${m.ip}:2380`;

/** A member's 64-bit ID as etcd prints it (%x): derived from its name and peer URL, as etcd derives it from its peer URLs. */
export function memberId(m: EtcdMember): string {
  return hex64(`member|${m.name}|${peerURL(m)}`);
}

export function clusterId(etcd: EtcdCluster): string {
  return hex64(`cluster|${etcd.members().map(peerURL).join(',')}`);
}

function hex64(s: string): string {
  const hi = fnv1a32(s);
  const lo = fnv1a32(s, hi ^ 0x9e3779b9);
  // etcd prints IDs with %x: no leading zeros.
  return (BigInt(hi) * 2n ** 32n + BigInt(lo)).toString(16);
}

/** The members `m` can talk to, itself included: none when it is down, only itself when cut off. */
function sideOf(members: EtcdMember[], m: EtcdMember): EtcdMember[] {
  if (!m.up) return [];
  return m.isolated ? [m] : members.filter((x) => x.up && !x.isolated);
}

/**
 * The leader as `seenFrom` sees it (default: as any member that has one sees it). Raft elects one
 * only among a majority of the members, ⌊n/2⌋+1: the first member up on a side that large (the one
 * elected at bootstrap while it stays up). Below that no member has a leader, and with pre-vote (on
 * by default in etcd 3.5) their failing elections do not raise the term.
 */
export function leaderOf(etcd: EtcdCluster, seenFrom?: EtcdMember, members: EtcdMember[] = etcd.members()): EtcdMember | undefined {
  const quorum = Math.floor(members.length / 2) + 1;
  for (const m of seenFrom ? [seenFrom] : members) {
    const side = sideOf(members, m);
    if (side.length >= quorum) return side[0];
  }
  return undefined;
}

/** Whether `a` reaches `b` on the node network (etcd's client and peer ports). */
export function reaches(a: EtcdMember, b: EtcdMember): boolean {
  return b.up && (a.name === b.name || (!a.isolated && !b.isolated));
}

/** etcd's own words for a request that waited out its proposal or read index with no leader (ErrTimeout). */
export const ERR_REQUEST_TIMED_OUT = 'etcdserver: request timed out';
/** …and the error Status adds when the member has no leader (ErrNoLeader). */
export const ERR_NO_LEADER = 'etcdserver: no leader';

/** Raft term: 2 after the bootstrap election; one more once leadership moved off the first member. */
export function raftTerm(etcd: EtcdCluster): number {
  const members = etcd.members();
  // Without a leader the term stays what it was under the last one: first up member's, as before.
  const leader = leaderOf(etcd) ?? members.find((m) => m.up);
  return !leader || leader.name === members[0]?.name ? 2 : 3;
}

/**
 * Raft index: every write is one entry, plus the entries that are no key writes — the cluster's
 * creation and member additions, lease grants behind Events, and each compaction.
 */
export function raftIndex(etcd: EtcdCluster): number {
  return etcd.store.revision + 3 + etcd.members().length + compactions(etcd);
}

function compactions(etcd: EtcdCluster): number {
  // compact_rev_key's version counts the compactor's ticks; each after the first compacted.
  const v = etcd.store.get('compact_rev_key')?.version ?? 0;
  return Math.max(0, v - 1);
}

const sizes = new WeakMap<KeyValue, number>();

/** Bytes a key-value takes in the bbolt file: key, protobuf (about 3/5 of the JSON), and bookkeeping. */
function kvBytes(kv: KeyValue): number {
  let n = sizes.get(kv);
  if (n === undefined) {
    n = kv.key.length + 48 + (kv.text !== undefined ? kv.text.length : Math.ceil(JSON.stringify(kv.value).length * 0.6));
    sizes.set(kv, n);
  }
  return n;
}

/**
 * The database file's size: bbolt's initial pages plus every revision still kept (current values
 * and the history since the last compaction), in 4 KiB pages. Deterministic, as the store is.
 */
export function dbSize(etcd: EtcdCluster): { size: number; inUse: number } {
  const s = etcd.store;
  let live = 0;
  for (const kv of s.range('')) live += kvBytes(kv);
  let hist = 0;
  for (const ev of s.historySince(s.compactRevision)) hist += kvBytes(ev.kv);
  const page = 4096;
  const base = 1_310_720;
  const inUse = Math.ceil((base + live + hist) / page) * page;
  // Freed pages stay in the file until a defrag: the file is a quarter larger than what is in use.
  const size = Math.ceil((inUse * 1.25) / page) * page;
  return { size, inUse };
}
