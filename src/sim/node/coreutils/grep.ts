/**
 * GNU grep 3 reading standard input: -i -v -c -E -F -G -w -x -n -o -q -s -m -e -A -B -C -H -h -l -L,
 * with grep's own messages and exit status (0 selected, 1 nothing selected, 2 an error).
 */
import { getopt, has, last, type OptSpec } from './getopt';
import { type FilterResult, records } from './common';
import { posixToJs, RegexError } from './regex';

const GREP_OPTS: OptSpec[] = [
  { key: 'E', short: 'E', long: 'extended-regexp' },
  { key: 'F', short: 'F', long: 'fixed-strings' },
  { key: 'G', short: 'G', long: 'basic-regexp' },
  { key: 'e', short: 'e', long: 'regexp', arg: true },
  { key: 'i', short: 'i', long: 'ignore-case' },
  { key: 'i', short: 'y' },
  { key: 'no-i', long: 'no-ignore-case' },
  { key: 'v', short: 'v', long: 'invert-match' },
  { key: 'w', short: 'w', long: 'word-regexp' },
  { key: 'x', short: 'x', long: 'line-regexp' },
  { key: 'C', short: 'C', long: 'context', arg: true },
  { key: 'color', long: 'color', arg: true, optional: true },
  { key: 'color', long: 'colour', arg: true, optional: true },
  { key: 'c', short: 'c', long: 'count' },
  { key: 'z', short: 'z', long: 'null-data' },
  { key: 'L', short: 'L', long: 'files-without-match' },
  { key: 'l', short: 'l', long: 'files-with-matches' },
  { key: 'm', short: 'm', long: 'max-count', arg: true },
  { key: 'o', short: 'o', long: 'only-matching' },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 's', short: 's', long: 'no-messages' },
  { key: 'n', short: 'n', long: 'line-number' },
  { key: 'H', short: 'H', long: 'with-filename' },
  { key: 'h', short: 'h', long: 'no-filename' },
  { key: 'A', short: 'A', long: 'after-context', arg: true },
  { key: 'B', short: 'B', long: 'before-context', arg: true },
];

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
const STDIN = '(standard input)';

function fail(msg: string): FilterResult {
  return { stdout: '', stderr: msg, status: 2 };
}

/** The matcher for the patterns: one alternation, with -F, -w, -x, -i applied. */
function compile(patterns: string[], mode: 'E' | 'F' | 'G', p: { opts: { key: string; value: string }[] }): RegExp {
  const parts = patterns.map((pat) => (mode === 'F' ? [...pat].map((c) => (/[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c)).join('') : posixToJs(pat, mode === 'E')));
  let body = parts.map((x) => `(?:${x})`).join('|');
  if (has(p, 'x')) body = `^(?:${body})$`;
  else if (has(p, 'w')) body = `(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])`;
  // The last of -i and --no-ignore-case wins.
  const ic = [...p.opts].reverse().find((o) => o.key === 'i' || o.key === 'no-i')?.key === 'i';
  return new RegExp(body, `gu${ic ? 'i' : ''}`);
}

function contextArg(v: string | undefined): number | string | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : `grep: ${v}: invalid context length argument\n`;
}

export function grep(args: readonly string[], input: string): FilterResult {
  const p = getopt('grep', args, GREP_OPTS);
  if (!p.ok) return fail(p.error + USAGE);
  const operands = [...p.operands];
  let patterns: string[];
  if (has(p, 'e')) patterns = p.opts.filter((o) => o.key === 'e').map((o) => o.value);
  else {
    const first = operands.shift();
    if (first === undefined) return fail(USAGE);
    patterns = [first];
  }
  // A pattern with newlines is several patterns.
  patterns = patterns.flatMap((x) => x.split('\n'));
  const mode = ([...p.opts].reverse().find((o) => o.key === 'E' || o.key === 'F' || o.key === 'G')?.key ?? 'G') as 'E' | 'F' | 'G';
  let re: RegExp;
  try {
    re = compile(patterns, mode, p);
  } catch (e) {
    if (e instanceof RegexError) return fail(`grep: ${e.message}\n`);
    return fail('grep: Invalid regular expression\n');
  }
  const maxRaw = last(p, 'm');
  if (maxRaw !== undefined && !/^-?\d+$/.test(maxRaw)) return fail('grep: invalid max count\n');
  const max = maxRaw === undefined || Number(maxRaw) < 0 ? Infinity : Number(maxRaw);
  const ctx = { A: contextArg(last(p, 'A')), B: contextArg(last(p, 'B')), C: contextArg(last(p, 'C')) };
  for (const v of Object.values(ctx)) if (typeof v === 'string') return fail(v);
  const after = (ctx.A ?? ctx.C ?? 0) as number;
  const before = (ctx.B ?? ctx.C ?? 0) as number;

  const sources = operands.length === 0 ? ['-'] : operands;
  const withName = has(p, 'H') || (sources.length > 1 && !has(p, 'h'));
  const invert = has(p, 'v');
  // -z: records end in NUL instead of newline, in and out.
  const eol = has(p, 'z') ? '\0' : '\n';
  let stdout = '';
  let stderr = '';
  let selectedAny = false;
  let error = false;
  for (const src of sources) {
    if (src !== '-') {
      if (!has(p, 's')) stderr += `grep: ${src}: No such file or directory\n`;
      error = true;
      continue;
    }
    const name = withName ? STDIN : '';
    const rows = records(input, has(p, 'z'));
    const selected: boolean[] = rows.map((l) => {
      re.lastIndex = 0;
      return re.test(l) !== invert;
    });
    let count = 0;
    const shown: number[] = [];
    for (let i = 0; i < rows.length && count < max; i++) if (selected[i]) shown.push(i), count++;
    if (count > 0) selectedAny = true;
    if (has(p, 'q')) continue;
    if (has(p, 'l') || has(p, 'L')) {
      if (has(p, 'l') ? count > 0 : count === 0) stdout += `${STDIN}\n`;
      continue;
    }
    if (has(p, 'c')) {
      stdout += `${name ? `${name}:` : ''}${count}\n`;
      continue;
    }
    const prefix = (i: number, sep: string): string => `${name ? `${name}${sep}` : ''}${has(p, 'n') ? `${i + 1}${sep}` : ''}`;
    if (has(p, 'o')) {
      if (invert) continue;
      for (const i of shown) {
        re.lastIndex = 0;
        for (const m of rows[i]!.matchAll(re)) if (m[0] !== '') stdout += `${prefix(i, ':')}${m[0]}${eol}`;
      }
      continue;
    }
    // Context lines around the selected ones; a `--` between groups that do not touch.
    const printed = new Set<number>();
    let lastPrinted = -1;
    const lastSelected = shown.at(-1) ?? -1;
    for (const i of shown) {
      const from = Math.max(0, i - before, lastPrinted + 1);
      const to = Math.min(rows.length - 1, i + after);
      if ((before > 0 || after > 0) && lastPrinted >= 0 && from > lastPrinted + 1) stdout += '--\n';
      for (let j = from; j <= to; j++) {
        if (printed.has(j)) continue;
        // After the last selected line (-m reached), context runs only up to the next selectable line.
        if (j > i && j > lastSelected && selected[j] && count >= max) break;
        printed.add(j);
        lastPrinted = j;
        stdout += `${prefix(j, shown.includes(j) ? ':' : '-')}${rows[j]}${eol}`;
      }
    }
  }
  return { stdout, stderr, status: error && !(has(p, 'q') && selectedAny) ? 2 : selectedAny ? 0 : 1 };
}
