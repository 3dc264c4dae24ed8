/**
 * CronJobController (k8s.io/kubernetes pkg/controller/cronjob, the v2 controller): creates Jobs on a
 * cron schedule, on virtual time. The schedule grammar (five fields, names, ranges, steps and the
 * `@hourly`-style descriptors) and the time-zone arithmetic come from the croner library.
 *
 * Facts carried over from the 1.31 controller:
 * - the most recent schedule time after lastScheduleTime (or creation) and not after now is the one
 *   to run; with startingDeadlineSeconds the window starts no earlier than now − deadline, and a time
 *   older than the deadline is skipped with `MissSchedule` `Missed scheduled time to start a job: <t>`;
 *   more than 100 missed times give the `TooManyMissedTimes` warning;
 * - the Job is `<cronjob>-<scheduled time in minutes since the Unix epoch>`, owned by the CronJob, with the
 *   job template's labels and annotations plus `batch.kubernetes.io/cronjob-scheduled-timestamp`
 *   (RFC 3339 in the CronJob's time zone); `SuccessfulCreate` `Created job <name>`;
 * - concurrencyPolicy Forbid skips a run while a Job is active (`JobAlreadyActive`), Replace deletes the
 *   active Jobs first (`SuccessfulDelete` `Deleted job <name>`), Allow runs them side by side;
 * - finished Jobs leave status.active with `SawCompletedJob` `Saw completed job: <name>, status: <Complete|Failed>`
 *   and lastSuccessfulTime; the oldest beyond successfulJobsHistoryLimit / failedJobsHistoryLimit are
 *   deleted (background propagation);
 * - suspend stops new runs; an unknown timeZone gives `UnknownTimeZone`; the controller looks again
 *   100ms after the next schedule time.
 */
import { cronParser } from '../cron/lazy';
import type { Cron } from '../cron/lazy';
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { SIM_EPOCH_MS } from '../clock';
import { isStatusError } from '../api/types';
import { BY_CONTROLLER_UID, controllerRefOf, errText, installOwnerIndexers, newControllerRef, timeMs } from './internal/util';
import { isJobFinished, jobCondition } from './job';

export type CronJobObj = CronJob & StoredObject;
type JobObj = Job & StoredObject;

export const CronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: the controller wakes this long after a schedule time. */
const NEXT_SCHEDULE_DELTA_MS = 100;
const MAX_MISSED = 100;

/** True when `tz` names a zone the runtime's time-zone database knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock ms (Unix epoch) for a virtual time, and back. */
const toWall = (virtualMs: number): number => virtualMs + SIM_EPOCH_MS;
const toVirtual = (wallMs: number): number => wallMs - SIM_EPOCH_MS;

/**
 * The schedule times in (earliestMs, nowMs], virtual ms: the most recent one and how many there were
 * (counting stops after MAX_MISSED + 1).
 */
export function mostRecentScheduleTime(cron: Cron, earliestMs: number, nowMs: number): { mostRecent?: number; missed: number; next?: number } {
  let missed = 0;
  let mostRecent: number | undefined;
  let t = cron.nextRun(new Date(toWall(earliestMs)));
  while (t && toVirtual(t.getTime()) <= nowMs) {
    mostRecent = toVirtual(t.getTime());
    missed++;
    if (missed > MAX_MISSED + 1) {
      // Jump to the last one quickly: walk back is not offered, so step from near now.
      const near = cron.previousRuns(1, new Date(toWall(nowMs) + 1))[0];
      if (near) mostRecent = toVirtual(near.getTime());
      break;
    }
    t = cron.nextRun(t);
  }
  const nx = cron.nextRun(new Date(toWall(nowMs)));
  return { mostRecent, missed, next: nx ? toVirtual(nx.getTime()) : undefined };
}

