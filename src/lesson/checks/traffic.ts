/**
 * `traffic`: where a connection from a pod, `node/NAME` or `external` to HOST:PORT would end, as
 * `--trace-packet` finds it — followed without being sent: the trace runs in its quiet mode, which
 * leaves conntrack, counters, IPVS, DNS servers and every random stream as they were. With
 * `answeredBy`, the pod that answered must match a label selector: behind a proxy (an ingress
 * controller) "delivered" alone does not say which Service's pod the request was routed to.
 */
import { networkOnDemand } from '../../sim/network/lazy';
import { TraceError } from '../../sim/network/traffic/dest';
import type { TraceVerdictKind } from '../../sim/network/traffic/trace';
import type { Check } from '../types';
import { parseSelector } from '../../sim/api/labels';
import type { CheckContext, CheckResult } from './context';
import { definition, observeGet } from './context';

export type TrafficCheck = Extract<Check, { traffic: unknown }>['traffic'];

/** The three ends a lesson names: what the trace's verdicts come to for a student. */
export function trafficEnd(kind: TraceVerdictKind): 'delivered' | 'refused' | 'dropped' {
  return kind === 'delivered' ? 'delivered' : kind === 'refused' ? 'refused' : 'dropped';
}

export function checkTraffic(ctx: CheckContext, c: TrafficCheck): CheckResult {
  const want = c.expect ?? 'delivered';
  const head = `${c.from} → ${c.to}:`;
  const net = networkOnDemand();
  const cluster = ctx.run.cluster;
  let trace;
  try {
    trace = net.quietTracePacket(cluster, c.from, c.to);
  } catch (e) {
    if (e instanceof TraceError) return { ok: false, detail: `${head} ${e.message}` };
    throw e;
  }
  const end = trafficEnd(trace.verdict.kind);
  const ok = end === want;
  const found = `${head} ${end} (${trace.verdict.text})`;
  if (!ok) return { ok, detail: `${found}, want ${want}` };
  return c.answeredBy === undefined ? { ok, detail: found } : answeredBy(ctx, found, trace.verdict.answeredBy, c.answeredBy);
}

/** Whether the end that answered is a pod whose labels match `selector`; `by` is `NAMESPACE/NAME` for a pod, a node's name for a node. */
function answeredBy(ctx: CheckContext, found: string, by: string | undefined, selector: string): CheckResult {
  const slash = by?.indexOf('/') ?? -1;
  const pod = by !== undefined && slash > 0 ? observeGet(ctx, definition('pods'), by.slice(0, slash), by.slice(slash + 1)) : undefined;
  if (!pod) return { ok: false, detail: `${found}, answered by ${by ?? 'nothing'}, not a pod: want a pod with ${selector}` };
  if (!parseSelector(selector).matches(pod.metadata.labels ?? {})) return { ok: false, detail: `${found}, answered by pod ${by}, whose labels do not match ${selector}` };
  return { ok: true, detail: `${found}, answered by pod ${by}, which matches ${selector}` };
}
