/**
 * The two-way strategic merge diff (apimachinery strategicpatch.CreateTwoWayMergePatch): the patch
 * that turns `original` into `modified`, as the kubelet sends its status writes. Maps are diffed
 * field by field (a field gone from `modified` becomes null); a list with a patch merge key is diffed
 * item by item — changed items carry only their changed fields plus the key, added items come whole,
 * removed ones as `{"$patch":"delete", key}` — with a `$setElementOrder/<field>` giving the order of
 * the new list; every other list is atomic and sent whole when it differs. Keys come out sorted, as Go
 * marshals the map the diff is built in.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The patch merge key of the list at a dotted path (`status.conditions`), undefined for an atomic list. */
export type MergeKeyAt = (path: string) => string | undefined;

/** Merge keys of the lists in Pod and Node that the kubelet's status patches touch (types.go tags). */
const STATUS_MERGE_KEYS: Record<string, string> = {
  'metadata.ownerReferences': 'uid',
  'status.conditions': 'type',
  'status.podIPs': 'ip',
  'status.hostIPs': 'ip',
  'status.resourceClaimStatuses': 'name',
  'status.addresses': 'type',
};

export const statusMergeKeyAt: MergeKeyAt = (path) => STATUS_MERGE_KEYS[path];

export function createTwoWayMergePatch(original: unknown, modified: unknown, keyAt: MergeKeyAt = statusMergeKeyAt): Obj {
  const o = original === undefined ? {} : original;
  const m = modified === undefined ? {} : modified;
  return jsonCopySorted(diffMaps(o as Obj, m as Obj, '', keyAt)) as Obj;
}

/*
 * The inputs are read as Go reads them after a JSON round trip, without making that round trip (it
 * was most of a status write's cost): a field whose value is undefined is absent, an undefined list
 * item is null. Only the patch, which is small, is copied out — keys sorted, holes dropped — so it
 * shares nothing with the objects it was computed from.
 */

/** The field as JSON sees it: present only when own and defined. */
function field(o: Obj, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function diffMaps(original: Obj, modified: Obj, path: string, keyAt: MergeKeyAt): Obj {
  const patch: Obj = {};
  for (const k of Object.keys(modified)) {
    const mv = modified[k];
    if (mv === undefined) continue;
    const ov = field(original, k);
    if (ov === undefined) {
      patch[k] = mv;
      continue;
    }
    if (ov === mv) continue;
    if (isObj(ov) && isObj(mv)) {
      const p = path ? `${path}.${k}` : k;
      const sub = diffMaps(ov, mv, p, keyAt);
      if (!isEmpty(sub)) patch[k] = sub;
    } else if (Array.isArray(ov) && Array.isArray(mv)) {
      const p = path ? `${path}.${k}` : k;
      const key = keyAt(p);
      if (key && mv.every(isObj) && ov.every(isObj)) diffListOfMaps(patch, k, ov, mv, key, p, keyAt);
      else if (!jsonEqual(ov, mv)) patch[k] = mv;
    } else if (!jsonEqual(ov, mv)) patch[k] = mv;
  }
  for (const k of Object.keys(original)) if (original[k] !== undefined && field(modified, k) === undefined) patch[k] = null;
  return patch;
}

function isEmpty(o: Obj): boolean {
  for (const _ in o) return false;
  return true;
}

function diffListOfMaps(patch: Obj, field: string, original: Obj[], modified: Obj[], key: string, path: string, keyAt: MergeKeyAt): void {
  const keyOf = (o: Obj) => String(o[key]);
  const originalByKey = new Map<string, Obj>();
  for (const o of original) if (!originalByKey.has(keyOf(o))) originalByKey.set(keyOf(o), o);
  const modifiedKeys = new Set(modified.map(keyOf));
  const changed: Obj[] = [];
  for (const m of modified) {
    const o = originalByKey.get(keyOf(m));
    if (!o) {
      changed.push(m);
      continue;
    }
    if (o === m) continue;
    const sub = diffMaps(o, m, path, keyAt);
    if (!isEmpty(sub)) changed.push({ ...sub, [key]: m[key] });
  }
  // Deletions follow the changes, in the merge key's order (the diff walks both lists sorted).
  const deleted = original
    .filter((o) => !modifiedKeys.has(keyOf(o)))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    .map((o) => ({ $patch: 'delete', [key]: o[key] }));
  const items = [...changed, ...deleted];
  let sameOrder = true;
  if (items.length === 0) {
    const kept = original.map(keyOf).filter((k) => modifiedKeys.has(k));
    const order = modified.map(keyOf).filter((k) => originalByKey.has(k));
    sameOrder = kept.length === order.length && kept.every((k, i) => k === order[i]);
  }
  if (items.length > 0) patch[field] = items;
  if (items.length > 0 || !sameOrder) patch[`$setElementOrder/${field}`] = modified.map((m) => ({ [key]: m[key] }));
}

/** A number JSON cannot write is written null. */
function jsonScalar(v: unknown): unknown {
  return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
}

/** Equal once written as JSON with sorted keys, without writing it. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(jsonScalar(a[i]), jsonScalar(b[i]))) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    let n = 0;
    for (const k of Object.keys(a)) {
      if (a[k] === undefined) continue;
      n++;
      const bv = field(b, k);
      if (bv === undefined || !jsonEqual(a[k], bv)) return false;
    }
    for (const k of Object.keys(b)) if (b[k] !== undefined) n--;
    return n === 0;
  }
  if (isObj(b) || Array.isArray(b)) return false;
  return jsonScalar(a) === jsonScalar(b);
}

/** The JSON round trip of a value with its keys sorted, as Go marshals a map. */
function jsonCopySorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => jsonCopySorted(jsonScalar(x)));
  if (!isObj(v)) return jsonScalar(v);
  const out: Obj = {};
  for (const k of sortedKeys(v)) if (v[k] !== undefined) out[k] = jsonCopySorted(v[k]);
  return out;
}

/** An object's keys in sorted order; most objects here already list them so, and are not sorted again. */
function sortedKeys(v: Obj): string[] {
  const keys = Object.keys(v);
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return keys.sort();
  return keys;
}
