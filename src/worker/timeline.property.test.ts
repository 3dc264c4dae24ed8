/**
 * The timeline's promise, checked on random cases: rewinding to any moment and going forward again
 * (the kept future, a fork and its undo, or the same actions performed again by hand after a fork) is
 * the same story as a fresh run — byte for byte: store revision, every key with its revisions, the
 * audit log, the event log and every action's output.
 */
import { describe, expect, it } from 'vitest';
import { eventLog } from '../cli/eventLog';
import { ScenarioRun } from '../scenario/runner';
import type { Scenario, ScenarioAction } from '../scenario/format';
import { Rng } from '../sim/rng';
import type { Fault } from '../sim/faults';
import { EMPTY_SCENARIO } from './host';
import type { ClusterHost } from './host';
import { hostHarness, PLAY_FRAME_MS } from '../../test/worker/hostHarness';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources: {requests: {cpu: 200m, memory: 64Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

type Act = { apply: string } | { kubectl: string } | { fault: Fault };

/** The actions a case draws from, in this order (each may be left out). */
const POOL: Act[] = [
  { apply: WEB },
  { kubectl: 'scale deployment/web --replicas=5' },
  { fault: { type: 'node-down', node: 'worker-2' } },
  { kubectl: 'set image deployment/web nginx=nginx:1.28' },
  { kubectl: 'label node worker-1 tier=front' },
  { fault: { type: 'node-up', node: 'worker-2' } },
  { kubectl: 'create configmap settings --from-literal=mode=blue' },
];

function perform(host: ClusterHost, a: Act, id: number): void {
  if ('apply' in a) host.handle({ type: 'apply', id, yaml: a.apply });
  else if ('kubectl' in a) host.handle({ type: 'kubectl', id, line: a.kubectl });
  else host.handle({ type: 'fault', id, fault: a.fault });
}

/** Everything a learner could observe of the cluster, as text. */
function observed(run: ScenarioRun) {
  const api = run.cluster.api;
  return {
    now: run.now(),
    revision: api.store.revision,
    objects: JSON.stringify(api.store.range('/registry/').map((kv) => [kv.key, kv.createRevision, kv.modRevision, kv.version, kv.value])),
    audit: JSON.stringify(api.audit.recent()),
    events: JSON.stringify(eventLog(run.cluster)),
    results: JSON.stringify(run.results.map((r) => [r.atMs, r.stdout, r.stderr, r.exitCode])),
  };
}

function fresh(scenario: Scenario, atMs: number): ScenarioRun {
  const run = new ScenarioRun(scenario);
  run.runUntil(atMs);
  return run;
}

const CASES = 20;
/** Checkpoints close together, so that many rewinds start from one (a story here runs a few thousand events). */
const CHECKPOINT_EVENTS = 500;

describe('timeline: a rewind and the same later actions give the same story as a fresh run', () => {
  const rng = new Rng(20_261_206).stream('timeline-property');
  const frames = (lo: number, hi: number) => rng.intInclusive(lo, hi) * PLAY_FRAME_MS;
  let fromCheckpoint = 0;
  for (let c = 0; c < CASES; c++) {
    const end = frames(25, 40);
    const chosen = POOL.filter((_, i) => i === 0 || rng.chance(2, 3));
    if (chosen.length === 1) chosen.push(POOL[1]!);
    const times = chosen.map(() => frames(0, end / PLAY_FRAME_MS - 1)).sort((a, b) => a - b);
    const way = (['the kept future', 'a fork and its undo', 'the same actions by hand after a fork'] as const)[c % 3]!;
    // A rewind anywhere (to the millisecond), or to a frame when the test plays on from it by hand.
    // A fork to undo needs a later action to drop: then the rewind goes before the last one.
    const t = way === 'the same actions by hand after a fork' ? frames(0, end / PLAY_FRAME_MS) : rng.intInclusive(0, way === 'a fork and its undo' ? times.at(-1)! - 1 : end);
    it(`case ${c + 1}: ${chosen.length} actions to ${end / 1000}s, back to ${t / 1000}s, forward by ${way}`, () => {
      const { host, batches, playTo, checkpoints } = hostHarness({ checkpointEvents: CHECKPOINT_EVENTS });
      host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
      chosen.forEach((a, i) => {
        if (times[i]! > batches().at(-1)!.clock.nowMs) playTo(times[i]!);
        perform(host, a, i + 1);
      });
      playTo(end);
      const story = structuredClone(host.currentRun.scenario);
      let expected: Scenario = story;

      if (checkpoints().some((m) => m <= t)) fromCheckpoint++;
      host.handle({ type: 'seek', atMs: t });
      expect(batches().at(-1)!.clock.nowMs).toBe(t);
      if (way === 'a fork and its undo') {
        host.handle({ type: 'kubectl', id: 100, line: 'delete service web --ignore-not-found' });
        host.handle({ type: 'undoFork' });
      } else if (way === 'the same actions by hand after a fork') {
        const later = story.actions.filter((a) => a.atMs > t);
        const fork: ScenarioAction = { atMs: t, kubectl: 'annotate node worker-3 rewound=yes' };
        host.handle({ type: 'kubectl', id: 100, line: fork.kubectl });
        expect(batches().findLast((b) => b.timeline)!.timeline!.undo).toEqual(later.length ? { atMs: t, actions: later.length } : undefined);
        for (const [i, a] of later.entries()) {
          if (a.atMs > t) playTo(a.atMs);
          perform(host, a as Act & ScenarioAction, 200 + i);
        }
        playTo(end);
        expected = { ...story, actions: [...story.actions.filter((a) => a.atMs <= t), fork, ...later] };
      }
      if (way !== 'the same actions by hand after a fork') host.handle({ type: 'seek', atMs: end });
      expect(host.currentRun.scenario).toEqual(expected);
      const got = observed(host.currentRun);
      const want = observed(fresh(expected, end));
      expect(got.now).toBe(end);
      expect(got.revision).toBe(want.revision);
      expect(got.objects).toBe(want.objects);
      expect(got.audit).toBe(want.audit);
      expect(got.events).toBe(want.events);
      expect(got.results).toBe(want.results);
    });
  }
  it('started many of those rewinds from a checkpoint', () => {
    expect(fromCheckpoint).toBeGreaterThanOrEqual(CASES / 3);
  });
});
