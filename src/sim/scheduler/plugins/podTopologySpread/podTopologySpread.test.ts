import { describe, expect, it } from 'vitest';
import type { KObject, Node, Pod } from '../../../types';
import { PodInfo } from '../../framework/nodeInfo';
import { StaticSnapshot } from '../../framework/snapshot';
import { makeNode, makePod } from '../../testing/wrappers';
import { pluginHandle, runFilterAll, runScoreOn } from '../../testing/harness';
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, newPodTopologySpread } from './podTopologySpread';

const SKEW = { code: 'Unschedulable', reasons: [ErrReasonConstraintsNotMatch] };
const LABEL = { code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonNodeLabelNotMatch] };

function filter(pod: Pod, nodes: Node[], existing: Pod[]) {
  const snap = new StaticSnapshot(nodes, existing);
  return runFilterAll(newPodTopologySpread(undefined, pluginHandle(snap)), pod, snap);
}

const zoned = () => [
  makeNode('node-a').zone('zone1').obj(), makeNode('node-b').zone('zone1').obj(),
  makeNode('node-x').zone('zone2').obj(), makeNode('node-y').zone('zone2').obj(),
];
const foo = (name: string, node: string) => makePod(name).label('foo', '').node(node);

describe('PodTopologySpread Filter', () => {
  const spreadPod = () => makePod('p').label('foo', '').spread(1, 'topology.kubernetes.io/zone', 'DoNotSchedule', { foo: '' });

  it('with no matching pods every node fits', () => {
    expect(filter(spreadPod().obj(), zoned(), [])).toEqual({ 'node-a': null, 'node-b': null, 'node-x': null, 'node-y': null });
  });
  it('3 pods in zone1 and 1 in zone2: only zone2 keeps the skew within 1', () => {
    const existing = [foo('p-a1', 'node-a'), foo('p-a2', 'node-a'), foo('p-b1', 'node-b'), foo('p-y1', 'node-y')].map((p) => p.obj());
    expect(filter(spreadPod().obj(), zoned(), existing)).toEqual({ 'node-a': SKEW, 'node-b': SKEW, 'node-x': null, 'node-y': null });
  });
  it('a node without the topology key is unresolvable', () => {
    expect(filter(spreadPod().obj(), [...zoned(), makeNode('bare').obj()], [])['bare']).toEqual(LABEL);
  });
  it('pods being deleted and pods in other namespaces are not counted', () => {
    const existing = [foo('t1', 'node-a').terminating(), foo('t2', 'node-a').terminating(), makePod('o', 'other').label('foo', '').node('node-a')].map((p) => p.obj());
    expect(filter(spreadPod().obj(), zoned(), existing)['node-a']).toBeNull();
  });
  it('minDomains above the number of domains makes the global minimum 0', () => {
    // One pod per zone: skew 1 + 1 − 0 = 2 > 1 everywhere once minDomains is 3.
    const existing = [foo('p1', 'node-a'), foo('p2', 'node-x')].map((p) => p.obj());
    const pod = makePod('p').label('foo', '').spread(1, 'topology.kubernetes.io/zone', 'DoNotSchedule', { foo: '' }, { minDomains: 3 }).obj();
    expect(Object.values(filter(pod, zoned(), existing))).toEqual([SKEW, SKEW, SKEW, SKEW]);
    expect(Object.values(filter(spreadPod().obj(), zoned(), existing))).toEqual([null, null, null, null]);
  });
  it('nodeAffinityPolicy Honor (the default) counts only domains the pod may land in', () => {
    // zone2 is excluded by the nodeSelector, so its empty domain does not pull the minimum down.
    const existing = [foo('p1', 'node-a')].map((p) => p.obj());
    const pod = spreadPod().nodeSelector({ 'topology.kubernetes.io/zone': 'zone1' }).obj();
    expect(filter(pod, zoned(), existing)['node-b']).toBeNull();
    const ignore = makePod('p').label('foo', '').nodeSelector({ 'topology.kubernetes.io/zone': 'zone1' }).spread(1, 'topology.kubernetes.io/zone', 'DoNotSchedule', { foo: '' }, { nodeAffinityPolicy: 'Ignore' }).obj();
    expect(filter(ignore, zoned(), existing)['node-b']).toEqual(SKEW);
  });
  it('nodeTaintsPolicy Honor leaves out domains whose nodes the pod does not tolerate', () => {
    const nodes = [makeNode('node-a').zone('zone1').obj(), makeNode('node-x').zone('zone2').taint('dedicated', 'NoSchedule', 'x').obj()];
    const existing = [foo('p1', 'node-a')].map((p) => p.obj());
    const honor = makePod('p').label('foo', '').spread(1, 'topology.kubernetes.io/zone', 'DoNotSchedule', { foo: '' }, { nodeTaintsPolicy: 'Honor' }).obj();
    expect(filter(honor, nodes, existing)['node-a']).toBeNull();
    expect(filter(spreadPod().obj(), nodes, existing)['node-a']).toEqual(SKEW);
  });
  it('matchLabelKeys narrows the count to pods with the same value of those keys', () => {
    const existing = [makePod('old1').labels({ foo: '', rev: '1' }).node('node-a'), makePod('old2').labels({ foo: '', rev: '1' }).node('node-a')].map((p) => p.obj());
    const pod = makePod('p').labels({ foo: '', rev: '2' }).spread(1, 'topology.kubernetes.io/zone', 'DoNotSchedule', { foo: '' }, { matchLabelKeys: ['rev'] }).obj();
    expect(filter(pod, zoned(), existing)['node-a']).toBeNull();
  });
});

