/**
 * The Node object a kubelet registers and the status setters it runs every update
 * (pkg/kubelet/kubelet_node_status.go and nodestatus/setters.go): addresses, machine and version
 * info, capacity and allocatable, daemon endpoints, images, and the four conditions in their real
 * order (MemoryPressure, DiskPressure, PIDPressure, then Ready last).
 */
import type { Clock } from '../clock';
import type { Node, NodeCondition, Taint } from '../types';
import type { StoredImage } from './images';
import { repoDigestOf } from './images';
import { jsonSame } from './jsonSame';
import { formatQuantity, fromValue, parseQuantity, value } from '../api/quantity';

export interface NodeIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export interface NodeFacts {
  nodeName: string;
  nodeIP: string;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  taints: Taint[];
  kubeletVersion: string;
  kubeProxyVersion?: string;
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  kubeletPort: number;
  identity: NodeIdentity;
}

/** The kubelet's default hard eviction thresholds (evictionHard) that allocatable keeps back. */
const MEMORY_AVAILABLE_BYTES = 100 * 1024 * 1024;
/** nodefs.available 10%, parsed as the kubelet parses a percentage: a float32. */
const NODEFS_AVAILABLE_FRACTION = Math.fround(Math.fround(10) / 100);

/**
 * Node allocatable as the kubelet's MachineInfo setter computes it: capacity minus kube-reserved and
 * system-reserved (none unless configured) minus the hard eviction thresholds, memory.available
 * (100Mi) and nodefs.available (10 % of ephemeral-storage capacity, truncated to whole bytes as the
 * kubelet's int64 conversion does). The result keeps the capacity's format (`94580335255`, `8092Mi`).
 * cpu, pods and hugepages are not reduced.
 */
export function nodeAllocatable(capacity: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...capacity };
  const reduce = (name: string, reserved: (capBytes: number) => number) => {
    const raw = capacity[name];
    if (raw === undefined) return;
    const q = parseQuantity(raw);
    const capBytes = value(q);
    out[name] = formatQuantity(fromValue(Math.max(0, capBytes - reserved(capBytes)), q.format));
  };
  reduce('memory', () => MEMORY_AVAILABLE_BYTES);
  reduce('ephemeral-storage', (cap) => Math.trunc(cap * NODEFS_AVAILABLE_FRACTION));
  return out;
}

/** Max images reported in node status (nodeStatusMaxImages) and names per image. */
const MAX_IMAGES = 50;
const MAX_NAMES_PER_IMAGE = 5;

/** Why the node is not ready, as the kubelet words it (an aggregate of runtime errors, one per check). */
export const NOT_READY_STARTUP_MESSAGE = '[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]';

/** The Node object the kubelet creates on registration (status filled by `applyStatus`). */
export function initialNode(f: NodeFacts): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: f.nodeName, labels: { ...f.labels }, annotations: { ...f.annotations } },
    spec: f.taints.length ? { taints: f.taints.map((t) => ({ ...t })) } : {},
    status: {},
  };
  return node;
}

export interface NodeHealth {
  ready: boolean;
  notReadyMessage?: string;
  memoryPressure: boolean;
  diskPressure: boolean;
  pidPressure: boolean;
}

type Recorder = (reason: string) => void;

interface PressureTexts {
  trueReason: string;
  trueMessage: string;
  falseReason: string;
  falseMessage: string;
  trueEvent: string;
  falseEvent: string;
}

const MEMORY_PRESSURE: PressureTexts = {
  trueReason: 'KubeletHasInsufficientMemory', trueMessage: 'kubelet has insufficient memory available', trueEvent: 'NodeHasInsufficientMemory',
  falseReason: 'KubeletHasSufficientMemory', falseMessage: 'kubelet has sufficient memory available', falseEvent: 'NodeHasSufficientMemory',
};
const DISK_PRESSURE: PressureTexts = {
  trueReason: 'KubeletHasDiskPressure', trueMessage: 'kubelet has disk pressure', trueEvent: 'NodeHasDiskPressure',
  falseReason: 'KubeletHasNoDiskPressure', falseMessage: 'kubelet has no disk pressure', falseEvent: 'NodeHasNoDiskPressure',
};
const PID_PRESSURE: PressureTexts = {
  trueReason: 'KubeletHasInsufficientPID', trueMessage: 'kubelet has insufficient PID available', trueEvent: 'NodeHasInsufficientPID',
  falseReason: 'KubeletHasSufficientPID', falseMessage: 'kubelet has sufficient PID available', falseEvent: 'NodeHasSufficientPID',
};

