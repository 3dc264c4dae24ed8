/**
 * The traffic goals of the course's NetworkPolicy and Ingress lessons, asked again and again while the
 * student works, leave their clusters as they were: felix's chain counters and conntrack under canal,
 * and, through ingress-nginx, the controller's access log and its round robin over the endpoints (the
 * next real request goes to the same pod with or without the goals asked in between).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/parse';
import { solutionActions } from '../../src/lesson/check';
import { evaluate } from '../../src/lesson/checks';
import type { Check, Lesson } from '../../src/lesson/types';
import { ScenarioRun } from '../../src/scenario/runner';
import { networkOnDemand } from '../../src/sim/network/lazy';

const NODES = ['control-plane', 'worker-1', 'worker-2', 'worker-3'];
const NODE_COMMANDS = ['conntrack -L', 'iptables-save -c', 'ipset list'];

function lesson(name: string): Lesson {
  return parseLesson(readFileSync(new URL(`../../lessons/${name}.yaml`, import.meta.url), 'utf8'));
}

/** The lesson's cluster with its solution performed and settled, as `lesson check` leaves it. */
function solved(l: Lesson): ScenarioRun {
  const run = new ScenarioRun(l.scenario);
  run.runUntil(l.startAtMs);
  const actions = solutionActions(l, l.startAtMs);
  for (const { atMs, ...action } of actions) {
    run.runUntil(atMs);
    run.act(action);
  }
  run.runUntil((actions.at(-1)?.atMs ?? l.startAtMs) + l.settleMs);
  return run;
}

type TrafficCheck = Extract<Check, { traffic: unknown }>;

function trafficChecks(c: Check): TrafficCheck[] {
  if ('all' in c) return c.all.flatMap(trafficChecks);
  if ('any' in c) return c.any.flatMap(trafficChecks);
  if ('not' in c) return trafficChecks(c.not);
  return 'traffic' in c ? [c] : [];
}

/** What a student could read that a packet changes, and where the next real request would go. */
function snapshot(run: ScenarioRun, extra: readonly string[], traces: readonly { from: string; to: string }[]): string {
  const out = [`revision ${run.cluster.api.store.revision}`, `audit ${run.cluster.api.audit.count()}`];
  for (const node of NODES) for (const cmd of NODE_COMMANDS) out.push(`== ${node} ${cmd}\n${run.ssh(node, cmd).stdout}`);
  for (const line of extra) {
    const r = run.observe(line);
    out.push(`== kubectl ${line}\n${r.stdout}${r.stderr}`);
  }
  for (const t of traces) {
    const r = run.tracePacket(t.from, t.to);
    out.push(`== trace ${t.from} ${t.to}\n${'error' in r ? r.error : networkOnDemand().formatTrace(r.trace)}`);
  }
  return out.join('\n');
}

describe.each([
  { name: 'network-policy', extra: [] as string[] },
  { name: 'ingress', extra: ['-n ingress-nginx logs deploy/ingress-nginx-controller'] },
])('the $name lesson', ({ name, extra }) => {
  it('asks its traffic goals without a trace of its own: the next real requests and everything on the nodes are as in a run that never asked', () => {
    const l = lesson(name);
    const checks = l.goals.flatMap((g) => trafficChecks(g.check));
    expect(checks.length).toBeGreaterThan(0);
    const asked = solved(l);
    const quiet = solved(l);
    const ctx = { run: asked, sinceRevision: 0 };
    for (let i = 0; i < 3; i++) for (const c of checks) expect(evaluate(ctx, c).ok).toBe(true);
    const traces = checks.map((c) => c.traffic);
    expect(snapshot(asked, extra, traces)).toBe(snapshot(quiet, extra, traces));
  });
});
