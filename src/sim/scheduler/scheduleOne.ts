/**
 * The scheduling algorithm of one cycle (schedule_one.go: schedulePod, findNodesThatFitPod,
 * findNodesThatPassFilters, prioritizeNodes, selectHost), pure over a snapshot. The component in
 * scheduler.ts pops the pod, calls this, then assumes, reserves and binds.
 */
import type { Stream } from '../rng';
import type { Pod } from '../types';
import type { CycleState } from './framework/cycleState';
import { FitError, addPluginStatus, newDiagnosis } from './framework/fitError';
import type { Framework } from './framework/framework';
import type { NodeInfo } from './framework/nodeInfo';
import type { Snapshot } from './framework/snapshot';
import { Status } from './framework/status';
import type { CycleTrace, PluginVerdict } from './framework/trace';

/** Below this many nodes every node is checked; above it, never fewer than this many are found. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** selectHost reports this many of the best nodes. */
export const NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT = 3;

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * How many feasible nodes to find before filtering stops: all nodes below 100; else the configured
 * percentage, or adaptively 50% minus 1% per 125 nodes (at least 5%), and never fewer than 100.
 * Examples: 500 nodes → 230; 1000 → 420; 5000 → 500; 6000 → 300.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore ?? 0;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** An error that is not a FitError: the pod is retried after backoff, reason SchedulerError. */
export class SchedulingError {
  constructor(readonly status: Status) {}
}

/**
 * The per-scheduler algorithm state: where the next filtering pass starts, plus scratch space so a
 * cycle allocates little.
 */
export class SchedulingAlgorithm {
  /** Filtering resumes where the previous cycle stopped, so every node gets its turn. */
  nextStartNodeIndex = 0;
  private feasible: NodeInfo[] = [];
  private heap: Int32Array = new Int32Array(0);

  constructor(
    private readonly stream: Stream,
    /** The global percentageOfNodesToScore (0 = adaptive); a profile's own value wins. */
    private readonly percentageOfNodesToScore = 0,
  ) {}

  /**
   * Finds a node for the pod. Returns the result, a FitError (no node fits) or a SchedulingError.
   * A FitError with no nodes at all carries the "no nodes available" error instead.
   */
  schedulePod(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, trace?: CycleTrace): ScheduleResult | FitError | SchedulingError {
    const numAll = snapshot.numNodes();
    if (trace) trace.numAllNodes = numAll;
    if (numAll === 0) return new SchedulingError(new Status('UnschedulableAndUnresolvable', [ERR_NO_NODES_AVAILABLE]));
    const found = this.findNodesThatFitPod(fwk, state, pod, snapshot, trace);
    if (found instanceof SchedulingError) return found;
    const { feasible, diagnosis } = found;
    if (trace) trace.feasible = feasible.map((n) => n.name);
    if (feasible.length === 0) return new FitError(numAll, diagnosis);
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) {
      if (trace) { trace.shortcut = 'one-feasible-node'; trace.chosen = feasible[0]!.name; }
      return { suggestedHost: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
    }
    const totals = this.prioritizeNodes(fwk, state, pod, feasible, trace);
    if (totals instanceof Status) return new SchedulingError(totals);
    const host = this.selectHost(feasible, totals, NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT, trace);
    if (trace) trace.chosen = host;
    return { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: feasible.length };
  }

  private findNodesThatFitPod(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, trace?: CycleTrace) {
    const diagnosis = newDiagnosis();
    const all = snapshot.nodeInfoList;
    const pre = fwk.runPreFilterPlugins(state, pod, trace);
    for (const p of pre.unschedulablePlugins) diagnosis.unschedulablePlugins.add(p);
    if (pre.status) {
      if (!pre.status.isRejected()) return new SchedulingError(pre.status);
      // Every node gets the PreFilter verdict so preemption sees it; the message names it once.
      diagnosis.absentNodesStatus = pre.status;
      for (const ni of all) diagnosis.nodeToStatus.set(ni.name, pre.status);
      diagnosis.preFilterMsg = pre.status.message();
      addPluginStatus(diagnosis, pre.status);
      this.feasible.length = 0;
      return { feasible: this.feasible, diagnosis };
    }
    // TODO(preemption): try status.nominatedNodeName first (evaluateNominatedNode) once the nominator exists.
    let nodes: readonly NodeInfo[] = all;
    if (pre.result) {
      const narrowed: NodeInfo[] = [];
      // Walk the snapshot order (the set's order would be insertion order, not node-tree order).
      for (const ni of all) if (pre.result.nodeNames.has(ni.name)) narrowed.push(ni);
      nodes = narrowed;
      diagnosis.absentNodesStatus = new Status('UnschedulableAndUnresolvable', [`node(s) didn't satisfy plugin(s) [${[...pre.unschedulablePlugins].sort().join(' ')}]`]);
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes, all.length, trace);
    if (feasible instanceof SchedulingError) return feasible;
    return { feasible, diagnosis };
  }

