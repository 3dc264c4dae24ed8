import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { KObject, StoredObject } from '../types';
import { ClientEventRecorder, EVENT_CACHE_ENTRIES } from './events';
import { EventsV1Recorder } from './eventsV1';
import { ClientRateLimiter } from './ratelimit';

interface Ev {
  metadata: { name: string };
  message: string;
  count?: number;
  series?: { count: number; lastObservedTime: string };
  eventTime?: string | null;
  firstTimestamp?: string | null;
}

function setup() {
  const c = createCluster({ seed: 1, bare: true });
  const client = c.client('system:serviceaccount:kube-system:replicaset-controller');
  const rs = client.create<KObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
  const requests = () => c.api.audit.recent().filter((r) => r.resource === 'events' && (r.verb === 'create' || r.verb === 'patch')).length;
  const events = () => c.client().list<Ev & KObject & StoredObject>('events', 'default').items;
  return { c, client, rs, requests, events };
}

describe('the core/v1 recorder: client-go’s EventCorrelator', () => {
  it('patches the count of an identical event instead of writing another', () => {
    const t = setup();
    const r = new ClientEventRecorder(t.client, t.c.clock, { component: 'replicaset-controller' });
    for (let i = 0; i < 3; i++) r.event(t.rs, 'Normal', 'SuccessfulCreate', 'Created pod: a');
    expect(t.events().map((e) => [e.message, e.count])).toEqual([['Created pod: a', 3]]);
  });

  it('combines the 10th distinct message of one reason, then stops writing after 25 events about the object', () => {
    const t = setup();
    const r = new ClientEventRecorder(t.client, t.c.clock, { component: 'replicaset-controller' });
    for (let i = 0; i < 40; i++) r.event(t.rs, 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    const evs = t.events();
    expect(evs.slice(0, 9).map((e) => e.message)).toEqual(Array.from({ length: 9 }, (_, i) => `Created pod: p${i}`));
    expect(evs[9]).toMatchObject({ message: '(combined from similar events): Created pod: p24', count: 16 });
    expect(evs).toHaveLength(10);
    expect(t.requests()).toBe(25);
  });

  it('lets one more event through every 5 minutes, carrying the count of the ones it held back', () => {
    const t = setup();
    const r = new ClientEventRecorder(t.client, t.c.clock, { component: 'replicaset-controller' });
    for (let i = 0; i < 30; i++) r.event(t.rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    expect(t.events()[0]!.count).toBe(25);
    t.c.clock.runUntil(t.c.clock.now() + 299_000);
    r.event(t.rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    expect(t.events()[0]!.count).toBe(25);
    t.c.clock.runUntil(t.c.clock.now() + 1_000);
    r.event(t.rs, 'Warning', 'FailedCreate', 'Error creating: quota');
    expect(t.events()[0]!.count).toBe(32);
  });

  it('keeps at most 4,096 records per cache, so an event costs the same after 10,000 objects', () => {
    const t = setup();
    const r = new ClientEventRecorder(t.client, t.c.clock, { component: 'kubelet', host: 'w' });
    for (let i = 0; i < 10_000; i++) r.event({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}` } }, 'Normal', 'Started', 'Started container c');
    const sizes = (r as unknown as Record<string, { size: number }>);
    for (const cache of ['aggregates', 'observed', 'spam']) expect(sizes[cache]!.size).toBe(EVENT_CACHE_ENTRIES);
  });
});

describe('the events.k8s.io/v1 recorder (kube-scheduler)', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '7' } };

  it('creates the first, patches a series of 2 on the second, then only counts until the 30-minute refresh', () => {
    const t = setup();
    const r = new EventsV1Recorder(t.client, t.c.clock, 'default-scheduler', 'default-scheduler-cp');
    for (let i = 0; i < 5; i++) r.event(pod, 'Warning', 'FailedScheduling', 'no nodes', 'Scheduling');
    expect(t.requests()).toBe(2);
    const [e] = t.events();
    expect(e).toMatchObject({ firstTimestamp: null, series: { count: 2 } });
    expect(e!.eventTime).toBe('2024-09-02T10:00:00.000000Z');
    t.c.clock.runUntil(t.c.clock.now() + 30 * 60_000);
    expect(t.events()[0]!.series!.count).toBe(5);
  });

  it('treats the same message about a newer resourceVersion as a new event', () => {
    const t = setup();
    const r = new EventsV1Recorder(t.client, t.c.clock, 'default-scheduler', 'default-scheduler-cp');
    r.event(pod, 'Warning', 'FailedScheduling', 'no nodes', 'Scheduling');
    r.event({ ...pod, metadata: { ...pod.metadata, resourceVersion: '8' } }, 'Warning', 'FailedScheduling', 'no nodes', 'Scheduling');
    expect(t.events()).toHaveLength(2);
  });

  it('counts a repeat with another note into the series, the stored Event keeping the first note', () => {
    const t = setup();
    const r = new EventsV1Recorder(t.client, t.c.clock, 'default-scheduler', 'default-scheduler-cp');
    r.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', 'Scheduling');
    r.event(pod, 'Warning', 'FailedScheduling', '0/4 nodes are available: 4 Insufficient cpu.', 'Scheduling');
    expect(t.events().map((e) => [e.message, e.series?.count])).toEqual([['0/3 nodes are available: 3 Insufficient cpu.', 2]]);
  });
});

describe('the client rate limiter', () => {
  it('starts with the burst and refills at qps; readyAt is when the next request gets its token', () => {
    const c = createCluster({ seed: 1, bare: true });
    const l = new ClientRateLimiter(c.clock, 20, 30);
    for (let i = 0; i < 30; i++) l.take();
    expect(l.ready()).toBe(false);
    expect(l.readyAt() - c.clock.now()).toBe(50);
    c.clock.runUntil(c.clock.now() + 50);
    expect(l.ready()).toBe(true);
  });
});
