import { describe, expect, it } from 'vitest';
import { newQueuedPodInfo } from '../../framework/types';
import { makePod } from '../../testing/wrappers';
import { newPrioritySort } from './prioritySort';

describe('PrioritySort Less', () => {
  const pl = newPrioritySort();
  const q = (prio: number, ts: number) => newQueuedPodInfo(makePod('p' + prio + '-' + ts).priority(prio).obj(), ts);
  const cases = [
    { name: 'the higher-priority pod goes first', a: q(100, 10), b: q(50, 0), want: true },
    { name: 'the lower-priority pod goes after, even if older', a: q(50, 0), b: q(100, 10), want: false },
    { name: 'with equal priority the pod queued earlier goes first', a: q(10, 1), b: q(10, 2), want: true },
    { name: 'with equal priority and equal time neither is less', a: q(10, 1), b: q(10, 1), want: false },
  ];
  for (const c of cases) it(c.name, () => expect(pl.less(c.a, c.b)).toBe(c.want));
  it('a pod without spec.priority counts as priority 0', () => {
    const a = newQueuedPodInfo(makePod('a').obj(), 5);
    expect(pl.less(q(1, 9), a)).toBe(true);
  });
});
