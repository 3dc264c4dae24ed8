/**
 * Patch application: JSON merge patch (RFC 7386), a strategic-merge subset (lists of named items —
 * containers, ports, env, volumes, conditions, pod IPs, node addresses — merge by their key, with the
 * `$patch` and `$setElementOrder` directives), and JSON patch (RFC 6902).
 */
import { badRequest } from './errors';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else out[k] = isObj(v) ? mergePatch(out[k], v) : v;
  }
  return out;
}

/** List fields that strategic merge patch merges by a key rather than replacing. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  imagePullSecrets: 'name',
  tolerations: '',
  ownerReferences: 'uid',
  podIPs: 'ip',
  hostIPs: 'ip',
  resourceClaimStatuses: 'name',
};

/** Merge keys that hold only at one path: `addresses` is keyed by type in a Node's status alone. */
const PATH_MERGE_KEYS: Record<string, string> = {
  'status.addresses': 'type',
};

const ORDER_PREFIX = '$setElementOrder/';

export function strategicMergePatch(target: unknown, patch: unknown, path = ''): unknown {
  if (Array.isArray(patch)) {
    const field = path.slice(path.lastIndexOf('.') + 1);
    const key = PATH_MERGE_KEYS[path] ?? MERGE_KEYS[field];
    // `{"$patch":"replace"}` in a list: the rest of the list replaces the stored one whole.
    if (patch.some((i) => isObj(i) && i['$patch'] === 'replace')) return patch.filter((i) => !(isObj(i) && i['$patch'] === 'replace'));
    if (!key || !Array.isArray(target)) return patch.filter((i) => !(isObj(i) && i['$patch'] === 'delete'));
    const out = [...target] as unknown[];
    for (const item of patch) {
      if (!isObj(item)) return patch;
      if (item['$patch'] === 'delete') {
        const i = out.findIndex((t) => isObj(t) && t[key] === item[key]);
        if (i >= 0) out.splice(i, 1);
        continue;
      }
      const i = out.findIndex((t) => isObj(t) && t[key] === item[key]);
      if (i >= 0) out[i] = strategicMergePatch(out[i], item, path);
      else out.push(item);
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  // Directive keys are met in the same pass; the `$setElementOrder` ones apply after every merge.
  let orders: string[] | undefined;
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (k.charCodeAt(0) === 36 /* $ */) {
      if (k.startsWith(ORDER_PREFIX)) (orders ??= []).push(k);
      continue;
    }
    if (v === null) delete out[k];
    // A leaf replaces what was there; only objects and lists need their path.
    else out[k] = v === undefined || typeof v !== 'object' ? v : strategicMergePatch(out[k], v, path ? `${path}.${k}` : k);
  }
  for (const k of orders ?? []) {
    const order = patch[k];
    if (!Array.isArray(order)) continue;
    const field = k.slice(ORDER_PREFIX.length);
    const p = path ? `${path}.${field}` : field;
    const key = PATH_MERGE_KEYS[p] ?? MERGE_KEYS[field];
    if (key && Array.isArray(out[field])) out[field] = inOrder(out[field] as unknown[], order, key);
  }
  return out;
}

/**
 * Orders a merged list as `$setElementOrder` says: the items it names in its order; items it does not
 * name (only the server had them) keep their place after those.
 */
function inOrder(list: unknown[], order: unknown[], key: string): unknown[] {
  const rank = new Map<unknown, number>();
  order.forEach((o, i) => {
    if (isObj(o)) rank.set(o[key], i);
  });
  const named = list.filter((i) => isObj(i) && rank.has(i[key]));
  named.sort((a, b) => (rank.get((a as Obj)[key]) ?? 0) - (rank.get((b as Obj)[key]) ?? 0));
  return [...named, ...list.filter((i) => !(isObj(i) && rank.has(i[key])))];
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    const parts = pointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = setAt(doc, parts, raw.value, true);
        break;
      case 'replace':
        getAt(doc, parts, raw.path);
        doc = setAt(doc, parts, raw.value, false);
        break;
      case 'remove':
        getAt(doc, parts, raw.path);
        doc = removeAt(doc, parts);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, parts, raw.path)) !== JSON.stringify(raw.value)) throw badRequest(`testing value ${raw.path} failed: test failed`);
        break;
      case 'copy':
      case 'move': {
        const fromParts = pointer(raw.from ?? '');
        const v = getAt(doc, fromParts, raw.from ?? '');
        if (raw.op === 'move') doc = removeAt(doc, fromParts);
        doc = setAt(doc, parts, structuredClone(v), true);
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${String((raw as { op: unknown }).op)}`);
    }
  }
  return doc;
}

function pointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw badRequest(`JSON pointer must be empty or start with a "/": ${p}`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: unknown, parts: string[], path: string): unknown {
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw badRequest(`the server rejected our request due to an error in our request: missing value at ${path}`);
  }
  return cur;
}

function setAt(doc: unknown, parts: string[], value: unknown, insert: boolean): unknown {
  if (parts.length === 0) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(doc)) {
    const arr = [...doc];
    const i = head === '-' ? arr.length : Number(head);
    if (rest.length === 0) {
      if (insert) arr.splice(i, 0, value);
      else arr[i] = value;
    } else arr[i] = setAt(arr[i], rest, value, insert);
    return arr;
  }
  const o: Obj = isObj(doc) ? { ...doc } : {};
  o[head] = rest.length === 0 ? value : setAt(o[head], rest, value, insert);
  return o;
}

function removeAt(doc: unknown, parts: string[]): unknown {
  const [head, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(doc)) {
    const arr = [...doc];
    if (rest.length === 0) arr.splice(Number(head), 1);
    else arr[Number(head)] = removeAt(arr[Number(head)], rest);
    return arr;
  }
  const o: Obj = isObj(doc) ? { ...doc } : {};
  if (rest.length === 0) delete o[head];
  else o[head] = removeAt(o[head], rest);
  return o;
}
