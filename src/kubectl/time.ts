/**
 * Turning the RFC 3339 timestamps stored on objects into virtual milliseconds, and printing times the
 * way kubectl does (RFC1123Z in describe).
 */
import { SIM_EPOCH_MS } from '../sim/clock';
import { humanDuration } from './duration';

/** Virtual ms for an RFC 3339 timestamp; undefined for a missing or unparsable one. */
export function virtualMs(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t - SIM_EPOCH_MS;
}

/** The age column of a table: HumanDuration(now − ts), `<unknown>` for a zero/missing timestamp. */
export function ageSince(ts: string | undefined | null, nowMs: number): string {
  const t = virtualMs(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(nowMs - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.RFC1123Z layout in UTC: `Mon, 02 Sep 2024 10:00:00 +0000`. */
export function rfc1123z(ts: string): string {
  const d = new Date(Date.parse(ts));
  if (Number.isNaN(d.getTime())) return ts;
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 (second precision) of a virtual instant, as the API server writes timestamps. */
export function timestampOf(virtualMsValue: number): string {
  return new Date(SIM_EPOCH_MS + Math.floor(virtualMsValue / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
