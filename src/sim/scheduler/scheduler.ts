/**
 * kube-scheduler as a simulation component (pkg/scheduler/scheduler.go, eventhandlers.go,
 * schedule_one.go). It watches pods and nodes through informers, keeps its own cache (with assumed
 * pods), runs one scheduling cycle per clock event, binds through pods/binding, and on failure writes
 * the `FailedScheduling` event and the `PodScheduled=False` condition, as the real one does.
 *
 * Wiring (cluster.ts):
 *   const scheduler = new Scheduler({ clock, client, informers, recorder, stream, config, log });
 *   scheduler.start();            // before informers.start()
 * `recorder` should report as `default-scheduler`. Pods with another spec.schedulerName are left
 * alone unless a profile has that name.
 */
import type { Clock, TimerId } from '../clock';
import type { Component } from '../component';
import type { Client, EventRecorder, Informer, InformerFactory } from '../client/types';
import type { Stream } from '../rng';
import type { Node, Pod, PodCondition, StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { SchedulerCache } from './cache/cache';
import { withDefaults, type KubeSchedulerConfiguration } from './framework/config';
import { CycleState } from './framework/cycleState';
import {
  ActionType, AssignedPodDelete, AssignedPodUpdate, NodeAdd, NodeAllocatableChange, NodeAnnotationChange, NodeConditionChange, NodeLabelChange,
  NodeSpecUnschedulableChange, NodeTaintChange, type ClusterEvent,
} from './framework/events';
import { FitError, fitErrorMessage } from './framework/fitError';
import { Framework, newFramework } from './framework/framework';
import type { NodeInfo } from './framework/nodeInfo';
import { PodInfo, podPriority } from './framework/nodeInfo';
import type { Registry } from './framework/registry';
import { Status } from './framework/status';
import { newCycleTrace, TraceRing, type CycleTrace } from './framework/trace';
import type { QueuedPodInfo } from './framework/types';
import { requiredNodeSelectorAndAffinityMatch } from './plugins/helper/nodeSelector';
import { findMatchingUntoleratedTaint } from './plugins/helper/taints';
import { fitsRequest } from './plugins/nodeResourcesFit/nodeResourcesFit';
import { inTreeRegistry } from './plugins/registry';
import { SchedulingQueue } from './queue/schedulingQueue';
import { SchedulingAlgorithm, SchedulingError, drain } from './scheduleOne';
import type { Listers } from './framework/interface';
import type { CycleStep } from './framework/step';
import { checkConfiguration } from './framework/configCheck';
import { bindPluginFailed } from './errorLog';
import { discardKlog, structured } from '../client/klog';
import type { KlogSink } from '../client/klog';
import { namespaceLabels } from './plugins/helper/affinityTerms';

/** Event notes are cut to this many bytes (validation.NoteLengthLimit). */
export const NOTE_LENGTH_LIMIT = 1024;

export interface SchedulerOptions {
  clock: Clock;
  client: Client;
  informers: InformerFactory;
  /** Should report as `default-scheduler`. */
  recorder: EventRecorder;
  /** The tie-break stream (and preemption's offset). */
  stream: Stream;
  config?: KubeSchedulerConfiguration;
  /** Out-of-tree plugins, merged over the in-tree registry. */
  registry?: Registry;
  /** Glass-box traces: off by default (no cost); `capacity` cycles are kept. */
  trace?: { enabled: boolean; capacity?: number };
  /** Virtual ms between a pod becoming ready to schedule and its cycle running (UI pacing). */
  cycleLatencyMs?: number;
  log?: (message: string) => void;
  /** The process's klog (its container log): the errors kube-scheduler prints. */
  klog?: KlogSink;
  /**
   * Leader-elected: `start()` starts the informers (a standby lists and watches, keeping its cache and
   * queue current, as kube-scheduler does before it campaigns) but no cycle runs until `run()`.
   */
  awaitLeading?: boolean;
}

/** Cuts a message to 1024 bytes, ending in ` ...` when cut. */
export function truncateMessage(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  let cut = NOTE_LENGTH_LIMIT - suffix.length;
  // Do not split a UTF-8 sequence.
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return new TextDecoder().decode(bytes.subarray(0, cut)) + suffix;
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The node changes that can make a pod schedulable (eventhandlers.go nodeSchedulingPropertiesChange). */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  // Only becoming schedulable helps a pod.
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable && !newNode.spec?.unschedulable) out.push(NodeSpecUnschedulableChange);
  if (!sameFlatMap(newNode.status?.allocatable, oldNode.status?.allocatable) && JSON.stringify(newNode.status?.allocatable ?? {}) !== JSON.stringify(oldNode.status?.allocatable ?? {})) out.push(NodeAllocatableChange);
  if (!sameFlatMap(newNode.metadata?.labels, oldNode.metadata?.labels) && JSON.stringify(newNode.metadata?.labels ?? {}) !== JSON.stringify(oldNode.metadata?.labels ?? {})) out.push(NodeLabelChange);
  if (JSON.stringify(newNode.spec?.taints ?? []) !== JSON.stringify(oldNode.spec?.taints ?? [])) out.push(NodeTaintChange);
  const conds = (n: Node): string => JSON.stringify((n.status?.conditions ?? []).map((c) => [c.type, c.status]).sort());
  if (!sameConditionStatuses(newNode, oldNode) && conds(newNode) !== conds(oldNode)) out.push(NodeConditionChange);
  if (!sameFlatMap(newNode.metadata?.annotations, oldNode.metadata?.annotations) && JSON.stringify(newNode.metadata?.annotations ?? {}) !== JSON.stringify(oldNode.metadata?.annotations ?? {})) out.push(NodeAnnotationChange);
  return out;
}

