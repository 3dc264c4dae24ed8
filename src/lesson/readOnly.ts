/**
 * Which kubectl commands a goal may run: only those that read. A goal is evaluated again and again as
 * the student works, so a command that writes (or opens a watch) would change the cluster it checks.
 */
import { splitCommandLine, ShellParseError } from '../kubectl/shell';
import { GLOBAL_FLAGS } from '../kubectl/flags';

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

/** Flags that make a reading command keep going (and watch the cluster) instead of answering once; `-f` follows only for logs (elsewhere it names a file). */
const STREAMING_FLAGS = ['-w', '--watch', '--watch-only', '--follow'];

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
  // `rollout status` answers once here whatever its --watch says; elsewhere a watch never ends.
  const streams = verb === 'logs' ? [...STREAMING_FLAGS, '-f'] : STREAMING_FLAGS;
  const streaming = verb === 'rollout' ? undefined : words.find((w) => streams.includes(w.split('=')[0]!) && !/=(false|0)$/.test(w));
  if (streaming) return `${streaming.split('=')[0]} keeps watching the cluster; a goal reads it once`;
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
