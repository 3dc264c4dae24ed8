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

export { jsonPatch, JsonPatchError } from './jsonPatch';
