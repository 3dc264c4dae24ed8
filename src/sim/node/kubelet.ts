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
 *   the removal with a zero-grace delete carrying the pod's UID as precondition.
 */
import type { TimerId } from '../clock';
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import { isStatusError } from '../api/types';
import type { Lease, Node, Pod, StoredObject, Taint } from '../types';
import { deepCopy, keyOf } from '../types';
import { uidFrom } from '../rng';
import { HostLocalIpam } from './ipam';
import type { PullResult } from './images';
import { formatGoDuration, imageInfo, ImageStore, repoDigestOf } from './images';
import type { NodeFacts, NodeHealth } from './nodestatus';
import { applyStatus, initialNode, statusFingerprint } from './nodestatus';
import { buildPodStatus, rememberConditions } from './podstatus';
import type { ContainerRecord, PodRecord } from './runtime';
import { effectivePullPolicy, initDone, initRecords } from './runtime';

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
  controlPlane: boolean;
  kubeletVersion?: string;
  /**
   * kubelet --pod-cidr: used only while the Node has no spec.podCIDR (the node IPAM controller
   * normally assigns one). Without either, sandboxes fail to get a network and are retried.
   */
  podCIDR?: string;
  /** CNI network name, naming the host-local state dir (`cbr0` for flannel, `kindnet` for kind) */
  cniNetworkName?: string;
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
  cniNetworkName: 'cbr0',
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

/** The kubelet of one node. Built by the cluster with its context and configuration. */
export class Kubelet implements Component {
  readonly name: string;
  readonly config: Readonly<KubeletConfig>;
  readonly images: ImageStore;
  private readonly facts: NodeFacts;
  private readonly rs: ComponentContext['stream'];
  private running = false;
  private everStarted = false;
  private readonly pods = new Map<string, PodRecord>();
  private podInformer: Informer<Pod & StoredObject> | undefined;
  private ipam: HostLocalIpam | undefined;
  private podCIDR: string | undefined;
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
  /** Counters useful to tests and the glass-box view. */
  readonly stats = { statusWrites: 0, nodeStatusWrites: 0, leaseRenewals: 0, conflicts: 0 };

  constructor(private readonly ctx: ComponentContext, config: KubeletConfig) {
    this.config = config;
    this.name = `kubelet/${config.nodeName}`;
    this.rs = ctx.stream;
    const c = { ...KUBELET_DEFAULTS, ...stripUndefined(config) };
    const identity = {
      machineID: this.rs.hex(16),
      systemUUID: uidFrom(this.rs),
      bootID: uidFrom(this.rs),
    };
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
  }

  private get opts() {
    return { ...KUBELET_DEFAULTS, ...stripUndefined(this.config) };
  }

  /** True while the kubelet runs (heartbeats, status, pod work). */
  isRunning(): boolean {
    return this.running;
  }

  /** The node's host-local allocator, once the pod CIDR is known. */
  podIpam(): HostLocalIpam | undefined {
    return this.ipam;
  }

