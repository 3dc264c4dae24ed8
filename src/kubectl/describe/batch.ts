/** `kubectl describe job` and `kubectl describe cronjob`. */
import type { CronJob, Job, JobTemplateSpec } from 'kubernetes-types/batch/v1';
import type { Event } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { humanDuration } from '../duration';
import { selectorString } from '../labelfmt';
import { rfc1123z, virtualMs } from '../time';
import { controllerOf, describeEvents, describePodTemplate, printAnnotationsMultiline, printLabelsMultiline } from './common';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

/** A *bool as describe prints it: True / False, `<unset>` when absent. */
export function printBoolPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<unset>' : v ? 'True' : 'False';
}

/** The completed indexes, cut after the first comma past `softLimit` characters. */
function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}

export function describeJob(job: Job, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = job.spec;
  const st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${job.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selectorString(spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
  const ctrl = controllerOf(job as unknown as KObject);
  if (ctrl) w.write(0, `Controlled By:\t${ctrl}\n`);
  if (spec?.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec?.completions !== undefined ? spec.completions : '<unset>'}\n`);
  if (spec?.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanDuration((virtualMs(st.completionTime) ?? 0) - (virtualMs(st.startTime) ?? 0))}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  if (spec?.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexesListOrNone(st.completedIndexes, 50)}\n`);
  describePodTemplate(w, spec?.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}

function describeJobTemplate(w: PrefixWriter, t: JobTemplateSpec | undefined): void {
  const spec = t?.spec;
  w.write(0, `Selector:\t${spec?.selector ? selectorString(spec.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${spec?.parallelism !== undefined ? spec.parallelism : '<unset>'}\n`);
  w.write(0, `Completions:\t${spec?.completions !== undefined ? spec.completions : '<unset>'}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, spec?.template);
}

export function describeCronJob(cj: CronJob, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = cj.spec;
  w.write(0, `Name:\t${cj.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${cj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata?.annotations);
  w.write(0, `Schedule:\t${spec?.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${printBoolPtr(spec?.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${spec?.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${spec?.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Starting Deadline Seconds:\t${spec?.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  describeJobTemplate(w, spec?.jobTemplate);
  const last = cj.status?.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(0, 'Active Jobs:\t');
  if (active.length === 0) w.writeLine('<none>');
  else w.writeLine(active.map((j) => j.name ?? '').join(', '));
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const BATCH_DESCRIBERS: Record<string, Describer> = {
  'batch/Job': (r) => describeJob(r.obj as unknown as Job, r.events(), r.nowMs),
  'batch/CronJob': (r) => describeCronJob(r.obj as unknown as CronJob, r.events(), r.nowMs),
};
