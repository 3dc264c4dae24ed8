/**
 * kube-apiserver's etcd compactor (storage/etcd3/compact.go). Every interval (--etcd-compaction-
 * interval, 5 minutes) it writes `compact_rev_key` — in a transaction conditioned on the key's
 * version, so that of several API servers only one compacts per interval — with the revision it
 * noted at its previous tick, then compacts etcd to that revision. So etcd keeps the last 5 to 10
 * minutes of history; the first tick only notes the revision ("we don't compact on bootstrap").
 */
import { etcdHasLeader } from '../store/etcd';
import type { Clock } from '../clock';
import type { MvccStore } from '../store/store';

export const COMPACT_REV_KEY = 'compact_rev_key';
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

export function startCompactor(clock: Clock, store: MvccStore, intervalMs: number = DEFAULT_COMPACTION_INTERVAL_MS): void {
  // An interval of 0 turns compaction off, as --etcd-compaction-interval=0 does.
  if (intervalMs <= 0) return;
  // The compactor's local copy of the key's version: with one API server its compare always holds.
  let noted = 0;
  const tick = (): void => {
    // Without an etcd leader the compactor's transaction times out: it tries again next interval.
    if (!etcdHasLeader(clock)) {
      clock.after(intervalMs, 'apiserver: compact', tick);
      return;
    }
    store.putText(COMPACT_REV_KEY, String(noted));
    // The transaction's header revision: what the next tick compacts to.
    const current = store.revision;
    if (noted !== 0) store.compact(noted, clock.now());
    noted = current;
    clock.after(intervalMs, 'apiserver: compact', tick);
  };
  clock.after(intervalMs, 'apiserver: compact', tick);
}
