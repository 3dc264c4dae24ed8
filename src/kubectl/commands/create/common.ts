/**
 * What every `kubectl create <kind>` shares: its flags, the NAME argument rule, and the end of Run —
 * a client dry run prints the generated object, otherwise it is sent and the answer printed.
 */
import type { ResourceDefinition } from '../../../sim/api/types';
import { StatusError } from '../../../sim/api/types';
import type { KObject } from '../../../sim/types';
import { KubectlError, plainError } from '../../errors';
import { DRY_RUN_FLAG, dryRunStrategy, flagString, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags } from '../../flags';
import { resolveOrFail } from '../args';
import type { CommandIO } from '../context';
import { withTypeMeta, type Scope } from '../fetch';
import { refuseServerDryRun } from '../dryRun';
import { nameRef, parseOutputFlag, renderStructured } from '../output';

/** The flags every create subcommand has (PrintFlags, --dry-run, --field-manager, --save-config, --validate). */
export const CREATE_COMMON: FlagSpec[] = [...PRINT_FLAGS, DRY_RUN_FLAG, { long: 'field-manager', kind: 'string', default: 'kubectl-create' }, { long: 'save-config', kind: 'bool' }, VALIDATE_FLAG];

/** NameFromCommandArgs: exactly one NAME after the subcommand word, in kubectl's words otherwise. */
export function oneName(f: ParsedFlags, sub: string): string {
  const names = f.args.slice(1);
  if (names.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create ${sub} -h' for help and examples`);
  return names[0]!;
}

/** cobra's MarkFlagRequired, checked before the command runs. */
export function requireFlags(f: ParsedFlags, ...names: string[]): void {
  const missing = names.filter((n) => !f.changed.has(n));
  if (missing.length > 0) throw new KubectlError(`error: required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`);
}

/** The namespace a generated object carries: only one given with -n (kubectl's EnforceNamespace). */
export function enforcedNamespace(f: ParsedFlags): string | undefined {
  return f.changed.has('namespace') ? flagString(f, 'namespace') : undefined;
}

/** The fields the server never takes from a client: generated zero values the printer shows for a dry run. */
function requestBody(obj: KObject): KObject {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!(k === 'creationTimestamp' && x === null)) out[k] = strip(x);
    return out;
  };
  const body = strip(obj) as Record<string, unknown>;
  delete body.status;
  return body as KObject;
}

/**
 * Sends the generated object (unless --dry-run=client) and prints the result as the command's
 * PrintFlags do: `<kind>/<name> created`, `-o name`, or a structured format. `wrap` is what the
 * command puts before a server error (`failed to create configmap: `); some commands add nothing.
 */
export function finishCreate(io: CommandIO, f: ParsedFlags, scope: Scope, resource: string, obj: KObject, wrap = ''): void {
  const def: ResourceDefinition = resolveOrFail(resource);
  const dryRun = dryRunStrategy(f);
  const out = flagString(f, 'output');
  const fmt = out === '' || out === 'name' ? undefined : parseOutputFlag(out);
  let shown = obj;
  refuseServerDryRun(dryRun);
  if (dryRun === 'none') {
    try {
      const created = io.ctx.client.create(def.plural, requestBody(obj), { ...(def.namespaced ? { namespace: obj.metadata?.namespace ?? scope.namespace } : {}), fieldValidation: 'Strict' });
      shown = withTypeMeta(def, created);
    } catch (e) {
      if (e instanceof StatusError && wrap !== '') throw plainError(`${wrap}${e.message}`);
      throw e;
    }
  }
  if (out === '') io.out(`${nameRef(def, shown)} created${dryRun === 'client' ? ' (dry run)' : ''}\n`);
  else if (out === 'name') io.out(`${nameRef(def, shown)}\n`);
  else io.out(renderStructured(fmt!, shown));
}

/** metadata of a generated object: name, the enforced namespace, and the zero creation time kubectl prints. */
export function genMeta(name: string, ns: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, ...(ns !== undefined ? { namespace: ns } : {}), creationTimestamp: null, ...extra };
}

/**
 * The arguments before and after `--`. The subcommand word was put in front of the parsed arguments
 * after parsing, so the dash position counts one more.
 */
export function splitAtDash(f: ParsedFlags): { before: string[]; after: string[] } {
  if (f.argsLenAtDash < 0) return { before: f.args, after: [] };
  const at = f.argsLenAtDash + 1;
  return { before: f.args.slice(0, at), after: f.args.slice(at) };
}
