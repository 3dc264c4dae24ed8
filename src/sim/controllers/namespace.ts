/**
 * NamespaceController (k8s.io/kubernetes pkg/controller/namespace, deletion/namespaced_resources_deleter.go):
 * empties a Namespace that is being deleted and then finalizes it.
 *
 * For a Namespace with `deletionTimestamp`:
 * 1. `status.phase` becomes Terminating;
 * 2. every namespaced resource is listed and each object not already being deleted is deleted
 *    (propagationPolicy Background, as the real DeleteCollection call does);
 * 3. the five deletion conditions are written (NamespaceDeletionDiscoveryFailure,
 *    NamespaceDeletionGroupVersionParsingFailure, NamespaceDeletionContentFailure,
 *    NamespaceContentRemaining, NamespaceFinalizersRemaining) with the real reasons and messages;
 * 4. while content remains the namespace is looked at again after estimate/2 + 1 seconds, the estimate
 *    being the longest termination grace period of the remaining pods (15 s when only objects with
 *    finalizers remain);
 * 5. once empty, `kubernetes` is removed from `spec.finalizers` through the `finalize` subresource and
 *    the API server deletes the Namespace.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Namespace, NamespaceCondition, Pod } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { deepCopy } from '../types';
import { isStatusError } from '../api/types';
import { namespacedResources } from './internal/restmapper';
import { errText } from './internal/util';

type NS = Namespace & StoredObject;

export const FinalizerKubernetes = 'kubernetes';
/** finalizerEstimateSeconds: the wait when remaining objects only have finalizers to finish. */
const FINALIZER_ESTIMATE_SECONDS = 15;

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
  }
}

export class NamespaceController implements Component {
  readonly name = 'namespace-controller';
  static readonly eventSource = 'namespace-controller';
  static readonly user = 'system:serviceaccount:kube-system:namespace-controller';

  readonly queue: WorkQueue;
  private readonly nsInformer: Informer<NS>;

  constructor(private readonly ctx: ComponentContext) {
    this.nsInformer = ctx.informers.informer<NS>('namespaces');
    this.queue = ctx.newQueue('namespace', (key) => this.syncNamespace(key));
  }

