/**
 * Wiring: builds a whole cluster — store, API server, controllers, scheduler, one kubelet per node —
 * from settings and a seed, and runs it on virtual time. Everything a cluster does starts here.
 */
import { Clock, SIM_EPOCH_MS } from './clock';
import type { Owner } from './clock';
import { Process } from './process';
import { panicValue } from './panic';
import { Rng } from './rng';
import type { Stream } from './rng';
import { ApiServer } from './api/server';
import type { SelectorCompiler } from './api/server';
import { Registry } from './api/registry';
import { BUILTIN_RESOURCES } from './api/kinds';
import { strategies } from './api/validation';
import { invalidMessage, fieldErrorString } from './api/validation/fieldErrors';
import { parseSelector } from './api/labels';
import { parseFieldSelector } from './api/fields';
import { ServerClient } from './client/client';
import { SharedInformerFactory } from './client/informer';
import { ClientEventRecorder } from './client/events';
import { EventsV1Recorder } from './client/eventsV1';
import type { EventSource } from './client/events';
import { WorkQueue } from './client/workqueue';
import { ClientRateLimiter } from './client/ratelimit';
import type { Client } from './client/types';
import type { Component, ComponentContext } from './component';
import type { Container, KObject, Pod, StoredObject, Taint } from './types';
import { ADDON_CONTROLLERS, CONTROLLERS } from './controllers';
import { HorizontalController } from './controllers/horizontalpodautoscaler';
import { kubeSystemObjects, staticPodManifests } from './bootstrap/kubeSystem';
import type { KubeSystemOptions } from './bootstrap/kubeSystem';
import { flannelObjects } from './bootstrap/flannel';
import { metallbObjects } from './bootstrap/metallb';
import { METALLB_SPEAKER_USER, metallbAgents, SpeakerWatch } from './agents/metallb';
import type { AgentKind } from './agents/registry';
import { FLANNEL_USER, flanneldAgent, FlannelNodes } from './agents/flanneld';
import { KUBE_PROXY_USER, kubeProxyAgent } from './agents/kubeproxy/agent';
import { ProxyWatch } from './agents/kubeproxy/watch';
import { coreDnsAgent } from './agents/coredns/agent';
import { isSchedulerName } from './network/ipvs/types';
import { nodeProxyFor } from './node/access';
import { Scheduler } from './scheduler/scheduler';
import type { KubeSchedulerConfiguration } from './scheduler/framework/config';
import { Kubelet } from './node/kubelet';
import { Machine } from './node/machine';
import { Fabric } from './network/traffic/fabric';
import { registerEtcd } from './store/etcd';
import { worldOf } from './node/world';
import type { ClusterKubeProxy, ClusterNetwork, KubeProxySettings, NetworkSettings } from './network/settings';
import { nodeAddress, resolveKubeProxy, resolveNetwork } from './network/settings';
import { formatCIDR } from './network/ipv4';
import { klogLine } from './agents/klog';
import { LeaderElector } from './leaderelection/elector';
import { ApiServerIdentityLease } from './leaderelection/apiserverIdentity';
import type { LogSeverity } from './leaderelection/elector';
import { uidFrom } from './rng';
import { componentOf } from './api/conversation/components';
import type { Endpoints } from './api/conversation/detail';

export interface NodeSettings {
  name: string;
  /** Kubernetes quantity, e.g. "4" or "3500m" */
  cpu: string;
  /** Kubernetes quantity, e.g. "8Gi" */
  memory: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  controlPlane?: boolean;
}

export interface ClusterSettings {
  nodes?: NodeSettings[];
  /** The pod and Service networks, the CNI and its backend (network/settings.ts for the defaults). */
  network?: NetworkSettings;
  /** kube-proxy's mode and IPVS scheduler. */
  kubeProxy?: KubeProxySettings;
  /** How many control-plane nodes kubeadm set up (1, or 3 in its stacked HA topology). */
  controlPlane?: ControlPlaneSettings;
  /**
   * A KubeSchedulerConfiguration; the scheduler decodes and checks it at start as kube-scheduler does
   * (a scenario has it checked earlier, when it is read, so a bad one never gets this far).
   */
  scheduler?: unknown;
}

