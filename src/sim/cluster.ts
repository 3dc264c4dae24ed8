/**
 * Wiring: builds a whole cluster — store, API server, controllers, scheduler, one kubelet per node —
 * from settings and a seed, and runs it on virtual time. Everything a cluster does starts here.
 */
import { Clock } from './clock';
import { Rng } from './rng';
import type { Stream } from './rng';
import { ApiServer } from './api/server';
import type { SelectorCompiler } from './api/server';
import { Registry } from './api/registry';
import { BUILTIN_RESOURCES } from './api/kinds';
import { strategies, quantityDecodeError } from './api/validation';
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
import type { KObject, StoredObject, Taint } from './types';
import { ADDON_CONTROLLERS, CONTROLLERS } from './controllers';
import { HorizontalController } from './controllers/horizontalpodautoscaler';
import { kubeSystemObjects, staticPodManifests } from './bootstrap/kubeSystem';
import { nodeProxyFor } from './node/access';
import { Scheduler } from './scheduler/scheduler';
import type { KubeSchedulerConfiguration } from './scheduler/framework/config';
import { Kubelet } from './node/kubelet';

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
  /** KubeSchedulerConfiguration-shaped settings, passed to the scheduler as they are. */
  scheduler?: unknown;
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

/** The cluster kubetab starts with when a scenario names none: a control plane and three workers. */
export function defaultNodes(): NodeSettings[] {
  return [
    { name: 'control-plane', cpu: '4', memory: '8Gi', pods: 110, controlPlane: true },
    { name: 'worker-1', cpu: '4', memory: '8Gi', pods: 110 },
    { name: 'worker-2', cpu: '4', memory: '8Gi', pods: 110 },
    { name: 'worker-3', cpu: '4', memory: '8Gi', pods: 110 },
  ];
}

/** Node i (in settings order) gets 192.168.1.(10+i), as on a small lab network. */
export function nodeIP(index: number): string {
  return `192.168.1.${10 + index}`;
}

export interface ComponentLogLine {
  atMs: number;
  component: string;
  message: string;
}

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
  readonly components: Component[] = [];
  readonly nodes: NodeSettings[];
  private logLines: ComponentLogLine[] = [];
  private logListeners = new Set<(l: ComponentLogLine) => void>();

  constructor(readonly seed: number, readonly settings: ClusterSettings = {}) {
    this.rng = new Rng(seed);
    this.nodes = settings.nodes && settings.nodes.length > 0 ? settings.nodes : defaultNodes();
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
    }), { decodeError: quantityDecodeError });
  }

  /** A client acting as `user`; every request it makes is recorded under that name. */
  client(user = 'kubernetes-admin'): Client {
    return new ServerClient(this.api, user);
  }

  /**
   * What a component needs to run: its own client, recorder, stream and queue maker, and informers —
   * its own, or a factory shared with the other components of one process (kube-controller-manager).
   */
  context(user: string, source: EventSource, streamName: string, sharedInformers?: SharedInformerFactory, rateLimit?: ClientRateLimit): ComponentContext {
    const client = rateLimit ? new ServerClient(this.api, user, new ClientRateLimiter(this.clock, rateLimit.qps, rateLimit.burst)) : this.client(user);
    const informers = sharedInformers ?? new SharedInformerFactory(client, this.clock);
    const stream: Stream = this.rng.stream(streamName);
    return {
      clock: this.clock,
      client,
      informers,
      recorder: new ClientEventRecorder(client, this.clock, source),
      stream,
      newQueue: (name, sync) =>
        new WorkQueue(this.clock, name, sync, { onError: (key, err) => this.log(source.component, `error syncing "${key}": ${(err as Error).message ?? String(err)}`) }),
      log: (message) => this.log(source.component, message),
    };
  }

  add(component: Component): void {
    this.components.push(component);
  }

  start(): void {
    for (const c of this.components) c.start();
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
    const cp = Math.max(0, this.nodes.findIndex((n) => n.controlPlane));
    for (const o of kubeSystemObjects({ controlPlaneNode: this.nodes[cp]!.name, controlPlaneIP: nodeIP(cp) })) {
      const def = this.api.registry.kind(o.apiVersion ?? '', o.kind ?? '');
      admin.create(def.def.plural, o);
    }
  }

  /** Objects the API server makes for itself at start-up, as a kubeadm control plane does. */
  bootstrapObjects(): void {
    const admin = this.client('system:apiserver');
    const cpIndex = Math.max(0, this.nodes.findIndex((n) => n.controlPlane));
    const apiserverIP = nodeIP(cpIndex);
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
        spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
      } as KObject);
      admin.create('endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
      } as KObject);
      admin.create('endpointslices', {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
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

function kubeSystemOptions(cluster: Cluster): { controlPlaneNode: string; controlPlaneIP: string } {
  const cp = Math.max(0, cluster.nodes.findIndex((n) => n.controlPlane));
  return { controlPlaneNode: cluster.nodes[cp]!.name, controlPlaneIP: nodeIP(cp) };
}

/** Components, in the order a cluster's processes come up. */
function wireComponents(cluster: Cluster): void {
  // kube-controller-manager: one process, one set of informers shared by all its controllers.
  const kcmInformers = new SharedInformerFactory(cluster.client('system:kube-controller-manager'), cluster.clock);
  for (const c of CONTROLLERS) cluster.add(c.create(cluster.context(c.user, { component: c.eventSource }, `controller/${c.name}`, kcmInformers, CONTROLLER_MANAGER_RATE_LIMIT)));
  // Add-ons run as their own processes, with their own informers.
  for (const a of ADDON_CONTROLLERS) cluster.add(a.create(cluster.context(a.user, { component: a.eventSource }, `addon/${a.name}`)));
  // The HPA reads the metrics API, which metrics-server fills from the kubelets.
  const nodes = nodeProxyFor(cluster.clock);
  for (const c of cluster.components) {
    if (c instanceof HorizontalController) {
      c.metrics = {
        podUsage: (ns, name) => {
          const u = nodes.podUsage(ns, name);
          return u && { cpuMilli: u.cpuMilli, memoryBytes: u.memBytes };
        },
      };
    }
  }
  const sched = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, 'scheduler');
  // kube-scheduler records through events.k8s.io/v1; it runs on the host network, so its instance is
  // named after the control-plane node's hostname.
  sched.recorder = new EventsV1Recorder(sched.client, cluster.clock, 'default-scheduler', `default-scheduler-${kubeSystemOptions(cluster).controlPlaneNode}`);
  cluster.add(new Scheduler({ ...sched, config: cluster.settings.scheduler as KubeSchedulerConfiguration | undefined }));
  cluster.nodes.forEach((n, i) => {
    const ctx = cluster.context(`system:node:${n.name}`, { component: 'kubelet', host: n.name }, `kubelet/${n.name}`);
    cluster.add(
      new Kubelet(ctx, {
        nodeName: n.name,
        nodeIP: nodeIP(i),
        controlPlane: !!n.controlPlane,
        capacity: { cpu: n.cpu, memory: n.memory, pods: n.pods ?? 110 },
        labels: n.labels,
        taints: n.taints ?? (n.controlPlane ? [CONTROL_PLANE_TAINT] : []),
        podCIDR: `10.244.${i}.0/24`,
        ...(n.controlPlane ? { staticPods: staticPodManifests(kubeSystemOptions(cluster)) } : {}),
      }),
    );
  });
}
