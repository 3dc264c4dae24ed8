/**
 * Helpers shared by the kube-controller-manager controllers: controller references, pod readiness and
 * availability, times, semantic equality, and per-informer indexers. Mirrors the facts of
 * k8s.io/kubernetes pkg/controller/controller_utils.go and pkg/api/v1/pod/util.go.
 */
import { SIM_EPOCH_MS } from '../../clock';
import type { Informer } from '../../client/types';
import type { KObject, OwnerReference, Pod, StoredObject } from '../../types';

/** The ownerReference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerRefOf(obj: KObject | undefined): OwnerReference | undefined {
  return obj?.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** A controller reference to `owner` (metav1.NewControllerRef): controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: StoredObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** Virtual milliseconds for an RFC 3339 timestamp written by the simulation (NaN-safe: missing → undefined). */
export function timeMs(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t - SIM_EPOCH_MS;
}

export type PodLike = Pod & StoredObject;

/** What controllers ask of a pod again and again, computed once per (immutable) cached object. */
export interface PodFacts {
  active: boolean;
  ready: boolean;
  /** virtual ms at which Ready turned True, when ready */
  readySinceMs: number | undefined;
}

const factsCache = new WeakMap<object, PodFacts>();

export function podFacts(pod: Pod): PodFacts {
  const hit = factsCache.get(pod);
  if (hit) return hit;
  const c = podReadyCondition(pod);
  const ready = c?.status === 'True';
  const f: PodFacts = { active: isPodActive(pod), ready, readySinceMs: ready ? timeMs(c!.lastTransitionTime) : undefined };
  if (Object.isFrozen(pod)) factsCache.set(pod, f);
  return f;
}

/** isPodAvailable from cached facts. */
export function factsAvailable(f: PodFacts, minReadySeconds: number, now: number): boolean {
  if (!f.ready) return false;
  if (!minReadySeconds) return true;
  return f.readySinceMs !== undefined && f.readySinceMs + minReadySeconds * 1000 < now;
}

export function podReadyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * podutil.IsPodAvailable: ready, and (minReadySeconds is 0 or the Ready condition turned True more than
 * minReadySeconds ago, strictly).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = timeMs(c.lastTransitionTime);
  return t !== undefined && t + minReadySeconds * 1000 < now;
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** Max restartCount over the pod's containers. */
export function maxContainerRestarts(pod: Pod): number {
  let n = 0;
  for (const c of pod.status?.containerStatuses ?? []) n = Math.max(n, c.restartCount ?? 0);
  return n;
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).every((k) => (v as Record<string, unknown>)[k] === undefined);
  return false;
}

/**
 * apimachinery's semantic DeepEqual: like a deep structural comparison, except that a nil and an empty
 * slice or map count as equal (and a missing field equals null).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Equal structure, or both nil-or-empty. The structural walk goes first: it is the usual answer,
  // and the emptiness test allocates (a key list per object) on every level.
  return structurallyEqual(a, b) || (isEmptyish(a) && isEmptyish(b));
}

function structurallyEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Every key of either: a's keys, then those of b's that are not among them (own, enumerable).
  const ak = Object.keys(ao);
  for (let i = 0; i < ak.length; i++) if (!semanticEqual(ao[ak[i]!], bo[ak[i]!])) return false;
  const bk = Object.keys(bo);
  for (let i = 0; i < bk.length; i++) {
    const k = bk[i]!;
    if (!Object.prototype.propertyIsEnumerable.call(ao, k) && !semanticEqual(ao[k], bo[k])) return false;
  }
  return true;
}

export function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return semanticEqual(a ?? {}, b ?? {});
}

// ---- shared indexers ----------------------------------------------------------------------------

const installed = new WeakMap<object, Set<string>>();

/** Adds an indexer once per informer; controllers sharing one informer factory share the index. */
export function ensureIndexer<T extends StoredObject>(inf: Informer<T>, name: string, fn: (obj: T) => string[]): void {
  let s = installed.get(inf);
  if (!s) installed.set(inf, (s = new Set()));
  if (s.has(name)) return;
  s.add(name);
  inf.addIndexer(name, fn);
}

/** Index name: objects by the UID of their controller owner. */
export const BY_CONTROLLER_UID = 'kcm:controllerUID';
/** Index name: objects without a controller owner, by namespace (candidates for adoption). */
export const ORPHANS_BY_NAMESPACE = 'kcm:orphansByNamespace';

export function installOwnerIndexers<T extends StoredObject>(inf: Informer<T>): void {
  ensureIndexer(inf, BY_CONTROLLER_UID, (o) => {
    const ref = controllerRefOf(o);
    return ref ? [ref.uid] : [];
  });
  ensureIndexer(inf, ORPHANS_BY_NAMESPACE, (o) => (controllerRefOf(o) ? [] : [o.metadata.namespace ?? '']));
}

/** Error text the way Go's `%v` prints an API error: its message. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Drops the named counters that are zero: Go's encoding/json leaves out an `omitempty` integer field
 * holding 0, so a status written by the real controller never shows `readyReplicas: 0`.
 */
export function omitZero<T extends object>(o: T, keys: readonly (keyof T)[]): T {
  for (const k of keys) if (o[k] === 0 || o[k] === undefined) delete o[k];
  return o;
}
