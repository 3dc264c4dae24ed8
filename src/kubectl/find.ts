/**
 * How cobra finds the command a kubectl line names (Command.Find): the words that are neither flags
 * nor flag values pick the command, then its subcommand; the flags of the command found are parsed
 * from the rest. A flag cobra does not know is taken to need a value, so `kubectl -l logs x` names no
 * command at all — as on a real kubectl.
 */
import type { FlagSpec } from './flags';

function lookups(specs: readonly FlagSpec[]): { longBool: (n: string) => boolean; shortBool: (c: string) => boolean } {
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  return {
    // hasNoOptDefVal: bool flags, and flags with a NoOptDefVal, may stand without a value.
    longBool: (n) => byLong.get(n)?.kind === 'bool' || byLong.get(n)?.noOptDefVal !== undefined,
    shortBool: (c) => byShort.get(c.slice(0, 1))?.kind === 'bool' || byShort.get(c.slice(0, 1))?.noOptDefVal !== undefined,
  };
}

/** True for a flag word whose value is the next word (`--name v`, `-n v`). */
function takesNext(s: string, l: ReturnType<typeof lookups>): boolean {
  if (s.includes('=')) return false;
  if (s.startsWith('--')) return !l.longBool(s.slice(2));
  return s.startsWith('-') && s.length === 2 && !l.shortBool(s.slice(1));
}

/** cobra's stripFlags: the words that are not flags or flag values, up to `--`. */
export function stripFlags(argv: readonly string[], specs: readonly FlagSpec[]): string[] {
  const l = lookups(specs);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i]!;
    if (s === '--') break;
    if (takesNext(s, l)) {
      // cobra stops looking when the value would be the last word.
      if (argv.length - (i + 1) <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) out.push(s);
  }
  return out;
}

/** cobra's argsMinusFirstX: argv without the first command word equal to `x`. */
export function argsMinusFirst(argv: readonly string[], x: string, specs: readonly FlagSpec[]): string[] {
  const l = lookups(specs);
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i]!;
    if (s === '--') break;
    if (takesNext(s, l)) {
      i++;
      continue;
    }
    if (!s.startsWith('-') && s === x) return [...argv.slice(0, i), ...argv.slice(i + 1)];
  }
  return [...argv];
}
