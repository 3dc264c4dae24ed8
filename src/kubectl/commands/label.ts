/** `kubectl label` and `kubectl annotate`: `key=value`, `key-`, --overwrite, --all, -l, --list. */
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { PlainError, plainError } from '../errors';
import { flagBool, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { getOne, listAll, type Scope } from './fetch';
import { nameRef } from './output';

export const LABEL_FLAGS: FlagSpec[] = [
  { long: 'overwrite', kind: 'bool' },
  { long: 'all', kind: 'bool' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'field-selector', kind: 'string' },
  { long: 'list', kind: 'bool' },
  { long: 'local', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'resource-version', kind: 'string' },
  { long: 'dry-run', kind: 'string' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
];

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v)) errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  return errs;
}

type Mode = 'label' | 'annotate';

function parseSpecs(mode: Mode, specs: string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      if (mode === 'label') {
        const parts = spec.split('=');
        if (parts.length !== 2) throw plainError(`invalid label spec: ${spec}`);
        const errs = labelValueErrors(parts[1]!);
        if (errs.length > 0) throw plainError(`invalid label value: "${spec}": ${errs.join(';')}`);
        set.set(parts[0]!, parts[1]!);
      } else {
        const i = spec.indexOf('=');
        if (i === 0) throw plainError(`invalid annotation spec: ${spec}`);
        set.set(spec.slice(0, i), spec.slice(i + 1));
      }
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw plainError(`unknown ${mode === 'label' ? 'label' : 'annotation'} spec: ${spec}`);
  }
  if (mode === 'label') {
    for (const r of remove) if (set.has(r)) throw plainError('can not both modify and remove a label in the same command');
  } else {
    const both = remove.filter((r) => set.has(r));
    if (both.length > 0) throw plainError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  }
  return { set, remove };
}

export function runLabel(io: CommandIO, f: ParsedFlags, scope: Scope, mode: Mode): void {
  const client = io.ctx.client;
  const resources: string[] = [];
  const specs: string[] = [];
  let first = true;
  for (const a of f.args) {
    const isSpec = a.includes('=') || a.endsWith('-');
    if (isSpec) {
      first = false;
      specs.push(a);
    } else if (first) resources.push(a);
    else throw plainError(`all resources must be specified before ${mode === 'label' ? 'label' : 'annotation'} changes: ${a}`);
  }
  const list = flagBool(f, 'list');
  if (resources.length === 0) throw plainError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (specs.length === 0 && !list) throw plainError(`at least one ${mode === 'label' ? 'label' : 'annotation'} update is required`);
  const all = flagBool(f, 'all');
  const sel = flagString(f, 'selector');
  if (all && sel) throw plainError('cannot set --all and --selector at the same time');
  const { set, remove } = parseSpecs(mode, specs);
  const overwrite = flagBool(f, 'overwrite');
  const parsed = parseResourceArgs(resources);
  const field = mode === 'label' ? 'labels' : 'annotations';

  const objs: { def: (typeof parsed.requests)[number]['def']; obj: KObject }[] = [];
  for (const r of parsed.requests) {
    try {
      if (r.name !== undefined) objs.push({ def: r.def, obj: getOne(client, r.def, scope, r.name) });
      else if (all || sel) for (const o of listAll(client, r.def, scope, sel, flagString(f, 'field-selector'))) objs.push({ def: r.def, obj: o });
      else throw plainError('resource(s) were provided, but no name was specified');
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
  for (const { def, obj } of objs) {
    const cur: Record<string, string> = { ...((obj.metadata?.[field] as Record<string, string> | undefined) ?? {}) };
    if (list) {
      for (const [k, v] of Object.entries(cur)) io.out(`${k}=${v}\n`);
      continue;
    }
    if (!overwrite) {
      if (mode === 'label') {
        const errs = [...set].filter(([k, v]) => k in cur && cur[k] !== v).map(([k]) => new PlainError(`'${k}' already has a value (${cur[k]}), and --overwrite is false`));
        if (errs.length > 0) {
          for (const e of errs) io.fail(e);
          continue;
        }
      } else {
        const clashes = [...set].filter(([k, v]) => k !== 'kubernetes.io/change-cause' && k in cur && cur[k] !== v).map(([k]) => `'${k}' already has a value (${cur[k]})`);
        if (clashes.length > 0) {
          io.fail(new PlainError(`--overwrite is false but found the following declared annotation(s): ${clashes.join('; ')}`));
          continue;
        }
      }
    }
    if (mode === 'label') for (const r of remove) if (!(r in cur)) io.out(`label "${r}" not found.\n`);
    const before = JSON.stringify(obj);
    const next = { ...cur };
    for (const [k, v] of set) next[k] = v;
    for (const r of remove) delete next[r];
    const after = JSON.stringify({ ...obj, metadata: { ...obj.metadata, [field]: Object.keys(next).length > 0 || obj.metadata?.[field] ? next : undefined } });
    let msg: string;
    if (mode === 'annotate') msg = 'annotated';
    else if (before === after) msg = 'not labeled';
    else msg = !overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
    const patchMap: Record<string, string | null> = {};
    for (const [k, v] of set) if (cur[k] !== v) patchMap[k] = v;
    for (const r of remove) if (r in cur) patchMap[r] = null;
    try {
      if (Object.keys(patchMap).length > 0) client.patch(def.plural, def.namespaced ? obj.metadata?.namespace : undefined, obj.metadata?.name ?? '', { metadata: { [field]: patchMap } }, { type: 'merge' });
      io.out(flagString(f, 'output') === 'name' ? `${nameRef(def, obj)}\n` : `${nameRef(def, obj)} ${msg}\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}
