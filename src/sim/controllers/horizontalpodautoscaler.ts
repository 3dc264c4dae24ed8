/**
 * HorizontalController (k8s.io/kubernetes pkg/controller/podautoscaler), autoscaling/v2: every 15s
 * each HPA reads its target's scale subresource, the usage of the pods the scale's selector picks,
 * and writes a new replica count.
 *
 * Facts carried over from the 1.31 controller:
 * - resource metrics (cpu, memory; Utilization or AverageValue; also ContainerResource): utilization =
 *   Σ usage × 100 / Σ requests (integer), ratio = utilization / target; within the 0.1 tolerance no
 *   change, otherwise ceil(ratio × pods with metrics);
 * - pods being deleted or Failed are ignored; for cpu, pods not yet Ready within the 5-minute
 *   initialization period (or never Ready since 30s after start) count as unready; pods without metrics
 *   count as missing: when the first estimate scales up, missing pods count at 0% and unready at 0%;
 *   when it scales down, missing pods count at 100% of target; a re-estimate that flips direction or
 *   lands within tolerance keeps the current count;
 * - a container without a request for the metric's resource is an error:
 *   `missing request for cpu in container <c> of Pod <p>` (`FailedGetResourceMetric`);
 * - without spec.behavior: a 300s downscale stabilization window (the highest recommendation in the
 *   window wins) and a scale-up limit of max(2 × current, 4); with spec.behavior: the stabilization
 *   windows and Pods/Percent policies over periodSeconds with selectPolicy Max/Min/Disabled;
 * - conditions AbleToScale (SucceededGetScale, SucceededRescale, ReadyForNewScale, FailedGetScale,
 *   FailedUpdateScale), ScalingActive (ValidMetricFound, FailedGetResourceMetric, ScalingDisabled) and
 *   ScalingLimited (DesiredWithinRange, TooFewReplicas, TooManyReplicas, ScaleUpLimit, ScaleDownLimit);
 * - `SuccessfulRescale` `New size: <n>; reason: <why>`: `Current number of replicas above Spec.MaxReplicas`
 *   / `below Spec.MinReplicas` when the target is outside the bounds (no metrics read, the metrics
 *   left out of the status); otherwise the metrics' proposal before stabilization and limits decides:
 *   `<metric> above target` when it is above the current count, `All metrics below target` when
 *   below, and nothing (`reason: `) when equal — a rescale then comes from the stabilization window;
 * - the first sight of an HPA records the current count as a recommendation
 *   (recordInitialRecommendation), so a fresh HPA does not scale down within its window;
 * - a stabilized recommendation leaves AbleToScale at ScaleDownStabilized (or ScaleUpStabilized with
 *   spec.behavior, when the proposal is not below the current count) even when nothing is rescaled.
 *
 * Usage comes from the resource metrics API (`metrics.k8s.io/v1beta1` PodMetrics, listed by the
 * target's selector through the API server, which proxies it to metrics-server), as the REST metrics
 * client reads it once per metric and sync; a failed list is `unable to fetch metrics from resource
 * metrics API: <the error>`, an empty one `no metrics returned from resource metrics API`.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, HPAScalingRules, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { Pod, StoredObject } from '../types';
import { deepCopy, keyOf } from '../types';
import { isStatusError } from '../api/types';
import { parseSelector } from '../api/labels';
import { milliValue, parseQuantity } from '../api/quantity';
import { errText, isPodReady, podReadyCondition, timeMs } from './internal/util';

export type HPA = HorizontalPodAutoscaler & StoredObject;
type PodObj = Pod & StoredObject;

/** What the metrics API tells about one pod: the sum over its containers. */
export interface PodUsage {
  cpuMilli: number;
  memoryBytes: number;
  /** per container, when known (for ContainerResource metrics) */
  containers?: Record<string, { cpuMilli: number; memoryBytes: number }>;
}

/** A stand-in for the metrics API (tests give one, as the real controller's tests give a fake metrics client). */
export interface PodMetricsSource {
  podUsage(namespace: string, name: string): PodUsage | undefined;
}

