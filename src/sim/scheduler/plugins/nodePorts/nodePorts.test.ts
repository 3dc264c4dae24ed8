import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../testing/wrappers';
import { runFilter } from '../../testing/harness';
import { ErrReason, newNodePorts } from './nodePorts';

describe('NodePorts Filter', () => {
  const U = { code: 'Unschedulable', reasons: [ErrReason] };
  const cases = [
    { name: 'a pod without host ports is not checked', pod: makePod('p'), existing: [makePod('e').hostPortOn(8080)], want: null },
    { name: 'a different port on the same protocol fits', pod: makePod('p').hostPortOn(8080), existing: [makePod('e').hostPortOn(9090)], want: null },
    { name: 'the same port and protocol on the wildcard address conflicts', pod: makePod('p').hostPortOn(8080), existing: [makePod('e').hostPortOn(8080)], want: U },
    { name: 'the same port with another protocol fits', pod: makePod('p').hostPortOn(8080, 'UDP'), existing: [makePod('e').hostPortOn(8080, 'TCP')], want: null },
    { name: 'two specific addresses with the same port fit', pod: makePod('p').hostPortOn(8080, 'TCP', '127.0.0.1'), existing: [makePod('e').hostPortOn(8080, 'TCP', '127.0.0.2')], want: null },
    { name: 'a specific address conflicts with the wildcard one already taken', pod: makePod('p').hostPortOn(8080, 'TCP', '127.0.0.1'), existing: [makePod('e').hostPortOn(8080, 'TCP')], want: U },
    { name: 'the wildcard address conflicts with any specific address taken', pod: makePod('p').hostPortOn(8001, 'UDP'), existing: [makePod('e').hostPortOn(8001, 'UDP', '127.0.0.1')], want: U },
  ];
  for (const c of cases) it(c.name, () => expect(runFilter(newNodePorts(), c.pod.obj(), makeNode('n').obj(), c.existing.map((e) => e.obj()))).toEqual(c.want));
});
