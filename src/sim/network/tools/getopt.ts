/**
 * Command-line parsing the way getopt_long() does it (which busybox's getopt32 and curl's own
 * parser follow closely enough here): short options cluster (`-qO-`), an option taking an argument
 * takes the rest of its word or the next word, long options take `--name=value` or the next word,
 * and a unique prefix of a long option selects it. Options and operands may interleave; `--` ends
 * options.
 */
export interface OptSpec {
  /** short letters that take no argument */
  flags: string;
  /** short letters that take an argument */
  withArg: string;
  /** long names: value is the short letter (or the long name itself) and whether it takes an argument */
  long?: Record<string, { key: string; arg: boolean }>;
}

export type Parsed = { opts: { key: string; value?: string }[]; operands: string[] } | { error: 'unknown'; option: string } | { error: 'missing'; option: string };

export function getopt(argv: readonly string[], spec: OptSpec): Parsed {
  const opts: { key: string; value?: string }[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq >= 0 ? eq : undefined);
      const longs = spec.long ?? {};
      const exact = longs[name];
      const cands = exact ? [name] : Object.keys(longs).filter((k) => k.startsWith(name));
      if (cands.length !== 1) return { error: 'unknown', option: a };
      const l = longs[cands[0]!]!;
      if (!l.arg) {
        opts.push({ key: l.key });
        continue;
      }
      if (eq >= 0) opts.push({ key: l.key, value: a.slice(eq + 1) });
      else if (i + 1 < argv.length) opts.push({ key: l.key, value: argv[++i]! });
      else return { error: 'missing', option: a };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (spec.flags.includes(c)) opts.push({ key: c });
        else if (spec.withArg.includes(c)) {
          const rest = a.slice(j + 1);
          if (rest !== '') opts.push({ key: c, value: rest });
          else if (i + 1 < argv.length) opts.push({ key: c, value: argv[++i]! });
          else return { error: 'missing', option: c };
          break;
        } else return { error: 'unknown', option: c };
      }
      continue;
    }
    operands.push(a);
  }
  return { opts, operands };
}
