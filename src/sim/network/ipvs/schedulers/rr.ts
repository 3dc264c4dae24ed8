/**
 * rr (net/netfilter/ipvs/ip_vs_rr.c): walk the destination list from the one after the last pick,
 * wrapping round once and ending with the last pick itself; the first destination that is neither
 * quiesced (weight 0) nor overloaded wins. A fresh service starts before the head of the list, so the
 * first pick is the first usable destination in list order (the most recently added).
 */
import type { IpvsDest, IpvsService } from '../types';
import { usable, type Scheduler } from './scheduler';

export function createRr(svc: IpvsService, from: IpvsDest | null = null): Scheduler {
  /** the last pick; null stands for the list head */
  let cursor: IpvsDest | null = from;
  return {
    name: 'rr',
    fork: (to, dest) => createRr(to, cursor && dest(cursor)),
    destsChanged(change) {
      // Deleting the cursor moves it back to the entry before it, so the walk resumes where it was.
      if (change.kind === 'del' && change.dest === cursor) {
        cursor = change.index === 0 ? null : svc.dests[change.index - 1] ?? null;
      }
    },
    schedule() {
      const list = svc.dests;
      const n = list.length;
      const start = cursor === null ? 0 : list.indexOf(cursor) + 1;
      for (let i = 0; i < n; i++) {
        const d = list[(start + i) % n]!;
        if (usable(d)) {
          cursor = d;
          return d;
        }
      }
      return null;
    },
  };
}
