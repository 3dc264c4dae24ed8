/**
 * DisruptionController (k8s.io/kubernetes pkg/controller/disruption): keeps each
 * PodDisruptionBudget's status current, so voluntary disruptions (evictions, and the scheduler's
 * preemption choosing victims) know how many pods may go.
 *
 * For each PDB, from the pods its selector picks in its namespace (`{}` picks all, none picks none):
 * - expectedPods: with minAvailable as a number, the number of selected pods; otherwise (maxUnavailable,
 *   or minAvailable as a percentage) the sum of the scale of the pods' controllers — a Deployment, a
 *   ReplicaSet not owned by a Deployment, a ReplicationController or a StatefulSet, each counted once;
 * - desiredHealthy: minAvailable (a percentage of expectedPods rounds up), or expectedPods minus
 *   maxUnavailable (rounded up), never below 0;
 * - currentHealthy: selected pods that are Ready, not being deleted, and not in status.disruptedPods;
 * - disruptionsAllowed: currentHealthy − desiredHealthy, 0 if that or expectedPods is not positive;
 * - observedGeneration, and the DisruptionAllowed condition: True/SufficientPods, False/InsufficientPods,
 *   or False/SyncFailed (with the error as message, disruptionsAllowed 0) when the scale cannot be found.
 * Entries of status.disruptedPods older than 2 minutes are dropped (the eviction never happened), and
 * the PDB is looked at again when the next entry expires.
 * Events: `NoPods` "No matching pods found"; `UnmanagedPods` when maxUnavailable or a percentage meets
 * pods without a controller; `CalculateExpectedPodCountFailed` when a controller has no known scale.
 *
 * Not modelled: the cleanup of stale DisruptionTarget conditions, scale subresources of custom kinds.
 *
 * Wiring (cluster.ts), as kube-controller-manager runs it:
 *   cluster.add(new DisruptionController(cluster.context(
 *     'system:serviceaccount:kube-system:disruption-controller', { component: 'controllermanager' }, 'controller/disruption-controller')));
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { ReplicationController } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { Condition } from 'kubernetes-types/meta/v1';
import type { LabelSelector, Pod, StoredObject } from '../types';
import { keyOf } from '../types';
import { compileSelector } from '../api/selectorMatch';
import { controllerRefOf, errText, isPodReady, timeMs } from './internal/util';

export type PDBObj = PodDisruptionBudget & StoredObject;
type PodObj = Pod & StoredObject;
type Scaled = { spec?: { replicas?: number; selector?: unknown } } & StoredObject;

/** How long an eviction may take before its disruptedPods entry is dropped (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export const DisruptionAllowedCondition = 'DisruptionAllowed';
export const SufficientPodsReason = 'SufficientPods';
export const InsufficientPodsReason = 'InsufficientPods';
export const SyncFailedReason = 'SyncFailed';

/** An int-or-percent scaled against `total` (intstr.GetScaledValueFromIntOrPercent), rounding as asked. */
export function scaledValue(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const p = Number(m[1]);
  return roundUp ? Math.ceil((p * total) / 100) : Math.floor((p * total) / 100);
}

function isPercent(v: number | string | undefined): boolean {
  return typeof v === 'string' && v.endsWith('%');
}

export class DisruptionController implements Component {
  readonly name = 'disruption-controller';
  static readonly eventSource = 'controllermanager';
  static readonly user = 'system:serviceaccount:kube-system:disruption-controller';

  readonly queue: WorkQueue;
  private readonly pdbs: Informer<PDBObj>;
  private readonly pods: Informer<PodObj>;
  private readonly rss: Informer<ReplicaSet & StoredObject>;
  private readonly deployments: Informer<Deployment & StoredObject>;
  private readonly rcs: Informer<ReplicationController & StoredObject>;
  private readonly statefulsets: Informer<StatefulSet & StoredObject>;
  /** Seam: replaceable in tests. */
  syncHandler: (key: string) => void = (key) => this.sync(key);

