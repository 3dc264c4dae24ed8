/**
 * JSON patch (RFC 6902) as the 1.31 API server applies it: evanphx/json-patch v4 with its leniencies
 * (a `replace` of a missing object key adds it, a path's first segment is not checked to be empty,
 * negative array indices count from the end) and its error texts. The server decodes the operations
 * first (a list of objects, strictly under fieldValidation Strict/Warn); what fails while applying is
 * a JsonPatchError, which the server answers with a bare 422 (see patchApplyError).
 */
import { badRequest } from './errors';

type Obj = Record<string, unknown>;
type Container = Obj | unknown[];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An operation that does not apply to the document, worded as the json-patch library words it. */
export class JsonPatchError extends Error {}

const MISSING = 'missing value';
const fail = (message: string): never => {
  throw new JsonPatchError(message);
};

/** Go's name for a JSON value's type in `cannot unmarshal X into …`. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** The request body decoded as a list of operations (null is an empty list, as Go decodes it). */
function decodeOps(ops: unknown, strict: boolean): Obj[] {
  const refuse = (m: string) => badRequest(strict ? `error decoding patch: ${m}` : m);
  if (ops === null || ops === undefined) return [];
  if (!Array.isArray(ops)) throw refuse(`json: cannot unmarshal ${jsonKind(ops)} into Go value of type ${strict ? '[]handlers.jsonPatchOp' : 'jsonpatch.Patch'}`);
  return ops.map((op) => {
    if (op === null) return {};
    if (!isObj(op)) throw refuse(`json: cannot unmarshal ${jsonKind(op)} into Go value of type ${strict ? 'handlers.jsonPatchOp' : 'jsonpatch.Operation'}`);
    if (strict) {
      for (const f of ['op', 'path', 'from'] as const) {
        const v = op[f];
        if (v !== undefined && v !== null && typeof v !== 'string') throw refuse(`json: cannot unmarshal ${jsonKind(v)} into Go struct field jsonPatchOp.${f} of type string`);
      }
    }
    return op;
  });
}

const str = (op: Obj, field: string): string | undefined => (typeof op[field] === 'string' ? (op[field] as string) : undefined);
const unescape = (k: string): string => k.replace(/~1/g, '/').replace(/~0/g, '~');

function atoi(key: string): number | string {
  return /^[+-]?\d+$/.test(key) ? Number(key) : `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
}

function getIn(c: Container, key: string): { value?: unknown; error?: string } {
  if (!Array.isArray(c)) return { value: c[key] };
  const i = atoi(key);
  if (typeof i === 'string') return { error: i };
  if (i >= c.length || i < 0) return { error: `Unable to access invalid index: ${i}: invalid index referenced` };
  return { value: c[i] };
}

/** The container that holds the path's last segment, and that segment; undefined when a parent is missing. */
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    const { value, error } = getIn(cur, unescape(part));
    if (error !== undefined || value === undefined || value === null || typeof value !== 'object') return undefined;
    cur = value as Container;
  }
  return [cur, unescape(split[split.length - 1]!)];
}

function addIn(c: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(c)) {
    c[key] = value;
    return undefined;
  }
  if (key === '-') {
    c.push(value);
    return undefined;
  }
  let i = atoi(key);
  if (typeof i === 'string') return `value was not a proper array index: '${key}': ${i}`;
  const size = c.length + 1;
  if (i >= size || i < -size) return `Unable to access invalid index: ${i}: invalid index referenced`;
  if (i < 0) i += size;
  c.splice(i, 0, value);
  return undefined;
}

function removeIn(c: Container, key: string): string | undefined {
  if (!Array.isArray(c)) {
    if (!(key in c)) return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete c[key];
    return undefined;
  }
  let i = atoi(key);
  if (typeof i === 'string') return i;
  if (i >= c.length || i < -c.length) return `Unable to access invalid index: ${i}: invalid index referenced`;
  if (i < 0) i += c.length;
  c.splice(i, 1);
  return undefined;
}

/** Structural equality of two JSON values (object keys in any order). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObj(a)) return isObj(b) && Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => k in b && jsonEqual(a[k], b[k]));
  return a === b;
}

function applyOne(doc: Container, op: Obj): void {
  const kind = str(op, 'op') ?? 'unknown';
  const path = str(op, 'path');
  const from = str(op, 'from');
  const value = op.value === undefined ? null : op.value;
  switch (kind) {
    case 'add': {
      if (path === undefined) fail(`add operation failed to decode path: ${MISSING}`);
      const at = findObject(doc, path!) ?? fail(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const err = addIn(at[0], at[1], structuredClone(value));
      if (err) fail(`error in add for path: '${path}': ${err}`);
      return;
    }
    case 'remove': {
      if (path === undefined) fail(`remove operation failed to decode path: ${MISSING}`);
      const at = findObject(doc, path!) ?? fail(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const err = removeIn(at[0], at[1]);
      if (err) fail(`error in remove for path: '${path}': ${err}`);
      return;
    }
    case 'replace': {
      if (path === undefined) fail(`replace operation failed to decode path: operation missing path field: ${MISSING}`);
      const at = findObject(doc, path!) ?? fail(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
      const [c, key] = at;
      if (getIn(c, key).error !== undefined) fail(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
      if (Array.isArray(c)) c[Number(key)] = structuredClone(value);
      else c[key] = structuredClone(value);
      return;
    }
    case 'move':
    case 'copy': {
      if (from === undefined) fail(`${kind} operation failed to decode from: operation, missing from field: ${MISSING}`);
      const src = findObject(doc, from!) ?? fail(`${kind} operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      const got = getIn(src[0], src[1]);
      if (got.error !== undefined) fail(kind === 'move' ? `error in move for path: '${src[1]}': ${got.error}` : `error in copy for from: '${from}': ${got.error}`);
      if (kind === 'move') {
        const err = removeIn(src[0], src[1]);
        if (err) fail(`error in move for path: '${src[1]}': ${err}`);
      }
      if (path === undefined) fail(kind === 'move' ? `move operation failed to decode path: operation missing path field: ${MISSING}` : `copy operation failed to decode path: ${MISSING}`);
      const dst = findObject(doc, path!) ?? fail(`${kind} operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      const err = addIn(dst[0], dst[1], kind === 'copy' ? structuredClone(got.value ?? null) : (got.value ?? null));
      if (err) fail(kind === 'move' ? `error in move for path: '${path}': ${err}` : `error while adding value during copy: ${err}`);
      return;
    }
    case 'test': {
      if (path === undefined) fail(`test operation failed to decode path: operation missing path field: ${MISSING}`);
      const at = findObject(doc, path!) ?? fail(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
      const got = getIn(at[0], at[1]);
      if (got.error !== undefined) fail(`error in test for path: '${path}': ${got.error}`);
      const current = got.value === undefined ? null : got.value;
      if (!jsonEqual(current, value)) fail(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

/**
 * Applies `ops` to a copy of `target`. A body that is not a list of operations is a 400 (StatusError);
 * an operation that does not apply is a JsonPatchError with the library's text.
 */
export function jsonPatch(target: unknown, ops: unknown, strict = false): unknown {
  const list = decodeOps(ops, strict);
  // The stored object is a JSON object: the container of its top-level keys, changed in place on a copy.
  const doc = structuredClone(target) as Container;
  for (const op of list) applyOne(doc, op);
  return doc;
}
