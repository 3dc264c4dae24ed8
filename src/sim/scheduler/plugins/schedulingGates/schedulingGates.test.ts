import { describe, expect, it } from 'vitest';
import { makePod } from '../../testing/wrappers';
import { verdictOf } from '../../testing/harness';
import { newSchedulingGates } from './schedulingGates';

describe('SchedulingGates PreEnqueue', () => {
  const cases = [
    { name: 'a pod without gates may enter the active queue', pod: makePod('p'), want: null },
    { name: 'a pod with one gate waits, naming the gate', pod: makePod('p').gate('example.com/foo'), want: { code: 'UnschedulableAndUnresolvable', reasons: ['waiting for scheduling gates: [example.com/foo]'] } },
    { name: 'all gates are listed in order, separated by spaces as Go prints a slice', pod: makePod('p').gate('foo').gate('bar'), want: { code: 'UnschedulableAndUnresolvable', reasons: ['waiting for scheduling gates: [foo bar]'] } },
  ];
  for (const c of cases) it(c.name, () => expect(verdictOf(newSchedulingGates().preEnqueue(c.pod.obj()))).toEqual(c.want));
});
