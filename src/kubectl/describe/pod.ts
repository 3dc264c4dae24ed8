/** `kubectl describe pod`, field for field as kubectl 1.31's describePod lays it out. */
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/types';
import { podQOSClass } from '../../sim/api/qos';
import { ageSince, rfc1123z } from '../time';
import { controllerOf, describeContainers, describeEvents, describeVolumes, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './common';
import { PrefixWriter } from './writer';
import { formatLabelSelector as formatSel } from '../labelfmt';

function fieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
  }
  return '';
}

export function describePod(pod: Pod, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = pod.spec ?? { containers: [] };
  const st = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${pod.metadata?.namespace ?? ''}\n`);
  if (spec.priority !== undefined && spec.priority !== null) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  if (!spec.nodeName) w.write(0, 'Node:\t<none>\n');
  else w.write(0, `Node:\t${spec.nodeName}/${st.hostIP ?? ''}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${ageSince(pod.metadata.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${st.phase ?? ''}\n`);
  if (st.reason) w.write(0, `Reason:\t${st.reason}\n`);
  if (st.message) w.write(0, `Message:\t${st.message}\n`);
  const sp = spec.securityContext?.seccompProfile;
  if (sp) {
    w.write(0, `SeccompProfile:\t${sp.type}\n`);
    if (sp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
  }
  w.write(0, `IP:\t${st.podIP ?? ''}\n`);
  const ips = st.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const ctrl = controllerOf(pod as unknown as KObject);
  if (ctrl) w.write(0, `Controlled By:\t${ctrl}\n`);
  if (st.nominatedNodeName) w.write(0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
  const resolve = (p: string): string => fieldValue(pod, p);
  if ((spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec.initContainers!, st.initContainerStatuses ?? [], '', resolve);
  describeContainers(w, 'Containers', spec.containers ?? [], st.containerStatuses ?? [], '', resolve);
  if ((spec.readinessGates ?? []).length > 0) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates!) {
      const c = (st.conditions ?? []).find((x) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if ((st.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of st.conditions!) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${st.qosClass || podQOSClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  const tscs = [...(spec.topologySpreadConstraints ?? [])].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  if (tscs.length > 0) {
    w.write(0, 'Topology Spread Constraints:\t');
    tscs.forEach((t, i) => {
      if (i !== 0) w.write(0, '\t');
      let s = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
      if (t.labelSelector) s += ` for selector ${formatSel(t.labelSelector)}`;
      w.write(0, s + '\n');
    });
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