  /** The kubelet's record of a pod it runs (read-only use). */
  podRecord(namespace: string, name: string): PodRecord | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
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
    if (!this.running) return;
    this.running = false;
    this.ctx.log(`${this.name}: kubelet stopped`);
    this.ctx.clock.cancel(this.statusTimer);
    this.ctx.clock.cancel(this.leaseTimer);
    this.ctx.clock.cancel(this.readyTimer);
    this.statusTimer = this.leaseTimer = this.readyTimer = undefined;
  }

  // ---------------------------------------------------------------- node registration and status

  private nodeRef(): { kind: string; metadata: { name: string; uid: string } } {
    // The kubelet refers to its node by name, with the name standing in for the UID.
    return { kind: 'Node', metadata: { name: this.config.nodeName, uid: this.config.nodeName } };
  }

  private nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.recorder.event(this.nodeRef(), type, reason, message);
  }

  private health(): NodeHealth {
    return { ready: this.readyNow, memoryPressure: false, diskPressure: false, pidPressure: false };
  }

  private registerNode(): void {
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
      this.notePodCIDR(latest);
      this.lastStatusFingerprint = undefined;
      this.syncNodeStatus(latest);
    }
  }

  private afterNodeWrite(node: Node & StoredObject, events: string[]): void {
    this.nodeUid = node.metadata.uid;
    this.notePodCIDR(node);
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

  private notePodCIDR(node: Node): void {
    const cidr = node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0];
    if (cidr && cidr !== this.podCIDR) {
      this.podCIDR = cidr;
      if (!this.ipam || this.ipam.subnet !== cidr) this.ipam = new HostLocalIpam(cidr, this.opts.cniNetworkName);
    }
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
    if (!this.running) return;
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
      this.notePodCIDR(cur);
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
    const key = keyOf(pod);
    let rec = this.pods.get(key);
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
      this.markDirty(rec, true);
      this.later(rec, 150 + this.rs.intn(300), 'create sandbox', () => this.createSandbox(rec!));
      return;
    }
    if (newer(pod, rec.pod)) rec.pod = pod;
    if (pod.metadata.deletionTimestamp && rec.stage !== 'terminating' && rec.stage !== 'terminated') this.beginTermination(rec);
    else if (rec.stage === 'terminated' && rec.finalized && pod.metadata.deletionTimestamp) this.confirmDeletion(pod);
  }

  private onPodGone(pod: Pod & StoredObject): void {
    const rec = this.pods.get(keyOf(pod));
    if (!rec || rec.uid !== pod.metadata.uid) return;
    rec.gone = true;
    if (!this.running) return;
    if (rec.stage === 'terminated') {
      this.forget(rec);
      return;
    }
    // Force-deleted: stop everything, with at least the minimum grace the kubelet allows.
    this.beginTermination(rec, MIN_KILL_GRACE_SECONDS);
  }

  private createSandbox(rec: PodRecord): void {
    if (rec.stage !== 'starting') return;
    if (!this.ipam && !rec.pod.spec?.hostNetwork) {
      try {
        this.notePodCIDR(this.ctx.client.get<Node>('nodes', undefined, this.config.nodeName));
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
      if (!this.ipam && this.config.podCIDR) this.ipam = new HostLocalIpam(this.config.podCIDR, this.opts.cniNetworkName);
    }
    const sandboxId = this.rs.hex(32);
    let ip: string;
    if (rec.pod.spec?.hostNetwork) {
      // A host-network pod shares the node's network namespace: no CNI call, the node IP is its IP.
      rec.sandbox = { id: sandboxId, ip: this.config.nodeIP, createdAtMs: this.ctx.clock.now(), ready: true, hostNetwork: true };
      rec.stage = 'running';
      this.advance(rec);
      return;
    }
    try {
      if (!this.ipam) throw new Error('plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory');
      ip = this.ipam.allocate(sandboxId);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.podEvent(rec, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": ${why}`);
      this.later(rec, SANDBOX_RETRY_MS, 'retry sandbox', () => this.createSandbox(rec));
      return;
    }
    rec.sandbox = { id: sandboxId, ip, createdAtMs: this.ctx.clock.now(), ready: true };
    rec.stage = 'running';
    this.ctx.log(`${this.name}: sandbox ${sandboxId.slice(0, 13)} for ${rec.key} has IP ${ip}`);
    this.advance(rec);
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
    c.step = 'pulling';
    this.podEvent(rec, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const gen = rec.generation;
    this.images.pull(image, (r: PullResult) =>
      this.guarded(rec, gen, () => {
        if (rec.stage !== 'running') return;
        this.podEvent(rec, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${formatGoDuration(r.pullMs)} (${formatGoDuration(r.totalMs)} including waiting). Image size: ${r.info.sizeBytes} bytes.`);
        this.createContainer(rec, c);
      }),
    );
  }

  private createContainer(rec: PodRecord, c: ContainerRecord): void {
    c.step = 'creating';
    this.later(rec, 30 + this.rs.intn(90), 'create container', () => {
      const info = imageInfo(c.spec.image ?? '');
      c.containerID = `containerd://${this.rs.hex(32)}`;
      c.image = info.ref.normalized;
      c.imageID = repoDigestOf(info);
      c.created = true;
      c.step = 'starting';
      this.podEvent(rec, 'Normal', 'Created', `Created container ${c.name}`);
      this.later(rec, 40 + this.rs.intn(120), 'start container', () => {
        const now = this.ctx.clock.now();
        c.step = 'running';
        c.state = { kind: 'running', startedAtMs: now };
        // Without a startup probe a running container counts as started; without a readiness probe it
        // is ready at once. Init containers (not sidecars) are never ready while running.
        c.started = !c.spec.startupProbe || c.init;
        c.ready = !c.init && !c.spec.readinessProbe && !c.spec.startupProbe;
        this.podEvent(rec, 'Normal', 'Started', `Started container ${c.name}`);
        if (!c.init && (c.spec.startupProbe || c.spec.readinessProbe)) this.probeUntilReady(rec, c, now);
        if (c.init && c.spec.restartPolicy !== 'Always') {
          this.later(rec, this.initRunMs(c), 'init container exits', () => {
            const fin = this.ctx.clock.now();
            c.step = 'exited';
            c.state = { kind: 'terminated', exitCode: 0, reason: 'Completed', startedAtMs: now, finishedAtMs: fin };
            c.started = false;
            c.ready = true;
            this.markDirty(rec, false);
            this.advance(rec);
          });
        } else if (c.init) {
          // A sidecar counts as done once started; the app containers follow.
          c.ready = !c.spec.readinessProbe;
          this.advance(rec);
        } else this.advance(rec);
      });
    });
  }

  /**
   * Placeholder prober until probes are modelled: every probe succeeds. The probe worker starts with
   * a random offset within one period and does not probe before initialDelaySeconds; the startup
   * probe must pass before readiness is probed. A readiness change is written at once, as the status
   * manager does.
   */
  private probeUntilReady(rec: PodRecord, c: ContainerRecord, startedAtMs: number): void {
    const firstSuccessMs = (probe: NonNullable<ContainerRecord['spec']['readinessProbe']>, from: number): number => {
      const period = (probe.periodSeconds ?? 10) * 1000;
      const initial = (probe.initialDelaySeconds ?? 0) * 1000;
      let t = from + this.rs.intn(period);
      while (t - startedAtMs < initial) t += period;
      return t;
    };
    const now = this.ctx.clock.now();
    const startupAt = c.spec.startupProbe ? firstSuccessMs(c.spec.startupProbe, now) : now;
    const readyAt = c.spec.readinessProbe ? firstSuccessMs(c.spec.readinessProbe, startupAt) : startupAt;
    if (c.spec.startupProbe) {
      this.later(rec, startupAt - now, 'startup probe', () => {
        if (c.state.kind !== 'running') return;
        c.started = true;
        if (readyAt === startupAt) c.ready = true;
        this.markDirty(rec, true);
      });
    }
    if (readyAt !== startupAt || !c.spec.startupProbe) {
      this.later(rec, readyAt - now, 'readiness probe', () => {
        if (c.state.kind !== 'running') return;
        c.ready = true;
        this.markDirty(rec, true);
      });
    }
  }

  /** How long an init container runs before exiting 0 (its command is not modelled yet). */
  private initRunMs(_c: ContainerRecord): number {
    return 800 + this.rs.intn(1200);
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
    // Kill app containers first, then sidecars and any init container still running.
    const order = [...rec.containers.filter((c) => !c.init), ...rec.containers.filter((c) => c.init).reverse()];
    for (const c of order) {
      if (c.state.kind !== 'running') {
        if (c.step !== 'exited') c.step = 'exited';
        continue;
      }
      this.podEvent(rec, 'Normal', 'Killing', `Stopping container ${c.name}`);
      const behaviour = imageInfo(c.spec.image ?? '').stop;
      let afterMs: number;
      let exit: { exitCode: number; reason: string; signal?: number };
      if (behaviour.kind === 'graceful' && behaviour.minMs < graceMs) {
        afterMs = Math.min(graceMs, behaviour.minMs + this.rs.intn(behaviour.maxMs - behaviour.minMs + 1));
        exit = { exitCode: 0, reason: 'Completed' };
      } else {
        afterMs = graceMs;
        exit = { exitCode: 137, reason: 'Error' };
      }
      lastStopMs = Math.max(lastStopMs, afterMs);
      const startedAtMs = c.state.startedAtMs;
      c.step = 'stopping';
      this.later(rec, afterMs, 'container exits', () => {
        c.step = 'exited';
        c.state = { kind: 'terminated', ...exit, startedAtMs, finishedAtMs: this.ctx.clock.now() };
        c.ready = false;
        c.started = false;
      });
    }
    // The sandbox goes once every container has stopped; then the final status and the confirmation.
    const sandboxStop = starting ? 0 : 20 + this.rs.intn(60);
    this.later(rec, lastStopMs + sandboxStop, 'stop sandbox', () => this.finishTermination(rec));
  }

  private finishTermination(rec: PodRecord): void {
    if (rec.sandbox) {
      if (!rec.sandbox.hostNetwork) this.ipam?.release(rec.sandbox.id);
      rec.sandbox.ready = false;
    }
    rec.stage = 'terminated';
    if (rec.gone) {
      this.forget(rec);
      return;
    }
    this.flushStatus(rec, true);
    rec.finalized = true;
    this.confirmDeletion(rec.pod as Pod & StoredObject);
  }

  private confirmDeletion(pod: Pod & StoredObject): void {
    if (!pod.metadata.deletionTimestamp) return;
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
      if (!this.running) {
        this.parked.push(() => this.markDirty(rec, true));
        return;
      }
      this.flushStatus(rec, false);
    });
  }

  private flushStatus(rec: PodRecord, terminal: boolean): void {
    if (rec.gone) return;
    const status = buildPodStatus(rec, { clock: this.ctx.clock, nodeIP: this.config.nodeIP, terminal });
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
