/**
 * GNU sort (coreutils 9) reading standard input, in the C locale's byte order: -r -n -u -f -b -s,
 * -t SEP and -k POS1[,POS2] with per-key n/r/f/b. Without -t a field starts at the blanks before it,
 * as sort's own field splitting does; ties fall back to comparing whole lines unless -s or -u.
 */
import { getopt, has, last, type OptSpec } from './getopt';
import { type FilterResult, records, tryHelp } from './common';

const SORT_OPTS: OptSpec[] = [
  { key: 'b', short: 'b', long: 'ignore-leading-blanks' },
  { key: 'f', short: 'f', long: 'ignore-case' },
  { key: 'n', short: 'n', long: 'numeric-sort' },
  { key: 'r', short: 'r', long: 'reverse' },
  { key: 'u', short: 'u', long: 'unique' },
  { key: 's', short: 's', long: 'stable' },
  { key: 'k', short: 'k', long: 'key', arg: true },
  { key: 't', short: 't', long: 'field-separator', arg: true },
];

interface Key {
  sf: number;
  sc: number;
  ef: number;
  ec: number;
  n: boolean;
  r: boolean;
  f: boolean;
  b: boolean;
}

class SortError extends Error {}

function parseKey(spec: string, global: { n: boolean; r: boolean; f: boolean; b: boolean }): Key {
  const m = /^(\d*)(?:\.(\d*))?([bfnr]*)(?:,(\d*)(?:\.(\d*))?([bfnr]*))?$/.exec(spec);
  if (!m || m[1] === '') {
    // Which part failed decides the words, as sort's key parser reports them.
    const lead = /^\d+/.exec(spec);
    if (lead && spec[lead[0].length] === '.') throw new SortError(`sort: invalid number after '.': invalid count at start of ‘${spec.slice(lead[0].length + 1)}’`);
    if (lead) throw new SortError(`sort: stray character in field spec: invalid field specification ‘${spec}’`);
    throw new SortError(`sort: invalid number at field start: invalid count at start of ‘${spec}’`);
  }
  const sf = Number(m[1]);
  if (sf === 0) throw new SortError(`sort: field number is zero: invalid field specification ‘${spec}’`);
  const sc = m[2] ? Number(m[2]) : 1;
  if (m[2] === '0') throw new SortError(`sort: character offset is zero: invalid field specification ‘${spec}’`);
  const opts = (m[3] ?? '') + (m[6] ?? '');
  const own = opts !== '';
  return {
    sf,
    sc,
    ef: m[4] ? Number(m[4]) : Infinity,
    ec: m[5] ? Number(m[5]) : 0,
    n: own ? opts.includes('n') : global.n,
    r: own ? opts.includes('r') : global.r,
    f: own ? opts.includes('f') : global.f,
    b: own ? opts.includes('b') : global.b,
  };
}

/** Field starts: with a separator, after each one; without, at each run of blanks before a non-blank. */
function fieldStarts(line: string, sep: string | undefined): number[] {
  const starts = [0];
  if (sep !== undefined) {
    for (let i = 0; i < line.length; i++) if (line[i] === sep) starts.push(i + 1);
    return starts;
  }
  for (let i = 1; i < line.length; i++) {
    const blank = line[i] === ' ' || line[i] === '\t';
    const prevBlank = line[i - 1] === ' ' || line[i - 1] === '\t';
    if (blank && !prevBlank) starts.push(i);
  }
  return starts;
}

function keyText(line: string, k: Key, sep: string | undefined): string {
  const starts = fieldStarts(line, sep);
  const fieldEnd = (f: number): number => (f < starts.length ? (sep !== undefined ? starts[f]! - 1 : starts[f]!) : line.length);
  if (k.sf > starts.length) return '';
  let from = starts[k.sf - 1]!;
  if (k.b) while (line[from] === ' ' || line[from] === '\t') from++;
  from = Math.min(from + k.sc - 1, line.length);
  let to: number;
  if (k.ef === Infinity) to = line.length;
  else if (k.ef > starts.length) to = line.length;
  else if (k.ec === 0) to = fieldEnd(k.ef);
  else {
    let s = starts[k.ef - 1]!;
    if (k.b) while (line[s] === ' ' || line[s] === '\t') s++;
    to = Math.min(s + k.ec, line.length);
  }
  return to > from ? line.slice(from, to) : '';
}

/** A leading number as sort -n reads it: blanks, an optional minus, digits, a decimal point and digits; anything else is 0. */
function numeric(s: string): number {
  const m = /^[ \t]*(-?\d*(?:\.\d*)?)/.exec(s);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) ? v : 0;
}

function bytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKey(a: string, b: string, k: Key): number {
  let c: number;
  if (k.n) c = numeric(a) - numeric(b);
  else {
    const x = k.b ? a.replace(/^[ \t]+/, '') : a;
    const y = k.b ? b.replace(/^[ \t]+/, '') : b;
    c = k.f ? bytewise(x.toUpperCase(), y.toUpperCase()) : bytewise(x, y);
  }
  c = Math.sign(c);
  return k.r ? -c : c;
}

export function sort(args: readonly string[], input: string): FilterResult {
  const p = getopt('sort', args, SORT_OPTS);
  if (!p.ok) return { stdout: '', stderr: p.error + tryHelp('sort'), status: 2 };
  const missing = p.operands.filter((o) => o !== '-');
  if (missing.length) return { stdout: '', stderr: `sort: cannot read: ${missing[0]}: No such file or directory\n`, status: 2 };
  const sep = last(p, 't');
  if (sep !== undefined && [...sep].length > 1) return { stdout: '', stderr: `sort: multi-character tab ‘${sep}’\n`, status: 2 };
  if (sep === '') return { stdout: '', stderr: 'sort: empty tab\n', status: 2 };
  const global = { n: has(p, 'n'), r: has(p, 'r'), f: has(p, 'f'), b: has(p, 'b') };
  let keys: Key[];
  try {
    keys = p.opts.filter((o) => o.key === 'k').map((o) => parseKey(o.value, global));
  } catch (e) {
    if (e instanceof SortError) return { stdout: '', stderr: `${e.message}\n`, status: 2 };
    throw e;
  }
  // No -k: the whole line is the one key.
  if (keys.length === 0) keys = [{ sf: 1, sc: 1, ef: Infinity, ec: 0, ...global }];
  const whole = keys.length === 1 && keys[0]!.sf === 1 && keys[0]!.sc === 1 && keys[0]!.ef === Infinity;
  const rows = records(input);
  const byKeys = (a: string, b: string): number => {
    for (const k of keys) {
      const c = whole ? compareKey(a, b, k) : compareKey(keyText(a, k, sep), keyText(b, k, sep), k);
      if (c !== 0) return c;
    }
    return 0;
  };
  const lastResort = !has(p, 's') && !has(p, 'u');
  const sorted = [...rows].sort((a, b) => {
    const c = byKeys(a, b);
    if (c !== 0 || !lastResort) return c;
    const d = bytewise(a, b);
    return global.r ? -d : d;
  });
  const out = has(p, 'u') ? sorted.filter((l, i) => i === 0 || byKeys(sorted[i - 1]!, l) !== 0) : sorted;
  return { stdout: out.map((l) => `${l}\n`).join(''), stderr: '', status: 0 };
}
