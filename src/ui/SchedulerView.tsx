/**
 * The scheduler panel (loaded on first use): kube-scheduler's queue, live; one scheduling cycle as a
 * nodes × plugins table (Filter verdicts with their reasons, then raw → normalized → weighted scores,
 * the total and the winner, or the FitError); and step scheduling, which stops the cycle before each
 * extension point so a class can walk through one pod's placement.
 */
import { useMemo, useState } from 'react';
import type { CycleTrace, PluginVerdict } from '../sim/scheduler/framework/trace';
import { cluster } from '../state/cluster';
import { latestTraceOf, useObjects, useScenario, useScheduler } from '../state/stores';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { useUi } from '../state/ui';
import type { QueuedPod } from '../worker/protocol';
import { clockTime } from './format';

const QUEUES: { id: QueuedPod['queue']; label: string; hint: string }[] = [
  { id: 'activeQ', label: 'Active', hint: 'activeQ: waiting for a scheduling cycle, highest priority first' },
  { id: 'backoffQ', label: 'Backoff', hint: 'backoffQ: failed recently, waiting out a backoff (1 s doubling to 10 s)' },
  { id: 'unschedulablePods', label: 'Unschedulable', hint: 'unschedulablePods: fit nowhere; moved back when a cluster event may help (at most 5 min)' },
];

