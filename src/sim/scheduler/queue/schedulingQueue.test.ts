import { describe, expect, it } from 'vitest';
import { Clock } from '../../clock';
import { AssignedPodDelete, NodeAdd, NodeTaintChange } from '../framework/events';
import { less } from '../plugins/prioritySort/prioritySort';
import { newNodeResourcesFit } from '../plugins/nodeResourcesFit/nodeResourcesFit';
import { newTaintToleration } from '../plugins/taintToleration/taintToleration';
import { makePod } from '../testing/wrappers';
import { Nominator, SchedulingQueue } from './schedulingQueue';
import { newSchedulingGates } from '../plugins/schedulingGates/schedulingGates';
import { newInterPodAffinity } from '../plugins/interPodAffinity/interPodAffinity';
import { pluginHandle } from '../testing/harness';
import { StaticSnapshot } from '../framework/snapshot';
import { PodInfo } from '../framework/nodeInfo';

const events = new Map([
  ['NodeResourcesFit', newNodeResourcesFit().eventsToRegister!()],
  ['TaintToleration', newTaintToleration().eventsToRegister!()],
  ['InterPodAffinity', newInterPodAffinity(undefined, pluginHandle(new StaticSnapshot([]))).eventsToRegister!()],
]);

function setup() {
  const clock = new Clock();
  const q = new SchedulingQueue({ clock, less, eventsByPlugin: (n) => events.get(n) });
  return { clock, q };
}

/** Pops the pod and puts it back as rejected by `plugin`. */
function fail(q: SchedulingQueue, plugin: string | null) {
  const p = q.pop()!;
  p.unschedulablePlugins = new Set(plugin ? [plugin] : []);
  q.addUnschedulableIfNotPresent(p, q.schedulingCycle);
  return p;
}

