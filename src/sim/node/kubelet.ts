/**
 * The kubelet of one simulated node (1.31, containerd runtime, CNI bridge with host-local IPAM).
 *
 * What it does, all on the virtual clock and all through the API server:
 * - registers its Node (labels, annotations, taints, capacity, conditions, node info, images) and
 *   keeps node status current: a status sync every nodeStatusUpdateFrequency (10s, with the
 *   kubelet's small jitter) that writes only when something changed or nodeStatusReportFrequency
 *   (5m) has passed;
 * - heartbeats through its Lease `kube-node-lease/<node>` (40s duration, renewed every 10s);
 * - watches the pods bound to it (fieldSelector `spec.nodeName=<node>`) and runs one worker per pod:
 *   sandbox and pod IP, image pulls honouring imagePullPolicy, init containers in order, then the
 *   app containers in order, each with the kubelet's real events; pod status is written through the
 *   status subresource, at most once per clock event per pod and only when it differs;
 * - on deletion stops the containers (`Killing`), writes the final status, frees the IP and confirms
 *   the removal with a zero-grace delete carrying the pod's UID as precondition;
 * - runs the static pods of /etc/kubernetes/manifests whatever becomes of their mirror pods, and in
 *   their containers the control-plane processes (kube-scheduler, kube-controller-manager), whose
 *   panic is the container's exit;
 * - is a process itself: a throw in its work stops it, and systemd starts it again 10 s later.
 */
import { mirrorPodFor } from '../bootstrap/kubeSystem';
import type { Owner, TimerId } from '../clock';
import type { Component, ComponentContext } from '../component';
import type { Process, ProcessHost } from '../process';
import type { Informer } from '../client/types';
import { isStatusError } from '../api/types';
import type { Lease, Node, Pod, StoredObject, Taint } from '../types';
import { deepCopy, keyOf } from '../types';
import { networkStatus, setUpPodNetwork, tearDownPodNetwork } from './cni/libcni';
import { CniError } from './cni/types';
import type { ClusterDnsConfig } from './poddns';
import { podResolvConf } from './poddns';
import type { PullResult, StopBehaviour } from './images';
import { formatGoDuration, imageInfo, ImageStore, parseImageRef, repoDigestOf } from './images';
import { SIM_EPOCH_MS } from '../clock';
import { fnv1a32 } from '../rng';
import type { Container } from '../types';
type Probe = NonNullable<Container['livenessProbe']>;
import { parseQuantity, value as quantityValue, milliValue } from '../api/quantity';
import type { ProgramInputs } from './behavior';
import { buildProgram, clfTime, scriptRun } from './behavior';
import { parseScript, runScript, ShellSyntaxError } from './shell';
import { runProbe } from './prober';
import { containerEnv, podFile, podFiles, podHostname } from './podenv';
import { worldOf } from './world';
import type { Machine } from './machine';
import { applyHostPathCopy } from './hostpath';
import type { BackoffEntry, ContainerRun, ProbeType, ProbeWorkerState } from './runtime';
import type { NodeFacts, NodeHealth } from './nodestatus';
import { applyStatus, initialNode, statusFingerprint } from './nodestatus';
import { buildPodStatus, rememberConditions } from './podstatus';
import type { ContainerRecord, PodRecord } from './runtime';
import { effectivePullPolicy, initDone, initRecords, isSidecar } from './runtime';

export interface KubeletCapacity {
  cpu: string;
  memory: string;
  pods: string | number;
  ephemeralStorage?: string;
  hugepages1Gi?: string;
  hugepages2Mi?: string;
}

export interface KubeletConfig {
  nodeName: string;
  /** InternalIP of the node, e.g. `172.18.0.3` */
  nodeIP: string;
  capacity: KubeletCapacity;
  /** extra labels (kubelet --node-labels); the well-known ones are added by the kubelet */
  labels?: Record<string, string>;
  /** extra annotations */
  annotations?: Record<string, string>;
  /** registration taints (kubelet --register-with-taints); a control-plane node gets its NoSchedule taint by default */
  taints?: Taint[];
  /** Static pod manifests (/etc/kubernetes/manifests): run here, and shown through the API as mirror pods. */
  staticPods?: Pod[];
  /**
   * The process each static pod's container runs, by manifest name (`kube-scheduler`): it starts
   * with the container and stops with it, and its panic is the container's exit.
   */
  staticPodProcesses?: Record<string, Process>;
  /**
   * The system agent a container runs on this machine (flanneld in kube-flannel-ds), if it is one: it
   * starts in the container and stops with it, as a static pod's process does.
   */
  systemAgent?: (pod: Pod, container: Container) => Process | undefined;
  controlPlane: boolean;
  kubeletVersion?: string;
  /** KubeletConfiguration.clusterDNS: the DNS Service's address pods resolve through (kubeadm: the tenth of the Service range). */
  clusterDNS?: string[];
  /** KubeletConfiguration.clusterDomain */
  clusterDomain?: string;
  /**
   * The `kubernetes` Service's ClusterIP, for containers' KUBERNETES_SERVICE_* variables (a real
   * kubelet reads it from its Service lister; this one does not watch Services).
   */
  kubernetesServiceIP?: string;
  /** `containerd://1.7.18` */
  containerRuntimeVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  /** images present before any pull (kind node images come preloaded) */
  preloadedImages?: string[];
  criSocket?: string;
  /** How long the node stays NotReady after the kubelet starts (runtime and PLEG checks). Default 1000ms. */
  readyDelayMs?: number;
  nodeStatusUpdateFrequencyMs?: number;
  nodeStatusReportFrequencyMs?: number;
  nodeLeaseDurationSeconds?: number;
  kubeletPort?: number;
  /**
   * Whether nodeInfo.kubeProxyVersion is filled. v1.31.0 shipped DisableNodeKubeProxyVersion on by
   * default (reverted in 1.31.1), so a v1.31.0 kubelet leaves it empty; default follows the version.
   */
  reportKubeProxyVersion?: boolean;
}

const KUBELET_DEFAULTS = {
  kubeletVersion: 'v1.31.0',
  containerRuntimeVersion: 'containerd://1.7.18',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0-45-generic',
  criSocket: 'unix:///var/run/containerd/containerd.sock',
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  readyDelayMs: 1000,
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  kubeletPort: 10250,
};

/** Images a kubeadm node holds before any pod runs: the sandbox image, kube-proxy and the CNI images. */
export const DEFAULT_NODE_IMAGES = [
  'registry.k8s.io/pause:3.10',
  'registry.k8s.io/kube-proxy:v1.31.0',
  'docker.io/flannel/flannel:v0.25.6',
  'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2',
];
/** Extra images on a control-plane node (its static pods, CoreDNS). */
export const DEFAULT_CONTROL_PLANE_IMAGES = [
  'registry.k8s.io/kube-apiserver:v1.31.0',
  'registry.k8s.io/kube-controller-manager:v1.31.0',
  'registry.k8s.io/kube-scheduler:v1.31.0',
  'registry.k8s.io/etcd:3.5.15-0',
  'registry.k8s.io/coredns/coredns:v1.11.3',
];

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const SANDBOX_RETRY_MS = 5_000;
const PLEG_RELIST_MS = 1_000;
const DEFAULT_GRACE_SECONDS = 30;
/** The kubelet never gives a container less than this when killing it for a force-deleted pod. */
const MIN_KILL_GRACE_SECONDS = 2;
const INITIAL_BACKOFF_MS = 10_000;
/** kubeadm's kubelet.service: Restart=always, RestartSec=10. */
const SYSTEMD_RESTART_MS = 10_000;
const MI = 1024 * 1024;
/** evictionMonitoringPeriod and evictionPressureTransitionPeriod */
const EVICTION_MONITORING_MS = 10_000;
const PRESSURE_TRANSITION_MS = 5 * 60_000;

/** Static, mirror and system-critical pods are never evicted by the kubelet. */
function isCriticalPod(pod: Pod): boolean {
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] || pod.metadata?.annotations?.['kubernetes.io/config.source'] === 'file') return true;
  return (pod.spec?.priority ?? 0) >= 2_000_000_000;
}

function requestBytes(c: Container, resource: string): number {
  const r = c.resources?.requests?.[resource];
  if (r === undefined) return 0;
  try {
    return quantityValue(parseQuantity(String(r)));
  } catch {
    return 0;
  }
}

/** Quantities in eviction messages: memory in Mi/Ki as resource.Quantity prints binary values. */
function fmtBytes(n: number, _kind: 'memory' | 'disk'): string {
  if (n === 0) return '0';
  if (n % MI === 0) return `${n / MI}Mi`;
  return `${Math.round(n / 1024)}Ki`;
}
const MAX_BACKOFF_MS = 300_000;

/** flowcontrol.Backoff.Next: start at 10s, double to 300s; an entry idle for 2×max starts over. */
function nextBackoff(b: BackoffEntry | undefined, eventMs: number, nowMs: number): BackoffEntry {
  if (!b || eventMs - b.lastUpdateMs > 2 * MAX_BACKOFF_MS) return { backoffMs: INITIAL_BACKOFF_MS, lastUpdateMs: nowMs };
  return { backoffMs: Math.min(b.backoffMs * 2, MAX_BACKOFF_MS), lastUpdateMs: nowMs };
}

function probeOf(c: ContainerRecord, type: ProbeType): Probe | undefined {
  return type === 'startup' ? c.spec.startupProbe : type === 'liveness' ? c.spec.livenessProbe : c.spec.readinessProbe;
}

function memoryLimit(c: Container): number | undefined {
  const l = c.resources?.limits?.memory;
  if (l === undefined) return undefined;
  try {
    return quantityValue(parseQuantity(String(l)));
  } catch {
    return undefined;
  }
}

function cpuLimitMilli(c: Container): number | undefined {
  const l = c.resources?.limits?.cpu;
  if (l === undefined) return undefined;
  try {
    return milliValue(parseQuantity(String(l)));
  } catch {
    return undefined;
  }
}

