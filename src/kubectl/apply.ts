/**
 * `kubectl apply -f -` with client-side apply semantics: documents split the way kubectl's YAML reader
 * splits them, `List` kinds expanded, unknown kinds reported with the REST mapper's text, objects
 * created with the last-applied-configuration annotation, existing ones merged three ways (fields
 * dropped since the last apply are removed, changed fields set, lists of named items merged by key)
 * and sent as a patch; `unchanged` when nothing would change.
 */
import type { Tags, YAMLError } from 'yaml';
import { yamlLib } from './yamlLib';
import { goYamlMessage } from './goYaml';
import { findByKind } from '../sim/api/kinds';
import { decodeObject, jsonKind } from '../sim/api/schema/decode';
import { apiSchema } from '../sim/api/schema/schema';
import type { StructDef, TypeNode } from '../sim/api/schema/schema';
import { isStatusError, StatusError } from '../sim/api/types';
import type { FieldValidation, ResourceDefinition } from '../sim/api/types';
import type { KObject } from '../sim/types';
import { formatError, KubectlError, PlainError, statusErrorMessage } from './errors';
import { kindRef } from './resources';
import type { KubectlContext } from './commands/context';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ParsedDoc {
  obj: KObject;
  def?: ResourceDefinition;
  /** set when the document cannot be mapped to a served kind */
  error?: string;
  /** the error is printed as it is, without kubectl's `error: ` */
  bare?: boolean;
}

export type ParseResult = { objects: ParsedDoc[]; error?: string };

/** Splits a stream at `---` lines, as k8s.io/apimachinery's YAMLReader does (text after `---` may only be a comment). */
export function splitYamlDocuments(text: string): { chunks: string[]; error?: string } {
  const chunks: string[] = [];
  let buf: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && rest[0] !== '#') return { chunks, error: `invalid Yaml document separator: ${rest}` };
      if (buf.length > 0) chunks.push(buf.join('\n'));
      buf = [];
      continue;
    }
    if (i === lines.length - 1 && line === '') continue;
    buf.push(line);
  }
  if (buf.length > 0) chunks.push(buf.join('\n'));
  return { chunks };
}

export const YAML_OPTS = {
  version: '1.1' as const,
  uniqueKeys: false,
  merge: true,
  customTags: (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

function jsonSafe(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[String(k)] = jsonSafe(x);
    return o;
  }
  return v;
}

/**
 * Parses a manifest stream into objects, as kubectl's resource builder reads `-f`: YAML to JSON (a
 * repeated key keeps its last value), then, unless validation is off, the checks kubectl makes before
 * any request (apiVersion and kind set and strings, a List's items objects) — a document failing
 * them ends the stream (documents before it are kept), as does a syntax error — then the decoding
 * into an unstructured object and its metadata, whose failures skip just that document.
 */
export function parseManifests(text: string, source = 'STDIN', validation: FieldValidation = 'Strict'): ParseResult {
  const objects: ParsedDoc[] = [];
  const split = splitYamlDocuments(text);
  for (const chunk of split.chunks) {
    const doc = yamlLib().parseDocument(chunk, YAML_OPTS);
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const line = e.linePos?.[0]?.line ?? 1;
      return { objects, error: `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${goYamlMessage(e)}` };
    }
    const badKey = collectionKey(doc.contents);
    if (badKey !== undefined) return { objects, error: `error parsing ${source}: error converting YAML to JSON: yaml: invalid map key: ${goSyntax(badKey)}` };
    const value = jsonSafe(doc.toJS({ maxAliasCount: 100 }));
    if (value === null || value === undefined) continue;
    if (validation !== 'Ignore') {
      const errs = validationErrors(value, validation);
      if (errs.length > 0) {
        return { objects, error: `error validating "${source}": error validating data: ${aggregate(errs)}; if you choose to ignore these errors, turn validation off with --validate=false` };
      }
    }
    objects.push(...decodeDoc(value, source));
  }
  if (split.error) return { objects, error: `error parsing ${source}: ${split.error}` };
  return { objects };
}

