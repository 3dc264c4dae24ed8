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
  return sortKeys(diffMaps(plain(original) as Obj, plain(modified) as Obj, '', keyAt)) as Obj;
}

/** Through JSON, as Go sees it: undefined fields gone. */
function plain(v: unknown): unknown {
  return v === undefined ? {} : JSON.parse(JSON.stringify(v));
}

function diffMaps(original: Obj, modified: Obj, path: string, keyAt: MergeKeyAt): Obj {
  const patch: Obj = {};
  for (const [k, mv] of Object.entries(modified)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in original)) {
      patch[k] = mv;
      continue;
    }
    const ov = original[k];
    if (isObj(ov) && isObj(mv)) {
      const sub = diffMaps(ov, mv, p, keyAt);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (Array.isArray(ov) && Array.isArray(mv)) {
      const key = keyAt(p);
      if (key && mv.every(isObj) && ov.every(isObj)) diffListOfMaps(patch, k, ov, mv, key, p, keyAt);
      else if (!jsonEqual(ov, mv)) patch[k] = mv;
    } else if (!jsonEqual(ov, mv)) patch[k] = mv;
  }
  for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null;
  return patch;
}

function diffListOfMaps(patch: Obj, field: string, original: Obj[], modified: Obj[], key: string, path: string, keyAt: MergeKeyAt): void {
  const keyOf = (o: Obj) => String(o[key]);
  const changed: Obj[] = [];
  for (const m of modified) {
    const o = original.find((x) => keyOf(x) === keyOf(m));
    if (!o) {
      changed.push(m);
      continue;
    }
    const sub = diffMaps(o, m, path, keyAt);
    if (Object.keys(sub).length > 0) changed.push({ ...sub, [key]: m[key] });
  }
  // Deletions follow the changes, in the merge key's order (the diff walks both lists sorted).
  const deleted = original
    .filter((o) => !modified.some((m) => keyOf(m) === keyOf(o)))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
    .map((o) => ({ $patch: 'delete', [key]: o[key] }));
  const items = [...changed, ...deleted];
  const sameOrder = jsonEqual(
    original.map(keyOf).filter((k) => modified.some((m) => keyOf(m) === k)),
    modified.map(keyOf).filter((k) => original.some((o) => keyOf(o) === k)),
  );
  if (items.length > 0) patch[field] = items;
  if (items.length > 0 || !sameOrder) patch[`$setElementOrder/${field}`] = modified.map((m) => ({ [key]: m[key] }));
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}
