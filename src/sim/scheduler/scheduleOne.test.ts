import { describe, expect, it } from 'vitest';
import { Stream } from '../rng';
import type { Node, Pod } from '../types';
import { CycleState } from './framework/cycleState';
import { FitError } from './framework/fitError';
import { StaticSnapshot } from './framework/snapshot';
import { newCycleTrace } from './framework/trace';
import { SchedulingAlgorithm, SchedulingError, numFeasibleNodesToFind, type ScheduleResult } from './scheduleOne';
import { defaultFramework, recordingClient } from './testing/harness';
import { makeNode, makePod } from './testing/wrappers';
import type { KObject } from '../types';
import { Nominator } from './queue/schedulingQueue';
import { PodInfo } from './framework/nodeInfo';
import { filterPodsWithPDBViolation } from './plugins/defaultPreemption/defaultPreemption';

/** One cycle plus PostFilter, as the scheduler runs it; returns the host or the full FitError text. */
function cycle(nodes: Node[], existing: Pod[], pod: Pod, opts: { seed?: number; client?: ReturnType<typeof recordingClient>; objects?: KObject[]; nominator?: Nominator } = {}) {
  const snap = new StaticSnapshot(nodes, existing);
  const client = opts.client ?? recordingClient();
  const fwk = defaultFramework(snap, { client, seed: opts.seed, objects: opts.objects, nominator: opts.nominator });
  const alg = new SchedulingAlgorithm(new Stream(opts.seed ?? 1, 'scheduler'));
  const state = new CycleState();
  const res = alg.schedulePod(fwk, state, pod, snap);
  if (res instanceof FitError) {
    const { result, status } = fwk.runPostFilterPlugins(state, pod, res.diagnosis.nodeToStatus);
    res.diagnosis.postFilterMsg = status.message();
    return { message: res.error(), nominated: result?.nominatedNodeName, client };
  }
  if (res instanceof SchedulingError) return { error: res.status.message(), client };
  return { host: (res as ScheduleResult).suggestedHost, client };
}

describe('numFeasibleNodesToFind', () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 10, 10],
    [undefined, 99, 99],
    [undefined, 100, 100],
    [undefined, 500, 230],
    [undefined, 1000, 420],
    [undefined, 5000, 500],
    [undefined, 6000, 300],
    [undefined, 10000, 500],
    [30, 1000, 300],
    [10, 500, 100],
    [100, 5000, 5000],
  ];
  for (const [pct, n, want] of cases) {
    it(`${n} nodes with percentage ${pct ?? 'adaptive'} → ${want}`, () => expect(numFeasibleNodesToFind(pct, n)).toBe(want));
  }
});

describe('FitError messages', () => {
  const cp = () => makeNode('cp').capacity({ cpu: '4', memory: '8Gi', pods: '110' }).taint('node-role.kubernetes.io/control-plane', 'NoSchedule');
  const small = (n: string) => makeNode(n).capacity({ cpu: '1', memory: '8Gi', pods: '110' });

  it('mixed reasons with DefaultPreemption finding nothing to evict', () => {
    const r = cycle([cp().obj(), small('w1').obj(), small('w2').obj(), small('w3').obj()], [], makePod('big').req({ cpu: '2' }).obj());
    expect(r.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
    );
  });

  it('the histogram is sorted as strings, so 10 comes before 2', () => {
    const nodes = [...Array.from({ length: 10 }, (_, i) => small('w' + i).obj()), makeNode('c1').unschedulable().obj(), makeNode('c2').unschedulable().obj()];
    const r = cycle(nodes, [], makePod('big').req({ cpu: '2' }).obj());
    expect(r.message).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable. ' +
        'preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    );
  });

  it('a node with several shortfalls counts each reason', () => {
    const r = cycle([makeNode('a').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj()], [], makePod('p').req({ cpu: '2', memory: '2Gi' }).obj());
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..');
  });

  it('lower-priority pods that would not make room leave the filter reason in the preemption message', () => {
    const existing = [makePod('low').priority(0).req({ cpu: '100m' }).node('a').obj()];
    const r = cycle([makeNode('a').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj()], existing, makePod('p').priority(10).req({ cpu: '2' }).obj());
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..');
  });

  it('a pod with preemptionPolicy Never says it is not eligible', () => {
    const r = cycle([small('a').obj()], [], makePod('p').req({ cpu: '2' }).preemptionPolicy('Never').obj());
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
  });

  it('a PreFilter rejection is the whole message', () => {
    const pod = makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['a'] }, { key: 'metadata.name', operator: 'In', values: ['b'] }]).obj();
    const r = cycle([small('a').obj(), small('b').obj()], [], pod);
    expect(r.message).toBe('0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..');
  });

  it('no nodes at all is an error, not a FitError', () => {
    expect(cycle([], [], makePod('p').obj()).error).toBe('no nodes available to schedule pods');
  });
});