/**
 * A cheap sufficient test for equal JSON of two string maps (the same keys in the same order, each
 * value identical); false only means "compare the JSON". Node updates mostly change heartbeat times.
 */
function sameFlatMap(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    const v = a[k];
    if (k !== kb[i] || v !== b[k] || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) return false;
  }
  return true;
}

/** A cheap sufficient test that the conditions' (type, status) pairs are the same: same order, same values. */
function sameConditionStatuses(a: Node, b: Node): boolean {
  const ca = a.status?.conditions ?? [];
  const cb = b.status?.conditions ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (ca[i]!.type !== cb[i]!.type || ca[i]!.status !== cb[i]!.status) return false;
  return true;
}

/**
 * Before moving pods on a node event, a cheap check that the pod could fit that node at all: node
 * name, required affinity/selector, resources, and untolerated NoSchedule taints (preCheckForNode).
 */
export function preCheckForNode(ni: NodeInfo): (pod: Pod) => boolean {
  return (pod) => {
    const node = ni.node;
    if (!node) return false;
    if (pod.spec?.nodeName && pod.spec.nodeName !== ni.name) return false;
    if (!requiredNodeSelectorAndAffinityMatch(pod, node)) return false;
    if (fitsRequest(new PodInfo(pod).requests, ni).length > 0) return false;
    return !findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoSchedule');
  };
}

export class Scheduler implements Component {
  readonly name = 'kube-scheduler';
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly profiles = new Map<string, Framework>();
  readonly algorithm: SchedulingAlgorithm;
  private readonly clock: Clock;
  private readonly client: Client;
  private readonly informers: InformerFactory;
  private readonly recorder: EventRecorder;
  private readonly log: (m: string) => void;
  private readonly klog: KlogSink;
  private podInformer: Informer<Pod & StoredObject> | undefined;
  private nodeInformer: Informer<Node & StoredObject> | undefined;
  /** API objects plugins read (Services, ReplicaSets, PVCs, PDBs, Namespaces…). */
  readonly listers: Listers;
  /** In step mode the clock runs no cycles; `beginStep()` runs one a step at a time. */
  private stepMode = false;
  private activeStepper: SchedulingCycleStepper | undefined;
  private ring: TraceRing | undefined;
  private cycleTimer: TimerId | undefined;
  private readonly cycleLatencyMs: number;
  private stopped = false;
  /** Whether the scheduling loop runs (sched.Run was called): at start, unless it waits to lead. */
  private running: boolean;
  private cycleCount = 0;