/** The part of a PodMetrics the controller reads. */
interface RestPodMetrics {
  metadata: { name: string };
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}

export const HPA_SYNC_PERIOD_MS = 15_000;
export const HPA_TOLERANCE = 0.1;
export const DOWNSCALE_STABILIZATION_MS = 300_000;
export const CPU_INITIALIZATION_PERIOD_MS = 300_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

interface Recommendation {
  replicas: number;
  atMs: number;
}
interface ScaleEvent {
  change: number;
  atMs: number;
}

interface MetricResult {
  replicas: number;
  metricName: string;
  status: MetricStatus;
}

/**
 * A metric that could not be computed. `message` is what computeReplicasForMetric returns, and
 * (getUnableComputeReplicaCountCondition) the text of the per-metric event and of the ScalingActive
 * condition: for a Resource metric it starts with `failed to get cpu utilization: `, because 1.31's
 * computeStatusForResourceMetricGeneric wraps the replica calculator's error before that call.
 */
class MetricError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function scaleResource(kind: string, apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  switch (`${group}/${kind}`) {
    case 'apps/Deployment':
      return 'deployments';
    case 'apps/ReplicaSet':
      return 'replicasets';
    case 'apps/StatefulSet':
      return 'statefulsets';
    case '/ReplicationController':
      return 'replicationcontrollers';
    default:
      return undefined;
  }
}

export class HorizontalController implements Component {
  readonly name = 'horizontal-pod-autoscaler-controller';
  static readonly eventSource = 'horizontal-pod-autoscaler';
  static readonly user = 'system:serviceaccount:kube-system:horizontal-pod-autoscaler';

  /** A stand-in for the resource metrics API; unset, the controller lists PodMetrics through its client. */
  metrics: PodMetricsSource | undefined;
  syncPeriodMs = HPA_SYNC_PERIOD_MS;
  tolerance = HPA_TOLERANCE;
  downscaleStabilizationMs = DOWNSCALE_STABILIZATION_MS;

  readonly queue: WorkQueue;
  private readonly hpas: Informer<HPA>;
  private readonly pods: Informer<PodObj>;
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(private readonly ctx: ComponentContext) {
    this.hpas = ctx.informers.informer<HPA>('horizontalpodautoscalers');
    this.pods = ctx.informers.informer<PodObj>('pods');
    this.queue = ctx.newQueue('horizontalpodautoscaler', (k) => this.reconcileKey(k));
  }

  start(): void {
    this.hpas.addEventHandler({
      add: (h) => this.queue.add(keyOf(h)),
      update: (old, cur) => {
        // Spec changes are picked up at once; status writes wait for the next period.
        if (old.metadata.generation !== cur.metadata.generation) this.queue.add(keyOf(cur));
      },
      delete: (h) => {
        const k = keyOf(h);
        this.recommendations.delete(k);
        this.scaleUpEvents.delete(k);
        this.scaleDownEvents.delete(k);
      },
    });
    this.pods.addEventHandler({});
    this.ctx.informers.start();
  }

  private reconcileKey(key: string): void {
    if (!this.hpas.hasSynced() || !this.pods.hasSynced()) {
      this.queue.addAfter(key, 100);
      return;
    }
    const hpa = this.hpas.get(key);
    if (!hpa) return;
    try {
      this.reconcileAutoscaler(hpa);
    } finally {
      this.queue.addAfter(key, this.syncPeriodMs);
    }
  }

