/**
 * metrics-server (v0.7) as the aggregator reaches it behind Service kube-system/metrics-server: it
 * scrapes every node's kubelet `/metrics/resource` once at start and then every `--metric-resolution`,
 * and serves `metrics.k8s.io/v1beta1` NodeMetrics and PodMetrics from its last two scrapes (a rate
 * needs two points, so a pod shows once two scrapes have seen it running). The scrape times follow
 * from when its container started, so the cluster schedules nothing for it: the answer at any moment
 * is the one the last scrape left.
 */
import type { Clock } from '../../clock';
import type { AggregatedBackend } from '../../api/aggregated';
import { StatusError } from '../../api/types';
import type { ListOptions } from '../../api/types';
import { parseSelector } from '../../api/labels';
import type { Kubelet } from '../../node/kubelet';
import { worldOf } from '../../node/world';
import type { KObject, Pod } from '../../types';

export const METRICS_SERVER_IMAGE_REPO = 'registry.k8s.io/metrics-server/metrics-server';
/** components.yaml's --metric-resolution */
export const DEFAULT_METRIC_RESOLUTION_MS = 15_000;

export interface ContainerMetrics {
  name: string;
  usage: { cpu: string; memory: string };
}

export interface PodMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'PodMetrics';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'NodeMetrics';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

interface EndpointsObj extends KObject {
  subsets?: { addresses?: { ip: string; targetRef?: { kind?: string; name?: string; namespace?: string } }[] }[];
}

/** `--metric-resolution=15s` from the container's args (Go durations of s and m). */
export function metricResolutionMs(args: readonly string[] | undefined): number {
  const a = (args ?? []).find((x) => x.startsWith('--metric-resolution='));
  const m = a?.slice('--metric-resolution='.length).match(/^(\d+)(s|m)$/);
  return m ? Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000) : DEFAULT_METRIC_RESOLUTION_MS;
}

function notFound(resource: 'podmetrics' | 'nodemetrics', name: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `${resource}.metrics.k8s.io "${name}" not found`, details: { name, group: 'metrics.k8s.io', kind: resource } });
}

/** One running metrics-server: its first scrape and its resolution fix when each later scrape was. */
export class MetricsServer implements AggregatedBackend {
  constructor(
    private readonly clock: Clock,
    readonly startedAtMs: number,
    readonly resolutionMs: number,
    private readonly peekPod: (namespace: string, name: string) => Pod | undefined,
    private readonly nodeLabels: (name: string) => Record<string, string> | undefined,
  ) {}

  /** The last scrape at or before now, and whether there was one before it (what a rate needs). */
  private scrapes(): { last: number; hasPrev: boolean } {
    const k = Math.floor((this.clock.now() - this.startedAtMs) / this.resolutionMs);
    return { last: this.startedAtMs + k * this.resolutionMs, hasPrev: k >= 1 };
  }

  podMetrics(namespace?: string): PodMetrics[] {
    const { last: at, hasPrev } = this.scrapes();
    if (!hasPrev) return [];
    const now = this.clock.now();
    const out: PodMetrics[] = [];
    for (const k of worldOf<Kubelet>(this.clock).allAgents()) {
      if (!k.isRunning() || !k.isMachineUp() || k.isPartitioned()) continue;
      for (const rec of k.podRecords()) {
        const ns = rec.pod.metadata?.namespace ?? 'default';
        if (namespace && ns !== namespace) continue;
        if (rec.stage !== 'running') continue;
        const running = rec.containers.filter((c) => (!c.init || c.spec.restartPolicy === 'Always') && c.state.kind === 'running');
        if (!running.length) continue;
        // Both scrapes must have seen every container running to give its CPU rate.
        const earliest = Math.max(...running.map((c) => c.run!.startedAtMs));
        if (earliest > at - this.resolutionMs) continue;
        const live = this.peekPod(ns, rec.pod.metadata?.name ?? '');
        out.push({
          apiVersion: 'metrics.k8s.io/v1beta1',
          kind: 'PodMetrics',
          metadata: { name: rec.pod.metadata?.name ?? '', namespace: ns, creationTimestamp: this.clock.timestamp(now), ...(live?.metadata?.labels ? { labels: live.metadata.labels } : {}) },
          timestamp: this.clock.timestamp(at),
          window: `${this.resolutionMs / 1000}s`,
          containers: running.map((c) => ({ name: c.name, usage: { cpu: `${k.cpuUsage(c, at) * 1_000_000}n`, memory: `${Math.floor(k.memUsage(c, at) / 1024)}Ki` } })),
        });
      }
    }
    return out.sort((a, b) => (a.metadata.namespace + '/' + a.metadata.name < b.metadata.namespace + '/' + b.metadata.name ? -1 : 1));
  }

