import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { Owner } from '../clock';
import type { StoredObject } from '../types';
import { isStatusError, StatusError } from './types';
import type { WatchEvent } from './types';

const admin = () => {
  const c = createCluster({ bare: true });
  return { c, k: c.client('kubernetes-admin') };
};

const cm = (name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

function errorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('API server', () => {
  it('starts with the namespaces and the kubernetes Service a kubeadm cluster has', () => {
    const { k } = admin();
    expect(k.list('namespaces', undefined).items.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const svc = k.get<{ spec: { clusterIP: string } }>('services', 'default', 'kubernetes');
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
  });

  it('stamps uid, resourceVersion and creationTimestamp on create and refuses a duplicate with AlreadyExists', () => {
    const { k } = admin();
    const made = k.create('configmaps', cm('one'));
    expect(made.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(made.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(made.metadata.creationTimestamp).toBe('2024-09-02T10:00:00Z');
    const e = errorOf(() => k.create('configmaps', cm('one')));
    expect(e.status).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'configmaps "one" already exists' });
  });

  it('names objects from generateName with five characters of the Kubernetes alphabet', () => {
    const { k } = admin();
    const made = k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'default' } });
    expect(made.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('says NotFound with the group in the resource name, as a real server does', () => {
    const { k } = admin();
    expect(errorOf(() => k.get('deployments', 'default', 'web')).message).toBe('deployments.apps "web" not found');
    expect(errorOf(() => k.get('pods', 'default', 'x')).status).toMatchObject({ reason: 'NotFound', code: 404, message: 'pods "x" not found' });
  });

  it('rejects an update from a stale resourceVersion with 409 Conflict and the real message', () => {
    const { k } = admin();
    const v1 = k.create('configmaps', cm('c'));
    k.update('configmaps', { ...cm('c', { a: '2' }), metadata: { ...v1.metadata } });
    const e = errorOf(() => k.update('configmaps', { ...cm('c', { a: '3' }), metadata: { ...v1.metadata } }));
    expect(e.status.reason).toBe('Conflict');
    expect(e.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('does not write a new revision for an update that changes nothing', () => {
    const { c, k } = admin();
    const v1 = k.create('configmaps', cm('same'));
    const rev = c.api.store.revision;
    const again = k.update('configmaps', { ...cm('same'), metadata: { ...v1.metadata } });
    expect(again.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
    expect(c.api.store.revision).toBe(rev);
  });

  it('applies merge patches, removing a key set to null', () => {
    const { k } = admin();
    k.create('configmaps', cm('p', { a: '1', b: '2' }));
    const out = k.patch<{ data: Record<string, string> }>('configmaps', 'default', 'p', { data: { a: null, c: '3' } });
    expect(out.data).toEqual({ b: '2', c: '3' });
  });

  it('lists with label selectors of the full grammar and field selectors', () => {
    const { k } = admin();
    k.create('configmaps', cm('a', {}, { app: 'web', tier: 'front' }));
    k.create('configmaps', cm('b', {}, { app: 'db' }));
    k.create('configmaps', cm('c', {}, { app: 'web' }));
    const names = (sel: string) => k.list('configmaps', 'default', { labelSelector: sel }).items.map((o) => o.metadata.name);
    expect(names('app=web')).toEqual(['a', 'c']);
    expect(names('app in (db,cache)')).toEqual(['b']);
    expect(names('app,!tier')).toEqual(['b', 'c']);
    expect(names('app!=web')).toEqual(['b']);
    expect(k.list('configmaps', 'default', { fieldSelector: 'metadata.name=c' }).items.map((o) => o.metadata.name)).toEqual(['c']);
  });

  it('refuses to create in a namespace that does not exist', () => {
    const { k } = admin();
    const e = errorOf(() => k.create('configmaps', { ...cm('x'), metadata: { name: 'x', namespace: 'nope' } }));
    expect(e.status).toMatchObject({ reason: 'NotFound', message: 'namespaces "nope" not found' });
  });

  it('keeps an object with finalizers until they are removed, then deletes it', () => {
    const { c, k } = admin();
    k.create('configmaps', { ...cm('f'), metadata: { name: 'f', namespace: 'default', finalizers: ['example.com/hold'] } });
    const marked = k.delete('configmaps', 'default', 'f');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const cur = k.get('configmaps', 'default', 'f');
    k.update('configmaps', { ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(c.api.peek('configmaps', 'default', 'f')).toBeUndefined();
  });

  it('adds the orphan or foregroundDeletion finalizer for those propagation policies', () => {
    const { k } = admin();
    k.create('configmaps', cm('o'));
    expect(k.delete('configmaps', 'default', 'o', { propagationPolicy: 'Orphan' }).metadata.finalizers).toEqual(['orphan']);
    k.create('configmaps', cm('g'));
    expect(k.delete('configmaps', 'default', 'g', { propagationPolicy: 'Foreground' }).metadata.finalizers).toEqual(['foregroundDeletion']);
  });

  it('delivers watch events later on the clock, replaying history from a resourceVersion', () => {
    const { c, k } = admin();
    const first = k.create('configmaps', cm('w1'));
    k.create('configmaps', cm('w2'));
    const seen: string[] = [];
    k.watch('configmaps', 'default', { resourceVersion: first.metadata.resourceVersion }, (ev: WatchEvent<StoredObject>) => seen.push(`${ev.type} ${ev.object.metadata.name}`));
    k.delete('configmaps', 'default', 'w1');
    expect(seen).toEqual([]);
    c.runUntil(1);
    expect(seen).toEqual(['ADDED w2', 'DELETED w1']);
  });

  it('turns a label change into ADDED or DELETED for a watcher with a selector', () => {
    const { c, k } = admin();
    const a = k.create('configmaps', cm('s', {}, { app: 'web' }));
    const seen: string[] = [];
    k.watch('configmaps', 'default', { labelSelector: 'app=web', resourceVersion: a.metadata.resourceVersion }, (ev) => seen.push(`${ev.type} ${ev.object.metadata.name}`));
    k.patch('configmaps', 'default', 's', { metadata: { labels: { app: 'db' } } });
    k.patch('configmaps', 'default', 's', { metadata: { labels: { app: 'web' } } });
    c.runUntil(1);
    expect(seen).toEqual(['DELETED s', 'ADDED s']);
  });

  it('answers a watch from a compacted revision with 410 too old resource version', () => {
    const { c, k } = admin();
    const a = k.create('configmaps', cm('x1'));
    k.create('configmaps', cm('x2'));
    k.create('configmaps', cm('x3'));
    c.api.store.compact(c.api.store.revision - 1);
    const seen: WatchEvent[] = [];
    k.watch('configmaps', 'default', { resourceVersion: a.metadata.resourceVersion }, (ev) => seen.push(ev));
    c.runUntil(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.type).toBe('ERROR');
    expect((seen[0]!.object as unknown as { code: number; message: string }).code).toBe(410);
    expect((seen[0]!.object as unknown as { message: string }).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('binds a pod once through pods/binding and refuses a second binding', () => {
    const { c, k } = admin();
    c.api.bootstrap(() => k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }));
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } };
    k.create('pods', binding, { namespace: 'default', subresource: 'binding', name: 'p' });
    const pod = k.get<{ spec: { nodeName: string }; status: { conditions: { type: string; status: string }[] } }>('pods', 'default', 'p');
    expect(pod.spec.nodeName).toBe('worker-1');
    expect(pod.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const e = errorOf(() => k.create('pods', binding, { namespace: 'default', subresource: 'binding', name: 'p' }));
    expect(e.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "worker-1"');
  });

  it('keeps in each revision only what the write changed: a status write and a binding share the stored containers, and the key order stays', () => {
    const { c, k } = admin();
    c.api.bootstrap(() => k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }));
    type P = StoredObject & { spec: { containers: unknown[]; nodeName?: string }; status: { phase: string } };
    const made = k.create<P>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as never);
    k.create('pods', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } }, { subresource: 'binding', name: 'p' });
    const bound = k.get<P>('pods', 'default', 'p');
    const running = k.patch<P>('pods', 'default', 'p', { status: { phase: 'Running' } }, { subresource: 'status' });
    expect(bound.spec.nodeName).toBe('worker-1');
    expect(bound.spec.containers).toBe(made.spec.containers);
    expect(running.spec).toBe(bound.spec);
    expect(running.metadata.labels).toBe(made.metadata.labels);
    expect(running.status.phase).toBe('Running');
    expect(Object.keys(running)).toEqual(Object.keys(made));
    expect(Object.isFrozen(running.status)).toBe(true);
  });

  it("writes a Deployment's status with the annotations sent, keeping the stored labels and spec (deploymentStatusStrategy)", () => {
    const { k } = admin();
    type D = StoredObject & { spec: { replicas: number }; status?: { observedGeneration?: number } };
    const labels = { app: 'web' };
    const made = k.create<D>('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels, annotations: { note: 'a' } },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    } as never);
    const sent = { ...made, metadata: { ...made.metadata, labels: { app: 'other' }, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { ...made.spec, replicas: 5 }, status: { observedGeneration: 1 } };
    const written = k.update<D>('deployments', sent as never, { subresource: 'status' });
    expect(written.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(written.metadata.labels).toEqual({ app: 'web' });
    expect(written.spec.replicas).toBe(1);
    expect(written.status).toEqual({ observedGeneration: 1 });
  });

  it('stores a status field an in-process caller set to undefined as absent, so a later write puts it where JSON would', () => {
    const { c, k } = admin();
    c.api.bootstrap(() => k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }));
    type P = StoredObject & { status: { conditions: Record<string, unknown>[] } };
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as never);
    const first = k.patch<P>('pods', 'default', 'p', { status: { conditions: [{ type: 'X', status: 'False', message: undefined, reason: 'R' }] } }, { subresource: 'status' });
    expect(Object.keys(first.status.conditions[0]!)).toEqual(['type', 'status', 'reason']);
    const second = k.patch<P>('pods', 'default', 'p', { status: { conditions: [{ type: 'X', status: 'False', reason: 'R', message: 'm' }] } }, { subresource: 'status' });
    expect(JSON.stringify(second.status.conditions)).toBe('[{"type":"X","status":"False","reason":"R","message":"m"}]');
  });

  it('admits pods with the default service account, its token volume and the default tolerations', () => {
    const { c, k } = admin();
    c.api.bootstrap(() => k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }));
    const pod = k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as unknown as { spec: { serviceAccountName: string; tolerations: unknown[]; volumes: { name: string }[]; priority: number } };
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.priority).toBe(0);
    expect(pod.spec.volumes[0]!.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('keeps a scheduled pod Terminating until the kubelet confirms with grace period 0', () => {
    const { c, k } = admin();
    c.api.bootstrap(() => k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }));
    k.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'nginx' }] } });
    const marked = k.delete('pods', 'default', 'p');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(marked.metadata.deletionTimestamp).toBe('2024-09-02T10:00:30Z');
    k.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 });
    expect(c.api.peek('pods', 'default', 'p')).toBeUndefined();
  });

  it('refuses to delete the default namespace', () => {
    const { k } = admin();
    expect(errorOf(() => k.delete('namespaces', undefined, 'default')).message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });

  it('records every request with who made it and how it ended', () => {
    const { c, k } = admin();
    try {
      k.get('pods', 'default', 'missing');
    } catch (e) {
      expect(isStatusError(e, 'NotFound')).toBe(true);
    }
    const last = c.api.audit.recent().at(-1)!;
    expect(last).toMatchObject({ user: 'kubernetes-admin', verb: 'get', resource: 'pods', namespace: 'default', name: 'missing', code: 404 });
  });
});