export interface ControlPlaneSettings {
  replicas?: number;
}

export interface ClientRateLimit {
  qps: number;
  burst: number;
}

/**
 * kube-controller-manager's --kube-api-qps and --kube-api-burst defaults (kubeadm leaves them): each
 * controller's client gets its own bucket, shared with the Events it writes.
 */
export const CONTROLLER_MANAGER_RATE_LIMIT: ClientRateLimit = { qps: 20, burst: 30 };

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** The name kubetab gives control-plane node `k` (0-based): control-plane, control-plane-2, control-plane-3. */
export function controlPlaneNodeName(k: number): string {
  return k === 0 ? 'control-plane' : `control-plane-${k + 1}`;
}

/**
 * The cluster kubetab starts with when a scenario names none: a control plane (one node, or
 * `replicas` of them) and three workers.
 */
export function defaultNodes(replicas = 1): NodeSettings[] {
  return [
    ...Array.from({ length: replicas }, (_, k): NodeSettings => ({ name: controlPlaneNodeName(k), cpu: '4', memory: '8Gi', pods: 110, controlPlane: true })),
    { name: 'worker-1', cpu: '4', memory: '8Gi', pods: 110 },
    { name: 'worker-2', cpu: '4', memory: '8Gi', pods: 110 },
    { name: 'worker-3', cpu: '4', memory: '8Gi', pods: 110 },
  ];
}

/** Node i (in settings order) gets 192.168.1.10 + i, on a lab network that grows with the cluster. */
export function nodeIP(index: number): string {
  return nodeAddress(index);
}

export interface ComponentLogLine {
  atMs: number;
  component: string;
  message: string;
}

/** A panic the cluster contained: which process, when, and what was thrown (its stack kept for debugging). */
export interface PanicRecord {
  atMs: number;
  process: string;
  message: string;
  stack?: string;
}

/** How many panics the cluster remembers (a crash-looping process adds one per back-off). */
const PANICS_KEPT = 1000;

/**
 * How long the cluster has been up when a scenario starts: it boots from this many virtual ms before
 * 0s, so at 0s the nodes are Ready and the controllers have done their start-up work, as on a cluster
 * a learner is handed.
 */
export const BOOT_MS = 30_000;

export class Cluster {
  readonly clock = new Clock(-BOOT_MS);
  readonly rng: Rng;
  readonly api: ApiServer;
  readonly nodes: NodeSettings[];
  /** The cluster's networks, defaults filled in. */
  readonly network: ClusterNetwork;
  /** kube-proxy's settings, defaults filled in. */
  readonly kubeProxy: ClusterKubeProxy;
  /** What runs, in the order it starts: control-plane processes and plain components (kubelets…). */
  private readonly units: (Process | Component)[] = [];
  /** The control-plane processes by name: kube-controller-manager, kube-scheduler, add-ons. */
  readonly processes = new Map<string, Process>();
  /** The machines under the nodes, by node name: they outlive every process that runs on them. */
  readonly machines = new Map<string, Machine>();
  /** The network the machines are wired into, through which traffic is walked. */
  readonly fabric: Fabric;
  /** The system agents containers may run (flanneld…), and their process on each machine. */
  readonly agentKinds: AgentKind[] = [];
  private readonly agentProcs = new Map<string, Process>();
  /** Every panic contained so far, oldest first. */
  readonly panics: PanicRecord[] = [];
  private logLines: ComponentLogLine[] = [];
  private logListeners = new Set<(l: ComponentLogLine) => void>();

