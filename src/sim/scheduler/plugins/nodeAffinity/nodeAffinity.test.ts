import { describe, expect, it } from 'vitest';
import { CycleState } from '../../framework/cycleState';
import { runFilter, runScore } from '../../testing/harness';
import { makeNode, makePod } from '../../testing/wrappers';
import { newNodeAffinity } from './nodeAffinity';

const NO_MATCH = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };

describe('NodeAffinity Filter', () => {
  const cases = [
    { name: 'a pod with no selector fits any node', pod: makePod('p'), node: makeNode('n'), want: null },
    { name: 'a nodeSelector label the node lacks rejects the node', pod: makePod('p').nodeSelector({ foo: 'bar' }), node: makeNode('n'), want: NO_MATCH },
    { name: 'a nodeSelector the node matches fits', pod: makePod('p').nodeSelector({ foo: 'bar' }), node: makeNode('n').label('foo', 'bar'), want: null },
    { name: 'every nodeSelector label must match', pod: makePod('p').nodeSelector({ foo: 'bar', baz: 'blah' }), node: makeNode('n').label('foo', 'bar'), want: NO_MATCH },
    { name: 'In matches a listed value', pod: makePod('p').nodeAffinityIn('foo', ['bar', 'value2']), node: makeNode('n').label('foo', 'bar'), want: null },
    { name: 'Gt compares the label as an integer', pod: makePod('p').nodeAffinityIn('kernel-version', ['0204'], 'Gt'), node: makeNode('n').label('kernel-version', '0206'), want: null },
    { name: 'Lt fails when the label is larger', pod: makePod('p').nodeAffinityIn('mem-type', ['10'], 'Lt'), node: makeNode('n').label('mem-type', '11'), want: NO_MATCH },
    { name: 'Gt on a label that is not a number does not match', pod: makePod('p').nodeAffinityIn('v', ['1'], 'Gt'), node: makeNode('n').label('v', 'x'), want: NO_MATCH },
    { name: 'NotIn matches a node without the label', pod: makePod('p').nodeAffinityIn('foo', ['bar'], 'NotIn'), node: makeNode('n'), want: null },
    { name: 'NotIn rejects a node with a listed value', pod: makePod('p').nodeAffinityIn('foo', ['bar'], 'NotIn'), node: makeNode('n').label('foo', 'bar'), want: NO_MATCH },
    { name: 'Exists needs the key', pod: makePod('p').requiredTerm([{ key: 'foo', operator: 'Exists' }]), node: makeNode('n').label('foo', 'x'), want: null },
    { name: 'DoesNotExist rejects a node with the key', pod: makePod('p').requiredTerm([{ key: 'foo', operator: 'DoesNotExist' }]), node: makeNode('n').label('foo', 'x'), want: NO_MATCH },
    { name: 'an empty term matches no node', pod: makePod('p').requiredTerm([]), node: makeNode('n'), want: NO_MATCH },
    { name: 'terms are ORed: the second term matching is enough', pod: makePod('p').nodeAffinityIn('foo', ['x']).nodeAffinityIn('diff', ['bar']), node: makeNode('n').label('diff', 'bar'), want: null },
    { name: 'nodeSelector and affinity must both match', pod: makePod('p').nodeSelector({ foo: 'bar' }).nodeAffinityIn('foo', ['bar']), node: makeNode('n').label('foo', 'bar'), want: null },
    { name: 'matchFields metadata.name In pins the node', pod: makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['n'] }]), node: makeNode('n'), want: null },
    { name: 'matchFields metadata.name In rejects other nodes', pod: makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['other'] }]), node: makeNode('n'), want: NO_MATCH },
  ];
  for (const c of cases) it(c.name, () => expect(runFilter(newNodeAffinity(), c.pod.obj(), c.node.obj())).toEqual(c.want));

  it('PreFilter skips a pod without node constraints', () => {
    const { status } = newNodeAffinity().preFilter(new CycleState(), makePod('p').obj());
    expect(status?.code).toBe('Skip');
  });
  it('PreFilter narrows to the node names every term pins', () => {
    const pod = makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['a'] }]).requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['b'] }]).obj();
    const { result, status } = newNodeAffinity().preFilter(new CycleState(), pod);
    expect(status).toBeNull();
    expect([...result!.nodeNames].sort()).toEqual(['a', 'b']);
  });
  it('PreFilter does not narrow when one term does not pin names', () => {
    const pod = makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['a'] }]).nodeAffinityIn('foo', ['bar']).obj();
    expect(newNodeAffinity().preFilter(new CycleState(), pod).result).toBeNull();
  });
  it('PreFilter reports a conflict when a term pins disjoint names', () => {
    const pod = makePod('p').requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['a'] }, { key: 'metadata.name', operator: 'In', values: ['b'] }]).obj();
    const { status } = newNodeAffinity().preFilter(new CycleState(), pod);
    expect(status?.code).toBe('UnschedulableAndUnresolvable');
    expect(status?.reasons).toEqual(['pod affinity terms conflict']);
  });
});

describe('NodeAffinity Score', () => {
  const pod = makePod('p').preferred([
    { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
    { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
    { weight: 5, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }, { key: 'key', operator: 'In', values: ['value'] }, { key: 'az', operator: 'In', values: ['az1'] }] } },
  ]).obj();
  it('nodes matching different preferred terms get the matched weights, scaled so the best is 100', () => {
    const r = runScore(newNodeAffinity(), pod, [
      makeNode('n1').label('foo', 'bar').obj(),
      makeNode('n2').label('foo', 'bar').label('key', 'value').label('az', 'az1').obj(),
      makeNode('n5').label('key', 'value').obj(),
    ]);
    expect(r.raw).toEqual({ n1: 2, n2: 11, n5: 4 });
    expect(r.normalized).toEqual({ n1: 18, n2: 100, n5: 36 });
  });
  it('no node matching any preferred term gives all 0', () => {
    const r = runScore(newNodeAffinity(), pod, [makeNode('a').obj(), makeNode('b').obj()]);
    expect(r.normalized).toEqual({ a: 0, b: 0 });
  });
});