describe('watch fan-out', () => {
  /** An owner as a process's instance is: it records its failure and exits. */
  const owner = (name: string, failures: string[]): Owner & { exited: boolean } => {
    const o = { name, exited: false, fail: (err: unknown) => { failures.push(`${name}: ${(err as Error).message}`); o.exited = true; } };
    return o;
  };

  it('delivers one write to every watcher in one clock event, in the order they became pending, each delivery recorded', () => {
    const { c, k } = admin();
    const seen: string[] = [];
    for (const who of ['one', 'two', 'three']) c.client(who).watch('configmaps', 'default', { resourceVersion: String(c.api.store.revision) }, (ev) => seen.push(`${who} ${ev.type} ${ev.object.metadata.name}`));
    k.create('configmaps', cm('fan'));
    expect(c.clock.peek()!.label).toBe('watch: ADDED configmaps/default/fan → one (+2 more)');
    const ran = c.clock.eventsRun;
    c.runUntil(0);
    expect(c.clock.eventsRun - ran).toBe(1);
    expect(seen).toEqual(['one ADDED fan', 'two ADDED fan', 'three ADDED fan']);
    const log = c.api.conversation;
    expect(log.slice(log.next - 3).map((e) => (e.kind === 'watch' ? `${e.user} ${e.type} ${e.name} cause=${log.at(e.cause!)?.kind}` : e.kind))).toEqual(['one ADDED fan cause=request', 'two ADDED fan cause=request', 'three ADDED fan cause=request']);
  });

  it('a handler\'s write reaches a watcher later in the same delivery; one earlier in it hears of it in the next', () => {
    const { c, k } = admin();
    const seen: string[] = [];
    const rv = String(c.api.store.revision);
    c.client('first').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => seen.push(`first ${ev.type} ${ev.object.metadata.name}`));
    c.client('writer').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => {
      seen.push(`writer ${ev.type} ${ev.object.metadata.name}`);
      if (ev.object.metadata.name === 'a') k.create('configmaps', cm('b'));
    });
    c.client('last').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => seen.push(`last ${ev.type} ${ev.object.metadata.name}`));
    k.create('configmaps', cm('a'));
    const ran = c.clock.eventsRun;
    c.runUntil(0);
    expect(seen).toEqual(['first ADDED a', 'writer ADDED a', 'last ADDED a', 'last ADDED b', 'first ADDED b', 'writer ADDED b']);
    expect(c.clock.eventsRun - ran).toBe(2);
  });

  it('a watch stopped by a handler earlier in the delivery receives nothing more', () => {
    const { c, k } = admin();
    const seen: string[] = [];
    const rv = String(c.api.store.revision);
    let late: { stop(): void } | undefined;
    c.client('stopper').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => {
      seen.push(`stopper ${ev.object.metadata.name}`);
      late?.stop();
    });
    late = c.client('late').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => seen.push(`late ${ev.object.metadata.name}`));
    k.create('configmaps', cm('x'));
    c.runUntil(0);
    expect(seen).toEqual(['stopper x']);
  });

  it('a throw in one watcher\'s handler fails its owner only: the rest of the delivery goes on, and the failed owner hears nothing more', () => {
    const { c, k } = admin();
    const failures: string[] = [];
    const seen: string[] = [];
    const rv = String(c.api.store.revision);
    const broken = owner('broken', failures);
    const fine = owner('fine', failures);
    c.clock.runAs(broken, () => c.client('broken').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => {
      seen.push(`broken ${ev.object.metadata.name}`);
      throw new TypeError('nil map');
    }));
    c.clock.runAs(fine, () => c.client('fine').watch('configmaps', 'default', { resourceVersion: rv }, (ev) => seen.push(`fine ${ev.object.metadata.name}`)));
    k.create('configmaps', cm('p'));
    k.create('configmaps', cm('q'));
    c.runUntil(0);
    expect(failures).toEqual(['broken: nil map']);
    expect(seen).toEqual(['broken p', 'fine p', 'fine q']);
    k.create('configmaps', cm('r'));
    c.runUntil(1);
    expect(seen.slice(3)).toEqual(['fine r']);
  });
});

