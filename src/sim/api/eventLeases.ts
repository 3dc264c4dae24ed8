/**
 * Event TTL as kube-apiserver and etcd keep it (storage/etcd3/lease_manager.go). Every Event write
 * attaches the key to an etcd lease of --event-ttl; the server does not grant a lease per write but
 * reuses its last one while that one expires between TTL and TTL + the reuse window from now (the
 * window: 5 % of the TTL, at most 60 s), and otherwise grants a new one of TTL + window. A write moves
 * the key to the lease it gets, and a lease that runs out takes every key still attached to it. So an
 * Event lives between TTL and TTL + window after its last write, and expiry is one clock event per
 * lease, not one per Event. A lease serves at most LEASE_MAX_OBJECT_COUNT writes; the next one gets a
 * new lease even inside the window, so with the default hour there is one expiry a minute, plus one
 * per thousand Events written in that minute, and a burst of Events goes in several steps.
 */
import type { Clock } from '../clock';
import { etcdHasLeader } from '../store/etcd';
import type { MvccStore } from '../store/store';

/** The most a lease's life is stretched so later writes can share it (--lease-reuse-duration-seconds). */
export const LEASE_REUSE_DURATION_SECONDS = 60;
/** …and the most as a share of the TTL. */
export const LEASE_REUSE_DURATION_PERCENT = 0.05;
/** The most writes one lease is reused for (the apiserver's default leaseMaxAttachedObjectCount). */
export const LEASE_MAX_OBJECT_COUNT = 1000;

interface Lease {
  /** what etcd granted: the TTL asked for plus the reuse window */
  ttlMs: number;
  expiresAtMs: number;
  /** the keys attached to it now (a key written again since has moved to a later lease) */
  keys: Set<string>;
}

export class EventLeases {
  /** the lease the server reuses while it is fit (leaseManager's prevLeaseID) */
  private prev: Lease | undefined;
  /** writes given `prev` so far; every call counts, as upstream counts one attached object per call */
  private attachedCount = 0;
  private byKey = new Map<string, Lease>();

  constructor(
    private readonly clock: Clock,
    private readonly store: MvccStore,
    private readonly ttlMs: number,
  ) {}

  /** The Event at `key` was just written: it goes with the lease the server has for writes now. */
  attach(key: string): void {
    const lease = this.lease();
    const old = this.byKey.get(key);
    if (old === lease) return;
    old?.keys.delete(key);
    lease.keys.add(key);
    this.byKey.set(key, lease);
  }

  /**
   * GetLease: the previous lease if it expires in (now + TTL, now + TTL + window) and has been given
   * out at most LEASE_MAX_OBJECT_COUNT times counting this call, else a new one.
   */
  private lease(): Lease {
    const now = this.clock.now();
    // TTLs are whole seconds (the Event strategy's TTL func), and so is the window.
    const ttlS = Math.floor(this.ttlMs / 1000);
    const reuseS = Math.min(LEASE_REUSE_DURATION_SECONDS, Math.floor(LEASE_REUSE_DURATION_PERCENT * ttlS));
    const prev = this.prev;
    this.attachedCount++;
    // Upstream's upper bound is strict, but its clock always moves between two calls; virtual time does
    // not, so a write at the very instant of the grant would otherwise get a lease of its own.
    const fits = prev !== undefined && now + ttlS * 1000 < prev.expiresAtMs && now + (ttlS + reuseS) * 1000 >= prev.expiresAtMs;
    if (prev && fits && this.attachedCount <= LEASE_MAX_OBJECT_COUNT) return prev;
    const ttlMs = (ttlS + reuseS) * 1000;
    const lease: Lease = { ttlMs, expiresAtMs: now + ttlMs, keys: new Set() };
    this.prev = lease;
    this.attachedCount = 1;
    this.arm(lease);
    return lease;
  }

  private arm(lease: Lease): void {
    this.clock.at(lease.expiresAtMs, 'etcd: event lease expired', () => this.expire(lease));
  }

  /**
   * The lease ran out: its keys are deleted, in key order as etcd's revoke sorts them. Only a leader
   * revokes leases; a new leader renews every lease for its full TTL, so without one the Events stay
   * that long again.
   */
  private expire(lease: Lease): void {
    if (!etcdHasLeader(this.clock)) {
      lease.expiresAtMs = this.clock.now() + lease.ttlMs;
      this.arm(lease);
      return;
    }
    if (this.prev === lease) this.prev = undefined;
    const keys = [...lease.keys].sort();
    lease.keys.clear();
    for (const key of keys) {
      this.byKey.delete(key);
      if (this.store.get(key)) this.store.delete(key);
    }
  }
}
