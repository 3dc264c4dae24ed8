import { describe, expect, it } from 'vitest';
import { ScenarioRun } from './runner';
import type { Scenario } from './format';
import type { RunProgress } from './progress';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
`;
const scenario: Scenario = { seed: 1, cluster: {}, actions: [{ atMs: 0, apply: web }] };

type Seen = Omit<RunProgress, 'counts'> & { pods: number; podsRunning: number; nodesReady: number };

function watched(every: number): { run: ScenarioRun; seen: Seen[] } {
  const seen: Seen[] = [];
  const run = new ScenarioRun(scenario, {
    progressEveryEvents: every,
    onProgress: (p) => {
      const c = p.counts();
      seen.push({ nowMs: p.nowMs, untilMs: p.untilMs, eventsRun: p.eventsRun, booting: p.booting, pods: c.pods, podsRunning: c.podsRunning, nodesReady: c.nodesReady });
    },
  });
  return { run, seen };
}

describe('ScenarioRun progress', () => {
  it('reports every N clock events from the boot on, with the virtual time and what is Ready and Running', () => {
    const { run, seen } = watched(100);
    const bootEvents = run.cluster.clock.eventsRun;
    run.runUntil(30_000);
    expect(seen.length).toBe(Math.floor(run.cluster.clock.eventsRun / 100));
    expect(seen.map((s) => s.eventsRun)).toEqual(seen.map((_, i) => (i + 1) * 100));
    // The boot runs before 0s, towards 0s; the run after it towards runUntil's target.
    for (const s of seen) {
      expect(s.booting).toBe(s.eventsRun <= bootEvents);
      expect(s.untilMs).toBe(s.booting ? 0 : 30_000);
      // The boot's last events may fall due at 0s itself, before the scenario's first action.
      expect(s.booting ? s.nowMs <= 0 : s.nowMs >= 0 && s.nowMs <= 30_000).toBe(true);
    }
    expect(seen[0]!.booting).toBe(true);
    expect(seen.at(-1)!.booting).toBe(false);
    // Virtual time never goes back, and the web pods come up as the run goes.
    expect(seen.map((s) => s.nowMs)).toEqual([...seen.map((s) => s.nowMs)].sort((a, b) => a - b));
    expect(run.counts()).toEqual({ nodes: 4, nodesReady: 4, pods: 18, podsRunning: 18 });
  });

  it('changes nothing in the story: the same events, requests and objects with or without a listener', () => {
    const plain = new ScenarioRun(scenario);
    plain.runUntil(30_000);
    const { run, seen } = watched(7);
    run.runUntil(30_000);
    expect(seen.length).toBe(Math.floor(run.cluster.clock.eventsRun / 7));
    expect(run.cluster.clock.eventsRun).toBe(plain.cluster.clock.eventsRun);
    expect(run.cluster.api.audit.count()).toBe(plain.cluster.api.audit.count());
    expect(run.cluster.api.store.revision).toBe(plain.cluster.api.store.revision);
    expect(run.kubectl('get pods -o wide').stdout).toBe(plain.kubectl('get pods -o wide').stdout);
  });

  it('reports under advance as under runUntil, and stops when unsubscribed', () => {
    const run = new ScenarioRun(scenario);
    const at: number[] = [];
    const stop = run.onProgress((p) => at.push(p.eventsRun), 100);
    const start = run.cluster.clock.eventsRun;
    while (!run.advance(10_000, 37));
    expect(at).toEqual(Array.from({ length: Math.floor((run.cluster.clock.eventsRun - start) / 100) }, (_, i) => start + (i + 1) * 100));
    stop();
    const n = at.length;
    run.runUntil(20_000);
    expect(at.length).toBe(n);
  });
});