function processName(run: ContainerRun): string {
  return (run.program.argv[0] ?? 'sh').replace(/^.*\//, '').slice(0, 15);
}

/** How the container's PID 1 takes the stop signal: the stock servers shut down; shells and sleep ignore it. */
function stopBehaviour(run: ContainerRun): StopBehaviour {
  const p = run.program;
  const img = imageInfo(run.inputs.container.image ?? '');
  if (!p.script && p.exit === undefined && p.image.kind === 'serve') return img.stop;
  const first = (p.argv[0] ?? '').replace(/^.*\//, '');
  if (['nginx', 'redis-server', 'httpd-foreground', 'postgres', 'mysqld', 'agnhost'].includes(first)) return img.stop.kind === 'graceful' ? img.stop : { kind: 'graceful', minMs: 60, maxMs: 400 };
  if (!p.script) return img.stop;
  return { kind: 'ignoresTerm' };
}

/**
 * The kubelet of one node. Built by the cluster with its context and configuration. It is also the
 * owner of its own work on the clock: a throw in it is the kubelet process panicking (see `fail`).
 */
export class Kubelet implements Component, Owner {
  readonly name: string;
  /** The kubelet process never leaves for good: systemd brings it back (its Machine outlives it). */
  readonly exited = false;
  /** systemd's pending restart after a panic */
  private systemdRestart: TimerId | undefined;
  readonly config: Readonly<KubeletConfig>;
  readonly images: ImageStore;
  private readonly facts: NodeFacts;
  private readonly rs: ComponentContext['stream'];
  private running = false;
  private everStarted = false;
  private readonly pods = new Map<string, PodRecord>();
  private podInformer: Informer<Pod & StoredObject> | undefined;
  private nodeUid: string | undefined;
  private lease: (Lease & StoredObject) | undefined;
  private statusTimer: TimerId | undefined;
  private leaseTimer: TimerId | undefined;
  private readyTimer: TimerId | undefined;
  private lastStatusFingerprint: string | undefined;
  private lastStatusWriteMs = -Infinity;
  private lastStatusRv: string | undefined;
  private readyNow = false;
  /** work that fell due while the kubelet was stopped; it runs when the kubelet starts again */
  private parked: (() => void)[] = [];
  private readonly plegPhaseMs: number;
  private startedAtMs = 0;
  /** the machine is off: no processes, no kubelet */
  private machineDown = false;
  /** the node cannot reach the API server */
  private partitioned = false;
  /** probe results forced by faults, by `ns/pod/container/probe` */
  readonly probeOverrides = new Map<string, 'fail' | 'pass'>();
  /** node pressure injected by faults: what the eviction manager sees */
  private pressure: { memory?: { availableBytes: number }; disk?: { availableBytes: number } } = {};
  private evictionTimer: TimerId | undefined;
  private readonly cpus: number;
  /** Counters useful to tests and the glass-box view. */
  readonly stats = { statusWrites: 0, nodeStatusWrites: 0, leaseRenewals: 0, conflicts: 0 };

  constructor(private readonly ctx: ComponentContext, readonly machine: Machine, config: KubeletConfig) {
    this.config = config;
    this.name = `kubelet/${config.nodeName}`;
    this.rs = ctx.stream;
    const c = { ...KUBELET_DEFAULTS, ...stripUndefined(config) };
    // The machine's identity: the boot ID it reports changes when the machine boots again.
    const identity = machine.identity;
    const capacity: Record<string, string> = {
      cpu: String(config.capacity.cpu),
      'ephemeral-storage': config.capacity.ephemeralStorage ?? '102626232Ki',
      'hugepages-1Gi': config.capacity.hugepages1Gi ?? '0',
      'hugepages-2Mi': config.capacity.hugepages2Mi ?? '0',
      memory: String(config.capacity.memory),
      pods: String(config.capacity.pods),
    };
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': config.nodeName,
      'kubernetes.io/os': 'linux',
    };
    if (config.controlPlane) {
      labels['node-role.kubernetes.io/control-plane'] = '';
      labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
    }
    Object.assign(labels, config.labels ?? {});
    const annotations: Record<string, string> = {
      'kubeadm.alpha.kubernetes.io/cri-socket': c.criSocket,
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      ...(config.annotations ?? {}),
    };
    const taints: Taint[] = config.taints ?? (config.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []);
    const reportKP = config.reportKubeProxyVersion ?? c.kubeletVersion !== 'v1.31.0';
    this.facts = {
      nodeName: config.nodeName,
      nodeIP: config.nodeIP,
      capacity,
      allocatable: { ...capacity },
      labels,
      annotations,
      taints,
      kubeletVersion: c.kubeletVersion,
      kubeProxyVersion: reportKP ? c.kubeletVersion : undefined,
      containerRuntimeVersion: c.containerRuntimeVersion,
      osImage: c.osImage,
      kernelVersion: c.kernelVersion,
      kubeletPort: c.kubeletPort,
      identity,
    };
    const preloaded = config.preloadedImages ?? (config.controlPlane ? [...DEFAULT_NODE_IMAGES, ...DEFAULT_CONTROL_PLANE_IMAGES] : DEFAULT_NODE_IMAGES);
    this.images = new ImageStore(ctx.clock, this.rs, preloaded);
    this.plegPhaseMs = this.rs.intn(PLEG_RELIST_MS);
    this.cpus = Math.max(1, Math.round(milliValue(parseQuantity(String(config.capacity.cpu))) / 1000));
    worldOf<Kubelet>(ctx.clock).register(this);
    machine.onPower((on) => (on ? this.powerOn() : this.powerOff()));
  }

  get nodeName(): string {
    return this.config.nodeName;
  }

  private lookupConfig(kind: 'configmaps' | 'secrets', namespace: string, name: string): { data?: Record<string, string> } | undefined {
    try {
      return this.ctx.client.get<{ data?: Record<string, string> } & Record<string, unknown>>(kind, namespace, name) as { data?: Record<string, string> };
    } catch (e) {
      if (isStatusError(e)) return undefined;
      throw e;
    }
  }

  private optsCache: (typeof KUBELET_DEFAULTS & Partial<KubeletConfig>) | undefined;
  private get opts() {
    return (this.optsCache ??= { ...KUBELET_DEFAULTS, ...stripUndefined(this.config) });
  }

  /** True while the kubelet runs (heartbeats, status, pod work). */
  isRunning(): boolean {
    return this.running;
  }

  /** The kubelet's record of a pod it runs (read-only use). */
  podRecord(namespace: string, name: string): PodRecord | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  start(): void {
    this.ctx.clock.cancel(this.systemdRestart);
    this.systemdRestart = undefined;
    if (this.running) return;
    this.running = true;
    this.startedAtMs = this.ctx.clock.now();
    this.readyNow = false;
    this.ctx.log(`${this.name}: starting kubelet ${this.facts.kubeletVersion}`);
    this.nodeEvent('Normal', 'Starting', 'Starting kubelet.');
    this.registerNode();
    this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    const readyDelay = this.opts.readyDelayMs;
    const becomeReady = (): void => {
      this.readyTimer = undefined;
      if (!this.running) return;
      this.readyNow = true;
      this.syncNodeStatus();
    };
    if (readyDelay <= 0) {
      this.readyNow = true;
      this.syncNodeStatus();
    } else this.readyTimer = this.ctx.clock.after(readyDelay, `${this.name}: runtime ready`, becomeReady);
    this.scheduleStatusLoop();
    this.renewLease();

    if (!this.everStarted) {
      this.everStarted = true;
      this.podInformer = this.ctx.informers.informer<Pod & StoredObject>('pods', { fieldSelector: `spec.nodeName=${this.config.nodeName}` });
      this.podInformer.addEventHandler({
        add: (p) => this.onPodEvent(p),
        update: (_o, p) => this.onPodEvent(p),
        delete: (p) => this.onPodGone(p),
      });
      this.ctx.informers.start();
    } else {
      // A restarted kubelet resyncs every pod it is bound to, and finishes work that waited for it.
      const parked = this.parked;
      this.parked = [];
      for (const fn of parked) fn();
      for (const p of this.podInformer?.list() ?? []) this.onPodEvent(p);
      for (const rec of [...this.pods.values()]) if (rec.gone) this.onPodGone(rec.pod as Pod & StoredObject);
    }
  }

  stop(): void {
    // `systemctl stop` also cancels a restart systemd was waiting to do.
    this.ctx.clock.cancel(this.systemdRestart);
    this.systemdRestart = undefined;
    if (!this.running) return;
    this.running = false;
    this.ctx.log(`${this.name}: kubelet stopped`);
    this.ctx.clock.cancel(this.statusTimer);
    this.ctx.clock.cancel(this.leaseTimer);
    this.ctx.clock.cancel(this.readyTimer);
    this.statusTimer = this.leaseTimer = this.readyTimer = undefined;
  }

  /**
   * The kubelet process panicked: it exits (2), and systemd starts it again after RestartSec (10 s).
   * Meanwhile the node is as with the kubelet stopped — containers run on, no heartbeats, no status —
   * and the new kubelet resyncs as a started one does. A stopped kubelet has no process to panic.
   */
  fail(err: unknown): void {
    this.ctx.reportPanic?.(this.name, err);
    if (!this.running) return;
    this.ctx.clock.runAs(this, () => {
      this.stop();
      this.ctx.log(`${this.name}: kubelet.service: Main process exited, code=exited, status=2/INVALIDARGUMENT`);
      this.systemdRestart = this.ctx.clock.after(SYSTEMD_RESTART_MS, `${this.name}: systemd restarts kubelet`, () => {
        this.systemdRestart = undefined;
        if (!this.machineDown) this.start();
      });
    });
  }

  // ---------------------------------------------------------------- node registration and status

  private nodeRef(): { kind: string; metadata: { name: string; uid: string } } {
    // The kubelet refers to its node by name, with the name standing in for the UID.
    return { kind: 'Node', metadata: { name: this.config.nodeName, uid: this.config.nodeName } };
  }

  private nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned) return;
    this.ctx.recorder.event(this.nodeRef(), type, reason, message);
  }

  private health(): NodeHealth {
    const network = this.readyNow ? this.networkError() : undefined;
    return { ready: this.readyNow && !network, ...(network ? { notReadyMessage: network } : {}), memoryPressure: this.pressureState.memory, diskPressure: this.pressureState.disk, pidPressure: false };
  }

  private registerNode(): void {
    this.registerNodeObject();
    this.ensureMirrorPods();
  }

  /**
   * Static pods run from files, not from the API; the kubelet shows each as a mirror pod bound to this
   * node and owned by the Node, which it then runs like any pod of its own.
   */
  private ensureMirrorPods(): void {
    const manifests = this.config.staticPods ?? [];
    if (!manifests.length || !this.nodeUid) return;
    for (const m of manifests) {
      try {
        this.createMirrorPod(m);
      } catch (e) {
        if (!isStatusError(e, 'AlreadyExists')) throw e;
      }
    }
  }

  private createMirrorPod(manifest: Pod): Pod & StoredObject {
    const pod = mirrorPodFor(manifest, this.config.nodeName, this.nodeUid ?? '', this.ctx.clock.microTimestamp().replace(/000Z$/, '000000Z'));
    pod.spec = { ...(pod.spec ?? { containers: [] }), nodeName: this.config.nodeName };
    return this.ctx.client.create<Pod>('pods', pod, { namespace: pod.metadata?.namespace ?? 'kube-system' });
  }

  /**
   * A static pod runs from its file, whatever happens to its mirror in the API: when the mirror pod is
   * deleted, the kubelet removes what is left of it and creates a new one (syncPod's mirror check),
   * and the static pod's containers run on. The pod record is the static pod's and outlives mirrors.
   */
  private recreateMirrorPod(rec: PodRecord): void {
    const name = this.staticManifestName(rec.pod);
    const manifest = (this.config.staticPods ?? []).find((m) => m.metadata?.name === name);
    if (!manifest || !this.nodeUid) return;
    if (!rec.gone) {
      try {
        this.ctx.client.delete('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: rec.uid } });
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
    }
    let mirror: Pod & StoredObject;
    try {
      mirror = this.createMirrorPod(manifest);
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      mirror = this.ctx.client.get<Pod>('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '');
    }
    this.adoptMirrorPod(rec, mirror);
  }

  /** The static pod `rec` is shown by a new mirror pod: its status is written there from now on. */
  private adoptMirrorPod(rec: PodRecord, mirror: Pod & StoredObject): void {
    rec.uid = mirror.metadata.uid;
    rec.pod = mirror;
    rec.gone = false;
    rec.lastStatusJson = undefined;
    this.ctx.log(`${this.name}: mirror pod ${keyOf(mirror)} of static pod ${this.staticManifestName(mirror)} is ${mirror.metadata.uid}`);
    this.markDirty(rec, true);
  }

  private registerNodeObject(): void {
    const node = initialNode(this.facts);
    const events: string[] = [];
    applyStatus(node, this.facts, this.health(), this.images.list(), this.ctx.clock, (r) => events.push(r));
    try {
      const created = this.ctx.client.create<Node>('nodes', node);
      this.afterNodeWrite(created, events);
      this.ctx.log(`${this.name}: registered node ${this.config.nodeName}`);
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
      // Already registered (a restart): reconcile the kubelet-owned labels and go on with status.
      const cur = this.ctx.client.get<Node>('nodes', undefined, this.config.nodeName);
      const labels = { ...(cur.metadata.labels ?? {}) };
      let changed = false;
      for (const [k, v] of Object.entries(this.facts.labels)) {
        if (labels[k] === undefined) {
          labels[k] = v;
          changed = true;
        }
      }
      let latest: Node & StoredObject = cur;
      if (changed) latest = this.ctx.client.update<Node>('nodes', { ...deepCopy(cur), metadata: { ...deepCopy(cur.metadata), labels } });
      this.nodeUid = latest.metadata.uid;
      this.lastStatusFingerprint = undefined;
      this.syncNodeStatus(latest);
    }
  }

  private afterNodeWrite(node: Node & StoredObject, events: string[]): void {
    this.nodeUid = node.metadata.uid;
    // A server that drops status on create gets it through the status subresource.
    if (!node.status?.conditions?.length) {
      this.lastStatusFingerprint = undefined;
      this.syncNodeStatus(node, events);
      return;
    }
    this.lastStatusFingerprint = statusFingerprint(node);
    this.lastStatusRv = node.metadata.resourceVersion;
    this.lastStatusWriteMs = this.ctx.clock.now();
    this.stats.nodeStatusWrites++;
    for (const r of events) this.nodeEvent('Normal', r, `Node ${this.config.nodeName} status is now: ${r}`);
  }

  private scheduleStatusLoop(): void {
    // wait.JitterUntil with a 4% jitter factor around nodeStatusUpdateFrequency.
    const base = this.opts.nodeStatusUpdateFrequencyMs;
    const delay = base + this.rs.intn(Math.floor(base * 0.04) + 1);
    this.statusTimer = this.ctx.clock.after(delay, `${this.name}: node status`, () => {
      if (!this.running) return;
      this.syncNodeStatus();
      this.scheduleStatusLoop();
    });
  }

  /** One status pass: run the setters, write only on change or when the report interval passed. */
  private syncNodeStatus(current?: Node & StoredObject, pendingEvents: string[] = []): void {
    if (!this.running || this.partitioned) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      let cur = current;
      current = undefined;
      if (!cur) {
        try {
          cur = this.ctx.client.get<Node>('nodes', undefined, this.config.nodeName);
        } catch (e) {
          if (!isStatusError(e, 'NotFound')) throw e;
          // The Node was deleted from under us: register again, as the kubelet does.
          this.registerNode();
          return;
        }
      }
      this.nodeUid = cur.metadata.uid;
      const node = deepCopy(cur) as Node & StoredObject;
      const events = [...pendingEvents];
      applyStatus(node, this.facts, this.health(), this.images.list(), this.ctx.clock, (r) => events.push(r));
      const fp = statusFingerprint(node);
      const now = this.ctx.clock.now();
      const due = now - this.lastStatusWriteMs >= this.opts.nodeStatusReportFrequencyMs;
      const curUnchanged = cur.metadata.resourceVersion === this.lastStatusRv || statusFingerprint(cur) === fp;
      if (fp === this.lastStatusFingerprint && curUnchanged && !due && events.length === 0) return;
      try {
        const written = this.ctx.client.update<Node>('nodes', node, { subresource: 'status' });
        this.lastStatusFingerprint = statusFingerprint(written);
        this.lastStatusRv = written.metadata.resourceVersion;
        this.lastStatusWriteMs = now;
        this.stats.nodeStatusWrites++;
        for (const r of events) this.nodeEvent('Normal', r, `Node ${this.config.nodeName} status is now: ${r}`);
        return;
      } catch (e) {
        if (!isStatusError(e, 'Conflict')) throw e;
        this.stats.conflicts++;
      }
    }
  }

  // ---------------------------------------------------------------- lease heartbeat

  private renewLease(): void {
    if (!this.running) return;
    const { client, clock } = this.ctx;
    const name = this.config.nodeName;
    if (this.partitioned) {
      // No route to the API server: the renewal fails and is tried again next interval.
      this.leaseTimer = clock.after(Math.floor((this.opts.nodeLeaseDurationSeconds * 1000) / 4), `${this.name}: lease renew`, () => this.renewLease());
      return;
    }
    const spec = { holderIdentity: name, leaseDurationSeconds: this.opts.nodeLeaseDurationSeconds, renewTime: clock.microTimestamp() };
    const owner = this.nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: this.nodeUid }] : undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        if (!this.lease) {
          try {
            this.lease = client.get<Lease>('leases', NODE_LEASE_NAMESPACE, name);
          } catch (e) {
            if (!isStatusError(e, 'NotFound')) throw e;
            const meta: Record<string, unknown> = { name, namespace: NODE_LEASE_NAMESPACE };
            if (owner) meta.ownerReferences = owner;
            this.lease = client.create<Lease>('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta, spec } as Lease, { namespace: NODE_LEASE_NAMESPACE });
            this.stats.leaseRenewals++;
            break;
          }
        }
        const next = deepCopy(this.lease) as Lease & StoredObject;
        next.spec = { ...(next.spec ?? {}), ...spec };
        if (owner && !next.metadata.ownerReferences?.length) next.metadata.ownerReferences = owner;
        this.lease = client.update<Lease>('leases', next);
        this.stats.leaseRenewals++;
        break;
      } catch (e) {
        if (!isStatusError(e, 'Conflict') && !isStatusError(e, 'NotFound')) throw e;
        this.stats.conflicts++;
        this.lease = undefined;
      }
    }
    const interval = Math.floor((this.opts.nodeLeaseDurationSeconds * 1000) / 4);
    this.leaseTimer = clock.after(interval, `${this.name}: lease renew`, () => this.renewLease());
  }

  // ---------------------------------------------------------------- pod workers

  /** Runs `fn` after `delayMs` unless the pod's pending work was abandoned; parks it while stopped. */
  private later(rec: PodRecord, delayMs: number, label: string, fn: () => void): void {
    const gen = rec.generation;
    this.ctx.clock.after(delayMs, `${this.name}: ${label} ${rec.key}`, () => this.guarded(rec, gen, fn));
  }

  private guarded(rec: PodRecord, gen: number, fn: () => void): void {
    if (rec.generation !== gen) return;
    if (!this.running) {
      this.parked.push(() => this.guarded(rec, gen, fn));
      return;
    }
    fn();
  }

  private onPodEvent(pod: Pod & StoredObject): void {
    if (pod.spec?.nodeName !== this.config.nodeName) return;
    if (this.partitioned) return;
    const key = keyOf(pod);
    let rec = this.pods.get(key);
    if (rec && this.staticManifestName(pod) !== undefined) {
      // A mirror pod: the static pod behind it is what runs here.
      if (rec.uid !== pod.metadata.uid) {
        if (!pod.metadata.deletionTimestamp) this.adoptMirrorPod(rec, pod);
        return;
      }
      if (pod.metadata.deletionTimestamp && rec.stage !== 'terminating' && rec.stage !== 'terminated') {
        if (newer(pod, rec.pod)) rec.pod = pod;
        if (this.running) this.recreateMirrorPod(rec);
        return;
      }
    }
    if (rec && rec.uid !== pod.metadata.uid) {
      // Same name, new pod: the old one is gone.
      this.onPodGone(rec.pod as Pod & StoredObject);
      rec = undefined;
    }
    if (!this.running) {
      if (rec && newer(pod, rec.pod)) rec.pod = pod;
      return;
    }
    if (!rec) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        // A finished pod the kubelet no longer runs: only its deletion needs confirming.
        if (pod.metadata.deletionTimestamp) this.confirmDeletion(pod);
        return;
      }
      rec = {
        uid: pod.metadata.uid,
        key,
        pod,
        startTimeMs: this.ctx.clock.now(),
        containers: initRecords(pod),
        stage: 'starting',
        finalized: false,
        gone: false,
        lastConditions: {},
        generation: 0,
      };
      this.pods.set(key, rec);
      if (pod.metadata.deletionTimestamp) {
        this.beginTermination(rec);
        return;
      }
      this.ctx.log(`${this.name}: SyncPod ${key}`);
      this.addProbeWorkers(rec);
      this.markDirty(rec, true);
      this.later(rec, 150 + this.rs.intn(300), 'create sandbox', () => this.createSandbox(rec!));
      return;
    }
    if (newer(pod, rec.pod)) rec.pod = pod;
    if (pod.metadata.deletionTimestamp && rec.stage !== 'terminating' && rec.stage !== 'terminated') this.beginTermination(rec);
    else if (rec.stage === 'terminated' && rec.finalized && pod.metadata.deletionTimestamp) this.confirmDeletion(pod);
  }

  private onPodGone(pod: Pod & StoredObject): void {
    if (this.partitioned) return;
    const rec = this.pods.get(keyOf(pod));
    if (!rec || rec.uid !== pod.metadata.uid) return;
    rec.gone = true;
    if (!this.running) return;
    if (this.staticManifestName(pod) !== undefined && rec.stage !== 'terminating' && rec.stage !== 'terminated') {
      this.recreateMirrorPod(rec);
      return;
    }
    if (rec.stage === 'terminated') {
      this.forget(rec);
      return;
    }
    // Force-deleted: stop everything, with at least the minimum grace the kubelet allows.
    this.beginTermination(rec, MIN_KILL_GRACE_SECONDS);
  }

  private createSandbox(rec: PodRecord): void {
    if (rec.stage !== 'starting') return;
    const hostNetwork = !!rec.pod.spec?.hostNetwork;
    // syncPod: a pod that needs the pod network waits while the runtime's network is not ready.
    const notReady = hostNetwork ? undefined : this.networkError();
    if (notReady) {
      this.podEvent(rec, 'Warning', 'NetworkNotReady', `network is not ready: ${notReady}`);
      this.later(rec, SANDBOX_RETRY_MS, 'retry sandbox', () => this.createSandbox(rec));
      return;
    }
    const sandboxId = this.rs.hex(32);
    const resolvConf = podResolvConf(rec.pod, this.dnsConfig());
    if (hostNetwork) {
      // A host-network pod shares the node's network namespace: no CNI call, the node IP is its IP.
      rec.sandbox = { id: sandboxId, ip: this.config.nodeIP, createdAtMs: this.ctx.clock.now(), ready: true, hostNetwork: true, resolvConf };
      rec.stage = 'running';
      this.advance(rec);
      return;
    }
    let net;
    try {
      net = setUpPodNetwork(this.machine, sandboxId, this.podRef(rec));
    } catch (e) {
      if (!(e instanceof CniError)) throw e;
      this.podEvent(rec, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = ${e.message}`);
      this.later(rec, SANDBOX_RETRY_MS, 'retry sandbox', () => this.createSandbox(rec));
      return;
    }
    rec.sandbox = { id: sandboxId, ip: net.ip, createdAtMs: this.ctx.clock.now(), ready: true, netns: net.netns, ...(net.gateway ? { gateway: net.gateway } : {}), resolvConf };
    rec.stage = 'running';
    this.ctx.log(`${this.name}: sandbox ${sandboxId.slice(0, 13)} for ${rec.key} has IP ${net.ip}`);
    this.advance(rec);
  }

  private podRef(rec: PodRecord): { namespace: string; name: string; uid: string } {
    return { namespace: rec.pod.metadata?.namespace ?? 'default', name: rec.pod.metadata?.name ?? '', uid: rec.uid };
  }

  /** StopPodSandbox: the CNI DEL for its network (a failure is logged; the sandbox goes anyway). */
  private stopSandbox(rec: PodRecord): void {
    const sb = rec.sandbox;
    if (!sb) return;
    sb.ready = false;
    if (sb.hostNetwork || !sb.netns) return;
    const netns = sb.netns;
    sb.netns = undefined;
    try {
      tearDownPodNetwork(this.machine, sb.id, netns, this.podRef(rec));
    } catch (e) {
      if (!(e instanceof CniError)) throw e;
      this.ctx.log(`${this.name}: StopPodSandbox ${sb.id.slice(0, 13)} for ${rec.key}: ${e.message}`);
    }
  }

  /** The runtime's network condition as the kubelet's runtime state reports it, or undefined when ready. */
  private networkError(): string | undefined {
    const why = networkStatus(this.machine);
    return why && `container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: ${why}`;
  }

  private dnsConfig(): ClusterDnsConfig {
    return { clusterDNS: this.opts.clusterDNS, clusterDomain: this.opts.clusterDomain, hostResolvConf: this.machine.readFile('/etc/resolv.conf') ?? '' };
  }

  /** Moves the pod on: the next init container, else the next app container not yet started. */
  private advance(rec: PodRecord): void {
    if (rec.stage !== 'running') return;
    for (const c of rec.containers) {
      if (!c.init) break;
      if (initDone(c)) continue;
      if (c.step === 'idle') this.startContainer(rec, c);
      return;
    }
    for (const c of rec.containers) {
      if (c.init) continue;
      if (c.state.kind === 'waiting' && c.state.reason === 'PodInitializing') c.state = { kind: 'waiting', reason: 'ContainerCreating' };
    }
    for (const c of rec.containers) {
      if (c.init || c.step !== 'idle') continue;
      this.startContainer(rec, c);
      return;
    }
    // Every container is up: the next relist reports the pod.
    this.markDirty(rec, false);
  }

  private startContainer(rec: PodRecord, c: ContainerRecord): void {
    const image = c.spec.image ?? '';
    const policy = effectivePullPolicy(c.spec);
    const present = this.images.has(image);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      c.step = 'blocked';
      c.state = { kind: 'waiting', reason: 'ErrImageNeverPull', message: msg };
      this.podEvent(rec, 'Warning', 'ErrImageNeverPull', msg);
      this.markDirty(rec, false);
      return;
    }
    if (present && policy !== 'Always') {
      this.podEvent(rec, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.createContainer(rec, c);
      return;
    }
    // The image puller's back-off: while it lasts, no pull is tried.
    const now = this.ctx.clock.now();
    const pb = c.pullBackoff;
    if (pb && now - pb.lastUpdateMs < pb.backoffMs) {
      const msg = `Back-off pulling image "${image}"`;
      c.step = 'blocked';
      c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: msg };
      this.podEvent(rec, 'Normal', 'BackOff', msg);
      this.podEvent(rec, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.markDirty(rec, false);
      // The pod worker syncs again on error after 10–15s; the attempt that lands past the back-off pulls.
      this.retryLater(rec, c, Math.min(pb.lastUpdateMs + pb.backoffMs - now, 10_000 + this.rs.intn(5_000)));
      return;
    }
    c.step = 'pulling';
    this.podEvent(rec, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const gen = rec.generation;
    if (worldOf(this.ctx.clock).isUnpullable(image)) {
      const ref = parseImageRef(image).normalized;
      const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
      this.ctx.clock.after(350 + this.rs.intn(900), `${this.name}: pull fails ${rec.key}`, () =>
        this.guarded(rec, gen, () => {
          if (rec.stage !== 'running') return;
          const t = this.ctx.clock.now();
          this.podEvent(rec, 'Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
          this.podEvent(rec, 'Warning', 'Failed', 'Error: ErrImagePull');
          c.pullBackoff = nextBackoff(c.pullBackoff, t, t);
          c.step = 'blocked';
          c.state = { kind: 'waiting', reason: 'ErrImagePull', message: err };
          this.markDirty(rec, false);
          this.retryLater(rec, c, 1_000 + this.rs.intn(500));
        }),
      );
      return;
    }
    this.images.pull(image, (r: PullResult) =>
      this.guarded(rec, gen, () => {
        if (rec.stage !== 'running') return;
        c.pullBackoff = undefined;
        this.podEvent(rec, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${formatGoDuration(r.pullMs)} (${formatGoDuration(r.totalMs)} including waiting). Image size: ${r.info.sizeBytes} bytes.`);
        this.createContainer(rec, c);
      }),
    );
  }

  /** A blocked container is tried again by a later sync of its pod. */
  private retryLater(rec: PodRecord, c: ContainerRecord, delayMs: number): void {
    this.later(rec, Math.max(0, delayMs), 'retry container', () => {
      if (rec.stage !== 'running' || c.step !== 'blocked') return;
      c.step = 'idle';
      if (c.init) this.advance(rec);
      else this.startContainer(rec, c);
    });
  }

  private createContainer(rec: PodRecord, c: ContainerRecord): void {
    c.step = 'creating';
    this.later(rec, 30 + this.rs.intn(90), 'create container', () => {
      if (rec.stage !== 'running') return;
      const env = containerEnv(rec.pod, c.spec, rec.sandbox?.ip ?? '', this.config.nodeIP, this.config.nodeName, (kind, ns, name) => this.lookupConfig(kind, ns, name), this.config.kubernetesServiceIP);
      if ('error' in env) {
        c.step = 'blocked';
        c.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: env.error };
        this.podEvent(rec, 'Warning', 'Failed', `Error: ${env.error}`);
        this.markDirty(rec, false);
        this.retryLater(rec, c, 10_000 + this.rs.intn(5_000));
        return;
      }
      const info = imageInfo(c.spec.image ?? '');
      c.containerID = `containerd://${this.rs.hex(32)}`;
      c.image = info.ref.normalized;
      c.imageID = repoDigestOf(info);
      c.created = true;
      c.step = 'starting';
      this.podEvent(rec, 'Normal', 'Created', `Created container ${c.name}`);
      this.later(rec, 40 + this.rs.intn(120), 'start container', () => this.launch(rec, c, env.env));
    });
  }

  /** The runtime starts the process; the kubelet runs the postStart hook, then moves the pod on. */
  private launch(rec: PodRecord, c: ContainerRecord, env: Record<string, string>): void {
    if (rec.stage !== 'running') return;
    const now = this.ctx.clock.now();
    const inputs: ProgramInputs = {
      pod: rec.pod,
      container: c.spec,
      env,
      hostname: podHostname(rec.pod),
      podIP: rec.sandbox?.ip ?? '',
      cpus: this.cpus,
      startWallMs: SIM_EPOCH_MS + now,
    };
    const program = buildProgram(inputs, (p) => podFile(rec.pod, c.spec, p, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf));
    if (c.run) c.prevRun = c.run;
    const run: ContainerRun = { id: c.containerID ?? '', startedAtMs: now, program, inputs, extra: [] };
    c.run = run;
    c.killing = undefined;
    c.step = 'running';
    c.state = { kind: 'running', startedAtMs: now };
    const sidecar = isSidecar(c);
    c.started = !c.spec.startupProbe || (c.init && !sidecar);
    c.ready = (!c.init || sidecar) && !c.spec.readinessProbe && !c.spec.startupProbe;
    this.podEvent(rec, 'Normal', 'Started', `Started container ${c.name}`);
    this.scheduleExit(rec, c, run);
    this.runProcess(rec, c, run);
    const proceed = (): void => {
      if (c.run !== run || rec.stage !== 'running') return;
      if (c.spec.readinessProbe && c.started) this.triggerProbe(rec, c, 'readiness');
      this.markDirty(rec, false);
      this.advance(rec);
    };
    const hook = c.spec.lifecycle?.postStart;
    if (!hook) {
      proceed();
      return;
    }
    const h = this.runHook(rec, c, run, hook, 'PostStart');
    this.later(rec, h.ms, 'postStart hook', () => {
      if (c.run !== run) return;
      if (h.error) {
        this.podEvent(rec, 'Warning', 'FailedPostStartHook', h.error);
        this.stopContainer(rec, c, this.graceMs(rec), 'FailedPostStartHook');
        return;
      }
      proceed();
    });
  }

  /** Runs a lifecycle hook against the container model: how long it takes and whether it fails. */
  private runHook(rec: PodRecord, c: ContainerRecord, run: ContainerRun, hook: NonNullable<NonNullable<Container['lifecycle']>['postStart']>, kind: 'PostStart' | 'PreStop'): { ms: number; error?: string } {
    const pod = `${rec.pod.metadata?.name}_${rec.pod.metadata?.namespace}(${rec.uid})`;
    if (hook.sleep) return { ms: (hook.sleep.seconds ?? 0) * 1000 };
    if (hook.httpGet) {
      const port = typeof hook.httpGet.port === 'number' ? hook.httpGet.port : c.spec.ports?.find((p) => p.name === hook.httpGet!.port)?.containerPort ?? Number(hook.httpGet.port);
      const ok = run.program.serves.some((s) => s.port === port);
      if (ok) return { ms: 5 };
      const url = `http://${hook.httpGet.host || rec.sandbox?.ip}:${port}${hook.httpGet.path ?? '/'}`;
      return { ms: 5, error: `HTTP lifecycle hook (${hook.httpGet.path ?? ''}) for Container "${c.name}" in Pod "${pod}" failed - error: Get "${url}": dial tcp ${hook.httpGet.host || rec.sandbox?.ip}:${port}: connect: connection refused, message: ""` };
    }
    const cmd = hook.exec?.command ?? [];
    const isShell = /(^|\/)(sh|bash|ash)$/.test(cmd[0] ?? '') && cmd[1] === '-c';
    let res;
    try {
      const stmts = parseScript(isShell ? (cmd[2] ?? '') : cmd.map((a) => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '));
      res = runScript(stmts, run.program.env, { startWallMs: run.inputs.startWallMs, hostname: run.inputs.hostname, readFile: () => undefined, external: (argv) => (argv.includes('-s') || argv[0] === 'kill' ? { kind: 'ok', status: 0 } : { kind: 'ok', status: 0 }) }, { horizonMs: kind === 'PreStop' ? this.graceMs(rec) : 120_000 });
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      return { ms: 5, error: `Exec lifecycle hook (${JSON.stringify(cmd).replace(/","/g, ' ').replace(/^\["|"\]$/g, '[').replace(/\[$/, ']')}) for Container "${c.name}" in Pod "${pod}" failed - error: command '${cmd.join(' ')}' exited with 2: , message: ""` };
    }
    const ms = Math.max(5, res.exit?.at ?? (kind === 'PreStop' ? this.graceMs(rec) : 120_000));
    if (res.exit && res.exit.code !== 0) {
      const out = res.lines.map((l) => l.text).join('\n');
      return { ms, error: `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${c.name}" in Pod "${pod}" failed - error: command '${cmd.join(' ')}' exited with ${res.exit.code}: ${out}, message: "${out}"` };
    }
    return { ms };
  }

  /** Arms the process's own end: its program exiting, or the OOM killer when memory passes the limit. */
  private scheduleExit(rec: PodRecord, c: ContainerRecord, run: ContainerRun): void {
    const p = run.program;
    let at: number | undefined;
    let code = 0;
    let reason: string | undefined;
    if (p.exit) {
      at = run.startedAtMs + p.exit.atMs;
      code = p.exit.code;
    }
    const limit = memoryLimit(c.spec);
    if (limit !== undefined && p.memBytes > limit) {
      // Memory grows for a moment after start, then the cgroup's OOM killer ends the process.
      const oomAt = run.startedAtMs + 600 + Math.min(4_000, Math.round((limit / p.memBytes) * 3_000));
      if (at === undefined || oomAt < at) {
        at = oomAt;
        code = 137;
        reason = 'OOMKilled';
      }
    }
    if (at === undefined) return;
    run.exitTimer = this.ctx.clock.at(at, `${this.name}: process exits ${rec.key}/${c.name}`, () => {
      if (c.run !== run || run.finishedAtMs !== undefined) return;
      if (reason === 'OOMKilled') this.nodeEvent('Warning', 'SystemOOM', `System OOM encountered, victim process: ${processName(run)}, pid: ${1000 + (fnv1a32(run.id) % 60000)}`);
      this.processExited(rec, c, run, code, reason);
    });
  }

  /** The runtime saw the process end. The kubelet reacts at its next relist. */
  private processExited(rec: PodRecord, c: ContainerRecord, run: ContainerRun, code: number, reason?: string): void {
    const now = this.ctx.clock.now();
    // An installer that copied into a hostPath volume has left its file on the machine.
    if (code === 0 && !run.stopProcess) applyHostPathCopy(rec.pod, c.spec, run.program.argv, (p) => this.podFileFor(rec, c, p), this.machine);
    run.stopProcess?.();
    run.finishedAtMs = now;
    run.exitCode = code;
    this.ctx.clock.cancel(run.exitTimer);
    c.state = { kind: 'terminated', exitCode: code, reason: reason ?? (code === 0 ? 'Completed' : 'Error'), startedAtMs: run.startedAtMs, finishedAtMs: now };
    c.ready = false;
    c.started = false;
    c.step = 'exited';
    if (rec.stage !== 'running') return;
    this.markDirty(rec, false);
    this.later(rec, this.toRelist(), 'container died', () => this.afterExit(rec, c));
  }

  /**
   * A static pod's container runs its component's process (kube-scheduler…): the process starts in
   * it (the cluster's first instance, started at boot, is adopted) and stops when it stops. When the
   * process panics, the container ends with its exit code and its last words in the log.
   */
  private runProcess(rec: PodRecord, c: ContainerRecord, run: ContainerRun): void {
    const manifest = this.staticManifestName(rec.pod);
    const proc = manifest !== undefined && !c.init ? this.config.staticPodProcesses?.[manifest] : this.config.systemAgent?.(rec.pod, c.spec);
    if (!proc) return;
    const host: ProcessHost = {
      write: (line) => {
        if (c.run === run && run.finishedAtMs === undefined && run.extra.length < 5_000) run.extra.push({ at: this.ctx.clock.now() - run.startedAtMs, text: line });
      },
      exited: (code, stderr) =>
        this.ctx.clock.runAs(this, () => {
          if (c.run !== run || run.finishedAtMs !== undefined) return;
          const at = this.ctx.clock.now() - run.startedAtMs;
          for (const text of stderr) run.extra.push({ at, text });
          this.processExited(rec, c, run, code);
        }),
    };
    run.stopProcess = () => {
      run.stopProcess = undefined;
      proc.stopIn(host);
    };
    proc.runIn(host);
  }

  /** The manifest a static pod came from (`kube-scheduler` for `kube-scheduler-<node>`), if it is one of ours. */
  private staticManifestName(pod: Pod): string | undefined {
    if (pod.metadata?.annotations?.['kubernetes.io/config.source'] !== 'file') return undefined;
    const suffix = `-${this.config.nodeName}`;
    const name = pod.metadata?.name ?? '';
    if (!name.endsWith(suffix)) return undefined;
    const manifest = name.slice(0, -suffix.length);
    return (this.config.staticPods ?? []).some((m) => m.metadata?.name === manifest) ? manifest : undefined;
  }

  private toRelist(): number {
    const now = this.ctx.clock.now();
    return PLEG_RELIST_MS - ((((now - this.plegPhaseMs) % PLEG_RELIST_MS) + PLEG_RELIST_MS) % PLEG_RELIST_MS);
  }

  /** computePodActions for an exited container: restart it (with back-off), or let the pod finish. */
  private afterExit(rec: PodRecord, c: ContainerRecord): void {
    if (rec.stage !== 'running' || c.step !== 'exited' || c.state.kind !== 'terminated') return;
    const policy = rec.pod.spec?.restartPolicy ?? 'Always';
    const code = c.state.exitCode;
    let restart: boolean;
    if (isSidecar(c)) restart = true;
    else if (c.init) restart = code !== 0 && policy !== 'Never';
    else restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    if (!restart) {
      if (c.init && code === 0) {
        c.ready = true;
        this.markDirty(rec, false);
        this.advance(rec);
        return;
      }
      this.checkPodDone(rec);
      return;
    }
    this.restartWithBackoff(rec, c);
  }

  /** The kubelet's doBackOff: flowcontrol.Backoff(10s, 300s) keyed per container, from its finish time. */
  private restartWithBackoff(rec: PodRecord, c: ContainerRecord): void {
    const now = this.ctx.clock.now();
    const st = c.state.kind === 'terminated' ? c.state : c.lastTerminated;
    if (!st) return;
    const b = c.backoff;
    const finished = st.finishedAtMs;
    if (b && !(finished - b.lastUpdateMs > 2 * MAX_BACKOFF_MS) && now - finished < b.backoffMs) {
      const podDesc = `${rec.pod.metadata?.name}_${rec.pod.metadata?.namespace}(${rec.uid})`;
      c.lastTerminated = st;
      c.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${formatGoDuration(b.backoffMs)} restarting failed container=${c.name} pod=${podDesc}` };
      c.step = 'backoff';
      this.podEvent(rec, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podDesc}`);
      this.markDirty(rec, false);
      // Synced again when the back-off ends (or on the worker's error resync, which re-raises the event).
      const until = finished + b.backoffMs - now;
      const resync = 10_000 + this.rs.intn(5_000);
      const wait = until <= resync ? until + this.toRelistAfter(until) : resync;
      this.later(rec, wait, 'crash back-off', () => {
        if (rec.stage === 'running' && c.step === 'backoff') this.restartWithBackoff(rec, c);
      });
      return;
    }
    c.backoff = nextBackoff(b, finished, now);
    c.lastTerminated = st;
    c.restartCount++;
    c.step = 'idle';
    c.state = st;
    if (c.init && !isSidecar(c)) this.advance(rec);
    else this.startContainer(rec, c);
  }

  private toRelistAfter(deltaMs: number): number {
    const t = this.ctx.clock.now() + deltaMs;
    return (PLEG_RELIST_MS - ((((t - this.plegPhaseMs) % PLEG_RELIST_MS) + PLEG_RELIST_MS) % PLEG_RELIST_MS)) % PLEG_RELIST_MS;
  }

  /** With restartPolicy OnFailure or Never, a pod whose containers are all done is finished. */
  private checkPodDone(rec: PodRecord): void {
    const policy = rec.pod.spec?.restartPolicy ?? 'Always';
    const initFailed = rec.containers.some((c) => c.init && !isSidecar(c) && c.state.kind === 'terminated' && c.state.exitCode !== 0 && policy === 'Never');
    const apps = rec.containers.filter((c) => !c.init);
    const allDone = apps.every((c) => c.state.kind === 'terminated' && c.step === 'exited');
    this.markDirty(rec, false);
    if (!initFailed && !allDone) return;
    this.completePod(rec);
  }

  /** A finished pod: stop what still runs (sidecars), tear down the sandbox, report the final phase. */
  private completePod(rec: PodRecord): void {
    rec.stage = 'terminating';
    rec.generation++;
    let wait = 0;
    for (const c of [...rec.containers].reverse()) {
      if (c.state.kind === 'running') {
        wait = Math.max(wait, this.stopContainer(rec, c, this.graceMs(rec), undefined, true));
      } else if (c.step !== 'exited') c.step = 'exited';
    }
    this.later(rec, wait + 20 + this.rs.intn(60), 'pod finished', () => {
      this.stopSandbox(rec);
      rec.stage = 'terminated';
      this.clearProbes(rec);
      if (rec.gone) {
        this.forget(rec);
        return;
      }
      this.flushStatus(rec, true);
      rec.finalized = true;
      if (rec.pod.metadata?.deletionTimestamp) this.confirmDeletion(rec.pod as Pod & StoredObject);
    });
  }

  private graceMs(rec: PodRecord): number {
    return (rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  }

  /**
   * Stops one container: the preStop hook (its time counts against the grace period), then the stop
   * signal; a process that ignores it is killed when the grace period ends (137). Returns the ms
   * until the container is down. `eventMessage` overrides the `Killing` event's text.
   */
  private stopContainer(rec: PodRecord, c: ContainerRecord, graceMs: number, eventMessage?: string, quiet = false): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    if (!quiet) this.podEvent(rec, 'Normal', 'Killing', eventMessage && eventMessage !== 'FailedPostStartHook' ? eventMessage : `Stopping container ${c.name}`);
    c.step = 'stopping';
    c.killing = { reason: eventMessage ?? 'Stopping' };
    let hookMs = 0;
    const hook = c.spec.lifecycle?.preStop;
    if (hook && eventMessage !== 'FailedPostStartHook') {
      const h = this.runHook(rec, c, run, hook, 'PreStop');
      hookMs = Math.min(graceMs, h.ms);
      if (h.error) this.podEvent(rec, 'Warning', 'FailedPreStopHook', h.error);
    }
    // After preStop the kubelet still gives the process at least 2 seconds.
    const remaining = hookMs > 0 ? Math.max(graceMs - hookMs, 2_000) : graceMs;
    const beh = stopBehaviour(run);
    let afterMs: number;
    let code: number;
    if (beh.kind === 'graceful' && beh.minMs < remaining) {
      afterMs = Math.min(remaining, beh.minMs + this.rs.intn(beh.maxMs - beh.minMs + 1));
      code = 0;
    } else {
      afterMs = remaining;
      code = 137;
    }
    const total = hookMs + afterMs;
    this.ctx.clock.after(total, `${this.name}: container stops ${rec.key}/${c.name}`, () => {
      if (c.run !== run || run.finishedAtMs !== undefined) return;
      if (code === 0 && run.program.image.onStop) {
        const at = this.ctx.clock.now() - run.startedAtMs;
        for (const text of run.program.image.onStop({ wallMs: SIM_EPOCH_MS + this.ctx.clock.now(), podIP: run.inputs.podIP, hostname: run.inputs.hostname, cpus: run.inputs.cpus, version: '' })) run.extra.push({ at, text });
      }
      this.processExited(rec, c, run, code);
    });
    return total;
  }

  // ---------------------------------------------------------------- probes

  /** The prober's workers for a pod: one per container and probe type, ticking every period. */
  private addProbeWorkers(rec: PodRecord): void {
    const now = this.ctx.clock.now();
    for (const c of rec.containers) {
      if (c.init && !isSidecar(c)) continue;
      for (const type of ['startup', 'readiness', 'liveness'] as const) {
        const probe = probeOf(c, type);
        if (!probe) continue;
        c.probes ??= {};
        const w: ProbeWorkerState = { resultRun: 0, onHold: false };
        c.probes[type] = w;
        const period = (probe.periodSeconds ?? 10) * 1000;
        // A kubelet that just started spreads its workers over one period.
        const first = period > now - this.startedAtMs ? this.rs.intn(period) : 0;
        const gen = rec.generation;
        const tick = (): void => {
          w.timer = undefined;
          if (rec.generation !== gen || rec.stage === 'terminated' || rec.gone) return;
          if (!this.running || this.machineDown) {
            w.timer = this.ctx.clock.after(period, `${this.name}: probe ${rec.key}/${c.name}`, tick);
            return;
          }
          this.doProbe(rec, c, type);
          w.timer = this.ctx.clock.after(period, `${this.name}: probe ${rec.key}/${c.name}`, tick);
        };
        w.timer = this.ctx.clock.after(first, `${this.name}: probe ${rec.key}/${c.name}`, tick);
      }
    }
  }

  private clearProbes(rec: PodRecord): void {
    for (const c of rec.containers) for (const w of Object.values(c.probes ?? {})) if (w?.timer !== undefined) this.ctx.clock.cancel(w.timer);
  }

  private triggerProbe(rec: PodRecord, c: ContainerRecord, type: ProbeType): void {
    const gen = rec.generation;
    this.ctx.clock.after(0, `${this.name}: probe ${rec.key}/${c.name}`, () => {
      if (rec.generation === gen && rec.stage === 'running' && this.running) this.doProbe(rec, c, type);
    });
  }

  /** One probe run, with the worker's bookkeeping (prober/worker.go doProbe). */
  private doProbe(rec: PodRecord, c: ContainerRecord, type: ProbeType): void {
    const w = c.probes?.[type];
    const probe = probeOf(c, type);
    const run = c.run;
    if (!w || !probe || rec.stage !== 'running') return;
    if (!run || c.state.kind !== 'running' || c.step === 'stopping') {
      // Not running: readiness is false; nothing to probe.
      if (type === 'readiness' && w.result !== false && run) w.result = false;
      return;
    }
    if (w.runId !== run.id) {
      w.runId = run.id;
      w.result = type !== 'readiness';
      w.lastResult = undefined;
      w.resultRun = 0;
      w.onHold = false;
    }
    if (w.onHold) return;
    if (type !== 'startup' && !c.started) return;
    if (type === 'startup' && c.started) return;
    const now = this.ctx.clock.now();
    if (Math.floor((now - run.startedAtMs) / 1000) < (probe.initialDelaySeconds ?? 0)) return;
    const forced = this.probeOverrides.get(`${rec.key}/${c.name}/${type}`) ?? (run.program.overrides.probeFail.has(type) ? 'fail' : undefined);
    const out = runProbe({
      run,
      container: c.spec,
      probe,
      type,
      sinceStartMs: now - run.startedAtMs,
      ip: rec.sandbox?.ip ?? this.config.nodeIP,
      forced,
      readFile: (p) => podFile(rec.pod, c.spec, p, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf),
    });
    if (out.accessLine && run.program.image.cmd[0] === 'nginx' && !run.program.script && run.extra.length < 5_000) {
      // Probes leave the node through the bridge, from its gateway address.
      const gw = rec.sandbox?.gateway ?? this.config.nodeIP;
      run.extra.push({ at: now - run.startedAtMs, text: `${gw} - - [${clfTime(SIM_EPOCH_MS + now)}] "GET ${out.accessLine.path} HTTP/1.1" ${out.accessLine.status} ${out.accessLine.bytes} "-" "kube-probe/1.31" "-"` });
    }
    const label = type === 'startup' ? 'Startup' : type === 'liveness' ? 'Liveness' : 'Readiness';
    if (!out.ok) this.podEvent(rec, 'Warning', 'Unhealthy', `${label} probe failed: ${out.output}`);
    if (w.lastResult === out.ok) w.resultRun++;
    else {
      w.lastResult = out.ok;
      w.resultRun = 1;
    }
    const threshold = out.ok ? (probe.successThreshold ?? 1) : (probe.failureThreshold ?? 3);
    if (w.resultRun < threshold) return;
    const changed = w.result !== out.ok;
    w.result = out.ok;
    if (type === 'readiness') {
      if (changed || c.ready !== out.ok) {
        c.ready = out.ok;
        this.markDirty(rec, true);
      }
      return;
    }
    if (type === 'startup' && out.ok) {
      c.started = true;
      if (!c.spec.readinessProbe) c.ready = true;
      this.markDirty(rec, true);
      if (c.spec.readinessProbe) this.triggerProbe(rec, c, 'readiness');
      return;
    }
    if (!out.ok) {
      // Liveness or startup failed: the container is killed and, per restartPolicy, restarted.
      w.onHold = true;
      w.resultRun = 0;
      const policy = rec.pod.spec?.restartPolicy ?? 'Always';
      const restart = policy !== 'Never';
      const msg = `Container ${c.name} failed ${type} probe${restart ? ', will be restarted' : ''}`;
      const grace = (probe.terminationGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
      this.later(rec, this.toRelist(), 'kill unhealthy container', () => {
        if (c.run === run && c.state.kind === 'running' && c.step !== 'stopping') this.stopContainer(rec, c, grace, msg);
      });
    }
  }

  // ---------------------------------------------------------------- termination

  private beginTermination(rec: PodRecord, minGraceSeconds = 0): void {
    if (rec.stage === 'terminating') return;
    if (rec.stage === 'terminated') return;
    rec.generation++;
    const starting = rec.stage === 'starting';
    rec.stage = 'terminating';
    const graceSeconds = Math.max(minGraceSeconds, rec.pod.metadata?.deletionGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS);
    const graceMs = graceSeconds * 1000;
    let lastStopMs = 0;
    this.clearProbes(rec);
    // Kill app containers first, then sidecars and any init container still running.
    const order = [...rec.containers.filter((c) => !c.init), ...rec.containers.filter((c) => c.init).reverse()];
    for (const c of order) {
      if (c.state.kind !== 'running') {
        if (c.step !== 'exited') c.step = 'exited';
        continue;
      }
      lastStopMs = Math.max(lastStopMs, this.stopContainer(rec, c, graceMs));
    }
    // The sandbox goes once every container has stopped; then the final status and the confirmation.
    const sandboxStop = starting ? 0 : 20 + this.rs.intn(60);
    this.later(rec, lastStopMs + sandboxStop, 'stop sandbox', () => this.finishTermination(rec));
  }

  /**
   * The sandbox is gone: release its IP, write the final status, and confirm the deletion to the API
   * server — always after a delete, and after an eviction only once the pod is being deleted.
   */
  private finishTermination(rec: PodRecord, confirmOnlyIfDeleting = false): void {
    this.stopSandbox(rec);
    rec.stage = 'terminated';
    if (rec.gone) {
      this.forget(rec);
      return;
    }
    this.flushStatus(rec, true);
    rec.finalized = true;
    if (!confirmOnlyIfDeleting || rec.pod.metadata?.deletionTimestamp) this.confirmDeletion(rec.pod as Pod & StoredObject);
  }

  private confirmDeletion(pod: Pod & StoredObject): void {
    if (!pod.metadata.deletionTimestamp || this.partitioned) return;
    try {
      this.ctx.client.delete('pods', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      this.ctx.log(`${this.name}: pod ${keyOf(pod)} deleted from the API after its containers stopped`);
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
    const rec = this.pods.get(keyOf(pod));
    if (rec && rec.uid === pod.metadata.uid) this.forget(rec);
  }

  /** Drops the kubelet's record of a pod, unless a newer pod under the same name has taken its key. */
  private forget(rec: PodRecord): void {
    if (this.pods.get(rec.key) === rec) this.pods.delete(rec.key);
  }

  // ---------------------------------------------------------------- faults: the machine, the network, processes

  /** The machine lost power (Machine.powerOff): every process died, the kubelet is silent. */
  private powerOff(): void {
    if (this.machineDown) return;
    const now = this.ctx.clock.now();
    this.machineDown = true;
    for (const rec of this.pods.values()) {
      rec.generation++;
      for (const c of rec.containers) {
        const run = c.run;
        if (run && run.finishedAtMs === undefined) {
          run.stopProcess?.();
          run.finishedAtMs = now;
          run.exitCode = 255;
          this.ctx.clock.cancel(run.exitTimer);
        }
      }
    }
    this.parked = [];
    this.ctx.clock.cancel(this.evictionTimer);
    this.evictionTimer = undefined;
    this.stop();
  }

  /** The machine booted again (with a new boot ID): an empty runtime, the kubelet starts and rebuilds its pods. */
  private powerOn(): void {
    if (!this.machineDown) return;
    this.machineDown = false;
    const rebuild: PodRecord[] = [];
    const finish: PodRecord[] = [];
    for (const rec of this.pods.values()) {
      if (rec.stage === 'terminated') continue;
      const policy = rec.pod.spec?.restartPolicy ?? 'Always';
      for (const c of rec.containers) {
        const run = c.run;
        if (run && (c.state.kind === 'running' || c.step === 'stopping')) {
          c.state = { kind: 'terminated', exitCode: 255, reason: 'Unknown', startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs ?? this.ctx.clock.now() };
          c.ready = false;
          c.started = false;
          c.step = 'exited';
        } else if (c.step !== 'exited' && c.step !== 'backoff') c.step = 'idle';
      }
      // The old sandbox died with the machine; the runtime still tears its network down (CNI DEL).
      this.stopSandbox(rec);
      if (rec.stage === 'terminating') {
        finish.push(rec);
        continue;
      }
      rec.sandbox = undefined;
      rec.stage = 'starting';
      // A new sandbox runs the init containers again; app containers restart as their policy allows.
      for (const c of rec.containers) {
        if (c.state.kind !== 'terminated') {
          if (c.state.kind === 'waiting' && c.state.reason === 'CrashLoopBackOff') c.state = c.lastTerminated ?? c.state;
          c.step = 'idle';
          continue;
        }
        const again = c.init ? true : policy === 'Always' || (policy === 'OnFailure' && c.state.exitCode !== 0) || c.state.reason === 'Unknown';
        if (again && !(policy === 'Never' && !c.init && c.state.reason !== 'Unknown')) {
          c.lastTerminated = c.state;
          if (c.run) c.restartCount++;
          c.step = 'idle';
          if (c.init) c.state = { kind: 'waiting', reason: 'PodInitializing' };
        }
      }
      rebuild.push(rec);
    }
    this.start();
    this.nodeEvent('Warning', 'Rebooted', `Node ${this.config.nodeName} has been rebooted, boot id: ${this.facts.identity.bootID}`);
    for (const rec of finish) this.finishTermination(rec);
    for (const rec of rebuild) {
      if (rec.stage !== 'starting') continue;
      this.podEvent(rec, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      this.later(rec, 150 + this.rs.intn(300), 'create sandbox', () => this.createSandbox(rec));
    }
  }

  isMachineUp(): boolean {
    return !this.machineDown;
  }

  /** The node loses its network to the API server: nothing the kubelet writes arrives, no watch events come. */
  disconnect(): void {
    if (this.partitioned) return;
    this.partitioned = true;
    this.ctx.log(`${this.name}: lost connection to the API server`);
  }

  /** The network is back: pending writes go out, the pod list is resynced, status and lease are renewed. */
  reconnect(): void {
    if (!this.partitioned) return;
    this.partitioned = false;
    this.ctx.log(`${this.name}: connection to the API server restored`);
    if (!this.running) return;
    const parked = this.parked;
    this.parked = [];
    for (const fn of parked) fn();
    this.resyncPods();
    this.lastStatusFingerprint = undefined;
    this.syncNodeStatus();
    this.ctx.clock.cancel(this.leaseTimer);
    this.renewLease();
  }

  isPartitioned(): boolean {
    return this.partitioned;
  }

  private resyncPods(): void {
    const seen = new Set<string>();
    for (const p of this.podInformer?.list() ?? []) {
      seen.add(p.metadata.uid);
      this.onPodEvent(p);
    }
    for (const rec of [...this.pods.values()]) {
      if (rec.gone || !seen.has(rec.uid)) this.onPodGone(rec.pod as Pod & StoredObject);
    }
  }

  /** The process in a container dies now with `exitCode` (default 1). Returns an error text, or undefined. */
  crashContainer(namespace: string, name: string, container?: string, exitCode = 1): string | undefined {
    const rec = this.pods.get(`${namespace}/${name}`);
    if (!rec) return `pod ${namespace}/${name} is not running on node ${this.config.nodeName}`;
    const c = container ? rec.containers.find((x) => x.name === container) : rec.containers.find((x) => !x.init && x.state.kind === 'running');
    if (!c) return container ? `container "${container}" not found in pod ${namespace}/${name}` : `pod ${namespace}/${name} has no running container`;
    const run = c.run;
    if (!run || c.state.kind !== 'running') return `container "${c.name}" in pod ${namespace}/${name} is not running`;
    this.processExited(rec, c, run, exitCode & 255);
    return undefined;
  }

  /** Forces probe results for a pod's containers (`mode` undefined: back to the modelled result). */
  setProbeOverride(namespace: string, name: string, container: string | undefined, probe: ProbeType, mode: 'fail' | 'pass' | undefined): string | undefined {
    const rec = this.pods.get(`${namespace}/${name}`);
    if (!rec) return `pod ${namespace}/${name} is not running on node ${this.config.nodeName}`;
    const targets = rec.containers.filter((c) => (container ? c.name === container : !!probeOf(c, probe)));
    if (!targets.length) return container ? `container "${container}" not found in pod ${namespace}/${name}` : `no container of pod ${namespace}/${name} has a ${probe} probe`;
    for (const c of targets) {
      const key = `${rec.key}/${c.name}/${probe}`;
      if (mode) this.probeOverrides.set(key, mode);
      else this.probeOverrides.delete(key);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- node pressure and eviction

  private pressureState = { memory: false, disk: false };
  private pressureSince: { memory?: number; disk?: number } = {};

  /**
   * Injects (or clears) node pressure. Memory pressure leaves `availableBytes` of memory
   * (default 64Mi, under the 100Mi eviction threshold); disk pressure leaves `availableBytes` of
   * nodefs (default 8% of capacity, under the 10% threshold). Evicting pods gives back what they use.
   */
  setPressure(kind: 'memory' | 'disk', on: boolean, availableBytes?: number): void {
    if (on) {
      const dflt = kind === 'memory' ? 64 * MI : Math.round(this.diskCapacityBytes() * 0.08);
      this.pressure[kind] = { availableBytes: availableBytes ?? dflt };
    } else delete this.pressure[kind];
    this.scheduleEviction(0);
  }

  private diskCapacityBytes(): number {
    try {
      return quantityValue(parseQuantity(this.facts.capacity['ephemeral-storage'] ?? '100Gi'));
    } catch {
      return 100 * 1024 * MI;
    }
  }

  private scheduleEviction(delay: number): void {
    if (this.evictionTimer !== undefined) return;
    this.evictionTimer = this.ctx.clock.after(delay, `${this.name}: eviction manager`, () => {
      this.evictionTimer = undefined;
      if (this.machineDown) return;
      const again = this.evictionSync();
      if (again) this.scheduleEviction(EVICTION_MONITORING_MS);
    });
  }

  /** One pass of the eviction manager: observe, update pressure, evict at most one pod. Returns whether to keep watching. */
  private evictionSync(): boolean {
    const now = this.ctx.clock.now();
    let watching = false;
    let victimDone = false;
    for (const kind of ['memory', 'disk'] as const) {
      const p = this.pressure[kind];
      const thresholdBytes = kind === 'memory' ? 100 * MI : Math.round(this.diskCapacityBytes() * 0.1);
      const met = !!p && p.availableBytes < thresholdBytes;
      if (met) this.pressureSince[kind] = now;
      // The condition stays on for evictionPressureTransitionPeriod (5m) after the threshold clears.
      const on = this.pressureSince[kind] !== undefined && now - this.pressureSince[kind]! < PRESSURE_TRANSITION_MS;
      if (on !== this.pressureState[kind]) {
        this.pressureState[kind] = on;
        this.syncNodeStatus();
      }
      if (on) watching = true;
      if (!on) delete this.pressureSince[kind];
      if (!met || victimDone || !this.running) continue;
      const victim = this.rankForEviction(kind)[0];
      if (!victim) continue;
      const resource = kind === 'memory' ? 'memory' : 'ephemeral-storage';
      const used = (c: ContainerRecord) => (kind === 'memory' ? this.memUsage(c, now) : this.diskUsage(c));
      const req = (c: ContainerRecord) => requestBytes(c.spec, resource);
      let message = `The node was low on resource: ${resource}. Threshold quantity: ${fmtBytes(thresholdBytes, kind)}, available: ${fmtBytes(p!.availableBytes, kind)}. `;
      for (const c of victim.containers) {
        if (c.init && !isSidecar(c)) continue;
        const u = used(c);
        if (u > req(c)) message += `Container ${c.name} was using ${fmtBytes(u, kind)}, request is ${fmtBytes(req(c), kind)}, has larger consumption of ${resource}. `;
      }
      p!.availableBytes += victim.containers.reduce((a, c) => a + used(c), 0);
      this.evict(victim, message);
      victimDone = true;
    }
    return watching || !!this.pressure.memory || !!this.pressure.disk;
  }

  /** Victims in the kubelet's order: usage above requests first, then lower priority, then the larger excess. */
  private rankForEviction(kind: 'memory' | 'disk'): PodRecord[] {
    const now = this.ctx.clock.now();
    const resource = kind === 'memory' ? 'memory' : 'ephemeral-storage';
    const cands = [...this.pods.values()].filter((r) => r.stage === 'running' && !r.evicted && !isCriticalPod(r.pod));
    const usage = (r: PodRecord) => r.containers.reduce((a, c) => a + (kind === 'memory' ? this.memUsage(c, now) : this.diskUsage(c)), 0);
    const request = (r: PodRecord) => r.containers.reduce((a, c) => a + requestBytes(c.spec, resource), 0);
    return cands.sort((a, b) => {
      const ea = usage(a) > request(a) ? 1 : 0;
      const eb = usage(b) > request(b) ? 1 : 0;
      if (ea !== eb) return eb - ea;
      const pa = a.pod.spec?.priority ?? 0;
      const pb = b.pod.spec?.priority ?? 0;
      if (pa !== pb) return pa - pb;
      const d = usage(b) - request(b) - (usage(a) - request(a));
      if (d !== 0) return d;
      return a.key < b.key ? -1 : 1;
    });
  }

  /** Evicts a pod: event, containers killed at once (hard threshold), final status Failed/Evicted. */
  private evict(rec: PodRecord, message: string): void {
    rec.evicted = { message };
    this.podEvent(rec, 'Warning', 'Evicted', message);
    rec.stage = 'terminating';
    rec.generation++;
    this.clearProbes(rec);
    let wait = 0;
    for (const c of rec.containers) if (c.state.kind === 'running') wait = Math.max(wait, this.stopContainer(rec, c, 1_000));
    this.later(rec, wait + 20 + this.rs.intn(60), 'evicted pod stopped', () => this.finishTermination(rec, true));
  }

  // ---------------------------------------------------------------- usage, logs, exec (what the API server proxies to)

  /** Working-set bytes of a container now. */
  memUsage(c: ContainerRecord, now = this.ctx.clock.now()): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    const up = now - run.startedAtMs;
    const ramp = Math.min(1, 0.4 + up / 5_000);
    const jitter = 1 + ((fnv1a32(`${run.id}|${Math.floor(now / 15_000)}`) % 61) - 30) / 1000;
    return Math.round(run.program.memBytes * ramp * jitter);
  }

  /** CPU use of a container now, in millicores (capped by its limit, as CFS throttling does). */
  cpuUsage(c: ContainerRecord, now = this.ctx.clock.now()): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    const up = now - run.startedAtMs;
    let m = run.program.cpuMilli;
    if (run.program.busyUntilMs !== undefined && up < run.program.busyUntilMs) m = 1000;
    else if (up < 3_000 && m > 0) m = m * 3;
    const jitter = 1 + ((fnv1a32(`cpu|${run.id}|${Math.floor(now / 15_000)}`) % 201) - 100) / 1000;
    m = m * jitter;
    const lim = cpuLimitMilli(c.spec);
    if (lim !== undefined) m = Math.min(m, lim);
    return Math.max(0, Math.round(m));
  }

  private diskUsage(c: ContainerRecord): number {
    return c.run ? 40 * 1024 + c.run.extra.length * 100 : 0;
  }

  /** The pods this kubelet runs (read-only use: metrics, logs, exec). */
  podRecords(): PodRecord[] {
    return [...this.pods.values()];
  }

  /** Node-level usage: system daemons plus every running container. */
  nodeUsage(now = this.ctx.clock.now()): { cpuMilli: number; memBytes: number } {
    let cpu = this.config.controlPlane ? 180 : 45;
    let mem = (this.config.controlPlane ? 1150 : 520) * MI;
    cpu += fnv1a32(`${this.config.nodeName}|${Math.floor(now / 15_000)}`) % 25;
    for (const rec of this.pods.values()) for (const c of rec.containers) {
      cpu += this.cpuUsage(c, now);
      mem += this.memUsage(c, now);
    }
    if (this.pressure.memory) mem = Math.max(mem, this.memoryCapacityBytes() - this.pressure.memory.availableBytes);
    return { cpuMilli: cpu, memBytes: mem };
  }

  memoryCapacityBytes(): number {
    return quantityValue(parseQuantity(this.facts.capacity.memory ?? '0'));
  }

  cpuCapacityMilli(): number {
    return milliValue(parseQuantity(this.facts.capacity.cpu ?? '0'));
  }

  /** Reads a file as the container sees it: its own script's files first, then the pod's. */
  containerFile(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    const run = c.run;
    if (run?.program.script) {
      const files = scriptRun(run.program, run.inputs, (p) => this.podFileFor(rec, c, p), this.ctx.clock.now() - run.startedAtMs, 1).files;
      if (files.has(path)) return files.get(path);
    }
    return this.podFileFor(rec, c, path);
  }

  podFileFor(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    return podFile(rec.pod, c.spec, path, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf);
  }

  allPodFiles(rec: PodRecord, c: ContainerRecord): string[] {
    return [...podFiles(rec.pod, c.spec, rec.sandbox?.ip ?? '', (k, ns, n) => this.lookupConfig(k, ns, n), rec.sandbox?.resolvConf).keys()];
  }

  // ---------------------------------------------------------------- pod status

  /**
   * Notes that the pod's status should be written. `immediate` writes in this clock instant (a
   * status the kubelet sets directly, e.g. at the start of a sync); otherwise the write waits for the
   * next PLEG relist (every second), which is when a real kubelet notices container changes.
   */
  private markDirty(rec: PodRecord, immediate: boolean): void {
    if (rec.gone) return;
    const now = this.ctx.clock.now();
    const at = immediate ? now : now + (PLEG_RELIST_MS - ((now - this.plegPhaseMs) % PLEG_RELIST_MS + PLEG_RELIST_MS) % PLEG_RELIST_MS);
    if (rec.flushAt !== undefined && rec.flushAt <= at) return;
    if (rec.flushTimer !== undefined) this.ctx.clock.cancel(rec.flushTimer);
    rec.flushAt = at;
    const gen = rec.generation;
    rec.flushTimer = this.ctx.clock.at(at, `${this.name}: pod status ${rec.key}`, () => {
      rec.flushTimer = undefined;
      rec.flushAt = undefined;
      if (rec.generation !== gen && rec.stage === 'terminating') return;
      if (!this.running || this.partitioned) {
        this.parked.push(() => this.markDirty(rec, true));
        return;
      }
      this.flushStatus(rec, false);
    });
  }

  private flushStatus(rec: PodRecord, terminal: boolean): void {
    if (rec.gone) return;
    if (this.partitioned) {
      this.parked.push(() => this.flushStatus(rec, terminal));
      return;
    }
    const status = buildPodStatus(rec, { clock: this.ctx.clock, nodeIP: this.config.nodeIP, terminal: terminal || rec.stage === 'terminated' });
    const json = JSON.stringify(status);
    if (json === rec.lastStatusJson) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      const body = deepCopy(rec.pod) as Pod & StoredObject;
      body.status = status;
      try {
        const written = this.ctx.client.update<Pod>('pods', body, { subresource: 'status' });
        rec.pod = written;
        rec.lastStatusJson = json;
        rememberConditions(rec, status);
        this.stats.statusWrites++;
        return;
      } catch (e) {
        if (isStatusError(e, 'NotFound')) {
          rec.gone = true;
          return;
        }
        if (!isStatusError(e, 'Conflict')) throw e;
        this.stats.conflicts++;
        try {
          rec.pod = this.ctx.client.get<Pod>('pods', rec.pod.metadata?.namespace, rec.pod.metadata?.name ?? '');
        } catch (e2) {
          if (isStatusError(e2, 'NotFound')) {
            rec.gone = true;
            return;
          }
          throw e2;
        }
        if (rec.pod.metadata?.uid !== rec.uid) {
          rec.gone = true;
          return;
        }
      }
    }
  }

  private podEvent(rec: PodRecord, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned || !this.running) return;
    this.ctx.recorder.event(rec.pod, type, reason, message);
  }
}

function newer(a: Pod, b: Pod): boolean {
  const ra = Number(a.metadata?.resourceVersion);
  const rb = Number(b.metadata?.resourceVersion);
  if (Number.isFinite(ra) && Number.isFinite(rb)) return ra >= rb;
  return true;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
