/** GNU wc (coreutils 9) reading standard input: -l -w -c -m -L, in wc's fixed column order. */
import { getopt, has, type OptSpec } from './getopt';
import { type FilterResult, tryHelp, utf8 } from './common';

const WC_OPTS: OptSpec[] = [
  { key: 'c', short: 'c', long: 'bytes' },
  { key: 'm', short: 'm', long: 'chars' },
  { key: 'l', short: 'l', long: 'lines' },
  { key: 'L', short: 'L', long: 'max-line-length' },
  { key: 'w', short: 'w', long: 'words' },
];

/** The display width of a line as wc -L measures it: tabs to the next multiple of 8, East Asian wide characters 2. */
function lineWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === '\t') w += 8 - (w % 8);
    else w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  }
  return w;
}

/** East Asian Wide and Fullwidth ranges (the ones text in kubectl output and Chinese messages use). */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function wc(args: readonly string[], input: string): FilterResult {
  const p = getopt('wc', args, WC_OPTS);
  if (!p.ok) return { stdout: '', stderr: p.error + tryHelp('wc'), status: 1 };
  let want = (['l', 'w', 'm', 'c', 'L'] as const).filter((k) => has(p, k));
  if (want.length === 0) want = ['l', 'w', 'c'];
  const text = input.split('\n');
  const counts: Record<(typeof want)[number], number> = {
    l: (input.match(/\n/g) ?? []).length,
    w: (input.match(/\S+/g) ?? []).length,
    m: [...input].length,
    c: utf8(input).length,
    L: text.reduce((m, l) => Math.max(m, lineWidth(l)), 0),
  };
  const operands = p.operands.length === 0 ? [''] : p.operands;
  const missing = operands.filter((o) => o !== '' && o !== '-');
  // One number alone from a pipe is printed bare; several line up in columns of 7.
  const width = want.length === 1 && operands.length === 1 ? 1 : 7;
  const row = (name: string, c: Record<string, number>): string => `${want.map((k) => String(c[k]).padStart(width)).join(' ')}${name ? ` ${name}` : ''}\n`;
  let stdout = '';
  for (const o of operands) if (o === '' || o === '-') stdout += row(o, counts);
  if (operands.length > 1) {
    const read = operands.filter((o) => o === '-').length;
    const total = Object.fromEntries(want.map((k) => [k, k === 'L' ? counts.L : counts[k] * read]));
    stdout += row('total', total);
  }
  return { stdout, stderr: missing.map((f) => `wc: ${f}: No such file or directory\n`).join(''), status: missing.length ? 1 : 0 };
}
