/**
 * Flag parsing with pflag's rules, as kubectl's cobra commands see them: `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-Aw`), `--` ends
 * flags, flags may come between arguments. Errors carry pflag's wording; kubectl adds the pointer
 * `See 'kubectl <cmd> --help' for usage.`
 */
import { KubectlError } from './errors';

export type FlagKind = 'bool' | 'string' | 'int' | 'strings' | 'stringArray';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  default?: string | boolean | number | string[];
  /** the value `--name` alone gives (pflag's NoOptDefVal), for flags that otherwise take one */
  noOptDefault?: string;
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
  { long: 'v', short: 'v', kind: 'int' },
  { long: 'insecure-skip-tls-verify', kind: 'bool' },
];

function flagErr(cmdPath: string, msg: string): KubectlError {
  return new KubectlError(`error: ${msg}\nSee '${cmdPath} --help' for usage.`);
}

function flagName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
}

function parseGoInt(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  return undefined;
}

export function parseFlags(argv: string[], specs: FlagSpec[], cmdPath: string): ParsedFlags {
  const all = [...specs, ...GLOBAL_FLAGS];
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
        if (b === undefined) throw flagErr(cmdPath, `invalid argument "${raw}" for "${flagName(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
        values.set(spec.long, b);
        break;
      }
      case 'int': {
        const v = parseGoInt(raw);
        if (v === undefined) throw flagErr(cmdPath, `invalid argument "${raw}" for "${flagName(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
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
      const spec = byLong.get(name);
      if (!spec) throw flagErr(cmdPath, `unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.kind === 'bool') set(spec, 'true');
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else {
        if (i + 1 >= argv.length) throw flagErr(cmdPath, `flag needs an argument: --${name}`);
        set(spec, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      let j = 1;
      while (j < a.length) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) throw flagErr(cmdPath, `unknown shorthand flag: '${c}' in ${a}`);
        if (a[j + 1] === '=') {
          set(spec, a.slice(j + 2));
          break;
        }
        if (spec.kind === 'bool') {
          set(spec, 'true');
          j++;
          continue;
        }
        if (j + 1 < a.length) {
          set(spec, a.slice(j + 1));
        } else {
          if (i + 1 >= argv.length) throw flagErr(cmdPath, `flag needs an argument: '${c}' in ${a}`);
          set(spec, argv[++i]!);
        }
        break;
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