/** utilerrors.NewAggregate's text: one error alone, several (repeats dropped) in brackets. */
function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** kubectl's getObjectKind: what it checks of apiVersion and kind before sending anything. */
function objectKindErrors(v: unknown): string[] {
  if (!isMap(v)) return ['invalid object to validate'];
  const errs: string[] = [];
  const apiVersion = v.apiVersion;
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') errs.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') errs.push("apiVersion isn't string type");
  else if (apiVersion !== '/' && apiVersion.split('/').length > 2) errs.push(`unexpected GroupVersion string: ${apiVersion}`);
  const kind = v.kind;
  if (kind === undefined || kind === null || kind === '') errs.push('kind not set');
  else if (typeof kind !== 'string') errs.push("kind isn't string type");
  return errs;
}

/**
 * The client-side validation errors of a document. Server-side field validation has no List kind, so
 * under Strict kubectl checks a List's items itself (under Warn it skips them).
 */
function validationErrors(v: unknown, validation: FieldValidation): string[] {
  const errs = objectKindErrors(v);
  if (errs.length > 0 || validation !== 'Strict' || !isMap(v) || v.apiVersion !== 'v1' || v.kind !== 'List') return errs;
  if (!Array.isArray(v.items)) return ['invalid object to validate'];
  return v.items.flatMap((item) => objectKindErrors(item));
}

/** The decoder kubectl uses for `-f`: a document with `items` is a list, whose items are objects of their own. */
function decodeDoc(value: unknown, source: string): ParsedDoc[] {
  const fail = (message: string, bare = false): ParsedDoc[] => [{ obj: {} as KObject, error: message, ...(bare ? { bare } : {}) }];
  if (!isMap(value)) return fail(`unable to decode "${source}": json: cannot unmarshal ${jsonKind(value)} into Go value of type unstructured.detector`);
  if (value.items !== undefined) {
    const items = value.items;
    if (items !== null && !Array.isArray(items)) return fail(`unable to decode "${source}": json: cannot unmarshal ${jsonKind(items)} into Go struct field decodeList.items of type []json.RawMessage`);
    const list = (items ?? []) as unknown[];
    const bad = list.find((x) => x !== null && !isMap(x));
    if (bad !== undefined) return fail(`unable to decode "${source}": json: cannot unmarshal ${jsonKind(bad)} into Go value of type map[string]interface {}`);
    const listKind = typeof value.kind === 'string' ? value.kind : '';
    return list.map((x) => {
      const item = (x ?? {}) as KObject;
      // Items without apiVersion and kind take the list's (a PodList's items are Pods).
      const typed = item.kind === undefined && item.apiVersion === undefined ? { ...item, kind: listKind.replace(/List$/, ''), apiVersion: value.apiVersion as string } : item;
      if (typeof typed.kind !== 'string' || typed.kind === '') {
        return { obj: typed, error: `unable to get type info from the object "*unstructured.Unstructured": Object 'Kind' is missing in 'object has no kind field '`, bare: true };
      }
      return mapDoc(typed, source);
    });
  }
  if (typeof value.kind !== 'string' || value.kind === '') return fail(`unable to decode "${source}": Object 'Kind' is missing in '${sortedJson(value)}'`);
  // Then apiVersion, kind and metadata are decoded into a typed object (metadataOnlyObject).
  const meta = decodeObject({ apiVersion: value.apiVersion, kind: value.kind, metadata: value.metadata }, metadataOnlyObject(), 'metadataOnlyObject', false);
  if (meta.error !== undefined) return fail(`unable to decode "${source}": ${meta.error}`);
  return [mapDoc(value as KObject, source)];
}

function metadataOnlyObject(): StructDef {
  const str: TypeNode = { k: 'scalar', prim: 'string', go: 'string' };
  const objectMeta = apiSchema().definition('meta.v1.ObjectMeta');
  return { name: 'metadataOnlyObject', props: new Map<string, TypeNode>([['apiVersion', str], ['kind', str], ['metadata', { k: 'struct', def: objectMeta, go: 'v1.ObjectMeta' }]]) };
}

