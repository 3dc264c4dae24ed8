/**
 * DefaultNormalizeScore (plugins/helper/normalize_score.go): scales scores so the highest becomes
 * `maxPriority`, with integer division; `reverse` flips them (max − score). If every score is 0, all
 * stay 0, or all become `maxPriority` when reversed.
 */
import type { NodeScoreList } from '../../framework/interface';

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, list: NodeScoreList): null {
  const s = list.scores;
  let max = 0;
  for (let i = 0; i < list.length; i++) if (s[i]! > max) max = s[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < list.length; i++) s[i] = maxPriority;
    return null;
  }
  for (let i = 0; i < list.length; i++) {
    let v = Math.trunc((maxPriority * s[i]!) / max);
    if (reverse) v = maxPriority - v;
    s[i] = v;
  }
  return null;
}
