/**
 * wrr (net/netfilter/ipvs/ip_vs_wrr.c). The scheduler keeps a current weight `cw` that starts at the
 * maximum weight and steps down by the gcd of the weights; each pass over the list picks the next
 * destination whose weight is at least `cw`. The maximum is lowered by (gcd - 1) so the last pass
 * runs at cw = 1 and still reaches a destination whose weight dropped below the gcd meanwhile.
 * Any destination change restarts the walk at the list head; the current weight is kept where it
 * still makes sense.
 */
import { gcd } from '../hash';
import type { IpvsDest, IpvsService } from '../types';
import type { Scheduler } from './scheduler';

interface WrrState {
  cl: IpvsDest | null;
  di: number;
  mw: number;
  cw: number;
}

export function createWrr(svc: IpvsService, from?: WrrState): Scheduler {
  /** current position; null is the list head */
  let cl: IpvsDest | null = null;
  let di = 1;
  let mw = 0;
  let cw = 0;

  const gcdWeight = (): number => {
    let g = 0;
    for (const d of svc.dests) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
    return g || 1;
  };
  const maxWeight = (): number => svc.dests.reduce((m, d) => Math.max(m, d.weight), 0);

  if (from) ({ cl, di, mw, cw } = from);
  else {
    di = gcdWeight();
    mw = maxWeight() - (di - 1);
    cw = mw;
  }

  return {
    name: 'wrr',
    fork: (to, dest) => createWrr(to, { cl: cl && dest(cl), di, mw, cw }),
    destsChanged() {
      cl = null;
      di = gcdWeight();
      mw = maxWeight() - (di - 1);
      if (cw > mw || cw === 0) cw = mw;
      else if (di > 1) cw = Math.trunc(cw / di) * di + 1;
    },
    schedule() {
      const list = svc.dests;
      if (mw === 0) return null;
      const last = cl;
      let stop: IpvsDest | null = null;
      let lastPass = false;
      let restarted = false;
      let pos = cl === null ? 0 : list.indexOf(cl) + 1;
      for (;;) {
        for (; pos < list.length; pos++) {
          const d = list[pos]!;
          if (!d.overloaded && d.weight >= cw) {
            cl = d;
            return d;
          }
          if (d === stop) {
            cl = d;
            return null;
          }
        }
        // The walk reached the head again.
        pos = 0;
        cw -= di;
        if (cw <= 0) {
          cw = mw;
          if (lastPass || last === null) {
            cl = null;
            return null;
          }
          restarted = true;
        }
        lastPass = cw <= di;
        if (lastPass && restarted && last !== null) stop = last;
      }
    },
  };
}
