/** `kubectl describe deployment` and `kubectl describe replicaset`. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { formatLabelSelector, selectorString } from '../labelfmt';
import { rfc1123z } from '../time';
import { controllerOf, describeEvents, describePodTemplate, describeReasonConditions, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { PrefixWriter } from './writer';

function rsList(rss: ReplicaSet[]): string {
  const s = rss.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
  return s === '' ? '<none>' : s;
}

export function describeDeployment(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${d.metadata?.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp ?? '')}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
  w.write(0, `Selector:\t${selectorString(d.spec?.selector)}\n`);
  w.write(0, `Replicas:\t${d.spec?.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? 0)} max unavailable, ${String(ru.maxSurge ?? 0)} max surge\n`);
  describePodTemplate(w, d.spec?.template);
  const conds = st.conditions ?? [];
  if (conds.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conds) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (oldRSs.length > 0 || newRS) {
    w.write(0, `OldReplicaSets:\t${rsList(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** Pods controlled by `uid`, counted by phase, as getPodStatusForController does. */
export function podCounts(pods: Pod[], uid: string | undefined): PodCounts {
  const c = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const ref = (p.metadata?.ownerReferences ?? []).find((r) => r.controller);
    if (!ref || ref.uid !== uid) continue;
    switch (p.status?.phase) {
      case 'Running':
        c.running++;
        break;
      case 'Pending':
        c.waiting++;
        break;
      case 'Succeeded':
        c.succeeded++;
        break;
      case 'Failed':
        c.failed++;
        break;
    }
  }
  return c;
}

export function describeReplicaSet(rs: ReplicaSet, counts: PodCounts, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${rs.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
  const ctrl = controllerOf(rs as unknown as KObject);
  if (ctrl) w.write(0, `Controlled By:\t${ctrl}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  w.write(0, 'Pods Status:\t');
  w.write(0, `${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  describeReasonConditions(w, rs.status?.conditions);
  describeEvents(w, events, nowMs);
  return w.toString();
}
