/**
 * `traffic`: where a connection from a pod, `node/NAME` or `external` to HOST:PORT would end, as
 * `--trace-packet` finds it — followed without being sent: the trace runs in its quiet mode, which
 * leaves conntrack, counters, IPVS, DNS servers and every random stream as they were.
 */
import { networkOnDemand } from '../../sim/network/lazy';
import { TraceError } from '../../sim/network/traffic/dest';
import type { TraceVerdictKind } from '../../sim/network/traffic/trace';
import type { Check } from '../types';
import type { CheckContext, CheckResult } from './context';

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
  return { ok, detail: `${head} ${end} (${trace.verdict.text})${ok ? '' : `, want ${want}`}` };
}
