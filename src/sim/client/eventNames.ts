/** What both event recorders (core/v1 and events.k8s.io/v1) build their Events from. */
import { SIM_EPOCH_MS } from '../clock';

/**
 * The suffix of an Event's name: the time in nanoseconds, in hex, as the recorders write
 * `<object>.<hex>`. Virtual time has millisecond steps, so `seq` fills the nanoseconds and keeps
 * the names of one recorder's events at one instant apart.
 */
export function eventNameSuffix(nowMs: number, seq: number): string {
  const nanos = (BigInt(SIM_EPOCH_MS) + BigInt(Math.floor(nowMs))) * 1_000_000n + BigInt(seq % 1_000_000);
  return nanos.toString(16);
}

/** The object without its undefined fields, so an object reference written to the API has no holes. */
export function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
