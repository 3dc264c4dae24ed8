/**
 * resource.Quantity: parsing, exact value, and the canonical string the API server writes back.
 *
 * A quantity is held exactly, without BigInt, as a sign, a string of decimal digits and a power of ten
 * (value = ±digits × 10^scale). Binary suffixes multiply the digits exactly; values finer than 1n are
 * rounded up to 1n; values beyond the int64 maximum are capped, as the real parser does. Conversion to
 * a JS number (milliValue, value) is exact up to 2^53 and approximate (never thrown away) above it.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  readonly negative: boolean;
  /** Decimal digits of the unscaled value, no leading zeros ('0' for zero). */
  readonly digits: string;
  /** Power of ten applied to `digits`. */
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The input string, kept when it was already canonical; printed as is (the API server does the same). */
  readonly cached?: string;
}

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = "unable to parse quantity's numeric part";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

// ---- exact digit-string arithmetic --------------------------------------------------------------------

function stripZeros(d: string): string {
  const s = d.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

function mulSmall(d: string, m: number): string {
  let carry = 0;
  let out = '';
  for (let i = d.length - 1; i >= 0; i--) {
    const x = (d.charCodeAt(i) - 48) * m + carry;
    out = String(x % 10) + out;
    carry = Math.floor(x / 10);
  }
  while (carry > 0) {
    out = String(carry % 10) + out;
    carry = Math.floor(carry / 10);
  }
  return stripZeros(out);
}

function divSmall(d: string, m: number): { q: string; r: number } {
  let r = 0;
  let q = '';
  for (let i = 0; i < d.length; i++) {
    const x = r * 10 + (d.charCodeAt(i) - 48);
    q += String(Math.floor(x / m));
    r = x % m;
  }
  return { q: stripZeros(q), r };
}

function addOne(d: string): string {
  const a = d.split('');
  let i = a.length - 1;
  while (i >= 0) {
    if (a[i] === '9') {
      a[i] = '0';
      i--;
    } else {
      a[i] = String.fromCharCode(a[i]!.charCodeAt(0) + 1);
      return a.join('');
    }
  }
  return '1' + a.join('');
}

function cmpDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Moves trailing zeros of the digits into the scale. */
function normalize(digits: string, scale: number): { digits: string; scale: number } {
  if (digits === '0') return { digits, scale: 0 };
  let n = 0;
  while (digits[digits.length - 1 - n] === '0') n++;
  return { digits: digits.slice(0, digits.length - n), scale: scale + n };
}

/** Digits aligned to a given (lower or equal) scale. */
function atScale(digits: string, scale: number, target: number): string {
  return digits === '0' ? '0' : digits + '0'.repeat(scale - target);
}

const INT64_MAX = '9223372036854775807';

// ---- parsing -------------------------------------------------------------------------------------------

const BIN: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

function interpretSuffix(s: string): { base: 2 | 10; exp: number; format: QuantityFormat } | null {
  if (s in BIN) return { base: 2, exp: BIN[s]!, format: 'BinarySI' };
  if (s in DEC) return { base: 10, exp: DEC[s]!, format: 'DecimalSI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E') && /^[+-]?\d+$/.test(s.slice(1))) {
    const e = Number(s.slice(1));
    if (Number.isSafeInteger(e)) return { base: 10, exp: e, format: 'DecimalExponent' };
  }
  return null;
}

/** Splits like the real scanner: sign, integer digits, fraction digits, suffix. */
function scan(str: string): { positive: boolean; num: string; denom: string; suffix: string } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([\s\S]*)$/.exec(str)!;
  const rest = m[4]!;
  const sm = /^([eEinumkKMGTP]*)([-+]?\d*)$/.exec(rest);
  if (!sm || (m[2] === '' && m[3] === undefined)) throw new Error(QUANTITY_FORMAT_ERROR);
  return { positive: m[1] !== '-', num: stripZeros(m[2]!), denom: m[3] ?? '', suffix: rest };
}

