/**
 * The kubelet of one simulated node (1.31, containerd runtime, the CNI chain the node has installed).
 *
 * What it does, all on the virtual clock and all through the API server:
 * - registers its Node (labels, annotations, taints, capacity, conditions, node info, images) and
 *   keeps node status current: a status sync every nodeStatusUpdateFrequency (10s, with the
 *   kubelet's small jitter) that writes only when something changed or nodeStatusReportFrequency
 *   (5m) has passed;
 * - heartbeats through its Lease `kube-node-lease/<node>` (40s duration, renewed every 10s);
 * - watches the pods bound to it (fieldSelector `spec.nodeName=<node>`) and runs one worker per pod:
 *   sandbox and pod IP (through CNI), image pulls honouring imagePullPolicy, init containers in order, then the
 *   app containers in order, each with the kubelet's real events; pod status is written through the
 *   status subresource, at most once per clock event per pod and only when it differs;
 * - on deletion stops the containers (`Killing`), tears the sandbox's network down, writes the final status, and confirms
 *   the removal with a zero-grace delete carrying the pod's UID as precondition;
 * - runs the static pods of /etc/kubernetes/manifests whatever becomes of their mirror pods, and in
 *   their containers the control-plane processes (kube-scheduler, kube-controller-manager), whose
 *   panic is the container's exit;
 * - is a process itself: a throw in its work stops it, and systemd starts it again 10 s later.
 *
 * This file holds the kubelet's shared state and its process life (start, stop, panic, the machine's
 * power, the network to the API server); the work is done by its managers, one file each, as
 * pkg/kubelet divides it: pod workers, containers, sandboxes, status, probes, eviction, node status,
 * lease, mirror pods, stats and volumes.
 */
import { kubeletIptablesSetup } from '../../network/netfilter/kubelet';
import { netfilterOf } from '../../network/netfilter/slot';
import type { Owner, TimerId } from '../../clock';
import type { Component, ComponentContext } from '../../component';
import type { Client, Informer } from '../../client/types';
import type { Pod, StoredObject, Taint } from '../../types';
import { parseQuantity, milliValue } from '../../api/quantity';
import { ImageStore } from '../images';
import { worldOf } from '../world';
import type { Machine } from '../machine';
import type { NodeFacts } from '../nodestatus';
import { nodeAllocatable } from '../nodestatus';
import type { ContainerRecord, PodRecord, ProbeType } from '../runtime';
import type { KubeletConfig } from './config';
import { DEFAULT_CONTROL_PLANE_IMAGES, DEFAULT_GRACE_SECONDS, DEFAULT_NODE_IMAGES, KUBELET_DEFAULTS, PLEG_RELIST_MS, SYSTEMD_RESTART_MS } from './config';
import { probeOf, stripUndefined } from './util';
import { ContainerManager } from './containers';
import { EvictionManager } from './evictionManager';
import { ImageManager } from './imageManager';
import { NodeLeaseController } from './lease';
import { MirrorPodManager } from './mirrorPods';
import { NodeStatusManager } from './nodeStatus';
import { PodWorkers } from './podWorkers';
import { ProbeManager } from './probeManager';
import { SandboxManager } from './sandboxes';
import { ContainerSockets } from './sockets';
import { StatsProvider } from './stats';
import { StatusManager } from './statusManager';
import { VolumeManager } from './volumes';
import { faultNote } from '../../faultMessages';
import type { FaultNote } from '../../faultMessages';

/**
 * The kubelet of one node. Built by the cluster with its context and configuration. It is also the
 * owner of its own work on the clock: a throw in it is the kubelet process panicking (see `fail`).
 */
