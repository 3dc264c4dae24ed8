/** Evaluates a goal's check against the cluster now: one evaluator per kind, and all/any/not of them. */
import type { Check } from '../types';
import type { CheckContext, CheckResult } from './context';
import { checkObject } from './object';
import { checkCount } from './count';
import { checkPlacement } from './placement';
import { checkKubectl } from './kubectl';
import { checkEvent } from './event';
import { checkTraffic } from './traffic';

export type { CheckContext, CheckResult } from './context';

export function evaluate(ctx: CheckContext, c: Check): CheckResult {
  if ('object' in c) return checkObject(ctx, c.object);
  if ('count' in c) return checkCount(ctx, c.count);
  if ('placement' in c) return checkPlacement(ctx, c.placement);
  if ('kubectl' in c) return checkKubectl(ctx, c.kubectl);
  if ('event' in c) return checkEvent(ctx, c.event);
  if ('traffic' in c) return checkTraffic(ctx, c.traffic);
  if ('all' in c) {
    const rs = c.all.map((x) => evaluate(ctx, x));
    const bad = rs.find((r) => !r.ok);
    return bad ?? { ok: true, detail: rs.map((r) => r.detail).join('; ') };
  }
  if ('any' in c) {
    const rs = c.any.map((x) => evaluate(ctx, x));
    const good = rs.find((r) => r.ok);
    return good ?? { ok: false, detail: rs.map((r) => r.detail).join('; or ') };
  }
  const inner = evaluate(ctx, c.not);
  return inner.ok ? { ok: false, detail: `not wanted: ${inner.detail}` } : { ok: true, detail: inner.detail };
}
