/**
 * Exact fixed-point formatting of a double, the way C's printf("%.Nf") and Go's fmt ("%0.Nf") do it:
 * the decimal expansion of the binary value itself, rounded half to even. `Number.prototype.toFixed`
 * rounds exact ties up instead, which shows: iptables prints the statistic probability 2^19/2^31
 * (1/4096, a tie at eleven digits) as 0.00024414062, toFixed says ...063.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The finite non-negative double `x` as mantissa × 2^exp with an integer mantissa. */
function decompose(x: number): { mant: bigint; exp: number } {
  f64[0] = x;
  const hi = u32[LITTLE_ENDIAN ? 1 : 0]!;
  const lo = u32[LITTLE_ENDIAN ? 0 : 1]!;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** `x` with exactly `digits` digits after the point, correctly rounded (half to even). */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`formatFixed: unsupported value ${x}`);
  const { mant, exp } = decompose(x);
  const scale = 10n ** BigInt(digits);
  // value × 10^digits = mant × 2^exp × 10^digits = num / den
  let num = mant * scale;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(digits + 1, '0');
  return digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
}