export default function SchedulerView() {
  const stepMode = useScheduler((s) => s.stepMode);
  const step = useScheduler((s) => s.step);
  const traces = useScheduler((s) => s.traces);
  const selection = useUi((s) => s.selection);
  const selPod = selection?.resource === 'pod' ? `${selection.namespace}/${selection.name}` : null;
  const selTrace = useScheduler((s) => (selPod ? latestTraceOf(s, selPod) : undefined));
  /** a cycle picked in the list (its number), or null: follow the stepped cycle, the selected pod or the latest */
  const [pinned, setPinned] = useState<number | null>(null);

  const pinnedTrace = pinned !== null ? traces.find((t) => t.cycle === pinned) : undefined;
  const trace: CycleTrace | undefined = pinnedTrace ?? step?.trace ?? selTrace ?? traces.at(-1);
  const live = !!step && trace === step.trace;

  return (
    <section className="scheduler-view" aria-label="Scheduler">
      <div className="sched-toolbar">
        <label className="sched-toggle" title="Stop each scheduling cycle before every extension point; Next performs one step">
          <input type="checkbox" checked={stepMode} onChange={(e) => cluster.schedStepMode(e.target.checked)} /> Step scheduling
        </label>
        {stepMode ? (
          step?.next ? (
            <>
              <span className="sched-next" data-testid="sched-next" data-step={step.performed.length} data-point={step.next.point} aria-live="polite">
                <strong>Next:</strong> {step.next.text}
              </span>
              <button type="button" className="primary" onClick={() => cluster.schedNext()}>
                Next
              </button>
              <button type="button" onClick={() => cluster.schedFinish()}>
                Finish cycle
              </button>
              <button type="button" onClick={() => cluster.schedRewind()} disabled={step.performed.length === 0} title="Rebuild the cluster at this cycle's start and step it again">
                ⟲ Back to cycle start
              </button>
            </>
          ) : (
            <span className="muted" data-testid="sched-next">
              Waiting for a pod to schedule (the clock runs until one is ready).
            </span>
          )
        ) : (
          <span className="muted small">Turn on to walk through one pod's placement step by step.</span>
        )}
      </div>
      <QueuePanel />
      <ConfigPanel />
      <div className="sched-cycle-head">
        <label className="small">
          Cycle:{' '}
          <select value={pinned ?? ''} onChange={(e) => setPinned(e.target.value === '' ? null : Number(e.target.value))} aria-label="Scheduling cycle">
            <option value="">{step ? 'the stepped cycle' : selTrace ? `the selected pod's latest` : 'the latest'}</option>
            {[...traces].reverse().map((t) => (
              <option key={t.cycle} value={t.cycle}>
                #{t.cycle} {t.pod.namespace}/{t.pod.name} — {t.outcome}
                {t.chosen ? ` → ${t.chosen}` : ''}
              </option>
            ))}
          </select>
        </label>
        {selPod && !selTrace && !pinned && !step ? <span className="muted small">No recorded cycle for {selPod} (pods placed before tracing, or by nodeName, have none).</span> : null}
      </div>
      {trace ? <TraceTable trace={trace} live={live} nextPoint={live ? step?.next : undefined} /> : <p className="muted pad">No scheduling cycle yet. Apply a workload and its pods' cycles appear here.</p>}
    </section>
  );
}

function QueuePanel() {
  const queue = useScheduler((s) => s.queue);
  const counts = useScheduler((s) => s.counts);
  const select = useUi((s) => s.select);
  return (
    <div className="sched-queue" aria-label="Scheduling queue">
      {QUEUES.map((q) => {
        const pods = queue.filter((p) => p.queue === q.id);
        return (
          <div key={q.id} className={`sched-q q-${q.id}`} data-queue={q.id} title={q.hint}>
            <div className="sched-q-title">
              {q.label} <span className="muted">({counts[q.id]})</span>
            </div>
            <div className="sched-q-pods">
              {pods.length === 0 ? <span className="muted small">empty</span> : null}
              {pods.map((p) => (
                <button key={`${p.namespace}/${p.name}`} type="button" className="linklike mono small" data-kind="queued-pod" data-name={p.name} onClick={() => select({ resource: 'pod', namespace: p.namespace, name: p.name })}>
                  {p.namespace !== 'default' ? `${p.namespace}/` : ''}
                  {p.name}
                  {p.attempts ? <span className="muted"> ×{p.attempts}</span> : null}
                </button>
              ))}
              {counts[q.id] > pods.length ? <span className="muted small">+{counts[q.id] - pods.length} more</span> : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const ok = (v: PluginVerdict): boolean => v.code === 'Success';
const bad = (v: PluginVerdict): boolean => v.code !== 'Success' && v.code !== 'Skip';
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function TraceTable({ trace: t, live, nextPoint }: { trace: CycleTrace; live: boolean; nextPoint?: { point: string; node?: string; plugin?: string } | undefined }) {
  const nodesMap = useObjects((s) => s.byResource.nodes);
  const filterPlugins = useMemo(() => {
    const names: string[] = [];
    for (const f of t.filter) for (const p of f.plugins) if (!names.includes(p.plugin)) names.push(p.plugin);
    // Plugins that skipped on every node (nothing to check for this pod) go on one line.
    const skipped = names.filter((n) => t.filter.every((f) => (f.plugins.find((p) => p.plugin === n)?.code ?? 'Skip') === 'Skip'));
    return { shown: names.filter((n) => !skipped.includes(n)), skipped };
  }, [t]);
  // Rows: nodes in the order the cycle filtered them, then the others (not reached yet, or not evaluated).
  const rows = useMemo(() => {
    const seen = new Set(t.filter.map((f) => f.node));
    const rest = [...nodesMap.values()].map((n) => n.metadata.name).filter((n) => !seen.has(n)).sort();
    return [...t.filter.map((f) => f.node), ...rest];
  }, [t, nodesMap]);
  const filterOf = new Map(t.filter.map((f) => [f.node, f]));
  const scoreOf = new Map(t.scores.map((s) => [s.node, s]));
  const preFilterFail = t.preFilter.filter((v) => !ok(v) && v.code !== 'Skip');
  const finished = !live;
  const scoring = t.scorePlugins.length > 0;

  return (
    <div className="sched-trace" data-testid="sched-trace" data-cycle={t.cycle} data-outcome={live ? 'InProgress' : t.outcome}>
      <div className="sched-trace-head">
        <strong className="mono">
          {t.pod.namespace}/{t.pod.name}
        </strong>
        <span className="muted small">
          cycle #{t.cycle} at {clockTime(t.atMs)} · attempt {t.pop.attempts} · priority {t.pod.priority} · profile {t.profile}
        </span>
        <span className={`sched-outcome o-${live ? 'live' : t.outcome}`}>{live ? 'stepping…' : t.outcome}</span>
      </div>
      {t.numAllNodes && t.numNodesToFind && t.numNodesToFind < t.numAllNodes ? (
        <p className="small muted">
          percentageOfNodesToScore: looking for {t.numNodesToFind} feasible of {t.numAllNodes} nodes, starting at node #{t.startIndex}.
        </p>
      ) : null}
      {preFilterFail.length ? (
        <p className="sched-fiterror small">
          PreFilter: {preFilterFail.map((v) => `${v.plugin}: ${v.reasons.join('; ') || v.code}`).join(' · ')}
        </p>
      ) : null}
      {t.message && !live ? (
        <p className="sched-fiterror" data-testid="fit-error" role="note">
          <strong>FailedScheduling:</strong> {t.message}
        </p>
      ) : null}
      <div className="sched-table-wrap">
        <table className="sched-table">
          <thead>
            <tr>
              <th className="corner">Plugin</th>
              {rows.map((node) => {
                const f = filterOf.get(node);
                const fail = f?.plugins.some(bad);
                const winner = t.chosen === node;
                const isNext = nextPoint?.point === 'Filter' && nextPoint.node === node;
                return (
                  <th key={node} scope="col" data-node={node} data-filter={f ? (fail ? 'fail' : 'pass') : 'none'} className={`node-col mono${fail ? ' fail' : ''}${winner ? ' winner' : ''}${isNext ? ' next' : ''}`}>
                    {winner ? '★ ' : ''}
                    {node}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            <tr className="section">
              <th colSpan={rows.length + 1}>Filter {t.filter.length < rows.length && finished ? <span className="muted">(nodes left blank were not evaluated)</span> : null}</th>
            </tr>
            {(filterPlugins.shown.length ? filterPlugins.shown : ['']).map((p) => (
              <tr key={p}>
                <th scope="row" className="plugin">
                  {p || <span className="muted">(not run yet)</span>}
                </th>
                {rows.map((node) => {
                  const f = filterOf.get(node);
                  const isNext = nextPoint?.point === 'Filter' && nextPoint.node === node;
                  const v = f?.plugins.find((x) => x.plugin === p);
                  if (!f) return <td key={node} className={`muted${isNext ? ' next' : ''}`}>{isNext ? 'next…' : finished ? '' : '·'}</td>;
                  if (!v) return <td key={node} className="muted" title="not run: an earlier plugin rejected the node" />;
                  if (v.code === 'Skip') return <td key={node} className="muted center" title="skipped: nothing to check for this pod">–</td>;
                  return ok(v) ? (
                    <td key={node} className="pass" data-verdict="pass">
                      ✓
                    </td>
                  ) : (
                    <td key={node} className="fail" data-verdict="fail">
                      ✗ {v.reasons.join('; ') || v.code}
                    </td>
                  );
                })}
              </tr>
            ))}
            {filterPlugins.skipped.length ? (
              <tr>
                <td colSpan={rows.length + 1} className="muted small skipped-row" title="These Filter plugins returned Skip from PreFilter: nothing to check for this pod">
                  Skipped (nothing to check for this pod): {filterPlugins.skipped.join(', ')}
                </td>
              </tr>
            ) : null}
            {scoring || t.scores.length ? (
              <tr className="section">
                <th colSpan={rows.length + 1}>Score: raw → normalized × weight = weighted</th>
              </tr>
            ) : null}
            {t.scorePlugins.map((p, k) => (
              <tr key={p.name} className={nextPoint?.plugin === p.name ? 'next' : ''}>
                <th scope="row" className="plugin">
                  {p.name} <span className="muted">×{p.weight}</span>
                </th>
                {rows.map((node) => {
                  const sc = scoreOf.get(node);
                  return sc && sc.raw[k] !== undefined ? (
                    <td key={node} className="score" data-score={p.name}>
                      {fmt(sc.raw[k]!)} → {fmt(sc.normalized[k]!)} <span className="muted">×{p.weight}</span> = <strong>{fmt(sc.weighted[k]!)}</strong>
                    </td>
                  ) : (
                    <td key={node} className="muted">
                      {filterOf.get(node)?.plugins.some(bad) ? '' : '·'}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="total-row">
              <th scope="row">Total</th>
              {rows.map((node) => {
                const sc = scoreOf.get(node);
                const winner = t.chosen === node;
                const fail = filterOf.get(node)?.plugins.some(bad);
                return (
                  <td key={node} className={`total${winner ? ' winner' : ''}`} data-node={node} data-total={sc ? sc.total : ''}>
                    {sc ? <strong>{fmt(sc.total)}</strong> : winner && t.shortcut === 'one-feasible-node' ? <span className="small">only feasible node</span> : fail ? <span className="muted">✗ filtered out</span> : ''}
                    {winner ? <span className="small"> ★ chosen</span> : null}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
      <div className="sched-summary small">
        {t.feasible.length || finished ? (
          <span>
            Feasible: <strong>{t.feasible.length}</strong> of {t.numAllNodes}
          </span>
        ) : null}
        {t.top.length ? (
          <span data-testid="sched-top">
            Top: {t.top.map((x) => `${x.node} ${fmt(x.total)}`).join(', ')}
            {t.ties > 1 ? ` — ${t.ties} tied, one picked by reservoir sampling` : ''}
          </span>
        ) : null}
        {t.chosen ? (
          <span data-testid="sched-chosen">
            Chosen: <strong className="mono">{t.chosen}</strong>
          </span>
        ) : null}
        {t.bind.length ? <span>Bind: {t.bind.map((v) => `${v.plugin} ${ok(v) ? '✓' : `✗ ${v.reasons.join('; ')}`}`).join(', ')}</span> : null}
        {t.postFilter ? (
          <span>
            PostFilter {t.postFilter.plugin}: {t.postFilter.reasons.join('; ') || t.postFilter.code}
            {t.postFilter.nominatedNodeName ? ` → nominated ${t.postFilter.nominatedNodeName}` : ''}
          </span>
        ) : null}
        {t.preemption?.evicted.length ? <span>Preempted: {t.preemption.evicted.join(', ')}</span> : null}
      </div>
    </div>
  );
}

/** An example a teacher can start from: the default profile, with the scoring strategy made explicit. */
const CONFIG_EXAMPLE = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated   # LeastAllocated (default), MostAllocated or RequestedToCapacityRatio
`;

/**
 * The scheduler's KubeSchedulerConfiguration, editable: applying it rebuilds the cluster from the
 * scenario with the new configuration (as restarting kube-scheduler with a new --config would), and the
 * configuration travels in the share link.
 */
function ConfigPanel() {
  const current = useScenario((s) => s.scenario?.cluster.scheduler);
  const [text, setText] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const shown = text ?? (current ? toYaml(current) : CONFIG_EXAMPLE);
  const apply = async (): Promise<void> => {
    let config: unknown;
    try {
      config = shown.trim() === '' ? null : parseYaml(shown);
    } catch (e) {
      setResult({ ok: false, message: `error parsing the configuration: ${(e as Error).message}` });
      return;
    }
    const r = await cluster.schedulerConfig(config);
    setResult(r.error ? { ok: false, message: r.error } : { ok: true, message: r.text });
  };
  return (
    <details className="sched-config" data-testid="sched-config">
      <summary>Scheduler configuration {current ? <span className="muted">(custom)</span> : <span className="muted">(default profile)</span>}</summary>
      <textarea aria-label="KubeSchedulerConfiguration" spellCheck={false} rows={12} value={shown} onChange={(e) => setText(e.target.value)} />
      <div className="sched-config-actions">
        <button type="button" className="primary" onClick={() => void apply()}>
          Apply configuration
        </button>
        <span className="muted small">Rebuilds the cluster with it, up to now; empty restores the default profile.</span>
      </div>
      {result ? (
        <pre className={result.ok ? 'ok' : 'error'} role="status">
          {result.message}
        </pre>
      ) : null}
    </details>
  );
}
