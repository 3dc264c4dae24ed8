/**
 * Comparisons (equals, matches, atLeast, atMost) of a value read with kubectl's JSONPath, and their
 * words. A value compares as the text `kubectl get -o jsonpath` prints for it; a field that is not set
 * prints nothing, and compares as 0 where a number is wanted, because Kubernetes leaves zero counts
 * such as `.status.readyReplicas` out of an object.
 */
import { executeJsonPath, findResults, parseJsonPath } from '../../kubectl/printers/jsonpath';
import type { Compare } from '../types';

export interface JsonValue {
  /** some result was found (and is not null) */
  set: boolean;
  /** what kubectl prints for it */
  text: string;
}

export function readJsonPath(obj: unknown, jsonPath: string): JsonValue {
  const tpl = parseJsonPath(jsonPath);
  const set = findResults(tpl, obj).some((rs) => rs.some((r) => r !== undefined && r !== null));
  return { set, text: set ? executeJsonPath(tpl, obj) : '' };
}

/** How a compared value is shown: numbers and booleans bare, other text quoted. */
export function shownValue(v: JsonValue): string {
  if (!v.set) return 'not set';
  return bare(v.text) ? v.text : JSON.stringify(v.text);
}

function bare(s: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(s) || s === 'true' || s === 'false';
}

/** What the comparison wants, in words: `5`, `"Running"`, `at least 2`, `a match for /^web-/`. */
export function wanted(c: Compare): string {
  if (c.equals !== undefined) return typeof c.equals === 'string' && !bare(c.equals) ? JSON.stringify(c.equals) : String(c.equals);
  if (c.matches !== undefined) return `a match for /${c.matches}/`;
  if (c.atLeast !== undefined) return `at least ${c.atLeast}`;
  return `at most ${c.atMost}`;
}

function asNumber(v: JsonValue): number | undefined {
  if (!v.set) return 0;
  const t = v.text.trim();
  if (t === '' || !/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function compares(v: JsonValue, c: Compare): boolean {
  if (c.equals !== undefined) {
    if (typeof c.equals === 'number') return asNumber(v) === c.equals;
    return v.text === String(c.equals);
  }
  if (c.matches !== undefined) return new RegExp(c.matches).test(v.text);
  const n = asNumber(v);
  if (n === undefined) return false;
  return c.atLeast !== undefined ? n >= c.atLeast : n <= c.atMost!;
}

/** A count against a comparison (`matches` reads the count as text). */
export function comparesNumber(n: number, c: Compare): boolean {
  return compares({ set: true, text: String(n) }, c);
}