  start(): void {
    this.nsInformer.addEventHandler({
      add: (ns) => this.enqueue(ns),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.enqueue(cur);
      },
    });
    this.ctx.informers.start();
  }

  private enqueue(ns: NS): void {
    if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name);
  }

  syncNamespace(name: string): void {
    const cached = this.nsInformer.get(name);
    if (!cached || !cached.metadata.deletionTimestamp) return;
    try {
      this.deleteNamespace(name);
    } catch (e) {
      if (e instanceof ResourcesRemainingError) {
        this.queue.addAfter(name, (Math.floor(e.estimateSeconds / 2) + 1) * 1000);
        return;
      }
      throw e;
    }
  }

  private getNs(name: string): NS | undefined {
    try {
      return this.ctx.client.get<NS>('namespaces', undefined, name);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  private deleteNamespace(name: string): void {
    let ns = this.getNs(name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating') {
      const next = deepCopy(ns);
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      ns = this.ctx.client.update<NS>('namespaces', next, { subresource: 'status' });
    }
    if ((ns.spec?.finalizers ?? []).length === 0) return;

    const estimate = this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);

    // Empty: take our finalizer off; the API server removes the Namespace when none are left.
    ns = this.getNs(name);
    if (!ns || !(ns.spec?.finalizers ?? []).includes(FinalizerKubernetes)) return;
    const next = deepCopy(ns);
    next.spec = { ...(next.spec ?? {}), finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== FinalizerKubernetes) };
    try {
      this.ctx.client.update('namespaces', next, { subresource: 'finalize' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
  }

  /** Deletes every namespaced object; returns seconds until what remains should be gone (0: empty). */
  private deleteAllContent(ns: NS): number {
    const namespace = ns.metadata.name;
    let estimate = 0;
    const remaining = new Map<string, number>();
    const finalizersRemaining = new Map<string, number>();
    const errors: string[] = [];
    for (const { resource, def } of namespacedResources()) {
      let items: StoredObject[];
      try {
        items = this.ctx.client.list(resource, namespace).items;
      } catch (e) {
        if (isStatusError(e, 'NotFound') || isStatusError(e, 'MethodNotAllowed')) continue;
        throw e;
      }
      if (items.length === 0) continue;
      if (resource === 'pods') estimate = Math.max(estimate, podGraceEstimate(items as (Pod & StoredObject)[]));
      for (const o of items) {
        if (o.metadata.deletionTimestamp) continue;
        try {
          this.ctx.client.delete(resource, namespace, o.metadata.name, { propagationPolicy: 'Background' });
        } catch (e) {
          if (!isStatusError(e, 'NotFound')) errors.push(errText(e));
        }
      }
      let left: StoredObject[];
      try {
        left = this.ctx.client.list(resource, namespace).items;
      } catch {
        left = [];
      }
      if (left.length === 0) continue;
      remaining.set(`${def.plural}.${def.group}`, left.length);
      let withFinalizers = 0;
      for (const o of left) {
        for (const f of o.metadata.finalizers ?? []) {
          finalizersRemaining.set(f, (finalizersRemaining.get(f) ?? 0) + 1);
          withFinalizers++;
        }
      }
      if (resource !== 'pods' && estimate === 0) {
        if (withFinalizers > 0) estimate = FINALIZER_ESTIMATE_SECONDS;
        else errors.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${def.group}/${def.version}, Resource=${def.plural}`);
      } else if (resource === 'pods' && estimate === 0) {
        estimate = 1;
      }
    }
    this.updateConditions(ns, remaining, finalizersRemaining, errors);
    if (errors.length > 0 && estimate === 0) throw new Error(`Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(', ')}`);
    return estimate;
  }

  private updateConditions(ns: NS, remaining: Map<string, number>, finalizers: Map<string, number>, errors: string[]): void {
    const now = this.ctx.clock.timestamp();
    const fresh = this.getNs(ns.metadata.name);
    if (!fresh) return;
    const want = new Map<string, { status: string; reason: string; message: string }>();
    for (const t of CONDITION_TYPES) want.set(t, { status: 'False', ...OK[t] });
    if (remaining.size > 0) {
      const parts = [...remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
      want.set('NamespaceContentRemaining', { status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` });
    }
    if (finalizers.size > 0) {
      const parts = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      want.set('NamespaceFinalizersRemaining', { status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}` });
    }
    if (errors.length > 0) {
      want.set('NamespaceDeletionContentFailure', {
        status: 'True',
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${errors.length} remaining: ${[...errors].sort().join(', ')}`,
      });
    }
    const conditions: NamespaceCondition[] = (fresh.status?.conditions ?? []).map((c) => ({ ...c }));
    let changed = false;
    for (const t of CONDITION_TYPES) {
      const w = want.get(t)!;
      const old = conditions.find((c) => c.type === t);
      if (!old) {
        conditions.push({ type: t, status: w.status, lastTransitionTime: now, reason: w.reason, message: w.message });
        changed = true;
      } else if (old.status !== w.status || old.reason !== w.reason || old.message !== w.message) {
        if (old.status !== w.status) old.lastTransitionTime = now;
        old.status = w.status;
        old.reason = w.reason;
        old.message = w.message;
        changed = true;
      }
    }
    if (!changed) return;
    const next = deepCopy(fresh);
    next.status = { ...(next.status ?? {}), phase: 'Terminating', conditions };
    try {
      this.ctx.client.update('namespaces', next, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }
}

/** estimateGracefulTerminationForPods: the longest grace period among non-terminal pods. */
function podGraceEstimate(pods: (Pod & StoredObject)[]): number {
  let est = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const g = p.spec?.terminationGracePeriodSeconds;
    if (g !== undefined && g > est) est = g;
  }
  return est;
}