/** RFC 3339 with the zone's offset, as Go formats time.Time in a location. */
export function rfc3339InZone(virtualMs: number, timeZone: string | undefined): string {
  const d = new Date(toWall(virtualMs));
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const local = Date.UTC(Number(get('year')), Number(get('month')) - 1, Number(get('day')), Number(get('hour')), Number(get('minute')), Number(get('second')));
  const offMin = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  if (offMin === 0) return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}Z`;
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export class CronJobController implements Component {
  readonly name = 'cronjob-controller';
  static readonly eventSource = 'cronjob-controller';
  static readonly user = 'system:serviceaccount:kube-system:cronjob-controller';

  syncHandler: (key: string) => void = (key) => this.syncCronJob(key);
  readonly queue: WorkQueue;
  private readonly cronJobs: Informer<CronJobObj>;
  private readonly jobs: Informer<JobObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.cronJobs = ctx.informers.informer<CronJobObj>('cronjobs');
    this.jobs = ctx.informers.informer<JobObj>('jobs');
    this.queue = ctx.newQueue('cronjob', (k) => this.syncHandler(k));
  }

  start(): void {
    installOwnerIndexers(this.jobs);
    this.cronJobs.addEventHandler({
      add: (c) => this.queue.add(keyOf(c)),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(keyOf(cur));
      },
      delete: (c) => this.queue.add(keyOf(c)),
    });
    const onJob = (j: JobObj) => {
      const ref = controllerRefOf(j);
      if (!ref || ref.kind !== 'CronJob') return;
      const cj = this.cronJobs.get(`${j.metadata.namespace}/${ref.name}`);
      if (cj && cj.metadata.uid === ref.uid) this.queue.add(keyOf(cj));
    };
    this.jobs.addEventHandler({
      add: onJob,
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) onJob(cur);
      },
      delete: onJob,
    });
    this.ctx.informers.start();
  }

  /** Level-triggered reconcile of one CronJob. */
  syncCronJob(key: string): void {
    if (!this.cronJobs.hasSynced() || !this.jobs.hasSynced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const cj = this.cronJobs.get(key);
    if (!cj) return;
    const jobs = this.jobs.byIndex(BY_CONTROLLER_UID, cj.metadata.uid).filter((j) => j.metadata.namespace === cj.metadata.namespace);
    const status: CronJobStatus = deepCopy(cj.status ?? {});
    let changed = false;
    const now = this.ctx.clock.now();
    const spec = cj.spec!;

    // Reconcile status.active with the Jobs we see.
    const byName = new Map(jobs.map((j) => [j.metadata.name, j]));
    const active: ObjectReference[] = [];
    for (const ref of status.active ?? []) {
      const j = ref.name ? byName.get(ref.name) : undefined;
      if (j && j.metadata.uid === ref.uid && !isJobFinished(j)) active.push(ref);
      else if (!j) {
        changed = true;
      }
    }
    for (const j of jobs) {
      const inActive = active.some((r) => r.uid === j.metadata.uid);
      if (isJobFinished(j)) {
        if ((status.active ?? []).some((r) => r.uid === j.metadata.uid)) {
          const type = jobCondition(j, 'Complete') ? 'Complete' : 'Failed';
          this.ctx.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${type}`);
          changed = true;
        }
        const done = jobCondition(j, 'Complete');
        if (done && j.status?.completionTime) {
          const t = timeMs(j.status.completionTime);
          if (t !== undefined && (timeMs(status.lastSuccessfulTime) ?? -Infinity) < t) {
            status.lastSuccessfulTime = j.status.completionTime;
            changed = true;
          }
        }
      } else if (!inActive && !j.metadata.deletionTimestamp) {
        // A Job of ours that status does not list yet (created, then status write lost).
        active.push(this.jobRef(j));
        changed = true;
      }
    }
    status.active = active;

    if (!cj.metadata.deletionTimestamp) this.cleanupFinishedJobs(cj, jobs);

    let requeueMs: number | undefined;
    if (!cj.metadata.deletionTimestamp && !spec.suspend) {
      const tz = spec.timeZone;
      if (tz && !isValidTimeZone(tz)) {
        this.ctx.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      } else {
        let cron: Cron | undefined;
        const parse = cronParser();
        try {
          cron = parse(spec.schedule, tz || 'UTC');
        } catch (e) {
          this.ctx.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${errText(e)}`);
        }
        if (cron) {
          let earliest = timeMs(status.lastScheduleTime) ?? timeMs(cj.metadata.creationTimestamp) ?? now;
          if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
          const { mostRecent, missed, next } = mostRecentScheduleTime(cron, earliest, now);
          if (next !== undefined) requeueMs = next - now + NEXT_SCHEDULE_DELTA_MS;
          if (missed > MAX_MISSED) this.ctx.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
          if (mostRecent !== undefined) {
            const tooLate = spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null && mostRecent + spec.startingDeadlineSeconds * 1000 < now;
            if (tooLate) {
              this.ctx.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339InZone(mostRecent, tz)}`);
            } else if (this.alreadyRan(jobs, cj, mostRecent)) {
              // Already made (we may be behind on status): nothing to do for this time.
            } else if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
              this.ctx.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
            } else {
              if (spec.concurrencyPolicy === 'Replace') {
                for (const ref of [...active]) {
                  const j = ref.name ? byName.get(ref.name) : undefined;
                  if (!j) continue;
                  this.deleteJob(cj, j);
                  active.splice(active.indexOf(ref), 1);
                }
              }
              const created = this.createJob(cj, mostRecent);
              if (created) {
                active.push(this.jobRef(created));
                status.lastScheduleTime = this.ctx.clock.timestamp(mostRecent);
                changed = true;
              }
            }
          }
        }
      }
    }

    if (changed || JSON.stringify(cj.status?.active ?? []) !== JSON.stringify(status.active)) {
      const body = deepCopy(cj) as CronJobObj;
      body.status = { ...status, active: status.active && status.active.length ? status.active : undefined };
      body.status = JSON.parse(JSON.stringify(body.status)) as CronJobStatus;
      try {
        this.ctx.client.update('cronjobs', body, { subresource: 'status' });
      } catch (e) {
        if (!isStatusError(e, 'NotFound')) throw e;
      }
    }
    if (requeueMs !== undefined) this.queue.addAfter(key, requeueMs);
  }

  private jobRef(j: JobObj): ObjectReference {
    return { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion };
  }

  private jobName(cj: CronJobObj, scheduledMs: number): string {
    return `${cj.metadata.name}-${Math.floor(toWall(scheduledMs) / 60_000)}`;
  }

  private alreadyRan(jobs: JobObj[], cj: CronJobObj, scheduledMs: number): boolean {
    const name = this.jobName(cj, scheduledMs);
    return jobs.some((j) => j.metadata.name === name);
  }

  private createJob(cj: CronJobObj, scheduledMs: number): JobObj | undefined {
    const tmpl = cj.spec!.jobTemplate;
    const name = this.jobName(cj, scheduledMs);
    const body: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(tmpl.metadata?.labels ?? {}) },
        annotations: { ...(tmpl.metadata?.annotations ?? {}), [CronJobScheduledTimestampAnnotation]: rfc3339InZone(scheduledMs, cj.spec!.timeZone) },
        ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
      },
      spec: deepCopy(tmpl.spec ?? {}) as Job['spec'],
    };
    try {
      const created = this.ctx.client.create<JobObj>('jobs', body as JobObj, { namespace: cj.metadata.namespace });
      this.ctx.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
      return created;
    } catch (e) {
      if (isStatusError(e, 'AlreadyExists')) {
        const existing = this.ctx.client.get<JobObj>('jobs', cj.metadata.namespace, name);
        return controllerRefOf(existing)?.uid === cj.metadata.uid ? existing : undefined;
      }
      this.ctx.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errText(e)}`);
      throw e;
    }
  }

  private deleteJob(cj: CronJobObj, j: JobObj): void {
    try {
      this.ctx.client.delete('jobs', j.metadata.namespace, j.metadata.name, { propagationPolicy: 'Background' });
      this.ctx.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) {
        this.ctx.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${errText(e)}`);
        throw e;
      }
    }
  }

  /** cleanupFinishedJobs: keep the newest N succeeded and M failed Jobs (by start time). */
  private cleanupFinishedJobs(cj: CronJobObj, jobs: JobObj[]): void {
    const spec = cj.spec!;
    const byStart = (a: JobObj, b: JobObj) => (timeMs(a.status?.startTime) ?? -Infinity) - (timeMs(b.status?.startTime) ?? -Infinity);
    const trim = (list: JobObj[], limit: number | undefined) => {
      if (limit === undefined || limit === null) return;
      const sorted = list.filter((j) => !j.metadata.deletionTimestamp).sort(byStart);
      for (let i = 0; i < sorted.length - limit; i++) this.deleteJob(cj, sorted[i]!);
    };
    trim(jobs.filter((j) => !!jobCondition(j, 'Complete')), spec.successfulJobsHistoryLimit);
    trim(jobs.filter((j) => !!jobCondition(j, 'Failed')), spec.failedJobsHistoryLimit);
  }
}
