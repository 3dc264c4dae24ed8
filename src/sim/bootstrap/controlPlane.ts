/**
 * The control plane kubeadm runs on each control-plane node — a kube-apiserver with its identity
 * Lease, and a kube-controller-manager and kube-scheduler that elect one leader each — and what the
 * rest of the cluster asks of it: which scheduler leads, which process holds a Lease, and where
 * clients reach the API server.
 */
import { SIM_EPOCH_MS } from '../clock';
import type { Cluster, ClientRateLimit } from '../cluster';
import type { Component } from '../component';
import { Process } from '../process';
import { uidFrom } from '../rng';
import { SharedInformerFactory } from '../client/informer';
import { ClientEventRecorder } from '../client/events';
import { EventsV1Recorder } from '../client/eventsV1';
import { ControllerServiceAccounts } from '../controllers/serviceaccountclients';
import { CONTROLLERS } from '../controllers';
import { nodeAddress } from '../network/settings';
import { formatCIDR } from '../network/ipv4';
import { klogLine } from '../agents/klog';
import { LeaderElector } from '../leaderelection/elector';
import type { LogSeverity } from '../leaderelection/elector';
import { ApiServerIdentityLease } from '../leaderelection/apiserverIdentity';
import { ApiServiceAvailability } from '../api/apiServiceAvailability';
import { AutoRegister } from '../api/autoRegister';
import { Scheduler } from '../scheduler/scheduler';
import type { KubeSchedulerConfiguration } from '../scheduler/framework/config';
import type { Endpoints } from '../api/conversation/detail';

/**
 * kube-controller-manager's --kube-api-qps and --kube-api-burst defaults (kubeadm leaves them): each
 * controller's client gets its own bucket, shared with the Events it writes.
 */
export const CONTROLLER_MANAGER_RATE_LIMIT: ClientRateLimit = { qps: 20, burst: 30 };

/** A control-plane node: its name and its index in the cluster's node list. */
export interface ControlPlaneNode {
  name: string;
  index: number;
}

/** The control-plane nodes, in settings order; without any, the first node stands in (as before HA). */
export function controlPlaneNodes(cluster: Cluster): ControlPlaneNode[] {
  const cps = cluster.nodes.flatMap((n, index) => (n.controlPlane ? [{ name: n.name, index }] : []));
  return cps.length > 0 ? cps : [{ name: cluster.nodes[0]!.name, index: 0 }];
}

/** Who leads now, for the page and the cluster: the elected processes seen from outside. */
export class ControlPlane {
  /** The kube-scheduler that led last (while none leads, the page still shows its glass box). */
  private lastLeadingScheduler: Scheduler | undefined;

  constructor(private readonly cluster: Cluster) {}

  /**
   * The kube-scheduler whose process holds the `kube-system/kube-scheduler` Lease now — the one
   * that schedules — or, while no instance leads (a failover), the one that led last.
   */
  scheduler(): Scheduler | undefined {
    for (const p of this.cluster.processes.values()) {
      if (!p.running) continue;
      const comps = p.components();
      const elector = comps.find((c): c is LeaderElector => c instanceof LeaderElector);
      const s = comps.find((c): c is Scheduler => c instanceof Scheduler);
      if (s && (!elector || elector.leading)) return s;
    }
    return this.lastLeadingScheduler ?? this.cluster.components.find((c): c is Scheduler => c instanceof Scheduler);
  }

