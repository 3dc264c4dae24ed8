/** `kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 … [KEY-] [KEY:EFFECT-]`, with --overwrite, -l and --all. */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import { StatusError } from '../../sim/api/types';
import { isQualifiedName, isValidLabelValue } from '../../sim/api/validation/primitives';
import type { KObject } from '../../sim/types';
import { plainError, PlainError, usageError } from '../errors';
import { DRY_RUN_FLAG, dryRunStrategy, flagBool, flagString, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags } from '../flags';
import { resolveResource } from '../resources';
import type { CommandIO } from './context';
import { refuseServerDryRun } from './dryRun';
import { getOne, listAll, type Scope } from './fetch';
import { parseOutputFlag, renderStructured } from './output';

export const TAINT_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  VALIDATE_FLAG,
  { long: 'all', kind: 'bool' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-taint' },
  { long: 'overwrite', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Taint.ToString: `key=value:effect`, dropping what is empty. */
function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** `key=value:effect`, `key:effect` or `key`. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${spec}`);
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new Error(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  return { key, ...(value ? { value } : {}), effect } as Taint;
}

/** Go's %v of a Taint struct, as the duplicate error prints it. */
const goTaint = (t: Taint): string => `{${t.key} ${t.value ?? ''} ${t.effect} <nil>}`;

function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect } as Taint);
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
    if (add.some((x) => x.key === t.key && x.effect === t.effect)) throw new Error(`duplicated taints with the same key and effect: ${goTaint(t)}`);
    add.push(t);
  }
  return { add, remove };
}

/** The node's taints after the change, and the word kubectl reports it with (tainted, untainted, modified). */
function reorganize(old: Taint[], overwrite: boolean, add: Taint[], remove: Taint[]): { operation: string; taints: Taint[]; errors: string[] } {
  const taints = [...add];
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  let current = taints;
  for (const r of remove) {
    const next = current.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    removed = next.length !== current.length;
    if (!removed) errors.push(`taint ${JSON.stringify(taintString(r))} not found`);
    current = next;
  }
  // kubectl's own quirk: "deleted" is whether the last removal found something.
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints: current, errors };
}

export function runTaint(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const resources: string[] = [];
  const taintArgs: string[] = [];
  for (const s of f.args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) taintArgs.push(s);
    else if (taintArgs.length > 0) throw plainError(`all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  const dryRun = dryRunStrategy(f);
  refuseServerDryRun(dryRun);
  const out = flagString(f, 'output');
  if (out !== '') parseOutputFlag(out);
  if (resources.length < 1) throw plainError('one or more resources must be specified as <resource> <name>');
  if (taintArgs.length < 1) throw plainError('at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try {
    parsed = parseTaints(taintArgs);
  } catch (e) {
    throw usageError('kubectl taint', (e as Error).message);
  }
  const type = resources[0]!.toLowerCase();
  const def = resolveResource(type);
  if (!def) throw plainError(`the server doesn't have a resource type "${type}"`);
  if (def.kind !== 'Node') throw plainError(`invalid resource type ${type}, only node types are supported`);
  const conflicts = parsed.add.flatMap((a) => parsed.remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `{"${r.key}":"${r.effect}"}`));
  if (conflicts.length > 0) throw plainError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const all = flagBool(f, 'all');
  const selector = flagString(f, 'selector');
  if (all && selector !== '') throw plainError("setting 'all' parameter with a non empty selector is prohibited");
  if (!all && selector === '' && resources.length < 2) throw plainError("at least one resource name must be specified since 'all' parameter is not set");
  const client = io.ctx.client;
  const nodesDef = def;
  const nodes: KObject[] = [];
  if (all || selector) nodes.push(...listAll(client, nodesDef, scope, selector));
  else {
    for (const name of resources.slice(1)) {
      try {
        nodes.push(getOne(client, nodesDef, scope, name));
      } catch (e) {
        if (e instanceof StatusError) io.fail(e);
        else throw e;
      }
    }
  }
  const overwrite = flagBool(f, 'overwrite');
  for (const obj of nodes) {
    const node = obj as unknown as Node;
    const name = node.metadata?.name ?? '';
    const old = node.spec?.taints ?? [];
    if (!overwrite) {
      const exists = parsed.add.flatMap((t) => old.filter((o) => o.key === t.key && o.effect === t.effect).map(() => t.key));
      if (exists.length > 0) {
        io.fail(new PlainError(`node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`));
        continue;
      }
    }
    const { operation, taints, errors } = reorganize(old, overwrite, parsed.add, parsed.remove);
    if (errors.length > 0) {
      io.fail(new PlainError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`));
      continue;
    }
    let shown: KObject = { ...obj, spec: { ...(obj.spec as object), taints } } as KObject;
    if (dryRun !== 'client') {
      try {
        shown = client.patch('nodes', undefined, name, { spec: { taints: taints.length > 0 ? taints : null } }, { type: 'strategic' });
        shown = { apiVersion: 'v1', kind: 'Node', ...shown } as KObject;
      } catch (e) {
        if (e instanceof StatusError) {
          io.fail(e);
          continue;
        }
        throw e;
      }
    }
    if (out === '') io.out(`node/${name} ${operation}${dryRun === 'client' ? ' (dry run)' : ''}\n`);
    else if (out === 'name') io.out(`node/${name}\n`);
    else io.out(renderStructured(parseOutputFlag(out), shown));
  }
}
