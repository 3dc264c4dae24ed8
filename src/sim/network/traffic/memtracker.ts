/**
 * A namespace's tracked connections as the packet path needs them, kept in the machine's
 * `traffic-conntrack` slot so a reboot forgets them.
 */
import type { DataplaneSlot, Machine } from '../../node/machine';
import type { TrackedConn, Tracker, Tuple } from './tracker';
import { tupleKey } from './tracker';

interface Entry extends TrackedConn {
  expiresAt: number;
  state: string;
}

const UDP_MS = 30_000;
const TCP_SYN_MS = 120_000;

export class MemTracker implements Tracker, DataplaneSlot {
  readonly kind = 'traffic-conntrack';
  private readonly byTuple = new Map<string, { e: Entry; dir: 'orig' | 'reply' }>();

  find(t: Tuple, nowMs: number): { conn: TrackedConn; dir: 'orig' | 'reply' } | undefined {
    const hit = this.byTuple.get(tupleKey(t));
    if (!hit) return undefined;
    if (hit.e.expiresAt <= nowMs) {
      this.drop(hit.e);
      return undefined;
    }
    return { conn: hit.e, dir: hit.dir };
  }

  confirm(orig: Tuple, reply: Tuple, nowMs: number, flags: { dnat: boolean; snat: boolean }): TrackedConn {
    const e: Entry = { orig, reply, ...flags, expiresAt: nowMs + (orig.proto === 'tcp' ? TCP_SYN_MS : UDP_MS), state: orig.proto === 'tcp' ? 'SYN_SENT' : '' };
    this.byTuple.set(tupleKey(orig), { e, dir: 'orig' });
    this.byTuple.set(tupleKey(reply), { e, dir: 'reply' });
    return e;
  }

  seen(conn: TrackedConn, _dir: 'orig' | 'reply', nowMs: number): void {
    const e = conn as Entry;
    e.expiresAt = Math.max(e.expiresAt, nowMs + (e.orig.proto === 'tcp' ? TCP_SYN_MS : UDP_MS));
  }

  redirect(conn: TrackedConn, newReplySrc: number, newReplySport: number): void {
    const e = conn as Entry;
    this.byTuple.delete(tupleKey(e.reply));
    e.reply = { ...e.reply, src: newReplySrc, sport: newReplySport };
    e.dnat = true;
    this.byTuple.set(tupleKey(e.reply), { e, dir: 'reply' });
  }

  private drop(e: Entry): void {
    this.byTuple.delete(tupleKey(e.orig));
    this.byTuple.delete(tupleKey(e.reply));
  }
}

export function trackerOf(m: Machine): Tracker {
  return m.slot<MemTracker>('traffic-conntrack', () => new MemTracker());
}