  constructor(readonly seed: number, readonly settings: ClusterSettings = {}) {
    this.rng = new Rng(seed);
    this.nodes = settings.nodes && settings.nodes.length > 0 ? settings.nodes : defaultNodes(settings.controlPlane?.replicas ?? 1);
    this.network = resolveNetwork(settings.network, this.nodes.length);
    this.kubeProxy = resolveKubeProxy(settings.kubeProxy);
    this.fabric = new Fabric({ machines: () => this.machines.values(), lan: this.network.nodes.net, gateway: this.network.nodes.gateway, stream: this.rng.stream('traffic') });
    worldOf(this.clock).fabric = this.fabric;
    const registry = new Registry(BUILTIN_RESOURCES, strategies, {});
    const selectors: SelectorCompiler = {
      label: (s) => {
        const sel = parseSelector(s);
        return (labels) => sel.matches(labels ?? {});
      },
      field: (resource, s) => {
        const sel = parseFieldSelector(s, resource);
        return (obj) => sel.matches(obj);
      },
    };
    this.api = new ApiServer(this.clock, this.rng, registry, selectors, (kind, name, errs) => ({
      message: invalidMessage(kind, name, errs),
      causes: errs.map((e) => ({ reason: e.type, message: fieldErrorString(e).slice(e.field.length + 2), field: e.field })),
    }), { serviceCIDR: formatCIDR(this.network.serviceCIDR) });
    // kube-apiserver: requests run as it; a panic in one is recovered (500) and the server serves on.
    const apiserver: Owner = { name: 'kube-apiserver', exited: false, fail: (err) => this.panicked('kube-apiserver', err) };
    this.api.process.owner = apiserver;
    this.api.process.onPanic = (err, method, uri) => this.panicked('kube-apiserver', err, `apiserver panic'd on ${method} ${uri}`);
    // Before the machines are built (kubeadm init, and bare clusters) etcd is up.
    registerEtcd(this.clock, { store: this.api.store, clock: this.clock, members: () => this.nodes.flatMap((n, i) => (n.controlPlane ? [{ name: n.name, ip: nodeIP(i), up: this.machines.get(n.name)?.poweredOn ?? true, isolated: this.machines.get(n.name)?.isolated ?? false }] : [])) });
  }

  /** The kube-scheduler that led last (while none leads, the page still shows its glass box). */
  private lastLeadingScheduler: Scheduler | undefined;

  /**
   * The kube-scheduler whose process holds the `kube-system/kube-scheduler` Lease now — the one
   * that schedules — or, while no instance leads (a failover), the one that led last.
   */
  scheduler(): Scheduler | undefined {
    for (const p of this.processes.values()) {
      if (!p.running) continue;
      const comps = p.components();
      const elector = comps.find((c): c is LeaderElector => c instanceof LeaderElector);
      const s = comps.find((c): c is Scheduler => c instanceof Scheduler);
      if (s && (!elector || elector.leading)) return s;
    }
    return this.lastLeadingScheduler ?? this.components.find((c): c is Scheduler => c instanceof Scheduler);
  }

  /** The process whose elector holds `lease` (kube-scheduler, kube-controller-manager) now, if one does. */
  leader(lease: string): Process | undefined {
    for (const p of this.processes.values()) {
      if (!p.running) continue;
      const elector = p.components().find((c): c is LeaderElector => c instanceof LeaderElector);
      if (elector?.leading && elector.lease === lease) return p;
    }
    return undefined;
  }

  /** A scheduler starts leading: it takes over the glass box the page watches, as a restarted one does. */
  schedulerLeads(s: Scheduler): void {
    const before = this.lastLeadingScheduler;
    if (before && before !== s) s.inheritGlassBox(before);
    this.lastLeadingScheduler = s;
  }

  /** Every component now running (or last run, for a process that is down), in start order. */
  get components(): Component[] {
    const out: Component[] = [];
    for (const u of this.units) {
      if (u instanceof Process) out.push(...u.components());
      else out.push(u);
    }
    return out;
  }