  constructor(opts: SchedulerOptions) {
    this.clock = opts.clock;
    this.client = opts.client;
    this.informers = opts.informers;
    this.recorder = opts.recorder;
    this.log = opts.log ?? (() => {});
    this.klog = opts.klog ?? discardKlog;
    this.cycleLatencyMs = opts.cycleLatencyMs ?? 0;
    this.running = !opts.awaitLeading;
    if (opts.trace?.enabled) this.ring = new TraceRing(opts.trace.capacity ?? 100);
    const registry: Registry = { ...inTreeRegistry(), ...(opts.registry ?? {}) };
    // Decoded and checked as kube-scheduler does at start-up: the plugins see only well-typed args.
    const inTree = inTreeRegistry();
    const config = checkConfiguration(opts.config, { extraPlugins: new Set(Object.keys(opts.registry ?? {}).filter((n) => !(n in inTree))) });
    const cfg = withDefaults(config, (n) => !!registry[n]);
    const listers: Listers = {
      list: <T>(resource: string, namespace?: string) => (this.listerInformer(resource)?.list(namespace) ?? []) as unknown as readonly T[],
      get: <T>(resource: string, namespace: string | undefined, name: string) => this.listerInformer(resource)?.get(namespace ? `${namespace}/${name}` : name) as T | undefined,
    };
    this.listers = listers;
    this.algorithm = new SchedulingAlgorithm(opts.stream, cfg.percentageOfNodesToScore);
    for (const profile of cfg.profiles) {
      const fwk = newFramework(profile, {
        registry,
        handle: { clock: opts.clock, client: opts.client, recorder: opts.recorder, stream: opts.stream, snapshot: () => this.cache, listers, nominator: { nominatedPodsForNode: (n) => this.queue.nominator.nominatedPodsForNode(n), isEmpty: () => this.queue.nominator.isEmpty() } },
      });
      if (this.profiles.has(fwk.profileName)) throw new Error(`duplicate profile with scheduler name ${JSON.stringify(fwk.profileName)}`);
      this.profiles.set(fwk.profileName, fwk);
    }
    const first = [...this.profiles.values()][0]!;
    for (const f of this.profiles.values()) {
      if (f.queueSortPlugins[0]!.name !== first.queueSortPlugins[0]!.name) throw new Error('different queue sort plugins for profile ' + JSON.stringify(f.profileName));
    }
    const events = new Map<string, readonly ClusterEvent[]>();
    for (const f of this.profiles.values()) for (const [k, v] of f.eventsByPlugin()) events.set(k, v);
    this.queue = new SchedulingQueue({
      clock: opts.clock,
      less: (a, b) => first.queueSortLess(a, b),
      preEnqueue: (pod) => this.profiles.get(pod.spec?.schedulerName ?? '')?.runPreEnqueuePlugins(pod) ?? null,
      eventsByPlugin: (name) => events.get(name),
      podInitialBackoffMs: cfg.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: cfg.podMaxBackoffSeconds * 1000,
      onActive: () => this.armCycle(),
      namespaceLabels: (ns) => namespaceLabels(listers, ns),
    });
  }

  /** The informers behind the listers, created on first use (before start) or at start. */
  private readonly listerInformers = new Map<string, Informer>();
  private listerInformer(resource: string): Informer | undefined {
    return this.listerInformers.get(resource);
  }

