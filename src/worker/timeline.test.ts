import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness } from '../../test/worker/hostHarness';
import { actionLabel, eventMark, splitStepLog, Timeline } from './timeline';
import type { EventLogEntry } from '../cli/eventLog';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources: {requests: {cpu: 100m}}
`;

const entry = (e: Partial<EventLogEntry>): EventLogEntry => ({ atMs: 0, type: 'Normal', reason: '', object: '', namespace: '', source: '', message: '', count: 1, ...e });

describe('timeline marks', () => {
  it('labels each kind of user action shortly', () => {
    expect(actionLabel({ atMs: 0, apply: WEB })).toBe('apply Deployment/web');
    expect(actionLabel({ atMs: 0, apply: `${WEB}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {}\n` })).toBe('apply Deployment/web, Service/web');
    expect(actionLabel({ atMs: 0, kubectl: 'scale deployment/web --replicas=5' })).toBe('kubectl scale deployment/web --replicas=5');
    expect(actionLabel({ atMs: 0, fault: { type: 'node-down', node: 'worker-2' } })).toBe('fault node-down worker-2');
    expect(actionLabel({ atMs: 0, trace: { from: 'client', to: 'web:80' } })).toBe('trace client → web:80');
    expect(actionLabel({ atMs: 0, kubectl: `annotate deployment/web note=${'x'.repeat(80)}` })).toBe(`kubectl annotate deployment/web note=${'x'.repeat(22)}…`);
  });

  it('marks failures, scheduling failures, rollouts of a new revision and evictions; nothing else', () => {
    const rev = (_ns: string, name: string) => (name === 'web-new' ? 2 : 1);
    const mark = (e: Partial<EventLogEntry>) => eventMark(5000, entry(e), rev);
    expect(mark({ reason: 'FailedScheduling', type: 'Warning', object: 'pod/web-1', namespace: 'default' })).toEqual({ atMs: 5000, kind: 'scheduling', label: 'FailedScheduling pod/web-1 (default)' });
    expect(mark({ reason: 'NodeNotReady', object: 'node/worker-2' })).toEqual({ atMs: 5000, kind: 'failure', label: 'NodeNotReady node/worker-2' });
    expect(mark({ reason: 'NodeNotReady', type: 'Warning', object: 'pod/web-1', namespace: 'default' })).toBeUndefined();
    expect(mark({ reason: 'BackOff', type: 'Warning', object: 'pod/web-1', namespace: 'default' })).toEqual({ atMs: 5000, kind: 'failure', label: 'BackOff pod/web-1 (default)' });
    // An image pull's back-off is also logged as a Normal BackOff; its Warning "Failed" is the mark.
    expect(mark({ reason: 'BackOff', type: 'Normal', object: 'pod/web-1' })).toBeUndefined();
    expect(mark({ reason: 'SystemOOM', type: 'Warning', object: 'node/worker-1' })).toEqual({ atMs: 5000, kind: 'failure', label: 'SystemOOM node/worker-1' });
    expect(mark({ reason: 'TaintManagerEviction', object: 'pod/web-1', namespace: 'default', message: 'Marking for deletion Pod default/web-1' })).toEqual({ atMs: 5000, kind: 'eviction', label: 'TaintManagerEviction pod/web-1 (default)' });
    expect(mark({ reason: 'TaintManagerEviction', object: 'pod/web-1', namespace: 'default', message: 'Cancelling deletion of Pod default/web-1' })).toBeUndefined();
    expect(mark({ reason: 'ScalingReplicaSet', object: 'deployment/web', namespace: 'default', message: 'Scaled up replica set web-new to 1' })).toEqual({ atMs: 5000, kind: 'rollout', label: 'rollout deployment/web revision 2 (web-new)' });
    expect(mark({ reason: 'ScalingReplicaSet', object: 'deployment/web', namespace: 'default', message: 'Scaled up replica set web-new to 2 from 1' })).toBeUndefined();
    expect(mark({ reason: 'ScalingReplicaSet', object: 'deployment/web', namespace: 'default', message: 'Scaled up replica set web-old to 3' })).toBeUndefined();
    expect(mark({ reason: 'ScalingReplicaSet', object: 'deployment/web', namespace: 'default', message: 'Scaled down replica set web-old to 2 from 3' })).toBeUndefined();
    expect(mark({ reason: 'Scheduled', object: 'pod/web-1', namespace: 'default' })).toBeUndefined();
  });
});

describe('Timeline', () => {
  it('keeps the furthest reach and the future marks across a rewind; a fork cuts them and its undo brings them back', () => {
    const t = new Timeline();
    t.restart(0);
    const actions = [
      { atMs: 0, kubectl: 'create deployment a --image=nginx' },
      { atMs: 10_000, kubectl: 'scale deployment/a --replicas=2' },
      { atMs: 20_000, kubectl: 'scale deployment/a --replicas=3' },
      { atMs: 30_000, kubectl: 'scale deployment/a --replicas=4' },
    ];
    t.reach(40_000);
    t.reach(5000);
    expect(t.horizonMs(actions)).toBe(40_000);
    expect(t.horizonMs([...actions, { atMs: 50_000, kubectl: 'get pods' }])).toBe(50_000);
    t.fork(15_000, [...actions], 2, 1, [{ atMs: 25_000, op: 'cycle', actions: 3 }]);
    expect(t.horizonMs(actions.slice(0, 2))).toBe(15_000);
    expect(t.state(actions.slice(0, 2)).undo).toEqual({ atMs: 15_000, actions: 2 });
    const forked = [...actions.slice(0, 2), { atMs: 15_000, kubectl: 'delete deployment a' }];
    const r = t.undo(forked, [{ atMs: 1000, op: 'on', actions: 1 }, { atMs: 16_000, op: 'cycle', actions: 3 }])!;
    expect(r).toEqual({ atMs: 15_000, actions, stepLog: [{ atMs: 1000, op: 'on', actions: 1 }, { atMs: 25_000, op: 'cycle', actions: 3 }] });
    expect(t.horizonMs(actions)).toBe(40_000);
    expect(t.canUndo()).toBe(false);
    expect(t.undo(actions, [])).toBeUndefined();
  });

  it('splits the step-scheduling log at a moment: what a rebuild there replays, and the future', () => {
    const log = [
      { atMs: 0, op: 'on' as const, actions: 0 },
      { atMs: 5000, op: 'cycle' as const, actions: 1 },
      { atMs: 9000, op: 'cycle' as const, actions: 2 },
    ];
    expect(splitStepLog(log, 5000)).toEqual({ past: log.slice(0, 2), future: log.slice(2) });
  });
});

describe('ClusterHost timeline', () => {
  it('rewinds keeping the whole log: the later actions are the story future, and going forward performs them again', () => {
    const { host, batches, timeline, playTo } = hostHarness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    playTo(3200);
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    playTo(32_000);
    host.handle({ type: 'kubectl', id: 2, line: 'scale deployment/web --replicas=4' });
    playTo(64_000);
    expect(timeline().horizonMs).toBe(64_000);
    expect(host.currentRun.kubectl('get deploy web --no-headers').stdout).toBe('web   4/4   4     4     61s\n');

    host.handle({ type: 'seek', atMs: 1600 });
    const back = batches().at(-1)!;
    expect(back.reset).toBe(true);
    expect(back.clock.nowMs).toBe(1600);
    expect(back.deltas.filter((d) => d.resource === 'deployments').map((d) => d.object.metadata.name)).toEqual(['coredns', 'metrics-server']);
    expect(back.scenario!.actions.map((a) => a.atMs)).toEqual([3200, 32_000]);
    expect(timeline().horizonMs).toBe(64_000);
    expect(timeline().undo).toBeUndefined();

    host.handle({ type: 'seek', atMs: 48_000 });
    expect(batches().at(-1)!.reset).toBe(false);
    expect(host.currentRun.kubectl('get deploy web --no-headers').stdout).toBe('web   4/4   4     4     45s\n');
    // Past the horizon is not a moment of the story: the seek stops there.
    host.handle({ type: 'seek', atMs: 10 * 60_000 });
    expect(batches().at(-1)!.clock.nowMs).toBe(64_000);
  });

  it('forks when acting after a rewind; undo restores the dropped actions at the same moment, and the marks with them', () => {
    const { host, batches, timeline, playTo } = hostHarness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    playTo(19_200);
    host.handle({ type: 'kubectl', id: 2, line: 'set image deployment/web nginx=nginx:1.28' });
    playTo(40_000);
    host.handle({ type: 'kubectl', id: 3, line: 'scale deployment/web --replicas=3' });
    playTo(49_600);
    host.handle({ type: 'fault', id: 4, fault: { type: 'node-down', node: 'worker-1' } });
    playTo(120_000);
    const before = timeline();
    expect(before.marks.filter((m) => m.kind !== 'failure' && m.kind !== 'eviction')).toEqual([
      { atMs: 0, kind: 'action', label: 'apply Deployment/web' },
      { atMs: 19_200, kind: 'action', label: 'kubectl set image deployment/web nginx=nginx:1.28' },
      { atMs: 19_200, kind: 'rollout', label: expect.stringMatching(/^rollout deployment\/web revision 2 \(web-[a-z0-9]+\)$/) as unknown as string },
      { atMs: 40_000, kind: 'action', label: 'kubectl scale deployment/web --replicas=3' },
      { atMs: 49_600, kind: 'fault', label: 'fault node-down worker-1' },
    ]);
    expect(before.marks.find((m) => m.kind === 'failure')).toMatchObject({ label: 'NodeNotReady node/worker-1' });
    expect(before.marks.find((m) => m.kind === 'failure')!.atMs).toBeGreaterThan(49_600);
    const log = batches().findLast((b) => b.scenario)!.scenario!.actions;

    host.handle({ type: 'seek', atMs: 9600 });
    host.handle({ type: 'kubectl', id: 5, line: 'scale deployment/web --replicas=1' });
    const forked = batches().at(-1)!;
    expect(forked.scenario!.actions).toEqual([log[0], { atMs: 9600, kubectl: 'scale deployment/web --replicas=1' }]);
    expect(forked.timeline).toEqual({ horizonMs: 9600, marks: [{ atMs: 0, kind: 'action', label: 'apply Deployment/web' }, { atMs: 9600, kind: 'action', label: 'kubectl scale deployment/web --replicas=1' }], undo: { atMs: 9600, actions: 3 } });
    playTo(16_000);
    expect(host.currentRun.kubectl('get deploy web --no-headers').stdout).toBe('web   1/1   1     1     16s\n');

    host.handle({ type: 'undoFork' });
    const undone = batches().at(-1)!;
    expect(undone.reset).toBe(true);
    expect(undone.clock.nowMs).toBe(16_000);
    expect(undone.scenario!.actions).toEqual(log);
    expect(undone.timeline).toEqual(before);
    expect(host.currentRun.kubectl('get deploy web --no-headers').stdout).toBe('web   2/2   2     2     16s\n');
    host.handle({ type: 'undoFork' });
    expect(batches().at(-1)).toBe(undone);
  });

  it('acting after a rewind with nothing later in the log is no fork', () => {
    const { host, timeline, playTo } = hostHarness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    playTo(32_000);
    host.handle({ type: 'seek', atMs: 4800 });
    host.handle({ type: 'kubectl', id: 2, line: 'scale deployment/web --replicas=3' });
    expect(timeline().undo).toBeUndefined();
    expect(timeline().horizonMs).toBe(32_000);
  });

  it('a new story (a link, other settings) starts its timeline over; a reset keeps it', () => {
    const { host, timeline } = hostHarness();
    host.handle({ type: 'load', scenario: { ...EMPTY_SCENARIO, actions: [{ atMs: 1000, apply: WEB }] }, atMs: 30_000, playing: false });
    expect(timeline().horizonMs).toBe(30_000);
    host.handle({ type: 'reset' });
    expect(timeline().horizonMs).toBe(30_000);
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 5000, playing: false });
    expect(timeline()).toEqual({ horizonMs: 5000, marks: [] });
  });

  it('performs the stepped scheduling cycles of the story future again when going forward, and a rewind to a cycle still finds it', () => {
    const { host, batches, advanceWall } = hostHarness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 1000, playing: false });
    host.handle({ type: 'schedStepMode', on: true });
    host.handle({ type: 'apply', id: 1, yaml: WEB.replace('replicas: 2', 'replicas: 1') });
    host.handle({ type: 'speed', speed: 10 });
    host.handle({ type: 'play' });
    advanceWall(1000);
    const openedAt = batches().at(-1)!.clock.nowMs;
    expect(batches().findLast((b) => b.scheduler?.step !== undefined)!.scheduler!.step).not.toBeNull();
    host.handle({ type: 'schedFinish' });
    advanceWall(1000);
    host.handle({ type: 'pause' });
    const end = batches().at(-1)!.clock.nowMs;
    const placed = () => host.currentRun.kubectl('get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers').stdout;
    const first = placed();
    expect(first).toMatch(/^web-\S+ +worker-\d\n$/);

    host.handle({ type: 'seek', atMs: 1000 });
    expect(placed()).toBe(`${first.split(' ')[0]}   <none>\n`);
    host.handle({ type: 'seek', atMs: end });
    expect(placed()).toBe(first);
    expect(batches().findLast((b) => b.scheduler?.step !== undefined)!.scheduler!.step).toBeNull();
    host.handle({ type: 'schedRewind' });
    const back = batches().at(-1)!;
    expect(back.clock.nowMs).toBe(openedAt);
    expect(back.scheduler!.step!.trace.pod.name).toBe(first.split(' ')[0]);
  });
});

describe('ClusterHost checkpoints', () => {
  it('parks replays of the story while idle, rewinds from the latest one before the moment, and drops those a fork leaves in another story', () => {
    const { host, advanceWall, playTo, checkpoints, batches } = hostHarness({ checkpointEvents: 100 });
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    playTo(32_000);
    host.handle({ type: 'kubectl', id: 2, line: 'scale deployment/web --replicas=4' });
    playTo(64_000);
    advanceWall(1000);
    const parked = checkpoints();
    expect(parked.length).toBeGreaterThanOrEqual(3);
    expect(parked).toEqual([...parked].sort((a, b) => a - b));
    expect(parked.every((m) => m % 1000 === 0 && m > 0 && m < 64_000)).toBe(true);

    // The rewind uses up the latest checkpoint at or before its moment; the idle worker builds it again.
    const t = parked[1]! + 500;
    host.handle({ type: 'seek', atMs: t });
    expect(batches().at(-1)!.clock.nowMs).toBe(t);
    expect(checkpoints()).toEqual(parked.filter((m) => m !== parked[1]));
    advanceWall(1000);
    expect(checkpoints()).toEqual(parked);

    // A fork at t: the checkpoints after it were of the other story.
    host.handle({ type: 'kubectl', id: 3, line: 'scale deployment/web --replicas=1' });
    advanceWall(1000);
    expect(checkpoints()).toEqual(parked.filter((m) => m <= t));
  });
});
