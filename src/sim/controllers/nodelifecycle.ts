/**
 * NodeLifecycleController (k8s.io/kubernetes pkg/controller/nodelifecycle): watches node heartbeats
 * and turns silence into conditions and taints.
 *
 * Facts carried over from the 1.31 controller:
 * - every node-monitor-period (5s) each node's health is checked: a heartbeat is a change of the Ready
 *   condition's lastHeartbeatTime or a newer renewTime on the node's Lease in kube-node-lease;
 * - after node-monitor-grace-period (40s; 60s node-startup-grace-period for a node that never posted
 *   Ready) without one, Ready, MemoryPressure, DiskPressure and PIDPressure become `Unknown` with reason
 *   `NodeStatusUnknown` and message `Kubelet stopped posting node status.` (`NodeStatusNeverUpdated` /
 *   `Kubelet never posted node status.` for a condition that was never posted);
 * - at that transition the Node gets a `NodeNotReady` event (`Node <n> status is now: NodeNotReady`)
 *   and every pod on it has its Ready condition set to False, with a `NodeNotReady` warning
 *   `Node is not ready` on each pod;
 * - taint-based eviction: a node observed with Ready=Unknown gets `node.kubernetes.io/unreachable:NoExecute`,
 *   Ready=False `node.kubernetes.io/not-ready:NoExecute` (swapped for each other when the state flips),
 *   both removed once Ready=True. Tainting is rate limited per zone (node-eviction-rate 0.1/s, one node
 *   per 10s); removal is not;
 * - NoSchedule taints follow the conditions on every node update (TaintNodesByCondition):
 *   not-ready / unreachable / memory-pressure / disk-pressure / pid-pressure / network-unavailable, and
 *   `node.kubernetes.io/unschedulable` for a cordoned node;
 * - `RegisteredNode` (`Node <n> event: Registered Node <n> in Controller`) when a node is first seen and
 *   `RemovingNode` when it goes.
 *
 * Not modelled: zone disruption states (the secondary eviction rate, and the halt of evictions when a
 * whole zone is down), large-cluster thresholds.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Lease, Node, NodeCondition, Pod, StoredObject, Taint } from '../types';
import { deepCopy } from '../types';
import { isStatusError } from '../api/types';
import { ensureIndexer, errText, timeMs } from './internal/util';

type NodeObj = Node & StoredObject;
type PodObj = Pod & StoredObject;
type LeaseObj = Lease & StoredObject;

export const NODE_MONITOR_PERIOD_MS = 5_000;
/** node-monitor-grace-period through 1.31 (50s from 1.32). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** node-eviction-rate 0.1 nodes/s: one NoExecute tainting per 10s per zone. */
export const NODE_EVICTION_INTERVAL_MS = 10_000;

export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';
export const TaintNodeMemoryPressure = 'node.kubernetes.io/memory-pressure';
export const TaintNodeDiskPressure = 'node.kubernetes.io/disk-pressure';
export const TaintNodePIDPressure = 'node.kubernetes.io/pid-pressure';
export const TaintNodeNetworkUnavailable = 'node.kubernetes.io/network-unavailable';

/** Which condition status means which NoSchedule taint (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TaintNodeNotReady, Unknown: TaintNodeUnreachable },
  MemoryPressure: { True: TaintNodeMemoryPressure },
  DiskPressure: { True: TaintNodeDiskPressure },
  NetworkUnavailable: { True: TaintNodeNetworkUnavailable },
  PIDPressure: { True: TaintNodePIDPressure },
};
const NO_SCHEDULE_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TaintNodeUnschedulable]);

/** The conditions the controller marks Unknown when the kubelet goes silent. */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export const POD_INDEX_BY_NODE = 'kcm:podsByNodeName';

