/**
 * Builds a pod's status as a 1.31 kubelet reports it (pkg/kubelet kubelet_pods.go
 * generateAPIPodStatus, status/generate.go): the phase, the kubelet-owned conditions in their real
 * order (PodReadyToStartContainers, Initialized, Ready, ContainersReady, then PodScheduled kept from
 * the scheduler), host and pod IPs, start time, QoS class and per-container statuses.
 */
import type { Clock } from '../clock';
import type { ContainerStatus, Pod, PodCondition } from '../types';
import { podQOSClass } from '../api/qos';
import type { ContainerRecord, PodRecord, RuntimeState } from './runtime';
import { initDone, isSidecar } from './runtime';

type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

interface CondSpec {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/** The pod phase from its containers (kubelet getPhase), for restartPolicy and whether the pod is finished. */
export function podPhase(pod: Pod, rec: PodRecord, terminal: boolean): Phase {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const inits = rec.containers.filter((c) => c.init);
  const apps = rec.containers.filter((c) => !c.init);
  // Init containers not yet done keep the pod Pending (a failed one under restartPolicy Never fails it).
  for (const c of inits) {
    if (initDone(c)) continue;
    if (c.state.kind === 'terminated' && c.state.exitCode !== 0 && policy === 'Never') return 'Failed';
    return terminal ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of apps) {
    const s = c.state;
    if (s.kind === 'running') running++;
    else if (s.kind === 'terminated') {
      stopped++;
      if (s.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return terminal ? 'Failed' : 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (terminal || policy === 'Never') return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'OnFailure' && stopped === succeeded) return 'Succeeded';
    return 'Running';
  }
  return 'Pending';
}

function namesList(cs: ContainerRecord[]): string {
  return `[${cs.map((c) => c.name).join(' ')}]`;
}

function kubeletConditions(pod: Pod, rec: PodRecord, phase: Phase): CondSpec[] {
  const out: CondSpec[] = [];
  const sandboxReady = !!rec.sandbox?.ready && rec.stage !== 'terminated';
  out.push({ type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' });

  const inits = rec.containers.filter((c) => c.init);
  const incomplete = inits.filter((c) => !initDone(c));
  if (inits.length === 0 || incomplete.length === 0 || phase === 'Succeeded' || phase === 'Running') {
    out.push({ type: 'Initialized', status: 'True' });
  } else {
    out.push({ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${namesList(incomplete)}` });
  }

  // ContainersReady covers regular containers and sidecars; Ready repeats it (no readiness gates yet).
  const counted = rec.containers.filter((c) => !c.init || isSidecar(c));
  const unready = counted.filter((c) => !c.ready);
  let containersReady: CondSpec;
  if (phase === 'Succeeded') containersReady = { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  else if (unready.length > 0) containersReady = { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${namesList(unready)}` };
  else containersReady = { type: 'ContainersReady', status: 'True' };
  out.push({ ...containersReady, type: 'Ready' });
  out.push(containersReady);
  return out;
}

function apiState(s: RuntimeState, clock: Clock, containerID?: string): Record<string, unknown> {
  switch (s.kind) {
    case 'waiting':
      return { waiting: s.message ? { reason: s.reason, message: s.message } : { reason: s.reason } };
    case 'running':
      return { running: { startedAt: clock.timestamp(s.startedAtMs) } };
    case 'terminated': {
      const t: Record<string, unknown> = { exitCode: s.exitCode };
      if (s.signal !== undefined) t.signal = s.signal;
      t.reason = s.reason;
      if (s.message) t.message = s.message;
      t.startedAt = clock.timestamp(s.startedAtMs);
      t.finishedAt = clock.timestamp(s.finishedAtMs);
      const id = s.containerID ?? containerID;
      if (id) t.containerID = id;
      return { terminated: t };
    }
  }
}

function containerStatus(c: ContainerRecord, clock: Clock): ContainerStatus {
  const st: Record<string, unknown> = { name: c.name, state: apiState(c.state, clock, c.containerID) };
  st.lastState = c.lastTerminated ? apiState(c.lastTerminated, clock) : {};
  st.ready = c.ready;
  st.restartCount = c.restartCount;
  st.image = c.image;
  st.imageID = c.imageID;
  if (c.containerID) st.containerID = c.containerID;
  st.started = c.started;
  if (c.created && c.spec.volumeMounts?.length) st.volumeMounts = mountStatuses(c.spec.volumeMounts);
  return st as unknown as ContainerStatus;
}

type VolumeMounts = NonNullable<ContainerRecord['spec']['volumeMounts']>;

/**
 * The status's volumeMounts, made once per container spec (which does not change) and shared by every
 * status built from it: a status is only read once built.
 */
const mountStatusesOf = new WeakMap<VolumeMounts, Record<string, unknown>[]>();

function mountStatuses(mounts: VolumeMounts): Record<string, unknown>[] {
  let out = mountStatusesOf.get(mounts);
  if (!out) {
    out = mounts.map((m) => {
      const v: Record<string, unknown> = { name: m.name, mountPath: m.mountPath };
      if (m.readOnly) {
        v.readOnly = true;
        v.recursiveReadOnly = 'Disabled';
      }
      return v;
    });
    mountStatusesOf.set(mounts, out);
  }
  return out;
}

export interface StatusInputs {
  clock: Clock;
  nodeIP: string;
  /** true once the pod's containers are stopped for good (deletion finished) */
  terminal: boolean;
}

/**
 * The full status object the kubelet would send. Transition times are carried over from the last
 * written conditions when a condition keeps its status, so that an unchanged pod produces an
 * identical object (and no write).
 */
export function buildPodStatus(rec: PodRecord, inp: StatusInputs): NonNullable<Pod['status']> {
  const pod = rec.pod;
  const { clock } = inp;
  const now = clock.timestamp();
  const phase = rec.evicted ? 'Failed' : podPhase(pod, rec, inp.terminal);
  const conds: PodCondition[] = [];
  const specs = kubeletConditions(pod, rec, phase);
  if (rec.evicted) specs.unshift({ type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: rec.evicted.message });
  for (const c of specs) {
    const prev = rec.lastConditions[c.type] ?? existing(pod, c.type);
    const lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : now;
    const out: Record<string, unknown> = { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    conds.push(out as unknown as PodCondition);
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  conds.push(scheduled ? { ...scheduled } : ({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now } as unknown as PodCondition));

  const status: Record<string, unknown> = { phase, conditions: conds };
  if (rec.evicted) {
    status.message = rec.evicted.message;
    status.reason = 'Evicted';
  }
  status.hostIP = inp.nodeIP;
  status.hostIPs = [{ ip: inp.nodeIP }];
  const ip = rec.sandbox && rec.stage !== 'terminated' ? rec.sandbox.ip : undefined;
  // After termination the last known IP stays in status, as the kubelet keeps it for a terminal pod.
  const keptIp = ip ?? (inp.terminal ? pod.status?.podIP : undefined);
  if (keptIp) {
    status.podIP = keptIp;
    status.podIPs = [{ ip: keptIp }];
  }
  status.startTime = clock.timestamp(rec.startTimeMs);
  const inits = rec.containers.filter((c) => c.init);
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(c, clock));
  status.containerStatuses = rec.containers.filter((c) => !c.init).map((c) => containerStatus(c, clock));
  status.qosClass = pod.status?.qosClass ?? podQOSClass(pod);
  return status as NonNullable<Pod['status']>;
}

function existing(pod: Pod, type: string): { status: string; lastTransitionTime: string } | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === type);
  return c?.lastTransitionTime ? { status: c.status, lastTransitionTime: c.lastTransitionTime } : undefined;
}

/** Remembers the conditions just written, for the next status's transition times. */
export function rememberConditions(rec: PodRecord, status: NonNullable<Pod['status']>): void {
  for (const c of status.conditions ?? []) {
    if (c.lastTransitionTime) rec.lastConditions[c.type] = { status: c.status, lastTransitionTime: c.lastTransitionTime };
  }
}
