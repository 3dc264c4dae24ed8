/**
 * Go's time.Parse for the two layouts the API's timestamps use, for its error texts: metav1.Time
 * parses RFC 3339 (`2006-01-02T15:04:05Z07:00`), metav1.MicroTime RFC 3339 with microseconds
 * (`2006-01-02T15:04:05.000000Z07:00`). A bad value answers as Go does:
 *
 *   parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"
 *   parsing time "2024-13-01T00:00:00Z": month out of range
 */

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Elem = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'micro' | 'zone';

/** A layout as Go's nextStdChunk splits it: a literal prefix, then a standard element. */
interface Chunk {
  prefix: string;
  elem: Elem;
  text: string;
}

const CHUNKS: Record<string, Chunk[]> = {
  [RFC3339]: [
    { prefix: '', elem: 'year', text: '2006' },
    { prefix: '-', elem: 'month', text: '01' },
    { prefix: '-', elem: 'day', text: '02' },
    { prefix: 'T', elem: 'hour', text: '15' },
    { prefix: ':', elem: 'minute', text: '04' },
    { prefix: ':', elem: 'second', text: '05' },
    { prefix: '', elem: 'zone', text: 'Z07:00' },
  ],
  [RFC3339_MICRO]: [
    { prefix: '', elem: 'year', text: '2006' },
    { prefix: '-', elem: 'month', text: '01' },
    { prefix: '-', elem: 'day', text: '02' },
    { prefix: 'T', elem: 'hour', text: '15' },
    { prefix: ':', elem: 'minute', text: '04' },
    { prefix: ':', elem: 'second', text: '05' },
    { prefix: '', elem: 'micro', text: '.000000' },
    { prefix: '', elem: 'zone', text: 'Z07:00' },
  ],
};

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's time.quote: double quotes, `"` and `\` escaped, bytes outside printable ASCII as \xNN. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: s.charCodeAt(0) - 48, rest: s.slice(1) };
  return { n: (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), rest: s.slice(2) };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** The error time.Parse(layout, value) returns, or undefined when the value parses. */
export function goTimeParseError(layout: string, value: string): string | undefined {
  const chunks = CHUNKS[layout];
  if (!chunks) throw new Error(`unsupported layout ${layout}`);
  const cannot = (layoutElem: string, valueElem: string): string =>
    `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`;
  const outOfRange = (what: string): string => `parsing time ${goTimeQuote(value)}: ${what} out of range`;
  let v = value;
  let year = 0;
  let month = 1;
  let day = 1;
  for (const c of chunks) {
    for (let i = 0; i < c.prefix.length; i++) {
      if (v.length === 0 || v[0] !== c.prefix[i]) return cannot(c.prefix, v);
      v = v.slice(1);
    }
    const hold = v;
    let range = '';
    let bad = false;
    switch (c.elem) {
      case 'year': {
        if (v.length < 4 || !isDigit(v, 0)) bad = true;
        else if (!/^\d{4}$/.test(v.slice(0, 4))) bad = true;
        else {
          year = Number(v.slice(0, 4));
          v = v.slice(4);
        }
        break;
      }
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second': {
        const r = getnum(v, c.elem !== 'hour');
        if (!r) {
          bad = true;
          break;
        }
        v = r.rest;
        if (c.elem === 'month') {
          month = r.n;
          if (month <= 0 || month > 12) range = 'month';
        } else if (c.elem === 'day') day = r.n;
        else if (c.elem === 'hour' && r.n >= 24) range = 'hour';
        else if (c.elem === 'minute' && r.n >= 60) range = 'minute';
        else if (c.elem === 'second') {
          if (r.n >= 60) {
            range = 'second';
            break;
          }
          // Fractional seconds the layout does not have are accepted after the seconds.
          if (layout === RFC3339 && v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
            let n = 2;
            while (isDigit(v, n)) n++;
            v = v.slice(n);
          }
        }
        break;
      }
      case 'micro': {
        if (v.length < 7 || (v[0] !== '.' && v[0] !== ',') || !/^\d{6}$/.test(v.slice(1, 7))) bad = true;
        else v = v.slice(7);
        break;
      }
      case 'zone': {
        if (v.length >= 1 && v[0] === 'Z') {
          v = v.slice(1);
          break;
        }
        if (v.length < 6 || v[3] !== ':') {
          bad = true;
          break;
        }
        const sign = v[0];
        const hr = getnum(v.slice(1, 3), true);
        const mm = hr ? getnum(v.slice(4, 6), true) : undefined;
        v = v.slice(6);
        if (!hr || !mm) {
          bad = true;
          break;
        }
        if (hr.n > 24) range = 'time zone offset hour';
        if (mm.n > 60) range = 'time zone offset minute';
        if (sign !== '+' && sign !== '-') bad = true;
        break;
      }
    }
    if (range) return outOfRange(range);
    if (bad) return cannot(c.text, hold);
  }
  if (v.length > 0) return `parsing time ${goTimeQuote(value)}: extra text: ${goTimeQuote(v)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}
