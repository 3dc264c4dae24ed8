import { describe, expect, it } from 'vitest';
import { Clock } from '../clock';
import { Stream } from '../rng';
import { StatusError } from '../api/types';
import type { ListOptions, ListResult, WatchEvent } from '../api/types';
import type { KObject, StoredObject } from '../types';
import type { Client, Watch } from './types';
import { SharedInformerFactory } from './informer';
import { ReflectorBackoff, reflectorTypeName } from './reflector';

const POD_MESSAGE = 'pods is forbidden: User "system:kube-scheduler" cannot list resource "pods" in API group "" at the cluster scope';

function forbidden(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { kind: 'pods' }, code: 403 });
}

/** A client whose lists are refused while `refuse` holds; its watches deliver nothing. */
function fakeClient(state: { refuse: boolean; refuseWatch?: boolean; lists: number[] }, clock: Clock): Client {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-09-02T10:00:00Z' } } as unknown as StoredObject;
  const unused = (): never => {
    throw new Error('unused');
  };
  return {
    user: 'system:kube-scheduler',
    create: unused,
    get: unused,
    update: unused,
    patch: unused,
    delete: unused,
    list<T extends KObject>(_resource: string, _ns: string | undefined, _opts?: ListOptions): ListResult<T & StoredObject> {
      state.lists.push(clock.now());
      if (state.refuse) throw forbidden(POD_MESSAGE);
      return { items: [pod as unknown as T & StoredObject], metadata: { resourceVersion: '7' } } as ListResult<T & StoredObject>;
    },
    watch<T extends KObject>(_r: string, _n: string | undefined, _o: ListOptions, _h: (ev: WatchEvent<T & StoredObject>) => void): Watch {
      if (state.refuseWatch) {
        state.refuseWatch = false;
        throw forbidden('pods is forbidden: User "system:kube-scheduler" cannot watch resource "pods" in API group "" at the cluster scope');
      }
      return { stop: () => {} };
    },
  };
}

describe('a reflector whose list is refused', () => {
  it('logs client-go 1.31 lines, stays unsynced, and lists again after the back-off', () => {
    const clock = new Clock();
    const state = { refuse: true, lists: [] as number[] };
    const lines: string[] = [];
    const factory = new SharedInformerFactory(fakeClient(state, clock), clock, { log: (sev, src, msg) => lines.push(`${sev} ${src}] ${msg}`), stream: new Stream(1, 'test/reflector') });
    const pods = factory.informer('pods');
    factory.start();
    clock.runUntil(0);
    expect(lines).toEqual([
      `W reflector.go:561] k8s.io/client-go/informers/factory.go:160: failed to list *v1.Pod: ${POD_MESSAGE}`,
      'E reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Pod: failed to list *v1.Pod: pods is forbidden: User \\"system:kube-scheduler\\" cannot list resource \\"pods\\" in API group \\"\\" at the cluster scope" logger="UnhandledError"',
    ]);
    expect(pods.hasSynced()).toBe(false);
    clock.runUntil(60_000);
    // 0.8 s, 1.6 s, 3.2 s, 6.4 s, 12.8 s, 25.6 s… each stretched by up to itself.
    const waits = state.lists.slice(1).map((t, i) => t - state.lists[i]!);
    const bases = [800, 1600, 3200, 6400, 12_800, 25_600];
    expect(waits.length).toBeGreaterThanOrEqual(5);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(bases[i]!);
      expect(w).toBeLessThan(2 * bases[i]!);
    });
    expect(lines.length).toBe(2 * state.lists.length);
    expect(pods.hasSynced()).toBe(false);

    state.refuse = false;
    const before = state.lists.length;
    clock.runUntil(200_000);
    expect(state.lists.length).toBe(before + 1);
    expect(pods.hasSynced()).toBe(true);
    expect(pods.list().map((p) => p.metadata.name)).toEqual(['web']);
  });

  it('reports a refused watch without the list prefix and starts over with a list', () => {
    const clock = new Clock();
    const state = { refuse: false, refuseWatch: true, lists: [] as number[] };
    const lines: string[] = [];
    const factory = new SharedInformerFactory(fakeClient(state, clock), clock, { log: (sev, src, msg) => lines.push(`${sev} ${src}] ${msg}`), stream: new Stream(1, 'test/reflector') });
    factory.informer('pods');
    factory.start();
    clock.runUntil(5_000);
    expect(lines).toEqual([
      'E reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Pod: pods is forbidden: User \\"system:kube-scheduler\\" cannot watch resource \\"pods\\" in API group \\"\\" at the cluster scope" logger="UnhandledError"',
    ]);
    expect(state.lists.length).toBe(2);
  });

  it('stops retrying once stopped', () => {
    const clock = new Clock();
    const state = { refuse: true, lists: [] as number[] };
    const factory = new SharedInformerFactory(fakeClient(state, clock), clock, { stream: new Stream(1, 'test/reflector') });
    factory.informer('pods');
    factory.start();
    clock.runUntil(0);
    factory.stop();
    clock.runUntil(100_000);
    expect(state.lists).toEqual([0]);
  });
});

describe('ReflectorBackoff', () => {
  it('doubles from 0.8 s to the 30 s cap with jitter up to the wait again, and starts over after 2 min quiet', () => {
    const b = new ReflectorBackoff(new Stream(3, 'b'), 0);
    const waits: number[] = [];
    let t = 0;
    for (let i = 0; i < 9; i++) {
      const w = b.next(t);
      waits.push(w);
      t += w;
    }
    // Jitter 1.0: each wait is its base (0.8 s, 1.6 s … the 30 s cap) plus a uniform share of it.
    expect(waits).toEqual([1585, 1938, 3343, 7094, 13626, 43047, 43368, 59643, 48022]);
    // Two quiet minutes: back to 0.8 s (+ jitter).
    expect(b.next(t + 120_001)).toBe(1576);
  });
});

describe('reflectorTypeName', () => {
  it('names the Go type of the typed informer', () => {
    expect(['pods', 'replicasets', 'poddisruptionbudgets', 'horizontalpodautoscalers', 'leases', 'csinodes', 'events', 'widgets'].map(reflectorTypeName)).toEqual([
      '*v1.Pod', '*v1.ReplicaSet', '*v1.PodDisruptionBudget', '*v2.HorizontalPodAutoscaler', '*v1.Lease', '*v1.CSINode', '*v1.Event', '*unstructured.Unstructured',
    ]);
  });
});