  /** Registers the informer handlers. Call before the informer factory starts. */
  start(): void {
    for (const r of LISTER_RESOURCES) this.listerInformers.set(r, this.informers.informer(r));
    // Storage objects can make a pod schedulable (VolumeBinding, VolumeZone, NodeVolumeLimits…).
    const storageEvent = (resource: 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass' | 'CSINode', action: number, label: string): ClusterEvent => ({ resource, actionType: action, label });
    for (const [plural, kind] of [['persistentvolumeclaims', 'PersistentVolumeClaim'], ['persistentvolumes', 'PersistentVolume'], ['storageclasses', 'StorageClass'], ['csinodes', 'CSINode']] as const) {
      this.listerInformers.get(plural)!.addEventHandler({
        add: () => this.queue.moveAllToActiveOrBackoffQueue(storageEvent(kind, ActionType.Add, `${kind}Add`)),
        update: (o, n) => {
          if (o.metadata.resourceVersion !== n.metadata.resourceVersion) this.queue.moveAllToActiveOrBackoffQueue(storageEvent(kind, ActionType.UpdateNodeLabel | ActionType.UpdatePodLabel | ActionType.UpdateNodeAllocatable, `${kind}Update`));
        },
      });
    }
    const pods = (this.podInformer = this.informers.informer<Pod & StoredObject>('pods'));
    const nodes = (this.nodeInformer = this.informers.informer<Node & StoredObject>('nodes'));
    nodes.addEventHandler({
      add: (n) => this.addNode(n),
      update: (o, n) => this.updateNode(o, n),
      delete: (n) => this.cache.removeNode(n),
    });
    const assigned = (p: Pod): boolean => !!p.spec?.nodeName && !isTerminal(p);
    const unassigned = (p: Pod): boolean => !p.spec?.nodeName && !isTerminal(p) && this.profiles.has(p.spec?.schedulerName ?? 'default-scheduler');
    pods.addEventHandler({
      add: (p) => {
        if (assigned(p)) this.addAssignedPod(p);
        else if (unassigned(p)) this.queue.add(p);
      },
      update: (o, p) => {
        // Assigned pods: the cache follows them (client-go FilteringResourceEventHandler semantics).
        const oa = assigned(o);
        const na = assigned(p);
        if (oa && na) {
          this.cache.updatePod(o, p);
          this.queue.assignedPodAdded(p, AssignedPodUpdate);
        }
        else if (!oa && na) this.addAssignedPod(p);
        else if (oa && !na) this.deleteAssignedPod(o);
        // Unassigned pods: the queue follows them.
        const ou = unassigned(o);
        const nu = unassigned(p);
        if (ou && nu) {
          if (o.metadata?.resourceVersion === p.metadata?.resourceVersion) return;
          if (this.cache.isAssumedPod(p)) return;
          this.queue.update(o, p);
        } else if (!ou && nu) this.queue.add(p);
        else if (ou && !nu) this.queue.delete(o);
      },
      delete: (p) => {
        if (assigned(p)) this.deleteAssignedPod(p);
        else if (unassigned(p)) this.queue.delete(p);
      },
    });
    this.informers.start();
  }

  /** Whether every informer has listed (WaitForCacheSync; the handlers run as each list arrives). */
  hasSynced(): boolean {
    if (!this.podInformer?.hasSynced() || !this.nodeInformer?.hasSynced()) return false;
    for (const inf of this.listerInformers.values()) if (!inf.hasSynced()) return false;
    return true;
  }

  /** The scheduling loop starts (OnStartedLeading → sched.Run): the pods queued meanwhile are scheduled. */
  run(): void {
    if (this.running) return;
    this.running = true;
    if (this.queue.activeLength() > 0) this.armCycle();
  }

  stop(): void {
    this.stopped = true;
    this.clock.cancel(this.cycleTimer);
    this.cycleTimer = undefined;
    this.queue.close();
  }

  /** The last cycles' traces, oldest first (empty when tracing is off). */
  traces(): CycleTrace[] {
    return this.ring?.list() ?? [];
  }

  /**
   * A restarted kube-scheduler process starts empty, but the glass box watching it is outside the
   * process: the new instance keeps the old one's traces, cycle numbering and step mode.
   */
  inheritGlassBox(previous: Scheduler): void {
    this.ring = previous.ring;
    this.cycleCount = previous.cycleCount;
    if (previous.stepMode) this.setStepMode(true);
  }

  /** Turns the glass box on or off at run time. */
  setTracing(enabled: boolean, capacity = 100): void {
    this.ring = enabled ? (this.ring && this.ring.capacity === capacity ? this.ring : new TraceRing(capacity)) : undefined;
  }

  // ---- informer handlers -----------------------------------------------------------------------

  private addNode(n: Node): void {
    const ni = this.cache.addNode(n);
    this.queue.moveAllToActiveOrBackoffQueue(NodeAdd, preCheckForNode(ni));
  }

  private updateNode(o: Node, n: Node): void {
    const ni = this.cache.updateNode(o, n);
    for (const ev of nodeSchedulingPropertiesChange(n, o)) this.queue.moveAllToActiveOrBackoffQueue(ev, preCheckForNode(ni));
  }

  private addAssignedPod(p: Pod): void {
    this.cache.addPod(p);
    this.queue.assignedPodAdded(p);
  }

  private deleteAssignedPod(p: Pod): void {
    this.cache.removePod(p);
    this.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete);
  }

