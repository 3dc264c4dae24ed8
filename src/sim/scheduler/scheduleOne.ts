/**
 * The scheduling algorithm of one cycle (schedule_one.go: schedulePod, findNodesThatFitPod,
 * evaluateNominatedNode, findNodesThatPassFilters, prioritizeNodes, selectHost), pure over a
 * snapshot. The component in scheduler.ts pops the pod, calls this, then assumes, reserves and binds.
 *
 * Step-through: the algorithm is written once, as a generator that can stop *before* each extension
 * point (PreFilter, Filter on each node, PreScore, Score and NormalizeScore per plugin, Select). With
 * `stepping` false it never yields, so `schedulePod` runs it to the end in one call; with `stepping`
 * true each `yield` hands a `CycleStep` (what the next step will do) to the caller, and the step is
 * performed when the caller resumes the generator. Nothing in a cycle reads the wall clock, and the
 * only randomness is the seeded tie-break, so a cycle replays identically from its start.
 */
import type { Stream } from '../rng';
import type { Pod } from '../types';
import type { CycleState } from './framework/cycleState';
import { FitError, addPluginStatus, newDiagnosis, type Diagnosis } from './framework/fitError';
import type { Framework } from './framework/framework';
import type { NodeInfo } from './framework/nodeInfo';
import type { Snapshot } from './framework/snapshot';
import { Status } from './framework/status';
import type { CycleTrace, PluginVerdict } from './framework/trace';
import type { CycleStep } from './framework/step';

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

export type ScheduleOutcome = ScheduleResult | FitError | SchedulingError;

/** Runs a step generator to its end (nothing yields when not stepping). */
/** container/heap's down step on a max-heap of node indexes ordered by total score. */
function heapDown(h: Int32Array, totals: Float64Array, i0: number, len: number): void {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= len) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < len && totals[h[j2]!]! > totals[h[j1]!]!) j = j2;
    if (!(totals[h[j]!]! > totals[h[i]!]!)) break;
    const t = h[i]!; h[i] = h[j]!; h[j] = t;
    i = j;
  }
}

/** Each list's NodeInfos by position, built once per node list (the cache keeps one list until nodes come or go). */
const positions = new WeakMap<readonly NodeInfo[], Map<NodeInfo, number>>();

/**
 * The nodes a PreFilter result names, in snapshot order (upstream walks its set in Go's map order; the
 * node-tree order keeps runs reproducible). Looked up by name, so a daemon pod pinned to one node
 * costs one lookup, not a walk over every node.
 */
function narrowToSnapshotOrder(all: readonly NodeInfo[], names: ReadonlySet<string>, snapshot: Snapshot): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (const name of names) {
    const ni = snapshot.get(name);
    if (ni) out.push(ni);
  }
  if (out.length < 2) return out;
  let pos = positions.get(all);
  if (!pos) {
    pos = new Map(all.map((ni, i) => [ni, i]));
    positions.set(all, pos);
  }
  const p = pos;
  return out.sort((a, b) => (p.get(a) ?? 0) - (p.get(b) ?? 0));
}

