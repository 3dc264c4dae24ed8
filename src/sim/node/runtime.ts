/**
 * The kubelet's view of one pod's containers and sandbox: a small state machine per container that
 * the pod worker drives on the virtual clock. Kept separate from the API shapes so that probes,
 * restarts, logs and exec can hang off the same records later.
 */
import type { Listener } from '../network/traffic/socket';
import type { Container, Pod } from '../types';
import type { LogLine } from './shell';
import type { Program, ProgramInputs } from './behavior';

/** Where a container is in its life, as the runtime would report it. */
export type RuntimeState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAtMs: number }
  /** `containerID`: the instance that ended (lastState keeps it after the next instance starts) */
  | { kind: 'terminated'; exitCode: number; signal?: number; reason: string; message?: string; startedAtMs: number; finishedAtMs: number; containerID?: string };

/** The step the pod worker has this container at (finer than what the API shows). */
export type ContainerStep = 'idle' | 'pulling' | 'creating' | 'starting' | 'running' | 'stopping' | 'exited' | 'blocked' | 'backoff';

export interface ContainerRecord {
  name: string;
  spec: Container;
  init: boolean;
  /** index within its list (initContainers or containers) */
  index: number;
  step: ContainerStep;
  state: RuntimeState;
  /** the last termination, reported as lastState once the container restarts */
  lastTerminated?: Extract<RuntimeState, { kind: 'terminated' }>;
  /** `containerd://<64 hex>` once created */
  containerID?: string;
  /** what status.image shows: the spec's image until the container exists, then the runtime's name */
  image: string;
  /** `docker.io/library/nginx@sha256:…` once created */
  imageID: string;
  restartCount: number;
  ready: boolean;
  started: boolean;
  /** true once the runtime created the container (status then lists its volume mounts) */
  created: boolean;
  /** the process now (or last) running in this container */
  run?: ContainerRun;
  /** the instance before `run`, what `kubectl logs --previous` reads */
  prevRun?: ContainerRun;
  /** crash back-off (flowcontrol.Backoff entry for this container) */
  backoff?: BackoffEntry;
  /** image-pull back-off for this container's image */
  pullBackoff?: BackoffEntry;
  /** probe workers' state, by probe type */
  probes?: Partial<Record<ProbeType, ProbeWorkerState>>;
  /** why the kubelet is killing the current instance, if it is */
  killing?: { reason: string };
}

export type ProbeType = 'startup' | 'liveness' | 'readiness';

export interface ProbeWorkerState {
  /** the instance the cached result belongs to */
  runId?: string;
  lastResult?: boolean;
  resultRun: number;
  /** the result the kubelet acts on (after thresholds) */
  result?: boolean;
  /** after a liveness/startup failure, nothing is probed until the container is replaced */
  onHold: boolean;
  timer?: number;
  /**
   * Set while the worker has no clock event because its next results cannot differ from the last one:
   * the period's tick it would have run next, and how to arm it again when something changes.
   */
  parked?: { nextAt: number; resume: (atMs: number) => void };
}

export interface BackoffEntry {
  backoffMs: number;
  lastUpdateMs: number;
}

/** One process instance of a container: what the runtime knows about it. */
export interface ContainerRun {
  id: string;
  startedAtMs: number;
  finishedAtMs?: number;
  exitCode?: number;
  program: Program;
  inputs: ProgramInputs;
  /** lines written at runtime (access lines for probes, shutdown lines), ms since start */
  extra: LogLine[];
  exitTimer?: number;
  /** Stops the component process this container runs (a static pod's kube-scheduler…), if any. */
  stopProcess?: () => void;
  /** The sockets the component process this container runs listens on now (a system agent's, such as CoreDNS's). */
  sockets?: () => readonly Listener[];
}

export interface SandboxRecord {
  /** 64 hex, the pause container's ID */
  id: string;
  ip: string;
  createdAtMs: number;
  ready: boolean;
  /** host-network pods use the node's namespace and IP; nothing is allocated */
  hostNetwork?: boolean;
  /** the sandbox's network namespace on the machine (`cni-…`), until its network is torn down */
  netns?: string;
  /** the pod subnet's gateway from the CNI result (the bridge's address) */
  gateway?: string;
  /** the /etc/resolv.conf the runtime wrote for the sandbox */
  resolvConf?: string;
}

/** Everything the kubelet holds for one pod it runs. */
export interface PodRecord {
  uid: string;
  key: string;
  /** latest object seen (from the watch or from the kubelet's own writes) */
  pod: Pod;
  startTimeMs: number;
  sandbox?: SandboxRecord;
  containers: ContainerRecord[];
  /** `running` covers everything up to termination; `terminating` once deletion is seen */
  stage: 'starting' | 'running' | 'terminating' | 'terminated';
  /** true once the termination is complete and the final status is written */
  finalized: boolean;
  /** set when the API object disappeared (force delete): no more writes for this pod */
  gone: boolean;
  /** the last status the kubelet wrote (not changed after), to skip identical writes */
  lastStatus?: NonNullable<Pod['status']>;
  /** conditions last written, to keep lastTransitionTime when a condition's status does not change */
  lastConditions: Record<string, { status: string; lastTransitionTime: string }>;
  flushTimer?: number;
  flushAt?: number;
  /** set when the kubelet evicted the pod (node pressure): the final status says so */
  evicted?: { message: string };
  /** bumped whenever pending work must be abandoned (deletion) */
  generation: number;
  /** the projected ServiceAccount tokens the API server issued for this pod, by audience and lifetime (tokens.ts) */
  tokens?: Map<string, string>;
}

export function initRecords(pod: Pod): ContainerRecord[] {
  const out: ContainerRecord[] = [];
  const hasInit = (pod.spec?.initContainers?.length ?? 0) > 0;
  const waiting: RuntimeState = { kind: 'waiting', reason: hasInit ? 'PodInitializing' : 'ContainerCreating' };
  (pod.spec?.initContainers ?? []).forEach((c, i) => out.push(newRecord(c, true, i, { ...waiting })));
  (pod.spec?.containers ?? []).forEach((c, i) => out.push(newRecord(c, false, i, { ...waiting })));
  return out;
}

function newRecord(spec: Container, init: boolean, index: number, state: RuntimeState): ContainerRecord {
  return { name: spec.name, spec, init, index, step: 'idle', state, image: spec.image ?? '', imageID: '', restartCount: 0, ready: false, started: false, created: false };
}

/** Init containers that are sidecars (restartPolicy Always) keep running; the rest must exit 0. */
export function isSidecar(c: ContainerRecord): boolean {
  return c.init && c.spec.restartPolicy === 'Always';
}

export function initDone(c: ContainerRecord): boolean {
  if (isSidecar(c)) return c.started;
  return c.state.kind === 'terminated' && c.state.exitCode === 0;
}

/** The pull policy the API server defaults: Always for `:latest` or no tag, IfNotPresent otherwise. */
export function effectivePullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  const p = c.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = c.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