export class Kubelet implements Component, Owner {
  readonly name: string;
  /** The kubelet process never leaves for good: systemd brings it back (its Machine outlives it). */
  readonly exited = false;
  /** systemd's pending restart after a panic */
  systemdRestart: TimerId | undefined;
  readonly config: Readonly<KubeletConfig>;
  readonly images: ImageStore;
  readonly facts: NodeFacts;
  readonly rs: ComponentContext['stream'];
  running = false;
  everStarted = false;
  readonly pods = new Map<string, PodRecord>();
  podInformer: Informer<Pod & StoredObject> | undefined;
  nodeUid: string | undefined;
  readyTimer: TimerId | undefined;
  readyNow = false;
  /** work that fell due while the kubelet was stopped; it runs when the kubelet starts again */
  parked: (() => void)[] = [];
  readonly plegPhaseMs: number;
  startedAtMs = 0;
  /** the machine is off: no processes, no kubelet */
  machineDown = false;
  /** the node cannot reach the API server */
  partitioned = false;
  /** probe results forced by faults, by `ns/pod/container/probe` */
  readonly probeOverrides = new Map<string, 'fail' | 'pass'>();
  readonly cpus: number;
  /** Counters useful to tests and the glass-box view. */
  readonly stats = { statusWrites: 0, nodeStatusWrites: 0, leaseRenewals: 0, conflicts: 0 };

  // The managers, as pkg/kubelet divides its work; each holds this kubelet for the state they share.
  readonly nodeStatus = new NodeStatusManager(this);
  readonly lease = new NodeLeaseController(this);
  readonly mirrors = new MirrorPodManager(this);
  readonly workers = new PodWorkers(this);
  readonly sandboxes = new SandboxManager(this);
  readonly containers = new ContainerManager(this);
  readonly imageManager = new ImageManager(this);
  readonly statusManager = new StatusManager(this);
  readonly prober = new ProbeManager(this);
  readonly eviction = new EvictionManager(this);
  readonly usage = new StatsProvider(this);
  readonly volumes = new VolumeManager(this);

  constructor(readonly ctx: ComponentContext, readonly machine: Machine, config: KubeletConfig) {
    this.config = config;
    this.name = `kubelet/${config.nodeName}`;
    this.rs = ctx.stream;
    machine.setSocketSource(new ContainerSockets(this));
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
      allocatable: nodeAllocatable(capacity),
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

  optsCache: (typeof KUBELET_DEFAULTS & Partial<KubeletConfig>) | undefined;

  get opts() {
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
    // Its iptables set-up comes before any pod (and so before kube-proxy), as syncIPTablesRules runs at start.
    if (this.machine.poweredOn) kubeletIptablesSetup(netfilterOf(this.machine));
    this.ctx.log(`${this.name}: starting kubelet ${this.facts.kubeletVersion}`);
    this.nodeEvent('Normal', 'Starting', 'Starting kubelet.');
    this.nodeStatus.registerNode();
    this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    const readyDelay = this.opts.readyDelayMs;
    const becomeReady = (): void => {
      this.readyTimer = undefined;
      if (!this.running) return;
      this.readyNow = true;
      this.nodeStatus.syncNodeStatus();
    };
    if (readyDelay <= 0) {
      this.readyNow = true;
      this.nodeStatus.syncNodeStatus();
    } else this.readyTimer = this.ctx.clock.after(readyDelay, `${this.name}: runtime ready`, becomeReady);
    this.nodeStatus.scheduleStatusLoop();
    this.lease.renewLease();
    // Probes parked while their results could not change tick again: the kubelet may have been away.
    for (const rec of this.pods.values()) this.prober.wake(rec);

    if (!this.everStarted) {
      this.everStarted = true;
      this.podInformer = this.ctx.informers.informer<Pod & StoredObject>('pods', { fieldSelector: `spec.nodeName=${this.config.nodeName}` });
      this.podInformer.addEventHandler({
        add: (p) => this.workers.onPodEvent(p),
        update: (_o, p) => this.workers.onPodEvent(p),
        delete: (p) => this.workers.onPodGone(p),
      });
      this.ctx.informers.start();
    } else {
      // A restarted kubelet resyncs every pod it is bound to, and finishes work that waited for it.
      const parked = this.parked;
      this.parked = [];
      for (const fn of parked) fn();
      for (const p of this.podInformer?.list() ?? []) this.workers.onPodEvent(p);
      for (const rec of [...this.pods.values()]) if (rec.gone) this.workers.onPodGone(rec.pod as Pod & StoredObject);
    }
  }

  stop(): void {
    // `systemctl stop` also cancels a restart systemd was waiting to do.
    this.ctx.clock.cancel(this.systemdRestart);
    this.systemdRestart = undefined;
    if (!this.running) return;
    this.running = false;
    this.ctx.log(`${this.name}: kubelet stopped`);
    this.ctx.clock.cancel(this.nodeStatus.statusTimer);
    this.ctx.clock.cancel(this.lease.leaseTimer);
    this.ctx.clock.cancel(this.readyTimer);
    this.nodeStatus.statusTimer = this.lease.leaseTimer = this.readyTimer = undefined;
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

  nodeRef(): { kind: string; metadata: { name: string; uid: string } } {
    // The kubelet refers to its node by name, with the name standing in for the UID.
    return { kind: 'Node', metadata: { name: this.config.nodeName, uid: this.config.nodeName } };
  }

  nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned) return;
    this.ctx.recorder.event(this.nodeRef(), type, reason, message);
  }

