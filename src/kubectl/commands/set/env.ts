/** `kubectl set env RESOURCE/NAME KEY_1=VAL_1 … KEY_N- [--env] [--from=configmap/x|secret/x] [--list] [-c]` */
import type { Container, EnvVar } from 'kubernetes-types/core/v1';
import { StatusError } from '../../../sim/api/types';
import type { KObject } from '../../../sim/types';
import { PlainError, plainError } from '../../errors';
import { dryRunStrategy, FILENAME_FLAGS, flagBool, flagList, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../../flags';
import { resolveOrFail, splitResourceTypeName } from '../args';
import type { CommandIO } from '../context';
import { getOne, withTypeMeta, type Scope } from '../fetch';
import { refuseServerDryRun } from '../dryRun';
import { envKeyError } from '../create/sources';
import { NO_RESOURCES, podSpecOf, podSpecPatch, printSetResult, checkOutputFlag, selectTargets } from './common';

export const SET_ENV_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  ...FILENAME_FLAGS,
  { long: 'all', kind: 'bool' },
  { long: 'containers', short: 'c', kind: 'string', default: '*' },
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'env', short: 'e', kind: 'stringArray' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-set' },
  { long: 'from', kind: 'string' },
  { long: 'keys', kind: 'strings' },
  { long: 'list', kind: 'bool' },
  { long: 'local', kind: 'bool' },
  { long: 'overwrite', kind: 'bool', default: true },
  { long: 'prefix', kind: 'string' },
  { long: 'resolve', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
];

/** `*` or a shell-style pattern over container names. */
function matches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/** How `--list` names where a value comes from (envutil.GetEnvVarRefString). */
function refString(v: EnvVar): string {
  const from = v.valueFrom!;
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource ${from.resourceFieldRef.resource}`;
  return 'invalid source';
}

function parseEnvArgs(specs: string[]): { set: EnvVar[]; remove: string[] } {
  const set: EnvVar[] = [];
  const remove: string[] = [];
  for (const s of specs) {
    const eq = s.indexOf('=');
    if (eq > 0) {
      const name = s.slice(0, eq);
      const bad = envKeyError(name);
      if (bad) throw plainError(bad);
      set.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith('-') && s.length > 1) remove.push(s.slice(0, -1));
    else throw plainError(`environment variables must be of the form key=value and can only contain letters, numbers, and underscores`);
  }
  return { set, remove };
}

/** The variables --from adds: one per key of the ConfigMap or Secret, each a reference to its key. */
function fromSource(io: CommandIO, f: ParsedFlags, scope: Scope, from: string): EnvVar[] {
  const ref = splitResourceTypeName(from);
  if (!ref) throw plainError(`the server doesn't have a resource type "${from}"`);
  const def = resolveOrFail(ref.type);
  const obj = getOne(io.ctx.client, def, scope, ref.name) as KObject & { data?: Record<string, string> };
  const prefix = flagString(f, 'prefix');
  const wanted = flagList(f, 'keys');
  const keys = Object.keys(obj.data ?? {}).sort().filter((k) => wanted.length === 0 || wanted.includes(k));
  const out: EnvVar[] = [];
  for (const key of keys) {
    const name = prefix + key;
    if (envKeyError(name) !== undefined) {
      io.err(`warning: ${def.kind === 'Secret' ? 'secret' : 'configmap'} ${JSON.stringify(ref.name)} contains key ${JSON.stringify(key)} with an invalid name; it is skipped\n`);
      continue;
    }
    if (def.kind === 'ConfigMap') out.push({ name, valueFrom: { configMapKeyRef: { key, name: ref.name } } });
    else if (def.kind === 'Secret') out.push({ name, valueFrom: { secretKeyRef: { key, name: ref.name } } });
    else throw plainError(`unsupported resource specified in --from`);
  }
  return out;
}

export function runSetEnv(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const resArgs: string[] = [];
  const envArgs: string[] = [...flagList(f, 'env')];
  for (const a of f.args.slice(1)) {
    if (a.includes('=') || (a.endsWith('-') && !a.includes('/'))) envArgs.push(a);
    else if (envArgs.length > flagList(f, 'env').length) throw plainError(`all resources must be specified before environment changes: ${a}`);
    else resArgs.push(a);
  }
  if (resArgs.length === 0) throw plainError(NO_RESOURCES);
  const list = flagBool(f, 'list');
  const from = flagString(f, 'from');
  if (!list && envArgs.length === 0 && from === '') throw plainError('at least one environment variable must be provided');
  const { set, remove } = parseEnvArgs(envArgs);
  const pattern = flagString(f, 'containers') || '*';
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  checkOutputFlag(f);
  for (const { def, obj: frozen } of selectTargets(io, f, scope, resArgs)) {
    const obj = JSON.parse(JSON.stringify(frozen)) as KObject;
    const spec = podSpecOf(obj);
    const containers = (spec?.containers ?? []).filter((c) => matches(pattern, c.name));
    if (containers.length === 0) {
      io.fail(new PlainError(`error: ${def.plural}/${obj.metadata?.name} does not have any containers matching ${JSON.stringify(pattern)}`));
      continue;
    }
    if (list) {
      for (const c of containers) {
        io.out(`# ${obj.kind} ${obj.metadata?.name}, container ${c.name}\n`);
        for (const v of c.env ?? []) io.out(v.valueFrom ? `# ${v.name} from ${refString(v)}\n` : `${v.name}=${v.value ?? ''}\n`);
      }
      continue;
    }
    let add: EnvVar[];
    try {
      add = [...(from ? fromSource(io, f, scope, from) : []), ...set];
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw e;
    }
    const before = JSON.stringify(spec?.containers);
    for (const c of containers as Container[]) {
      const env = [...(c.env ?? [])];
      for (const v of add) {
        const i = env.findIndex((x) => x.name === v.name);
        if (i >= 0) env[i] = v;
        else env.push(v);
      }
      const kept = env.filter((v) => !remove.includes(v.name));
      if (kept.length > 0) c.env = kept;
      else delete c.env;
    }
    if (JSON.stringify(spec?.containers) === before) continue;
    try {
      // The containers list sent whole: a JSON merge patch replaces the list, which is what the change is.
      const shown = dryRun === 'client' ? obj : withTypeMeta(def, io.ctx.client.patch<KObject>(def.plural, def.namespaced ? obj.metadata?.namespace : undefined, obj.metadata?.name ?? '', podSpecPatch(obj, { containers: spec!.containers }), { type: 'merge' }));
      printSetResult(io, f, def, shown, 'env updated', dryRun);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}