  // ---- the loop --------------------------------------------------------------------------------

  private armCycle(): void {
    if (this.cycleTimer !== undefined || this.stopped || this.stepMode || !this.running) return;
    this.cycleTimer = this.clock.after(this.cycleLatencyMs, this.nextCycleLabel, () => {
      this.cycleTimer = undefined;
      this.scheduleOne();
      if (this.queue.activeLength() > 0) this.armCycle();
    });
  }

  private readonly nextCycleLabel = (): string => this.cycleLabel();

  /** The Step button's name for the next cycle: the pod at the head of activeQ. */
  private cycleLabel(): string {
    const pod = this.queue.peekActive();
    return pod ? `kube-scheduler: schedule ${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}` : 'kube-scheduler: scheduleOne';
  }

  /** Runs one scheduling cycle for the next pod in activeQ. Returns false if there was none. */
  scheduleOne(): boolean {
    const q = this.queue.pop();
    if (!q) return false;
    const trace = this.ring ? this.newTrace(q) : undefined;
    try {
      drain(this.cycleSteps(q, trace, false));
    } finally {
      if (trace) this.ring?.push(trace);
    }
    return true;
  }

  // ---- step-through ----------------------------------------------------------------------------

  /**
   * Step mode: while on, the clock runs no scheduling cycles (pods wait in activeQ); `beginStep()`
   * pops the next pod and returns a stepper that performs its cycle one extension point at a time.
   * Turning step mode off resumes normal scheduling (finishing an open stepper first).
   */
  setStepMode(on: boolean): void {
    if (this.stepMode === on) return;
    this.stepMode = on;
    if (!on) {
      this.activeStepper?.finish();
      this.activeStepper = undefined;
      if (this.queue.activeLength() > 0) this.armCycle();
    } else {
      this.clock.cancel(this.cycleTimer);
      this.cycleTimer = undefined;
    }
  }

  isStepMode(): boolean {
    return this.stepMode;
  }

  /**
   * Pops the next pod and starts its cycle, stopped before the first step. Undefined when activeQ is
   * empty. Only one stepper is open at a time; a new one finishes the previous one first.
   * Usable with the cluster clock paused: every step runs synchronously inside `next()`.
   */
  beginStep(): SchedulingCycleStepper | undefined {
    this.activeStepper?.finish();
    this.activeStepper = undefined;
    const q = this.queue.pop();
    if (!q) return undefined;
    const trace = this.newTrace(q);
    const stepper = new SchedulingCycleStepper(this.cycleSteps(q, trace, true), trace, () => {
      this.ring?.push(trace);
      if (this.activeStepper === stepper) this.activeStepper = undefined;
    });
    this.activeStepper = stepper;
    return stepper;
  }

