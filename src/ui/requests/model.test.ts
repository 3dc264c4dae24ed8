import { describe, expect, it } from 'vitest';
import type { ConversationEntry, RequestEntry, StepStory, WatchEntry } from '../../worker/protocol';
import { applyConversation, CONVERSATION_CAP, useConversation } from '../../state/conversation';
import { edgeBetween, layoutDiagram } from './diagramLayout';
import { etcdLabel, focusStep, lanesOf, objectsSeen, orderComponents, requestLabel, shortStory, storyRows, watchLabel } from './model';
import { filterOf } from './useRequests';

const req = (seq: number, step: number, p: Partial<RequestEntry> = {}): RequestEntry => ({
  kind: 'request',
  seq,
  atMs: step * 100,
  step,
  user: 'kubernetes-admin',
  component: 'kubectl',
  verb: 'create',
  resource: 'deployments',
  group: 'apps',
  namespace: 'default',
  name: 'web',
  code: 201,
  method: 'POST',
  uri: '/apis/apps/v1/namespaces/default/deployments',
  ...p,
});

const watch = (seq: number, step: number, p: Partial<WatchEntry> = {}): WatchEntry => ({
  kind: 'watch',
  seq,
  atMs: step * 100,
  step,
  component: 'kube-controller-manager',
  user: 'system:kube-controller-manager',
  type: 'ADDED',
  resource: 'deployments',
  group: 'apps',
  namespace: 'default',
  name: 'web',
  revision: 812,
  cause: 1,
  ...p,
});

describe('the words on the arrows', () => {
  it('names a request by method, resource (and subresource) and code, an etcd write by key and revision, a watch event by type', () => {
    expect(requestLabel(req(1, 1))).toBe('POST deployments 201');
    expect(requestLabel(req(2, 2, { component: 'kube-scheduler', resource: 'pods', subresource: 'binding', group: '', name: 'web-7d4b9c8f5d-x2x9q' }))).toBe('POST pods/binding 201');
    expect(requestLabel(req(3, 3, { verb: 'watch', method: 'GET', code: 200, resource: 'pods' }))).toBe('GET pods?watch 200');
    expect(etcdLabel({ op: 'PUT', key: '/registry/pods/default/web-7d4b9c8f5d-x2x9q', revision: 812 })).toBe('PUT /registry/pods/default/web-7d4b9c8f5d-x2x9q rev 812');
    expect(etcdLabel({ op: 'DELETE', key: '/registry/events/default/web-7d4b9c8f5d-x2x9q.17e2c3a4b5c6d7e8', revision: 900 })).toBe('DELETE /registry/events/default/web-7d4b9c8f5d…4b5c6d7e8 rev 900');
    expect(watchLabel(watch(4, 4))).toBe('ADDED deployments');
    expect(shortStory('replicaset-controller: create pods default/a-very-long-generated-name-that-goes-on-and-on-x2x9q')).toBe('replicaset-controller: create pods default/a-very-long-generat…and-on-x2x9q');
  });
});

