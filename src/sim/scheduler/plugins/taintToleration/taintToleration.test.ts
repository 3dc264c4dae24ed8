import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../testing/wrappers';
import { runFilter, runScore } from '../../testing/harness';
import { newTaintToleration } from './taintToleration';

describe('TaintToleration Filter', () => {
  const U = 'UnschedulableAndUnresolvable';
  const cases = [
    { name: 'a pod with no tolerations cannot land on a node with a NoSchedule taint', pod: makePod('p'), node: makeNode('n').taint('dedicated', 'NoSchedule', 'user1'), want: { code: U, reasons: ['node(s) had untolerated taint {dedicated: user1}'] } },
    { name: 'a pod tolerating dedicated=user1:NoSchedule lands on the dedicated node', pod: makePod('p').toleration('dedicated', 'NoSchedule', 'user1'), node: makeNode('n').taint('dedicated', 'NoSchedule', 'user1'), want: null },
    { name: 'a toleration with a different value does not tolerate the taint', pod: makePod('p').toleration('dedicated', 'NoSchedule', 'user2'), node: makeNode('n').taint('dedicated', 'NoSchedule', 'user1'), want: { code: U, reasons: ['node(s) had untolerated taint {dedicated: user1}'] } },
    { name: 'an Exists toleration tolerates any value of its key', pod: makePod('p').toleration('foo', 'NoSchedule'), node: makeNode('n').taint('foo', 'NoSchedule', 'bar'), want: null },
    { name: 'all of several taints are tolerated by several tolerations', pod: makePod('p').toleration('dedicated', 'NoSchedule', 'user2').toleration('foo', 'NoSchedule'), node: makeNode('n').taint('dedicated', 'NoSchedule', 'user2').taint('foo', 'NoSchedule', 'bar'), want: null },
    { name: 'a toleration whose non-empty effect differs from the taint effect does not tolerate it', pod: makePod('p').toleration('foo', 'PreferNoSchedule', 'bar'), node: makeNode('n').taint('foo', 'NoSchedule', 'bar'), want: { code: U, reasons: ['node(s) had untolerated taint {foo: bar}'] } },
    { name: 'a toleration with an empty effect tolerates a NoSchedule taint with the same key and value', pod: makePod('p').toleration('foo', undefined, 'bar'), node: makeNode('n').taint('foo', 'NoSchedule', 'bar'), want: null },
    { name: 'a PreferNoSchedule taint never blocks a pod', pod: makePod('p'), node: makeNode('n').taint('dedicated', 'PreferNoSchedule', 'user1'), want: null },
    { name: 'only the first untolerated taint is reported, with an empty value shown as nothing', pod: makePod('p'), node: makeNode('n').taint('node-role.kubernetes.io/control-plane', 'NoSchedule').taint('other', 'NoExecute', 'x'), want: { code: U, reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] } },
    { name: 'a NoExecute taint blocks scheduling too', pod: makePod('p'), node: makeNode('n').taint('node.kubernetes.io/not-ready', 'NoExecute'), want: { code: U, reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(runFilter(newTaintToleration(), c.pod.obj(), c.node.obj())).toEqual(c.want);
    });
  }
});

describe('TaintToleration Score', () => {
  it('a node whose PreferNoSchedule taints are tolerated scores higher than one with an intolerable taint', () => {
    const pod = makePod('p').toleration('foo', 'PreferNoSchedule', 'bar').obj();
    const r = runScore(newTaintToleration(), pod, [makeNode('n1').taint('foo', 'PreferNoSchedule', 'bar').obj(), makeNode('n2').taint('foo', 'PreferNoSchedule', 'blah').obj()]);
    expect(r.raw).toEqual({ n1: 0, n2: 1 });
    expect(r.normalized).toEqual({ n1: 100, n2: 0 });
  });
  it('nodes whose taints are all tolerated score the same, however many taints they carry', () => {
    const pod = makePod('p').toleration('cpu-type', 'PreferNoSchedule', 'arm64').toleration('disk-type', 'PreferNoSchedule', 'ssd').obj();
    const r = runScore(newTaintToleration(), pod, [
      makeNode('n1').obj(),
      makeNode('n2').taint('cpu-type', 'PreferNoSchedule', 'arm64').obj(),
      makeNode('n3').taint('cpu-type', 'PreferNoSchedule', 'arm64').taint('disk-type', 'PreferNoSchedule', 'ssd').obj(),
    ]);
    expect(r.normalized).toEqual({ n1: 100, n2: 100, n3: 100 });
  });
  it('the more intolerable taints a node has, the lower it scores', () => {
    const pod = makePod('p').toleration('foo', 'PreferNoSchedule', 'bar').obj();
    const r = runScore(newTaintToleration(), pod, [
      makeNode('n1').obj(),
      makeNode('n2').taint('cpu-type', 'PreferNoSchedule', 'arm64').obj(),
      makeNode('n3').taint('cpu-type', 'PreferNoSchedule', 'arm64').taint('gpu-type', 'PreferNoSchedule', 'nvidia').obj(),
    ]);
    expect(r.normalized).toEqual({ n1: 100, n2: 50, n3: 0 });
  });
  it('only PreferNoSchedule taints and tolerations count for the score', () => {
    const pod = makePod('p').toleration('cpu-type', 'NoSchedule', 'arm64').obj();
    const r = runScore(newTaintToleration(), pod, [
      makeNode('n1').obj(),
      makeNode('n2').taint('cpu-type', 'NoSchedule', 'arm64').obj(),
      makeNode('n3').taint('cpu-type', 'PreferNoSchedule', 'arm64').obj(),
    ]);
    expect(r.normalized).toEqual({ n1: 100, n2: 100, n3: 0 });
  });
});
