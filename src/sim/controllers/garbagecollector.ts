/**
 * GarbageCollector (k8s.io/kubernetes pkg/controller/garbagecollector): keeps a graph of owner
 * references built from informers and deletes what nobody owns any more.
 *
 * - Background: when every owner of an object is gone (NotFound, or another object with a different UID
 *   now has the name), the object is deleted, with the propagation its own finalizers ask for.
 *   An object that still has a live owner only loses the references to the gone ones.
 * - Foreground: an owner with `deletionTimestamp` and the `foregroundDeletion` finalizer has its
 *   dependents deleted (those that have dependents themselves are deleted in the foreground too); the
 *   finalizer is removed once no dependent that blocks owner deletion (`blockOwnerDeletion: true`) is
 *   left in the graph, and the API server then removes the owner.
 * - Orphan: an owner with `deletionTimestamp` and the `orphan` finalizer has its reference removed from
 *   every dependent, then the finalizer removed.
 *
 * The graph builder (informer handlers) updates the graph in event order and only enqueues UIDs; the
 * attemptToDelete and attemptToOrphan workers read live objects through the API, as the real ones do.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { DeleteOptions, PropagationPolicy } from '../api/types';
import type { KObject, OwnerReference, StoredObject } from '../types';
import { deepCopy } from '../types';
import { isStatusError } from '../api/types';
import { mapKind } from './internal/restmapper';

export const FinalizerOrphanDependents = 'orphan';
export const FinalizerDeleteDependents = 'foregroundDeletion';

/** The kinds whose objects carry ownerReferences in a default cluster, or own those that do. */
export const DEFAULT_GC_RESOURCES = [
  'pods',
  'replicasets.apps',
  'deployments.apps',
  'services',
  'endpointslices.discovery.k8s.io',
  'replicationcontrollers',
  'statefulsets.apps',
  'daemonsets.apps',
  'controllerrevisions.apps',
  'jobs.batch',
  'cronjobs.batch',
  'persistentvolumeclaims',
];

export interface GarbageCollectorOptions {
  /** Resources to watch (plural or plural.group). Defaults to DEFAULT_GC_RESOURCES. */
  resources?: string[];
}

interface Identity {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

interface GraphNode {
  uid: string;
  identity: Identity;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** Known only from someone's ownerReference, not (yet) observed by an informer. */
  virtual: boolean;
  beingDeleted: boolean;
  deletingDependents: boolean;
}

function hasFinalizer(o: KObject, f: string): boolean {
  return (o.metadata?.finalizers ?? []).includes(f);
}

export class GarbageCollector implements Component {
  readonly name = 'garbage-collector-controller';
  static readonly eventSource = 'garbage-collector-controller';
  static readonly user = 'system:serviceaccount:kube-system:generic-garbage-collector';

  readonly attemptToDelete: WorkQueue;
  readonly attemptToOrphan: WorkQueue;
  private readonly nodes = new Map<string, GraphNode>();
  /** UIDs confirmed gone (absentOwnerCache). */
  private readonly absent = new Set<string>();
  private readonly informers: Informer[] = [];

  constructor(
    private readonly ctx: ComponentContext,
    opts: GarbageCollectorOptions = {},
  ) {
    for (const r of opts.resources ?? DEFAULT_GC_RESOURCES) this.informers.push(ctx.informers.informer(r));
    this.attemptToDelete = ctx.newQueue('garbage_collector_attempt_to_delete', (uid) => this.attemptToDeleteItem(uid));
    this.attemptToOrphan = ctx.newQueue('garbage_collector_attempt_to_orphan', (uid) => this.attemptToOrphanItem(uid));
  }

  start(): void {
    for (const inf of this.informers) {
      inf.addEventHandler({
        add: (o) => this.upsert(o),
        update: (old, cur) => {
          if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.upsert(cur);
        },
        delete: (o) => this.remove(o),
      });
    }
    this.ctx.informers.start();
  }

  private synced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  /** For tests and the glass box: the dependents of an object, by UID. */
  dependentsOf(uid: string): string[] {
    return [...(this.nodes.get(uid)?.dependents ?? [])];
  }

  // ---- graph builder -----------------------------------------------------------------------------

  private identityOf(o: StoredObject): Identity {
    return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
  }

  private ownerIdentity(ref: OwnerReference, dependentNs: string | undefined): Identity {
    const m = mapKind(ref.apiVersion, ref.kind);
    return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: m && !m.namespaced ? undefined : dependentNs };
  }