describe('the story rows', () => {
  const steps = new Map<number, StepStory>([[5, { step: 5, atMs: 500, owner: 'kubectl', label: 'kubectl: create deployments default/web' }]]);
  const entries: ConversationEntry[] = [
    req(1, 5, { etcd: [{ op: 'PUT', key: '/registry/deployments/default/web', revision: 812 }] }),
    watch(2, 6),
    watch(3, 6, { component: 'kube-scheduler', resource: 'pods', group: '', name: 'web-1' }),
  ];

  it('puts each step\'s name before its entries and each etcd write after its request', () => {
    const rows = storyRows(entries, steps);
    expect(rows.map((r) => (r.kind === 'step' ? `# ${r.title}` : `${r.kind} ${r.from}→${r.to}`))).toEqual([
      '# kubectl: create deployments default/web',
      'request kubectl→kube-apiserver',
      'etcd kube-apiserver→etcd',
      '# step 6',
      'watch kube-apiserver→kube-controller-manager',
      'watch kube-apiserver→kube-scheduler',
    ]);
    expect(lanesOf(rows)).toEqual(['kubectl', 'kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager']);
  });

  it('focuses the selected entry\'s step, else the newest', () => {
    expect(focusStep(entries, undefined)).toBe(6);
    expect(focusStep(entries, 1)).toBe(5);
    expect(focusStep(entries, 99)).toBe(6);
    expect(focusStep([], undefined)).toBeUndefined();
  });

  it('suggests the objects seen, newest first, once each', () => {
    expect(objectsSeen(entries)).toEqual(['pods/default/web-1', 'deployments/default/web']);
    expect(objectsSeen([req(1, 1, { resource: 'nodes', group: '', namespace: undefined, name: 'worker-1' })])).toEqual(['nodes/worker-1']);
  });

  it('orders components as the picture does: kubectl, other users, the API server, etcd, scheduler, controllers, kubelets, node agents', () => {
    expect(orderComponents(['coredns', 'kubelet/worker-10', 'kube-proxy', 'kubelet/worker-2', 'replicaset-controller', 'etcd', 'alice', 'kube-scheduler', 'kubectl', 'kube-apiserver', 'deployment-controller', 'kube-controller-manager', 'flanneld'])).toEqual([
      'kubectl',
      'alice',
      'kube-apiserver',
      'etcd',
      'kube-scheduler',
      'kube-controller-manager',
      'deployment-controller',
      'replicaset-controller',
      'kubelet/worker-2',
      'kubelet/worker-10',
      'kube-proxy',
      'flanneld',
      'coredns',
    ]);
  });
});

