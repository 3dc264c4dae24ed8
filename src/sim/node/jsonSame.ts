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
  const ka = Object.keys(oa);
  const kb = Object.keys(ob);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && skipped(oa[ka[i]!])) i++;
    while (j < kb.length && skipped(ob[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const k = ka[i]!;
    if (k !== kb[j] || !jsonSame(oa[k], ob[k])) return false;
    i++;
    j++;
  }
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