describe('SchedulingQueue', () => {
  it('pops higher priority first, then older', () => {
    const { clock, q } = setup();
    q.add(makePod('low').priority(1).obj());
    clock.runUntil(5);
    q.add(makePod('high').priority(9).obj());
    q.add(makePod('low2').priority(1).obj());
    expect([q.pop(), q.pop(), q.pop()].map((x) => x!.podInfo.pod.metadata!.name)).toEqual(['high', 'low', 'low2']);
  });

  it('backoff is 1s doubling per attempt up to 10s', () => {
    const { q } = setup();
    q.add(makePod('p').obj());
    const p = q.pop()!;
    const got: number[] = [];
    for (let a = 1; a <= 6; a++) { p.attempts = a; got.push(q.backoffDuration(p)); }
    expect(got).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('a pod whose cycle failed with an error waits out its backoff, then is flushed to activeQ on the 1s tick', () => {
    const { clock, q } = setup();
    q.add(makePod('p').obj());
    fail(q, null);
    expect(q.whereIs('default/p')).toBe('backoffQ');
    clock.runUntil(999);
    expect(q.whereIs('default/p')).toBe('backoffQ');
    clock.runUntil(1000);
    expect(q.whereIs('default/p')).toBe('activeQ');
  });

  it('an unschedulable pod moves only on events its rejecting plugin registered', () => {
    const { clock, q } = setup();
    q.add(makePod('taint').obj());
    fail(q, 'TaintToleration');
    q.add(makePod('cpu').obj());
    fail(q, 'NodeResourcesFit');
    clock.runUntil(20_000); // past any backoff
    q.moveAllToActiveOrBackoffQueue(AssignedPodDelete);
    expect(q.whereIs('default/cpu')).toBe('activeQ');
    expect(q.whereIs('default/taint')).toBe('unschedulablePods');
    q.moveAllToActiveOrBackoffQueue(NodeTaintChange);
    expect(q.whereIs('default/taint')).toBe('activeQ');
  });

  it('a moved pod still backing off goes to backoffQ', () => {
    const { q } = setup();
    q.add(makePod('p').obj());
    fail(q, 'NodeResourcesFit');
    q.moveAllToActiveOrBackoffQueue(NodeAdd);
    expect(q.whereIs('default/p')).toBe('backoffQ');
  });

  it('a move request during the cycle sends the failed pod to backoff instead of the pool', () => {
    const { q } = setup();
    q.add(makePod('p').obj());
    const p = q.pop()!;
    q.moveAllToActiveOrBackoffQueue(NodeAdd);
    p.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(p, q.schedulingCycle);
    expect(q.whereIs('default/p')).toBe('backoffQ');
  });

  it('pods left unschedulable for over 5 minutes are moved on the 30s tick', () => {
    const { clock, q } = setup();
    q.add(makePod('p').obj());
    fail(q, 'TaintToleration');
    clock.runUntil(300_000);
    expect(q.whereIs('default/p')).toBe('unschedulablePods');
    clock.runUntil(330_000);
    expect(q.whereIs('default/p')).toBe('activeQ');
  });

  it('a spec update moves an unschedulable pod; a status-only update does not', () => {
    const { clock, q } = setup();
    const pod = makePod('p').obj();
    q.add(pod);
    fail(q, 'TaintToleration');
    clock.runUntil(20_000);
    q.update(pod, { ...pod, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } });
    expect(q.whereIs('default/p')).toBe('unschedulablePods');
    q.update(pod, { ...pod, spec: { ...pod.spec!, tolerations: [{ operator: 'Exists' }] } });
    expect(q.whereIs('default/p')).toBe('activeQ');
  });

  it('an idle queue leaves the clock empty', () => {
    const { clock, q } = setup();
    q.add(makePod('p').obj());
    q.pop();
    expect(clock.pending()).toBe(0);
  });
});

describe('SchedulingQueue: gates, affinity moves and nominations', () => {
  it('a gated pod waits in the unschedulable pool and enters activeQ once an update removes its gates', () => {
    const clock = new Clock();
    const gates = newSchedulingGates();
    const q = new SchedulingQueue({ clock, less, preEnqueue: (p) => gates.preEnqueue(p)?.withPlugin('SchedulingGates') ?? null });
    const gated = makePod('g').gate('example.com/wait').obj();
    q.add(gated);
    expect(q.whereIs('default/g')).toBe('unschedulablePods');
    // Cluster events do not release it.
    q.moveAllToActiveOrBackoffQueue(NodeAdd);
    expect(q.whereIs('default/g')).toBe('unschedulablePods');
    const open = { ...gated, spec: { ...gated.spec!, schedulingGates: [] } };
    q.update(gated, open);
    expect(q.whereIs('default/g')).toBe('activeQ');
  });

  it('a pod added on a node moves only unschedulable pods whose required affinity it matches', () => {
    const { q } = setup();
    q.add(makePod('wants-db').podAffinity('affinity', 'kubernetes.io/hostname', { app: 'db' }).obj());
    q.add(makePod('wants-cache').podAffinity('affinity', 'kubernetes.io/hostname', { app: 'cache' }).obj());
    fail(q, 'InterPodAffinity');
    fail(q, 'InterPodAffinity');
    q.assignedPodAdded(makePod('db-0').label('app', 'db').node('n1').obj());
    expect(q.whereIs('default/wants-db')).toBe('backoffQ');
    expect(q.whereIs('default/wants-cache')).toBe('unschedulablePods');
  });

  it('the nominator lists pods by node, keeps a fresh nomination across a status-less update, and forgets on delete', () => {
    const n = new Nominator();
    const p = makePod('pre').priority(100).obj();
    n.add(new PodInfo(p), 'node-a');
    expect(n.nominatedPodsForNode('node-a').map((x) => x.pod.metadata!.name)).toEqual(['pre']);
    n.update(p, new PodInfo({ ...p, metadata: { ...p.metadata, labels: { x: 'y' } } }));
    expect(n.nodeFor(p)).toBe('node-a');
    n.add(new PodInfo(p), '');
    expect(n.isEmpty()).toBe(true);
    n.add(new PodInfo({ ...p, status: { nominatedNodeName: 'node-b' } }));
    expect(n.nodeFor(p)).toBe('node-b');
    n.delete(p);
    expect(n.nominatedPodsForNode('node-b')).toEqual([]);
  });
});
