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
import type { ReflectorOptions } from './client/informer';
import type { KlogSink } from './client/klog';
import { klogLine } from './agents/klog';
import { ClientEventRecorder } from './client/events';
import type { EventSource } from './client/events';
import { WorkQueue } from './client/workqueue';
import { ClientRateLimiter } from './client/ratelimit';
import type { Client } from './client/types';
import type { Component, ComponentContext } from './component';
import type { Container, KObject, Pod, StoredObject, Taint } from './types';
import { ADDON_CONTROLLERS } from './controllers';
import { kubeadmAddOnObjects, standardStorageClass, staticPodManifests } from './bootstrap/kubeSystem';
import type { KubeSystemOptions } from './bootstrap/kubeSystem';
import { bootstrapPolicyObjects, ensureAdminClusterRoleBinding, KUBEADM_SUPER_ADMIN, kubeadmInitRbacObjects, withAddOnRbac } from './auth/bootstrap';
import { flannelObjects } from './bootstrap/flannel';
import { localPathStorageObjects } from './bootstrap/localPath';
import { metallb as metallbModule } from './agents/metallb/lazy';
import { calico as calicoModule } from './agents/calico/lazy';
import { ingressNginx as ingressNginxModule } from './agents/ingressnginx/lazy';
import { DEFAULT_ADDONS, hasAddon } from './addons';
import { metricsServerObjects } from './bootstrap/metricsServer';
import { metricsServerBehind } from './agents/metricsserver/backend';
import { nodeProxyFor } from './node/access';
import type { AgentKind } from './agents/registry';
import type { AddonName } from './addons';
import { CANAL_USER, FLANNEL_USER, flanneldAgent, FlannelNodes } from './agents/flanneld';
import { KUBE_PROXY_USER, kubeProxyAgent } from './agents/kubeproxy/agent';
import { ProxyWatch } from './agents/kubeproxy/watch';
import { coreDnsAgent } from './agents/coredns/agent';
import { isSchedulerName } from './network/ipvs/types';
import type { Scheduler } from './scheduler/scheduler';
import { Kubelet } from './node/kubelet';
import { Machine } from './node/machine';
import { Fabric } from './network/traffic/fabric';
import { registerEtcd } from './store/etcd';
import { worldOf } from './node/world';
import type { ClusterKubeProxy, ClusterNetwork, KubeProxySettings, NetworkSettings } from './network/settings';
import { nodeAddress, resolveKubeProxy, resolveNetwork } from './network/settings';
import { formatCIDR } from './network/ipv4';
import { componentOf } from './api/conversation/components';
import type { WebhookService, WebhookTransportWorld } from './network/traffic/webhookTransport';
import type { WebhookTransport } from './api/admission/webhook';
import { networkOnDemand } from './network/lazy';
import type { Endpoints } from './api/conversation/detail';
import { ControlPlane, controlPlaneNodes, wireApiServers, wireControllerManagers, wireSchedulers } from './bootstrap/controlPlane';

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
  /** Add-ons installed after kubeadm's, each from its released manifest (addons.ts). */
  addons?: AddonName[];
  /** People with a client certificate of their own (CN the name, O the groups), beside kubeadm's admin. */
  users?: ScenarioUser[];
}

/** A person the API server authenticates: the groups are those of their certificate, without `system:authenticated`. */
export interface ScenarioUser {
  name: string;
  groups: string[];
}

export interface ControlPlaneSettings {
  replicas?: number;
}

export interface ClientRateLimit {
  qps: number;
  burst: number;
}

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

