/** A scenario (file, JSON or share link) that kubetab refuses; the message names the path at fault. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Refuses keys other than `allowed` (own keys only: `__proto__` in JSON is an ordinary, unknown key). */
export function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ScenarioError(`${where}: unknown field ${JSON.stringify(k)} (allowed: ${allowed.join(', ')})`);
  }
}

/** A value as the messages show it: JSON text, cut short. */
export function shown(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** "a string", "a number"… for type errors. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : `the number ${String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `the string ${shown(v)}`;
}
