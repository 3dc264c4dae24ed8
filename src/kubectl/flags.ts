/**
 * Flag parsing with pflag's rules, as kubectl's cobra commands see them: `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-Aw`), `--` ends
 * flags, flags may come between arguments. Errors carry pflag's wording; kubectl adds the pointer
 * `See 'kubectl <cmd> --help' for usage.`
 */
import { KubectlError } from './errors';
import { goQuote } from '../sim/api/validation/fieldErrors';

export type FlagKind = 'bool' | 'string' | 'int' | 'strings' | 'stringArray';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  default?: string | boolean | number | string[];
  /** int flags: the Go type's size (int and int64 are 64 bits, int32 is 32). */
  bits?: 32 | 64;
  /** The value a flag given without one takes (pflag's NoOptDefVal; bool flags take "true"). */
  noOptDefVal?: string;
  /** int flags: 0 (Go's ParseInt base 0: 0x, 0o, 0b, leading-0 octal, underscores) unless the flag parses base 10. */
  base?: 0 | 10;
}

/** Flags of commands that print objects (PrintFlags). */
export const PRINT_FLAGS: FlagSpec[] = [
  { long: 'allow-missing-template-keys', kind: 'bool', default: true },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'show-managed-fields', kind: 'bool' },
  { long: 'template', kind: 'string' },
];

/** Flags of commands that read objects from files (FilenameOptions). */
export const FILENAME_FLAGS: FlagSpec[] = [
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
];

