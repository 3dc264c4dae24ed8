/**
 * `kubectl edit TYPE NAME`: the object as YAML (or JSON with -o json) under kubectl's header comment,
 * handed to an editor. The app is the editor (the result carries the buffer); where there is none
 * (`kubetab run`), kubectl's own failure to start `vi` is the answer. Saving is `editSaved`: it
 * compares, parses and diffs the buffer as kubectl's edit loop does and names the patch to send.
 */
import { YAMLError } from 'yaml';
import type { KObject } from '../../sim/types';
import { mergePatchDiff } from '../apply';
import { goYamlMessage } from '../goYaml';
import { plainError } from '../errors';
import { FILENAME_FLAGS, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags } from '../flags';
import { yamlLib } from '../yamlLib';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { getOne, type Scope } from './fetch';
import { nameRef, renderStructured } from './output';

export const EDIT_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS.filter((f) => f.long !== 'output'),
  { long: 'output', short: 'o', kind: 'string', default: 'yaml' },
  ...FILENAME_FLAGS,
  { long: 'field-manager', kind: 'string', default: 'kubectl-edit' },
  { long: 'output-patch', kind: 'bool' },
  { long: 'save-config', kind: 'bool' },
  { long: 'subresource', kind: 'string' },
  { long: 'validate', kind: 'string', default: 'strict', noOptDefVal: 'strict' },
  { long: 'windows-line-endings', kind: 'bool' },
];

/** The comment kubectl's edit writes above the object (editoptions.go's header). */
export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

/** What kubectl prints when it cannot start an editor: `vi`, its default without $KUBE_EDITOR or $EDITOR. */
export const NO_EDITOR = 'unable to launch the editor "vi"';

/** An edit under way: the object's `TYPE/NAME` as kubectl prints it, its namespace, and the buffer. */
export interface EditBuffer {
  ref: string;
  namespace?: string;
  yaml: string;
}

export function runEdit(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const out = flagString(f, 'output');
  if (out !== 'yaml' && out !== 'json') throw plainError(`the edit mode must be one of [yaml json]: ${out}`);
  if (f.args.length === 0) throw plainError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const parsed = parseResourceArgs(f.args);
  const req = parsed.requests[0]!;
  if (parsed.requests.length !== 1 || req.name === undefined) throw plainError('edit opens one object here: give its type and name (kubectl edit TYPE NAME)');
  // The object is read first: a missing one is the server's NotFound, editor or not.
  const obj: KObject = getOne(io.ctx.client, req.def, scope, req.name);
  if (!io.ctx.editor) throw plainError(NO_EDITOR);
  const body = renderStructured({ kind: out }, obj);
  io.edit = { ref: nameRef(req.def, obj), ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}), yaml: EDIT_HEADER + body };
}

/** cmdutil.StripComments: the buffer without its comment lines. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);


export type EditOutcome =
  /** nothing to send: kubectl's words on stderr (no change, empty file) or stdout (skipped) */
  | { done: true; stdout: string; stderr: string }
  /** the buffer cannot be sent: the error to show above it (kubectl re-opens the file with it) */
  | { done: false; error: string }
  /** the patch to send */
  | { done: false; patch: Json };

/** What kubectl edit does with a saved buffer, up to the request it sends. */
export function editSaved(ref: string, original: string, edited: string): EditOutcome {
  if (stripComments(original) === stripComments(edited)) return { done: true, stdout: '', stderr: 'Edit cancelled, no changes made.\n' };
  if (stripComments(edited).trim() === '') return { done: true, stdout: '', stderr: 'Edit cancelled, saved file was empty.\n' };
  const y = yamlLib();
  let before: unknown;
  let after: unknown;
  try {
    before = y.parse(stripComments(original));
    // Comment lines are YAML comments: the edited text is parsed as saved, so line numbers are the buffer's.
    const doc = y.parseDocument(edited, { version: '1.1', uniqueKeys: false, merge: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    after = doc.toJS();
  } catch (e) {
    const msg = e instanceof YAMLError ? `yaml: line ${e.linePos?.[0].line ?? 1}: ${goYamlMessage(e)}` : String(e);
    return { done: false, error: `The edited file had a syntax error: error converting YAML to JSON: ${msg}` };
  }
  if (!isObj(after)) return { done: false, error: 'The edited file had a syntax error: Object \'Kind\' is missing in the edited file' };
  const b = isObj(before) ? before : {};
  const meta = (o: Json): Json => (isObj(o.metadata) ? o.metadata : {});
  if (after.apiVersion !== b.apiVersion || after.kind !== b.kind || meta(after).name !== meta(b).name) return { done: false, error: 'At least one of apiVersion, kind and name was changed' };
  const patch = mergePatchDiff(b, after);
  if (Object.keys(patch).length === 0) return { done: true, stdout: `${ref} skipped\n`, stderr: '' };
  return { done: false, patch };
}

/** A word for the shell, quoted so splitCommandLine gives it back as is. */
function shellWord(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The kubectl line that sends an edit's patch (what the scenario records, so a share link replays it). */
export function editPatchLine(ref: string, namespace: string | undefined, patch: Json): string {
  return `patch ${ref}${namespace ? ` -n ${namespace}` : ''} --type merge -p ${shellWord(JSON.stringify(patch))}`;
}

/** The patch command's answer in edit's words: `deployment.apps/web edited`. */
export function editedOutput(stdout: string): string {
  return stdout.replace(/ patched( \(no change\))?$/gm, ' edited');
}
