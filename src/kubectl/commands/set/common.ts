/** What the `kubectl set` subcommands share: finding the objects, and where a kind keeps its pod spec. */
import type { Container } from 'kubernetes-types/core/v1';
import { StatusError } from '../../../sim/api/types';
import type { KObject } from '../../../sim/types';
import { plainError } from '../../errors';
import { flagBool, flagString, type ParsedFlags } from '../../flags';
import { nameRef, parseOutputFlag, renderStructured } from '../output';
import { parseResourceArgs, type ResourceRequest } from '../args';
import type { CommandIO } from '../context';
import { getOne, listAll, type Scope } from '../fetch';

export const NO_RESOURCES = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export interface PodSpecLike {
  containers?: Container[];
  initContainers?: Container[];
}

/** Where a kind keeps its pod spec (undefined for kinds without one). */
export function podSpecOf(obj: KObject): PodSpecLike | undefined {
  const o = obj as { kind?: string; spec?: Record<string, unknown> };
  if (o.kind === 'Pod') return o.spec as PodSpecLike;
  if (o.kind === 'CronJob') return (o.spec?.jobTemplate as { spec?: { template?: { spec?: PodSpecLike } } })?.spec?.template?.spec;
  return (o.spec?.template as { spec?: PodSpecLike } | undefined)?.spec;
}

/** A patch that puts `podSpec` where the kind keeps its pod spec. */
export function podSpecPatch(obj: KObject, podSpec: Record<string, unknown>): Record<string, unknown> {
  if (obj.kind === 'Pod') return { spec: podSpec };
  if (obj.kind === 'CronJob') return { spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } };
  return { spec: { template: { spec: podSpec } } };
}

/** The objects named by TYPE NAME / TYPE/NAME, or all of a type with --all or -l; a missing one is reported and skipped. */
export function selectTargets(io: CommandIO, f: ParsedFlags, scope: Scope, resArgs: string[]): { def: ResourceRequest['def']; obj: KObject }[] {
  const client = io.ctx.client;
  const parsed = parseResourceArgs(resArgs);
  const sel = flagString(f, 'selector');
  const objs: { def: ResourceRequest['def']; obj: KObject }[] = [];
  for (const r of parsed.requests) {
    try {
      if (r.name !== undefined) objs.push({ def: r.def, obj: getOne(client, r.def, scope, r.name) });
      else if (sel || flagBool(f, 'all')) for (const o of listAll(client, r.def, scope, sel)) objs.push({ def: r.def, obj: o });
      else throw plainError('resource(s) were provided, but no name was specified');
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
  return objs;
}

/** Fails on a bad -o before anything is read or sent, as PrintFlags.ToPrinter does in Complete. */
export function checkOutputFlag(f: ParsedFlags): void {
  const out = flagString(f, 'output');
  if (out === '' || out === 'name') return;
  // PrintFlags offers no table printers (wide, custom-columns), unlike get's.
  if (!PRINT_FLAG_FORMATS.some((x) => out === x || out.startsWith(`${x}=`))) throw plainError(`unable to match a printer suitable for the output format ${JSON.stringify(out)}, allowed formats are: ${PRINT_FLAG_FORMATS.join(',')}`);
  parseOutputFlag(out);
}

const PRINT_FLAG_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

/**
 * Prints one changed object as the command's PrintFlags do: `<kind>/<name> <operation>` (with
 * ` (dry run)`), `-o name`, or the object itself in a structured format — the locally changed copy
 * under --dry-run=client, the server's answer otherwise.
 */
export function printSetResult(io: CommandIO, f: ParsedFlags, def: ResourceRequest['def'], obj: KObject, operation: string, dryRun: string): void {
  const out = flagString(f, 'output');
  if (out === '') io.out(`${nameRef(def, obj)} ${operation}${dryRun === 'client' ? ' (dry run)' : ''}\n`);
  else if (out === 'name') io.out(`${nameRef(def, obj)}\n`);
  else io.out(renderStructured(parseOutputFlag(out), obj));
}
