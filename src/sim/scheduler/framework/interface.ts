/**
 * The plugin contract, one interface per extension point (kube-scheduler framework/interface.go).
 * Every interface extends `Plugin` (only `name`) and adds one method. A plugin object implements as
 * many as it needs; the framework finds them by method presence and calls them in profile order.
 *
 * Return `null` for Success on the hot paths (Filter, Score) so a fitting node costs no allocation.
 */
import type { Clock } from '../../clock';
import type { Stream } from '../../rng';
import type { Client, EventRecorder } from '../../client/types';
import type { Pod } from '../../types';
import type { CycleState } from './cycleState';
import type { NodeInfo } from './nodeInfo';
import type { Snapshot } from './snapshot';
import type { Status } from './status';
import type { QueuedPodInfo } from './types';
import type { ClusterEvent } from './events';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
  /** Cluster events that may make a pod this plugin rejected schedulable (EnqueueExtensions). */
  eventsToRegister?(): readonly ClusterEvent[];
}

/** Decides whether a pod may enter the active queue at all (e.g. scheduling gates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | null;
}

/** Orders the active queue. Exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Narrowing of the node set a PreFilter can return; `null` means all nodes. */
export interface PreFilterResult {
  nodeNames: ReadonlySet<string>;
}

/**
 * Runs once per cycle before filtering. Codes: Success, Skip (its Filter is skipped this cycle),
 * Unschedulable / UnschedulableAndUnresolvable (the whole cycle fails with this message), Error.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod): { result: PreFilterResult | null; status: Status | null };
  /** Incremental updates of PreFilter state when preemption adds or removes a pod on a node copy. */
  preFilterExtensions?(): PreFilterExtensions | null;
}

export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, nodeInfo: NodeInfo): Status | null;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, nodeInfo: NodeInfo): Status | null;
}

/**
 * Decides whether the pod fits one node. Must read only the `nodeInfo` it is given: preemption passes
 * a modified copy. Codes: Success (null), Unschedulable, UnschedulableAndUnresolvable, Error.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
}

/** Runs when no node fits; may make room (preemption) and nominate a node. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, filteredNodeStatus: NodeToStatus): { result: PostFilterResult | null; status: Status | null };
}

export interface PostFilterResult {
  /** The node the pod is nominated to, `''` to clear a nomination, undefined to leave it. */
  nominatedNodeName?: string;
}

/** Runs once before scoring with the feasible nodes. Skip turns off its Score this cycle. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null;
}

/** The scores of one plugin over the feasible nodes: scores[i] belongs to nodes[i]. */
export interface NodeScoreList {
  readonly nodes: readonly NodeInfo[];
  readonly scores: Float64Array;
  readonly length: number;
}

/**
 * Scores a feasible node. Returns a number (the raw score), or a Status on error. If the plugin has
 * `normalizeScore`, raw scores may be on any scale; after normalization they must be in [0, 100].
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScoreList): Status | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Success, Wait (with a timeout) or a rejection. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): { status: Status | null; timeoutMs: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Status | null;
}

/** Binds the pod; Skip passes the pod to the next Bind plugin. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Status | null;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Filter verdicts per node name, for the nodes that failed (the FitError diagnosis). */
export type NodeToStatus = Map<string, Status>;

/**
 * Read access to API objects from the scheduler's informer caches (the listers of client-go).
 * Objects are read-only. `namespace` undefined lists every namespace.
 */
export interface Listers {
  list<T = unknown>(resource: string, namespace?: string): readonly T[];
  get<T = unknown>(resource: string, namespace: string | undefined, name: string): T | undefined;
}

/** Listers over nothing (tests that need none). */
export const NO_LISTERS: Listers = { list: () => [], get: () => undefined };

/**
 * The pods nominated to nodes by preemption (framework.PodNominator): Filter plugins see them on a
 * node when the pod being scheduled has lower or equal priority.
 */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly import('./nodeInfo').PodInfo[];
  /** True when no pod is nominated anywhere (lets filtering skip the per-node lookup). */
  isEmpty?(): boolean;
}

export const NO_NOMINATOR: PodNominator = { nominatedPodsForNode: () => [], isEmpty: () => true };

/** What a plugin factory gets: the scheduler's shared handles. */
export interface Handle {
  /** API objects other than pods and nodes: Services, ReplicaSets, PVCs, PDBs, Namespaces… */
  readonly listers: Listers;
  readonly nominator: PodNominator;
  readonly clock: Clock;
  readonly client: Client;
  readonly recorder: EventRecorder;
  /** Randomness for plugins that need it (preemption's candidate offset). */
  readonly stream: Stream;
  /** The snapshot of the current cycle. */
  snapshot(): Snapshot;
  /** The framework the plugin belongs to (set after construction; used by preemption to run filters). */
  framework(): import('./framework').Framework;
}

/** Builds a plugin from its args (pluginConfig) and the handle. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;