function mapDoc(obj: KObject, source: string): ParsedDoc {
  const missing: string[] = [];
  if (!obj.apiVersion) missing.push('apiVersion not set');
  if (!obj.kind) missing.push('kind not set');
  if (missing.length > 0) {
    const detail = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
    return { obj, error: `error validating "${source}": error validating data: ${detail}; if you choose to ignore these errors, turn validation off with --validate=false` };
  }
  const def = typeof obj.apiVersion === 'string' ? findByKind(obj.apiVersion, obj.kind!) : undefined;
  if (!def) {
    return {
      obj,
      error: `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
    };
  }
  return { obj, def };
}

// ---- JSON helpers -----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON with keys sorted at every level, as Go marshals unstructured objects. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${goJsonString(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'string') return goJsonString(v);
  return JSON.stringify(v) ?? 'null';
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Merge keys of lists of objects (strategic merge patch metadata) for the built-in kinds. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  ownerReferences: 'uid',
};

function mergeKeyFor(field: string, path: string[], list: unknown[]): string | undefined {
  if (field === 'ports') {
    // container ports merge on containerPort, service ports on port
    if (list.every((x) => isMap(x) && 'containerPort' in x)) return 'containerPort';
    if (list.every((x) => isMap(x) && 'port' in x) && path.includes('spec')) return 'port';
    return undefined;
  }
  const k = MERGE_KEYS[field];
  if (!k) return undefined;
  return list.every((x) => isMap(x) && k in x) ? k : undefined;
}

/**
 * The object after applying `modified` on top of `current`, given what was applied last time
 * (`original`): a field in original but not in modified is removed; every field of modified is set;
 * fields only in current are kept.
 */
export function threeWayMerge(original: unknown, modified: unknown, current: unknown, path: string[] = []): unknown {
  if (!isMap(modified) || !isMap(current)) return clone(modified);
  const out: Record<string, unknown> = clone(current);
  const orig = isMap(original) ? original : {};
  for (const k of Object.keys(orig)) if (!(k in modified) && k in out) delete out[k];
  for (const [k, m] of Object.entries(modified)) {
    if (m === undefined) continue;
    if (m === null) {
      delete out[k];
      continue;
    }
    const c = current[k];
    const o = orig[k];
    if (isMap(m) && isMap(c)) out[k] = threeWayMerge(o, m, c, [...path, k]);
    else if (Array.isArray(m) && Array.isArray(c)) out[k] = mergeList(k, path, Array.isArray(o) ? o : [], m, c);
    else out[k] = clone(m);
  }
  return out;
}

function mergeList(field: string, path: string[], original: unknown[], modified: unknown[], current: unknown[]): unknown[] {
  const key = mergeKeyFor(field, path, [...modified, ...current]);
  if (!key) return clone(modified);
  const keyOf = (x: unknown): string => (isMap(x) ? JSON.stringify(x[key]) : '');
  const curBy = new Map(current.map((x) => [keyOf(x), x]));
  const origBy = new Map(original.map((x) => [keyOf(x), x]));
  const modKeys = new Set(modified.map(keyOf));
  const out: unknown[] = modified.map((m) => {
    const c = curBy.get(keyOf(m));
    return c !== undefined ? threeWayMerge(origBy.get(keyOf(m)), m, c, [...path, field]) : clone(m);
  });
  for (const c of current) {
    const k = keyOf(c);
    if (!modKeys.has(k) && !origBy.has(k)) out.push(clone(c));
  }
  return out;
}

/** RFC 7386 merge patch turning `from` into `to`; `{}` when equal. */
export function mergePatchDiff(from: unknown, to: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const a = isMap(from) ? from : {};
  const b = isMap(to) ? to : {};
  for (const k of Object.keys(a)) if (!(k in b) || b[k] === undefined) patch[k] = null;
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const old = a[k];
    if (isMap(v) && isMap(old)) {
      const sub = mergePatchDiff(old, v);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (sortedJson(v) !== sortedJson(old)) patch[k] = clone(v);
  }
  return patch;
}

// ---- applying -------------------------------------------------------------------------------------

export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'error';

export interface ApplyResult {
  /** `deployment.apps/web`, or '' when the document could not be mapped */
  ref: string;
  outcome: ApplyOutcome;
  /** the line kubectl prints: `deployment.apps/web created`, or the error text */
  message: string;
  /** a warning kubectl prints to stderr before the result, if any */
  warning?: string;
  /** the error itself, for callers that format several together */
  error?: unknown;
}

/** The object as applied, with namespace filled in and the last-applied annotation set to its own JSON. */
export function withLastApplied(obj: KObject): { modified: KObject; applied: KObject } {
  const applied = clone(obj);
  applied.metadata = applied.metadata ?? {};
  const annots = { ...(applied.metadata.annotations ?? {}) };
  delete annots[LAST_APPLIED];
  applied.metadata.annotations = annots;
  const modified = clone(applied);
  modified.metadata!.annotations = { ...annots, [LAST_APPLIED]: sortedJson(applied) + '\n' };
  return { modified, applied };
}

export function sourceError(verb: string, source: string, e: unknown): unknown {
  if (e instanceof StatusError) {
    return new StatusError({ ...e.status, message: `error when ${verb} "${source}": ${e.status.message}` });
  }
  return e;
}

function patchError(patch: unknown, def: ResourceDefinition, obj: KObject, source: string, e: unknown): unknown {
  if (!(e instanceof StatusError) || e.reason === 'Invalid') return e;
  const gv = groupVersionString(def);
  const info = `Resource: "${gv}, Resource=${def.plural}", GroupVersionKind: "${gv}, Kind=${def.kind}"\nName: "${obj.metadata?.name ?? ''}", Namespace: "${obj.metadata?.namespace ?? ''}"`;
  return new StatusError({ ...e.status, message: `error when applying patch:\n${sortedJson(patch)}\nto:\n${info}\nfor: "${source}": error when patching "${source}": ${e.status.message}` });
}

function applyOne(ctx: KubectlContext, doc: ParsedDoc, source: string, validation: FieldValidation): ApplyResult {
  const def = doc.def!;
  const client = ctx.client;
  const obj = clone(doc.obj);
  obj.metadata = obj.metadata ?? {};
  const ref = `${kindRef(def)}/${obj.metadata.name ?? ''}`;
  if (!obj.metadata.name) {
    const e = new PlainError(`error when retrieving current configuration of:\nResource: "${groupVersionString(def)}, Resource=${def.plural}", GroupVersionKind: "${groupVersionString(def)}, Kind=${def.kind}"\nName: "", Namespace: "${obj.metadata.namespace ?? ''}"\nfrom server for: "${source}": resource name may not be empty`);
    return { ref, outcome: 'error', message: formatError(e), error: e };
  }
  if (def.namespaced) obj.metadata.namespace = obj.metadata.namespace || ctx.namespace || 'default';
  else delete obj.metadata.namespace;
  const ns = def.namespaced ? obj.metadata.namespace : undefined;
  const { modified, applied } = withLastApplied(obj);

  let live: KObject | undefined;
  try {
    live = client.get<KObject>(def.plural, ns, obj.metadata.name);
  } catch (e) {
    if (!isStatusError(e, 'NotFound')) {
      const err = sourceError('retrieving current configuration of', source, e);
      return { ref, outcome: 'error', message: formatError(err), error: err };
    }
  }
  // What the server warns of (unknown fields under --validate=warn), printed as the response comes.
  const warnings: string[] = [];
  const decoding = { fieldValidation: validation, onWarning: (w: string) => warnings.push(`Warning: ${w}\n`) };
  const withWarnings = (r: ApplyResult): ApplyResult => (warnings.length > 0 ? { ...r, warning: (r.warning ?? '') + warnings.join('') } : r);
  if (!live) {
    try {
      client.create(def.plural, modified, ns !== undefined ? { namespace: ns, ...decoding } : decoding);
    } catch (e) {
      const err = sourceError('creating', source, e);
      return withWarnings({ ref, outcome: 'error', message: formatError(err), error: err });
    }
    return withWarnings({ ref, outcome: 'created', message: `${ref} created` });
  }

  let warning: string | undefined;
  const lastText = live.metadata?.annotations?.[LAST_APPLIED];
  let original: unknown = undefined;
  if (lastText) {
    try {
      original = JSON.parse(lastText);
    } catch {
      original = undefined;
    }
  } else {
    warning = `Warning: resource ${def.plural}/${obj.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;
  }
  void applied;
  const merged = threeWayMerge(original, modified, live) as KObject;
  const patch = mergePatchDiff(live, merged);
  if (Object.keys(patch).length === 0) return { ref, outcome: 'unchanged', message: `${ref} unchanged`, ...(warning ? { warning } : {}) };
  try {
    client.patch(def.plural, ns, obj.metadata.name, patch, { type: 'merge', ...decoding });
  } catch (e) {
    const err = patchError(patch, def, obj, source, e);
    return withWarnings({ ref, outcome: 'error', message: formatError(err), error: err, ...(warning ? { warning } : {}) });
  }
  return withWarnings({ ref, outcome: 'configured', message: `${ref} configured`, ...(warning ? { warning } : {}) });
}

/**
 * Applies every document of a manifest stream. Never throws: parse and mapping failures come back as
 * `error` results (a parse error ends the stream; documents before it are applied).
 */
export function applyManifests(yamlText: string, ctx: KubectlContext, source = 'STDIN', validation: FieldValidation = 'Strict'): ApplyResult[] {
  const parsed = parseManifests(yamlText, source, validation);
  const results: ApplyResult[] = [];
  const errors: ApplyResult[] = [];
  const applyErrors: ApplyResult[] = [];
  for (const doc of parsed.objects) {
    if (doc.error || !doc.def) {
      const e = doc.bare ? new KubectlError(doc.error ?? 'unknown error') : new PlainError(doc.error ?? 'unknown error');
      errors.push({ ref: '', outcome: 'error', message: formatError(e), error: e });
      continue;
    }
    const r = applyOne(ctx, doc, source, validation);
    if (r.outcome === 'error') applyErrors.push(r);
    else results.push(r);
  }
  if (parsed.error) {
    const e = new PlainError(parsed.error);
    errors.push({ ref: '', outcome: 'error', message: formatError(e), error: e });
  }
  errors.push(...applyErrors);
  if (results.length === 0 && errors.length === 0) {
    const e = new PlainError('no objects passed to apply');
    errors.push({ ref: '', outcome: 'error', message: formatError(e), error: e });
  }
  return [...results, ...errors];
}

export { statusErrorMessage };

/** How Go prints a GroupVersionResource or GroupVersionKind: group, a slash, version — `/v1` for the core group. */
function groupVersionString(def: ResourceDefinition): string {
  return `${def.group}/${def.version}`;
}

/** The first mapping key that is itself a mapping or a list, as plain data: YAML allows it, JSON and kubectl do not. */
function collectionKey(node: unknown): unknown {
  const YAML = yamlLib();
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      if (YAML.isCollection(pair.key)) return pair.key.toJSON();
      const inValue = collectionKey(pair.value);
      if (inValue !== undefined) return inValue;
    }
  } else if (YAML.isSeq(node)) {
    for (const item of node.items) {
      const inItem = collectionKey(item);
      if (inItem !== undefined) return inItem;
    }
  }
  return undefined;
}

/** Go's %#v of what go-yaml decodes into interface{}: maps with sorted keys, slices, strings, numbers, nil. */
function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x)).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goSyntax(x)}`).join(', ')}}`;
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
