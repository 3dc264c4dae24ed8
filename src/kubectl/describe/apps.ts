/** `kubectl describe statefulset`, `daemonset` and `replicationcontroller`. */
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Event, PersistentVolumeClaim, ReplicationController } from 'kubernetes-types/core/v1';
import { formatLabels, selectorString } from '../labelfmt';
import { rfc1123z } from '../time';
import { describeEvents, describePodTemplate, describeReasonConditions, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { podStatusForController } from './existing';
import { pvcClass } from './storageutil';
import type { Describer } from './types';
import type { PodCounts } from './workloads';
import { PrefixWriter } from './writer';

const podsStatus = (c: PodCounts): string => `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

/** Go's %v of a string slice: `[a b]`. */
export function goList(xs: readonly string[] | undefined | null): string {
  return `[${(xs ?? []).join(' ')}]`;
}

function describeVolumeClaimTemplates(w: PrefixWriter, templates: PersistentVolumeClaim[] | undefined): void {
  const ts = templates ?? [];
  if (ts.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const pvc of ts) {
    w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(1, `StorageClass:\t${pvcClass(pvc)}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
    const cap = pvc.spec?.resources?.requests?.storage;
    w.write(1, `Capacity:\t${cap !== undefined ? String(cap) : '<default>'}\n`);
    w.write(1, `Access Modes:\t${goList(pvc.spec?.accessModes)}\n`);
  }
}

export function describeStatefulSet(ps: StatefulSet, counts: PodCounts, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ps.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ps.metadata?.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(ps.metadata?.creationTimestamp ?? '')}\n`);
  w.write(0, `Selector:\t${selectorString(ps.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', ps.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ps.metadata?.annotations);
  w.write(0, `Replicas:\t${ps.spec?.replicas ?? 0} desired | ${ps.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${ps.spec?.updateStrategy?.type ?? ''}\n`);
  const ru = ps.spec?.updateStrategy?.rollingUpdate;
  if (ru && ru.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
  }
  w.write(0, `Pods Status:\t${podsStatus(counts)}\n`);
  describePodTemplate(w, ps.spec?.template);
  describeVolumeClaimTemplates(w, ps.spec?.volumeClaimTemplates);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeDaemonSet(ds: DaemonSet, counts: PodCounts, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const st = ds.status;
  w.write(0, `Name:\t${ds.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ds.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podsStatus(counts)}\n`);
  describePodTemplate(w, ds.spec?.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeReplicationController(rc: ReplicationController, counts: PodCounts, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rc.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${rc.metadata?.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata?.annotations);
  w.write(0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
  w.write(0, `Pods Status:\t${podsStatus(counts)}\n`);
  describePodTemplate(w, rc.spec?.template);
  describeReasonConditions(w, rc.status?.conditions);
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const APPS_DESCRIBERS: Record<string, Describer> = {
  'apps/StatefulSet': (r) => {
    const ps = r.obj as unknown as StatefulSet;
    return describeStatefulSet(ps, podStatusForController(r, ps.spec?.selector, r.obj.metadata.uid), r.events(), r.nowMs);
  },
  'apps/DaemonSet': (r) => {
    const ds = r.obj as unknown as DaemonSet;
    return describeDaemonSet(ds, podStatusForController(r, ds.spec?.selector, r.obj.metadata.uid), r.events(), r.nowMs);
  },
  '/ReplicationController': (r) => {
    const rc = r.obj as unknown as ReplicationController;
    // the RC's selector is a plain map: SelectorFromSet
    return describeReplicationController(rc, podStatusForController(r, { matchLabels: rc.spec?.selector ?? {} }, r.obj.metadata.uid), r.events(), r.nowMs);
  },
};