  constructor(private readonly ctx: ComponentContext) {
    this.pdbs = ctx.informers.informer<PDBObj>('poddisruptionbudgets');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.rss = ctx.informers.informer('replicasets');
    this.deployments = ctx.informers.informer('deployments');
    this.rcs = ctx.informers.informer('replicationcontrollers');
    this.statefulsets = ctx.informers.informer('statefulsets');
    this.queue = ctx.newQueue('disruption', (key) => this.syncHandler(key));
  }

  start(): void {
    this.pdbs.addEventHandler({
      add: (p) => this.queue.add(keyOf(p)),
      update: (o, n) => { if (o.metadata.resourceVersion !== n.metadata.resourceVersion) this.queue.add(keyOf(n)); },
      delete: (p) => this.queue.add(keyOf(p)),
    });
    this.pods.addEventHandler({
      add: (p) => this.enqueueForPod(p),
      update: (o, n) => {
        if (o.metadata.resourceVersion === n.metadata.resourceVersion) return;
        // Without a PDB in the namespace no pod change can enqueue anything; skip the label comparison.
        if (!this.hasPdbIn(n.metadata.namespace)) return;
        this.enqueueForPod(n);
        // A label change can move a pod out of a PDB's selection.
        if (JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(n.metadata.labels ?? {})) this.enqueueForPod(o);
      },
      delete: (p) => this.enqueueForPod(p),
    });
    // A scale change changes expectedPods.
    for (const inf of [this.rss, this.deployments, this.rcs, this.statefulsets] as Informer<Scaled>[]) {
      inf.addEventHandler({
        update: (o, n) => { if (o.spec?.replicas !== n.spec?.replicas) this.enqueueForController(n); },
      });
    }
    this.ctx.informers.start();
  }

  /** getPdbForPod: the PDBs in the pod's namespace whose selector picks it (all of them; upstream warns if more than one). */
  private pdbsForPod(pod: PodObj): PDBObj[] {
    const labels = pod.metadata.labels;
    return this.pdbs.list(pod.metadata.namespace).filter((p) => {
      try {
        return compileSelector(p.spec?.selector as LabelSelector | undefined)(labels);
      } catch {
        return false;
      }
    });
  }

  private enqueueForPod(pod: PodObj): void {
    for (const p of this.pdbsForPod(pod)) this.queue.add(keyOf(p));
  }

  /** Whether any PDB lives in the namespace (the common case at scale: none, so pod walks can be skipped). */
  private hasPdbIn(ns: string | undefined): boolean {
    return this.pdbs.list(ns).length > 0;
  }

  private enqueueForController(obj: Scaled): void {
    // Each pod would be matched against the namespace's PDBs; with none there is nothing to enqueue.
    if (!this.hasPdbIn(obj.metadata.namespace)) return;
    for (const pod of this.pods.list(obj.metadata.namespace)) {
      const ref = controllerRefOf(pod);
      if (ref?.uid === obj.metadata.uid || this.rsOwnedBy(ref?.name, pod.metadata.namespace, obj.metadata.uid)) this.enqueueForPod(pod);
    }
  }

  private rsOwnedBy(rsName: string | undefined, ns: string | undefined, uid: string): boolean {
    if (!rsName) return false;
    const rs = this.rss.get(`${ns}/${rsName}`);
    return controllerRefOf(rs)?.uid === uid;
  }

  private synced(): boolean {
    return this.pdbs.hasSynced() && this.pods.hasSynced() && this.rss.hasSynced() && this.deployments.hasSynced() && this.rcs.hasSynced() && this.statefulsets.hasSynced();
  }

  /** The pods a PDB selects (a nil selector selects none). */
  private podsForPdb(pdb: PDBObj): PodObj[] {
    const m = compileSelector(pdb.spec?.selector as LabelSelector | undefined);
    return this.pods.list(pdb.metadata.namespace).filter((p) => m(p.metadata.labels));
  }