  private reconcileAutoscaler(hpa: HPA): void {
    const key = keyOf(hpa);
    const now = this.ctx.clock.now();
    const spec = hpa.spec!;
    const status: HorizontalPodAutoscalerStatus = deepCopy(hpa.status ?? { desiredReplicas: 0 });
    const conds: HorizontalPodAutoscalerCondition[] = status.conditions ?? [];
    const ts = this.ctx.clock.timestamp(now);
    const setCond = (type: string, st: 'True' | 'False', reason: string, message: string) => {
      const c = conds.find((x) => x.type === type);
      if (c) {
        if (c.status !== st) c.lastTransitionTime = ts;
        Object.assign(c, { status: st, reason, message });
      } else conds.push({ type, status: st, reason, message, lastTransitionTime: ts });
    };
    const ref = spec.scaleTargetRef;
    const resource = scaleResource(ref.kind, ref.apiVersion ?? '');
    const ns = hpa.metadata.namespace;
    let scale: { spec?: { replicas?: number }; status?: { replicas?: number; selector?: string } };
    try {
      if (!resource) throw new Error(`no matches for kind "${ref.kind}" in group "${(ref.apiVersion ?? '').split('/')[0]}"`);
      scale = this.ctx.client.get(resource, ns, ref.name, { subresource: 'scale' }) as typeof scale;
    } catch (e) {
      setCond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${errText(e)}`);
      this.ctx.recorder.event(hpa, 'Warning', 'FailedGetScale', errText(e));
      this.writeStatus(hpa, { ...status, conditions: conds });
      return;
    }
    setCond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = scale.spec?.replicas ?? 0;
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas: current, atMs: now }]);
    const minReplicas = spec.minReplicas ?? 1;
    const maxReplicas = spec.maxReplicas;
    let desired = 0;
    let rescaleReason = '';
    // Only the metrics branch reads metrics; outside it the status carries none.
    let metricStatuses: MetricStatus[] | undefined;
    let rescale = true;

    if (current === 0 && minReplicas !== 0) {
      desired = 0;
      rescale = false;
      setCond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desired = maxReplicas;
    } else if (current < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desired = minReplicas;
    } else {
      let proposal = 0;
      let metricName = '';
      const statuses: MetricStatus[] = [];
      let firstErr: MetricError | undefined;
      let okCount = 0;
      let invalid = 0;
      for (const m of spec.metrics ?? []) {
        try {
          const r = this.computeReplicasForMetric(hpa, m, current, scale.status?.selector ?? '', now);
          statuses.push(r.status);
          okCount++;
          if (r.replicas > proposal) {
            proposal = r.replicas;
            metricName = r.metricName;
          }
        } catch (e) {
          const me = e instanceof MetricError ? e : new MetricError('FailedGetResourceMetric', errText(e));
          if (me.reason !== 'InvalidSelector') this.ctx.recorder.event(hpa, 'Warning', me.reason, me.message);
          firstErr ??= me;
          invalid++;
          // computeReplicasForMetrics leaves the failed metric's MetricStatus zero: `type: ""`.
          statuses.push({ type: '' } as unknown as MetricStatus);
        }
      }
      metricStatuses = statuses;
      if (okCount === 0 || (firstErr && proposal < current)) {
        // No metric, or an error while the others would scale down: do nothing this round.
        const err = firstErr ?? new MetricError('FailedGetResourceMetric', 'no metrics');
        if (err.reason === 'InvalidSelector') {
          setCond('ScalingActive', 'False', err.reason, err.message);
          this.ctx.recorder.event(hpa, 'Warning', err.reason, err.message);
        } else setCond('ScalingActive', 'False', err.reason, `the HPA was unable to compute the replica count: ${err.message}`);
        // computeReplicasForMetrics returns -1 (every metric invalid, or some invalid while the rest
        // would scale down), so reconcileAutoscaler fails the round and says so with the counts.
        const n = (spec.metrics ?? []).length;
        this.ctx.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', err.reason === 'InvalidSelector' ? err.message : `invalid metrics (${invalid || n} invalid out of ${n}), first error is: ${err.message}`);
        this.writeStatus(hpa, { ...status, currentMetrics: metricStatuses, conditions: conds, currentReplicas: current, desiredReplicas: status.desiredReplicas ?? current });
        return;
      }
      setCond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
      if (proposal > current) rescaleReason = `${metricName} above target`;
      else if (proposal < current) rescaleReason = 'All metrics below target';
      desired = spec.behavior
        ? this.normalizeWithBehaviors(key, hpa, proposal, current, minReplicas, maxReplicas, setCond, now)
        : this.normalize(key, proposal, current, minReplicas, maxReplicas, setCond, now);
      rescale = desired !== current;
    }

    if (rescale && desired !== current) {
      try {
        const body = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: ref.name, namespace: ns }, spec: { replicas: desired } };
        this.ctx.client.update(resource!, body as never, { subresource: 'scale' });
      } catch (e) {
        setCond('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${errText(e)}`);
        this.ctx.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${rescaleReason}; error: ${errText(e)}`);
        this.writeStatus(hpa, { ...status, currentReplicas: current, currentMetrics: metricStatuses?.length ? metricStatuses : undefined, conditions: conds });
        return;
      }
      setCond('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      this.ctx.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${rescaleReason}`);
      this.storeScaleEvent(key, current, desired, now);
      status.lastScaleTime = ts;
    } else {
      // Not rescaling: the conditions normalization set stay (ScaleDownStabilized included).
      desired = current;
    }
    this.writeStatus(hpa, {
      ...status,
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics: metricStatuses && metricStatuses.length ? metricStatuses : undefined,
      conditions: conds,
    });
  }

  /** The pods the target's selector picks, minus those being deleted and Failed ones. */
  private podsFor(ns: string, selector: string): PodObj[] {
    let match: (l: Record<string, string> | undefined) => boolean;
    try {
      const sel = parseSelector(selector);
      match = (l) => sel.matches(l ?? {});
    } catch (e) {
      throw new MetricError('InvalidSelector', `couldn't convert selector into a corresponding internal selector object: ${errText(e)}`);
    }
    if (!selector) throw new MetricError('InvalidSelector', 'selector is required');
    return this.pods.list(ns).filter((p) => match(p.metadata.labels));
  }

  /** GetResourceMetric: one list of the namespace's PodMetrics by the target's selector. */
  private resourceMetrics(ns: string, selector: string, resName: string): (pod: string) => PodUsage | undefined {
    const fake = this.metrics;
    if (fake) return (pod) => fake.podUsage(ns, pod);
    const fail = (why: string) => new MetricError('FailedGetResourceMetric', `failed to get ${resName} utilization: unable to get metrics for resource ${resName}: ${why}`);
    let items: RestPodMetrics[];
    try {
      const client = this.ctx.client;
      if (!client.aggregated) throw fail('unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)');
      items = client.aggregated<{ items: RestPodMetrics[] }>('metrics.k8s.io', 'v1beta1', 'pods', ns, undefined, selector ? { labelSelector: selector } : {}).items;
    } catch (e) {
      if (e instanceof MetricError) throw e;
      if (!isStatusError(e)) throw e;
      throw fail(`unable to fetch metrics from resource metrics API: ${e.message}`);
    }
    if (items.length === 0) throw fail('no metrics returned from resource metrics API');
    const byPod = new Map<string, PodUsage>();
    for (const m of items) {
      const containers: Record<string, { cpuMilli: number; memoryBytes: number }> = {};
      let cpuMilli = 0;
      let memoryBytes = 0;
      for (const c of m.containers) {
        const cu = { cpuMilli: milliValue(parseQuantity(c.usage.cpu)), memoryBytes: Math.floor(milliValue(parseQuantity(c.usage.memory)) / 1000) };
        containers[c.name] = cu;
        cpuMilli += cu.cpuMilli;
        memoryBytes += cu.memoryBytes;
      }
      byPod.set(m.metadata.name, { cpuMilli, memoryBytes, containers });
    }
    return (pod) => byPod.get(pod);
  }

  private computeReplicasForMetric(hpa: HPA, m: MetricSpec, current: number, selector: string, now: number): MetricResult {
    if (m.type !== 'Resource' && m.type !== 'ContainerResource') {
      throw new MetricError(`FailedGet${m.type}Metric`, `unable to get metric: ${m.type} metrics are not served in this cluster`);
    }
    const src = m.type === 'Resource' ? m.resource! : m.containerResource!;
    const resName = src.name;
    const container = m.type === 'ContainerResource' ? m.containerResource!.container : undefined;
    const target = src.target;
    const ns = hpa.metadata.namespace ?? 'default';
    const usageOf = this.resourceMetrics(ns, selector, resName);
    const pods = this.podsFor(ns, selector);
    if (pods.length === 0) throw new MetricError('FailedGetResourceMetric', `failed to get ${resName} utilization: unable to get metrics for resource ${resName}: no metrics returned from resource metrics API`);
    const usage = new Map<string, number>();
    const missing = new Set<string>();
    const unready = new Set<string>();
    const ignored = new Set<string>();
    const requests = new Map<string, number>();
    for (const p of pods) {
      const name = p.metadata.name;
      if (p.metadata.deletionTimestamp || p.status?.phase === 'Failed') {
        ignored.add(name);
        continue;
      }
      if (p.status?.phase === 'Pending') {
        unready.add(name);
        continue;
      }
      const u = usageOf(name);
      if (!u) {
        missing.add(name);
        continue;
      }
      let val: number;
      if (container) {
        const cu = u.containers?.[container];
        if (!cu) {
          missing.add(name);
          continue;
        }
        val = resName === 'cpu' ? cu.cpuMilli : cu.memoryBytes * 1000;
      } else val = resName === 'cpu' ? u.cpuMilli : u.memoryBytes * 1000;
      if (resName === 'cpu' && this.cpuUnready(p, now)) {
        unready.add(name);
        continue;
      }
      usage.set(name, val);
    }
    if (target.type === 'Utilization') {
      for (const p of pods) {
        let req = 0;
        for (const c of p.spec?.containers ?? []) {
          if (container && c.name !== container) continue;
          const q = c.resources?.requests?.[resName];
          if (q === undefined) throw new MetricError('FailedGetResourceMetric', `failed to get ${resName} utilization: missing request for ${resName} in container ${c.name} of Pod ${p.metadata.name}`);
          req += milliValue(parseQuantity(q as string));
        }
        requests.set(p.metadata.name, req);
      }
    }
    const metricName = target.type === 'Utilization' ? `${resName} resource utilization (percentage of request)` : `${resName} resource`;
    const readyCount = usage.size;
    const targetUtil = target.averageUtilization ?? 0;
    const targetAvgMilli = target.averageValue !== undefined ? milliValue(parseQuantity(target.averageValue as string)) * (resName === 'cpu' ? 1 : 1) : 0;

    const compute = (u: Map<string, number>): { ratio: number; utilization: number; avgMilli: number } => {
      let sumUse = 0;
      let sumReq = 0;
      for (const [name, v] of u) {
        sumUse += v;
        sumReq += requests.get(name) ?? 0;
      }
      if (target.type === 'Utilization') {
        if (sumReq === 0) throw new MetricError('FailedGetResourceMetric', `failed to get ${resName} utilization: no metrics returned matched known pods`);
        const util = Math.trunc((sumUse * 100) / sumReq);
        return { ratio: util / targetUtil, utilization: util, avgMilli: u.size ? sumUse / u.size : 0 };
      }
      const avg = u.size ? sumUse / u.size : 0;
      return { ratio: avg / targetAvgMilli, utilization: 0, avgMilli: avg };
    };
    if (readyCount === 0 && missing.size === 0) throw new MetricError('FailedGetResourceMetric', `failed to get ${resName} utilization: did not receive metrics for targeted pods (pods might be unready)`);
    const first = compute(usage);
    const statusOf = (): MetricStatus => {
      const cur =
        target.type === 'Utilization'
          ? { averageUtilization: first.utilization, averageValue: resName === 'cpu' ? `${Math.round(first.avgMilli)}m` : `${Math.round(first.avgMilli / 1000)}` }
          : { averageValue: resName === 'cpu' ? `${Math.round(first.avgMilli)}m` : `${Math.round(first.avgMilli / 1000)}` };
      return m.type === 'Resource' ? { type: 'Resource', resource: { name: resName, current: cur } } : { type: 'ContainerResource', containerResource: { name: resName, container: container!, current: cur } };
    };
    const rebalanceIgnored = unready.size > 0 && first.ratio > 1;
    if (!rebalanceIgnored && missing.size === 0) {
      if (Math.abs(1 - first.ratio) <= this.tolerance) return { replicas: current, metricName, status: statusOf() };
      return { replicas: Math.ceil(first.ratio * readyCount), metricName, status: statusOf() };
    }
    const fill = new Map(usage);
    const fullTarget = (name: string) => (target.type === 'Utilization' ? ((requests.get(name) ?? 0) * targetUtil) / 100 : targetAvgMilli);
    for (const name of missing) fill.set(name, first.ratio < 1 ? fullTarget(name) : 0);
    if (rebalanceIgnored) for (const name of unready) fill.set(name, 0);
    const second = compute(fill);
    if (Math.abs(1 - second.ratio) <= this.tolerance || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) {
      return { replicas: current, metricName, status: statusOf() };
    }
    const next = Math.ceil(second.ratio * fill.size);
    if ((first.ratio < 1 && next > current) || (first.ratio > 1 && next < current)) return { replicas: current, metricName, status: statusOf() };
    return { replicas: next, metricName, status: statusOf() };
  }

  /** For cpu: a pod still initializing, or one that was never Ready since its start, is unready. */
  private cpuUnready(p: PodObj, now: number): boolean {
    const start = timeMs(p.status?.startTime) ?? timeMs(p.metadata.creationTimestamp) ?? now;
    const ready = isPodReady(p);
    const c = podReadyCondition(p);
    const transition = timeMs(c?.lastTransitionTime) ?? start;
    if (start + CPU_INITIALIZATION_PERIOD_MS > now) return !ready;
    return !ready && start + INITIAL_READINESS_DELAY_MS > transition;
  }

  private recordRecommendation(key: string, replicas: number, now: number, windowMs: number): Recommendation[] {
    const list = (this.recommendations.get(key) ?? []).filter((r) => r.atMs > now - Math.max(windowMs, this.downscaleStabilizationMs));
    list.push({ replicas, atMs: now });
    this.recommendations.set(key, list);
    return list;
  }

  /** normalizeDesiredReplicas: stabilization (highest in the downscale window) and the default limits. */
  private normalize(key: string, proposal: number, current: number, min: number, max: number, setCond: (t: string, s: 'True' | 'False', r: string, m: string) => void, now: number): number {
    const prior = (this.recommendations.get(key) ?? []).filter((r) => r.atMs > now - this.downscaleStabilizationMs);
    let stabilized = proposal;
    for (const r of prior) stabilized = Math.max(stabilized, r.replicas);
    this.recordRecommendation(key, proposal, now, this.downscaleStabilizationMs);
    if (stabilized !== proposal) setCond('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    else setCond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const scaleUpLimit = Math.max(2 * current, 4);
    let limit = max;
    let reason = 'TooManyReplicas';
    let msg = 'the desired replica count is more than the maximum replica count';
    if (scaleUpLimit < max) {
      limit = scaleUpLimit;
      reason = 'ScaleUpLimit';
      msg = 'the desired replica count is increasing faster than the maximum scale rate';
    }
    if (stabilized > limit) {
      setCond('ScalingLimited', 'True', reason, msg);
      return limit;
    }
    if (stabilized < min) {
      setCond('ScalingLimited', 'True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count');
      return min;
    }
    setCond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
    return stabilized;
  }

  private normalizeWithBehaviors(
    key: string,
    hpa: HPA,
    proposal: number,
    current: number,
    min: number,
    max: number,
    setCond: (t: string, s: 'True' | 'False', r: string, m: string) => void,
    now: number,
  ): number {
    const b = hpa.spec!.behavior!;
    const upWindowMs = (b.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const downWindowMs = (b.scaleDown?.stabilizationWindowSeconds ?? this.downscaleStabilizationMs / 1000) * 1000;
    const prior = this.recommendations.get(key) ?? [];
    let up = proposal;
    let down = proposal;
    for (const r of prior) {
      if (r.atMs > now - upWindowMs) up = Math.min(up, r.replicas);
      if (r.atMs > now - downWindowMs) down = Math.max(down, r.replicas);
    }
    let rec = current;
    if (rec < up) rec = up;
    if (rec > down) rec = down;
    this.recordRecommendation(key, proposal, now, Math.max(upWindowMs, downWindowMs));
    if (rec !== proposal) {
      // The reason follows the proposal's direction, not the window that held it back.
      if (proposal >= current) setCond('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
      else setCond('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    } else setCond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');

    if (rec > current) {
      const limit = Math.min(this.scaleLimit(key, current, b.scaleUp, 'up', now), max);
      if (rec > limit) {
        const tooMany = limit === max;
        setCond('ScalingLimited', 'True', tooMany ? 'TooManyReplicas' : 'ScaleUpLimit', tooMany ? 'the desired replica count is more than the maximum replica count' : 'the desired replica count is increasing faster than the maximum scale rate');
        return limit;
      }
    } else if (rec < current) {
      const limit = Math.max(this.scaleLimit(key, current, b.scaleDown, 'down', now), min);
      if (rec < limit) {
        const tooFew = limit === min;
        setCond('ScalingLimited', 'True', tooFew ? 'TooFewReplicas' : 'ScaleDownLimit', tooFew ? 'the desired replica count is less than the minimum replica count' : 'the desired replica count is decreasing faster than the maximum scale rate');
        return limit;
      }
    }
    setCond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
    return rec;
  }

  /** calculateScale{Up,Down}LimitWithScalingRules. */
  private scaleLimit(key: string, current: number, rules: HPAScalingRules | undefined, dir: 'up' | 'down', now: number): number {
    const select = rules?.selectPolicy ?? 'Max';
    if (select === 'Disabled') return current;
    const policies = rules?.policies ?? (dir === 'up' ? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] : [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
    const ups = this.scaleUpEvents.get(key) ?? [];
    const downs = this.scaleDownEvents.get(key) ?? [];
    let result = dir === 'up' ? (select === 'Max' ? -Infinity : Infinity) : select === 'Max' ? Infinity : -Infinity;
    for (const p of policies) {
      const since = now - p.periodSeconds * 1000;
      const added = ups.filter((e) => e.atMs > since).reduce((s, e) => s + e.change, 0);
      const deleted = downs.filter((e) => e.atMs > since).reduce((s, e) => s + e.change, 0);
      const periodStart = current - added + deleted;
      let proposed: number;
      if (dir === 'up') {
        proposed = p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / 100));
        result = select === 'Max' ? Math.max(result, proposed) : Math.min(result, proposed);
      } else {
        // Scaling down, a Percent policy's count is truncated (Go's int32 conversion), not rounded up.
        proposed = p.type === 'Pods' ? periodStart - p.value : Math.trunc(periodStart * (1 - p.value / 100));
        result = select === 'Max' ? Math.min(result, proposed) : Math.max(result, proposed);
      }
    }
    return result;
  }

  private storeScaleEvent(key: string, prev: number, next: number, now: number): void {
    const keepMs = 30 * 60_000;
    const map = next > prev ? this.scaleUpEvents : this.scaleDownEvents;
    const list = (map.get(key) ?? []).filter((e) => e.atMs > now - keepMs);
    list.push({ change: Math.abs(next - prev), atMs: now });
    map.set(key, list);
  }

  private writeStatus(hpa: HPA, status: HorizontalPodAutoscalerStatus): void {
    const clean = JSON.parse(JSON.stringify(status)) as HorizontalPodAutoscalerStatus;
    if (JSON.stringify(hpa.status ?? {}) === JSON.stringify(clean)) return;
    const body = deepCopy(hpa) as HPA;
    body.status = clean;
    try {
      this.ctx.client.update('horizontalpodautoscalers', body, { subresource: 'status' });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }
}