describe('preemption', () => {
  it('evicts the lower-priority pod that makes room and nominates its node', () => {
    const existing = [makePod('low').priority(0).req({ cpu: '800m' }).node('a').obj(), makePod('high').priority(100).req({ cpu: '800m' }).node('b').obj()];
    const nodes = [makeNode('a').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj(), makeNode('b').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj()];
    const r = cycle(nodes, existing, makePod('p').priority(50).req({ cpu: '500m' }).obj());
    // PostFilter succeeded: its message is empty, so the FitError has no preemption part.
    expect(r.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(r.nominated).toBe('a');
    expect(r.client.calls.map((c) => `${c.verb} ${c.resource}/${c.subresource ?? ''} ${c.name}`)).toEqual(['patch pods/status low', 'delete pods/ low']);
  });

  it('keeps the victims that can stay (reprieve, most important first)', () => {
    const existing = [
      makePod('v1').priority(1).req({ cpu: '300m' }).node('a').obj(),
      makePod('v2').priority(2).req({ cpu: '300m' }).node('a').obj(),
      makePod('v3').priority(3).req({ cpu: '300m' }).node('a').obj(),
    ];
    const r = cycle([makeNode('a').capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj()], existing, makePod('p').priority(10).req({ cpu: '500m' }).obj());
    expect(r.nominated).toBe('a');
    // Removing v1 and v2 frees 600m of the 900m used: only the two least important go.
    expect(r.client.calls.filter((c) => c.verb === 'delete').map((c) => c.name)).toEqual(['v2', 'v1']);
  });
});

describe('choosing a node', () => {
  const equal = (n: number) => Array.from({ length: n }, (_, i) => makeNode('n' + i).obj());

  it('a single feasible node is chosen without scoring', () => {
    const snap = new StaticSnapshot([makeNode('a').obj(), makeNode('b').unschedulable().obj()]);
    const fwk = defaultFramework(snap);
    const trace = newCycleTrace(1, 0, 'default-scheduler', { namespace: 'default', name: 'p', uid: 'u', priority: 0 }, 1);
    const res = new SchedulingAlgorithm(new Stream(1, 's')).schedulePod(fwk, new CycleState(), makePod('p').obj(), snap, trace);
    expect((res as ScheduleResult).suggestedHost).toBe('a');
    expect(trace.shortcut).toBe('one-feasible-node');
    expect(trace.scores).toEqual([]);
  });

  it('the best total wins', () => {
    const nodes = [makeNode('busy').obj(), makeNode('idle').obj()];
    const existing = [makePod('e').req({ cpu: '3', memory: '6Gi' }).node('busy').obj()];
    expect(cycle(nodes, existing, makePod('p').req({ cpu: '100m' }).obj()).host).toBe('idle');
  });

  it('ties are broken by the seeded stream: same seed, same choices; and every tied node can win', () => {
    const run = (seed: number) => {
      const snap = new StaticSnapshot(equal(4));
      const fwk = defaultFramework(snap);
      const alg = new SchedulingAlgorithm(new Stream(seed, 'scheduler'));
      const out: string[] = [];
      for (let i = 0; i < 40; i++) out.push((alg.schedulePod(fwk, new CycleState(), makePod('p' + i).obj(), snap) as ScheduleResult).suggestedHost);
      return out;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(new Set(a)).toEqual(new Set(['n0', 'n1', 'n2', 'n3']));
    expect(run(8)).not.toEqual(a);
  });

  it('the trace shows per-plugin raw, normalized and weighted scores and the ties', () => {
    const snap = new StaticSnapshot(equal(3));
    const fwk = defaultFramework(snap);
    const trace = newCycleTrace(1, 0, 'default-scheduler', { namespace: 'default', name: 'p', uid: 'u', priority: 0 }, 1);
    new SchedulingAlgorithm(new Stream(1, 's')).schedulePod(fwk, new CycleState(), makePod('p').req({ cpu: '1', memory: '2Gi' }).obj(), snap, trace);
    expect(trace.scorePlugins).toEqual([
      { name: 'TaintToleration', weight: 3 },
      { name: 'NodeResourcesFit', weight: 1 },
      { name: 'NodeResourcesBalancedAllocation', weight: 1 },
      { name: 'ImageLocality', weight: 1 },
    ]);
    // NodeAffinity, VolumeBinding, PodTopologySpread and InterPodAffinity skipped at PreScore (nothing
    // to score); cpu 75, memory 75 → 75; balanced: 100; no images on the nodes: 0.
    expect(trace.scores[0]).toEqual({ node: 'n0', raw: [0, 75, 100, 0], normalized: [100, 75, 100, 0], weighted: [300, 75, 100, 0], total: 475 });
    expect(trace.ties).toBe(3);
    expect(trace.top.map((t) => t.total)).toEqual([475, 475, 475]);
    expect(trace.filter).toHaveLength(3);
    expect(trace.filter[0]!.plugins.map((p) => `${p.plugin}:${p.code}`)).toEqual([
      'NodeUnschedulable:Success', 'NodeName:Success', 'TaintToleration:Success', 'NodeAffinity:Skip', 'NodePorts:Skip', 'NodeResourcesFit:Success',
      'VolumeRestrictions:Skip', 'EBSLimits:Skip', 'GCEPDLimits:Skip', 'NodeVolumeLimits:Skip', 'AzureDiskLimits:Skip', 'VolumeBinding:Skip', 'VolumeZone:Skip', 'PodTopologySpread:Skip', 'InterPodAffinity:Skip',
    ]);
    expect(trace.preFilter.map((p) => `${p.plugin}:${p.code}`)).toEqual([
      'NodeAffinity:Skip', 'NodePorts:Skip', 'NodeResourcesFit:Success', 'VolumeRestrictions:Skip', 'EBSLimits:Skip', 'GCEPDLimits:Skip', 'NodeVolumeLimits:Skip', 'AzureDiskLimits:Skip', 'VolumeBinding:Skip', 'VolumeZone:Skip', 'PodTopologySpread:Skip', 'InterPodAffinity:Skip',
    ]);
  });

  it('filtering resumes where the last cycle stopped', () => {
    const snap = new StaticSnapshot(equal(200));
    const fwk = defaultFramework(snap);
    const alg = new SchedulingAlgorithm(new Stream(1, 's'));
    // 200 nodes: 50 - 1 = 49% → 98, raised to the floor of 100.
    alg.schedulePod(fwk, new CycleState(), makePod('a').obj(), snap);
    expect(alg.nextStartNodeIndex).toBe(100);
    alg.schedulePod(fwk, new CycleState(), makePod('b').obj(), snap);
    expect(alg.nextStartNodeIndex).toBe(0);
  });

  it('nodes are walked zone by zone, round-robin', () => {
    const nodes = ['a1', 'a2', 'b1', 'b2', 'c1'].map((n) => makeNode(n).label('topology.kubernetes.io/zone', n[0]!).obj());
    expect(new StaticSnapshot(nodes).nodeInfoList.map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2']);
  });
});

describe('preemption with PodDisruptionBudgets', () => {
  const pdb = (name: string, app: string, allowed: number): KObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app } } }, status: { disruptionsAllowed: allowed } } as KObject);
  const node = (n: string) => makeNode(n).capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj();

  it('prefers the node whose victims violate no PDB, even if their priority is higher', () => {
    const existing = [
      makePod('guarded').label('app', 'db').priority(1).req({ cpu: '800m' }).node('a').obj(),
      makePod('free').label('app', 'batch').priority(5).req({ cpu: '800m' }).node('b').obj(),
    ];
    const r = cycle([node('a'), node('b')], existing, makePod('p').priority(10).req({ cpu: '500m' }).obj(), { objects: [pdb('db-pdb', 'db', 0)] });
    expect(r.nominated).toBe('b');
    expect(r.client.calls.filter((c) => c.verb === 'delete').map((c) => c.name)).toEqual(['free']);
  });

  it('evicts a guarded pod when nothing else makes room (the PDB is respected as far as possible)', () => {
    const existing = [makePod('guarded').label('app', 'db').priority(1).req({ cpu: '800m' }).node('a').obj()];
    const r = cycle([node('a')], existing, makePod('p').priority(10).req({ cpu: '500m' }).obj(), { objects: [pdb('db-pdb', 'db', 0)] });
    expect(r.nominated).toBe('a');
    expect(r.client.calls.filter((c) => c.verb === 'delete').map((c) => c.name)).toEqual(['guarded']);
  });

  it('reprieves PDB-protected pods first: the unprotected one goes even though it matters more', () => {
    const existing = [
      makePod('guarded').label('app', 'db').priority(1).req({ cpu: '400m' }).node('a').obj(),
      makePod('plain').label('app', 'batch').priority(2).req({ cpu: '400m' }).node('a').obj(),
    ];
    const r = cycle([node('a')], existing, makePod('p').priority(10).req({ cpu: '500m' }).obj(), { objects: [pdb('db-pdb', 'db', 0)] });
    expect(r.client.calls.filter((c) => c.verb === 'delete').map((c) => c.name)).toEqual(['plain']);
  });

  it('filterPodsWithPDBViolation spends disruptionsAllowed in importance order and skips pods already disrupted', () => {
    const pods = ['a', 'b', 'c'].map((n) => new PodInfo(makePod(n).label('app', 'db').obj()));
    const budget = { metadata: { namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 1, disruptedPods: { c: '2024-09-02T10:00:00Z' } } };
    const { violating, nonViolating } = filterPodsWithPDBViolation(pods, [budget]);
    expect(nonViolating.map((p) => p.pod.metadata!.name)).toEqual(['a', 'c']);
    expect(violating.map((p) => p.pod.metadata!.name)).toEqual(['b']);
  });
});

