/**
 * Pure helpers of the Deployment controller, after pkg/controller/deployment/util/deployment_util.go:
 * revisions and annotations, max surge / max unavailable rounding, replica counting, proportional
 * scaling fractions, conditions and the orderings the controller sorts ReplicaSets by.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../../types';
import { semanticEqual, timeMs } from '../internal/util';

export type Deploy = Deployment & StoredObject;
export type RS = ReplicaSet & StoredObject;

export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const DeprecatedRollbackTo = 'deprecated.deployment.rollback.to';
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';
/** Longest revision-history annotation kept (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

// Condition reasons (deployment_util.go).
export const NewReplicaSetReason = 'NewReplicaSetCreated';
export const FoundNewRSReason = 'FoundNewReplicaSet';
export const RSUpdatedReason = 'ReplicaSetUpdated';
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';
export const PausedDeployReason = 'DeploymentPaused';
export const ResumedDeployReason = 'DeploymentResumed';
export const FailedRSCreateReason = 'ReplicaSetCreateError';
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

export function replicasOf(o: { spec?: { replicas?: number } } | undefined): number {
  return o?.spec?.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is itself; "N%" is N% of total, rounded up or down.
 * Throws for a malformed string, as the real helper returns an error.
 */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const pct = Number(m[1]);
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero makes unavailable 1. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

export function revisionOf(o: { metadata?: { annotations?: Record<string, string> } } | undefined): number {
  const v = o?.metadata?.annotations?.[RevisionAnnotation];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

export function maxRevision(rss: RS[]): number {
  let m = 0;
  for (const rs of rss) m = Math.max(m, revisionOf(rs));
  return m;
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  // semanticEqual only reads, so the hash label is left out of shallow copies of the path to it
  // rather than of deep copies of both templates.
  const strip = (t: PodTemplateSpec | undefined): PodTemplateSpec => {
    const src = t ?? {};
    const labels = src.metadata?.labels;
    if (!labels || !Object.prototype.hasOwnProperty.call(labels, DefaultDeploymentUniqueLabelKey)) return src;
    const rest: Record<string, string> = { ...labels };
    delete rest[DefaultDeploymentUniqueLabelKey];
    return { ...src, metadata: { ...src.metadata, labels: rest } };
  };
  return semanticEqual(strip(a), strip(b));
}

/** ReplicaSetsByCreationTimestamp: oldest first, name as the tie-break. */
export function byCreation(a: RS, b: RS): number {
  const ta = timeMs(a.metadata.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first; among equals, older first. */
export function bySizeOlder(a: RS, b: RS): number {
  if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
  return byCreation(a, b);
}

/** ReplicaSetsBySizeNewer: largest first; among equals, newer first. */
export function bySizeNewer(a: RS, b: RS): number {
  if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
  return byCreation(b, a);
}

/** ReplicaSetsByRevision: lowest revision first, then oldest. */
export function byRevision(a: RS, b: RS): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra !== rb) return ra - rb;
  return byCreation(a, b);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: RS[]): RS | undefined {
  return sortByCreation(rss).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/**
 * A sorted copy in byCreation order, each creation time parsed once rather than once per comparison
 * (the same comparisons, so the same order).
 */
export function sortByCreation(rss: readonly RS[]): RS[] {
  const keyed = rss.map((rs) => ({ rs, t: timeMs(rs.metadata.creationTimestamp) ?? 0 }));
  keyed.sort((a, b) => {
    if (a.t !== b.t) return a.t - b.t;
    const an = a.rs.metadata.name;
    const bn = b.rs.metadata.name;
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
  return keyed.map((k) => k.rs);
}

export function sumReplicas(rss: (RS | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += replicasOf(rs);
  return n;
}

export function sumStatus(rss: (RS | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.[field] ?? 0;
  return n;
}

export function activeReplicaSets(rss: (RS | undefined)[]): RS[] {
  return rss.filter((rs): rs is RS => !!rs && replicasOf(rs) > 0);
}

/** FindActiveOrLatest: the single active ReplicaSet, or the newest if none is active; else nothing. */
export function findActiveOrLatest(newRS: RS | undefined, oldRSs: RS[]): RS | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const all = activeReplicaSets([...olds, newRS]);
  if (all.length === 0) return newRS ?? olds[0];
  if (all.length === 1) return all[0];
  return undefined;
}

function annotationInt(rs: RS, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** IsSaturated: the new ReplicaSet runs exactly the desired number, all available. */
export function isSaturated(d: Deployment, rs: RS | undefined): boolean {
  if (!rs) return false;
  const desired = annotationInt(rs, DesiredReplicasAnnotation);
  if (desired === undefined) return false;
  return replicasOf(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** Go's math.Round: halves away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** getReplicaSetFraction: this ReplicaSet's share of a resize, from its max-replicas annotation. */
function replicaSetFraction(rs: RS, d: Deploy): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = annotationInt(rs, MaxReplicasAnnotation) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const newSize = (replicasOf(rs) * deploymentReplicas) / annotated;
  return roundHalfAway(newSize) - replicasOf(rs);
}

/** GetProportion: how many replicas this ReplicaSet gains (or loses) in a proportional resize. */
export function getProportion(rs: RS | undefined, d: Deploy, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export function replicasAnnotationsNeedUpdate(rs: RS, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DesiredReplicasAnnotation] !== String(desired) || a[MaxReplicasAnnotation] !== String(max);
}

/** SetReplicasAnnotations, on a writable copy. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata!.annotations = rs.metadata!.annotations ?? {});
  let changed = false;
  if (a[DesiredReplicasAnnotation] !== String(desired)) {
    a[DesiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (a[MaxReplicasAnnotation] !== String(max)) {
    a[MaxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

function skipCopyAnnotation(key: string): boolean {
  return (
    key === LastAppliedConfigAnnotation ||
    key === RevisionAnnotation ||
    key === RevisionHistoryAnnotation ||
    key === DesiredReplicasAnnotation ||
    key === MaxReplicasAnnotation ||
    key === DeprecatedRollbackTo
  );
}

/**
 * SetNewReplicaSetAnnotations, on a writable copy: copy the Deployment's own annotations, raise the
 * revision when it is behind (keeping the old number in revision-history on a rollback), and on a
 * ReplicaSet about to be created add desired-replicas and max-replicas.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  const a = (rs.metadata!.annotations = rs.metadata!.annotations ?? {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[RevisionAnnotation];
  let oldInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    oldInt = Number(oldRevision);
    if (!Number.isInteger(oldInt)) return false;
  }
  if (oldInt < newRevision) {
    a[RevisionAnnotation] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = a[RevisionHistoryAnnotation] ?? '';
      let olds = history.split(',');
      if (olds[0] === '') {
        a[RevisionHistoryAnnotation] = oldRevision;
      } else {
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < olds.length) {
          total -= olds[start]!.length + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
          olds = [...olds.slice(start), oldRevision];
          a[RevisionHistoryAnnotation] = olds.join(',');
        }
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: Deployment, allRSs: (RS | undefined)[], newRS: RS): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', replicasOf(d), true);
  const current = sumReplicas(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

// ---- conditions ---------------------------------------------------------------------------------

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime when
 * only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const c = { ...cond };
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== 2147483647;
}

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deploy, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deploy, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition has not been updated for progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deploy, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === NewRSAvailableReason) return false;
  if (c.reason === TimedOutReason) return true;
  const from = timeMs(c.lastUpdateTime);
  if (from === undefined) return false;
  return from + (d.spec!.progressDeadlineSeconds ?? 600) * 1000 < now;
}
