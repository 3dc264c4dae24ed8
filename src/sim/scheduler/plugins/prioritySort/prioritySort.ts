/**
 * PrioritySort (plugins/queuesort/priority_sort.go): the active queue pops higher priority first, and
 * among equal priorities the pod that entered the queue earlier.
 */
import type { QueueSortPlugin } from '../../framework/interface';
import { podPriority } from '../../framework/nodeInfo';
import type { QueuedPodInfo } from '../../framework/types';

export const name = 'PrioritySort';

export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = podPriority(a.podInfo.pod);
  const p2 = podPriority(b.podInfo.pod);
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

export function newPrioritySort(): QueueSortPlugin {
  return { name, less } satisfies QueueSortPlugin;
}
