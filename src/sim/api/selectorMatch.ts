/**
 * Label selector matching for every component that selects objects by label (controllers, felix),
 * through the API package's implementation (metav1.LabelSelectorAsSelector semantics: a nil selector
 * matches nothing, `{}` matches everything).
 * Compiled selectors are cached per selector object, since cached API objects are immutable.
 */
import type { LabelSelector } from '../types';
import { selectorFromLabelSelector } from './labels';

type Matcher = (labels: Record<string, string> | undefined) => boolean;

const cache = new WeakMap<object, Matcher>();
const NOTHING: Matcher = () => false;

/** A matcher for `ls`; throws (like LabelSelectorAsSelector) when the selector is invalid. */
export function compileSelector(ls: LabelSelector | undefined | null): Matcher {
  if (!ls) return NOTHING;
  const hit = cache.get(ls);
  if (hit) return hit;
  const sel = selectorFromLabelSelector(ls);
  const m: Matcher = (labels) => sel.matches(labels ?? {});
  if (Object.isFrozen(ls)) cache.set(ls, m);
  return m;
}

/** True when `ls` selects `labels`; false for an invalid selector. */
export function selectorMatches(ls: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  try {
    return compileSelector(ls)(labels);
  } catch {
    return false;
  }
}

/** True for a selector with neither matchLabels nor matchExpressions (it would select every pod). */
export function selectorIsEmpty(ls: LabelSelector | undefined | null): boolean {
  return !!ls && Object.keys(ls.matchLabels ?? {}).length === 0 && (ls.matchExpressions ?? []).length === 0;
}

/** Labels as a selector (labels.SelectorFromSet), for Services' `spec.selector` maps. */
export function setMatches(set: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const k of Object.keys(set)) if (labels?.[k] !== set[k]) return false;
  return true;
}
