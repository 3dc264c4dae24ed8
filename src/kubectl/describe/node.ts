/** `kubectl describe node`: conditions, addresses, capacity, system info, non-terminated pods, allocated resources, events. */
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { addQuantities, formatQuantity, milliValue, parseQuantity, value as quantityValue, type Quantity } from '../../sim/api/quantity';
import { nodeRoles } from '../printers/nodes';
import { ageSince, rfc1123z } from '../time';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './common';
import { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type ResList = Record<string, Quantity>;

function toList(r: Record<string, unknown> | undefined): ResList {
  const out: ResList = {};
  for (const [k, v] of Object.entries(r ?? {})) {
    try {
      out[k] = parseQuantity(v as string);
    } catch {
      /* unparsable quantities are left out */
    }
  }
  return out;
}

function addInto(into: ResList, add: ResList): void {
  for (const [k, v] of Object.entries(add)) into[k] = into[k] ? addQuantities(into[k]!, v) : v;
}

function maxInto(into: ResList, other: ResList): void {
  for (const [k, v] of Object.entries(other)) {
    const cur = into[k];
    if (!cur || milliValue(v) > milliValue(cur)) into[k] = v;
  }
}

/** Pod requests and limits as the resource helper sums them: containers added, init containers as a floor, overhead on top. */
export function podRequestsAndLimits(pod: Pod): { reqs: ResList; limits: ResList } {
  const reqs: ResList = {};
  const limits: ResList = {};
  for (const c of pod.spec?.containers ?? []) {
    addInto(reqs, toList(c.resources?.requests as Record<string, unknown>));
    addInto(limits, toList(c.resources?.limits as Record<string, unknown>));
  }
  const sidecarReqs: ResList = {};
  const sidecarLimits: ResList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = toList(c.resources?.requests as Record<string, unknown>);
    const l = toList(c.resources?.limits as Record<string, unknown>);
    if (c.restartPolicy === 'Always') {
      addInto(reqs, r);
      addInto(limits, l);
      addInto(sidecarReqs, r);
      addInto(sidecarLimits, l);
    } else {
      const er: ResList = { ...sidecarReqs };
      addInto(er, r);
      const el: ResList = { ...sidecarLimits };
      addInto(el, l);
      maxInto(reqs, er);
      maxInto(limits, el);
    }
  }
  addInto(reqs, toList(pod.spec?.overhead as Record<string, unknown>));
  if (Object.keys(limits).length > 0) addInto(limits, toList(pod.spec?.overhead as Record<string, unknown>));
  return { reqs, limits };
}

const ZERO = parseQuantity('0');
const q = (l: ResList, k: string): Quantity => l[k] ?? ZERO;
const pct = (num: number, den: number): number => (den === 0 ? 0 : Math.trunc((num / den) * 100));

export function describeNode(node: Node, pods: Pod[] | undefined, events: Event[] | undefined, lease: Lease | undefined | Error, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${node.metadata?.name ?? ''}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp ?? '')}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(0, `Unschedulable:\t${!!node.spec?.unschedulable}\n`);
  if (lease instanceof Error) w.write(0, `Lease:\tFailed to get lease: ${lease.message}\n`);
  else {
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease?.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease?.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  }
  const conds = node.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime ?? '0001-01-01T00:00:00Z')} \t${rfc1123z(c.lastTransitionTime ?? '0001-01-01T00:00:00Z')} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of node.status?.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printResources = (r: Record<string, unknown>): void => {
    for (const k of Object.keys(r).sort(byStr)) w.write(0, `  ${k}:\t${String(r[k])}\n`);
  };
  const cap = (node.status?.capacity ?? {}) as Record<string, unknown>;
  const alloc = (node.status?.allocatable ?? {}) as Record<string, unknown>;
  if (Object.keys(cap).length > 0) {
    w.write(0, 'Capacity:\n');
    printResources(cap);
  }
  if (Object.keys(alloc).length > 0) {
    w.write(0, 'Allocatable:\n');
    printResources(alloc);
  }
  const info = node.status?.nodeInfo;
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) w.write(0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  if (pods) {
    const allocList = toList(Object.keys(alloc).length > 0 ? alloc : cap);
    const allocCpu = milliValue(q(allocList, 'cpu'));
    const allocMem = quantityValue(q(allocList, 'memory'));
    w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
    w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
    w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
    const totalReq: ResList = {};
    const totalLim: ResList = {};
    for (const pod of pods) {
      const { reqs, limits } = podRequestsAndLimits(pod);
      addInto(totalReq, reqs);
      addInto(totalLim, limits);
      const cr = q(reqs, 'cpu');
      const cl = q(limits, 'cpu');
      const mr = q(reqs, 'memory');
      const ml = q(limits, 'memory');
      w.write(
        1,
        `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${formatQuantity(cr)} (${pct(milliValue(cr), allocCpu)}%)\t${formatQuantity(cl)} (${pct(milliValue(cl), allocCpu)}%)\t${formatQuantity(mr)} (${pct(quantityValue(mr), allocMem)}%)\t${formatQuantity(ml)} (${pct(quantityValue(ml), allocMem)}%)\t${ageSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
      );
    }
    w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
    w.write(1, 'Resource\tRequests\tLimits\n');
    w.write(1, '--------\t--------\t------\n');
    const row = (name: string, useMilli: boolean): void => {
      const r = q(totalReq, name);
      const l = q(totalLim, name);
      const a = q(allocList, name);
      const den = useMilli ? milliValue(a) : quantityValue(a);
      const num = (x: Quantity): number => (useMilli ? milliValue(x) : quantityValue(x));
      w.write(1, `${name}\t${formatQuantity(r)} (${pct(num(r), den)}%)\t${formatQuantity(l)} (${pct(num(l), den)}%)\n`);
    };
    row('cpu', true);
    row('memory', false);
    row('ephemeral-storage', false);
    const hugePages = Object.keys(allocList)
      .filter((k) => k.startsWith('hugepages-'))
      .sort(byStr);
    for (const h of hugePages) row(h, false);
    const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
    const ext = Object.keys(allocList)
      .filter((k) => !k.startsWith('hugepages-') && !standard.has(k) && !k.startsWith('requests.') && !k.startsWith('limits.'))
      .sort(byStr);
    for (const e of ext) w.write(1, `${e}\t${formatQuantity(q(totalReq, e))}\t${formatQuantity(q(totalLim, e))}\n`);
  } else w.write(0, 'Pods:\tnot authorized\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}