  /** Runs `fn` after `delayMs` unless the pod's pending work was abandoned; parks it while stopped. */
  later(rec: PodRecord, delayMs: number, label: string, fn: () => void): void {
    const gen = rec.generation;
    this.ctx.clock.after(delayMs, `${this.name}: ${label} ${rec.key}`, () => this.guarded(rec, gen, fn));
  }

  guarded(rec: PodRecord, gen: number, fn: () => void): void {
    if (rec.generation !== gen) return;
    if (!this.running) {
      this.parked.push(() => this.guarded(rec, gen, fn));
      return;
    }
    fn();
  }

  toRelist(): number {
    const now = this.ctx.clock.now();
    return PLEG_RELIST_MS - ((((now - this.plegPhaseMs) % PLEG_RELIST_MS) + PLEG_RELIST_MS) % PLEG_RELIST_MS);
  }

  toRelistAfter(deltaMs: number): number {
    const t = this.ctx.clock.now() + deltaMs;
    return (PLEG_RELIST_MS - ((((t - this.plegPhaseMs) % PLEG_RELIST_MS) + PLEG_RELIST_MS) % PLEG_RELIST_MS)) % PLEG_RELIST_MS;
  }

  graceMs(rec: PodRecord): number {
    return (rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  }

  /** The machine lost power (Machine.powerOff): every process died, the kubelet is silent. */
  powerOff(): void {
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
    this.ctx.clock.cancel(this.eviction.evictionTimer);
    this.eviction.evictionTimer = undefined;
    this.stop();
  }

  /** The machine booted again (with a new boot ID): an empty runtime, the kubelet starts and rebuilds its pods. */
  powerOn(): void {
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
          c.state = { kind: 'terminated', exitCode: 255, reason: 'Unknown', startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs ?? this.ctx.clock.now(), containerID: run.id || undefined };
          c.ready = false;
          c.started = false;
          c.step = 'exited';
        } else if (c.step !== 'exited' && c.step !== 'backoff') c.step = 'idle';
      }
      // The old sandbox died with the machine; the runtime still tears its network down (CNI DEL).
      this.sandboxes.stopSandbox(rec);
      if (rec.stage === 'terminating') {
        finish.push(rec);
        continue;
      }
      rec.sandbox = undefined;
      // The projected volumes (tmpfs) went with the machine: the kubelet asks for new tokens.
      rec.tokens = undefined;
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
    for (const rec of finish) this.workers.finishTermination(rec);
    for (const rec of rebuild) {
      if (rec.stage !== 'starting') continue;
      this.podEvent(rec, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      this.later(rec, 150 + this.rs.intn(300), 'create sandbox', () => this.sandboxes.createSandbox(rec));
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
    this.workers.resyncPods();
    this.nodeStatus.lastStatusFingerprint = undefined;
    this.nodeStatus.syncNodeStatus();
    this.ctx.clock.cancel(this.lease.leaseTimer);
    this.lease.renewLease();
  }

  isPartitioned(): boolean {
    return this.partitioned;
  }

  /**
   * The process in a container dies now with `exitCode` (default 1); without `container`, the first
   * running one. Returns the container that crashed, or why none could.
   */
  crashContainer(namespace: string, name: string, container?: string, exitCode = 1): { crashed: string } | { error: FaultNote } {
    const pod = `${namespace}/${name}`;
    const rec = this.pods.get(pod);
    if (!rec) return { error: faultNote('podNotOnNode', { pod, node: this.config.nodeName }) };
    const c = container ? rec.containers.find((x) => x.name === container) : rec.containers.find((x) => !x.init && x.state.kind === 'running');
    if (!c) return { error: container ? faultNote('containerNotFound', { container, pod }) : faultNote('noRunningContainer', { pod }) };
    const run = c.run;
    if (!run || c.state.kind !== 'running') return { error: faultNote('containerNotRunning', { container: c.name, pod }) };
    this.containers.processExited(rec, c, run, exitCode & 255);
    return { crashed: c.name };
  }

  /** Forces probe results for a pod's containers (`mode` undefined: back to the modelled result). Returns why it could not, or undefined. */
  setProbeOverride(namespace: string, name: string, container: string | undefined, probe: ProbeType, mode: 'fail' | 'pass' | undefined): FaultNote | undefined {
    const pod = `${namespace}/${name}`;
    const rec = this.pods.get(pod);
    if (!rec) return faultNote('podNotOnNode', { pod, node: this.config.nodeName });
    const targets = rec.containers.filter((c) => (container ? c.name === container : !!probeOf(c, probe)));
    if (!targets.length) return container ? faultNote('containerNotFound', { container, pod }) : faultNote('noProbe', { pod, probe });
    for (const c of targets) {
      const key = `${rec.key}/${c.name}/${probe}`;
      if (mode) this.probeOverrides.set(key, mode);
      else this.probeOverrides.delete(key);
    }
    this.prober.wake(rec);
    return undefined;
  }

  /** The pods this kubelet runs (read-only use: metrics, logs, exec). */
  podRecords(): PodRecord[] {
    return [...this.pods.values()];
  }

  podEvent(rec: PodRecord, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned || !this.running) return;
    this.ctx.recorder.event(rec.pod, type, reason, message);
  }