/** How many component log lines the cluster keeps. */
const LOG_LINES_KEPT = 5000;

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
    // The scenario's people: the API server knows the groups their client certificates carry.
    for (const u of settings.users ?? []) this.api.authn.register(u.name, u.groups);
    // kube-apiserver: requests run as it; a panic in one is recovered (500) and the server serves on.
    const apiserver: Owner = { name: 'kube-apiserver', exited: false, fail: (err) => this.panicked('kube-apiserver', err) };
    this.api.process.owner = apiserver;
    this.api.process.onPanic = (err, method, uri) => this.panicked('kube-apiserver', err, `apiserver panic'd on ${method} ${uri}`);
    // Admission webhooks are called over the dataplane from a running control-plane node's host network.
    // The transport is network code of the on-demand chunk, made at the first call: only a stored
    // webhook configuration leads there, and a user's request (which waits for that chunk) stores it.
    const webhookWorld: WebhookTransportWorld = {
      fabric: this.fabric,
      nowMs: () => this.clock.now(),
      apiServerMachine: () => controlPlaneNodes(this).map((cp) => this.machines.get(cp.name)).find((m) => m?.poweredOn),
      service: (ns, name) => this.api.peek('services', ns, name) as WebhookService | undefined,
    };
    let webhookTransport: WebhookTransport | undefined;
    this.api.webhookTransport = { post: (svc, body) => (webhookTransport ??= networkOnDemand().dataplaneWebhookTransport(webhookWorld)).post(svc, body) };
    // pods/log and pods/exec reach the kubelets through the node proxy; an aggregated group (metrics.k8s.io)
    // reaches the server behind its APIService's Service.
    this.api.kubelets = nodeProxyFor(this.clock);
    const peekPod = (ns: string, name: string) => this.api.peek('pods', ns, name) as Pod | undefined;
    const nodeLabels = (name: string) => this.api.peek('nodes', undefined, name)?.metadata.labels;
    this.api.aggregatedBackend = (svc) => metricsServerBehind(this.clock, this.api.peek('endpoints', svc.namespace, svc.name), peekPod, nodeLabels);
    // Before the machines are built (kubeadm init, and bare clusters) etcd is up.
    // The node list is fixed at construction: pick out the control-plane nodes once, as every API
    // request asks etcd for its members.
    const cpNodes = this.nodes.flatMap((n, i) => (n.controlPlane ? [{ name: n.name, ip: nodeIP(i) }] : []));
    registerEtcd(this.clock, {
      store: this.api.store,
      clock: this.clock,
      members: () =>
        cpNodes.map((n) => {
          const m = this.machines.get(n.name);
          return { name: n.name, ip: n.ip, up: m?.poweredOn ?? true, isolated: m?.isolated ?? false };
        }),
    });
  }

  /** Who leads the control plane now, and where clients reach it (bootstrap/controlPlane.ts). */
  readonly controlPlane: ControlPlane = new ControlPlane(this);

  /** The kube-scheduler that schedules now (while none leads, the one that led last). */
  scheduler(): Scheduler | undefined {
    return this.controlPlane.scheduler();
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
    // The Calico CNI plugin reads its Node with its kubeconfig's ServiceAccount.
    if (this.network.cni === 'canal') m.apiClient = (user) => this.client(user);
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
        build: () => kind.build(this.context(kind.user, { component: kind.name, host: machine.name }, `agent/${name}`), { machine, nodeName: machine.name, process: proc, ...(kind.perPod && pod ? { pod } : {}) }),
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

  /** Where clients reach the API server and where each process's requests come from, for a request's detail. */
  apiEndpoints(): Endpoints {
    return this.controlPlane.apiEndpoints();
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
    const klog = this.klog(source.component);
    const informers = sharedInformers ?? new SharedInformerFactory(client, this.clock, this.reflectorOptions(klog, streamName));
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
      klog,
      reportPanic: (process, err) => this.panicked(process, err),
    };
  }

  /**
   * A component's klog: each line goes to the log of the process it runs in (the container's log,
   * when the caller runs as a process in one) and to the component log under `component`.
   */
  klog(component: string): KlogSink {
    return (severity, source, message) => {
      this.clock.owner()?.write?.(klogLine(severity, SIM_EPOCH_MS + this.clock.now(), source, message));
      this.log(component, message);
    };
  }

  /** How the informers of a component started with `streamName` report and retry a refused list. */
  reflectorOptions(klog: KlogSink, streamName: string): ReflectorOptions {
    return { log: klog, stream: this.rng.stream(`${streamName}/reflector`) };
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
    // Trimmed in batches: dropping the oldest line at every new one shifts 5,000 lines each time.
    if (this.logLines.length >= 2 * LOG_LINES_KEPT) this.logLines.splice(0, this.logLines.length - LOG_LINES_KEPT);
    for (const l of this.logListeners) l(line);
  }

  /** The last 5,000 lines, oldest first. */
  componentLog(): ComponentLogLine[] {
    return this.logLines.slice(-LOG_LINES_KEPT);
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
    const metallb = this.network.loadBalancerPool ? metallbModule().metallbObjects() : [];
    const create = (o: KObject): void => {
      const def = this.api.registry.kind(o.apiVersion ?? '', o.kind ?? '');
      admin.create(def.def.plural, o);
    };
    // kubeadm init installs CoreDNS and kube-proxy through admin.conf's identity (it has super-admin.conf
    // grant that identity cluster-admin first); the rest the administrator applies with kubectl.
    this.api.asProgram('kubeadm', () => {
      // init's control-plane phases (cluster-admins binding, upload-config, bootstrap-token), then the
      // add-ons with their RBAC objects.
      const [clusterAdmins, ...initObjects] = kubeadmInitRbacObjects();
      ensureAdminClusterRoleBinding(admin, this.client(KUBEADM_SUPER_ADMIN), clusterAdmins!);
      for (const o of [...initObjects, ...withAddOnRbac(kubeadmAddOnObjects(kubeSystemOptions(this)))]) create(o);
    });
    // canal's manifest brings its own flannel (the kube-flannel container of the canal DaemonSet), so
    // kube-flannel.yml is not applied with it.
    const cni = this.network.cni === 'canal' ? calicoModule().canalObjects(network) : flannelObjects(network);
    for (const o of [standardStorageClass(), ...localPathStorageObjects(), ...cni, ...metallb]) create(o);
    // Add-ons the scenario lists (DEFAULT_ADDONS without the key), applied after the network, in the
    // order listed, as an administrator would apply them.
    for (const addon of this.settings.addons ?? DEFAULT_ADDONS) {
      if (addon === 'ingress-nginx') ingressNginxModule().ingressNginxObjects({ loadBalancer: !!this.network.loadBalancerPool }).forEach(create);
      if (addon === 'metrics-server') metricsServerObjects().forEach(create);
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
      // The rbac/bootstrap-roles post-start hook: the default roles and who holds them.
      for (const o of bootstrapPolicyObjects()) admin.create(rbacPlural(o), o);
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

const RBAC_PLURALS: Record<string, string> = { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings' };
function rbacPlural(o: KObject): string {
  return RBAC_PLURALS[o.kind ?? '']!;
}

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
  const cluster = assembleCluster(opts);
  cluster.runUntil(0);
  return cluster;
}

/**
 * createCluster before its boot: started, with the clock still at -BOOT_MS. Running the clock to 0
 * is the boot; a caller that shows the boot's progress runs it in slices.
 */
export function assembleCluster(opts: CreateClusterOptions = {}): Cluster {
  const cluster = new Cluster(opts.seed ?? 1, opts);
  cluster.bootstrapObjects();
  if (!opts.bare) {
    cluster.addOnObjects();
    // kubeadm's --authorization-mode=Node,RBAC: from here on every request is authorized against the
    // policy and kubeadm's RBAC objects now in the store.
    cluster.api.authorizationMode = 'Node,RBAC';
    wireComponents(cluster);
  }
  cluster.start();
  return cluster;
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

/** Components, in the order a cluster's processes come up. */
function wireComponents(cluster: Cluster): void {
  const cps = controlPlaneNodes(cluster);
  const apiservers = wireApiServers(cluster, cps);
  const kcms = wireControllerManagers(cluster, cps);
  // Add-ons run as their own processes, with their own informers.
  for (const a of ADDON_CONTROLLERS) cluster.addProcess(a.name, () => [a.create(cluster.context(a.user, { component: a.eventSource }, `addon/${a.name}`))]);
  const scheds = wireSchedulers(cluster, cps);
  const net = cluster.network;
  // flanneld reads the Nodes through one cache for all machines (see agents/flanneld/leases.ts).
  const flannelUser = net.cni === 'canal' ? CANAL_USER : FLANNEL_USER;
  cluster.agentKinds.push(flanneldAgent(new FlannelNodes(cluster.clock, cluster.client(flannelUser)), { network: net.podCIDR, backend: net.backend, ipMasq: true, ...(net.cni === 'canal' ? { subnetFileOnHost: false } : {}) }, flannelUser));
  // Every node's kube-proxy reads Services and EndpointSlices through one cache (agents/kubeproxy/watch.ts).
  cluster.agentKinds.push(kubeProxyAgent(new ProxyWatch(cluster.clock, cluster.client(KUBE_PROXY_USER)), { mode: cluster.kubeProxy.mode, modeDefaulted: !cluster.settings.kubeProxy?.mode, clusterCIDR: formatCIDR(net.podCIDR), ...(isSchedulerName(cluster.kubeProxy.ipvsScheduler) ? { scheduler: cluster.kubeProxy.ipvsScheduler } : {}) }));
  // Each CoreDNS pod runs its own instance, with its own informers (agents/coredns/agent.ts).
  cluster.agentKinds.push(coreDnsAgent({ clusterDomain: net.clusterDomain }));
  // Every node's felix (canal's calico-node) reads policies, pods and namespaces through one cache (agents/calico/watch.ts).
  if (net.cni === 'canal') {
    const { CALICO_NODE_USER, calicoNodeAgent, calicoVethName, FelixWatch } = calicoModule();
    cluster.agentKinds.push(calicoNodeAgent({ watch: new FelixWatch(cluster.clock, cluster.client(CALICO_NODE_USER)), vethName: calicoVethName }));
  }
  // Every node's MetalLB speaker reads one cache (agents/metallb/watch.ts).
  if (net.loadBalancerPool) {
    const { METALLB_SPEAKER_USER, metallbAgents, SpeakerWatch } = metallbModule();
    cluster.agentKinds.push(...metallbAgents(net.loadBalancerPool, new SpeakerWatch(cluster.clock, cluster.client(METALLB_SPEAKER_USER))));
  }
  // Each ingress-nginx controller pod runs its own instance (agents/ingressnginx).
  if (hasAddon(cluster.settings.addons, 'ingress-nginx')) cluster.agentKinds.push(ingressNginxModule().ingressNginxAgent({ publishService: !!net.loadBalancerPool }), ingressNginxModule().certgenAgent());
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
        inClusterClient: (token) => {
          const user = cluster.api.authenticateToken(token);
          return user ? cluster.client(user.name) : undefined;
        },
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
