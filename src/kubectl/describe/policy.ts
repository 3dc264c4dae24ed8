/**
 * `kubectl describe horizontalpodautoscaler` (autoscaling/v2, and v1), `poddisruptionbudget`,
 * `priorityclass`, `resourcequota` and `limitrange`.
 */
import type { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { Event, LimitRange, ResourceQuota } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { formatQuantity, fromValue, parseQuantity, value } from '../../sim/api/quantity';
import { formatLabelSelector, formatLabels } from '../labelfmt';
import { rfc1123z } from '../time';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { limitRangeRows, scopeHelp } from './namespace';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A *Quantity's String(): `<nil>` when absent. */
function q(v: string | number | undefined | null): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  const policies = rules.policies ?? [];
  if (policies.length > 0) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHpaV2(hpa: HorizontalPodAutoscaler, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = hpa.spec;
  const current = hpa.status?.currentMetrics ?? [];
  w.write(0, `Name:\t${hpa.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${hpa.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp ?? '')}\n`);
  w.write(0, `Reference:\t${spec?.scaleTargetRef.kind}/${spec?.scaleTargetRef.name}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec?.metrics ?? []).forEach((m, i) => {
    const cur = current[i];
    switch (m.type) {
      case 'External': {
        const name = JSON.stringify(m.external?.metric.name ?? '');
        if (m.external?.target.averageValue !== undefined) {
          const c = cur?.external?.current.averageValue !== undefined ? String(cur.external.current.averageValue) : '<unknown>';
          w.write(1, `${name} (target average value):\t${c} / ${String(m.external.target.averageValue)}\n`);
        } else {
          const c = cur?.external ? q(cur.external.current.value) : '<unknown>';
          w.write(1, `${name} (target value):\t${c} / ${q(m.external?.target.value)}\n`);
        }
        break;
      }
      case 'Pods': {
        const c = cur?.pods ? q(cur.pods.current.averageValue) : '<unknown>';
        w.write(1, `${JSON.stringify(m.pods?.metric.name ?? '')} on pods:\t${c} / ${q(m.pods?.target.averageValue)}\n`);
        break;
      }
      case 'Object': {
        const o = m.object!;
        w.write(1, `"${o.metric.name}" on ${o.describedObject.kind}/${o.describedObject.name} `);
        if (o.target.type === 'AverageValue') {
          const c = cur?.object ? q(cur.object.current.averageValue) : '<unknown>';
          w.write(0, `(target average value):\t${c} / ${q(o.target.averageValue)}\n`);
        } else {
          const c = cur?.object ? q(cur.object.current.value) : '<unknown>';
          w.write(0, `(target value):\t${c} / ${q(o.target.value)}\n`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = m.type === 'Resource' ? m.resource! : m.containerResource!;
        const curSrc = m.type === 'Resource' ? cur?.resource : cur?.containerResource;
        if (m.type === 'Resource') w.write(1, `resource ${src.name} on pods`);
        else w.write(1, `resource ${src.name} of container "${m.containerResource!.container}" on pods`);
        if (src.target.averageValue !== undefined) {
          const c = curSrc ? q(curSrc.current.averageValue) : '<unknown>';
          w.write(0, `:\t${c} / ${String(src.target.averageValue)}\n`);
        } else {
          const c = curSrc && curSrc.current.averageUtilization !== undefined ? `${curSrc.current.averageUtilization}% (${q(curSrc.current.averageValue)})` : '<unknown>';
          const target = src.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
          w.write(1, `(as a percentage of request):\t${c} / ${target}\n`);
        }
        break;
      }
      default:
        w.write(1, `<unknown metric type ${JSON.stringify(m.type)}>\n`);
    }
  });
  w.write(0, `Min replicas:\t${spec?.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
  if (spec?.behavior) {
    w.write(0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(0, `${spec?.scaleTargetRef.kind} pods:\t`);
  w.write(0, `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`);
  const conds = hpa.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeHpaV1(hpa: HpaV1, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = hpa.spec;
  w.write(0, `Name:\t${hpa.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${hpa.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp ?? '')}\n`);
  w.write(0, `Reference:\t${spec?.scaleTargetRef.kind}/${spec?.scaleTargetRef.name}\n`);
  if (spec?.targetCPUUtilizationPercentage !== undefined) {
    w.write(0, `Target CPU utilization:\t${spec.targetCPUUtilizationPercentage}%\n`);
    w.write(0, `Current CPU utilization:\t${hpa.status?.currentCPUUtilizationPercentage ?? '<unknown>'}%\n`);
  }
  w.write(0, `Min replicas:\t${spec?.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
  w.write(0, `${spec?.scaleTargetRef.kind} pods:\t`);
  w.write(0, `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describePodDisruptionBudget(pdb: PodDisruptionBudget, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = pdb.spec ?? {};
  const st = pdb.status;
  w.write(0, `Name:\t${pdb.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pdb.metadata?.namespace ?? ''}\n`);
  if (spec.minAvailable !== undefined) w.write(0, `Min available:\t${String(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${String(spec.maxUnavailable)}\n`);
  w.write(0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${st?.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${st?.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${st?.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${st?.expectedPods ?? 0}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describePriorityClass(pc: PriorityClass, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${pc.metadata?.name ?? ''}\n`);
  w.write(0, `Value:\t${pc.value}\n`);
  w.write(0, `GlobalDefault:\t${!!pc.globalDefault}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(0, `Description:\t${pc.description ?? ''}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** Used as the quota describer prints it: re-expressed in the hard value's format when they differ. */
function usedInHardFormat(used: string | number | undefined, hard: string | number): string {
  try {
    const h = parseQuantity(hard);
    const u = parseQuantity(used ?? '0');
    return formatQuantity(u.format === h.format && used !== undefined ? u : fromValue(value(u), h.format));
  } catch {
    return String(used ?? '0');
  }
}

export function describeResourceQuota(rq: ResourceQuota): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rq.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${rq.metadata?.namespace ?? ''}\n`);
  const scopes = [...(rq.spec?.scopes ?? [])].sort(byStr);
  if (scopes.length > 0) {
    w.write(0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (scopeHelp(s)) w.write(0, ` * ${scopeHelp(s)}\n`);
  }
  w.write(0, 'Resource\tUsed\tHard\n');
  w.write(0, '--------\t----\t----\n');
  const hard = rq.status?.hard ?? {};
  for (const r of Object.keys(hard).sort(byStr)) {
    let h: string;
    try {
      h = formatQuantity(parseQuantity(hard[r]!));
    } catch {
      h = String(hard[r]);
    }
    w.write(0, `${r}\t${usedInHardFormat(rq.status?.used?.[r], hard[r]!)}\t${h}\n`);
  }
  return w.toString();
}

export function describeLimitRange(lr: LimitRange): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${lr.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${lr.metadata?.namespace ?? ''}\n`);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRangeRows(w, lr, '');
  return w.toString();
}

export const POLICY_DESCRIBERS: Record<string, Describer> = {
  'autoscaling/HorizontalPodAutoscaler': (r) =>
    r.obj.apiVersion === 'autoscaling/v1' ? describeHpaV1(r.obj as unknown as HpaV1, r.events(), r.nowMs) : describeHpaV2(r.obj as unknown as HorizontalPodAutoscaler, r.events(), r.nowMs),
  'policy/PodDisruptionBudget': (r) => describePodDisruptionBudget(r.obj as unknown as PodDisruptionBudget, r.events(), r.nowMs),
  'scheduling.k8s.io/PriorityClass': (r) => describePriorityClass(r.obj as unknown as PriorityClass, r.events(), r.nowMs),
  // the quota and limit range describers fetch no events
  '/ResourceQuota': (r) => describeResourceQuota(r.obj as unknown as ResourceQuota),
  '/LimitRange': (r) => describeLimitRange(r.obj as unknown as LimitRange),
};
