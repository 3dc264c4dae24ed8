/**
 * Quantity reading for the scheduler, behind two functions over the API package's parser
 * (`src/sim/api/quantity.ts`), with a small memo: the same request strings recur in every cycle.
 * Semantics follow resource.Quantity: `milliValue` is the value ×1000 rounded up, `value` the value
 * rounded up. Unparseable quantities (rejected by validation anyway) count as 0.
 */
import { milliValue as qMilli, parseQuantity, value as qValue } from '../../api/quantity';

const cache = new Map<string, { milli: number; value: number }>();

function parse(q: string | number): { milli: number; value: number } {
  const key = typeof q === 'number' ? `#${q}` : q;
  const hit = cache.get(key);
  if (hit) return hit;
  let out = { milli: 0, value: 0 };
  try {
    const parsed = parseQuantity(q);
    out = { milli: qMilli(parsed), value: qValue(parsed) };
  } catch {
    // leave as 0
  }
  if (cache.size < 10_000) cache.set(key, out);
  return out;
}

/** The quantity in thousandths, rounded up (cpu is counted this way: `100m` → 100). */
export function milliValue(q: string | number | undefined): number {
  return q === undefined ? 0 : parse(q).milli;
}

/** The quantity in whole units, rounded up (memory, storage, counts). */
export function value(q: string | number | undefined): number {
  return q === undefined ? 0 : parse(q).value;
}