  /** Builds the machine of node `index` (in settings order) on the node network. */
  createMachine(name: string, index: number): Machine {
    const cpus = Math.max(1, Math.ceil(Number.parseFloat(String(this.nodes[index]?.cpu ?? '1')) || 1));
    const m = new Machine({ name, ip: nodeIP(index), lan: this.network.nodes.net, gateway: this.network.nodes.gateway, stream: this.rng.stream(`machine/${name}`), cpus });
    this.machines.set(name, m);
    return m;
  }

  /**
   * The process of agent `kind` on `machine` — one per machine (per pod for a `perPod` kind), started by
   * the kubelet in the container that runs it and built afresh (own client and informers) at every start.
   */
  agentProcess(machine: Machine, kind: AgentKind, pod?: Pod): Process {
    const name = kind.perPod && pod ? `${kind.name}/${machine.name}/${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}` : `${kind.name}/${machine.name}`;
    let p = this.agentProcs.get(name);
    if (!p) {
      const proc: Process = new Process({
        name,
        clock: this.clock,
        build: () => kind.build(this.context(kind.user, { component: kind.name, host: machine.name }, `agent/${name}`), { machine, nodeName: machine.name, process: proc }),
        onPanic: (process, err) => this.panicked(process, err),
      });
      p = proc;
      this.agentProcs.set(name, p);
    }
    return p;
  }

  /** The agent process a container on `machine` runs, if it is a system agent's. */
  systemAgentFor(machine: Machine): (pod: Pod, container: Container) => Process | undefined {
    return (pod, container) => {
      const kind = this.agentKinds.find((k) => k.matches(pod, container));
      return kind && this.agentProcess(machine, kind, pod);
    };
  }

  /** Where clients reach the API server and where each component's requests come from, for a request's detail. */
  apiEndpoints(): Endpoints {
    const cp = Math.max(0, this.nodes.findIndex((n) => n.controlPlane));
    const controlPlaneIP = nodeIP(cp);
    const index = new Map(this.nodes.map((n, i) => [n.name, i]));
    return {
      controlPlaneIP,
      serviceIP: this.network.kubernetesServiceIP,
      sourceIP: (component) => {
        const i = component.startsWith('kubelet/') ? index.get(component.slice('kubelet/'.length)) : undefined;
        return i === undefined ? controlPlaneIP : nodeIP(i);
      },
    };
  }

  /** A client acting as `user`; every request it makes is recorded under that name. */
  client(user = 'kubernetes-admin'): Client {
    return new ServerClient(this.api, user, this.clock);
  }

  /**
   * What a component needs to run: its own client, recorder, stream and queue maker, and informers —
   * its own, or a factory shared with the other components of one process (kube-controller-manager).
   */
  context(user: string, source: EventSource, streamName: string, sharedInformers?: SharedInformerFactory, rateLimit?: ClientRateLimit): ComponentContext {
    const client = rateLimit ? new ServerClient(this.api, user, this.clock, new ClientRateLimiter(this.clock, rateLimit.qps, rateLimit.burst)) : this.client(user);
    const informers = sharedInformers ?? new SharedInformerFactory(client, this.clock);
    const stream: Stream = this.rng.stream(streamName);
    return {
      clock: this.clock,
      client,
      informers,
      recorder: new ClientEventRecorder(client, this.clock, source),
      stream,
      newQueue: (name, sync) =>
        new WorkQueue(this.clock, name, sync, { owner: componentOf(user), onError: (key, err) => this.log(source.component, `error syncing "${key}": ${(err as Error).message ?? String(err)}`) }),
      log: (message) => this.log(source.component, message),
      reportPanic: (process, err) => this.panicked(process, err),
    };
  }

  /** A component of its own (a kubelet, or one a test drives); a kubelet is the owner of its work. */
  add(component: Component): void {
    this.units.push(component);
  }

  /**
   * A control-plane process: `build` makes its components, now for the first instance and afresh at
   * every restart (`previous` holds the last instance's). A build that throws now is an error the
   * cluster cannot be built with (a configuration kube-scheduler refuses).
   */
  addProcess(name: string, build: (previous: readonly Component[]) => Component[]): Process {
    const p = new Process({ name, clock: this.clock, build, onPanic: (process, err) => this.panicked(process, err) });
    p.create();
    this.units.push(p);
    this.processes.set(name, p);
    return p;
  }

