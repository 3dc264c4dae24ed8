/**
 * Strategic merge patch as kustomize v5 (kyaml) applies one: maps merge, `null` removes a field,
 * `$patch: delete` removes a map or list item and `$patch: replace` replaces a map; a list with a
 * merge key merges by it — the patch's items first, in the patch's order (each merged into the item
 * it names), then the items the patch does not name, in their order; other lists are replaced.
 */

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The Kubernetes types' patchMergeKey of a list field (ports: by containerPort in a container, by port in a Service). */
function mergeKey(field: string, path: string[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      return path.includes('containers') || path.includes('initContainers') ? 'containerPort' : 'port';
  }
  return undefined;
}

function mergeList(dest: unknown[], patch: unknown[], key: string, path: string[]): unknown[] {
  const keyOf = (x: unknown): unknown => (isMap(x) ? x[key] : undefined);
  const named = new Set(patch.map(keyOf));
  const out: unknown[] = [];
  for (const p of patch) {
    if (isMap(p) && p.$patch === 'delete') continue;
    const d = dest.find((x) => keyOf(x) === keyOf(p));
    out.push(d === undefined ? strip(p) : kustomizeSmp(d, p, path));
  }
  for (const d of dest) if (!named.has(keyOf(d))) out.push(d);
  return out;
}

/** A patch's own value with its directives taken out (what a new field becomes). */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isMap(x) && x.$patch === 'delete')).map(strip);
  if (!isMap(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (k !== '$patch' && x !== null) out[k] = strip(x);
  return out;
}

export function kustomizeSmp(dest: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isMap(patch)) return strip(patch);
  if (patch.$patch === 'replace') return strip(patch);
  if (!isMap(dest)) return strip(patch);
  const out: Obj = { ...dest };
  for (const [k, p] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (p === null) {
      delete out[k];
      continue;
    }
    const d = out[k];
    if (isMap(p)) {
      if (p.$patch === 'delete') delete out[k];
      else out[k] = kustomizeSmp(d, p, [...path, k]);
    } else if (Array.isArray(p) && Array.isArray(d)) {
      const key = mergeKey(k, path);
      out[k] = key && [...p, ...d].every((x) => isMap(x)) ? mergeList(d, p, key, [...path, k]) : strip(p);
    } else out[k] = strip(p);
  }
  return out;
}