  private newTrace(q: QueuedPodInfo): CycleTrace {
    const pod = q.podInfo.pod;
    const fwk = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    return newCycleTrace(this.cycleCount + 1, this.clock.now(), fwk?.profileName ?? '', { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '', priority: podPriority(pod) }, q.attempts);
  }

  /** One whole cycle (scheduling and binding) as a step generator; see scheduleOne.ts. */
  private *cycleSteps(q: QueuedPodInfo, trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, void, void> {
    const pod = q.podInfo.pod;
    const fwk = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    const cycle = this.queue.schedulingCycle;
    this.cycleCount++;
    if (!fwk) {
      this.log(`scheduler: no profile for scheduler name ${JSON.stringify(pod.spec?.schedulerName)}; skipping ${keyOf(pod)}`);
      return;
    }
    // A pod being deleted, or one already assumed, is not scheduled again.
    if (pod.metadata?.deletionTimestamp || this.cache.isAssumedPod(pod)) return;
    yield* this.schedulingCycle(fwk, q, cycle, trace, stepping);
  }

  private *schedulingCycle(fwk: Framework, q: QueuedPodInfo, cycle: number, trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, void, void> {
    const pod = q.podInfo.pod;
    const state = new CycleState();
    state.trace = trace;
    const res = yield* this.algorithm.schedulePodSteps(fwk, state, pod, this.cache, trace, stepping);

    if (res instanceof FitError) {
      let nominated: string | undefined;
      if (fwk.hasPostFilterPlugins()) {
        if (stepping) yield { point: 'PostFilter', text: `PostFilter: ${fwk.postFilterPlugins.map((p) => p.name).join(', ')} (no node fits; try preemption)` };
        const m = new Map(res.diagnosis.nodeToStatus);
        if (res.diagnosis.absentNodesStatus) for (const ni of this.cache.nodeInfoList) if (!m.has(ni.name)) m.set(ni.name, res.diagnosis.absentNodesStatus);
        const { result, status } = fwk.runPostFilterPlugins(state, pod, m);
        res.diagnosis.postFilterMsg = status.message();
        nominated = result?.nominatedNodeName;
        if (trace) trace.postFilter = { plugin: status.plugin, code: status.code, reasons: [...status.reasons], ...(nominated !== undefined ? { nominatedNodeName: nominated } : {}) };
      }
      q.unschedulablePlugins = res.diagnosis.unschedulablePlugins;
      q.pendingPlugins = res.diagnosis.pendingPlugins;
      const msg = res.error();
      if (trace) { trace.outcome = 'Unschedulable'; trace.message = msg; }
      this.handleSchedulingFailure(q, cycle, 'Unschedulable', msg, nominated);
      return;
    }
    if (res instanceof SchedulingError) {
      const s = res.status;
      q.unschedulablePlugins = new Set();
      q.pendingPlugins = new Set();
      if (trace) { trace.outcome = s.isRejected() ? 'Unschedulable' : 'Error'; trace.message = s.message(); }
      this.handleSchedulingFailure(q, cycle, s.isRejected() ? 'Unschedulable' : 'SchedulerError', s.message(), s.isRejected() ? '' : undefined);
      return;
    }

    // Assume: the cache counts the pod on its node now, so the next cycle sees the resources taken.
    const host = res.suggestedHost;
    const assumed = deepCopy(pod);
    assumed.spec = { ...(assumed.spec ?? { containers: [] }), nodeName: host };
    this.cache.assumePod(assumed);
    // A pod that got a node no longer holds a nomination.
    this.queue.nominator.delete(pod);

    const failInCycle = (s: Status): void => {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      let msg = s.message();
      if (s.isRejected()) {
        // A rejection at Reserve/Permit reads like a FitError over the one chosen node.
        msg = fitErrorMessage(1, '', new Map([[host, s]]), '');
        q.unschedulablePlugins = new Set(s.plugin ? [s.plugin] : []);
      }
      if (trace) { trace.outcome = s.isRejected() ? 'Unschedulable' : 'Error'; trace.message = msg; }
      this.handleSchedulingFailure(q, cycle, s.isRejected() ? 'Unschedulable' : 'SchedulerError', msg, '');
    };
    if (stepping && fwk.reservePlugins.length) yield { point: 'Reserve', node: host, text: `Reserve: ${fwk.reservePlugins.map((p) => p.name).join(', ')} on ${host}` };
    const rs = fwk.runReservePluginsReserve(state, assumed, host, trace);
    if (rs) return failInCycle(rs);
    if (stepping && fwk.permitPlugins.length) yield { point: 'Permit', node: host, text: `Permit: ${fwk.permitPlugins.map((p) => p.name).join(', ')}` };
    const ps = fwk.runPermitPlugins(state, assumed, host, trace);
    // TODO(permit): a waiting-pods map; until then Wait is treated as a rejection.
    if (ps) return failInCycle(ps.code === 'Wait' ? new Status('Unschedulable', ps.reasons).withPlugin(ps.plugin) : ps);

    yield* this.bindingCycle(fwk, state, q, cycle, assumed, host, trace, stepping);
  }

  private *bindingCycle(fwk: Framework, state: CycleState, q: QueuedPodInfo, cycle: number, assumed: Pod, host: string, trace: CycleTrace | undefined, stepping: boolean): Generator<CycleStep, void, void> {
    const fail = (s: Status): void => {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      this.cache.forgetPod(assumed);
      // Forgetting frees the node's resources: other pods may fit now.
      const uid = assumed.metadata?.uid;
      if (s.isRejected()) this.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete, (p) => p.metadata?.uid !== uid);
      else this.queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete);
      q.unschedulablePlugins = s.isRejected() && s.plugin ? new Set([s.plugin]) : new Set();
      if (trace) { trace.outcome = s.isRejected() ? 'Unschedulable' : 'Error'; trace.message = s.message(); }
      this.handleSchedulingFailure(q, cycle, s.isRejected() ? 'Unschedulable' : 'SchedulerError', s.message(), '');
    };
    if (stepping && fwk.preBindPlugins.length) yield { point: 'PreBind', node: host, text: `PreBind: ${fwk.preBindPlugins.map((p) => p.name).join(', ')}` };
    const pb = fwk.runPreBindPlugins(state, assumed, host, trace);
    if (pb) return fail(pb);
    if (stepping) yield { point: 'Bind', node: host, text: `Bind: ${fwk.bindPlugins.map((p) => p.name).join(', ')} writes pods/binding to ${host}` };
    const b = fwk.runBindPlugins(state, assumed, host, trace);
    if (b && b.code === 'Error' && b.plugin) this.klog('E', 'framework.go:1316', bindPluginFailed(b, assumed, host));
    if (b) return fail(b);
    this.cache.finishBinding(assumed);
    if (trace) trace.outcome = 'Scheduled';
    this.recorder.event(assumed, 'Normal', 'Scheduled', `Successfully assigned ${assumed.metadata?.namespace ?? ''}/${assumed.metadata?.name ?? ''} to ${host}`, 'Binding');
    fwk.runPostBindPlugins(state, assumed, host);
  }