  start(): void {
    for (const u of this.units) {
      if (u instanceof Process) u.start();
      else if (isOwner(u)) this.clock.deliver(u, () => u.start(), undefined);
      else u.start();
    }
  }

  /**
   * Runs `fn` — a call into `component` from outside the clock, such as the page stepping the
   * scheduler — as the component's process, so that a throw is that process panicking.
   */
  callInto(component: Component, fn: () => void): void {
    for (const u of this.units) {
      if (u instanceof Process) {
        if (u.components().includes(component)) return u.call(fn);
      } else if (u === component) {
        return isOwner(u) ? this.clock.deliver(u, fn, undefined) : fn();
      }
    }
    fn();
  }

  /** Records a contained panic and logs it, as the process's last words would be. */
  panicked(process: string, err: unknown, what?: string): void {
    const message = panicValue(err);
    this.panics.push({ atMs: this.clock.now(), process, message, ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) });
    if (this.panics.length > PANICS_KEPT) this.panics.splice(0, this.panics.length - PANICS_KEPT);
    this.log(process, what ? `${what}: ${message}` : `panic: ${message}`);
  }

  /** Runs the cluster to virtual time `ms`. */
  runUntil(ms: number): void {
    this.clock.runUntil(ms);
  }

  log(component: string, message: string): void {
    const line = { atMs: this.clock.now(), component, message };
    this.logLines.push(line);
    if (this.logLines.length > 5000) this.logLines.splice(0, this.logLines.length - 5000);
    for (const l of this.logListeners) l(line);
  }

  componentLog(): ComponentLogLine[] {
    return [...this.logLines];
  }

  onLog(fn: (l: ComponentLogLine) => void): () => void {
    this.logListeners.add(fn);
    return () => this.logListeners.delete(fn);
  }

  /** What kubeadm installs after the control plane is up: CoreDNS, kube-proxy, the default StorageClass. */
  addOnObjects(): void {
    const admin = this.client('kubernetes-admin');
    const network = { network: formatCIDR(this.network.podCIDR), backend: this.network.backend };
    // MetalLB only when the scenario gives it addresses to hand out; otherwise LoadBalancers stay pending.
    const metallb = this.network.loadBalancerPool ? metallbObjects() : [];
    for (const o of [...kubeSystemObjects(kubeSystemOptions(this)), ...flannelObjects(network), ...metallb]) {
      const def = this.api.registry.kind(o.apiVersion ?? '', o.kind ?? '');
      admin.create(def.def.plural, o);
    }
  }

  /** Objects the API server makes for itself at start-up, as a kubeadm control plane does. */
  bootstrapObjects(): void {
    const admin = this.client('system:apiserver');
    // Every kube-apiserver adds its address to the `kubernetes` endpoints (the lease reconciler).
    const apiserverIPs = controlPlaneNodes(this).map((cp) => nodeIP(cp.index));
    this.api.bootstrap(() => {
      for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
        admin.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      }
      for (const [name, value, description] of [
        ['system-cluster-critical', 2000000000, 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'],
        ['system-node-critical', 2000001000, 'Used for system critical pods that must not be moved from their current node.'],
      ] as const) {
        admin.create('priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false, description, preemptionPolicy: 'PreemptLowerPriority' } as KObject);
      }
      admin.create('services', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { type: 'ClusterIP', clusterIP: this.network.kubernetesServiceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
      } as KObject);
      admin.create('endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: apiserverIPs.map((ip) => ({ ip })), ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
      } as KObject);
      admin.create('endpointslices', {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: apiserverIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      } as KObject);
    });
  }
}

export type { StoredObject };

export interface CreateClusterOptions extends ClusterSettings {
  seed?: number;
  /** Leave out the built-in components (tests that drive one component by hand use this). */
  bare?: boolean;
}