describe('event TTL', () => {
  const ev = (name: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Test', message: 'm', type: 'Normal' });

  it('removes an Event between an hour and an hour and a minute after its last write, as --event-ttl and the lease reuse window do', () => {
    const c = createCluster({ bare: true });
    const k = c.client('kubernetes-admin');
    k.create('events', ev('a.1'));
    k.create('events', ev('b.1'));
    c.runUntil(30 * 60_000);
    k.patch('events', 'default', 'b.1', { count: 2 });
    c.runUntil(60 * 60_000 + 1);
    expect(c.api.peek('events', 'default', 'a.1')).toBeDefined();
    c.runUntil(61 * 60_000);
    expect(c.api.peek('events', 'default', 'a.1')).toBeUndefined();
    expect(c.api.peek('events', 'default', 'b.1')).toBeDefined();
    c.runUntil(91 * 60_000 - 1);
    expect(c.api.peek('events', 'default', 'b.1')).toBeDefined();
    c.runUntil(91 * 60_000);
    expect(c.api.peek('events', 'default', 'b.1')).toBeUndefined();
  });

  it('writes the Events of one minute under one lease: a thousand Events expire in one clock event', () => {
    const c = createCluster({ bare: true });
    const k = c.client('kubernetes-admin');
    // 1,000 Events over 50 s: all share the lease granted with the first.
    for (let i = 0; i < 1000; i++) {
      c.runUntil(i * 50);
      k.create('events', ev(`e.${i}`));
    }
    c.runUntil(60 * 60_000 + 59_999);
    expect(c.api.store.count('/registry/events/')).toBe(1000);
    const ran = c.clock.eventsRun;
    c.runUntil(61 * 60_000);
    expect(c.api.store.count('/registry/events/')).toBe(0);
    expect(c.clock.eventsRun - ran).toBe(1);
  });

  it('gives one lease to at most 1,000 writes: the 1,001st Event gets its own lease and outlives the first thousand', () => {
    const c = createCluster({ bare: true });
    const k = c.client('kubernetes-admin');
    for (let i = 0; i < 1000; i++) k.create('events', ev(`e.${i}`));
    // 10 s later the first lease would still be reused, but it is full.
    c.runUntil(10_000);
    k.create('events', ev('e.1000'));
    c.runUntil(61 * 60_000 - 1);
    expect(c.api.store.count('/registry/events/')).toBe(1001);
    c.runUntil(61 * 60_000);
    expect(c.api.store.count('/registry/events/')).toBe(1);
    expect(c.api.peek('events', 'default', 'e.1000')).toBeDefined();
    c.runUntil(61 * 60_000 + 9_999);
    expect(c.api.peek('events', 'default', 'e.1000')).toBeDefined();
    c.runUntil(61 * 60_000 + 10_000);
    expect(c.api.store.count('/registry/events/')).toBe(0);
  });

  it('spreads 1,001 Events written in one instant over two leases, which expire in two clock events', () => {
    const c = createCluster({ bare: true });
    const k = c.client('kubernetes-admin');
    for (let i = 0; i <= 1000; i++) k.create('events', ev(`e.${i}`));
    c.runUntil(61 * 60_000 - 1);
    const ran = c.clock.eventsRun;
    c.runUntil(61 * 60_000);
    expect(c.api.store.count('/registry/events/')).toBe(0);
    expect(c.clock.eventsRun - ran).toBe(2);
  });
});

describe('typed decoding of requests from outside (kubectl sends fieldValidation)', () => {
  const k = () => createCluster({ bare: true }).client('kubernetes-admin');
  const strict = { fieldValidation: 'Strict' as const };
  it('refuses a number where a string belongs, with the JSON decoder\'s words', () => {
    const e = errorOf(() => k().create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { port: 8080 } }, strict));
    expect(e.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(e.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
  });
  it('names the innermost struct and the path without indices inside a pod template', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'PORT', value: 8080 }] }] } } } };
    expect(errorOf(() => k().create('deployments', deploy, strict)).message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string');
  });
  it('refuses a string where an integer belongs', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: '80' }] }] } };
    expect(errorOf(() => k().create('pods', pod, strict)).message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  });
});