interface NodeHealth {
  /** virtual ms of the last heartbeat we saw */
  probeMs: number;
  readyTransitionMs: number;
  /** lastHeartbeatTime of the Ready condition last seen */
  heartbeat: string | undefined;
  leaseRenew: string | undefined;
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

function taintKey(t: Taint): string {
  return `${t.key}|${t.effect}`;
}

/** Installs the shared pods-by-node index (controllers sharing one factory share it). */
export function installPodsByNode(pods: Informer<PodObj>): void {
  ensureIndexer(pods, POD_INDEX_BY_NODE, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
}

export class NodeLifecycleController implements Component {
  readonly name = 'node-lifecycle-controller';
  static readonly eventSource = 'node-controller';
  static readonly user = 'system:serviceaccount:kube-system:node-controller';

  monitorPeriodMs = NODE_MONITOR_PERIOD_MS;
  gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS;
  startupGracePeriodMs = NODE_STARTUP_GRACE_PERIOD_MS;
  evictionIntervalMs = NODE_EVICTION_INTERVAL_MS;

  private readonly nodes: Informer<NodeObj>;
  private readonly pods: Informer<PodObj>;
  private readonly leases: Informer<LeaseObj>;
  /** doNoScheduleTaintingPass, per node */
  private readonly noScheduleQueue: WorkQueue;
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  /** nodes waiting for their NoExecute taint, in order (the zone tainter's rate-limited queue) */
  private readonly toTaint = new Map<string, 'not-ready' | 'unreachable'>();
  private nextTaintAtMs = Number.NEGATIVE_INFINITY;
  private taintTimer: number | undefined;
  private monitorTimer: number | undefined;
  private stopped = false;

  constructor(private readonly ctx: ComponentContext) {
    this.nodes = ctx.informers.informer<NodeObj>('nodes');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.leases = ctx.informers.informer<LeaseObj>('leases', { namespace: 'kube-node-lease' });
    this.noScheduleQueue = ctx.newQueue('node_lifecycle_taint', (name) => this.doNoScheduleTaintingPass(name));
  }

  start(): void {
    installPodsByNode(this.pods);
    this.nodes.addEventHandler({
      add: (n) => {
        this.noScheduleQueue.add(n.metadata.name);
      },
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        this.noScheduleQueue.add(cur.metadata.name);
      },
      delete: (n) => this.nodeGone(n),
    });
    this.leases.addEventHandler({});
    this.pods.addEventHandler({});
    this.ctx.informers.start();
    this.monitorTimer = this.ctx.clock.after(this.monitorPeriodMs, 'node-lifecycle: monitor', () => this.monitorLoop());
  }

  stop(): void {
    this.stopped = true;
    this.ctx.clock.cancel(this.monitorTimer);
    this.ctx.clock.cancel(this.taintTimer);
  }

  private monitorLoop(): void {
    if (this.stopped) return;
    try {
      this.monitorNodeHealth();
    } catch (e) {
      this.ctx.log(`monitorNodeHealth: ${errText(e)}`);
    }
    this.monitorTimer = this.ctx.clock.after(this.monitorPeriodMs, 'node-lifecycle: monitor', () => this.monitorLoop());
  }

  private nodeRef(name: string) {
    // RecordNodeEvent refers to the Node with its name as UID, as the real helper does.
    return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
  }

  private nodeGone(n: NodeObj): void {
    const name = n.metadata.name;
    if (!this.known.delete(name)) return;
    this.health.delete(name);
    this.toTaint.delete(name);
    this.ctx.recorder.event(this.nodeRef(name), 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
  }

  /** monitorNodeHealth: one pass over every node. */
  monitorNodeHealth(): void {
    if (!this.nodes.hasSynced() || !this.leases.hasSynced()) return;
    const list = [...this.nodes.list()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const node of list) {
      const name = node.metadata.name;
      if (!this.known.has(name)) {
        this.known.add(name);
        this.ctx.recorder.event(this.nodeRef(name), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      }
      let result: { observed: NodeCondition; current: NodeCondition | undefined };
      try {
        result = this.tryUpdateNodeHealth(node);
      } catch (e) {
        this.ctx.log(`updating health of node ${name}: ${errText(e)}`);
        continue;
      }
      const { observed, current } = result;
      if (!current) continue;
      this.processTaintBaseEviction(node, observed);
      if (current.status !== 'True' && observed.status === 'True') {
        this.ctx.recorder.event(this.nodeRef(name), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        this.markPodsNotReady(name);
      }
    }
  }

  private tryUpdateNodeHealth(node: NodeObj): { observed: NodeCondition; current: NodeCondition | undefined } {
    const now = this.ctx.clock.now();
    const name = node.metadata.name;
    let h = this.health.get(name);
    const cur = readyCondition(node);
    let grace: number;
    let observed: NodeCondition;
    if (!cur) {
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
      grace = this.startupGracePeriodMs;
      if (!h) {
        const created = timeMs(node.metadata.creationTimestamp) ?? now;
        h = { probeMs: created, readyTransitionMs: created, heartbeat: undefined, leaseRenew: undefined };
      }
    } else {
      observed = { ...cur };
      grace = this.gracePeriodMs;
      if (!h) {
        h = { probeMs: now, readyTransitionMs: now, heartbeat: cur.lastHeartbeatTime, leaseRenew: undefined };
      } else if (cur.lastHeartbeatTime !== h.heartbeat) {
        h.heartbeat = cur.lastHeartbeatTime;
        h.probeMs = now;
      }
    }
    const lease = this.leases.get(`kube-node-lease/${name}`);
    const renew = lease?.spec?.renewTime;
    // The same renewTime string as last seen is no newer: skip parsing both (the common case).
    if (renew && renew !== h.leaseRenew && (h.leaseRenew === undefined || (timeMs(renew) ?? 0) > (timeMs(h.leaseRenew) ?? 0))) {
      h.leaseRenew = renew;
      h.probeMs = now;
    }
    this.health.set(name, h);
    if (now <= h.probeMs + grace) return { observed, current: cur };

    // No heartbeat within the grace period: everything the kubelet reports is now unknown.
    const next = deepCopy(node) as NodeObj;
    const conds = (next.status ??= {}).conditions ?? [];
    const ts = this.ctx.clock.timestamp(now);
    let changed = false;
    for (const type of MONITORED_CONDITIONS) {
      const c = conds.find((x) => x.type === type);
      if (!c) {
        conds.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: ts });
        changed = true;
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = ts;
        changed = true;
      }
    }
    next.status.conditions = conds;
    if (!changed) return { observed, current: cur };
    let written: NodeObj;
    try {
      written = this.ctx.client.update<NodeObj>('nodes', next, { subresource: 'status' });
    } catch (e) {
      if (isStatusError(e, 'Conflict')) {
        // The kubelet wrote meanwhile: that is a heartbeat. Look again next period.
        return { observed, current: cur };
      }
      throw e;
    }
    h.readyTransitionMs = now;
    this.ctx.log(`node ${name} hasn't been updated for ${Math.round((now - h.probeMs) / 1000)}s; marked its conditions Unknown`);
    return { observed, current: readyCondition(written) };
  }

  /** processTaintBaseEviction: the NoExecute taint that matches the observed Ready condition. */
  private processTaintBaseEviction(node: NodeObj, observed: NodeCondition): void {
    const name = node.metadata.name;
    const taints = node.spec?.taints ?? [];
    const has = (key: string) => taints.some((t) => t.key === key && t.effect === 'NoExecute');
    switch (observed.status) {
      case 'False':
        if (has(TaintNodeUnreachable)) this.swapNoExecute(name, TaintNodeNotReady, TaintNodeUnreachable);
        else if (!has(TaintNodeNotReady)) this.markForTainting(name, 'not-ready');
        break;
      case 'Unknown':
        if (has(TaintNodeNotReady)) this.swapNoExecute(name, TaintNodeUnreachable, TaintNodeNotReady);
        else if (!has(TaintNodeUnreachable)) this.markForTainting(name, 'unreachable');
        break;
      case 'True':
        this.toTaint.delete(name);
        if (has(TaintNodeNotReady) || has(TaintNodeUnreachable)) {
          this.updateTaints(name, [], (t) => t.effect === 'NoExecute' && (t.key === TaintNodeNotReady || t.key === TaintNodeUnreachable));
        }
        break;
    }
  }

  private swapNoExecute(name: string, add: string, remove: string): void {
    this.updateTaints(name, [{ key: add, effect: 'NoExecute' }], (t) => t.effect === 'NoExecute' && t.key === remove);
  }

  private markForTainting(name: string, kind: 'not-ready' | 'unreachable'): void {
    this.toTaint.set(name, kind);
    this.scheduleTainting();
  }

  private scheduleTainting(): void {
    if (this.taintTimer !== undefined || this.toTaint.size === 0 || this.stopped) return;
    const delay = Math.max(0, this.nextTaintAtMs - this.ctx.clock.now());
    this.taintTimer = this.ctx.clock.after(delay, 'node-lifecycle: NoExecute tainting', () => {
      this.taintTimer = undefined;
      this.doNoExecuteTaintingPass();
    });
  }

  /** doNoExecuteTaintingPass: takes one node per token from the rate limiter. */
  private doNoExecuteTaintingPass(): void {
    const first = this.toTaint.entries().next();
    if (first.done) return;
    const [name] = first.value;
    this.toTaint.delete(name);
    const node = this.nodes.get(name);
    const ready = node && readyCondition(node);
    if (node && ready && ready.status !== 'True') {
      // Taint from the node's state now, not from when it was queued.
      const [add, remove] = ready.status === 'False' ? [TaintNodeNotReady, TaintNodeUnreachable] : [TaintNodeUnreachable, TaintNodeNotReady];
      this.updateTaints(name, [{ key: add, effect: 'NoExecute' }], (t) => t.effect === 'NoExecute' && t.key === remove);
      this.nextTaintAtMs = this.ctx.clock.now() + this.evictionIntervalMs;
    }
    this.scheduleTainting();
  }

  /** doNoScheduleTaintingPass: NoSchedule taints that mirror the node's conditions and cordon. */
  private doNoScheduleTaintingPass(name: string): void {
    const node = this.nodes.get(name);
    if (!node) return;
    const want = new Set<string>();
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.add(key);
    }
    if (node.spec?.unschedulable) want.add(TaintNodeUnschedulable);
    const have = new Set((node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key)).map((t) => t.key));
    const add = [...want].filter((k) => !have.has(k));
    const del = [...have].filter((k) => !want.has(k));
    if (add.length === 0 && del.length === 0) return;
    this.updateTaints(
      name,
      add.map((key) => ({ key, effect: 'NoSchedule' })),
      (t) => t.effect === 'NoSchedule' && del.includes(t.key),
    );
  }