  /** An event about one container: its reference carries the container's field path, as the kubelet's container reference does. */
  containerEvent(rec: PodRecord, c: ContainerRecord, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned || !this.running) return;
    this.ctx.recorder.event(rec.pod, type, reason, message, undefined, `${c.init ? 'spec.initContainers' : 'spec.containers'}{${c.name}}`);
  }

  // ---- what the API server's node proxy, metrics and faults read and call

  /** Working-set bytes of a container now. */
  memUsage(c: ContainerRecord, now = this.ctx.clock.now()): number {
    return this.usage.memUsage(c, now);
  }

  /** CPU use of a container now, in millicores. */
  cpuUsage(c: ContainerRecord, now = this.ctx.clock.now()): number {
    return this.usage.cpuUsage(c, now);
  }

  /** Node-level usage: system daemons plus every running container. */
  nodeUsage(now = this.ctx.clock.now()): { cpuMilli: number; memBytes: number } {
    return this.usage.nodeUsage(now);
  }

  memoryCapacityBytes(): number {
    return this.usage.memoryCapacityBytes();
  }

  cpuCapacityMilli(): number {
    return this.usage.cpuCapacityMilli();
  }

  /** Reads a file as the container sees it. */
  containerFile(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    return this.volumes.containerFile(rec, c, path);
  }

  /**
   * A client for a program in a pod that presents `token` (its in-cluster config: kubectl in a
   * container), acting as whoever the API server authenticates it as; undefined when it answers 401.
   */
  inClusterClient(token: string): Client | undefined {
    // A kubelet built without a cluster (unit tests) has only its own client.
    return this.config.inClusterClient ? this.config.inClusterClient(token) : this.ctx.client;
  }

  podFileFor(rec: PodRecord, c: ContainerRecord, path: string): string | undefined {
    return this.volumes.podFileFor(rec, c, path);
  }

  allPodFiles(rec: PodRecord, c: ContainerRecord): string[] {
    return this.volumes.allPodFiles(rec, c);
  }

  /** Injects (or clears) node pressure (see EvictionManager.setPressure). */
  setPressure(kind: 'memory' | 'disk', on: boolean, availableBytes?: number): void {
    this.eviction.setPressure(kind, on, availableBytes);
  }
}
