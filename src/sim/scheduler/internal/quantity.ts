/**
 * Quantity reading for the scheduler, behind two functions so that the scheduler can switch to the
 * API package's parser (`src/sim/api/quantity.ts`) in one place.
 *
 * Semantics follow resource.Quantity: `milliValue` is the value ×1000 rounded up, `value` is the value
 * rounded up (so `100m` of memory counts as 1 byte, as in Kubernetes).
 */

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const cache = new Map<string, { milli: number; value: number }>();

/** Parses a quantity string exactly (as a fraction num/den), then rounds up as Kubernetes does. */
function parse(q: string | number): { milli: number; value: number } {
  const key = String(q);
  const hit = cache.get(key);
  if (hit) return hit;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/.exec(key.trim());
  let out = { milli: 0, value: 0 };
  if (m && (m[2] || m[3])) {
    const neg = m[1] === '-';
    const intPart = m[2] || '0';
    const frac = m[3] ?? '';
    let num = BigInt(intPart + frac);
    let den = 10n ** BigInt(frac.length);
    const suffix = m[4];
    if (suffix && BINARY[suffix]) num *= BINARY[suffix]!;
    else {
      const exp = suffix !== undefined ? DECIMAL_EXP[suffix]! : m[5] !== undefined ? Number(m[5]) : 0;
      if (exp >= 0) num *= 10n ** BigInt(exp);
      else den *= 10n ** BigInt(-exp);
    }
    const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
    const milli = ceilDiv(num * 1000n, den);
    const value = ceilDiv(num, den);
    out = { milli: Number(neg ? -milli : milli), value: Number(neg ? -value : value) };
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