describe('node ports', () => {
  it('refuses a nodePort outside 30000-32767 with the allocator\'s message', () => {
    const k = createCluster({ bare: true }).client('kubernetes-admin');
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'default' }, spec: { type: 'NodePort', selector: { a: 'b' }, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 80 }] } };
    expect(errorOf(() => k.create('services', svc)).message).toBe('Service "np" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });
  it('drops what only the old type needed when a Service changes type, and frees its node port', () => {
    const k = createCluster({ bare: true }).client('kubernetes-admin');
    const lb = (name: string, nodePort: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { a: 'b' }, ports: [{ port: 80, nodePort }] } });
    const cur = k.create<any>('services', lb('web', 30080)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const changed = k.update<any>('services', { ...cur, spec: { ...cur.spec, type: 'ClusterIP' } }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(changed.spec).not.toHaveProperty('externalTrafficPolicy');
    expect(changed.spec).not.toHaveProperty('allocateLoadBalancerNodePorts');
    expect(changed.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(k.create<any>('services', lb('next', 30080)).spec.ports[0].nodePort).toBe(30080); // eslint-disable-line @typescript-eslint/no-explicit-any
    // A node port changed in the same update is the user's, and ClusterIP may not have one.
    const again = k.get<any>('services', 'default', 'next'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(errorOf(() => k.update('services', { ...again, spec: { ...again.spec, type: 'ClusterIP', externalTrafficPolicy: undefined, ports: [{ port: 80, nodePort: 30081 }] } })).message).toBe("Service \"next\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  });
});
