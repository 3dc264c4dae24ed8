/**
 * `kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH | --patch-file FILE] [--type strategic|merge|json]
 * [--subresource status|scale]`: the server applies the patch; kubectl reports `patched`, or
 * `patched (no change)` when the object came back as it was.
 */
import { StatusError, type PatchType } from '../../sim/api/types';
import { jsonPatch, JsonPatchError, mergePatch, strategicMergePatch } from '../../sim/api/patch';
import type { KObject } from '../../sim/types';
import { plainError, PlainError } from '../errors';
import { dryRunStrategy, flagBool, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../flags';
import { YAML_OPTS } from '../apply';
import { goJsonSyntaxError } from '../goJson';
import { goYamlMessage } from '../goYaml';
import { yamlLib } from '../yamlLib';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { refuseServerDryRun } from './dryRun';
import { getOne, withTypeMeta, type Scope } from './fetch';
import { nameRef, parseOutputFlag, renderStructured } from './output';
import { scenarioFiles } from './create/sources';
import { resolvePath } from '../files';

export const PATCH_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-patch' },
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'local', kind: 'bool' },
  { long: 'patch', short: 'p', kind: 'string' },
  { long: 'patch-file', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'subresource', kind: 'string' },
  { long: 'type', kind: 'string', default: 'strategic' },
];

const PATCH_TYPES = ['json', 'merge', 'strategic'];
const SUBRESOURCES = ['status', 'scale'];

/** The patch as kubectl sends it: a value, or text that starts like JSON but is not (sent as is, refused later). */
type PatchBody = { value: unknown } | { invalidJson: string };

/**
 * The patch text as kubectl reads it (apimachinery's yaml.ToJSON): text starting with `{` is taken
 * as JSON and passed on unchecked; anything else is YAML (only its first document), turned into JSON.
 */
function parsePatch(text: string): PatchBody {
  if (text.trimStart().startsWith('{')) {
    const bad = goJsonSyntaxError(text);
    return bad === undefined ? { value: JSON.parse(text) as unknown } : { invalidJson: bad };
  }
  const fail = (msg: string): never => {
    throw plainError(`unable to parse ${JSON.stringify(text)}: yaml: ${msg}`);
  };
  const doc = yamlLib().parseAllDocuments(text, YAML_OPTS)[0];
  if (doc === undefined) return { value: null };
  const e = doc.errors[0];
  if (e) {
    // go-yaml names the line only past the first one; its parser errors count lines from 0.
    const line = e.linePos?.[0]?.line ?? 1;
    const msg = goYamlMessage(e);
    const shown = msg === 'did not find expected key' ? line - 1 : line;
    fail(`${line > 1 && shown > 0 ? `line ${shown}: ` : ''}${msg}`);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (err) {
    const alias = /alias[^:]*: (.*)$/.exec((err as Error).message);
    return fail(alias ? `unknown anchor '${alias[1]}' referenced` : (err as Error).message);
  }
}

/** What refuses a malformed JSON patch: kubectl's own patch code under --dry-run=client, else the API server. */
function invalidJsonError(type: PatchType, msg: string, clientSide: boolean): Error {
  if (clientSide) return plainError(type === 'strategic' ? 'invalid JSON document' : type === 'merge' ? 'Invalid JSON Patch' : msg);
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400, message: type === 'merge' ? `error decoding patch: ${msg}` : msg });
}

/** The same JSON value, key order aside (reflect.DeepEqual of the decoded objects). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function runPatch(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const patchText = flagString(f, 'patch');
  const patchFile = flagString(f, 'patch-file');
  const dryRun = dryRunStrategy(f);
  const out = flagString(f, 'output');
  if (out !== '' && out !== 'name') parseOutputFlag(out);
  if (patchText !== '' && patchFile !== '') throw plainError('cannot specify --patch and --patch-file together');
  if (patchText === '' && patchFile === '') throw plainError('must specify --patch or --patch-file containing the contents of the patch');
  if (flagBool(f, 'local') && f.args.length > 0) throw plainError('cannot specify --local and server resources');
  const type = flagString(f, 'type');
  if (type !== '' && !PATCH_TYPES.includes(type.toLowerCase())) throw plainError(`--type must be one of [${PATCH_TYPES.join(' ')}], not ${JSON.stringify(type)}`);
  const sub = flagString(f, 'subresource');
  if (sub !== '' && !SUBRESOURCES.includes(sub)) throw plainError(`invalid subresource value: ${JSON.stringify(sub)}. Must be one of [${SUBRESOURCES.join(' ')}]`);
  refuseServerDryRun(dryRun);
  let text = patchText;
  if (patchFile !== '') {
    const found = resolvePath(scenarioFiles(io), patchFile);
    const content = found?.kind === 'file' ? found.content : undefined;
    if (content === undefined) throw plainError(`unable to read patch file: open ${patchFile}: no such file or directory`);
    text = content;
  }
  const body = parsePatch(text);
  if (f.args.length === 0) throw plainError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const parsed = parseResourceArgs(f.args);
  const patchType = (type.toLowerCase() || 'strategic') as PatchType;
  for (const req of parsed.requests) {
    if (req.name === undefined) throw plainError('resource(s) were provided, but no name was specified');
    let current: KObject;
    try {
      current = getOne(io.ctx.client, req.def, scope, req.name);
    } catch (e) {
      if (e instanceof StatusError) {
        io.fail(e);
        continue;
      }
      throw e;
    }
    const def = req.def;
    if (sub !== '' && !def.subresources.includes(sub)) {
      io.fail(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }));
      continue;
    }
    if ('invalidJson' in body) {
      const e = invalidJsonError(patchType, body.invalidJson, dryRun === 'client');
      if (e instanceof StatusError) {
        io.fail(e);
        continue;
      }
      throw e;
    }
    const patch = body.value;
    if (dryRun === 'client') {
      // The patch applied here, to the object as read; nothing is sent.
      let patched: KObject;
      try {
        patched = (patchType === 'json' ? jsonPatch(current, patch) : patchType === 'merge' ? mergePatch(current, patch) : strategicMergePatch(current, patch)) as KObject;
      } catch (e) {
        if (e instanceof StatusError || e instanceof JsonPatchError) throw plainError(e.message);
        throw e;
      }
      if (out === '' || out === 'name') io.out(out === 'name' ? `${nameRef(def, patched)}\n` : `${nameRef(def, patched)} patched (dry run)\n`);
      else io.out(renderStructured(parseOutputFlag(out), patched));
      continue;
    }
    try {
      const before = sub === '' ? current : withTypeMeta(def, io.ctx.client.get<KObject>(def.plural, def.namespaced ? scope.namespace : undefined, req.name, { subresource: sub }));
      const result = withTypeMeta(def, io.ctx.client.patch<KObject>(def.plural, def.namespaced ? scope.namespace : undefined, req.name, patch, { type: patchType, ...(sub ? { subresource: sub } : { fieldValidation: 'Strict' }) }));
      const changed = !sameValue(before, result);
      if (out === '') io.out(`${nameRef(def, result)} patched${changed ? '' : ' (no change)'}\n`);
      else if (out === 'name') io.out(`${nameRef(def, result)}\n`);
      else io.out(renderStructured(parseOutputFlag(out), result));
    } catch (e) {
      if (e instanceof StatusError || e instanceof PlainError) io.fail(e);
      else throw e;
    }
  }
}
