/**
 * DaemonSetsController (k8s.io/kubernetes pkg/controller/daemon): one pod per eligible node.
 *
 * Facts carried over from the 1.31 controller:
 * - a node should run the daemon pod when the pod (with the automatic DaemonSet tolerations) fits it:
 *   nodeName, nodeSelector and required node affinity match, and every NoSchedule / NoExecute taint is
 *   tolerated; a pod already there keeps running unless an untolerated taint is NoExecute;
 * - the automatic tolerations (AddOrUpdateDaemonPodTolerations): not-ready and unreachable NoExecute
 *   (no tolerationSeconds), disk-pressure, memory-pressure, pid-pressure and unschedulable NoSchedule,
 *   and network-unavailable NoSchedule for hostNetwork pods;
 * - pods are created through the scheduler: the template's required node affinity is replaced by a
 *   term with `matchFields: metadata.name In [<node>]`; they carry `controller-revision-hash` (the hash)
 *   and `pod-template-generation`; `SuccessfulCreate` / `SuccessfulDelete` as for ReplicaSets;
 * - extra pods on a node are deleted; failed pods are deleted (`FailedDaemonPod`) and recreated, with a
 *   back-off per node (1s doubling to 15 minutes);
 * - RollingUpdate (maxUnavailable, default 1, an integer or a percentage of the desired number rounded
 *   up): old-revision pods that are not available are replaced at once, available ones only while the
 *   number of unavailable nodes stays within maxUnavailable. With maxSurge > 0 the new pod is created
 *   first and the old one deleted once the new one is available. OnDelete leaves old pods alone;
 * - status: desired/current/misscheduled/ready/available/unavailable/updated counts and
 *   observedGeneration; ControllerRevisions `<ds>-<hash>` trimmed to revisionHistoryLimit.
 * - event handlers: a new node syncs the DaemonSets that should run on it; a node update syncs only
 *   the DaemonSets whose answer for that node changed, and none when only heartbeats changed
 *   (shouldIgnoreNodeUpdate); a pod change syncs its DaemonSet.
 *
 * Cost: the real controller walks every node on every sync. Here what each node contributes is kept
 * between syncs (daemon/nodeTable.ts) and recomputed only for nodes whose Node or daemon pods changed,
 * nodes are kept in name order as they come and go, and a sync walks all nodes only while a rollout
 * has old pods to replace — so the thousands of syncs a big cluster's pod updates cause each cost what
 * changed. What the controller does (pods, Events, status) is the same.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Mutable, Node, Pod, PodTemplateSpec, StoredObject, Taint, Toleration } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { Expectations } from './internal/expectations';
import { ControllerRevisionHashLabel, ensureUpdateRevision, templateOfRevision, truncateHistory } from './internal/history';
import type { RevisionObj } from './internal/history';
import { selectorMatches } from '../api/selectorMatch';
import { SortedNames } from './internal/sortedNames';
import { BY_CONTROLLER_UID, controllerRefOf, ensureIndexer, errText, installOwnerIndexers, isPodAvailable, newControllerRef } from './internal/util';
import { DaemonNodeTable, nodeEntry } from './daemon/nodeTable';
import type { NodeDecision, NodeEntry } from './daemon/nodeTable';
import { shouldIgnoreNodeUpdate } from './daemon/nodeUpdate';
import { podFromTemplate } from './replicaset';
import { requiredNodeSelectorAndAffinityMatch } from '../scheduler/plugins/helper/nodeSelector';
import { findMatchingUntoleratedTaint } from '../scheduler/plugins/helper/taints';

export type DS = Mutable<DaemonSet> & StoredObject;
type PodObj = Pod & StoredObject;
type NodeObj = Node & StoredObject;

export const PodTemplateGenerationLabel = 'pod-template-generation';
const FAILED_BACKOFF_BASE_MS = 1000;
const FAILED_BACKOFF_MAX_MS = 15 * 60_000;

/** AddOrUpdateDaemonPodTolerations. */
export function daemonPodTolerations(existing: readonly Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const out: Toleration[] = [...(existing ?? [])];
  const add = (key: string, effect: 'NoExecute' | 'NoSchedule') => {
    const i = out.findIndex((t) => t.key === key && t.effect === effect);
    const t: Toleration = { key, operator: 'Exists', effect };
    if (i >= 0) out[i] = t;
    else out.push(t);
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return out;
}

/** NodeShouldRunDaemonPod: whether the node should run the pod, and whether a pod there may stay. */
export function nodeShouldRunDaemonPod(node: Node, pod: Pod): { shouldRun: boolean; shouldContinueRunning: boolean } {
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata?.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredNodeSelectorAndAffinityMatch(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taint: Taint | undefined = findMatchingUntoleratedTaint(node.spec?.taints ?? [], pod.spec?.tolerations ?? [], (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (taint) return { shouldRun: false, shouldContinueRunning: taint.effect !== 'NoExecute' };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** The node a daemon pod is for: spec.nodeName, or its matchFields metadata.name term before binding. */
export function daemonPodNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity. */
function pinToNode(pod: Pod, nodeName: string): void {
  const spec = pod.spec!;
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
}

function intOrPercent(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** Index name: daemon pods by `<controller uid>/<node>` (the node they run on or are pinned to). */
const BY_DAEMON_NODE = 'daemonset:byControllerAndNode';

function daemonNodeIndexKey(p: PodObj): string[] {
  const ref = controllerRefOf(p);
  if (!ref || ref.kind !== 'DaemonSet') return [];
  const n = daemonPodNode(p);
  return n ? [`${ref.uid}/${n}`] : [];
}

export class DaemonSetsController implements Component {
  readonly name = 'daemonset-controller';
  static readonly eventSource = 'daemonset-controller';
  static readonly user = 'system:serviceaccount:kube-system:daemon-set-controller';

  syncHandler: (key: string) => void = (key) => this.syncDaemonSet(key);
  readonly queue: WorkQueue;
  readonly expectations: Expectations;
  private readonly sets: Informer<DS>;
  private readonly pods: Informer<PodObj>;
  private readonly nodes: Informer<NodeObj>;
  private readonly revisions: Informer<RevisionObj>;
  /** failed-pod back-off per `<ds key>/<node>` */
  private readonly failedBackoff = new Map<string, { delayMs: number; untilMs: number }>();
  /** the informer's nodes by name, in the order every walk takes them */
  private readonly nodeOrder = new SortedNames();
  /** per DaemonSet key: what each node contributes to its sync, kept between syncs */
  private readonly tables = new Map<string, DaemonNodeTable>();
  /** How many node decisions (nodeShouldRunDaemonPod) syncs have taken: what cost tests count. */
  decisionsTaken = 0;
  /** the node-less pod each DaemonSet version would create, for the node handlers' decisions */
  private readonly handlerProbes = new WeakMap<DS, Pod>();

  constructor(private readonly ctx: ComponentContext) {
    this.sets = ctx.informers.informer<DS>('daemonsets');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.nodes = ctx.informers.informer<NodeObj>('nodes');
    this.revisions = ctx.informers.informer<RevisionObj>('controllerrevisions');
    this.expectations = new Expectations(ctx.clock);
    this.queue = ctx.newQueue('daemonset', (k) => this.syncHandler(k));
  }

  start(): void {
    installOwnerIndexers(this.pods);
    installOwnerIndexers(this.revisions);
    ensureIndexer(this.pods, BY_DAEMON_NODE, daemonNodeIndexKey);
    this.sets.addEventHandler({
      add: (s) => this.queue.add(keyOf(s)),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(keyOf(cur));
      },
      delete: (s) => {
        this.expectations.delete(keyOf(s));
        this.queue.add(keyOf(s));
      },
    });
    const onPod = (p: PodObj, kind: 'add' | 'update' | 'delete') => {
      const ref = controllerRefOf(p);
      if (!ref || ref.kind !== 'DaemonSet') return;
      const s = this.sets.get(`${p.metadata.namespace}/${ref.name}`);
      if (!s || s.metadata.uid !== ref.uid) return;
      const key = keyOf(s);
      if (kind === 'add') this.expectations.creationObserved(key);
      if (kind === 'delete') this.expectations.deletionObserved(key, keyOf(p));
      this.queue.add(key);
    };
    this.pods.addEventHandler({
      add: (p) => {
        this.podChanged(p);
        onPod(p, 'add');
      },
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        this.podChanged(old);
        this.podChanged(cur);
        onPod(cur, cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp ? 'delete' : 'update');
      },
      delete: (p) => {
        this.podChanged(p);
        onPod(p, 'delete');
      },
    });
    this.nodes.addEventHandler({
      // addNode: a DaemonSet syncs when the new node should run its pod.
      add: (n) => {
        this.nodeOrder.add(n.metadata.name);
        this.nodeChanged(n.metadata.name);
        for (const s of this.sets.list()) if (nodeShouldRunDaemonPod(n, this.handlerProbe(s)).shouldRun) this.queue.add(keyOf(s));
      },
      // updateNode: past the heartbeats, only DaemonSets whose answer for this node changed sync.
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion || shouldIgnoreNodeUpdate(old, cur)) return;
        for (const s of this.sets.list()) {
          const probe = this.handlerProbe(s);
          const was = nodeShouldRunDaemonPod(old, probe);
          const now = nodeShouldRunDaemonPod(cur, probe);
          if (was.shouldRun === now.shouldRun && was.shouldContinueRunning === now.shouldContinueRunning) continue;
          this.tables.get(keyOf(s))?.dirty.add(cur.metadata.name);
          this.queue.add(keyOf(s));
        }
      },
      // The status counts drop the node at once (the real controller waits for its pods to go).
      delete: (n) => {
        this.nodeOrder.delete(n.metadata.name);
        this.nodeChanged(n.metadata.name);
        for (const s of this.sets.list()) this.queue.add(keyOf(s));
      },
    });
    this.revisions.addEventHandler({});
    this.ctx.informers.start();
  }

  /** A daemon pod changed: its node's entry in its DaemonSet's table is stale. */
  private podChanged(p: PodObj): void {
    const ref = controllerRefOf(p);
    if (!ref || ref.kind !== 'DaemonSet') return;
    const node = daemonPodNode(p);
    if (node) this.tables.get(`${p.metadata.namespace}/${ref.name}`)?.dirty.add(node);
  }

  private nodeChanged(name: string): void {
    for (const t of this.tables.values()) t.dirty.add(name);
  }

  private handlerProbe(ds: DS): Pod {
    let p = this.handlerProbes.get(ds);
    if (!p) {
      p = this.newPod(ds, '', ds.spec?.template ?? {}, '');
      this.handlerProbes.set(ds, p);
    }
    return p;
  }

  private synced(): boolean {
    return this.sets.hasSynced() && this.pods.hasSynced() && this.nodes.hasSynced() && this.revisions.hasSynced();
  }

  syncDaemonSet(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const ds = this.sets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      this.tables.delete(key);
      return;
    }
    if (ds.metadata.deletionTimestamp) return;
    const revs = this.revisions.byIndex(BY_CONTROLLER_UID, ds.metadata.uid).filter((r) => r.metadata.namespace === ds.metadata.namespace);
    const { revision: updateRev } = ensureUpdateRevision(this.ctx.client, ds, 'DaemonSet', revs, { ...(ds.spec?.selector?.matchLabels ?? {}) });
    const hash = updateRev.metadata.labels?.[ControllerRevisionHashLabel] ?? '';
    const allRevs = revs.some((r) => r.metadata.name === updateRev.metadata.name) ? revs : [...revs, updateRev];
    const table = this.refreshTable(key, ds, updateRev, hash);

    let err: unknown;
    if (this.expectations.satisfied(key)) {
      try {
        this.manage(ds, table, hash);
        if (ds.spec?.updateStrategy?.type !== 'OnDelete') this.rollingUpdate(ds, table, hash);
      } catch (e) {
        err = e;
      }
    }
    this.updateStatus(ds, table);
    const limit = ds.spec?.revisionHistoryLimit ?? 10;
    // Only revisions no pod uses are deleted, beyond the limit: with no more than that besides the
    // update revision there is nothing to delete, and no need to look at every pod's revision.
    if (allRevs.length - 1 > limit) {
      const live = new Set([updateRev.metadata.name]);
      for (const p of this.daemonPods(ds)) {
        const h = p.metadata.labels?.[ControllerRevisionHashLabel];
        if (h) live.add(`${ds.metadata.name}-${h}`);
      }
      truncateHistory(this.ctx.client, allRevs, live, limit);
    }
    if (err !== undefined) throw err;
  }

  /** Every pod the DaemonSet controls (in its namespace, matching its selector), in informer order. */
  private daemonPods(ds: DS): PodObj[] {
    return this.pods.byIndex(BY_CONTROLLER_UID, ds.metadata.uid).filter((p) => this.ownsPod(ds, p));
  }

  private ownsPod(ds: DS, p: PodObj): boolean {
    return p.metadata.namespace === ds.metadata.namespace && controllerRefOf(p)?.kind === 'DaemonSet' && selectorMatches(ds.spec?.selector, p.metadata.labels);
  }

  /** The DaemonSet's pods grouped by node, nodes in order of first appearance (what the real controller's map holds). */
  private podsByNode(ds: DS): Map<string, PodObj[]> {
    const byNode = new Map<string, PodObj[]>();
    for (const p of this.daemonPods(ds)) {
      const n = daemonPodNode(p);
      if (!n) continue;
      const list = byNode.get(n) ?? [];
      list.push(p);
      byNode.set(n, list);
    }
    return byNode;
  }

  /** The DaemonSet's node table, brought up to date with every node and pod change since the last sync. */
  private refreshTable(key: string, ds: DS, updateRev: RevisionObj, hash: string): DaemonNodeTable {
    const basis = `${ds.metadata.generation ?? 1}/${hash}`;
    let table = this.tables.get(key);
    if (!table || table.uid !== ds.metadata.uid || table.basis !== basis) {
      const template = templateOfRevision(updateRev);
      table = new DaemonNodeTable(ds.metadata.uid, basis, this.newPod(ds, '', template, hash), template);
      this.tables.set(key, table);
    }
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    // With minReadySeconds, availability changes with time alone: every entry is recomputed.
    if (table.all || minReady > 0) {
      const byNode = this.podsByNode(ds);
      const prev = new Map(table.entries);
      table.clear();
      for (const name of this.nodeOrder.ordered()) this.refreshEntry(table, name, byNode.get(name) ?? [], prev.get(name), hash, minReady, now);
      for (const [name, list] of byNode) if (!this.nodeOrder.has(name)) this.refreshEntry(table, name, list, undefined, hash, minReady, now);
      table.all = false;
      return table;
    }
    for (const name of table.dirty) {
      const pods = this.pods.byIndex(BY_DAEMON_NODE, `${ds.metadata.uid}/${name}`).filter((p) => this.ownsPod(ds, p));
      this.refreshEntry(table, name, pods, table.entries.get(name), hash, minReady, now);
    }
    table.dirty.clear();
    return table;
  }

  private refreshEntry(table: DaemonNodeTable, name: string, pods: PodObj[], prev: NodeEntry | undefined, hash: string, minReady: number, now: number): void {
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const node = this.nodes.get(name);
    if (!node) {
      table.set(name, undefined);
      if (live.length > 0) table.strays.add(name);
      else table.strays.delete(name);
      return;
    }
    table.strays.delete(name);
    const rv = node.metadata.resourceVersion;
    // The decision is cached by the node's resourceVersion (the table is for one generation and hash).
    let decision: NodeDecision | undefined = prev && prev.nodeRV === rv ? prev : undefined;
    if (!decision) {
      decision = nodeShouldRunDaemonPod(node, table.probe);
      this.decisionsTaken++;
    }
    table.set(name, nodeEntry(rv, decision, live, hash, minReady, now));
  }

  private newPod(ds: DS, nodeName: string, template: PodTemplateSpec, hash: string): PodObj {
    const pod = podFromTemplate(template, ds, newControllerRef(ds, 'apps/v1', 'DaemonSet')) as PodObj;
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [ControllerRevisionHashLabel]: hash, [PodTemplateGenerationLabel]: String(ds.metadata.generation ?? 1) };
    pod.spec!.tolerations = daemonPodTolerations(pod.spec!.tolerations, !!pod.spec!.hostNetwork);
    if (nodeName) pinToNode(pod, nodeName);
    return pod;
  }

  /** Names in the order the node walks take them. */
  private static inNodeOrder(names: Iterable<string>): string[] {
    return [...names].sort((a, b) => (a < b ? -1 : 1));
  }

  /** manage: create missing daemon pods, delete surplus and those on nodes that should not run them. */
  private manage(ds: DS, table: DaemonNodeTable, hash: string): void {
    const key = keyOf(ds);
    const toCreate: string[] = [];
    const toDelete: PodObj[] = [];
    const now = this.ctx.clock.now();
    // Only nodes whose entry says there may be work: elsewhere the walk would find nothing to do.
    for (const name of DaemonSetsController.inNodeOrder(table.manageNodes)) {
      const { shouldRun, shouldContinueRunning, live: existing } = table.entries.get(name)!;
      if (shouldRun && existing.length === 0) {
        toCreate.push(name);
        continue;
      }
      if (shouldContinueRunning) {
        const alive: PodObj[] = [];
        for (const p of existing) {
          if (p.status?.phase === 'Failed') {
            const bk = `${key}/${name}`;
            const b = this.failedBackoff.get(bk);
            if (b && now < b.untilMs) {
              this.queue.addAfter(key, b.untilMs - now);
              continue;
            }
            const delay = b ? Math.min(b.delayMs * 2, FAILED_BACKOFF_MAX_MS) : FAILED_BACKOFF_BASE_MS;
            this.failedBackoff.set(bk, { delayMs: delay, untilMs: now + delay });
            this.ctx.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${keyOf(p)} on node ${name}, will try to kill it`);
            toDelete.push(p);
            continue;
          }
          alive.push(p);
        }
        if (alive.length > 1) {
          // Keep the oldest (and, with surge, the one of the newest revision among two).
          const sorted = [...alive].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name < b.metadata.name ? -1 : 1));
          const surge = intOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge as number | string | undefined, 1, true) > 0;
          if (!(surge && alive.length === 2 && sorted.some((p) => p.metadata.labels?.[ControllerRevisionHashLabel] === hash))) toDelete.push(...sorted.slice(1));
        }
      } else {
        toDelete.push(...existing);
      }
    }
    // Pods left on nodes that are gone, in the order the DaemonSet's pods first name those nodes.
    if (table.strays.size > 0) {
      for (const [name, list] of this.podsByNode(ds)) if (!this.nodeOrder.has(name)) toDelete.push(...list.filter((p) => !p.metadata.deletionTimestamp));
    }
    this.syncNodes(ds, toDelete, toCreate, table.template, hash);
  }

  private syncNodes(ds: DS, toDelete: PodObj[], toCreate: string[], template: PodTemplateSpec, hash: string): void {
    const key = keyOf(ds);
    this.expectations.expectCreations(key, toCreate.length);
    let firstErr: unknown;
    let batch = 1;
    let i = 0;
    while (i < toCreate.length) {
      const end = Math.min(i + batch, toCreate.length);
      let failed = false;
      for (; i < end; i++) {
        try {
          const pod = this.newPod(ds, toCreate[i]!, template, hash);
          const created = this.ctx.client.create<PodObj>('pods', pod, { namespace: ds.metadata.namespace });
          this.ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
        } catch (e) {
          this.expectations.creationObserved(key);
          if (isStatusError(e, 'Forbidden') && /being terminated/.test(errText(e))) continue;
          this.ctx.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${errText(e)}`);
          firstErr ??= e;
          failed = true;
        }
      }
      if (failed) {
        for (; i < toCreate.length; i++) this.expectations.creationObserved(key);
        break;
      }
      batch *= 2;
    }
    if (toDelete.length) this.deletePods(ds, toDelete);
    if (firstErr !== undefined) throw firstErr;
  }

  private deletePods(ds: DS, pods: PodObj[]): void {
    const key = keyOf(ds);
    this.expectations.expectDeletions(key, pods.map((p) => keyOf(p)));
    for (const p of pods) {
      try {
        this.ctx.client.delete('pods', p.metadata.namespace, p.metadata.name);
        this.ctx.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        this.expectations.deletionObserved(key, keyOf(p));
        if (!isStatusError(e, 'NotFound')) {
          this.ctx.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${errText(e)}`);
          throw e;
        }
      }
    }
  }

  /** rollingUpdate: replace old-revision pods within maxUnavailable (or surge first with maxSurge). */
  private rollingUpdate(ds: DS, table: DaemonNodeTable, hash: string): void {
    if (!this.expectations.satisfied(keyOf(ds))) return;
    // Only nodes with a pod of an older revision are ever acted on: with none there is no rollout.
    if (table.oldNodes === 0) return;
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    const desired = table.counts.desired;
    const ru = ds.spec?.updateStrategy?.rollingUpdate;
    const maxSurge = intOrPercent(ru?.maxSurge as number | string | undefined, desired, true);
    let maxUnavailable = intOrPercent((ru?.maxUnavailable as number | string | undefined) ?? 1, desired, true);
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    const isNew = (p: Pod) => p.metadata?.labels?.[ControllerRevisionHashLabel] === hash;
    const available = (p: PodObj) => !p.metadata.deletionTimestamp && isPodAvailable(p, minReady, now);
    const toDelete: PodObj[] = [];
    if (maxSurge === 0) {
      let unavailable = 0;
      const candidates: PodObj[] = [];
      for (const name of this.nodeOrder.ordered()) {
        const entry = table.entries.get(name);
        if (!entry?.shouldRun) continue;
        const list = entry.live;
        const newPod = list.find(isNew);
        const oldPod = list.find((p) => !isNew(p));
        if (!newPod && !oldPod) {
          unavailable++;
          continue;
        }
        if (newPod) {
          if (!available(newPod)) unavailable++;
          continue;
        }
        if (!available(oldPod!)) {
          // Already unavailable: replacing it costs nothing.
          toDelete.push(oldPod!);
          unavailable++;
        } else candidates.push(oldPod!);
      }
      for (const p of candidates) {
        if (unavailable >= maxUnavailable) break;
        toDelete.push(p);
        unavailable++;
      }
    } else {
      // Surge: a new pod first; the old one goes when the new one is available.
      let surging = 0;
      const toCreate: string[] = [];
      for (const name of this.nodeOrder.ordered()) {
        const entry = table.entries.get(name);
        if (!entry?.shouldRun) continue;
        const list = entry.live;
        const newPod = list.find(isNew);
        const oldPod = list.find((p) => !isNew(p));
        if (!oldPod) continue;
        if (newPod) {
          if (available(newPod)) toDelete.push(oldPod);
          else surging++;
        } else if (surging < maxSurge) {
          toCreate.push(name);
          surging++;
        }
      }
      if (toCreate.length) this.syncNodes(ds, [], toCreate, templateOfRevision(this.revisionFor(ds, hash) ?? ({} as RevisionObj)), hash);
    }
    if (toDelete.length) this.deletePods(ds, toDelete);
  }

  private revisionFor(ds: DS, hash: string): RevisionObj | undefined {
    return this.revisions.get(`${ds.metadata.namespace}/${ds.metadata.name}-${hash}`) ?? ({ data: { spec: { template: ds.spec?.template } } } as unknown as RevisionObj);
  }

  private updateStatus(ds: DS, table: DaemonNodeTable): void {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const { desired, current, misscheduled, ready, available, updated } = table.counts;
    const status: DaemonSetStatus = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    const cur = (ds.status ?? {}) as DaemonSetStatus;
    if ((Object.keys(status) as (keyof DaemonSetStatus)[]).every((k) => (cur[k] ?? 0) === (status[k] ?? 0))) return;
    const body = deepCopy(ds) as DS;
    body.status = { ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {}), ...status };
    if (!status.numberAvailable) delete body.status.numberAvailable;
    if (!status.numberUnavailable) delete body.status.numberUnavailable;
    try {
      this.ctx.client.update('daemonsets', body, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
      this.queue.add(keyOf(ds));
    }
    if (minReady > 0 && ready !== available) this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
  }
}
