/** Tables for HorizontalPodAutoscalers, PodDisruptionBudgets and ReplicationControllers (1.31 columns). */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ReplicationController } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { labelsToString } from '../../sim/api/labels';
import { ageSince } from '../time';
import { containerCells } from './table';
import type { PrintContext, TablePrinter } from './table';

const age = (o: KObject, ctx: PrintContext): string => ageSince(o.metadata?.creationTimestamp, ctx.nowMs);

/** One metric as `kubectl get hpa` shows it: `cpu: 45%/50%`, `<unknown>` before the first reading. */
function metricText(spec: MetricSpec, current: MetricStatus | undefined): string {
  if (spec.type === 'Resource' && spec.resource) {
    const r = spec.resource;
    const cur = current?.resource?.current;
    if (r.target.averageUtilization !== undefined) {
      const now = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
      return `${r.name}: ${now}/${r.target.averageUtilization}%`;
    }
    const now = cur?.averageValue !== undefined ? String(cur.averageValue) : '<unknown>';
    return `${r.name}: ${now}/${String(r.target.averageValue ?? r.target.value ?? '')}`;
  }
  if (spec.type === 'ContainerResource' && spec.containerResource) {
    const r = spec.containerResource;
    const cur = current?.containerResource?.current;
    const now = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
    return `${r.name}: ${now}/${r.target.averageUtilization ?? ''}%`;
  }
  return `<unknown>/<unknown>`;
}

export const hpaPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Reference' }, { name: 'Targets' }, { name: 'MinPods' }, { name: 'MaxPods' }, { name: 'Replicas' }, { name: 'Age' }],
  row: (o, ctx) => {
    const h = o as unknown as HorizontalPodAutoscaler;
    const metrics = h.spec?.metrics ?? [];
    const texts = metrics.map((m, i) => metricText(m, h.status?.currentMetrics?.[i]));
    let targets = texts.length === 0 ? '<none>' : texts.slice(0, 2).join(', ');
    if (texts.length > 2) targets += ` + ${texts.length - 2} more...`;
    return [
      h.metadata?.name ?? '', `${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}`, targets,
      h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>', String(h.spec?.maxReplicas ?? 0), String(h.status?.currentReplicas ?? 0), age(o, ctx),
    ];
  },
};

export const pdbPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions' }, { name: 'Age' }],
  row: (o, ctx) => {
    const p = o as unknown as PodDisruptionBudget;
    const v = (x: number | string | undefined): string => (x === undefined ? 'N/A' : String(x));
    return [p.metadata?.name ?? '', v(p.spec?.minAvailable), v(p.spec?.maxUnavailable), String(p.status?.disruptionsAllowed ?? 0), age(o, ctx)];
  },
};

export const replicationControllerPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }, { name: 'Selector', priority: 1 }],
  row: (o, ctx) => {
    const rc = o as unknown as ReplicationController;
    const cells = [rc.metadata?.name ?? '', String(rc.spec?.replicas ?? 0), String(rc.status?.replicas ?? 0), String(rc.status?.readyReplicas ?? 0), age(o, ctx)];
    if (ctx.wide) cells.push(...containerCells(rc.spec?.template?.spec?.containers), labelsToString(rc.spec?.selector));
    return cells;
  },
};
