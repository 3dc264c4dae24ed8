import { describe, expect, it } from 'vitest';
import { runFilter } from '../../testing/harness';
import { makeNode, makePod } from '../../testing/wrappers';
import { newNodeUnschedulable } from './nodeUnschedulable';

describe('NodeUnschedulable Filter', () => {
  const cases = [
    { name: 'a cordoned node turns the pod away as unresolvable', pod: makePod('p'), node: makeNode('n').unschedulable(), want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] } },
    { name: 'a schedulable node takes the pod', pod: makePod('p'), node: makeNode('n'), want: null },
    { name: 'a pod tolerating node.kubernetes.io/unschedulable:NoSchedule lands on a cordoned node', pod: makePod('p').toleration('node.kubernetes.io/unschedulable', 'NoSchedule'), node: makeNode('n').unschedulable(), want: null },
    { name: 'a toleration for another effect does not help', pod: makePod('p').toleration('node.kubernetes.io/unschedulable', 'NoExecute'), node: makeNode('n').unschedulable(), want: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] } },
  ];
  for (const c of cases) it(c.name, () => expect(runFilter(newNodeUnschedulable(), c.pod.obj(), c.node.obj())).toEqual(c.want));
});
