/**
 * Option parsing as GNU getopt_long does it for coreutils and grep: grouped short options (`-vic`),
 * attached or separate arguments (`-n5`, `-n 5`), long options with `=` or a separate argument and
 * unambiguous prefixes (`--li=3`), `--` ending options, options after operands (GNU permutes them).
 * Errors carry glibc's words; each tool adds its own `Try '… --help'` tail.
 */

export interface OptSpec {
  /** what the caller reads the option back as */
  key: string;
  short?: string;
  long?: string;
  /** whether the option takes an argument */
  arg?: boolean;
  /** a long option's argument is optional: given only as `--name=value` (grep's --color) */
  optional?: boolean;
}

export type Parsed = { ok: true; opts: { key: string; value: string }[]; operands: string[] } | { ok: false; error: string };

export function getopt(tool: string, argv: readonly string[], specs: readonly OptSpec[]): Parsed {
  const opts: { key: string; value: string }[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = specs.find((s) => s.long === name);
      const matches = exact ? [exact] : specs.filter((s) => s.long?.startsWith(name));
      // Several spellings of one option (--color/--colour) are still one option.
      const distinct = [...new Set(matches.map((s) => s.key))];
      if (matches.length === 0) return { ok: false, error: `${tool}: unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'\n` };
      if (distinct.length > 1) {
        return { ok: false, error: `${tool}: option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${matches.map((s) => ` '--${s.long}'`).join('')}\n` };
      }
      const spec = matches[0]!;
      if (spec.arg) {
        if (eq >= 0) opts.push({ key: spec.key, value: a.slice(eq + 1) });
        else if (spec.optional) opts.push({ key: spec.key, value: '' });
        else if (i + 1 < argv.length) opts.push({ key: spec.key, value: argv[++i]! });
        else return { ok: false, error: `${tool}: option '--${spec.long}' requires an argument\n` };
      } else {
        if (eq >= 0) return { ok: false, error: `${tool}: option '--${spec.long}' doesn't allow an argument\n` };
        opts.push({ key: spec.key, value: '' });
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = specs.find((s) => s.short === c);
        if (!spec) return { ok: false, error: `${tool}: invalid option -- '${c}'\n` };
        if (!spec.arg) {
          opts.push({ key: spec.key, value: '' });
          continue;
        }
        if (j + 1 < a.length) opts.push({ key: spec.key, value: a.slice(j + 1) });
        else if (i + 1 < argv.length) opts.push({ key: spec.key, value: argv[++i]! });
        else return { ok: false, error: `${tool}: option requires an argument -- '${c}'\n` };
        break;
      }
      continue;
    }
    operands.push(a);
  }
  return { ok: true, opts, operands };
}

/** The last value given for an option (later ones win, as in every coreutils tool), or undefined. */
export function last(p: { opts: { key: string; value: string }[] }, key: string): string | undefined {
  let v: string | undefined;
  for (const o of p.opts) if (o.key === key) v = o.value;
  return v;
}

export function has(p: { opts: { key: string; value: string }[] }, key: string): boolean {
  return p.opts.some((o) => o.key === key);
}

const SUFFIXES: Record<string, number> = {
  b: 512,
  kB: 1000,
  K: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
};

/** A count as head and tail read it (xstrtoumax with their suffixes: `5`, `2K`, `1MB`); undefined when it is none. */
export function parseCount(s: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(s);
  if (!m) return undefined;
  const mult = m[2] === '' ? 1 : SUFFIXES[m[2]!];
  if (mult === undefined) return undefined;
  return Number(m[1]) * mult;
}