function pressureCondition(
  conds: NodeCondition[],
  type: string,
  under: boolean,
  texts: PressureTexts,
  now: string,
  record: Recorder,
): void {
  let c = conds.find((x) => x.type === type);
  const isNew = !c;
  if (!c) c = { type, status: 'Unknown' } as NodeCondition;
  c.lastHeartbeatTime = now;
  if (under) {
    if (c.status !== 'True') {
      c.status = 'True';
      c.reason = texts.trueReason;
      c.message = texts.trueMessage;
      c.lastTransitionTime = now;
      record(texts.trueEvent);
    }
  } else if (c.status !== 'False') {
    c.status = 'False';
    c.reason = texts.falseReason;
    c.message = texts.falseMessage;
    c.lastTransitionTime = now;
    record(texts.falseEvent);
  }
  if (isNew) conds.push(c);
}

/**
 * Runs the status setters on `node` in place, calling `record` with the reason of each node event
 * they raise (NodeHasSufficientMemory, NodeReady, …). A condition that is new or changes status gets
 * a new lastTransitionTime; every condition gets the current heartbeat time.
 */
export function applyStatus(node: Node, f: NodeFacts, health: NodeHealth, images: StoredImage[], clock: Clock, record: Recorder): void {
  const now = clock.timestamp();
  const st = (node.status ??= {});
  st.addresses = [
    { type: 'InternalIP', address: f.nodeIP },
    { type: 'Hostname', address: f.nodeName },
  ];
  st.capacity = { ...f.capacity };
  st.allocatable = { ...f.allocatable };
  const info: Record<string, string> = {
    machineID: f.identity.machineID,
    systemUUID: f.identity.systemUUID,
    bootID: f.identity.bootID,
    kernelVersion: f.kernelVersion,
    osImage: f.osImage,
    containerRuntimeVersion: f.containerRuntimeVersion,
    kubeletVersion: f.kubeletVersion,
    // The field has no omitempty: a kubelet that does not report it sends "".
    kubeProxyVersion: f.kubeProxyVersion ?? '',
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
  st.nodeInfo = info as unknown as NonNullable<Node['status']>['nodeInfo'];
  st.daemonEndpoints = { kubeletEndpoint: { Port: f.kubeletPort } };
  const list = images.slice(0, MAX_IMAGES);
  if (list.length) {
    st.images = list.map((im) => ({ names: [repoDigestOf(im.info), ...im.tags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: im.info.sizeBytes }));
  } else delete st.images;

  const conds = (st.conditions ??= []);
  pressureCondition(conds, 'MemoryPressure', health.memoryPressure, MEMORY_PRESSURE, now, record);
  pressureCondition(conds, 'DiskPressure', health.diskPressure, DISK_PRESSURE, now, record);
  pressureCondition(conds, 'PIDPressure', health.pidPressure, PID_PRESSURE, now, record);

  // Ready is always last. A first Ready condition raises no event; a change of status does.
  const ready: NodeCondition = health.ready
    ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now }
    : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: health.notReadyMessage ?? NOT_READY_STARTUP_MESSAGE, lastHeartbeatTime: now };
  const i = conds.findIndex((c) => c.type === 'Ready');
  if (i >= 0) {
    const old = conds[i]!;
    if (old.status === ready.status) ready.lastTransitionTime = old.lastTransitionTime;
    else {
      ready.lastTransitionTime = now;
      record(ready.status === 'True' ? 'NodeReady' : 'NodeNotReady');
    }
    conds.splice(i, 1);
  } else ready.lastTransitionTime = now;
  conds.push(ready);
  node.status = { ...st, conditions: orderConditions(conds) };
}

/** Kubelet-owned conditions first in their usual order, Ready last, others (e.g. NetworkUnavailable) first. */
const CONDITION_RANK: ReadonlyMap<string, number> = new Map([['MemoryPressure', 1], ['DiskPressure', 2], ['PIDPressure', 3], ['Ready', 4]]);

function orderConditions(conds: NodeCondition[]): NodeCondition[] {
  const rank = (t: string): number => CONDITION_RANK.get(t) ?? 0;
  return [...conds].sort((a, b) => rank(a.type) - rank(b.type));
}

/** Node status without heartbeat times (a view that shares everything else with the status). */
export type StatusFingerprint = Record<string, unknown>;

/**
 * A comparable view of node status without heartbeat times: the kubelet writes status only when
 * this changes, or when nodeStatusReportFrequency has passed since the last write. Two are compared
 * with `sameFingerprint`.
 */
export function statusFingerprint(node: Node): StatusFingerprint {
  const st = node.status ?? {};
  const conds = (st.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined }));
  return { ...st, conditions: conds };
}

/** Whether two fingerprints would be written as the same JSON; no fingerprint matches none. */
export function sameFingerprint(a: StatusFingerprint | undefined, b: StatusFingerprint | undefined): boolean {
  return a !== undefined && b !== undefined && jsonSame(a, b);
}
