import { describe, expect, it } from 'vitest';
import { runFilter } from '../../testing/harness';
import { makeNode, makePod } from '../../testing/wrappers';
import { newNodeName } from './nodeName';

describe('NodeName Filter', () => {
  const cases = [
    { name: 'a pod that names no node fits any node', pod: makePod('p'), node: makeNode('foo'), want: null },
    { name: 'a pod naming this node fits it', pod: makePod('p').node('foo'), node: makeNode('foo'), want: null },
    { name: 'a pod naming another node does not fit, unresolvably', pod: makePod('p').node('bar'), node: makeNode('foo'), want: { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] } },
  ];
  for (const c of cases) it(c.name, () => expect(runFilter(newNodeName(), c.pod.obj(), c.node.obj())).toEqual(c.want));
});
