/**
 * Label selectors as the scheduler uses them (metav1.LabelSelectorAsSelector plus labels.Set
 * selectors), compiled once into a small matcher. A nil selector matches nothing; `{}` matches
 * everything. Requirements can be appended (PodTopologySpread's matchLabelKeys, the default
 * spreading selector built from Services and ReplicaSets).
 */
import type { LabelSelector } from '../../../types';

export type LabelOp = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: readonly string[];
}

export class LabelMatcher {
  private constructor(
    readonly requirements: readonly LabelRequirement[],
    /** The Nothing selector (a nil metav1 selector): matches no labels at all. */
    readonly nothing: boolean,
  ) {}

  static readonly NOTHING = new LabelMatcher([], true);
  static readonly EVERYTHING = new LabelMatcher([], false);

  static of(requirements: readonly LabelRequirement[]): LabelMatcher {
    return requirements.length === 0 ? LabelMatcher.EVERYTHING : new LabelMatcher(requirements, false);
  }

  private keyMemo: string | undefined;

  /**
   * A string equal for two matchers exactly when their requirement lists are equal (same order), so
   * results computed with one matcher can be memoized for another built the same way.
   */
  key(): string {
    if (this.keyMemo === undefined) this.keyMemo = this.nothing ? '' : JSON.stringify(this.requirements);
    return this.keyMemo;
  }

  /** True when the selector restricts nothing (Everything); Nothing is not empty. */
  empty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }

  matches(labels: Readonly<Record<string, string>> | undefined | null): boolean {
    if (this.nothing) return false;
    const reqs = this.requirements;
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      const v = labels ? labels[r.key] : undefined;
      const has = v !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'In': if (!has || !r.values.includes(v)) return false; break;
        case 'NotIn': if (has && r.values.includes(v)) return false; break;
        case 'Exists': if (!has) return false; break;
        case 'DoesNotExist': if (has) return false; break;
      }
    }
    return true;
  }

  /** A selector requiring this one's requirements and `extra` too. */
  and(extra: readonly LabelRequirement[]): LabelMatcher {
    if (this.nothing) return this;
    if (extra.length === 0) return this;
    return new LabelMatcher([...this.requirements, ...extra], false);
  }
}

const cache = new WeakMap<object, LabelMatcher>();

/**
 * Compiles a metav1.LabelSelector. Throws on an invalid operator (the API server rejects such pods,
 * so this only happens with hand-built objects). Frozen (cached) selectors are memoized.
 */
export function compileLabelSelector(ls: LabelSelector | undefined | null): LabelMatcher {
  if (!ls) return LabelMatcher.NOTHING;
  const hit = cache.get(ls);
  if (hit) return hit;
  const reqs: LabelRequirement[] = [];
  const ml = ls.matchLabels ?? {};
  for (const k of Object.keys(ml)) reqs.push({ key: k, op: 'In', values: [ml[k]!] });
  for (const e of ls.matchExpressions ?? []) {
    const op = e.operator as LabelOp;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') throw new Error(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  // Sorted by key, as labels.Selector keeps its requirements, so String() output is stable.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const m = LabelMatcher.of(reqs);
  if (Object.isFrozen(ls)) cache.set(ls, m);
  return m;
}

/** labels.SelectorFromSet: every key must equal its value; an empty set selects everything. */
export function setSelector(set: Readonly<Record<string, string>> | undefined | null): LabelMatcher {
  const reqs: LabelRequirement[] = [];
  for (const k of Object.keys(set ?? {}).sort()) reqs.push({ key: k, op: 'In', values: [set![k]!] });
  return LabelMatcher.of(reqs);
}

/** A compile that never throws: an invalid selector matches nothing. */
export function safeCompile(ls: LabelSelector | undefined | null): LabelMatcher {
  try {
    return compileLabelSelector(ls);
  } catch {
    return LabelMatcher.NOTHING;
  }
}
