/**
 * An HPA's first metric over virtual time against its target, with the replica count, as a small d3
 * chart. The worker samples the HPA's status each time the controller writes it; between samples the
 * value holds (a step line), up to now.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { curveStepAfter, line, scaleLinear } from 'd3';
import { useHpaSamples } from '../state/stores';
import type { HpaSample } from '../worker/protocol';
import { clockSeconds } from './format';
import { useT } from './i18n';

const H = 150;
const M = { top: 12, right: 34, bottom: 22, left: 40 };
/** The chart shows at most this much virtual time, ending now. */
const WINDOW_MS = 15 * 60_000;
const EMPTY: readonly HpaSample[] = [];

export const HpaChart = memo(function HpaChart({ hpaKey, nowMs }: { hpaKey: string; nowMs: number }) {
  const tr = useT();
  const samples = useHpaSamples((s) => s.byKey.get(hpaKey) ?? EMPTY);
  const box = useRef<HTMLElement>(null);
  const [W, setW] = useState(420);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(240, Math.floor(el.clientWidth))));
    ro.observe(el);
    setW(Math.max(240, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, [samples.length > 0]);
  const chart = useMemo(() => draw(samples, nowMs, W), [samples, nowMs, W]);
  const last = samples.at(-1);
  const metric = last?.metrics[0];
  if (!chart || !metric) {
    return <p className="muted small chart-empty">{tr('hpa.noMetric')}</p>;
  }
  const fmt = (v: number): string => (metric.unit === '%' ? `${Math.round(v)}%` : shortNumber(v));
  const described = { metric: metric.name, current: fmt(metric.current), replicas: last.currentReplicas, desired: last.desiredReplicas };
  const aria = metric.target !== undefined ? tr('hpa.ariaTarget', { ...described, target: fmt(metric.target) }) : tr('hpa.aria', described);
  return (
    <figure className="hpa-chart" ref={box}>
      <figcaption className="small">
        <span className="legend metric">
          {metric.name}: <b>{fmt(metric.current)}</b>
          {metric.target !== undefined ? <> / {tr('hpa.target', { value: fmt(metric.target) })}</> : null}
        </span>
        {metric.target !== undefined ? <span className="legend target">{tr('hpa.targetLegend')}</span> : null}
        <span className="legend replicas">{tr('hpa.replicasLegend')}</span>
      </figcaption>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={aria}>
        <g className="axis">
          {chart.yTicks.map((t) => (
            <g key={t} transform={`translate(0,${chart.y(t)})`}>
              <line x1={M.left} x2={W - M.right} className="grid" />
              <text x={M.left - 4} dy="0.32em" textAnchor="end">
                {fmt(t)}
              </text>
            </g>
          ))}
          {chart.rTicks.map((t) => (
            <text key={t} x={W - M.right + 4} y={chart.r(t)} dy="0.32em" className="r-tick">
              {t}
            </text>
          ))}
          {chart.xTicks.map((t) => (
            <text key={t} x={chart.x(t)} y={H - 6} textAnchor="middle">
              {clockSeconds(t)}
            </text>
          ))}
        </g>
        {chart.target !== undefined ? <line className="target" x1={M.left} x2={W - M.right} y1={chart.y(chart.target)} y2={chart.y(chart.target)} /> : null}
        <path className="replicas-line" d={chart.replicasPath} />
        <path className="metric-line" d={chart.metricPath} />
      </svg>
    </figure>
  );
});

function draw(samples: readonly HpaSample[], nowMs: number, W: number) {
  const withMetric = samples.filter((s) => s.metrics.length > 0);
  if (withMetric.length === 0) return null;
  const name = withMetric.at(-1)!.metrics[0]!.name;
  const end = Math.max(nowMs, samples.at(-1)!.atMs);
  const start = Math.max(samples[0]!.atMs, end - WINDOW_MS);
  const x0 = Math.min(start, end - 60_000);
  // The sample in force at the window's start, then every later one, then "now".
  const inWindow = samples.filter((s) => s.atMs >= x0);
  const before = samples.filter((s) => s.atMs < x0).at(-1);
  const pts = (before ? [{ ...before, atMs: x0 }] : []).concat(inWindow);
  const tail = pts.at(-1)!;
  pts.push({ ...tail, atMs: end });

  const metricPts = pts.map((s) => ({ t: s.atMs, v: s.metrics.find((m) => m.name === name)?.current })).filter((p): p is { t: number; v: number } => p.v !== undefined);
  const target = withMetric.at(-1)!.metrics[0]!.target;
  const vMax = Math.max(target ?? 0, ...metricPts.map((p) => p.v), 1) * 1.15;
  const rMax = Math.max(...pts.map((s) => Math.max(s.currentReplicas, s.desiredReplicas)), 1) + 1;

  const x = scaleLinear().domain([x0, end]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, vMax]).range([H - M.bottom, M.top]).nice(4);
  const r = scaleLinear().domain([0, rMax]).range([H - M.bottom, M.top]);
  const metricPath = line<{ t: number; v: number }>()
    .x((p) => x(p.t))
    .y((p) => y(p.v))
    .curve(curveStepAfter)(metricPts) ?? '';
  const replicasPath = line<HpaSample>()
    .x((p) => x(p.atMs))
    .y((p) => r(p.currentReplicas))
    .curve(curveStepAfter)(pts) ?? '';
  const rTicks = r.ticks(Math.min(4, rMax)).filter((t) => Number.isInteger(t));
  return { x, y, r, metricPath, replicasPath, target, yTicks: y.ticks(4), rTicks, xTicks: x.ticks(Math.max(2, Math.floor(W / 110))) };
}

function shortNumber(v: number): string {
  if (v >= 2 ** 30) return `${(v / 2 ** 30).toFixed(1)}Gi`;
  if (v >= 2 ** 20) return `${Math.round(v / 2 ** 20)}Mi`;
  if (v < 10 && !Number.isInteger(v)) return v.toFixed(2);
  return String(Math.round(v));
}
