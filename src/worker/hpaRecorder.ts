/**
 * HPA status samples of one run, from the cluster's start: HPAs are few and their history is what the
 * page charts, so they are sampled (also while replaying to a link's time, or building a checkpoint)
 * each time the controller writes their status.
 */
import type { ScenarioRun } from '../scenario/runner';
import type { StoredObject } from '../sim/types';
import { parseQuantity, value as quantityValue } from '../sim/api/quantity';
import type { HpaMetricPoint, HpaSample } from './protocol';

/** HPA samples kept per HPA (the oldest drop off); at one write per 15 s sync, over 2 virtual hours. */
const HPA_SAMPLES_KEPT = 500;

export class HpaRecorder {
  /** every sample kept, per HPA */
  readonly history = new Map<string, HpaSample[]>();
  /** called with each new sample (the host sends them) */
  onSample: ((s: HpaSample) => void) | undefined;
  readonly stop: () => void;

  constructor(run: ScenarioRun) {
    const api = run.cluster.api;
    const prefix = api.registry.resource('horizontalpodautoscalers')?.storagePrefix;
    const clock = run.cluster.clock;
    this.stop = prefix
      ? api.store.tap(prefix, api.store.revision, (ev) => {
          const key = `${ev.kv.value.metadata.namespace ?? ''}/${ev.kv.value.metadata.name}`;
          if (ev.type === 'DELETE') {
            this.history.delete(key);
            return;
          }
          const sample = hpaSample(key, clock.now(), ev.kv.value);
          let list = this.history.get(key);
          if (!list) this.history.set(key, (list = []));
          const last = list.at(-1);
          if (last && sameSample(last, sample)) return;
          list.push(sample);
          if (list.length > HPA_SAMPLES_KEPT) list.splice(0, list.length - HPA_SAMPLES_KEPT);
          this.onSample?.(sample);
        })
      : () => {};
  }
}

interface HpaShape {
  spec?: { metrics?: { type?: string; resource?: { name?: string; target?: MetricTarget }; containerResource?: { name?: string; container?: string; target?: MetricTarget }; pods?: { metric?: { name?: string }; target?: MetricTarget } }[] };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: { type?: string; resource?: { name?: string; current?: MetricValue }; containerResource?: { name?: string; container?: string; current?: MetricValue }; pods?: { metric?: { name?: string }; current?: MetricValue } }[];
  };
}
interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}
interface MetricValue {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

function num(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return quantityValue(parseQuantity(q));
  } catch {
    return undefined;
  }
}

/** An HPA's status at one moment, with each metric's current value next to its target. */
export function hpaSample(key: string, atMs: number, o: StoredObject): HpaSample {
  const h = o as unknown as HpaShape;
  const metrics: HpaMetricPoint[] = [];
  const specs = h.spec?.metrics ?? [];
  for (const m of h.status?.currentMetrics ?? []) {
    const src = m.resource ?? m.containerResource ?? m.pods;
    if (!src) continue;
    const rawName = 'metric' in src ? src.metric?.name : (src as { name?: string }).name;
    const container = 'container' in src ? (src as { container?: string }).container : undefined;
    const name = m.type === 'Pods' ? `pods/${rawName ?? ''}` : container ? `${rawName}/${container}` : (rawName ?? '');
    const spec = specs.find((s) => s.type === m.type && ((s.resource ?? s.containerResource)?.name ?? s.pods?.metric?.name) === rawName);
    const target = (spec?.resource ?? spec?.containerResource ?? spec?.pods)?.target;
    const cur = src.current ?? {};
    if (cur.averageUtilization !== undefined) {
      metrics.push({ name, current: cur.averageUtilization, unit: '%', ...(target?.averageUtilization !== undefined ? { target: target.averageUtilization } : {}) });
    } else {
      const current = num(cur.averageValue ?? cur.value);
      const t = num(target?.averageValue ?? target?.value);
      if (current !== undefined) metrics.push({ name, current, unit: '', ...(t !== undefined ? { target: t } : {}) });
    }
  }
  return { key, atMs, currentReplicas: h.status?.currentReplicas ?? 0, desiredReplicas: h.status?.desiredReplicas ?? 0, metrics };
}

function sameSample(a: HpaSample, b: HpaSample): boolean {
  return a.currentReplicas === b.currentReplicas && a.desiredReplicas === b.desiredReplicas && JSON.stringify(a.metrics) === JSON.stringify(b.metrics);
}