  /** The scale of a pod's controller, if it is one the controller knows (finders, in upstream order). */
  private controllerScale(pod: PodObj): { uid: string; scale: number } | null {
    const ref = controllerRefOf(pod);
    if (!ref) return null;
    const ns = pod.metadata.namespace;
    if (ref.kind === 'ReplicaSet') {
      const rs = this.rss.get(`${ns}/${ref.name}`);
      if (!rs || rs.metadata.uid !== ref.uid) return null;
      const rsRef = controllerRefOf(rs);
      if (rsRef?.kind === 'Deployment') {
        const d = this.deployments.get(`${ns}/${rsRef.name}`);
        if (d && d.metadata.uid === rsRef.uid) return { uid: d.metadata.uid, scale: d.spec?.replicas ?? 1 };
        return null;
      }
      return { uid: rs.metadata.uid, scale: rs.spec?.replicas ?? 1 };
    }
    if (ref.kind === 'ReplicationController') {
      const rc = this.rcs.get(`${ns}/${ref.name}`);
      return rc && rc.metadata.uid === ref.uid ? { uid: rc.metadata.uid, scale: rc.spec?.replicas ?? 1 } : null;
    }
    if (ref.kind === 'StatefulSet') {
      const ss = this.statefulsets.get(`${ns}/${ref.name}`);
      return ss && ss.metadata.uid === ref.uid ? { uid: ss.metadata.uid, scale: ss.spec?.replicas ?? 1 } : null;
    }
    return null;
  }

