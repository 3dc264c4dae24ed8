/**
 * The framework for one profile (runtime/framework.go): builds the enabled plugins from the registry,
 * checks the profile, and runs each extension point. Runners, not plugins, stamp the plugin name on
 * statuses, and runners write the glass-box trace when one is passed in.
 */
import type { Pod } from '../../types';
import { EXTENSION_POINTS, type ExtensionPoint, type KubeSchedulerProfile, type PluginRef } from './config';
import type { CycleState } from './cycleState';
import type { ClusterEvent } from './events';
import {
  MAX_NODE_SCORE, MIN_NODE_SCORE,
  type BindPlugin, type FilterPlugin, type Handle, type NodeToStatus, type PermitPlugin, type Plugin, type PostBindPlugin,
  type PostFilterPlugin, type PostFilterResult, type PreBindPlugin, type PreEnqueuePlugin, type PreFilterPlugin, type PreFilterResult,
  type PreScorePlugin, type QueueSortPlugin, type ReservePlugin, type ScorePlugin, type PreFilterExtensions,
  NO_LISTERS, NO_NOMINATOR,
} from './interface';
import { podPriority, type NodeInfo, type PodInfo } from './nodeInfo';
import type { Registry } from './registry';
import { Status, asStatus } from './status';
import type { CycleTrace, PluginVerdict } from './trace';
import type { CycleStep } from './step';
import type { QueuedPodInfo } from './types';

/** Which method marks a plugin as implementing an extension point. */
const POINT_METHOD: Record<ExtensionPoint, string> = {
  preEnqueue: 'preEnqueue', queueSort: 'less', preFilter: 'preFilter', filter: 'filter', postFilter: 'postFilter',
  preScore: 'preScore', score: 'score', reserve: 'reserve', permit: 'permit', preBind: 'preBind', bind: 'bind', postBind: 'postBind',
};

const POINT_TITLE: Record<ExtensionPoint, string> = {
  preEnqueue: 'PreEnqueue', queueSort: 'QueueSort', preFilter: 'PreFilter', filter: 'Filter', postFilter: 'PostFilter',
  preScore: 'PreScore', score: 'Score', reserve: 'Reserve', permit: 'Permit', preBind: 'PreBind', bind: 'Bind', postBind: 'PostBind',
};

function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  return typeof (p as unknown as Record<string, unknown>)[POINT_METHOD[point]] === 'function';
}

/**
 * Verdicts without reasons (Success, Skip) are shared, frozen objects: a traced cycle over 500 nodes
 * records thousands of them, and they carry nothing node-specific.
 */
const sharedVerdicts = { Success: new Map<string, PluginVerdict>(), Skip: new Map<string, PluginVerdict>() };
function plainVerdict(plugin: string, code: 'Success' | 'Skip'): PluginVerdict {
  const m = sharedVerdicts[code];
  let v = m.get(plugin);
  if (!v) m.set(plugin, (v = Object.freeze({ plugin, code, reasons: Object.freeze([]) as unknown as string[] })));
  return v;
}

function verdict(plugin: string, s: Status | null): PluginVerdict {
  if (!s || (s.code === 'Success' && s.reasons.length === 0)) return plainVerdict(plugin, 'Success');
  if (s.code === 'Skip' && s.reasons.length === 0) return plainVerdict(plugin, 'Skip');
  return { plugin, code: s.code, reasons: [...s.reasons] };
}

/** The handles a caller passes: listers and nominator default to empty ones. */
export type HandleInit = Omit<Handle, 'framework' | 'listers' | 'nominator'> & Partial<Pick<Handle, 'listers' | 'nominator'>>;

export interface FrameworkOptions {
  registry: Registry;
  /** The shared handles; `framework()` is filled in by newFramework. */
  handle: HandleInit;
}

export class Framework {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  /** Every instantiated plugin by name. */
  readonly plugins = new Map<string, Plugin>();
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly queueSortPlugins: QueueSortPlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly postBindPlugins: PostBindPlugin[] = [];
  readonly scorePluginWeight = new Map<string, number>();
  readonly handle: Handle;

  // Scratch buffers reused by runScorePlugins: one per score plugin, plus the totals.
  private scoreBufs: Float64Array[] = [];
  private totals = new Float64Array(0);

