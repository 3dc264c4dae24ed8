/**
 * Queue-side pod records (framework/types.go QueuedPodInfo).
 */
import type { Pod } from '../../types';
import { PodInfo } from './nodeInfo';

export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** Virtual ms when the pod was last added to a queue; PrioritySort's tie-break and backoff base. */
  timestamp: number;
  /** Scheduling attempts so far (incremented on every pop). */
  attempts: number;
  /** Virtual ms of the first pop. */
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last cycle: only events they care about move it. */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Held by a PreEnqueue plugin. */
  gated: boolean;
}

export function newQueuedPodInfo(pod: Pod, nowMs: number): QueuedPodInfo {
  return { podInfo: new PodInfo(pod), timestamp: nowMs, attempts: 0, unschedulablePlugins: new Set(), pendingPlugins: new Set(), gated: false };
}

export function podOf(q: QueuedPodInfo): Pod {
  return q.podInfo.pod;
}