  private addToOwners(n: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = { uid: ref.uid, identity: this.ownerIdentity(ref, n.identity.namespace), owners: [], dependents: new Set(), virtual: true, beingDeleted: false, deletingDependents: false };
        this.nodes.set(ref.uid, owner);
        // Ask the API whether this owner exists; if not, its dependents are garbage.
        this.attemptToDelete.add(ref.uid);
      }
      owner.dependents.add(n.uid);
      if (owner.deletingDependents) this.attemptToDelete.add(owner.uid);
    }
  }

  private removeFromOwners(n: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(n.uid);
      if (owner.virtual && owner.dependents.size === 0) this.nodes.delete(owner.uid);
      else if (owner.deletingDependents) this.attemptToDelete.add(owner.uid);
    }
  }

  private upsert(o: StoredObject): void {
    const uid = o.metadata.uid;
    const refs = o.metadata.ownerReferences ?? [];
    let n = this.nodes.get(uid);
    if (!n) {
      n = { uid, identity: this.identityOf(o), owners: refs, dependents: new Set(), virtual: false, beingDeleted: false, deletingDependents: false };
      this.nodes.set(uid, n);
      this.addToOwners(n, refs);
    } else if (sameOwnerKeys(n.owners, refs)) {
      // The usual update (status, labels): the same owners, so no edge of the graph moves.
      n.virtual = false;
      n.identity = this.identityOf(o);
      n.owners = refs;
    } else {
      n.virtual = false;
      n.identity = this.identityOf(o);
      const key = (r: OwnerReference) => `${r.uid}|${r.blockOwnerDeletion ? 1 : 0}`;
      const oldKeys = new Set(n.owners.map(key));
      const newKeys = new Set(refs.map(key));
      const removed = n.owners.filter((r) => !newKeys.has(key(r)));
      const added = refs.filter((r) => !oldKeys.has(key(r)));
      n.owners = refs;
      this.removeFromOwners(n, removed.filter((r) => !refs.some((x) => x.uid === r.uid)));
      // A changed blockOwnerDeletion may unblock a foreground deletion.
      for (const r of removed) {
        const owner = this.nodes.get(r.uid);
        if (owner?.deletingDependents) this.attemptToDelete.add(owner.uid);
      }
      this.addToOwners(n, added);
    }
    n.beingDeleted = !!o.metadata.deletionTimestamp;
    if (o.metadata.deletionTimestamp && hasFinalizer(o, FinalizerOrphanDependents)) this.attemptToOrphan.add(uid);
    const deletingDependents = !!o.metadata.deletionTimestamp && hasFinalizer(o, FinalizerDeleteDependents);
    if (deletingDependents) {
      n.deletingDependents = true;
      for (const dep of n.dependents) this.attemptToDelete.add(dep);
      this.attemptToDelete.add(uid);
    } else {
      n.deletingDependents = false;
    }
  }

  private remove(o: StoredObject): void {
    const n = this.nodes.get(o.metadata.uid);
    if (!n) return;
    this.absent.add(n.uid);
    this.nodes.delete(n.uid);
    this.removeFromOwners(n, n.owners);
    for (const dep of n.dependents) this.attemptToDelete.add(dep);
    if (this.absent.size > 10_000) this.absent.clear();
  }

  // ---- workers ------------------------------------------------------------------------------------

  /** GET through the API; undefined when the object is gone or the name now holds another UID. */
  private getLive(id: Identity, uid: string): StoredObject | undefined | null {
    const m = mapKind(id.apiVersion, id.kind);
    if (!m) return null; // unknown kind: cannot tell
    try {
      const o = this.ctx.client.get(m.plural, m.namespaced ? id.namespace : undefined, id.name);
      return o.metadata.uid === uid ? o : undefined;
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  private attemptToDeleteItem(uid: string): void {
    if (!this.synced()) {
      this.attemptToDelete.addAfter(uid, 100);
      return;
    }
    const n = this.nodes.get(uid);
    if (!n) return;
    const live = this.getLive(n.identity, uid);
    if (live === null) return;
    if (live === undefined) {
      // Gone: treat as a (virtual) delete event so its dependents are looked at.
      this.absent.add(uid);
      this.nodes.delete(uid);
      this.removeFromOwners(n, n.owners);
      for (const dep of n.dependents) this.attemptToDelete.add(dep);
      return;
    }
    if (n.virtual) {
      // Exists, but of a kind we do not watch: nothing more to learn now.
      return;
    }
    const deletingDependents = !!live.metadata.deletionTimestamp && hasFinalizer(live, FinalizerDeleteDependents);
    if (live.metadata.deletionTimestamp && !deletingDependents) return;
    if (deletingDependents) {
      this.processDeletingDependentsItem(n, live);
      return;
    }
    const refs = live.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;

    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      if (this.absent.has(ref.uid)) {
        dangling.push(ref);
        continue;
      }
      const owner = this.getLive(this.ownerIdentity(ref, live.metadata.namespace), ref.uid);
      if (owner === undefined) {
        this.absent.add(ref.uid);
        dangling.push(ref);
      } else if (owner !== null && owner.metadata.deletionTimestamp && hasFinalizer(owner, FinalizerDeleteDependents)) {
        waiting.push(ref);
      } else {
        solid.push(ref);
      }
    }

    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      // Keep the object for its live owners; forget the ones that are gone or going.
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.updateOwnerRefs(n, (rs) => rs.filter((r) => !drop.has(r.uid)));
      return;
    }
    let policy: PropagationPolicy;
    if (waiting.length > 0 && n.dependents.size > 0) {
      // Its owner waits for it, and it has dependents of its own: take it down in the foreground too.
      policy = 'Foreground';
    } else if (hasFinalizer(live, FinalizerOrphanDependents)) {
      policy = 'Orphan';
    } else if (hasFinalizer(live, FinalizerDeleteDependents)) {
      policy = 'Foreground';
    } else {
      policy = 'Background';
    }
    const m = mapKind(n.identity.apiVersion, n.identity.kind)!;
    const opts: DeleteOptions = { propagationPolicy: policy, preconditions: { uid } };
    this.ctx.log(`deleting ${n.identity.kind} ${n.identity.namespace ? `${n.identity.namespace}/` : ''}${n.identity.name} (propagationPolicy=${policy}): no owner left`);
    try {
      this.ctx.client.delete(m.plural, m.namespaced ? n.identity.namespace : undefined, n.identity.name, opts);
    } catch (e) {
      if (isStatusError(e, 'NotFound') || isStatusError(e, 'Conflict')) return;
      throw e;
    }
  }

  /** Foreground deletion of `n`: wait for blocking dependents to go, then drop the finalizer. */
  private processDeletingDependentsItem(n: GraphNode, live: StoredObject): void {
    const blocking: GraphNode[] = [];
    for (const d of n.dependents) {
      const dep = this.nodes.get(d);
      if (dep && !dep.virtual && dep.owners.some((r) => r.uid === n.uid && r.blockOwnerDeletion)) blocking.push(dep);
    }
    if (blocking.length === 0) {
      this.removeFinalizer(n, live, FinalizerDeleteDependents);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.uid);
  }

  private attemptToOrphanItem(uid: string): void {
    if (!this.synced()) {
      this.attemptToOrphan.addAfter(uid, 100);
      return;
    }
    const n = this.nodes.get(uid);
    if (!n) return;
    const live = this.getLive(n.identity, uid);
    if (!live || !live.metadata.deletionTimestamp || !hasFinalizer(live, FinalizerOrphanDependents)) return;
    for (const d of [...n.dependents]) {
      const dep = this.nodes.get(d);
      if (dep) this.updateOwnerRefs(dep, (rs) => rs.filter((r) => r.uid !== uid));
    }
    this.removeFinalizer(n, live, FinalizerOrphanDependents);
  }

  /** Rewrites an object's ownerReferences with a fresh read and an optimistic update. */
  private updateOwnerRefs(n: GraphNode, edit: (refs: OwnerReference[]) => OwnerReference[]): void {
    const m = mapKind(n.identity.apiVersion, n.identity.kind);
    if (!m) return;
    const live = this.getLive(n.identity, n.uid);
    if (!live) return;
    const before = live.metadata.ownerReferences ?? [];
    const after = edit(before);
    if (after.length === before.length) return;
    const next = deepCopy(live);
    if (after.length) next.metadata.ownerReferences = after;
    else delete next.metadata.ownerReferences;
    try {
      this.ctx.client.update(m.plural, next);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }

  private removeFinalizer(n: GraphNode, live: StoredObject, finalizer: string): void {
    const m = mapKind(n.identity.apiVersion, n.identity.kind);
    if (!m || !hasFinalizer(live, finalizer)) return;
    const next = deepCopy(live);
    next.metadata.finalizers = (live.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    try {
      this.ctx.client.update(m.plural, next);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }
}

/** True when both lists name the same owners with the same blockOwnerDeletion, in the same order. */
function sameOwnerKeys(a: readonly OwnerReference[], b: readonly OwnerReference[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.uid !== b[i]!.uid || !!a[i]!.blockOwnerDeletion !== !!b[i]!.blockOwnerDeletion) return false;
  }
  return true;
}