describe('PodTopologySpread Score', () => {
  const rs: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } } as KObject;
  const web = (name: string, node?: string) => { const p = makePod(name).label('app', 'web'); return node ? p.node(node) : p; };

  it('the system default constraints spread the pods a ReplicaSet selects by hostname', () => {
    const nodes = [makeNode('a').obj(), makeNode('b').obj(), makeNode('c').obj()];
    const snap = new StaticSnapshot(nodes, [web('w1', 'a'), web('w2', 'a'), web('w3', 'c')].map((p) => p.obj()));
    const r = runScoreOn(newPodTopologySpread(undefined, pluginHandle(snap, [rs])), web('new').obj(), snap);
    // hostname: count × ln(3 + 2) + (3 − 1): a 5.2 → 5, b 2, c 3.6 → 4; zone labels absent: no zone term.
    expect(r.raw).toEqual({ a: 5, b: 2, c: 4 });
    expect(r.normalized).toEqual({ a: 40, b: 100, c: 60 });
  });
  it('counts follow pods added to and removed from a node between cycles', () => {
    const nodes = [makeNode('a').obj(), makeNode('b').obj(), makeNode('c').obj()];
    const snap = new StaticSnapshot(nodes, [web('w1', 'a'), web('w2', 'a'), web('w3', 'c')].map((p) => p.obj()));
    const pl = newPodTopologySpread(undefined, pluginHandle(snap, [rs]));
    expect(runScoreOn(pl, web('new').obj(), snap).raw).toEqual({ a: 5, b: 2, c: 4 });
    // b gains two web pods and a pod of another app; a loses one; the same plugin scores again.
    const b = snap.get('b')!;
    for (const p of [web('w4', 'b'), web('w5', 'b'), makePod('db').label('app', 'db').node('b')]) b.addPod(new PodInfo(p.obj()));
    const a = snap.get('a')!;
    a.removePod(a.pods[0]!.pod);
    // a 1 → 3.6 → 4, b 2 → 5.2 → 5, c 4.
    expect(runScoreOn(pl, web('new').obj(), snap).raw).toEqual({ a: 4, b: 5, c: 4 });
  });
  it('a pod nothing selects gets no default constraints: Skip', () => {
    const snap = new StaticSnapshot([makeNode('a').obj()]);
    expect(runScoreOn(newPodTopologySpread(undefined, pluginHandle(snap, [rs])), makePod('lone').obj(), snap).skipped).toBe(true);
  });
  it('explicit ScheduleAnyway constraints ignore nodes without the key, which score 0', () => {
    const nodes = [makeNode('a').zone('z1').obj(), makeNode('b').zone('z2').obj(), makeNode('bare').obj()];
    const snap = new StaticSnapshot(nodes, [web('w1', 'a')].map((p) => p.obj()));
    const pod = web('new').spread(1, 'topology.kubernetes.io/zone', 'ScheduleAnyway', { app: 'web' }).obj();
    const r = runScoreOn(newPodTopologySpread(undefined, pluginHandle(snap)), pod, snap);
    // weight ln(2 + 2) = 1.386: a 1.386 → 1, b 0; normalized 100 × (1 + 0 − s) / 1.
    expect(r.normalized).toEqual({ a: 0, b: 100, bare: 0 });
  });
  it('List defaulting with no default constraints spreads nothing', () => {
    const snap = new StaticSnapshot([makeNode('a').obj()]);
    const pl = newPodTopologySpread({ defaultingType: 'List', defaultConstraints: [] }, pluginHandle(snap, [rs]));
    expect(runScoreOn(pl, web('new').obj(), snap).skipped).toBe(true);
  });
});