describe('the diagram', () => {
  it('draws a box per kubelet up to 8 nodes, then one "kubelet ×N"; controllers that spoke join the defaults', () => {
    const four = layoutDiagram(['generic-garbage-collector'], ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect(four.boxes.map((b) => b.label)).toEqual([
      'kube-scheduler',
      'kube-controller-manager',
      'deployment',
      'endpoint',
      'endpointslice',
      'generic-garbage-collector',
      'replicaset',
      'kube-apiserver',
      'etcd',
      'kubectl',
      'kubelet',
      'kubelet',
      'kubelet',
      'kubelet',
      'kube-proxy ×4',
      'flanneld',
      'coredns',
    ]);
    expect(four.boxes.filter((b) => b.label === 'kubelet').map((b) => b.sub)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    // Four kubelets and three node agents share one row.
    expect(new Set(four.boxes.filter((b) => b.sub || b.label.startsWith('kube-proxy') || b.label === 'flanneld' || b.label === 'coredns').map((b) => b.y)).size).toBe(1);
    const nodes = Array.from({ length: 12 }, (_, i) => `worker-${i + 1}`);
    const big = layoutDiagram([], nodes);
    expect(big.boxes.filter((b) => b.label.startsWith('kubelet')).map((b) => b.label)).toEqual(['kubelet ×12']);
    expect(big.boxOf.get('kubelet/worker-7')?.id).toBe('kubelet');
    // No box overlaps another unless it sits inside kube-controller-manager's group.
    for (const a of four.boxes) {
      for (const b of four.boxes) {
        if (a === b || a.group || b.group) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.id} and ${b.id}`).toBe(false);
      }
    }
  });

  it('runs an edge from border to border', () => {
    const l = layoutDiagram([], ['worker-1']);
    const api = l.boxOf.get('kube-apiserver')!;
    const etcd = l.boxOf.get('etcd')!;
    const e = edgeBetween(api, etcd);
    expect(e.from).toEqual({ x: api.x + api.w, y: api.y + api.h / 2 });
    expect(e.to).toEqual({ x: etcd.x, y: etcd.y + etcd.h / 2 });
  });
});

describe('the page\'s conversation window and the worker\'s filter', () => {
  it('keeps the newest CONVERSATION_CAP entries, counts the rest as dropped, and starts over on reset', () => {
    applyConversation([{ entries: [req(1, 1)], steps: [{ step: 1, atMs: 100, owner: 'kubectl', label: 'kubectl: create deployments default/web' }], dropped: 0 }], true);
    const many = Array.from({ length: CONVERSATION_CAP + 10 }, (_, i) => watch(i + 2, 2));
    applyConversation([{ entries: many, steps: [], dropped: 3 }], false);
    const s = useConversation.getState();
    expect(s.entries.length).toBe(CONVERSATION_CAP);
    expect(s.entries[0]!.seq).toBe(12);
    expect(s.dropped).toBe(3 + 11);
    expect(s.steps.get(1)?.label).toBe('kubectl: create deployments default/web');
    applyConversation([], true);
    expect(useConversation.getState()).toMatchObject({ entries: [], dropped: 0 });
  });

  it('asks the worker for exactly the fields set', () => {
    expect(filterOf({ object: ' pods/default/web-1 ', component: '', verb: '', hideHeartbeats: true })).toEqual({ object: 'pods/default/web-1', hideHeartbeats: true });
    expect(filterOf({ object: '', component: 'kube-scheduler', verb: 'create', hideHeartbeats: false })).toEqual({ components: ['kube-scheduler'], verbs: ['create'], watchEvents: false });
    expect(filterOf({ object: '', component: 'kubelet/worker-1,kubelet/worker-2', verb: 'watch', hideHeartbeats: false })).toEqual({ components: ['kubelet/worker-1', 'kubelet/worker-2'], verbs: ['watch'], watchEvents: true });
  });
});

describe('the diagram\'s edges', () => {
  it('keeps every box inside the drawing', () => {
    const l = layoutDiagram(['metallb', 'alice'], Array.from({ length: 8 }, (_, i) => `worker-${i + 1}`));
    for (const b of l.boxes) {
      expect(b.x, b.id).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w, b.id).toBeLessThanOrEqual(l.width - 10);
      expect(b.y + b.h, b.id).toBeLessThanOrEqual(l.height);
    }
  });
});

describe('lanes and rows in words', () => {
  it('names a lane short enough for it, and a row by its arrow and object', async () => {
    const { laneName, rowText } = await import('./StoryList');
    expect(['kube-controller-manager', 'kubelet/worker-2', 'replicaset-controller', 'kube-apiserver'].map(laneName)).toEqual(['controller-manager', 'kubelet worker-2', 'replicaset', 'kube-apiserver']);
    const bind = req(7, 9, { component: 'kube-scheduler', resource: 'pods', subresource: 'binding', group: '', name: 'web-64f5c8754f-976vw', etcd: [{ op: 'PUT', key: '/registry/pods/default/web-64f5c8754f-976vw', revision: 307 }] });
    expect(storyRows([bind, watch(8, 10, { component: 'kubelet/worker-1', resource: 'pods', group: '', name: 'web-64f5c8754f-976vw', revision: 307, cause: 7 })], new Map()).flatMap((r) => (r.kind === 'step' ? [] : [rowText(r)]))).toEqual([
      { label: 'POST pods/binding 201', object: 'default/web-64f5c8754f-976vw' },
      { label: 'PUT /registry/pods/default/web-64f5c8754f-976vw rev 307', object: '' },
      { label: 'ADDED pods', object: 'default/web-64f5c8754f-976vw rv 307' },
    ]);
  });
});

describe('the batches feed the conversation and the clock\'s last step', () => {
  it('keeps what a batch brought and names the step just taken', async () => {
    const { applyBatches, useClock } = await import('../../state/stores');
    const last: StepStory = { step: 690, atMs: 1100, owner: 'kube-scheduler', label: 'kube-scheduler: bind default/web-64f5c8754f-976vw to worker-1' };
    const clock = { nowMs: 1100, playing: false, speed: 1 as const, eventsRun: 691, last };
    applyBatches([{ type: 'batch', reset: true, deltas: [], events: [], clock, conversation: { entries: [req(812, 690, { component: 'kube-scheduler' })], steps: [last], dropped: 0 } }]);
    expect(useConversation.getState().entries.map((e) => e.seq)).toEqual([812]);
    expect(useClock.getState().last?.label).toBe('kube-scheduler: bind default/web-64f5c8754f-976vw to worker-1');
    // A step that only changes the last story still reaches the page.
    const next: StepStory = { ...last, step: 691, label: 'watch: MODIFIED pods/default/web-64f5c8754f-976vw → kube-scheduler' };
    applyBatches([{ type: 'batch', reset: false, deltas: [], events: [], clock: { ...clock, last: next } }]);
    expect(useClock.getState().last?.label).toBe('watch: MODIFIED pods/default/web-64f5c8754f-976vw → kube-scheduler');
  });
});
