/**
 * JobController (k8s.io/kubernetes pkg/controller/job): runs a Job's pods to completion.
 *
 * Facts carried over from the 1.31 controller:
 * - pods are created from the template with the `batch.kubernetes.io/job-tracking` finalizer, named
 *   `<job>-<5>` (NonIndexed) or `<job>-<index>-<5>` (Indexed, with the completion index as annotation
 *   and label `batch.kubernetes.io/job-completion-index`, hostname `<job>-<index>` and the env var
 *   `JOB_COMPLETION_INDEX`), in slow-start batches, with `SuccessfulCreate` `Created pod: <name>`;
 * - finished pods are counted exactly once through status.uncountedTerminatedPods: first their UIDs are
 *   recorded there, then their finalizers removed, then they move into succeeded / failed;
 * - after a pod failure the next pod waits the back-off: 10s doubling per failure since the last
 *   success, at most 10 minutes (MaxJobPodFailureBackOff), measured from the last failure;
 * - failed > backoffLimit (or, with restartPolicy OnFailure, failed + container restarts ≥ backoffLimit)
 *   fails the Job with `BackoffLimitExceeded` / `Job has reached the specified backoff limit`;
 *   activeDeadlineSeconds past startTime with `DeadlineExceeded` / `Job was active longer than specified
 *   deadline`; a podFailurePolicy FailJob rule with `PodFailurePolicy`. Ignore rules do not count
 *   failures. The FailureTarget condition comes first, and Failed (with a Warning event of the same
 *   reason and message) once no pod is left terminating, as 1.31 delays terminal conditions;
 * - success: SuccessCriteriaMet then Complete, both reason `CompletionsReached` / `Reached expected
 *   number of succeeded pods`, completionTime, and the event `Completed` `Job completed`;
 * - with podReplacementPolicy TerminatingOrFailed (the default without a podFailurePolicy) a
 *   terminating pod is replaced at once and counts as failed; with Failed, only once it has failed;
 * - suspend deletes the active pods and sets Suspended (JobSuspended / Job suspended); resuming resets
 *   startTime.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Job, JobCondition, JobStatus, PodFailurePolicyRule } from 'kubernetes-types/batch/v1';
import type { Pod, StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { Expectations } from './internal/expectations';
import { selectorMatches } from '../api/selectorMatch';
import { BY_CONTROLLER_UID, controllerRefOf, errText, installOwnerIndexers, isPodReady, newControllerRef, timeMs } from './internal/util';
import { podFromTemplate } from './replicaset';
import { SlowStartBatch, runPaced } from './internal/slowStart';

export type JobObj = Job & StoredObject;
type PodObj = Pod & StoredObject;

export const JobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
export const JobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
export const JobNameLabel = 'batch.kubernetes.io/job-name';
export const ControllerUidLabel = 'batch.kubernetes.io/controller-uid';
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
export const JOB_BACKOFF_BASE_MS = 10_000;
export const JOB_BACKOFF_MAX_MS = 10 * 60_000;
const BURST = 500;

export function jobCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

/** IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return !!jobCondition(job, 'Complete') || !!jobCondition(job, 'Failed');
}

/** The time the Job finished (its terminal condition's transition). */
export function jobFinishTimeMs(job: Job): number | undefined {
  const c = jobCondition(job, 'Complete') ?? jobCondition(job, 'Failed');
  return timeMs(c?.lastTransitionTime);
}

/** "0-2,4,6-7": the compact form of a set of indexes. */
export function formatIndexes(ix: number[]): string {
  const s = [...new Set(ix)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return out.join(',');
}

export function parseIndexes(s: string | undefined): number[] {
  const out: number[] = [];
  for (const part of (s ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.push(i);
  }
  return out;
}

function podIndex(pod: Pod): number | undefined {
  const v = pod.metadata?.annotations?.[JobCompletionIndexAnnotation] ?? pod.metadata?.labels?.[JobCompletionIndexAnnotation];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

function hasFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JobTrackingFinalizer);
}

/** When a pod finished: its containers' latest finishedAt, else now. */
function podFinishMs(pod: Pod, now: number): number {
  let t: number | undefined;
  for (const cs of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const f = timeMs(cs.state?.terminated?.finishedAt);
    if (f !== undefined && (t === undefined || f > t)) t = f;
  }
  return t ?? now;
}

interface PolicyMatch {
  action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
  message?: string;
}

/** matchPodFailurePolicy: the first rule that matches a failed pod. */
export function matchPodFailurePolicy(rules: readonly PodFailurePolicyRule[], pod: Pod): PolicyMatch | undefined {
  const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.onExitCodes) {
      const oe = r.onExitCodes;
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      for (const cs of statuses) {
        if (oe.containerName && oe.containerName !== cs.name) continue;
        const code = cs.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        const inValues = oe.values.includes(code);
        if ((oe.operator === 'In' && inValues) || (oe.operator === 'NotIn' && !inValues)) {
          return { action: r.action as PolicyMatch['action'], message: `Container ${cs.name} for pod ${key} failed with exit code ${code} matching ${r.action} rule at index ${i}` };
        }
      }
    }
    for (const pc of r.onPodConditions ?? []) {
      const want = pc.status ?? 'True';
      if (pod.status?.conditions?.some((c) => c.type === pc.type && c.status === want)) {
        return { action: r.action as PolicyMatch['action'], message: `Pod ${key} has condition ${pc.type} matching ${r.action} rule at index ${i}` };
      }
    }
  }
  return undefined;
}

interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureMs: number;
}

export class JobController implements Component {
  readonly name = 'job-controller';
  static readonly eventSource = 'job-controller';
  static readonly user = 'system:serviceaccount:kube-system:job-controller';

  syncHandler: (key: string) => void = (key) => this.syncJob(key);
  readonly queue: WorkQueue;
  readonly expectations: Expectations;
  private readonly jobs: Informer<JobObj>;
  private readonly pods: Informer<PodObj>;
  private readonly backoff = new Map<string, BackoffRecord>();
  /** Failures of paced creation batches that ended after their sync returned, by key. */
  private readonly batchErrors = new Map<string, unknown>();
  /** Keys whose sync is still creating pods at the client's pace. */
  private readonly inFlight = new Set<string>();
  /** pod UIDs whose failure the back-off record already counts */
  private readonly seenFailures = new Map<string, Set<string>>();

  constructor(private readonly ctx: ComponentContext) {
    this.jobs = ctx.informers.informer<JobObj>('jobs');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.expectations = new Expectations(ctx.clock);
    this.queue = ctx.newQueue('job', (k) => this.syncHandler(k));
  }

  start(): void {
    installOwnerIndexers(this.pods);
    this.jobs.addEventHandler({
      add: (j) => this.queue.add(keyOf(j)),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(keyOf(cur));
      },
      delete: (j) => {
        const k = keyOf(j);
        this.expectations.delete(k);
        this.backoff.delete(k);
        this.seenFailures.delete(k);
        this.queue.add(k);
      },
    });
    this.pods.addEventHandler({
      add: (p) => this.podEvent(p, 'add'),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.podEvent(cur, cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp ? 'delete' : 'update');
      },
      delete: (p) => this.podEvent(p, 'delete'),
    });
    this.ctx.informers.start();
  }

  private podEvent(pod: PodObj, kind: 'add' | 'update' | 'delete'): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'Job') return;
    const job = this.jobs.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!job || job.metadata.uid !== ref.uid) return;
    const key = keyOf(job);
    if (kind === 'add') this.expectations.creationObserved(key);
    if (kind === 'delete') this.expectations.deletionObserved(key, keyOf(pod));
    // Pod updates are batched a little, as the real controller's syncJobBatchPeriod (1s) does.
    if (kind === 'update') this.queue.addAfter(key, 1000);
    else this.queue.add(key);
  }

  /** The pods the Job controls (by controller reference, matching its selector). */
  private jobPods(job: JobObj): PodObj[] {
    return this.pods.byIndex(BY_CONTROLLER_UID, job.metadata.uid).filter((p) => p.metadata.namespace === job.metadata.namespace && selectorMatches(job.spec?.selector, p.metadata.labels));
  }

  /** Level-triggered reconcile of one Job. */
  syncJob(key: string): void {
    if (!this.jobs.hasSynced() || !this.pods.hasSynced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    // The worker is still creating this Job's pods at the client's pace; it syncs again when done.
    if (this.inFlight.has(key)) return;
    const job = this.jobs.get(key);
    if (!job) {
      this.expectations.delete(key);
      return;
    }
    const pods = this.jobPods(job);
    if (isJobFinished(job)) {
      // Finished: only release the finalizers of stragglers.
      this.removeFinalizers(pods.filter(hasFinalizer));
      return;
    }
    if (job.metadata.deletionTimestamp) {
      this.removeFinalizers(pods.filter(hasFinalizer));
      return;
    }
    const now = this.ctx.clock.now();
    const spec = job.spec ?? ({} as NonNullable<Job['spec']>);
    const status: JobStatus = deepCopy(job.status ?? {});
    const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
    const indexed = spec.completionMode === 'Indexed';
    const replacementFailed = spec.podReplacementPolicy === 'Failed';
    const rules = spec.podFailurePolicy?.rules ?? [];
    const byUid = new Map(pods.map((p) => [p.metadata.uid, p]));
    const completedIx = new Set(parseIndexes(status.completedIndexes));

    // 1. Move uncounted pods whose finalizer is gone into the counts.
    let changed = false;
    for (const which of ['succeeded', 'failed'] as const) {
      const keep: string[] = [];
      for (const uid of uncounted[which]) {
        const p = byUid.get(uid);
        if (p && hasFinalizer(p)) {
          keep.push(uid);
          continue;
        }
        status[which] = (status[which] ?? 0) + 1;
        if (which === 'succeeded' && indexed && p) {
          const ix = podIndex(p);
          if (ix !== undefined) completedIx.add(ix);
        }
        changed = true;
      }
      uncounted[which] = keep;
    }

    // 2. Record newly finished pods as uncounted.
    const inUncounted = new Set([...uncounted.succeeded, ...uncounted.failed]);
    let failJob: { reason: string; message: string } | undefined;
    const ignored: PodObj[] = [];
    let newFailures = 0;
    let lastFailure = 0;
    for (const p of pods) {
      if (!hasFinalizer(p) || inUncounted.has(p.metadata.uid)) continue;
      const phase = p.status?.phase;
      if (phase === 'Succeeded') {
        uncounted.succeeded.push(p.metadata.uid);
        if (indexed) {
          const ix = podIndex(p);
          if (ix !== undefined && completedIx.has(ix)) continue;
        }
        this.backoff.delete(key);
        changed = true;
        continue;
      }
      const failed = phase === 'Failed' || (!!p.metadata.deletionTimestamp && !replacementFailed && rules.length === 0);
      if (!failed) continue;
      if (phase === 'Failed' && rules.length > 0) {
        const m = matchPodFailurePolicy(rules, p);
        if (m?.action === 'Ignore') {
          ignored.push(p);
          continue;
        }
        if (m?.action === 'FailJob' && !failJob) failJob = { reason: 'PodFailurePolicy', message: m.message ?? '' };
      }
      uncounted.failed.push(p.metadata.uid);
      changed = true;
      const seen = this.seenFailures.get(key) ?? new Set<string>();
      this.seenFailures.set(key, seen);
      if (!seen.has(p.metadata.uid)) {
        seen.add(p.metadata.uid);
        newFailures++;
        lastFailure = Math.max(lastFailure, podFinishMs(p, now));
      }
    }
    if (newFailures > 0) {
      const rec = this.backoff.get(key) ?? { failuresAfterLastSuccess: 0, lastFailureMs: 0 };
      rec.failuresAfterLastSuccess += newFailures;
      rec.lastFailureMs = Math.max(rec.lastFailureMs, lastFailure);
      this.backoff.set(key, rec);
    }

    const active = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length;
    const failedCount = (status.failed ?? 0) + uncounted.failed.length;

    // 3. Start time and suspension.
    const suspended = spec.suspend === true;
    if (!suspended && !status.startTime) {
      status.startTime = this.ctx.clock.timestamp(now);
      changed = true;
    }
    const conds: JobCondition[] = status.conditions ?? [];
    const ts = this.ctx.clock.timestamp(now);
    const setCond = (type: string, st: 'True' | 'False', reason: string, message: string): void => {
      const c = conds.find((x) => x.type === type);
      if (c && c.status === st && c.reason === reason) return;
      if (c) Object.assign(c, { status: st, reason, message, lastProbeTime: ts, lastTransitionTime: ts });
      else conds.push({ type, status: st, reason, message, lastProbeTime: ts, lastTransitionTime: ts });
      changed = true;
    };
    const suspendedCond = conds.find((c) => c.type === 'Suspended');
    if (suspended && suspendedCond?.status !== 'True') {
      setCond('Suspended', 'True', 'JobSuspended', 'Job suspended');
      this.ctx.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
    } else if (!suspended && suspendedCond?.status === 'True') {
      setCond('Suspended', 'False', 'JobResumed', 'Job resumed');
      status.startTime = ts;
      this.ctx.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
    }

    // 4. Has the Job failed or succeeded?
    const failureTarget = conds.find((c) => c.type === 'FailureTarget' && c.status === 'True');
    const successMet = conds.find((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
    if (!failureTarget && !successMet) {
      let restarts = 0;
      if (spec.template?.spec?.restartPolicy === 'OnFailure') {
        for (const p of active) for (const cs of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
      }
      const limit = spec.backoffLimit ?? 6;
      const deadline = spec.activeDeadlineSeconds;
      const startMs = timeMs(status.startTime);
      if (failJob) setCond('FailureTarget', 'True', failJob.reason, failJob.message);
      else if (failedCount > limit || (restarts > 0 && failedCount + restarts >= limit && spec.template?.spec?.restartPolicy === 'OnFailure')) {
        setCond('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (deadline !== undefined && startMs !== undefined && !suspended && now - startMs >= deadline * 1000) {
        setCond('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (this.successReached(spec, succeeded, active.length, completedIx, uncounted.succeeded, byUid)) {
        setCond('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      } else if (deadline !== undefined && startMs !== undefined && !suspended) {
        this.queue.addAfter(key, startMs + deadline * 1000 - now);
      }
    }
    const finishing = conds.find((c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True');

    // 5. Manage pods.
    let manageErr: unknown = this.batchErrors.get(key);
    this.batchErrors.delete(key);
    if (manageErr === undefined && this.expectations.satisfied(key)) {
      try {
        if (finishing || suspended) this.deletePods(job, active);
        else this.manageJob(job, active, terminating, succeeded, completedIx, replacementFailed);
      } catch (e) {
        manageErr = e;
      }
    }

    // 6. Terminal conditions once nothing is left running or uncounted.
    if (finishing && active.length === 0 && terminating.length === 0 && uncounted.succeeded.length === 0 && uncounted.failed.length === 0) {
      const terminal = finishing.type === 'FailureTarget' ? 'Failed' : 'Complete';
      setCond(terminal, 'True', finishing.reason ?? '', finishing.message ?? '');
      if (terminal === 'Complete') {
        status.completionTime = ts;
        this.ctx.recorder.event(job, 'Normal', 'Completed', 'Job completed');
      } else {
        this.ctx.recorder.event(job, 'Warning', finishing.reason ?? '', finishing.message ?? '');
      }
    }

    // 7. Status.
    const readyCount = active.filter((p) => isPodReady(p)).length;
    const next: JobStatus = {
      ...status,
      conditions: conds.length ? conds : undefined,
      active: active.length,
      ready: readyCount,
      terminating: terminating.length,
      succeeded: status.succeeded ?? 0,
      failed: status.failed ?? 0,
      uncountedTerminatedPods: { succeeded: uncounted.succeeded.length ? uncounted.succeeded : undefined, failed: uncounted.failed.length ? uncounted.failed : undefined },
    };
    if (indexed) next.completedIndexes = formatIndexes([...completedIx]);
    const prev = job.status ?? {};
    if (
      changed ||
      (prev.active ?? 0) !== next.active ||
      (prev.ready ?? 0) !== next.ready ||
      (prev.terminating ?? 0) !== next.terminating ||
      (indexed && (prev.completedIndexes ?? '') !== next.completedIndexes) ||
      prev.succeeded === undefined
    ) {
      this.writeStatus(job, next);
    }

    // 8. Release finalizers of the pods now recorded (and of ignored failures).
    const recorded = new Set([...uncounted.succeeded, ...uncounted.failed]);
    this.removeFinalizers([...pods.filter((p) => hasFinalizer(p) && recorded.has(p.metadata.uid)), ...ignored]);
    if (manageErr !== undefined) throw manageErr;
  }

  private successReached(spec: NonNullable<Job['spec']>, succeeded: number, active: number, completedIx: Set<number>, uncountedSucceeded: string[], byUid: Map<string, PodObj>): boolean {
    const completions = spec.completions;
    if (spec.completionMode === 'Indexed' && completions !== undefined) {
      const all = new Set(completedIx);
      for (const uid of uncountedSucceeded) {
        const p = byUid.get(uid);
        const ix = p && podIndex(p);
        if (ix !== undefined) all.add(ix);
      }
      return all.size >= completions;
    }
    if (completions === undefined || completions === null) return succeeded > 0 && active === 0;
    return succeeded >= completions;
  }

  private manageJob(job: JobObj, active: PodObj[], terminating: PodObj[], succeeded: number, completedIx: Set<number>, replacementFailed: boolean): void {
    const key = keyOf(job);
    const spec = job.spec!;
    const parallelism = spec.parallelism ?? 1;
    const indexed = spec.completionMode === 'Indexed';
    let wantActive: number;
    if (spec.completions === undefined || spec.completions === null) wantActive = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    else if (indexed) wantActive = Math.min(parallelism, spec.completions - completedIx.size);
    else wantActive = Math.min(parallelism, spec.completions - succeeded);
    wantActive = Math.max(0, wantActive);
    const occupied = active.length + (replacementFailed ? terminating.length : 0);
    if (active.length > wantActive) {
      // Too many: delete the surplus, not-ready and newest first.
      const sorted = [...active].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
      this.deletePods(job, sorted.slice(0, active.length - wantActive));
      return;
    }
    let diff = Math.min(wantActive - occupied, BURST);
    if (diff <= 0) return;
    const rec = this.backoff.get(key);
    if (rec && rec.failuresAfterLastSuccess > 0) {
      const delay = Math.min(JOB_BACKOFF_BASE_MS * 2 ** (rec.failuresAfterLastSuccess - 1), JOB_BACKOFF_MAX_MS);
      const remaining = rec.lastFailureMs + delay - this.ctx.clock.now();
      if (remaining > 0) {
        this.queue.addAfter(key, remaining);
        return;
      }
    }
    const indexes: number[] = [];
    if (indexed) {
      const busy = new Set(active.map(podIndex).filter((x): x is number => x !== undefined));
      if (replacementFailed) for (const p of terminating) { const ix = podIndex(p); if (ix !== undefined) busy.add(ix); }
      for (let i = 0; i < spec.completions! && indexes.length < diff; i++) if (!completedIx.has(i) && !busy.has(i)) indexes.push(i);
      diff = indexes.length;
      if (diff === 0) return;
    }
    this.expectations.expectCreations(key, diff);
    let n = 0;
    const batch = new SlowStartBatch(diff, 1, () => {
      this.createPod(job, indexed ? indexes[n++] : undefined);
    });
    const total = diff;
    const outcome = runPaced(this.ctx.clock, this.ctx.client.rateLimiter, `job: create pods ${key}`, batch, (o) => {
      // The sync that started this batch has returned: the next one reports how it ended.
      this.inFlight.delete(key);
      for (let i = o.successes; i < total; i++) this.expectations.creationObserved(key);
      if (o.error !== undefined) this.batchErrors.set(key, o.error);
      this.queue.add(key);
    });
    if (!outcome) {
      this.inFlight.add(key);
      return;
    }
    for (let i = outcome.successes; i < diff; i++) this.expectations.creationObserved(key);
    if (outcome.error !== undefined) throw outcome.error;
  }

  private createPod(job: JobObj, index: number | undefined): void {
    const ref = newControllerRef(job, 'batch/v1', 'Job');
    const pod = podFromTemplate(job.spec?.template, job, ref);
    pod.metadata!.finalizers = [...(pod.metadata!.finalizers ?? []), JobTrackingFinalizer];
    if (index !== undefined) {
      pod.metadata!.generateName = `${job.metadata.name}-${index}-`;
      pod.metadata!.annotations = { ...(pod.metadata!.annotations ?? {}), [JobCompletionIndexAnnotation]: String(index) };
      pod.metadata!.labels = { ...(pod.metadata!.labels ?? {}), [JobCompletionIndexAnnotation]: String(index) };
      const spec = pod.spec!;
      if (!spec.hostname) spec.hostname = `${job.metadata.name}-${index}`;
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        if ((c.env ?? []).some((e) => e.name === 'JOB_COMPLETION_INDEX')) continue;
        c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${JobCompletionIndexAnnotation}']` } } }];
      }
    }
    try {
      const created = this.ctx.client.create<PodObj>('pods', pod as PodObj, { namespace: job.metadata.namespace });
      this.ctx.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (e) {
      this.ctx.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${errText(e)}`);
      throw e;
    }
  }

  private deletePods(job: JobObj, pods: PodObj[]): void {
    if (pods.length === 0) return;
    const key = keyOf(job);
    this.expectations.expectDeletions(key, pods.map((p) => keyOf(p)));
    for (const p of pods) {
      try {
        this.ctx.client.delete('pods', p.metadata.namespace, p.metadata.name);
        this.ctx.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        this.expectations.deletionObserved(key, keyOf(p));
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }

  private removeFinalizers(pods: PodObj[]): void {
    for (const p of pods) {
      if (!hasFinalizer(p)) continue;
      const fin = (p.metadata.finalizers ?? []).filter((f) => f !== JobTrackingFinalizer);
      try {
        this.ctx.client.patch('pods', p.metadata.namespace, p.metadata.name, { metadata: { finalizers: fin.length ? fin : null } }, { type: 'merge' });
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
  }

  private writeStatus(job: JobObj, status: JobStatus): void {
    const body = deepCopy(job) as JobObj;
    body.status = JSON.parse(JSON.stringify(status)) as JobStatus;
    try {
      this.ctx.client.update('jobs', body, { subresource: 'status' });
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return;
      throw e;
    }
  }
}
