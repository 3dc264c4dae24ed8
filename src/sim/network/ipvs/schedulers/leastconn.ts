/**
 * The least-connection family, each as its kernel module computes it:
 * - lc (ip_vs_lc.c): smallest overhead = active * 256 + inactive; weight-0 and overloaded servers are
 *   skipped; the first of equal minimums (in list order) wins.
 * - wlc (ip_vs_wlc.c): smallest overhead / weight, compared by cross-multiplying
 *   (loh * w_d > doh * w_least switches); the first usable server seeds the search.
 * - sed (ip_vs_sed.c): like wlc with overhead = active + 1 (inactive connections are ignored).
 * - nq (ip_vs_nq.c): the first usable server with no active connection wins at once; otherwise as sed.
 * A weight-0 server never wins the cross-multiplication (0 > x is false), so it is quiesced as well.
 */
import { connOverhead, type IpvsDest, type IpvsService } from '../types';
import { usable, type Scheduler } from './scheduler';

export function createLc(svc: IpvsService): Scheduler {
  return {
    name: 'lc',
    fork: (to) => createLc(to),
    destsChanged() {},
    schedule() {
      let least: IpvsDest | null = null;
      let loh = 0;
      for (const d of svc.dests) {
        if (!usable(d)) continue;
        const doh = connOverhead(d);
        if (least === null || doh < loh) {
          least = d;
          loh = doh;
        }
      }
      return least;
    },
  };
}

/** The weighted search shared by wlc, sed, lblc and lblcr. */
export function weightedLeast(dests: readonly IpvsDest[], overhead: (d: IpvsDest) => number): IpvsDest | null {
  let i = dests.findIndex((d) => usable(d));
  if (i < 0) return null;
  let least = dests[i]!;
  let loh = overhead(least);
  for (i++; i < dests.length; i++) {
    const d = dests[i]!;
    if (d.overloaded) continue;
    const doh = overhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

export function createWlc(svc: IpvsService): Scheduler {
  return { name: 'wlc', destsChanged() {}, schedule: () => weightedLeast(svc.dests, connOverhead), fork: (to) => createWlc(to) };
}

const expectedDelay = (d: IpvsDest): number => d.activeConns + 1;

export function createSed(svc: IpvsService): Scheduler {
  return { name: 'sed', destsChanged() {}, schedule: () => weightedLeast(svc.dests, expectedDelay), fork: (to) => createSed(to) };
}

export function createNq(svc: IpvsService): Scheduler {
  return {
    name: 'nq',
    fork: (to) => createNq(to),
    destsChanged() {},
    schedule() {
      let least: IpvsDest | null = null;
      let loh = 0;
      for (const d of svc.dests) {
        if (!usable(d)) continue;
        const doh = expectedDelay(d);
        if (d.activeConns === 0) return d;
        if (least === null || loh * d.weight > doh * least.weight) {
          least = d;
          loh = doh;
        }
      }
      return least;
    },
  };
}
