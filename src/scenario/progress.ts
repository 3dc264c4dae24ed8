/**
 * How far a run has got, for whoever shows it while it works (the CLI on stderr, the page): virtual
 * time and, read from the store when asked, nodes Ready and pods Running. Reading changes nothing in
 * the cluster — no request is made, nothing is scheduled — so a run reports the same story whether or
 * not anyone watches it.
 */
import type { Cluster } from '../sim/cluster';
import type { Node, Pod } from '../sim/types';

export interface ClusterCounts {
  nodes: number;
  /** nodes whose Ready condition is True */
  nodesReady: number;
  pods: number;
  /** pods in phase Running */
  podsRunning: number;
}

export interface RunProgress {
  /** the virtual time reached */
  nowMs: number;
  /** where the run is going: runUntil's target (0 while the cluster boots) */
  untilMs: number;
  /** clock events run since the cluster was built */
  eventsRun: number;
  /** true while the cluster boots (virtual time before 0s, inside `new ScenarioRun`) */
  booting: boolean;
  /** the counts now; a scan of the store's nodes and pods, so call it only when they will be shown */
  counts(): ClusterCounts;
}

export type ProgressListener = (p: RunProgress) => void;

/**
 * Clock events between two reports: often enough for a steady display however large the cluster
 * (a report costs nothing until its listener asks for the counts).
 */
export const PROGRESS_EVERY_EVENTS = 500;

export function clusterCounts(cluster: Cluster): ClusterCounts {
  const store = cluster.api.store;
  let nodes = 0;
  let nodesReady = 0;
  store.each('/registry/minions/', (kv) => {
    nodes++;
    if ((kv.value as Node).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) nodesReady++;
  });
  let pods = 0;
  let podsRunning = 0;
  store.each('/registry/pods/', (kv) => {
    pods++;
    if ((kv.value as Pod).status?.phase === 'Running') podsRunning++;
  });
  return { nodes, nodesReady, pods, podsRunning };
}
