/**
 * A deep copy of plain state — kernel tables, caches — that keeps each object's class, so the copy
 * works as the original does and can be changed without touching it. Functions are shared (they are
 * code, not state); maps, sets, arrays and objects are copied once each, cycles included. Meant for
 * self-contained state (a conntrack table, a netfilter ruleset): it copies whatever it can reach.
 */
export function forked<T>(value: T, memo: Map<unknown, unknown> = new Map()): T {
  if (value === null || typeof value !== 'object') return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(forked(v, memo));
    if (Object.isFrozen(value)) Object.freeze(out);
    return out as T;
  }
  if (value instanceof Map) {
    const out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(forked(k, memo), forked(v, memo));
    return out as T;
  }
  if (value instanceof Set) {
    const out = new Set();
    memo.set(value, out);
    for (const v of value) out.add(forked(v, memo));
    return out as T;
  }
  if (ArrayBuffer.isView(value)) {
    const out = (value as unknown as { slice(): unknown }).slice();
    memo.set(value, out);
    return out as T;
  }
  const out = Object.create(Object.getPrototypeOf(value) as object) as Record<PropertyKey, unknown>;
  memo.set(value, out);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in d) d.value = forked(d.value, memo);
    Object.defineProperty(out, key, d);
  }
  if (Object.isFrozen(value)) Object.freeze(out);
  return out as T;
}