/** resource.ParseQuantity (numbers are read as their decimal text, as YAML/JSON numbers are). */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? numberText(input) : input;
  if (str.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  if (str === '0') return { negative: false, digits: '0', scale: 0, format: 'DecimalSI', cached: '0' };
  const { positive, num, denom, suffix } = scan(str);
  const suf = interpretSuffix(suffix);
  if (!suf) throw new Error(QUANTITY_SUFFIX_ERROR);
  let digits = stripZeros(num + denom);
  let scale = -denom.length;
  let format = suf.format;
  if (suf.base === 10) scale += suf.exp;
  else for (let e = suf.exp; e > 0; e -= 10) digits = mulSmall(digits, 1024);

  // Round anything finer than a nano up to the next nano ("if you asked for some, you get some").
  if (digits !== '0' && scale < -9) {
    const keep = digits.length - (-9 - scale);
    const head = keep > 0 ? digits.slice(0, keep) : '0';
    const tail = keep > 0 ? digits.slice(keep) : digits;
    digits = /[1-9]/.test(tail) ? addOne(head) : head;
    digits = stripZeros(digits);
    scale = -9;
  }
  // Cap at the int64 maximum (in units).
  const n = normalize(digits, scale);
  if (n.scale >= 0 && cmpDigits(atScale(n.digits, n.scale, 0), INT64_MAX) > 0) {
    digits = INT64_MAX;
    scale = 0;
  }
  if (format === 'BinarySI' && digits !== '0' && isBelowOne(digits, scale)) format = 'DecimalSI';
  const negative = !positive && digits !== '0';
  const q: Quantity = { negative, digits, scale, format };
  return isCanonicalInput(num, denom, suf) ? { ...q, cached: str } : q;
}

function isBelowOne(digits: string, scale: number): boolean {
  return scale < 0 && digits.length <= -scale;
}

/**
 * The real parser keeps the input string when it is already in canonical form: a decimal value with a
 * scale that is a multiple of 3 and no redundant zeros, or a binary value that cannot be shortened.
 */
function isCanonicalInput(num: string, denom: string, suf: { base: number; exp: number }): boolean {
  // Only inputs that fit the int64 fast path (at most 18 digits) are ever kept.
  if (num.length + denom.length > 18) return false;
  const shifted = num + denom;
  if (suf.base === 2) {
    // A multiple of 8 might fold into a bigger suffix, so it is re-rendered; 1000 is a multiple of 8.
    return denom.length === 0 && (Number(shifted.slice(-3)) & 7) !== 0;
  }
  const scale = suf.exp - denom.length;
  if (scale < -9) return false;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(QUANTITY_FORMAT_ERROR);
  const s = String(n);
  // JS writes 1e21 and 1e-7 in exponent form, which the grammar accepts as a DecimalExponent.
  return s.replace('e+', 'e');
}

// ---- values ------------------------------------------------------------------------------------------

/** The value scaled by 10^-targetScale, rounded up (away from zero), as an exact digit string. */
function scaledDigits(q: Quantity, targetScale: number): string {
  if (q.digits === '0') return '0';
  if (q.scale >= targetScale) return atScale(q.digits, q.scale, targetScale);
  const drop = targetScale - q.scale;
  if (drop >= q.digits.length) return '1';
  const head = q.digits.slice(0, q.digits.length - drop);
  const tail = q.digits.slice(q.digits.length - drop);
  return /[1-9]/.test(tail) ? addOne(head) : stripZeros(head);
}

function toNumber(digits: string, negative: boolean): number {
  const n = Number(digits);
  return negative ? -n : n;
}

/** q.MilliValue(): value × 1000, rounded up away from zero. */
export function milliValue(q: Quantity): number {
  return toNumber(scaledDigits(q, -3), q.negative);
}

/** q.Value(): the integer value, rounded up away from zero (bytes for memory, cores for cpu). */
export function value(q: Quantity): number {
  return toNumber(scaledDigits(q, 0), q.negative);
}

/** Exact value as a decimal digit string (rounded up to an integer), for values past 2^53. */
export function valueString(q: Quantity): string {
  const d = scaledDigits(q, 0);
  return q.negative && d !== '0' ? `-${d}` : d;
}

