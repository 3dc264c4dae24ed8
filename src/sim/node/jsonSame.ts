/**
 * Whether two plain JSON-like values would be written as the same JSON text (JSON.stringify(a) ===
 * JSON.stringify(b)) without writing either: the same keys in the same order, undefined fields left
 * out, undefined list items and numbers JSON cannot write taken as null. It stops at the first
 * difference, where writing both would have gone to the end.
 */
export function jsonSame(a: unknown, b: unknown): boolean {
  a = scalar(a);
  b = scalar(b);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonSame(item(a[i]), item(b[i]))) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  // b's fields are walked in place (plain data has no inherited enumerable fields), a's by their list.
  const ka = Object.keys(oa);
  let i = 0;
  for (const k in ob) {
    if (skipped(ob[k])) continue;
    while (i < ka.length && skipped(oa[ka[i]!])) i++;
    if (i === ka.length || ka[i] !== k || !jsonSame(oa[k], ob[k])) return false;
    i++;
  }
  while (i < ka.length && skipped(oa[ka[i]!])) i++;
  return i === ka.length;
}

/** A number JSON cannot write is written null. */
function scalar(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** A list item JSON leaves no hole for is written null. */
function item(v: unknown): unknown {
  return skipped(v) ? null : v;
}

/** A field JSON leaves out. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}
