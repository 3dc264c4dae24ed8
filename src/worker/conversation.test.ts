import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import { CONVERSATION_PER_BATCH } from './protocol';


const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe('the conversation through the worker', () => {
  it('sends the newest entries on load, then only what is new, and names the step just taken', () => {
    const { host, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    const first = batches()[0]!.conversation!;
    expect(first.entries).toHaveLength(CONVERSATION_PER_BATCH);
    // the booted cluster said more than one batch carries: the older ones are counted, not sent
    expect(first.dropped).toBe(first.entries[0]!.seq - 1);
    const newest = first.entries.at(-1)!.seq;
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    const afterApply = batches().at(-1)!.conversation!;
    expect(afterApply.entries[0]!.seq).toBe(newest + 1);
    expect(afterApply.dropped).toBe(0);
    expect(afterApply.entries.map((e) => (e.kind === 'request' ? `${e.component} ${e.method} ${e.uri} ${e.code}` : e.type))).toEqual([
      'kubectl GET /apis/apps/v1/namespaces/default/deployments/web 404',
      'kubectl POST /apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict 201',
    ]);
    // The apply is a step of its own, named after what kubectl applied, not part of the clock event before it.
    const applied = batches().at(-1)!;
    expect(applied.conversation!.steps.map((s) => s.label)).toEqual(['kubectl: apply deployment.apps/web']);
    expect(new Set(applied.conversation!.entries.map((e) => e.step))).toEqual(new Set([applied.clock.last!.step]));
    expect(applied.clock.last).toEqual({ step: first.entries.at(-1)!.step + 1, atMs: 0, owner: '', label: 'kubectl: apply deployment.apps/web' });
    host.handle({ type: 'step' });
    const stepped = batches().at(-1)!;
    // One delivery takes the new Deployment to both of kube-controller-manager's deployment watches.
    expect(stepped.clock.last).toEqual({ step: applied.clock.last!.step + 1, atMs: 0, owner: 'kube-apiserver', label: 'watch: ADDED deployments/default/web → kube-controller-manager (+1 more)' });
    expect(stepped.conversation!.entries.map((e) => e.kind)).toEqual(['watch', 'watch']);
    expect(stepped.conversation!.steps.map((s) => s.label)).toEqual(['watch: ADDED deployments/default/web → kube-controller-manager (+1 more)']);
    expect(stepped.clock.next!.label).toBe('deployment-controller: sync default/web');
  });

  it('answers a query for one object, one component, some verbs, or without heartbeats', () => {
    const { host, answer } = harness();
    host.handle({ type: 'load', scenario: { seed: 7, cluster: {}, actions: [{ atMs: 0, apply: WEB }] }, atMs: 30_000, playing: false });
    host.handle({ type: 'conversation', id: 1, filter: { object: 'deployments/default/web' } });
    const deploy = answer('conversation', 1);
    expect(deploy.entries.filter((e) => e.kind === 'request').map((e) => (e.kind === 'request' ? `${e.component}: ${e.verb}${e.subresource ? ` ${e.subresource}` : ''}` : ''))).toEqual([
      'kubectl: get',
      'kubectl: create',
      'deployment-controller: update status',
      'deployment-controller: update status',
      'deployment-controller: update status',
      'deployment-controller: update status',
    ]);
    expect(deploy.oldestSeq).toBe(1);
    host.handle({ type: 'conversation', id: 2, filter: { components: ['kube-scheduler'], verbs: ['create'] } });
    const binds = answer('conversation', 2);
    // the scheduler's only creates: its leader-election Lease at boot, bindings (CoreDNS's at boot, web's) and the Scheduled Events; no watch events
    expect(new Set(binds.entries.map((e) => (e.kind === 'request' ? `${e.component}: ${e.verb} ${e.resource}/${e.subresource ?? ''}` : 'watch')))).toEqual(new Set(['kube-scheduler: create leases/', 'kube-scheduler: create pods/binding', 'kube-scheduler: create events/']));
    host.handle({ type: 'conversation', id: 3, filter: {}, limit: 2000 });
    host.handle({ type: 'conversation', id: 4, filter: { hideHeartbeats: true }, limit: 2000 });
    const all = answer('conversation', 3).entries;
    const quiet = answer('conversation', 4).entries;
    // renewals: a Lease read and written again, a node's status written (creating a Lease, or watching them, is not one)
    const isBeat = (e: (typeof all)[number]) => e.kind === 'request' && ['get', 'update', 'patch'].includes(e.verb) && (e.resource === 'leases' || (e.resource === 'nodes' && e.subresource === 'status'));
    expect(all.some(isBeat)).toBe(true);
    expect(quiet.some(isBeat)).toBe(false);
    expect(quiet.length).toBeLessThan(all.length);
    // newest last, and paging back from the oldest answered gives the ones before it
    host.handle({ type: 'conversation', id: 5, filter: {}, limit: 10 });
    const newest = answer('conversation', 5).entries;
    expect(newest).toHaveLength(10);
    host.handle({ type: 'conversation', id: 6, filter: {}, beforeSeq: newest[0]!.seq, limit: 3 });
    expect(answer('conversation', 6).entries.map((e) => e.seq)).toEqual([newest[0]!.seq - 3, newest[0]!.seq - 2, newest[0]!.seq - 1]);
  });

  it('answers a request in full, and says why for a watch event or a request no longer kept', () => {
    const { host, answer } = harness();
    host.handle({ type: 'load', scenario: { seed: 7, cluster: {}, actions: [{ atMs: 0, apply: WEB }] }, atMs: 5_000, playing: false });
    host.handle({ type: 'conversation', id: 1, filter: { components: ['kubectl'], verbs: ['create'] } });
    const create = answer('conversation', 1).entries.at(-1)!;
    host.handle({ type: 'requestDetail', id: 2, seq: create.seq });
    const d = answer('requestDetail', 2).detail!;
    expect(d.clientLog.split('\n')[1]).toBe('I0902 10:00:00.000000    5218 round_trippers.go:463] POST https://192.168.1.10:6443/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict');
    expect(JSON.parse(d.audit)).toMatchObject({ kind: 'Event', verb: 'create', objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' }, responseStatus: { code: 201 } });
    expect(d.fanout.map((w) => `${w.type} ${w.component}`)).toEqual(['ADDED kube-controller-manager', 'ADDED kube-controller-manager']);
    host.handle({ type: 'requestDetail', id: 3, seq: d.fanout[0]!.seq });
    expect(answer('requestDetail', 3)).toEqual({ type: 'requestDetail', id: 3, error: `entry ${d.fanout[0]!.seq} is a watch event, not a request` });
  });

  it('starts a fresh log on reset, rebuilt by the replay', () => {
    const { host, batches, answer } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    const before = batches().at(-1)!.conversation!.entries.at(-1)!.seq;
    host.handle({ type: 'reset' });
    const reset = batches().at(-1)!;
    expect(reset.reset).toBe(true);
    // a new log, not the old one going on: the replay numbers the apply's create as the live run did
    host.handle({ type: 'conversation', id: 2, filter: { components: ['kubectl'], verbs: ['create'] } });
    const replayed = answer('conversation', 2).entries.at(-1)!;
    expect(replayed).toMatchObject({ seq: before, kind: 'request', method: 'POST', uri: '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict' });
    expect(reset.conversation!.entries.at(-1)!.seq).toBeGreaterThan(before);
  });
});

describe("the page's reads and the user's commands", () => {
  it('answers the inspector, the network view and a node panel without a request in the record: no audit entry, no entry, no seq taken', () => {
    const { host, answer } = harness();
    host.handle({ type: 'load', scenario: { seed: 7, cluster: {}, actions: [{ atMs: 0, apply: WEB }] }, atMs: 5_000, playing: false });
    const api = host.currentRun.cluster.api;
    const before = { seq: api.conversation.next, audit: api.audit.count(), revision: api.store.revision };
    host.handle({ type: 'describe', id: 1, resource: 'deployment', name: 'web', namespace: 'default' });
    host.handle({ type: 'yaml', id: 2, resource: 'deployment', name: 'web', namespace: 'default' });
    host.handle({ type: 'networkView', id: 3 });
    host.handle({ type: 'nodeInsides', id: 4, node: 'worker-1' });
    expect(answer('text', 1).text).toMatch(/^Name:                   web\nNamespace:              default\n/);
    expect(answer('text', 2).text).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(answer('networkView', 3).view.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect('insides' in answer('nodeInsides', 4)).toBe(true);
    expect({ seq: api.conversation.next, audit: api.audit.count(), revision: api.store.revision }).toEqual(before);
  });

  it("gives a kubectl line typed in the terminal a step of its own, named as typed, after the clock event before it", () => {
    const { host, batches } = harness();
    host.handle({ type: 'load', scenario: { seed: 7, cluster: {}, actions: [] }, atMs: 5_000, playing: false });
    const log = host.currentRun.cluster.api.conversation;
    const stepBefore = log.step;
    host.handle({ type: 'kubectl', id: 1, line: 'kubectl get pods -A' });
    const b = batches().at(-1)!;
    expect(b.conversation!.entries.map((e) => (e.kind === 'request' ? `${e.step - stepBefore} ${e.component} ${e.method} ${e.uri}` : e.kind))).toEqual(['1 kubectl GET /api/v1/pods']);
    expect(b.conversation!.steps).toEqual([{ step: stepBefore + 1, atMs: 5_000, owner: '', label: 'kubectl get pods -A' }]);
    expect(b.clock.last?.label).toBe('kubectl get pods -A');
  });
});