  constructor(profile: KubeSchedulerProfile, handle: HandleInit) {
    this.profileName = profile.schedulerName ?? 'default-scheduler';
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.handle = { listers: NO_LISTERS, nominator: NO_NOMINATOR, ...handle, framework: () => this } as Handle;
  }

  private list(point: ExtensionPoint): Plugin[] {
    switch (point) {
      case 'preEnqueue': return this.preEnqueuePlugins;
      case 'queueSort': return this.queueSortPlugins;
      case 'preFilter': return this.preFilterPlugins;
      case 'filter': return this.filterPlugins;
      case 'postFilter': return this.postFilterPlugins;
      case 'preScore': return this.preScorePlugins;
      case 'score': return this.scorePlugins;
      case 'reserve': return this.reservePlugins;
      case 'permit': return this.permitPlugins;
      case 'preBind': return this.preBindPlugins;
      case 'bind': return this.bindPlugins;
      case 'postBind': return this.postBindPlugins;
    }
  }

  /** @internal used by newFramework */
  _setList(point: ExtensionPoint, plugins: Plugin[]): void {
    const l = this.list(point);
    l.length = 0;
    l.push(...plugins);
  }

  hasFilterPlugins(): boolean { return this.filterPlugins.length > 0; }
  hasPostFilterPlugins(): boolean { return this.postFilterPlugins.length > 0; }
  hasScorePlugins(): boolean { return this.scorePlugins.length > 0; }