  /** getExpectedScale: the controllers' scales summed once each; pods without a controller are unmanaged. */
  private expectedScale(pods: PodObj[]): { expected: number; unmanaged: string[] } {
    let expected = 0;
    const unmanaged: string[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      const ref = controllerRefOf(pod);
      if (!ref) { unmanaged.push(pod.metadata.name); continue; }
      if (seen.has(ref.uid)) continue;
      const found = this.controllerScale(pod);
      if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name)}`);
      if (seen.has(found.uid)) { seen.add(ref.uid); continue; }
      seen.add(ref.uid);
      seen.add(found.uid);
      expected += found.scale;
    }
    return { expected, unmanaged };
  }

  /** Level-triggered: recompute one PDB's status. */
  sync(key: string): void {
    if (!this.synced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const pdb = this.pdbs.get(key);
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (e) {
      this.ctx.log(`disruption: failed to sync pdb ${key}: ${errText(e)}`);
      this.failSafe(pdb, errText(e));
    }
  }

  private trySync(pdb: PDBObj): void {
    const pods = this.podsForPdb(pdb);
    if (pods.length === 0) this.ctx.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected: number;
    let desiredHealthy: number;
    let unmanaged: string[] = [];
    const spec = pdb.spec ?? {};
    try {
      if (spec.maxUnavailable !== undefined) {
        ({ expected, unmanaged } = this.expectedScale(pods));
        const maxUnavailable = scaledValue(spec.maxUnavailable, expected, true);
        desiredHealthy = Math.max(0, expected - maxUnavailable);
      } else if (spec.minAvailable !== undefined) {
        if (!isPercent(spec.minAvailable)) {
          desiredHealthy = scaledValue(spec.minAvailable, 0, true);
          expected = pods.length;
        } else {
          ({ expected, unmanaged } = this.expectedScale(pods));
          desiredHealthy = scaledValue(spec.minAvailable, expected, true);
        }
      } else {
        expected = pods.length;
        desiredHealthy = 0;
      }
    } catch (e) {
      this.ctx.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${errText(e)}`);
      throw e;
    }
    if (unmanaged.length > 0) {
      this.ctx.recorder.event(pdb, 'Normal', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${selectorString(pdb.spec?.selector as LabelSelector | undefined)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
    }
    const now = this.ctx.clock.now();
    const { disrupted, recheckMs } = this.buildDisruptedPodMap(pods, pdb, now);
    let currentHealthy = 0;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      if (p.metadata.name in disrupted) continue;
      if (isPodReady(p)) currentHealthy++;
    }
    this.updateStatus(pdb, currentHealthy, desiredHealthy, expected, disrupted);
    if (recheckMs !== undefined) this.queue.addAfter(keyOf(pdb), Math.max(0, recheckMs - now));
  }

  /** Keeps disruptedPods entries still within the deletion timeout; returns when the next one expires. */
  private buildDisruptedPodMap(pods: PodObj[], pdb: PDBObj, now: number): { disrupted: Record<string, string>; recheckMs?: number } {
    const old = pdb.status?.disruptedPods ?? {};
    const disrupted: Record<string, string> = {};
    let recheckMs: number | undefined;
    for (const p of pods) {
      if (p.metadata.deletionTimestamp) continue;
      const ts = old[p.metadata.name];
      if (!ts) continue;
      const at = timeMs(ts) ?? now;
      const expires = at + DELETION_TIMEOUT_MS;
      if (expires < now) {
        this.ctx.log(`disruption: pod ${p.metadata.namespace}/${p.metadata.name} was expected to be deleted at ${ts} but it wasn't, updating pdb ${keyOf(pdb)}`);
        continue;
      }
      disrupted[p.metadata.name] = ts;
      if (recheckMs === undefined || expires < recheckMs) recheckMs = expires;
    }
    return { disrupted, recheckMs };
  }

  private updateStatus(pdb: PDBObj, currentHealthy: number, desiredHealthy: number, expected: number, disrupted: Record<string, string>): void {
    let allowed = currentHealthy - desiredHealthy;
    if (expected <= 0 || allowed <= 0) allowed = 0;
    const status: PodDisruptionBudgetStatus = {
      currentHealthy, desiredHealthy, expectedPods: expected, disruptionsAllowed: allowed,
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      observedGeneration: pdb.metadata.generation ?? 1,
      conditions: this.conditions(pdb, allowed > 0 ? 'True' : 'False', allowed > 0 ? SufficientPodsReason : InsufficientPodsReason, ''),
    };
    this.write(pdb, status);
  }

  /** On a sync error: no disruption is allowed until the next successful sync. */
  private failSafe(pdb: PDBObj, message: string): void {
    const status: PodDisruptionBudgetStatus = {
      ...(pdb.status ?? {}),
      currentHealthy: pdb.status?.currentHealthy ?? 0,
      desiredHealthy: pdb.status?.desiredHealthy ?? 0,
      expectedPods: pdb.status?.expectedPods ?? 0,
      disruptionsAllowed: 0,
      observedGeneration: pdb.metadata.generation ?? 1,
      conditions: this.conditions(pdb, 'False', SyncFailedReason, message),
    };
    this.write(pdb, status);
  }

  /** apimeta.SetStatusCondition for DisruptionAllowed: the transition time moves only when the status flips. */
  private conditions(pdb: PDBObj, status: 'True' | 'False', reason: string, message: string): Condition[] {
    const others = (pdb.status?.conditions ?? []).filter((c) => c.type !== DisruptionAllowedCondition);
    const old = (pdb.status?.conditions ?? []).find((c) => c.type === DisruptionAllowedCondition);
    const cond: Condition = {
      type: DisruptionAllowedCondition, status, reason, message,
      observedGeneration: pdb.metadata.generation ?? 1,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : this.ctx.clock.timestamp(),
    };
    return [...others, cond];
  }

  private write(pdb: PDBObj, status: PodDisruptionBudgetStatus): void {
    if (JSON.stringify(pdb.status ?? {}) === JSON.stringify(status)) return;
    this.ctx.client.update<PDBObj>('poddisruptionbudgets', { ...pdb, status } as PDBObj, { subresource: 'status' });
  }
}

/** labels.Selector String() of a metav1 selector, for the UnmanagedPods message. */
function selectorString(ls: LabelSelector | undefined): string {
  if (!ls) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of ls.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin' }[e.operator as 'In' | 'NotIn'];
    if (op) parts.push(`${e.key} ${op} (${[...(e.values ?? [])].sort().join(',')})`);
    else parts.push(e.operator === 'Exists' ? e.key : `!${e.key}`);
  }
  return parts.sort().join(',');
}