export function drain<T>(g: Generator<CycleStep, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
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
  schedulePod(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, trace?: CycleTrace): ScheduleOutcome {
    return drain(this.schedulePodSteps(fwk, state, pod, snapshot, trace, false));
  }

  /** schedulePod as a step generator (see the file comment). */
  *schedulePodSteps(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, ScheduleOutcome, void> {
    const numAll = snapshot.numNodes();
    if (trace) trace.numAllNodes = numAll;
    if (numAll === 0) return new SchedulingError(new Status('UnschedulableAndUnresolvable', [ERR_NO_NODES_AVAILABLE]));
    const found = yield* this.findNodesThatFitPod(fwk, state, pod, snapshot, trace, stepping);
    if (found instanceof SchedulingError) return found;
    const { feasible, diagnosis } = found;
    if (trace) trace.feasible = feasible.map((n) => n.name);
    if (feasible.length === 0) return new FitError(numAll, diagnosis);
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) {
      if (trace) { trace.shortcut = 'one-feasible-node'; trace.chosen = feasible[0]!.name; }
      return { suggestedHost: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
    }
    const totals = yield* this.prioritizeNodes(fwk, state, pod, feasible, trace, stepping);
    if (totals instanceof Status) return new SchedulingError(totals);
    if (stepping) yield { point: 'Select', text: `Select: the highest total among ${feasible.length} nodes; ties broken by reservoir sampling` };
    const host = this.selectHost(feasible, totals, NUMBER_OF_HIGHEST_SCORED_NODES_TO_REPORT, trace);
    if (trace) trace.chosen = host;
    return { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: feasible.length };
  }

  private *findNodesThatFitPod(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, { feasible: NodeInfo[]; diagnosis: Diagnosis } | SchedulingError, void> {
    const diagnosis = newDiagnosis();
    const all = snapshot.nodeInfoList;
    if (stepping) yield { point: 'PreFilter', text: `PreFilter: ${fwk.preFilterPlugins.map((p) => p.name).join(', ') || 'no plugins'}` };
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
    // A pod nominated by an earlier preemption tries its nominated node first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = snapshot.get(nominated);
      if (ni && (!pre.result || pre.result.nodeNames.has(nominated))) {
        if (trace) trace.nominatedNode = nominated;
        const r = yield* this.findNodesThatPassFilters(fwk, state, pod, diagnosis, [ni], trace, stepping);
        if (r instanceof SchedulingError) return r;
        if (r.length > 0) return { feasible: r, diagnosis };
      }
    }
    let nodes: readonly NodeInfo[] = all;
    if (pre.result) {
      nodes = narrowToSnapshotOrder(all, pre.result.nodeNames, snapshot);
      diagnosis.absentNodesStatus = new Status('UnschedulableAndUnresolvable', [`node(s) didn't satisfy plugin(s) [${[...pre.unschedulablePlugins].sort().join(' ')}]`]);
    }
    const feasible = yield* this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes, trace, stepping);
    if (feasible instanceof SchedulingError) return feasible;
    return { feasible, diagnosis };
  }

  private *findNodesThatPassFilters(fwk: Framework, state: CycleState, pod: Pod, diagnosis: Diagnosis, nodes: readonly NodeInfo[], trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, NodeInfo[] | SchedulingError, void> {
    const numAll = nodes.length;
    const toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.percentageOfNodesToScore, numAll);
    const feasible = this.feasible;
    feasible.length = 0;
    const start = this.nextStartNodeIndex;
    if (trace) { trace.numNodesToFind = toFind; trace.startIndex = numAll ? start % numAll : 0; }
    if (numAll === 0) return feasible;
    if (!fwk.hasFilterPlugins()) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % numAll]!);
      this.nextStartNodeIndex = (start + feasible.length) % numAll;
      return feasible;
    }
    let processed = 0;
    for (let i = 0; i < numAll && feasible.length < toFind; i++) {
      const ni = nodes[(start + i) % numAll]!;
      if (stepping) yield { point: 'Filter', node: ni.name, text: `Filter: run ${fwk.filterPlugins.length} plugins on node ${ni.name}` };
      let verdicts: PluginVerdict[] | undefined;
      if (trace) { verdicts = []; trace.filter.push({ node: ni.name, plugins: verdicts }); }
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni, verdicts);
      processed++;
      if (!s) { feasible.push(ni); continue; }
      if (s.code === 'Error') {
        this.nextStartNodeIndex = (start + processed) % numAll;
        return new SchedulingError(s);
      }
      diagnosis.nodeToStatus.set(ni.name, s);
      addPluginStatus(diagnosis, s);
    }
    // Upstream takes this modulo the length of the list it walked (1 for the nominated node).
    this.nextStartNodeIndex = (start + processed) % numAll;
    return feasible;
  }

  /** Total weighted score per feasible node; every node scores 1 when there are no Score plugins. */
  private *prioritizeNodes(fwk: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, Float64Array | Status, void> {
    if (!fwk.hasScorePlugins()) {
      if (trace) trace.shortcut = 'no-score-plugins';
      const ones = new Float64Array(nodes.length);
      ones.fill(1);
      return ones;
    }
    if (stepping) yield { point: 'PreScore', text: `PreScore: ${fwk.preScorePlugins.map((p) => p.name).join(', ')}` };
    const pre = fwk.runPreScorePlugins(state, pod, nodes, trace);
    if (pre) return pre;
    return yield* fwk.runScorePluginsSteps(state, pod, nodes, trace, stepping);
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
    let len = n;
    for (let i = (len >> 1) - 1; i >= 0; i--) heapDown(h, totals, i, len);
    const pop = (): number => {
      len--;
      const t = h[0]!; h[0] = h[len]!; h[len] = t;
      heapDown(h, totals, 0, len);
      return h[len]!;
    };

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
