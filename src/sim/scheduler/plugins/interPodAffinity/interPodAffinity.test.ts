import { describe, expect, it } from 'vitest';
import type { KObject, Node, Pod } from '../../../types';
import { StaticSnapshot } from '../../framework/snapshot';
import { makeNode, makePod } from '../../testing/wrappers';
import { pluginHandle, runFilterAll, runScoreOn } from '../../testing/harness';
import {
  ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch, newInterPodAffinity,
} from './interPodAffinity';

const AFF = { code: 'UnschedulableAndUnresolvable', reasons: [ErrReasonAffinityRulesNotMatch] };
const ANTI = { code: 'Unschedulable', reasons: [ErrReasonAntiAffinityRulesNotMatch] };
const EXISTING = { code: 'Unschedulable', reasons: [ErrReasonExistingAntiAffinityRulesNotMatch] };

function filter(pod: Pod, nodes: Node[], existing: Pod[], objects: KObject[] = []) {
  const snap = new StaticSnapshot(nodes, existing);
  return runFilterAll(newInterPodAffinity(undefined, pluginHandle(snap, objects)), pod, snap);
}

const ns = (name: string, labels: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('InterPodAffinity Filter', () => {
  const node1 = () => makeNode('node1').label('region', 'r1').label('zone', 'z11').obj();
  const node2 = () => makeNode('node2').label('region', 'r1').label('zone', 'z12').obj();
  const node3 = () => makeNode('node3').label('region', 'r2').obj();

  it('a pod without pod affinity fits a node without pods', () => {
    expect(filter(makePod('p').obj(), [node1()], [])).toEqual({ node1: null });
  });
  it('required affinity is satisfied by a matching pod anywhere in the same region', () => {
    const existing = [makePod('e').label('service', 'securityscan').node('node1').obj()];
    const pod = makePod('p').podAffinity('affinity', 'region', { service: 'securityscan' }).obj();
    expect(filter(pod, [node1(), node2(), node3()], existing)).toEqual({ node1: null, node2: null, node3: AFF });
  });
  it('a matching pod in another namespace does not satisfy a term without namespaces', () => {
    const existing = [makePod('e', 'ns1').label('service', 'securityscan').node('node1').obj()];
    const pod = makePod('p').podAffinity('affinity', 'region', { service: 'securityscan' }).label('x', 'y').obj();
    expect(filter(pod, [node1()], existing)).toEqual({ node1: AFF });
  });
  it('a namespaceSelector widens the term to the namespaces whose labels it matches', () => {
    const existing = [makePod('e', 'subteam').label('service', 'securityscan').node('node1').obj()];
    const pod = makePod('p').podAffinity('affinity', 'region', { service: 'securityscan' }, { namespaceSelector: { matchLabels: { team: 'team1' } } }).obj();
    expect(filter(pod, [node1()], existing, [ns('subteam', { team: 'team1' }), ns('default', {})])).toEqual({ node1: null });
  });
  it('a node without the topology key never satisfies required affinity', () => {
    const existing = [makePod('e').label('service', 'securityscan').node('node1').obj()];
    const pod = makePod('p').podAffinity('affinity', 'zone', { service: 'securityscan' }).obj();
    expect(filter(pod, [node1(), node3()], existing)).toEqual({ node1: null, node3: AFF });
  });
  it('the first pod of a group that selects itself is admitted when nothing matches yet', () => {
    const pod = makePod('p').label('app', 'db').podAffinity('affinity', 'region', { app: 'db' }).obj();
    expect(filter(pod, [node1(), node3()], [])).toEqual({ node1: null, node3: null });
  });
  it('but not when it does not match its own term', () => {
    const pod = makePod('p').label('app', 'web').podAffinity('affinity', 'region', { app: 'db' }).obj();
    expect(filter(pod, [node1()], [])).toEqual({ node1: AFF });
  });
  it('required anti-affinity keeps the pod out of a hostname that has a matching pod', () => {
    const existing = [makePod('e').label('app', 'web').node('node1').obj()];
    const pod = makePod('p').podAffinity('anti', 'kubernetes.io/hostname', { app: 'web' }).obj();
    expect(filter(pod, [node1(), node2()], existing)).toEqual({ node1: ANTI, node2: null });
  });
  it('an existing pod’s anti-affinity keeps the incoming pod out of its whole region', () => {
    const existing = [makePod('e').podAffinity('anti', 'region', { app: 'web' }).node('node1').obj()];
    const pod = makePod('p').label('app', 'web').obj();
    expect(filter(pod, [node1(), node2(), node3()], existing)).toEqual({ node1: EXISTING, node2: EXISTING, node3: null });
  });
});

describe('InterPodAffinity Score', () => {
  const nodes = () => [
    makeNode('machine1').label('region', 'China').obj(),
    makeNode('machine2').label('region', 'India').obj(),
    makeNode('machine3').label('region', 'China').obj(),
  ];
  const score = (pod: Pod, existing: Pod[], args?: unknown) => {
    const snap = new StaticSnapshot(nodes(), existing);
    return runScoreOn(newInterPodAffinity(args, pluginHandle(snap)), pod, snap);
  };
  it('with no affinity anywhere the plugin skips and every node scores 0', () => {
    const r = score(makePod('p').obj(), [makePod('e').node('machine1').obj()]);
    expect(r.skipped).toBe(true);
  });
  it('preferred affinity favours every node in the region of a matching pod', () => {
    const pod = makePod('p').preferredPodAffinity('affinity', 5, 'region', { security: 'S1' }).obj();
    const r = score(pod, [makePod('e').label('security', 'S1').node('machine1').obj()]);
    expect(r.raw).toEqual({ machine1: 5, machine2: 0, machine3: 5 });
    expect(r.normalized).toEqual({ machine1: 100, machine2: 0, machine3: 100 });
  });
  it('preferred anti-affinity pushes away from the region of a matching pod', () => {
    const pod = makePod('p').preferredPodAffinity('anti', 5, 'region', { security: 'S1' }).obj();
    const r = score(pod, [makePod('e').label('security', 'S1').node('machine1').obj()]);
    expect(r.raw).toEqual({ machine1: -5, machine2: 0, machine3: -5 });
    expect(r.normalized).toEqual({ machine1: 0, machine2: 100, machine3: 0 });
  });
  it('an existing pod’s required affinity to the incoming pod counts hardPodAffinityWeight', () => {
    const existing = [makePod('e').podAffinity('affinity', 'region', { app: 'web' }).node('machine2').obj()];
    const pod = makePod('p').label('app', 'web').obj();
    expect(score(pod, existing).raw).toEqual({ machine1: 0, machine2: 1, machine3: 0 });
    expect(score(pod, existing, { hardPodAffinityWeight: 10 }).normalized).toEqual({ machine1: 0, machine2: 100, machine3: 0 });
    expect(score(pod, existing, { hardPodAffinityWeight: 0 }).skipped).toBe(true);
  });
});
