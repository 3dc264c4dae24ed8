import { describe, expect, it } from 'vitest';
import type { HPA } from './horizontalpodautoscaler';
import { Story, deployment } from './scenarios/kit';
import { HorizontalController } from './horizontalpodautoscaler';

/**
 * What the HPA controller writes about why it scaled (the SuccessfulRescale reason) and what its
 * AbleToScale condition says, in the cases the 1.31 controller tells apart.
 */
function setup(replicas: number, spec: Record<string, unknown>) {
  const s = new Story();
  s.create('deployments', deployment('web', replicas, {}, { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] }));
  // Every pod uses the same cpu; 50m of a 100m request is the 50% target exactly.
  const load = { perPodMilli: 50 };
  const ctl = s.cluster.components.find((c): c is HorizontalController => c instanceof HorizontalController)!;
  ctl.metrics = { podUsage: (ns) => (ns === 'default' ? { cpuMilli: load.perPodMilli, memoryBytes: 10 << 20 } : undefined) };
  s.advance(30_000);
  s.create('horizontalpodautoscalers', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }], ...spec },
  });
  const rescales = () => s.events('SuccessfulRescale', 'web').map((e) => e.message);
  const hpa = () => s.get<HPA>('horizontalpodautoscalers', 'web');
  const cond = (type: string) => {
    const c = hpa().status?.conditions?.find((x) => x.type === type);
    return c && [c.status, c.reason, c.message];
  };
  const setReplicas = (n: number) => s.k.patch('deployments', 'default', 'web', { spec: { replicas: n } });
  return { s, load, rescales, hpa, cond, setReplicas };
}

describe('the HPA rescale reason', () => {
  it('is empty when the metrics propose the current count and the stabilization window brings it back', () => {
    const t = setup(4, { minReplicas: 1 });
    t.s.advance(60_000);
    expect(t.rescales()).toEqual([]);
    // A manifest applied again resets replicas to 1; the pod left is at target, so the metrics
    // propose 1, and the 4s recommended within the last 5 minutes win.
    t.setReplicas(1);
    t.s.advance(15_000);
    expect(t.rescales()).toEqual(['New size: 4; reason: ']);
    expect(t.cond('AbleToScale')).toEqual(['True', 'SucceededRescale', 'the HPA controller was able to update the target scale to 4']);
    expect(t.cond('ScalingLimited')).toEqual(['False', 'DesiredWithinRange', 'the desired count is within the acceptable range']);
  });

  it('names Spec.MinReplicas or Spec.MaxReplicas when the target is outside them, and leaves the metrics out of the status', () => {
    const t = setup(4, { minReplicas: 3, maxReplicas: 6 });
    t.s.advance(60_000);
    expect(t.hpa().status?.currentMetrics).toHaveLength(1);
    t.setReplicas(1);
    t.s.advance(15_000);
    expect(t.rescales()).toEqual(['New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
    expect(t.hpa().status?.currentMetrics).toBeUndefined();
    expect(t.cond('ScalingActive')).toEqual(['True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)']);
    t.setReplicas(9);
    t.s.advance(15_000);
    expect(t.rescales()).toEqual(['New size: 3; reason: Current number of replicas below Spec.MinReplicas', 'New size: 6; reason: Current number of replicas above Spec.MaxReplicas']);
  });

  it('keeps a fresh HPA at the current count for the window (its first recommendation), reporting ScaleDownStabilized, then says All metrics below target', () => {
    const t = setup(4, { minReplicas: 1 });
    t.load.perPodMilli = 10;
    t.s.advance(60_000);
    expect(t.rescales()).toEqual([]);
    expect(t.s.get('deployments', 'web')).toMatchObject({ spec: { replicas: 4 } });
    expect(t.cond('AbleToScale')).toEqual(['True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation']);
    t.s.advance(300_000);
    expect(t.rescales()).toEqual(['New size: 1; reason: All metrics below target']);
  });

  it('with spec.behavior, reports ScaleUpStabilized when a scale-up is held by its window', () => {
    const t = setup(2, { minReplicas: 1, behavior: { scaleUp: { stabilizationWindowSeconds: 120 } } });
    t.s.advance(30_000);
    t.load.perPodMilli = 100;
    t.s.advance(15_000);
    expect(t.rescales()).toEqual([]);
    expect(t.cond('AbleToScale')).toEqual(['True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation']);
  });

  it('with a Percent scale-down policy, truncates the allowed count', () => {
    const t = setup(5, { minReplicas: 1, behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } } });
    t.load.perPodMilli = 5;
    t.s.advance(20_000);
    // 5 × (1 − 50%) = 2.5, which the controller's int32 conversion makes 2.
    expect(t.rescales()).toEqual(['New size: 2; reason: All metrics below target']);
    expect(t.cond('ScalingLimited')).toEqual(['True', 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']);
  });
});