/** --dry-run: a bare flag means "unchanged", which kubectl takes as client. */
export const DRY_RUN_FLAG: FlagSpec = { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' };

/** --validate: a bare flag means strict. */
export const VALIDATE_FLAG: FlagSpec = { long: 'validate', kind: 'string', default: 'strict', noOptDefVal: 'strict' };

/** GetDryRunStrategy: 'none', 'client' or 'server', or kubectl's error for anything else. */
export function dryRunStrategy(f: ParsedFlags): 'none' | 'client' | 'server' {
  const v = flagString(f, 'dry-run');
  if (v === '' || v === 'none' || v === 'false') return 'none';
  if (v === 'client' || v === 'unchanged' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new KubectlError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** A command's subcommand, as cobra finds it: by name or alias, with its own flags. */
export interface Subcommand {
  name: string;
  aliases?: string[];
  flags: FlagSpec[];
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedFlags {
  args: string[];
  values: Map<string, FlagValue>;
  changed: Set<string>;
  /** How many arguments came before a `--` (cobra's ArgsLenAtDash), or -1 when there was none. */
  argsLenAtDash: number;
}

/** Flags every kubectl command accepts (kubeconfig-related ones are accepted and ignored). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'context', kind: 'string' },
  { long: 'cluster', kind: 'string' },
  { long: 'user', kind: 'string' },
  { long: 'kubeconfig', kind: 'string' },
  { long: 'request-timeout', kind: 'string' },
  { long: 'server', short: 's', kind: 'string' },
  { long: 'token', kind: 'string' },
  { long: 'as', kind: 'string' },
  { long: 'as-group', kind: 'stringArray' },
  { long: 'as-uid', kind: 'string' },
  // klog's Level parses base 10 into 32 bits.
  { long: 'v', short: 'v', kind: 'int', bits: 32, base: 10 },
  { long: 'insecure-skip-tls-verify', kind: 'bool' },
];

/**
 * Go's %q of the byte pflag reads as a shorthand: a quoted character; a multi-byte character shows
 * as its first byte read as a code point, as Go's byte indexing does.
 */
function goCharQuote(ch: string): string {
  let code = ch.codePointAt(0)!;
  if (code >= 0x80) code = new TextEncoder().encode(ch)[0]!;
  if (code === 0x27) return "'\\''";
  if (code === 0x5c) return "'\\\\'";
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(code)}'`;
}

function flagErr(cmdPath: string, msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee '${cmdPath} --help' for usage.`);
}

function flagName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
}

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) {
    i = 2;
    saw = '0';
    hex = /[xX]/.test(s[1]!);
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, base, bits): the value, or why not ('syntax' or 'range'). */
export function parseGoInt(s: string, base: 0 | 10 = 0, bits: 32 | 64 = 64): number | 'syntax' | 'range' {
  let body = s;
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let radix = 10;
  let digits = body;
  if (base === 0 && body.length > 1 && body[0] === '0') {
    const p = body[1]!.toLowerCase();
    if (p === 'x' || p === 'o' || p === 'b') {
      radix = p === 'x' ? 16 : p === 'o' ? 8 : 2;
      digits = body.slice(2);
    } else {
      radix = 8;
      digits = body.slice(1);
    }
  }
  if (base === 0) {
    if (!underscoreOK(s)) return 'syntax';
    digits = digits.replace(/_/g, '');
  }
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : radix === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return 'syntax';
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const magnitude = BigInt(prefix + digits);
  const cutoff = 1n << BigInt(bits - 1);
  if (neg ? magnitude > cutoff : magnitude >= cutoff) return 'range';
  return Number(neg ? -magnitude : magnitude);
}

export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  return undefined;
}

export function parseFlags(argv: string[], specs: FlagSpec[], cmdPath: string): ParsedFlags {
  // A command's own flag shadows a global one of the same name (`create rolebinding --user`), as cobra's local flags do.
  const all = [...GLOBAL_FLAGS.filter((g) => !specs.some((s) => s.long === g.long)), ...specs];
  const byLong = new Map(all.map((s) => [s.long, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  const changed = new Set<string>();
  const args: string[] = [];
  let argsLenAtDash = -1;
  for (const s of all) if (s.default !== undefined) values.set(s.long, s.default);

  const set = (spec: FlagSpec, raw: string): void => {
    switch (spec.kind) {
      case 'bool': {
        const b = parseGoBool(raw);
        if (b === undefined) throw flagErr(cmdPath, `invalid argument ${goQuote(raw)} for "${flagName(spec)}" flag: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
        values.set(spec.long, b);
        break;
      }
      case 'int': {
        const v = parseGoInt(raw, spec.base ?? 0, spec.bits ?? 64);
        if (typeof v !== 'number') throw flagErr(cmdPath, `invalid argument ${goQuote(raw)} for "${flagName(spec)}" flag: strconv.ParseInt: parsing ${goQuote(raw)}: ${v === 'range' ? 'value out of range' : 'invalid syntax'}`);
        values.set(spec.long, v);
        break;
      }
      case 'string':
        values.set(spec.long, raw);
        break;
      case 'strings': {
        const prev = changed.has(spec.long) ? (values.get(spec.long) as string[]) : [];
        values.set(spec.long, [...prev, ...(raw === '' ? [] : raw.split(','))]);
        break;
      }
      case 'stringArray': {
        const prev = changed.has(spec.long) ? (values.get(spec.long) as string[]) : [];
        values.set(spec.long, [...prev, raw]);
        break;
      }
    }
    changed.add(spec.long);
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      argsLenAtDash = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (name === '' || name[0] === '-') throw flagErr(cmdPath, `bad flag syntax: ${a}`);
      const spec = byLong.get(name);
      if (!spec) throw flagErr(cmdPath, `unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.kind === 'bool') set(spec, 'true');
      else if (spec.noOptDefVal !== undefined) set(spec, spec.noOptDefVal);
      else {
        if (i + 1 >= argv.length) throw flagErr(cmdPath, `flag needs an argument: --${name}`);
        set(spec, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // pflag's parseSingleShortArg, one shorthand at a time; errors name what is left (`-x` of `-Ax`).
      let rest = a.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        const spec = byShort.get(c);
        if (!spec) throw flagErr(cmdPath, `unknown shorthand flag: ${goCharQuote(c)} in -${rest}`);
        if (rest.length > 2 && rest[1] === '=') {
          set(spec, rest.slice(2));
          rest = '';
        } else if (spec.kind === 'bool' || spec.noOptDefVal !== undefined) {
          set(spec, spec.kind === 'bool' ? 'true' : spec.noOptDefVal!);
          rest = rest.slice(1);
        } else if (rest.length > 1) {
          // `-n=` gives "=": only `-n=value` with something after the sign is the `=` form.
          set(spec, rest.slice(1));
          rest = '';
        } else {
          if (i + 1 >= argv.length) throw flagErr(cmdPath, `flag needs an argument: ${goCharQuote(c)} in -${rest}`);
          set(spec, argv[++i]!);
          rest = '';
        }
      }
      continue;
    }
    args.push(a);
  }
  return { args, values, changed, argsLenAtDash };
}

export function flagString(f: ParsedFlags, name: string): string {
  const v = f.values.get(name);
  return typeof v === 'string' ? v : '';
}
export function flagBool(f: ParsedFlags, name: string): boolean {
  return f.values.get(name) === true;
}
export function flagInt(f: ParsedFlags, name: string, dflt: number): number {
  const v = f.values.get(name);
  return typeof v === 'number' ? v : dflt;
}
export function flagList(f: ParsedFlags, name: string): string[] {
  const v = f.values.get(name);
  return Array.isArray(v) ? v : [];
}
