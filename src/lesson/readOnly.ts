/**
 * Which kubectl commands a goal may run: only those that read. A goal is evaluated again and again as
 * the student works, so a command that writes (or opens a watch) would change the cluster it checks.
 */
import { splitCommandLine, ShellParseError } from '../kubectl/shell';
import { GLOBAL_FLAGS, parseFlags, PRINT_FLAGS } from '../kubectl/flags';
import type { FlagSpec, ParsedFlags } from '../kubectl/flags';
import { EVENTS_FLAGS, GET_FLAGS, LOGS_FLAGS } from '../kubectl/commands/readingFlags';

/** The reading commands, and for those with subcommands, the reading subcommands. */
export const READ_ONLY_COMMANDS: Record<string, readonly string[] | true> = {
  get: true,
  describe: true,
  logs: true,
  top: true,
  explain: true,
  events: true,
  version: true,
  'api-resources': true,
  'api-versions': true,
  'cluster-info': true,
  rollout: ['history', 'status'],
  auth: ['can-i'],
};

/**
 * The reading commands that can keep going (and watch the cluster) instead of answering once: their
 * flags as kubectl parses them, and the ones that keep it going. `rollout status` is not here: it
 * answers once in kubetab whatever its --watch says.
 */
const STREAMING: Record<string, { flags: readonly FlagSpec[]; streams: readonly string[] }> = {
  get: { flags: GET_FLAGS, streams: ['watch', 'watch-only'] },
  logs: { flags: LOGS_FLAGS, streams: ['follow'] },
  events: {
    flags: [...EVENTS_FLAGS, { long: 'watch-only', kind: 'bool' }],
    streams: ['watch', 'watch-only'],
  },
};

/** Why `line` is not a read-only kubectl command, or undefined when it is. */
export function notReadOnly(line: string): string | undefined {
  let words: string[];
  try {
    words = splitCommandLine(line);
  } catch (e) {
    if (e instanceof ShellParseError) return e.message;
    throw e;
  }
  if (words[0] === 'kubectl') words = words.slice(1);
  const plain = wordsWithoutGlobalFlags(words);
  const verb = plain[0];
  const allowed = `only commands that read are allowed: ${readOnlyList()}`;
  if (verb === undefined) return `no command given; ${allowed}`;
  const rule = Object.hasOwn(READ_ONLY_COMMANDS, verb) ? READ_ONLY_COMMANDS[verb] : undefined;
  if (!rule) return `"${verb}" is not a command that only reads; ${allowed}`;
  if (rule !== true && !rule.includes(plain[1] ?? '')) return `"${[verb, plain[1]].filter(Boolean).join(' ')}" is not a command that only reads; ${allowed}`;
  const streaming = Object.hasOwn(STREAMING, verb) ? streamingFlag(words, STREAMING[verb]!) : undefined;
  if (streaming) return `${streaming} keeps watching the cluster; a goal reads it once`;
  return undefined;
}

export function readOnlyList(): string {
  return Object.entries(READ_ONLY_COMMANDS)
    .flatMap(([verb, subs]) => (subs === true ? [verb] : subs.map((s) => `${verb} ${s}`)))
    .join(', ');
}

/** The words that are not global flags or their values (`-n kube-system get pods` → `get pods`). */
function wordsWithoutGlobalFlags(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-') || w === '-') {
      out.push(w);
      continue;
    }
    if (w.includes('=')) continue;
    const spec = w.startsWith('--') ? GLOBAL_FLAGS.find((f) => f.long === w.slice(2)) : GLOBAL_FLAGS.find((f) => f.short === w.slice(1));
    if (spec && spec.kind !== 'bool') i++;
  }
  return out;
}

/**
 * The flag that keeps the command going, as the command line spells it (`-w`, `--follow`), or undefined
 * when the command answers once. Flags are read as kubectl reads them (pflag): `-wA` is -w and -A,
 * `-lapp=web` is a selector, the last of `-w --watch=false` wins, and a boolean's value is Go's
 * strconv.ParseBool's. A command line kubectl refuses (an unknown flag, `--watch=maybe`) does not run, so
 * it does not watch either: the goal shows kubectl's error.
 */
function streamingFlag(words: readonly string[], cmd: { flags: readonly FlagSpec[]; streams: readonly string[] }): string | undefined {
  const read = (n: number): ParsedFlags | undefined => {
    try {
      return parseFlags(words.slice(0, n), [...cmd.flags], 'kubectl');
    } catch {
      return undefined;
    }
  };
  const on = (f: ParsedFlags): string | undefined => cmd.streams.find((long) => f.values.get(long) === true);
  const all = read(words.length);
  const long = all && on(all);
  if (!long) return undefined;
  // The word that last turned it on: where reading one word more first finds it on. A prefix that
  // ends between a flag and its value does not read, and tells nothing.
  let was = false;
  let at = 0;
  for (let n = 1; n <= words.length; n++) {
    const f = read(n);
    if (!f) continue;
    const now = f.values.get(long) === true;
    if (now && !was) at = n - 1;
    was = now;
  }
  const short = cmd.flags.find((s) => s.long === long)?.short;
  return words[at]!.startsWith('--') || !short ? `--${long}` : `-${short}`;
}