  /** SwapNodeControllerTaint: adds `add` (stamped with timeAdded) and drops what `remove` picks, with a fresh read. */
  private updateTaints(name: string, add: Taint[], remove: (t: Taint) => boolean): void {
    for (let attempt = 0; attempt < 5; attempt++) {
      let node: NodeObj;
      try {
        node = this.ctx.client.get<NodeObj>('nodes', undefined, name);
      } catch (e) {
        if (isStatusError(e, 'NotFound')) return;
        throw e;
      }
      const cur = node.spec?.taints ?? [];
      const ts = this.ctx.clock.timestamp();
      const kept = cur.filter((t) => !remove(t));
      const keys = new Set(kept.map(taintKey));
      const added = add.filter((t) => !keys.has(taintKey(t))).map((t) => ({ ...t, timeAdded: ts }));
      if (added.length === 0 && kept.length === cur.length) return;
      const next = deepCopy(node) as NodeObj;
      next.spec = { ...(next.spec ?? {}), taints: [...kept, ...added] };
      if (next.spec.taints!.length === 0) delete next.spec.taints;
      try {
        this.ctx.client.update('nodes', next);
        return;
      } catch (e) {
        if (!isStatusError(e, 'Conflict')) throw e;
      }
    }
  }

  /** MarkPodsNotReady: the pods of a node that stopped reporting are no longer Ready. */
  private markPodsNotReady(nodeName: string): void {
    for (const pod of this.pods.byIndex(POD_INDEX_BY_NODE, nodeName)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = deepCopy(pod) as PodObj;
      for (const c of next.status!.conditions!) {
        if (c.type !== 'Ready') continue;
        c.status = 'False';
        c.lastTransitionTime = this.ctx.clock.timestamp();
      }
      try {
        this.ctx.client.update('pods', next, { subresource: 'status' });
        this.ctx.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (e) {
        if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
      }
    }
  }
}