/** Compares two quantities by value: -1, 0 or 1. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const sa = a.digits === '0' ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === '0' ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const s = Math.min(a.scale, b.scale);
  const c = cmpDigits(atScale(a.digits, a.scale, s), atScale(b.digits, b.scale, s));
  return sa < 0 ? -c : c;
}

export function isZero(q: Quantity): boolean {
  return q.digits === '0';
}

/** Sum of quantities, in the first one's format (as Quantity.Add keeps the receiver's format). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const s = Math.min(a.scale, b.scale);
  const x = atScale(a.digits, a.scale, s);
  const y = atScale(b.digits, b.scale, s);
  let negative: boolean;
  let digits: string;
  if (a.negative === b.negative) {
    digits = addDigits(x, y);
    negative = a.negative;
  } else {
    const c = cmpDigits(x, y);
    if (c === 0) return { negative: false, digits: '0', scale: 0, format: a.format };
    digits = c > 0 ? subDigits(x, y) : subDigits(y, x);
    negative = c > 0 ? a.negative : b.negative;
  }
  return { negative, digits: stripZeros(digits), scale: s, format: a.format };
}

function addDigits(a: string, b: string): string {
  let out = '';
  let carry = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry; i--, j--) {
    const x = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry;
    out = String(x % 10) + out;
    carry = x >= 10 ? 1 : 0;
  }
  return out;
}

function subDigits(a: string, b: string): string {
  let out = '';
  let borrow = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0; i--, j--) {
    let x = a.charCodeAt(i) - 48 - (j >= 0 ? b.charCodeAt(j) - 48 : 0) - borrow;
    borrow = x < 0 ? 1 : 0;
    if (x < 0) x += 10;
    out = String(x) + out;
  }
  return out;
}

/** A quantity from a milli-value (as resource.NewMilliQuantity). */
export function fromMilli(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  const m = Math.round(milli);
  return { negative: m < 0, digits: String(Math.abs(m)), scale: -3, format };
}

/** A quantity from an integer value (as resource.NewQuantity). */
export function fromValue(v: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  const m = Math.round(v);
  return { negative: m < 0, digits: numberDigits(Math.abs(m)), scale: 0, format };
}

function numberDigits(n: number): string {
  return n < 1e21 ? n.toFixed(0) : expandLargeInteger(n);
}

/** Exact integer digits of a huge double (every double past 2^53 is an integer), without BigInt. */
function expandLargeInteger(n: number): string {
  let d: string;
  let x = n;
  let e = 0;
  while (x >= 2 ** 52) {
    x /= 2;
    e++;
  }
  d = x.toFixed(0);
  for (let i = 0; i < e; i++) d = mulSmall(d, 2);
  return d;
}

// ---- canonical form ------------------------------------------------------------------------------------

const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantity.String(): the cached input when canonical, else the canonical rendering. */
export function formatQuantity(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.digits === '0') return '0';
  const sign = q.negative ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    // Small values and values with a fraction are shown in decimal, to avoid rounding.
    const below1024 = compareQuantity({ ...q, negative: false, cached: undefined }, { negative: false, digits: '1024', scale: 0, format }) < 0;
    const hasFraction = q.scale < 0 && /[1-9]/.test(q.digits.slice(Math.max(0, q.digits.length + q.scale)));
    if (below1024 || hasFraction) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let d = atScale(q.digits, q.scale, Math.min(q.scale, 0));
    if (q.scale < 0) d = stripZeros(d.slice(0, d.length + q.scale));
    let exp = 0;
    while (exp < BIN_SUFFIX.length - 1) {
      const { q: quo, r } = divSmall(d, 1024);
      if (r !== 0) break;
      d = quo;
      exp++;
    }
    return `${sign}${d}${BIN_SUFFIX[exp]}`;
  }
  // Decimal: fold factors of ten into the exponent, then lower it to a multiple of three.
  let { digits, scale } = normalize(q.digits, q.scale);
  const r = ((scale % 3) + 3) % 3;
  if (r !== 0) {
    digits += '0'.repeat(r);
    scale -= r;
  }
  let suffix: string;
  if (format === 'DecimalExponent') suffix = scale === 0 ? '' : `e${scale}`;
  else suffix = DEC_SUFFIX[scale] ?? `e${scale}`;
  return `${sign}${digits}${suffix}`;
}

/** Parses and re-renders: what a round trip through the API server stores for the given text. */
export function canonicalQuantity(s: string | number): string {
  return formatQuantity(parseQuantity(s));
}
