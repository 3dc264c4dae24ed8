/** GNU head and tail (coreutils 9) reading standard input: -n/-c counts, `-N`, head's `-n -N`, tail's `-n +N`. */
import { getopt, last, parseCount, type OptSpec } from './getopt';
import { type FilterResult, lines, notFound, tryHelp, utf8, fromUtf8 } from './common';

const HEAD_OPTS: OptSpec[] = [
  { key: 'n', short: 'n', long: 'lines', arg: true },
  { key: 'c', short: 'c', long: 'bytes', arg: true },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
];

const TAIL_OPTS: OptSpec[] = [
  ...HEAD_OPTS,
  { key: 'f', short: 'f', long: 'follow' },
  { key: 'f', short: 'F' },
  { key: 'f', long: 'retry' },
];

/** `-5` is `-n 5` (the obsolete form both still take), except where it is the value of -n or -c. */
function numericShorthand(args: readonly string[]): string[] {
  return args.flatMap((a, i) => (/^-\d+$/.test(a) && !/^(-[a-zA-Z]*[nc]|--lines|--bytes)$/.test(args[i - 1] ?? '') ? ['-n', a.slice(1)] : [a]));
}

function operandError(tool: string, operands: string[]): FilterResult | undefined {
  const files = operands.filter((o) => o !== '-');
  if (files.length === 0) return undefined;
  return { stdout: '', stderr: files.map((f) => `${tool}: cannot open ${notFound(f)} for reading: No such file or directory\n`).join(''), status: 1 };
}

export function head(args: readonly string[], input: string): FilterResult {
  const p = getopt('head', numericShorthand(args), HEAD_OPTS);
  if (!p.ok) return { stdout: '', stderr: p.error + tryHelp('head'), status: 1 };
  const bad = operandError('head', p.operands);
  if (bad) return bad;
  // The last of -n and -c decides what is counted.
  const mode = [...p.opts].reverse().find((o) => o.key === 'n' || o.key === 'c');
  const byBytes = mode?.key === 'c';
  const raw = mode?.value ?? '10';
  const allBut = raw.startsWith('-');
  const n = parseCount(allBut ? raw.slice(1) : raw.replace(/^\+/, ''));
  if (n === undefined) return { stdout: '', stderr: `head: invalid number of ${byBytes ? 'bytes' : 'lines'}: ‘${raw}’\n`, status: 1 };
  const header = last(p, 'v') !== undefined ? '==> standard input <==\n' : '';
  if (byBytes) {
    const b = utf8(input);
    return { stdout: header + fromUtf8(allBut ? b.slice(0, Math.max(0, b.length - n)) : b.slice(0, n)), stderr: '', status: 0 };
  }
  const ls = lines(input, last(p, 'z') !== undefined);
  return { stdout: header + (allBut ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n)).join(''), stderr: '', status: 0 };
}

export function tail(args: readonly string[], input: string): FilterResult {
  const p = getopt('tail', numericShorthand(args), TAIL_OPTS);
  if (!p.ok) return { stdout: '', stderr: p.error + tryHelp('tail'), status: 1 };
  const bad = operandError('tail', p.operands);
  if (bad) return bad;
  const mode = [...p.opts].reverse().find((o) => o.key === 'n' || o.key === 'c');
  const byBytes = mode?.key === 'c';
  const raw = mode?.value ?? '10';
  const fromStart = raw.startsWith('+');
  const n = parseCount(raw.replace(/^[-+]/, ''));
  if (n === undefined) return { stdout: '', stderr: `tail: invalid number of ${byBytes ? 'bytes' : 'lines'}: ‘${raw}’\n`, status: 1 };
  const header = last(p, 'v') !== undefined ? '==> standard input <==\n' : '';
  // -f on a pipe is ignored, as POSIX asks: the input ends when the writer does.
  if (byBytes) {
    const b = utf8(input);
    return { stdout: header + fromUtf8(fromStart ? b.slice(Math.max(0, n - 1)) : b.slice(Math.max(0, b.length - n))), stderr: '', status: 0 };
  }
  const ls = lines(input, last(p, 'z') !== undefined);
  return { stdout: header + (fromStart ? ls.slice(Math.max(0, n - 1)) : ls.slice(Math.max(0, ls.length - n))).join(''), stderr: '', status: 0 };
}
