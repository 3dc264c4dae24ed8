/**
 * etcdctl's command line: its global and command flags (with the ETCDCTL_* variables that stand for
 * them), cobrautl's exit codes, and the error exit every command ends in.
 */
import type { ShellResult } from './result';

/** cobrautl's exit codes */
export const EXIT_ERROR = 1;
export const EXIT_INTERRUPTED = 5;
export const EXIT_BAD_ARGS = 128;

const VALUE_FLAGS = new Set(['endpoints', 'cacert', 'cert', 'key', 'write-out', 'rev', 'limit', 'command-timeout', 'dial-timeout', 'keepalive-time', 'keepalive-timeout', 'user', 'password', 'sort-by', 'order', 'consistency', 'discovery-srv', 'discovery-srv-name']);
const BOOL_FLAGS = new Set(['prefix', 'keys-only', 'count-only', 'print-value-only', 'from-key', 'prev-kv', 'cluster', 'hex', 'debug', 'insecure-skip-tls-verify', 'insecure-transport', 'insecure-discovery', 'physical', 'progress-notify', 'interactive']);
/** The flags etcdctl reads from ETCDCTL_<NAME> when not given. */
export const ENV_FLAGS = ['endpoints', 'cacert', 'cert', 'key', 'write-out', 'command-timeout', 'dial-timeout', 'user', 'password'];

export interface Parsed {
  words: string[];
  flags: Map<string, string>;
}

export function parse(args: string[]): Parsed | { error: string } {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) value = a.slice(eq + 1);
    } else if (a.startsWith('-') && a.length > 1) {
      if (a[1] !== 'w') return { error: `unknown shorthand flag: '${a[1]}' in ${a}` };
      name = 'write-out';
      if (a.length > 2) value = a.slice(a[2] === '=' ? 3 : 2);
    } else {
      words.push(a);
      continue;
    }
    if (BOOL_FLAGS.has(name)) flags.set(name, value ?? 'true');
    else if (VALUE_FLAGS.has(name)) {
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) return { error: `flag needs an argument: --${name}` };
      }
      flags.set(name, value);
    } else return { error: `unknown flag: --${name}` };
  }
  return { words, flags };
}

export function errorExit(message: string, code = EXIT_ERROR, before = ''): ShellResult {
  return { stdout: '', stderr: `${before}Error: ${message}\n`, exitCode: code };
}

export function parseRev(s: string | undefined, flag: string): number | { error: ShellResult } {
  if (s === undefined) return 0;
  if (!/^-?\d+$/.test(s)) return { error: errorExit(`invalid argument "${s}" for "--${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax`) };
  return Number(s);
}