  /** The process whose elector holds `lease` (kube-scheduler, kube-controller-manager) now, if one does. */
  leader(lease: string): Process | undefined {
    for (const p of this.cluster.processes.values()) {
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

  /** Where clients reach the API server and where each component's requests come from, for a request's detail. */
  apiEndpoints(): Endpoints {
    const nodes = this.cluster.nodes;
    const first = Math.max(0, nodes.findIndex((n) => n.controlPlane));
    const controlPlaneIP = nodeAddress(first);
    const index = new Map(nodes.map((n, i) => [n.name, i]));
    // `kube-scheduler/control-plane-3`, `kubelet/worker-2`, `flanneld/worker-1`: the node is the second
    // part; the first control-plane node's static pods keep the plain names. A per-pod agent (CoreDNS)
    // speaks from its pod's address, which is not told here.
    const nodeOf = (process: string): number | undefined => {
      const [program = '', host, ...rest] = process.split('/');
      if (rest.length > 0) return undefined;
      if (host !== undefined) return index.get(host);
      return CONTROL_PLANE_PROGRAMS.has(program) ? first : undefined;
    };
    return {
      controlPlaneIP,
      serviceIP: this.cluster.network.kubernetesServiceIP,
      sourceIP: (process) => {
        const i = nodeOf(process);
        return i === undefined ? controlPlaneIP : nodeAddress(i);
      },
      // kubeadm points each node's scheduler and controller-manager at that node's own API server.
      localServerIP: (process) => {
        const i = CONTROL_PLANE_PROGRAMS.has(process.split('/')[0]!) ? nodeOf(process) : undefined;
        return i === undefined ? undefined : nodeAddress(i);
      },
    };
  }
}

/** The programs of a control-plane node's static pods, which talk to their own node's API server. */
const CONTROL_PLANE_PROGRAMS = new Set(['kube-apiserver', 'kube-scheduler', 'kube-controller-manager']);

/** The first control-plane node's processes keep the plain names; the others' are suffixed with their node. */
function suffix(k: number, node: string): string {
  return k === 0 ? '' : `/${node}`;
}

/**
 * Each kube-apiserver keeps its identity Lease and, as its aggregator, registers the Local APIServices
 * and keeps the APIServices' Available conditions; the requests themselves all reach the one simulated server.
 */
export function wireApiServers(cluster: Cluster, cps: readonly ControlPlaneNode[]): Process[] {
  return cps.map((cp) => {
    const uuids = cluster.rng.stream(`apiserver-identity/${cp.name}`);
    return cluster.addProcess(`kube-apiserver/${cp.name}`, () => [
      new ApiServerIdentityLease({ clock: cluster.clock, client: cluster.client('system:apiserver'), hostname: cp.name, uuid: uidFrom(uuids), stream: cluster.rng.stream(`apiserver-identity/${cp.name}/jitter`) }),
      new AutoRegister(cluster.client('system:apiserver')),
      new ApiServiceAvailability(cluster.clock, cluster.client('system:apiserver')),
    ]);
  });
}

/** A kube-controller-manager on each control-plane node; only the one holding its Lease starts its controllers. */
export function wireControllerManagers(cluster: Cluster, cps: readonly ControlPlaneNode[]): Process[] {
  return cps.map((cp, k) =>
    electedProcess(cluster, `kube-controller-manager${suffix(k, cp.name)}`, 'kube-controller-manager', cp, () => kubeControllerManager(cluster, suffix(k, cp.name)), {
      eventComponent: 'kube-controller-manager',
      releaseOnCancel: false,
      lostSource: 'controllermanager.go:343',
      lostMessage: '"leaderelection lost"',
    }),
  );
}

/**
 * A kube-scheduler on each control-plane node. Each starts its informers and waits for their caches
 * before it campaigns (DelayCacheUntilActive is false by default), so the standbys list and watch
 * too; only the leader runs scheduling cycles.
 */
export function wireSchedulers(cluster: Cluster, cps: readonly ControlPlaneNode[]): Process[] {
  const schedulerOf = (work: readonly Component[]) => work.find((c): c is Scheduler => c instanceof Scheduler);
  return cps.map((cp, k) =>
    electedProcess(cluster, `kube-scheduler${suffix(k, cp.name)}`, 'kube-scheduler', cp, (previous) => [kubeScheduler(cluster, previous, cp.name, suffix(k, cp.name))], {
      eventComponent: firstSchedulerName(cluster),
      releaseOnCancel: true,
      lostSource: 'server.go:323',
      lostMessage: '"Leaderelection lost"',
      beforeElection: (work) => schedulerOf(work)?.hasSynced() ?? true,
      onLeading: (work) => {
        const s = schedulerOf(work);
        if (!s) return;
        cluster.controlPlane.schedulerLeads(s);
        s.run();
      },
    }),
  );
}

/** kube-controller-manager: one process, one set of informers shared by all its controllers. */
function kubeControllerManager(cluster: Cluster, streamSuffix: string): Component[] {
  const informers = new SharedInformerFactory(cluster.client('system:kube-controller-manager'), cluster.clock, cluster.reflectorOptions(cluster.klog('kube-controller-manager'), `kube-controller-manager${streamSuffix}`));
  const net = cluster.network;
  const flags = { clusterCIDR: formatCIDR(net.podCIDR), nodeCIDRMaskSize: net.nodeCIDRMaskSize, serviceCIDR: formatCIDR(net.serviceCIDR) };
  const controllers = CONTROLLERS.map((c) => c.create(cluster.context(c.user, { component: c.eventSource }, `controller/${c.name}${streamSuffix}`, informers, CONTROLLER_MANAGER_RATE_LIMIT), flags));
  // The client builder makes each controller's ServiceAccount before the controller starts.
  return [new ControllerServiceAccounts(cluster.client('system:kube-controller-manager'), CONTROLLERS.map((c) => c.user)), ...controllers];
}

/** kube-scheduler, waiting to lead; a restarted one keeps the glass box the page watches (traces, step mode). */
function kubeScheduler(cluster: Cluster, previous: readonly Component[], host: string, streamSuffix: string): Scheduler {
  const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, `scheduler${streamSuffix}`);
  // kube-scheduler records through events.k8s.io/v1; it runs on the host network, so its instance is
  // named after its control-plane node's hostname.
  ctx.recorder = new EventsV1Recorder(ctx.client, cluster.clock, 'default-scheduler', `default-scheduler-${host}`);
  const s = new Scheduler({ ...ctx, config: cluster.settings.scheduler as KubeSchedulerConfiguration | undefined, awaitLeading: true });
  const before = previous.find((c): c is Scheduler => c instanceof Scheduler);
  if (before) s.inheritGlassBox(before);
  return s;
}

/** The name of the first profile's scheduler: kube-scheduler records its LeaderElection Events under it. */
function firstSchedulerName(cluster: Cluster): string {
  const profiles = (cluster.settings.scheduler as KubeSchedulerConfiguration | undefined)?.profiles;
  return profiles?.[0]?.schedulerName ?? 'default-scheduler';
}

interface ElectedOptions {
  eventComponent: string;
  releaseOnCancel: boolean;
  lostSource: string;
  lostMessage: string;
  /**
   * The work starts with the process, ahead of the election, which waits until this holds (its
   * caches synced); without it the elector starts the work once it leads.
   */
  beforeElection?: (work: readonly Component[]) => boolean;
  onLeading?: (work: readonly Component[]) => void;
}

/**
 * A control-plane process run with `--leader-elect=true`: a LeaderElector on the Lease
 * `kube-system/<lease>` and the process's work. At every start the process takes a new identity,
 * `<hostname>_<uuid>`, as the real ones do.
 */
function electedProcess(cluster: Cluster, processName: string, lease: 'kube-scheduler' | 'kube-controller-manager', node: ControlPlaneNode, work: (previous: readonly Component[]) => Component[], opts: ElectedOptions): Process {
  const user = `system:${lease}`;
  const uuids = cluster.rng.stream(`leaderelection/${processName}`);
  const proc: Process = cluster.addProcess(processName, (previous) => {
    const components = work(previous);
    const client = cluster.client(user);
    const klog = (severity: LogSeverity, source: string, message: string): void => {
      proc.write(klogLine(severity, SIM_EPOCH_MS + cluster.clock.now(), source, message));
      cluster.log(lease, message);
    };
    const before = opts.beforeElection;
    const elector = new LeaderElector(
      {
        clock: cluster.clock,
        client,
        recorder: new ClientEventRecorder(client, cluster.clock, { component: opts.eventComponent }),
        namespace: 'kube-system',
        name: lease,
        identity: `${node.name}_${uidFrom(uuids)}`,
        stream: cluster.rng.stream(`leaderelection/${processName}/jitter`),
        server: `https://${nodeAddress(node.index)}:6443`,
        reachable: () => {
          const m = cluster.machines.get(node.name);
          return !m || (m.poweredOn && !m.isolated);
        },
        log: klog,
        releaseOnCancel: opts.releaseOnCancel,
        ...(before ? { waitForCacheSync: () => before(components) } : {}),
        onStartedLeading: () => opts.onLeading?.(components),
        onStoppedLeading: () => proc.exit(1, [klogLine('E', SIM_EPOCH_MS + cluster.clock.now(), opts.lostSource, opts.lostMessage)]),
      },
      before ? [] : components,
    );
    // Work that runs ahead of the election starts first, so its lists are queued before the elector's wait.
    return before ? [...components, elector] : [elector, ...components];
  });
  return proc;
}