/**
 * Builds a cluster: the API server with its start-up objects and, unless `bare`, every component.
 * Call `start()` on the result (createCluster does it) and `runUntil(ms)` to let it work.
 */
export function createCluster(opts: CreateClusterOptions = {}): Cluster {
  const cluster = new Cluster(opts.seed ?? 1, opts);
  cluster.bootstrapObjects();
  if (!opts.bare) {
    cluster.addOnObjects();
    wireComponents(cluster);
  }
  cluster.start();
  cluster.runUntil(0);
  return cluster;
}

/** The control-plane nodes, in settings order; without any, the first node stands in (as before HA). */
function controlPlaneNodes(cluster: Cluster): { name: string; index: number }[] {
  const cps = cluster.nodes.flatMap((n, index) => (n.controlPlane ? [{ name: n.name, index }] : []));
  return cps.length > 0 ? cps : [{ name: cluster.nodes[0]!.name, index: 0 }];
}

function kubeSystemOptions(cluster: Cluster, cpNode?: { name: string; index: number }): KubeSystemOptions {
  const cps = controlPlaneNodes(cluster);
  const node = cpNode ?? cps[0]!;
  const net = cluster.network;
  return {
    controlPlaneNode: node.name,
    controlPlaneIP: nodeIP(node.index),
    // kubeadm join adds each member to etcd in turn: a member's --initial-cluster holds those before it and itself.
    etcdInitialCluster: cps.slice(0, cps.findIndex((c) => c.name === node.name) + 1).map((c) => ({ name: c.name, ip: nodeIP(c.index) })),
    podSubnet: formatCIDR(net.podCIDR),
    serviceSubnet: formatCIDR(net.serviceCIDR),
    nodeCIDRMaskSize: net.nodeCIDRMaskSize,
    dnsServiceIP: net.dnsServiceIP,
    proxyMode: cluster.settings.kubeProxy?.mode ?? '',
    ipvsScheduler: cluster.settings.kubeProxy?.ipvs?.scheduler ?? '',
  };
}

/** kube-controller-manager: one process, one set of informers shared by all its controllers. */
function kubeControllerManager(cluster: Cluster, streamSuffix: string): Component[] {
  const informers = new SharedInformerFactory(cluster.client('system:kube-controller-manager'), cluster.clock);
  const net = cluster.network;
  const flags = { clusterCIDR: formatCIDR(net.podCIDR), nodeCIDRMaskSize: net.nodeCIDRMaskSize, serviceCIDR: formatCIDR(net.serviceCIDR) };
  const controllers = CONTROLLERS.map((c) => c.create(cluster.context(c.user, { component: c.eventSource }, `controller/${c.name}${streamSuffix}`, informers, CONTROLLER_MANAGER_RATE_LIMIT), flags));
  // The HPA reads the metrics API, which metrics-server fills from the kubelets.
  const nodes = nodeProxyFor(cluster.clock);
  for (const c of controllers) {
    if (c instanceof HorizontalController) {
      c.metrics = {
        podUsage: (ns, name) => {
          const u = nodes.podUsage(ns, name);
          return u && { cpuMilli: u.cpuMilli, memoryBytes: u.memBytes };
        },
      };
    }
  }
  return controllers;
}

/** kube-scheduler; a restarted one keeps the glass box the page watches (traces, step mode). */
function kubeScheduler(cluster: Cluster, previous: readonly Component[], host: string, streamSuffix: string): Scheduler {
  const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, `scheduler${streamSuffix}`);
  // kube-scheduler records through events.k8s.io/v1; it runs on the host network, so its instance is
  // named after its control-plane node's hostname.
  ctx.recorder = new EventsV1Recorder(ctx.client, cluster.clock, 'default-scheduler', `default-scheduler-${host}`);
  const s = new Scheduler({ ...ctx, config: cluster.settings.scheduler as KubeSchedulerConfiguration | undefined });
  const before = previous.find((c): c is Scheduler => c instanceof Scheduler);
  if (before) s.inheritGlassBox(before);
  return s;
}