  /**
   * handleSchedulingFailure: puts the pod back (unless it is gone or got a node meanwhile), records
   * `FailedScheduling`, and sets PodScheduled=False with the full message (and the nomination).
   * `nominatedNodeName`: undefined leaves it, '' clears it, a name sets it.
   */
  private handleSchedulingFailure(q: QueuedPodInfo, cycle: number, reason: 'Unschedulable' | 'SchedulerError', message: string, nominatedNodeName: string | undefined): void {
    const pod = q.podInfo.pod;
    const key = keyOf(pod);
    // A pod that fits nowhere is logged at V(2) only; any other failure is an error, printed.
    if (reason === 'SchedulerError') this.klog('E', 'schedule_one.go:1057', structured('Error scheduling pod; retrying', ['err', message], ['pod', key]));
    const cached = this.podInformer?.get(key) as Pod | undefined;
    if (!cached) {
      this.log(`scheduler: pod ${key} doesn't exist in informer cache`);
    } else if (cached.spec?.nodeName) {
      this.log(`scheduler: pod ${key} has been assigned to node ${cached.spec.nodeName}; not adding it back to the queue`);
    } else {
      q.podInfo = new PodInfo(cached);
      // The nomination PostFilter made (or cleared) counts from now on, before the status write lands.
      if (nominatedNodeName !== undefined) this.queue.nominator.add(q.podInfo, nominatedNodeName);
      this.queue.addUnschedulableIfNotPresent(q, cycle);
    }
    this.recorder.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message), 'Scheduling');
    this.updatePodScheduledCondition(cached ?? pod, { type: 'PodScheduled', status: 'False', reason, message }, nominatedNodeName);
  }

  private updatePodScheduledCondition(pod: Pod, cond: PodCondition, nominatedNodeName: string | undefined): void {
    const old = (pod.status?.conditions ?? []).find((c) => c.type === cond.type);
    const now = this.clock.timestamp();
    const next: PodCondition = { ...cond, lastProbeTime: null as unknown as undefined, lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : now };
    const changed = !old || old.status !== next.status || old.reason !== next.reason || old.message !== next.message || old.lastTransitionTime !== next.lastTransitionTime;
    const nnnChanged = nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominatedNodeName;
    if (!changed && !nnnChanged) return;
    const status: Record<string, unknown> = { conditions: [next] };
    if (nnnChanged) status.nominatedNodeName = nominatedNodeName || null;
    try {
      this.client.patch('pods', pod.metadata?.namespace, pod.metadata?.name ?? '', { status }, { type: 'strategic', subresource: 'status' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log(`scheduler: error updating pod ${keyOf(pod)}: ${message}`);
      this.klog('E', 'schedule_one.go:1101', structured('Error updating pod', ['err', message], ['pod', keyOf(pod)]));
    }
  }
}

/** The API objects the scheduler's plugins read, each through an informer. */
export const LISTER_RESOURCES = [
  'namespaces', 'services', 'replicasets', 'statefulsets', 'replicationcontrollers',
  'persistentvolumeclaims', 'persistentvolumes', 'storageclasses', 'csinodes', 'poddisruptionbudgets',
] as const;

/**
 * One scheduling cycle, performed a step at a time (the engine side of the UI's "step scheduling").
 *
 *   const st = scheduler.beginStep();   // pops the pod; stopped before the first step
 *   st.peek();                          // { point: 'PreFilter', text: 'PreFilter: …' }
 *   st.next();                          // performs it; returns the step after, or undefined at the end
 *   st.trace;                           // the CycleTrace filling in as steps run
 *
 * Going back is done by replay: a cycle is deterministic from its start, so the scenario layer
 * rewinds to the moment before the pop and steps forward again.
 */
export class SchedulingCycleStepper {
  private current: IteratorResult<CycleStep, void>;
  /** Steps performed so far. */
  readonly performed: CycleStep[] = [];

  constructor(
    private readonly gen: Generator<CycleStep, void, void>,
    /** The cycle's trace, filled in as the steps run. */
    readonly trace: CycleTrace,
    private readonly onDone: () => void,
  ) {
    // Run up to the first stop (nothing is performed before it).
    this.current = gen.next();
    if (this.current.done) this.onDone();
  }

  get done(): boolean {
    return !!this.current.done;
  }

  /** The step the next `next()` will perform, or undefined when the cycle is over. */
  peek(): CycleStep | undefined {
    return this.current.done ? undefined : this.current.value;
  }

  /** Performs the pending step; returns the one after it (undefined when the cycle ended). */
  next(): CycleStep | undefined {
    if (this.current.done) return undefined;
    this.performed.push(this.current.value);
    this.current = this.gen.next();
    if (this.current.done) this.onDone();
    return this.peek();
  }

  /** Performs every remaining step. */
  finish(): void {
    while (!this.current.done) this.next();
  }
}
