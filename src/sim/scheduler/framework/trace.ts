/**
 * The glass box: one record per scheduling cycle, saying what each plugin decided and why. Built only
 * when tracing is on (a `CycleTrace` object is passed down; when it is undefined, runners record
 * nothing and allocate nothing). Kept in a bounded ring of the last N cycles.
 */
import type { Code } from './status';

export interface PluginVerdict {
  plugin: string;
  code: Code;
  reasons: string[];
}

export interface NodeFilterTrace {
  node: string;
  /** The Filter plugins that ran on this node, in order; the first failure ends the list. */
  plugins: PluginVerdict[];
}

export interface NodeScoreTrace {
  node: string;
  /** Per score plugin (same order as `CycleTrace.scorePlugins`). */
  raw: number[];
  normalized: number[];
  weighted: number[];
  total: number;
}

export interface CycleTrace {
  cycle: number;
  atMs: number;
  profile: string;
  pod: { namespace: string; name: string; uid: string; priority: number };
  /** Which queue the pod was popped from and how many attempts it has had (this one included). */
  pop: { queue: 'activeQ'; attempts: number };
  preFilter: PluginVerdict[];
  /** The pod's status.nominatedNodeName, tried before the other nodes. */
  nominatedNode?: string;
  /** The PreFilter narrowing, if any plugin returned node names. */
  preFilterNodeNames?: string[];
  numAllNodes: number;
  numNodesToFind: number;
  startIndex: number;
  filter: NodeFilterTrace[];
  feasible: string[];
  preScore: PluginVerdict[];
  scorePlugins: { name: string; weight: number }[];
  scores: NodeScoreTrace[];
  /** Up to three highest totals, as selectHost reports them. */
  top: { node: string; total: number }[];
  /** How many nodes tied for the top total (the reservoir sample size). */
  ties: number;
  /** Why no scoring ran: one feasible node, or no score plugins. */
  shortcut?: 'one-feasible-node' | 'no-score-plugins';
  chosen?: string;
  postFilter?: PluginVerdict & { nominatedNodeName?: string };
  /** What DefaultPreemption tried, when it ran. */
  preemption?: PreemptionTrace;
  reserve: PluginVerdict[];
  permit: PluginVerdict[];
  preBind: PluginVerdict[];
  bind: PluginVerdict[];
  outcome: 'Scheduled' | 'Unschedulable' | 'Error' | 'Skipped';
  /** The FitError or error message when not scheduled. */
  message?: string;
}

export interface PreemptionTrace {
  /** Why the pod may not preempt at all, if so. */
  notEligible?: string;
  /** Nodes considered (Unschedulable ones), the random offset, and how many candidates were wanted. */
  potentialNodes: number;
  offset: number;
  numCandidates: number;
  /** Each node dry-run: its victims (most important first) and PDB violations, or why it cannot help. */
  dryRun: { node: string; victims?: string[]; pdbViolations?: number; reason?: string }[];
  /** The node picked and the tie-break that decided it. */
  chosen?: string;
  decidedBy?: string;
  evicted: string[];
  /** Lower-priority pods whose nomination to the chosen node was cleared. */
  clearedNominations: string[];
}

export function newCycleTrace(cycle: number, atMs: number, profile: string, pod: CycleTrace['pod'], attempts: number): CycleTrace {
  return {
    cycle, atMs, profile, pod, pop: { queue: 'activeQ', attempts },
    preFilter: [], numAllNodes: 0, numNodesToFind: 0, startIndex: 0, filter: [], feasible: [],
    preScore: [], scorePlugins: [], scores: [], top: [], ties: 0, reserve: [], permit: [], preBind: [], bind: [],
    outcome: 'Skipped',
  };
}

/** A ring of the last `capacity` cycle traces. */
export class TraceRing {
  private readonly buf: (CycleTrace | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array(Math.max(1, capacity));
  }

  push(t: CycleTrace): void {
    this.buf[this.next] = t;
    this.next = (this.next + 1) % this.buf.length;
    if (this.count < this.buf.length) this.count++;
  }

  /** Oldest first. */
  list(): CycleTrace[] {
    const out: CycleTrace[] = [];
    const start = (this.next - this.count + this.buf.length) % this.buf.length;
    for (let i = 0; i < this.count; i++) out.push(this.buf[(start + i) % this.buf.length]!);
    return out;
  }

  clear(): void {
    this.buf.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