/** The name of the first profile's scheduler: kube-scheduler records its LeaderElection Events under it. */
function firstSchedulerName(cluster: Cluster): string {
  const profiles = (cluster.settings.scheduler as KubeSchedulerConfiguration | undefined)?.profiles;
  return profiles?.[0]?.schedulerName ?? 'default-scheduler';
}

/**
 * A control-plane process that runs its work only while it leads (`--leader-elect=true`): its
 * components are a LeaderElector on the Lease `kube-system/<lease>` and the work it starts then. At
 * every start the process takes a new identity, `<hostname>_<uuid>`, as the real ones do.
 */
function electedProcess(
  cluster: Cluster,
  processName: string,
  lease: 'kube-scheduler' | 'kube-controller-manager',
  node: { name: string; index: number },
  work: (previous: readonly Component[]) => Component[],
  opts: { eventComponent: string; releaseOnCancel: boolean; lostSource: string; lostMessage: string; onLeading?: (work: readonly Component[]) => void },
): Process {
  const user = `system:${lease}`;
  const uuids = cluster.rng.stream(`leaderelection/${processName}`);
  const proc: Process = cluster.addProcess(processName, (previous) => {
    const components = work(previous);
    const client = cluster.client(user);
    const klog = (severity: LogSeverity, source: string, message: string): void => {
      proc.write(klogLine(severity, SIM_EPOCH_MS + cluster.clock.now(), source, message));
      cluster.log(lease, message);
    };
    const elector = new LeaderElector(
      {
        clock: cluster.clock,
        client,
        recorder: new ClientEventRecorder(client, cluster.clock, { component: opts.eventComponent }),
        namespace: 'kube-system',
        name: lease,
        identity: `${node.name}_${uidFrom(uuids)}`,
        stream: cluster.rng.stream(`leaderelection/${processName}/jitter`),
        server: `https://${nodeIP(node.index)}:6443`,
        reachable: () => {
          const m = cluster.machines.get(node.name);
          return !m || (m.poweredOn && !m.isolated);
        },
        log: klog,
        releaseOnCancel: opts.releaseOnCancel,
        onStartedLeading: () => opts.onLeading?.(components),
        onStoppedLeading: () => proc.exit(1, [klogLine('E', SIM_EPOCH_MS + cluster.clock.now(), opts.lostSource, opts.lostMessage)]),
      },
      components,
    );
    return [elector, ...components];
  });
  return proc;
}