  private findNodesThatPassFilters(fwk: Framework, state: CycleState, pod: Pod, diagnosis: ReturnType<typeof newDiagnosis>, nodes: readonly NodeInfo[], numAllInSnapshot: number, trace?: CycleTrace): NodeInfo[] | SchedulingError {
    const numAll = nodes.length;
    const toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.percentageOfNodesToScore, numAll);
    const feasible = this.feasible;
    feasible.length = 0;
    const start = this.nextStartNodeIndex;
    if (trace) { trace.numNodesToFind = toFind; trace.startIndex = numAll ? start % numAll : 0; }
    if (numAll === 0) return feasible;
    if (!fwk.hasFilterPlugins()) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % numAll]!);
      this.nextStartNodeIndex = (start + feasible.length) % numAllInSnapshot;
      return feasible;
    }
    let processed = 0;
    for (let i = 0; i < numAll && feasible.length < toFind; i++) {
      const ni = nodes[(start + i) % numAll]!;
      let verdicts: PluginVerdict[] | undefined;
      if (trace) { verdicts = []; trace.filter.push({ node: ni.name, plugins: verdicts }); }
      const s = fwk.runFilterPlugins(state, pod, ni, verdicts);
      processed++;
      if (!s) { feasible.push(ni); continue; }
      if (s.code === 'Error') {
        this.nextStartNodeIndex = (start + processed) % numAllInSnapshot;
        return new SchedulingError(s);
      }
      diagnosis.nodeToStatus.set(ni.name, s);
      addPluginStatus(diagnosis, s);
    }
    this.nextStartNodeIndex = (start + processed) % numAllInSnapshot;
    return feasible;
  }

  /** Total weighted score per feasible node; every node scores 1 when there are no Score plugins. */
  private prioritizeNodes(fwk: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace?: CycleTrace): Float64Array | Status {
    if (!fwk.hasScorePlugins()) {
      if (trace) trace.shortcut = 'no-score-plugins';
      const ones = new Float64Array(nodes.length);
      ones.fill(1);
      return ones;
    }
    const pre = fwk.runPreScorePlugins(state, pod, nodes, trace);
    if (pre) return pre;
    return fwk.runScorePlugins(state, pod, nodes, trace);
  }

  /**
   * Picks the host with the highest total. Ties are broken by reservoir sampling over the tied nodes
   * as they come off a max-heap (the k-th tied node replaces the choice when `intn(k) === 0`). The heap
   * follows Go's container/heap step for step, so the order ties are met in is the upstream order.
   */
  selectHost(nodes: readonly NodeInfo[], totals: Float64Array, count: number, trace?: CycleTrace): string {
    const n = nodes.length;
    if (n === 1) return nodes[0]!.name;
    if (this.heap.length < n) this.heap = new Int32Array(Math.max(n, this.heap.length * 2));
    const h = this.heap;
    for (let i = 0; i < n; i++) h[i] = i;
    const less = (i: number, j: number): boolean => totals[h[i]!]! > totals[h[j]!]!;
    const swap = (i: number, j: number): void => { const t = h[i]!; h[i] = h[j]!; h[j] = t; };
    const down = (i0: number, len: number): void => {
      let i = i0;
      for (;;) {
        const j1 = 2 * i + 1;
        if (j1 >= len) break;
        let j = j1;
        const j2 = j1 + 1;
        if (j2 < len && less(j2, j1)) j = j2;
        if (!less(j, i)) break;
        swap(i, j);
        i = j;
      }
    };
    let len = n;
    for (let i = (len >> 1) - 1; i >= 0; i--) down(i, len);
    const pop = (): number => { len--; swap(0, len); down(0, len); return h[len]!; };

    const first = pop();
    const top = totals[first]!;
    const sorted: number[] = [first];
    let cntOfMax = 1;
    let selected = 0;
    while (len > 0) {
      const ns = pop();
      const score = totals[ns]!;
      if (score !== top && sorted.length === count) break;
      if (score === top) {
        cntOfMax++;
        if (this.stream.intn(cntOfMax) === 0) selected = cntOfMax - 1;
      }
      sorted.push(ns);
    }
    if (trace) {
      trace.ties = cntOfMax;
      trace.top = sorted.slice(0, Math.max(count, cntOfMax)).map((i) => ({ node: nodes[i]!.name, total: totals[i]! }));
    }
    return nodes[sorted[selected]!]!.name;
  }
}
