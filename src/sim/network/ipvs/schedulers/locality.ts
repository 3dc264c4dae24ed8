/**
 * The locality-based schedulers (ip_vs_lblc.c, ip_vs_lblcr.c). Both remember, per destination IP of
 * the packet (for kube-proxy that is the Service VIP, so every client shares one entry), where the
 * last connections went:
 * - lblc keeps one server per destination IP and moves on (by weighted least connection) when that
 *   server is gone, quiesced, or has more active connections than its weight while another server
 *   has fewer than half its weight in active connections;
 * - lblcr keeps a set of servers, uses the least loaded of the set, adds a server the same way when
 *   the set's best is overloaded, and drops the most loaded member once the set has not changed for
 *   the expiration time.
 * Entries unused for the expiration time (24 h by default) are collected.
 */
import { connOverhead, type IpvsDest, type IpvsService } from '../types';
import { weightedLeast } from './leastconn';
import type { Scheduler } from './scheduler';

/** net.ipv4.vs.lblc_expiration / lblcr_expiration default */
export const LOCALITY_EXPIRATION_MS = 24 * 60 * 60 * 1000;

function isOverloaded(dest: IpvsDest, svc: IpvsService): boolean {
  if (dest.activeConns > dest.weight) {
    for (const d of svc.dests) if (d.activeConns * 2 < d.weight) return true;
  }
  return false;
}

export function createLblc(svc: IpvsService, from?: Map<number, { dest: IpvsDest; lastUse: number }>): Scheduler {
  const cache = from ?? new Map<number, { dest: IpvsDest; lastUse: number }>();
  return {
    name: 'lblc',
    fork: (to, dest) => createLblc(to, new Map([...cache].map(([k, en]) => [k, { dest: dest(en.dest), lastUse: en.lastUse }]))),
    destsChanged() {},
    schedule(pkt, now) {
      const en = cache.get(pkt.daddr);
      if (en && now - en.lastUse >= LOCALITY_EXPIRATION_MS) cache.delete(pkt.daddr);
      else if (en) {
        en.lastUse = now;
        const d = en.dest;
        if (d.available && d.weight > 0 && !isOverloaded(d, svc)) return d;
      }
      const dest = weightedLeast(svc.dests, connOverhead);
      if (!dest) return null;
      cache.set(pkt.daddr, { dest, lastUse: now });
      return dest;
    },
  };
}

/** The weighted least-loaded usable member of a set, as ip_vs_dest_set_min picks it. */
function setMin(set: readonly IpvsDest[]): IpvsDest | null {
  let i = set.findIndex((d) => !d.overloaded && d.weight > 0 && d.available);
  if (i < 0) return null;
  let least = set[i]!;
  let loh = connOverhead(least);
  for (i++; i < set.length; i++) {
    const d = set[i]!;
    if (d.overloaded) continue;
    const doh = connOverhead(d);
    if (loh * d.weight > doh * least.weight && d.available) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

/** The weighted most-loaded member, as ip_vs_dest_set_max picks it. */
function setMax(set: readonly IpvsDest[]): IpvsDest | null {
  let i = set.findIndex((d) => d.weight > 0);
  if (i < 0) return null;
  let most = set[i]!;
  let moh = connOverhead(most);
  for (i++; i < set.length; i++) {
    const d = set[i]!;
    const doh = connOverhead(d);
    if (moh * d.weight < doh * most.weight && d.weight > 0) {
      most = d;
      moh = doh;
    }
  }
  return most;
}

export function createLblcr(svc: IpvsService, from?: Map<number, { set: IpvsDest[]; lastMod: number; lastUse: number }>): Scheduler {
  /** per destination IP: the set (newest member first, as list_add puts it) */
  const cache = from ?? new Map<number, { set: IpvsDest[]; lastMod: number; lastUse: number }>();
  return {
    name: 'lblcr',
    fork: (to, dest) => createLblcr(to, new Map([...cache].map(([k, en]) => [k, { set: en.set.map(dest), lastMod: en.lastMod, lastUse: en.lastUse }]))),
    destsChanged() {},
    schedule(pkt, now) {
      let en = cache.get(pkt.daddr);
      if (en && now - en.lastUse >= LOCALITY_EXPIRATION_MS) {
        cache.delete(pkt.daddr);
        en = undefined;
      }
      if (en) {
        en.lastUse = now;
        let dest = setMin(en.set);
        if (en.set.length > 1 && now > en.lastMod + LOCALITY_EXPIRATION_MS) {
          const m = setMax(en.set);
          if (m) {
            en.set.splice(en.set.indexOf(m), 1);
            en.lastMod = now;
          }
        }
        if (dest && !isOverloaded(dest, svc)) return dest;
        dest = weightedLeast(svc.dests, connOverhead);
        if (!dest) return null;
        if (!en.set.includes(dest)) {
          en.set.unshift(dest);
          en.lastMod = now;
        }
        return dest;
      }
      const dest = weightedLeast(svc.dests, connOverhead);
      if (!dest) return null;
      cache.set(pkt.daddr, { set: [dest], lastMod: now, lastUse: now });
      return dest;
    },
  };
}