describe('nominated pods', () => {
  const node = (n: string) => makeNode(n).capacity({ cpu: '1', memory: '1Gi', pods: '110' }).obj();

  it('a pod nominated to a node holds its room against pods of lower or equal priority', () => {
    const nom = new Nominator();
    nom.add(new PodInfo(makePod('preemptor').priority(100).req({ cpu: '800m' }).obj()), 'a');
    const r = cycle([node('a')], [], makePod('low').priority(0).req({ cpu: '500m' }).preemptionPolicy('Never').obj(), { nominator: nom });
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
  });

  it('a pod of higher priority ignores the nomination', () => {
    const nom = new Nominator();
    nom.add(new PodInfo(makePod('preemptor').priority(100).req({ cpu: '800m' }).obj()), 'a');
    expect(cycle([node('a')], [], makePod('vip').priority(1000).req({ cpu: '500m' }).obj(), { nominator: nom }).host).toBe('a');
  });

  it('the nominated node is tried first and wins without scoring when it fits', () => {
    const snap = new StaticSnapshot([node('a'), node('b'), node('c')]);
    const fwk = defaultFramework(snap);
    const pod = makePod('p').req({ cpu: '100m' }).obj();
    pod.status = { nominatedNodeName: 'c' };
    const trace = newCycleTrace(1, 0, 'default-scheduler', { namespace: 'default', name: 'p', uid: 'u', priority: 0 }, 1);
    const res = new SchedulingAlgorithm(new Stream(1, 's')).schedulePod(fwk, new CycleState(), pod, snap, trace);
    expect((res as ScheduleResult).suggestedHost).toBe('c');
    expect(trace.nominatedNode).toBe('c');
    expect(trace.filter.map((f) => f.node)).toEqual(['c']);
  });
});
