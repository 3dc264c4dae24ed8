/**
 * mh, Maglev hashing (net/netfilter/ipvs/ip_vs_mh.c), with the kernel's default table of 4093 slots
 * (CONFIG_IP_VS_MH_TAB_INDEX 12) and its fixed hash keys:
 * - each destination gets a permutation of the table from hsiphash of (port + IP) under two keys:
 *   offset = h1 % 4093, skip = h2 % 4092 + 1;
 * - the table is populated by taking destinations in list order, each claiming its next free
 *   preferred slot `turns` times per round, where turns = (last weight / gcd) >> shift, so a
 *   quiesced destination keeps its slots;
 * - lookup: slot = hsiphash(source port + source IP) % 4093 (the port only with the mh-port flag,
 *   which kube-proxy sets); a quiesced slot yields nothing unless mh-fallback is set.
 */
import { gcd, hsiphashU32, type HsiphashKey } from '../hash';
import { SVC_F, type IpvsDest, type IpvsService } from '../types';
import type { Scheduler } from './scheduler';

export const MH_TAB_SIZE = 4093;
const MH_TAB_BITS = 6;
const HASH1: HsiphashKey = [2654435761n, 2654435761n];
const HASH2: HsiphashKey = [2654446892n, 2654446892n];

function hashkey(addr: number, port: number, key: HsiphashKey, offset: number): number {
  return hsiphashU32((offset + port + addr) >>> 0, key);
}

function fls(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x);
}

/** The lookup table for a destination list, as ip_vs_mh_permutate + ip_vs_mh_populate build it. */
export function mhTable(list: readonly IpvsDest[]): (IpvsDest | null)[] {
  const lookup: (IpvsDest | null)[] = new Array(MH_TAB_SIZE).fill(null);
  let g = 0;
  for (const d of list) if (d.lastWeight > 0) g = g > 0 ? gcd(d.lastWeight, g) : d.lastWeight;
  if (g < 1) return lookup;
  const mw = Math.trunc(list.reduce((m, d) => Math.max(m, d.lastWeight), 0) / g);
  const rshift = Math.max(0, fls(mw) - MH_TAB_BITS);
  const setup = list.map((d) => {
    const offset = hashkey(d.addr, d.port, HASH1, 0) % MH_TAB_SIZE;
    const skip = (hashkey(d.addr, d.port, HASH2, 0) % (MH_TAB_SIZE - 1)) + 1;
    const turns = (Math.trunc(d.lastWeight / g) >> rshift) || (d.lastWeight !== 0 ? 1 : 0);
    return { offset, skip, perm: offset, turns };
  });
  const taken = new Uint8Array(MH_TAB_SIZE);
  let n = 0;
  let dtCount = 0;
  while (n < MH_TAB_SIZE) {
    let i = 0;
    while (i < list.length) {
      const ds = setup[i]!;
      if (ds.turns < 1) {
        i++;
        continue;
      }
      let c = ds.perm;
      while (taken[c]) {
        ds.perm += ds.skip;
        if (ds.perm >= MH_TAB_SIZE) ds.perm -= MH_TAB_SIZE;
        c = ds.perm;
      }
      taken[c] = 1;
      lookup[c] = list[i]!;
      if (++n === MH_TAB_SIZE) return lookup;
      if (++dtCount >= ds.turns) {
        dtCount = 0;
        i++;
      }
    }
  }
  return lookup;
}

export function mhSlot(saddr: number, sport: number, offset = 0): number {
  return hashkey(saddr, sport, HASH1, offset) % MH_TAB_SIZE;
}

export function createMh(svc: IpvsService, from?: (IpvsDest | null)[]): Scheduler {
  let table = from ?? mhTable(svc.dests);
  const unavailable = (d: IpvsDest): boolean => d.weight <= 0 || d.overloaded;
  return {
    name: 'mh',
    fork: (to, dest) => createMh(to, table.map((d) => d && dest(d))),
    destsChanged() {
      table = mhTable(svc.dests);
    },
    schedule(pkt) {
      const port = svc.flags & SVC_F.SCHED2 ? pkt.sport : 0;
      const first = mhSlot(pkt.saddr, port);
      const dest = table[first] ?? null;
      if (!dest) return null;
      if (!unavailable(dest)) return dest;
      if (!(svc.flags & SVC_F.SCHED1)) return null;
      for (let offset = 0; offset < MH_TAB_SIZE; offset++) {
        const d = table[mhSlot(pkt.saddr, port, (offset + first) % MH_TAB_SIZE)] ?? null;
        if (!d) break;
        if (!unavailable(d)) return d;
      }
      return null;
    },
  };
}