  /** The QueueSort plugin's ordering. */
  queueSortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSortPlugins[0]!.less(a, b);
  }

  /** The events each plugin registered (for moving unschedulable pods). */
  eventsByPlugin(): Map<string, readonly ClusterEvent[]> {
    const m = new Map<string, readonly ClusterEvent[]>();
    for (const [name, p] of this.plugins) if (p.eventsToRegister) m.set(name, p.eventsToRegister());
    return m;
  }

  runPreEnqueuePlugins(pod: Pod): Status | null {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running PreEnqueue plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  /**
   * Runs PreFilter plugins. A rejection ends the cycle with that status; Skip marks the plugin's
   * Filter as skipped; node-name results are intersected.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod, trace?: CycleTrace): { result: PreFilterResult | null; status: Status | null; unschedulablePlugins: Set<string> } {
    let result: PreFilterResult | null = null;
    const pluginsWithNodes: string[] = [];
    let skip: Set<string> | null = null;
    const rejectors = new Set<string>();
    for (const pl of this.preFilterPlugins) {
      let r: PreFilterResult | null;
      let s: Status | null;
      try {
        ({ result: r, status: s } = pl.preFilter(state, pod));
      } catch (e) {
        r = null;
        s = asStatus(e);
      }
      if (trace) trace.preFilter.push(verdict(pl.name, s));
      if (s?.code === 'Skip') { (skip ??= new Set()).add(pl.name); continue; }
      if (s && !s.isSuccess()) {
        s.withPlugin(pl.name);
        if (s.isRejected()) { rejectors.add(pl.name); return { result: null, status: s, unschedulablePlugins: rejectors }; }
        return { result: null, status: asStatus(new Error(`running PreFilter plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name), unschedulablePlugins: rejectors };
      }
      if (r) {
        pluginsWithNodes.push(pl.name);
        result = result ? { nodeNames: intersect(result.nodeNames, r.nodeNames) } : r;
        if (result.nodeNames.size === 0) {
          const msg = pluginsWithNodes.length === 1
            ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
            : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          for (const n of pluginsWithNodes) rejectors.add(n);
          return { result: null, status: new Status('UnschedulableAndUnresolvable', [msg]), unschedulablePlugins: rejectors };
        }
      }
    }
    state.skipFilterPlugins = skip ?? new Set();
    if (trace && result) trace.preFilterNodeNames = [...result.nodeNames].sort();
    return { result, status: null, unschedulablePlugins: rejectors };
  }

  /**
   * Runs Filter plugins on one node, stopping at the first that does not pass. Returns null when the
   * node fits. A code other than a rejection is turned into an Error naming the plugin.
   */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo, verdicts?: PluginVerdict[]): Status | null {
    if (!verdicts) {
      // Hot path: the plugins not skipped this cycle, computed once per cycle state.
      const active = this.activeFilterPlugins(state);
      for (let i = 0; i < active.length; i++) {
        const pl = active[i]!;
        let s: Status | null;
        try {
          s = pl.filter(state, pod, nodeInfo);
        } catch (e) {
          s = asStatus(e);
        }
        if (s !== null && s.code !== 'Success') {
          if (!s.isRejected()) s = asStatus(new Error(`running ${JSON.stringify(pl.name)} filter plugin: ${s.message()}`));
          return s.withPlugin(pl.name);
        }
      }
      return null;
    }
    const plugins = this.filterPlugins;
    const skip = state.skipFilterPlugins;
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i]!;
      if (skip.size > 0 && skip.has(pl.name)) {
        // Shown in the trace so the learner sees the plugin had nothing to check.
        if (verdicts) verdicts.push(plainVerdict(pl.name, 'Skip'));
        continue;
      }
      let s: Status | null;
      try {
        s = pl.filter(state, pod, nodeInfo);
      } catch (e) {
        s = asStatus(e);
      }
      if (verdicts) verdicts.push(verdict(pl.name, s));
      if (s && s.code !== 'Success') {
        if (!s.isRejected()) s = asStatus(new Error(`running ${JSON.stringify(pl.name)} filter plugin: ${s.message()}`));
        return s.withPlugin(pl.name);
      }
    }
    return null;
  }

  /** The PreFilter extensions of the enabled PreFilter plugins (for what-if pod adds and removes). */
  private extensionsCache: { plugin: string; ext: PreFilterExtensions }[] | null = null;
  preFilterExtensions(): { plugin: string; ext: PreFilterExtensions }[] {
    if (!this.extensionsCache) {
      this.extensionsCache = [];
      for (const pl of this.preFilterPlugins) {
        const ext = pl.preFilterExtensions?.();
        if (ext) this.extensionsCache.push({ plugin: pl.name, ext });
      }
    }
    return this.extensionsCache;
  }

  /** Tells every PreFilter plugin (not skipped this cycle) that `podToAdd` now sits on `nodeInfo`. */
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const { plugin, ext } of this.preFilterExtensions()) {
      if (state.skipFilterPlugins.has(plugin)) continue;
      const s = ext.addPod(state, podToSchedule, podToAdd.pod, nodeInfo);
      if (s && !s.isSuccess()) return asStatus(new Error(`running AddPod on PreFilter plugin ${JSON.stringify(plugin)}: ${s.message()}`)).withPlugin(plugin);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const { plugin, ext } of this.preFilterExtensions()) {
      if (state.skipFilterPlugins.has(plugin)) continue;
      const s = ext.removePod(state, podToSchedule, podToRemove.pod, nodeInfo);
      if (s && !s.isSuccess()) return asStatus(new Error(`running RemovePod on PreFilter plugin ${JSON.stringify(plugin)}: ${s.message()}`)).withPlugin(plugin);
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: pods nominated to this node with priority at least the pod's
   * are counted as if already there. When there are such pods the filters run twice — with them, and
   * (if that passed) without them — because a nominated pod may never land, and the pod must fit
   * either way (e.g. inter-pod affinity to a nominated pod must not be relied on).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo, verdicts?: PluginVerdict[]): Status | null {
    const nominator = this.handle.nominator;
    if (nominator.isEmpty?.()) return this.runFilterPlugins(state, pod, nodeInfo, verdicts);
    const nominated = nodeInfo.node ? nominator.nominatedPodsForNode(nodeInfo.name) : EMPTY_PODS;
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo, verdicts);
    const prio = podPriority(pod);
    const uid = pod.metadata?.uid;
    let nodeOut: NodeInfo | null = null;
    let stateOut: CycleState | null = null;
    for (const pi of nominated) {
      if (podPriority(pi.pod) < prio || pi.pod.metadata?.uid === uid) continue;
      if (!nodeOut) { nodeOut = nodeInfo.clone(); stateOut = state.clone(); }
      nodeOut.addPod(pi);
      const s = this.runPreFilterExtensionAddPod(stateOut!, pod, pi, nodeOut);
      if (s) return s;
    }
    if (!nodeOut) return this.runFilterPlugins(state, pod, nodeInfo, verdicts);
    const first = this.runFilterPlugins(stateOut!, pod, nodeOut, verdicts);
    if (first) return first;
    return this.runFilterPlugins(state, pod, nodeInfo, verdicts ? [] : undefined);
  }

  private activeFilterPlugins(state: CycleState): FilterPlugin[] {
    const skip = state.skipFilterPlugins;
    if (skip.size === 0) return this.filterPlugins;
    if (state.activeFilterFor === skip) return state.activeFilter as FilterPlugin[];
    const active = this.filterPlugins.filter((p) => !skip.has(p.name));
    state.activeFilterFor = skip;
    state.activeFilter = active;
    return active;
  }

  /** Runs PostFilter plugins until one succeeds or says preemption cannot help. */
  runPostFilterPlugins(state: CycleState, pod: Pod, m: NodeToStatus): { result: PostFilterResult | null; status: Status } {
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      let r: PostFilterResult | null;
      let s: Status | null;
      try {
        ({ result: r, status: s } = pl.postFilter(state, pod, m));
      } catch (e) {
        r = null;
        s = asStatus(e);
      }
      if (!s || s.isSuccess()) return { result: r, status: (s ?? new Status('Success')).withPlugin(pl.name) };
      if (s.code === 'UnschedulableAndUnresolvable') return { result: r, status: s.withPlugin(pl.name) };
      if (!s.isRejected()) return { result: null, status: asStatus(new Error(s.message())).withPlugin(pl.name) };
      if (r && r.nominatedNodeName !== undefined) result = r;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name;
    }
    return { result, status: new Status('Unschedulable', reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace?: CycleTrace): Status | null {
    let skip: Set<string> | null = null;
    for (const pl of this.preScorePlugins) {
      let s: Status | null;
      try {
        s = pl.preScore(state, pod, nodes);
      } catch (e) {
        s = asStatus(e);
      }
      if (trace) trace.preScore.push(verdict(pl.name, s));
      if (s?.code === 'Skip') { (skip ??= new Set()).add(pl.name); continue; }
      if (s && !s.isSuccess()) return asStatus(new Error(`running PreScore plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
    }
    state.skipScorePlugins = skip ?? new Set();
    return null;
  }

  /**
   * Runs Score, NormalizeScore and applies weights. Returns the weighted totals (a scratch buffer,
   * valid until the next call; index i belongs to nodes[i]) or an error Status.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace?: CycleTrace): Float64Array | Status {
    const g = this.runScorePluginsSteps(state, pod, nodes, trace, false);
    for (;;) {
      const r = g.next();
      if (r.done) return r.value;
    }
  }

  /** runScorePlugins as a step generator: with `stepping`, stops before each plugin's Score and NormalizeScore. */
  *runScorePluginsSteps(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, Float64Array | Status, void> {
    const n = nodes.length;
    if (this.totals.length < n) this.totals = new Float64Array(Math.max(n, this.totals.length * 2));
    const totals = this.totals;
    totals.fill(0, 0, n);
    const skip = state.skipScorePlugins;
    const active: ScorePlugin[] = [];
    for (const pl of this.scorePlugins) if (!skip.has(pl.name)) active.push(pl);
    while (this.scoreBufs.length < active.length) this.scoreBufs.push(new Float64Array(0));
    let raws: number[][] | undefined;
    let norms: number[][] | undefined;
    if (trace) {
      raws = [];
      norms = [];
      trace.scorePlugins = active.map((p) => ({ name: p.name, weight: this.scorePluginWeight.get(p.name) ?? 1 }));
    }
    for (let k = 0; k < active.length; k++) {
      const pl = active[k]!;
      const w = this.scorePluginWeight.get(pl.name) ?? 1;
      if (stepping) yield { point: 'Score', plugin: pl.name, text: `Score: ${pl.name} (weight ${w}) on ${n} nodes` };
      if (this.scoreBufs[k]!.length < n) this.scoreBufs[k] = new Float64Array(Math.max(n, this.scoreBufs[k]!.length * 2));
      const buf = this.scoreBufs[k]!;
      for (let i = 0; i < n; i++) {
        let r: number | Status;
        try {
          r = pl.score(state, pod, nodes[i]!);
        } catch (e) {
          r = asStatus(e);
        }
        if (typeof r !== 'number') return asStatus(new Error(`running Score plugin ${JSON.stringify(pl.name)}: ${r.message()}`)).withPlugin(pl.name);
        buf[i] = r;
      }
      if (raws) raws.push(copyOut(buf, n));
      if (pl.normalizeScore) {
        if (stepping) yield { point: 'NormalizeScore', plugin: pl.name, text: `NormalizeScore: ${pl.name} scales its raw scores to 0..100` };
        const s = pl.normalizeScore(state, pod, { nodes, scores: buf.subarray(0, n), length: n });
        if (s && !s.isSuccess()) return asStatus(new Error(`running Normalize on Score plugins: plugin ${JSON.stringify(pl.name)} failed with: ${s.message()}`)).withPlugin(pl.name);
      }
      if (norms) norms.push(copyOut(buf, n));
      for (let i = 0; i < n; i++) {
        const v = buf[i]!;
        if (v > MAX_NODE_SCORE || v < MIN_NODE_SCORE) {
          return asStatus(new Error(`plugin ${JSON.stringify(pl.name)} returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`)).withPlugin(pl.name);
        }
        totals[i] = totals[i]! + v * w;
      }
      // While a class steps through, the table fills in plugin by plugin.
      if (stepping && trace && raws && norms) writeScoreRows(trace, nodes, raws, norms, totals);
    }
    if (trace && raws && norms) writeScoreRows(trace, nodes, raws, norms, totals);
    return totals;
  }

  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string, trace?: CycleTrace): Status | null {
    for (const pl of this.reservePlugins) {
      let s: Status | null;
      try { s = pl.reserve(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (trace) trace.reserve.push(verdict(pl.name, s));
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running Reserve plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  /** Unreserve runs in reverse order, for every Reserve plugin. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i]!.unreserve(state, pod, nodeName);
  }

  /**
   * Runs Permit plugins. A Wait verdict is reported as Wait; kubetab has no waiting-pods map yet
   * (no in-tree plugin waits), so the scheduler treats Wait as a rejection for now.
   */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string, trace?: CycleTrace): Status | null {
    let wait = false;
    for (const pl of this.permitPlugins) {
      let s: Status | null;
      try { s = pl.permit(state, pod, nodeName).status; } catch (e) { s = asStatus(e); }
      if (trace) trace.permit.push(verdict(pl.name, s));
      if (!s || s.isSuccess()) continue;
      if (s.isRejected()) return s.withPlugin(pl.name);
      if (s.code === 'Wait') { wait = true; continue; }
      return asStatus(new Error(`running Permit plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
    }
    return wait ? new Status('Wait', ['one or more plugins asked to wait and no plugin rejected pod']) : null;
  }

  runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string, trace?: CycleTrace): Status | null {
    for (const pl of this.preBindPlugins) {
      let s: Status | null;
      try { s = pl.preBind(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (trace) trace.preBind.push(verdict(pl.name, s));
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running PreBind plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  /** Runs Bind plugins until one does not Skip. */
  runBindPlugins(state: CycleState, pod: Pod, nodeName: string, trace?: CycleTrace): Status | null {
    if (this.bindPlugins.length === 0) return new Status('Skip');
    let last: Status | null = null;
    for (const pl of this.bindPlugins) {
      let s: Status | null;
      try { s = pl.bind(state, pod, nodeName); } catch (e) { s = asStatus(e); }
      if (trace) trace.bind.push(verdict(pl.name, s));
      last = s;
      if (s?.code === 'Skip') continue;
      if (s && !s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name);
        return asStatus(new Error(`running Bind plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name);
      }
      return null;
    }
    return last;
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) pl.postBind(state, pod, nodeName);
  }
}

const EMPTY_PODS: readonly PodInfo[] = [];

function copyOut(buf: Float64Array, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = buf[i]!;
  return out;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/**
 * Builds the framework for a profile whose plugins are already merged with the defaults. Throws, as
 * NewFramework does, on an unknown plugin, a plugin listed at a point it does not implement, a
 * duplicate, a missing or second QueueSort, no Bind, or a negative score weight.
 */
export function newFramework(profile: KubeSchedulerProfile, opts: FrameworkOptions): Framework {
  const f = new Framework(profile, opts.handle);
  const plugins = profile.plugins ?? {};
  const args = new Map<string, unknown>();
  for (const pc of profile.pluginConfig ?? []) {
    if (args.has(pc.name)) throw new Error(`repeated config for plugin ${pc.name}`);
    args.set(pc.name, pc.args);
  }

  // Every plugin named anywhere is built once.
  const needed: string[] = [];
  for (const point of ['multiPoint', ...EXTENSION_POINTS] as const) {
    for (const p of plugins[point]?.enabled ?? []) if (!needed.includes(p.name)) needed.push(p.name);
  }
  for (const name of needed) {
    const factory = opts.registry[name];
    if (!factory) throw new Error(`${name} does not exist`);
    const pl = factory(args.get(name), f.handle);
    f.plugins.set(name, pl);
  }

  const multi: PluginRef[] = plugins.multiPoint?.enabled ?? [];
  for (const ref of multi) {
    if (ref.weight !== undefined && ref.weight < 0) throw new Error(`score plugin ${JSON.stringify(ref.name)} has a negative weight`);
  }

  for (const point of EXTENSION_POINTS) {
    const set = plugins[point];
    const explicit: Plugin[] = [];
    const explicitNames = new Set<string>();
    for (const ref of set?.enabled ?? []) {
      const pl = f.plugins.get(ref.name)!;
      if (!implementsPoint(pl, point)) throw new Error(`plugin ${JSON.stringify(ref.name)} does not extend ${POINT_TITLE[point]} plugin`);
      if (explicitNames.has(ref.name)) throw new Error(`plugin ${JSON.stringify(ref.name)} already registered as ${JSON.stringify(POINT_TITLE[point])}`);
      explicitNames.add(ref.name);
      explicit.push(pl);
      if (point === 'score') {
        if (ref.weight !== undefined && ref.weight < 0) throw new Error(`score plugin ${JSON.stringify(ref.name)} has a negative weight`);
        f.scorePluginWeight.set(ref.name, ref.weight || 1);
      }
    }
    // MultiPoint expansion: explicit entries keep their order and win; multipoint plugins that
    // implement the point follow; the point's `disabled` (or `*`) keeps them out.
    const disabled = new Set((set?.disabled ?? []).map((d) => d.name));
    const fromMulti: Plugin[] = [];
    if (!disabled.has('*')) {
      const seen = new Set<string>();
      for (const ref of multi) {
        const pl = f.plugins.get(ref.name)!;
        if (!implementsPoint(pl, point)) continue;
        if (explicitNames.has(ref.name) || disabled.has(ref.name)) continue;
        if (seen.has(ref.name)) throw new Error(`plugin ${JSON.stringify(ref.name)} already registered as ${JSON.stringify(POINT_TITLE[point])}`);
        seen.add(ref.name);
        fromMulti.push(pl);
        if (point === 'score' && !f.scorePluginWeight.has(ref.name)) f.scorePluginWeight.set(ref.name, ref.weight || 1);
      }
    }
    // Order as the real expansion: explicit entries that override a MultiPoint plugin, then the
    // MultiPoint plugins, then the remaining explicit entries.
    const multiNames = new Set(multi.map((r) => r.name));
    const overrides = explicit.filter((p) => multiNames.has(p.name));
    const others = explicit.filter((p) => !multiNames.has(p.name));
    f._setList(point, [...overrides, ...fromMulti, ...others]);
  }

  if (f.queueSortPlugins.length === 0) throw new Error('no queue sort plugin is enabled');
  if (f.queueSortPlugins.length > 1) throw new Error('only one queue sort plugin can be enabled');
  if (f.bindPlugins.length === 0) throw new Error('at least one bind plugin is needed');
  for (const pl of f.scorePlugins) if (!f.scorePluginWeight.has(pl.name)) f.scorePluginWeight.set(pl.name, 1);
  return f;
}

/** The trace's score rows for the plugins run so far: raw, normalized and weighted per plugin, and the running total. */
function writeScoreRows(trace: CycleTrace, nodes: readonly NodeInfo[], raws: number[][], norms: number[][], totals: Float64Array): void {
  const np = raws.length;
  trace.scores = [];
  for (let i = 0; i < nodes.length; i++) {
    const raw = new Array<number>(np);
    const normalized = new Array<number>(np);
    const weighted = new Array<number>(np);
    for (let k = 0; k < np; k++) {
      raw[k] = raws[k]![i]!;
      normalized[k] = norms[k]![i]!;
      weighted[k] = normalized[k]! * trace.scorePlugins[k]!.weight;
    }
    trace.scores.push({ node: nodes[i]!.name, raw, normalized, weighted, total: totals[i]! });
  }
}
