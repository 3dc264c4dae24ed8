/**
 * The hashing schedulers, with the tables and hash functions of their kernel modules:
 * - dh (ip_vs_dh.c): 256 buckets filled by walking the destination list round-robin, one bucket per
 *   destination in turn; bucket = hash_32(destination IP, 8). Rebuilt when a destination is added or
 *   deleted (weights are not used).
 * - sh (ip_vs_sh.c): 256 buckets; each destination takes `weight` consecutive buckets in list order
 *   (at least one, even at weight 0); bucket = (offset + hash_32(source port + source IP, 8)) & 255,
 *   the port counting only with the sh-port flag. Rebuilt on add, delete and weight change. With the
 *   sh-fallback flag an unusable bucket is followed by probing offsets from the original hash.
 * A bucket whose destination is quiesced (weight 0) or overloaded yields no destination.
 */
import { hash32 } from '../hash';
import { SVC_F, type IpvsDest, type IpvsService } from '../types';
import type { Scheduler } from './scheduler';

const TAB_BITS = 8;
const TAB_SIZE = 1 << TAB_BITS;
const TAB_MASK = TAB_SIZE - 1;

const unavailable = (d: IpvsDest): boolean => d.weight <= 0 || d.overloaded;

export function createDh(svc: IpvsService, from?: (IpvsDest | null)[]): Scheduler {
  let table: (IpvsDest | null)[] = [];
  const reassign = (): void => {
    const list = svc.dests;
    table = Array.from({ length: TAB_SIZE }, (_, i) => (list.length === 0 ? null : list[i % list.length]!));
  };
  if (from) table = from;
  else reassign();
  return {
    name: 'dh',
    fork: (to, dest) => createDh(to, table.map((d) => d && dest(d))),
    destsChanged(change) {
      if (change.kind !== 'upd') reassign();
    },
    schedule(pkt) {
      const dest = table[dhBucket(pkt.daddr)] ?? null;
      if (!dest || !dest.available || unavailable(dest)) return null;
      return dest;
    },
  };
}

/** The dh bucket for a destination address. */
export function dhBucket(daddr: number): number {
  return hash32(daddr, TAB_BITS);
}

/** The sh bucket for a source address (and port, with sh-port), probing `offset` further. */
export function shBucket(saddr: number, sport: number, offset = 0): number {
  return (offset + hash32((sport + saddr) >>> 0, TAB_BITS)) & TAB_MASK;
}

/** The sh bucket table for a destination list: each destination fills `weight` buckets in turn. */
export function shTable(list: readonly IpvsDest[]): (IpvsDest | null)[] {
  const table: (IpvsDest | null)[] = new Array(TAB_SIZE).fill(null);
  if (list.length === 0) return table;
  let p = 0;
  let count = 0;
  for (let i = 0; i < TAB_SIZE; i++) {
    const dest = list[p % list.length]!;
    table[i] = dest;
    if (++count >= dest.weight) {
      p = (p + 1) % list.length;
      count = 0;
    }
  }
  return table;
}

export function createSh(svc: IpvsService, from?: (IpvsDest | null)[]): Scheduler {
  let table = from ?? shTable(svc.dests);
  return {
    name: 'sh',
    fork: (to, dest) => createSh(to, table.map((d) => d && dest(d))),
    destsChanged() {
      table = shTable(svc.dests);
    },
    schedule(pkt) {
      const port = svc.flags & SVC_F.SCHED2 ? pkt.sport : 0;
      const first = shBucket(pkt.saddr, port);
      const dest = table[first] ?? null;
      if (!dest) return null;
      if (!unavailable(dest)) return dest;
      if (!(svc.flags & SVC_F.SCHED1)) return null;
      for (let offset = 0; offset < TAB_SIZE; offset++) {
        const d = table[shBucket(pkt.saddr, port, (offset + first) % TAB_SIZE)] ?? null;
        if (!d) break;
        if (!unavailable(d)) return d;
      }
      return null;
    },
  };
}