  nodeMetrics(): NodeMetrics[] {
    const { last: at, hasPrev } = this.scrapes();
    if (!hasPrev) return [];
    const now = this.clock.now();
    const out: NodeMetrics[] = [];
    for (const k of worldOf<Kubelet>(this.clock).allAgents()) {
      if (!k.isRunning() || !k.isMachineUp() || k.isPartitioned()) continue;
      const u = k.nodeUsage(at);
      const labels = this.nodeLabels(k.nodeName);
      out.push({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: k.nodeName, creationTimestamp: this.clock.timestamp(now), ...(labels ? { labels } : {}) }, timestamp: this.clock.timestamp(at), window: `${this.resolutionMs / 1000}s`, usage: { cpu: `${u.cpuMilli * 1_000_000}n`, memory: `${Math.floor(u.memBytes / 1024)}Ki` } });
    }
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  list(plural: string, namespace: string | undefined, opts: ListOptions): unknown {
    const sel = opts.labelSelector ? parseSelector(opts.labelSelector) : undefined;
    const keep = (l: Record<string, string> | undefined) => !sel || sel.matches(l ?? {});
    if (plural === 'nodes') return { kind: 'NodeMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: this.nodeMetrics().filter((m) => keep(m.metadata.labels)) };
    return { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: this.podMetrics(namespace).filter((m) => keep(m.metadata.labels)) };
  }

  get(plural: string, namespace: string | undefined, name: string): unknown {
    if (plural === 'nodes') {
      const m = this.nodeMetrics().find((x) => x.metadata.name === name);
      if (!m) throw notFound('nodemetrics', name);
      return m;
    }
    const m = this.podMetrics(namespace).find((x) => x.metadata.name === name);
    if (!m) throw notFound('podmetrics', `${namespace}/${name}`);
    return m;
  }
}

/**
 * The metrics-server behind a Service: the pod of its first ready endpoint address, when that pod's
 * container runs the metrics-server image.
 */
export function metricsServerBehind(clock: Clock, endpoints: EndpointsObj | undefined, peekPod: (namespace: string, name: string) => Pod | undefined, nodeLabels: (name: string) => Record<string, string> | undefined): MetricsServer | undefined {
  for (const s of endpoints?.subsets ?? []) {
    for (const a of s.addresses ?? []) {
      const ref = a.targetRef;
      if (ref?.kind !== 'Pod' || !ref.name) continue;
      const pod = peekPod(ref.namespace ?? '', ref.name);
      const node = pod?.spec?.nodeName;
      if (!pod || !node) continue;
      const c = pod.spec?.containers?.find((x) => x.image?.startsWith(METRICS_SERVER_IMAGE_REPO));
      if (!c) continue;
      const k = worldOf<Kubelet>(clock).agent(node);
      const rec = k?.podRecord(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
      const run = rec?.containers.find((x) => x.name === c.name)?.run;
      if (!k || !k.isRunning() || !k.isMachineUp() || !run || run.finishedAtMs !== undefined) continue;
      return new MetricsServer(clock, run.startedAtMs, metricResolutionMs(c.args), peekPod, nodeLabels);
    }
  }
  return undefined;
}
