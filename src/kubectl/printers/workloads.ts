/** Tables for the workload kinds: deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs. */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { KObject } from '../../sim/types';
import { humanDuration } from '../duration';
import { formatLabels, formatLabelSelector, selectorString } from '../labelfmt';
import { ageSince, virtualMs } from '../time';
import { containerCells, type PrintContext, type TablePrinter } from './table';

const WIDE_CIS = [
  { name: 'Containers', priority: 1 },
  { name: 'Images', priority: 1 },
  { name: 'Selector', priority: 1 },
];

export const deploymentPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Age' }, ...WIDE_CIS],
  row(obj: KObject, ctx: PrintContext): string[] {
    const d = obj as Deployment;
    const st = d.status ?? {};
    const cells = [d.metadata?.name ?? '', `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, String(st.updatedReplicas ?? 0), String(st.availableReplicas ?? 0), ageSince(d.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), selectorString(d.spec?.selector));
    return cells;
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Age' }, ...WIDE_CIS],
  row(obj: KObject, ctx: PrintContext): string[] {
    const rs = obj as ReplicaSet;
    const st = rs.status ?? { replicas: 0 };
    const cells = [rs.metadata?.name ?? '', String(rs.spec?.replicas ?? 0), String(st.replicas ?? 0), String(st.readyReplicas ?? 0), ageSince(rs.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(...containerCells(rs.spec?.template?.spec?.containers), formatLabelSelector(rs.spec?.selector));
    return cells;
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }],
  row(obj: KObject, ctx: PrintContext): string[] {
    const s = obj as StatefulSet;
    const cells = [s.metadata?.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, ageSince(s.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(...containerCells(s.spec?.template?.spec?.containers));
    return cells;
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Node Selector' }, { name: 'Age' }, ...WIDE_CIS],
  row(obj: KObject, ctx: PrintContext): string[] {
    const ds = obj as DaemonSet;
    const st = ds.status;
    const cells = [
      ds.metadata?.name ?? '',
      String(st?.desiredNumberScheduled ?? 0),
      String(st?.currentNumberScheduled ?? 0),
      String(st?.numberReady ?? 0),
      String(st?.updatedNumberScheduled ?? 0),
      String(st?.numberAvailable ?? 0),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageSince(ds.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) cells.push(...containerCells(ds.spec?.template?.spec?.containers), formatLabelSelector(ds.spec?.selector));
    return cells;
  },
};

const hasCond = (conds: { type: string; status: string }[] | undefined, type: string): boolean => (conds ?? []).some((c) => c.type === type && c.status === 'True');

export const jobPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, { name: 'Age' }, ...WIDE_CIS],
  row(obj: KObject, ctx: PrintContext): string[] {
    const j = obj as Job;
    const succeeded = j.status?.succeeded ?? 0;
    let completions: string;
    if (j.spec?.completions !== undefined && j.spec?.completions !== null) completions = `${succeeded}/${j.spec.completions}`;
    else {
      const p = j.spec?.parallelism ?? 0;
      completions = p > 1 ? `${succeeded}/1 of ${p}` : `${succeeded}/1`;
    }
    const start = virtualMs(j.status?.startTime);
    const end = virtualMs(j.status?.completionTime);
    const dur = start === undefined ? '' : humanDuration((end ?? ctx.nowMs) - start);
    const conds = j.status?.conditions;
    let status = 'Running';
    if (hasCond(conds, 'Complete')) status = 'Complete';
    else if (hasCond(conds, 'Failed')) status = 'Failed';
    else if (j.metadata?.deletionTimestamp) status = 'Terminating';
    else if (hasCond(conds, 'Suspended')) status = 'Suspended';
    else if (hasCond(conds, 'FailureTarget')) status = 'FailureTarget';
    const cells = [j.metadata?.name ?? '', status, completions, dur, ageSince(j.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(...containerCells(j.spec?.template?.spec?.containers), formatLabelSelector(j.spec?.selector));
    return cells;
  },
};

export const cronJobPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Schedule' }, { name: 'Timezone' }, { name: 'Suspend' }, { name: 'Active' }, { name: 'Last Schedule' }, { name: 'Age' }, ...WIDE_CIS],
  row(obj: KObject, ctx: PrintContext): string[] {
    const cj = obj as CronJob;
    const last = cj.status?.lastScheduleTime ? ageSince(cj.status.lastScheduleTime, ctx.nowMs) : '<none>';
    const suspend = cj.spec?.suspend === undefined || cj.spec?.suspend === null ? '<unset>' : cj.spec.suspend ? 'True' : 'False';
    const cells = [cj.metadata?.name ?? '', cj.spec?.schedule ?? '', cj.spec?.timeZone ?? '<none>', suspend, String((cj.status?.active ?? []).length), last, ageSince(cj.metadata?.creationTimestamp, ctx.nowMs)];
    if (ctx.wide) cells.push(...containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers), formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector));
    return cells;
  },
};