/** Components, in the order a cluster's processes come up. */
function wireComponents(cluster: Cluster): void {
  const cps = controlPlaneNodes(cluster);
  // Each control-plane node runs a kube-controller-manager and a kube-scheduler; the first node's keep
  // the plain process names. Only the one holding its Lease works.
  const suffix = (k: number, node: string) => (k === 0 ? '' : `/${node}`);
  // Each kube-apiserver keeps its identity Lease; the requests themselves all reach the one simulated server.
  const apiservers = cps.map((cp) => {
    const uuids = cluster.rng.stream(`apiserver-identity/${cp.name}`);
    return cluster.addProcess(`kube-apiserver/${cp.name}`, () => [new ApiServerIdentityLease({ clock: cluster.clock, client: cluster.client('system:apiserver'), hostname: cp.name, uuid: uidFrom(uuids), stream: cluster.rng.stream(`apiserver-identity/${cp.name}/jitter`) })]);
  });
  const kcms = cps.map((cp, k) =>
    electedProcess(cluster, `kube-controller-manager${suffix(k, cp.name)}`, 'kube-controller-manager', cp, () => kubeControllerManager(cluster, suffix(k, cp.name)), {
      eventComponent: 'kube-controller-manager',
      releaseOnCancel: false,
      lostSource: 'controllermanager.go:343',
      lostMessage: '"leaderelection lost"',
    }),
  );
  // Add-ons run as their own processes, with their own informers.
  for (const a of ADDON_CONTROLLERS) cluster.addProcess(a.name, () => [a.create(cluster.context(a.user, { component: a.eventSource }, `addon/${a.name}`))]);
  const scheds = cps.map((cp, k) =>
    electedProcess(cluster, `kube-scheduler${suffix(k, cp.name)}`, 'kube-scheduler', cp, (previous) => [kubeScheduler(cluster, previous, cp.name, suffix(k, cp.name))], {
      eventComponent: firstSchedulerName(cluster),
      releaseOnCancel: true,
      lostSource: 'server.go:323',
      lostMessage: '"Leaderelection lost"',
      onLeading: (work) => {
        const s = work.find((c): c is Scheduler => c instanceof Scheduler);
        if (s) cluster.schedulerLeads(s);
      },
    }),
  );
  const net = cluster.network;
  // flanneld reads the Nodes through one cache for all machines (see agents/flanneld/leases.ts).
  cluster.agentKinds.push(flanneldAgent(new FlannelNodes(cluster.clock, cluster.client(FLANNEL_USER)), { network: net.podCIDR, backend: net.backend, ipMasq: true }));
  // Every node's kube-proxy reads Services and EndpointSlices through one cache (agents/kubeproxy/watch.ts).
  cluster.agentKinds.push(kubeProxyAgent(new ProxyWatch(cluster.clock, cluster.client(KUBE_PROXY_USER)), { mode: cluster.kubeProxy.mode, modeDefaulted: !cluster.settings.kubeProxy?.mode, clusterCIDR: formatCIDR(net.podCIDR), ...(isSchedulerName(cluster.kubeProxy.ipvsScheduler) ? { scheduler: cluster.kubeProxy.ipvsScheduler } : {}) }));
  // Each CoreDNS pod runs its own instance, with its own informers (agents/coredns/agent.ts).
  cluster.agentKinds.push(coreDnsAgent({ clusterDomain: net.clusterDomain }));
  // Every node's MetalLB speaker reads one cache (agents/metallb/watch.ts).
  if (net.loadBalancerPool) cluster.agentKinds.push(...metallbAgents(net.loadBalancerPool, new SpeakerWatch(cluster.clock, cluster.client(METALLB_SPEAKER_USER))));
  cluster.nodes.forEach((n, i) => {
    const ctx = cluster.context(`system:node:${n.name}`, { component: 'kubelet', host: n.name }, `kubelet/${n.name}`);
    const machine = cluster.createMachine(n.name, i);
    const k = cps.findIndex((cp) => cp.index === i && n.controlPlane);
    cluster.add(
      new Kubelet(ctx, machine, {
        nodeName: n.name,
        nodeIP: nodeIP(i),
        controlPlane: !!n.controlPlane,
        capacity: { cpu: n.cpu, memory: n.memory, pods: n.pods ?? 110 },
        labels: n.labels,
        taints: n.taints ?? (n.controlPlane ? [CONTROL_PLANE_TAINT] : []),
        clusterDNS: [net.dnsServiceIP],
        clusterDomain: net.clusterDomain,
        kubernetesServiceIP: net.kubernetesServiceIP,
        systemAgent: cluster.systemAgentFor(machine),
        // kubeadm writes each control-plane node's static pods with its own name and address.
        ...(n.controlPlane ? { staticPods: staticPodManifests(kubeSystemOptions(cluster, { name: n.name, index: i })) } : {}),
        // Its kube-controller-manager and kube-scheduler run in that node's static pods.
        ...(k >= 0 ? { staticPodProcesses: { 'kube-apiserver': apiservers[k]!, 'kube-controller-manager': kcms[k]!, 'kube-scheduler': scheds[k]! } } : {}),
      }),
    );
  });
}

function isOwner(c: Component): c is Component & Owner {
  return typeof (c as Partial<Owner>).fail === 'function' && typeof (c as Partial<Owner>).exited === 'boolean';
}
