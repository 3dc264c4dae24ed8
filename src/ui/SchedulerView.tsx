/**
 * The scheduler panel (loaded on first use): kube-scheduler's queue, live; one scheduling cycle as a
 * nodes × plugins table (Filter verdicts with their reasons, then raw → normalized → weighted scores,
 * the total and the winner, or the FitError); and step scheduling, which stops the cycle before each
 * extension point so a class can walk through one pod's placement.
 */
import { useMemo, useState } from 'react';
import type { CSSProperties } from 'react';
import type { CycleTrace, PluginVerdict } from '../sim/scheduler/framework/trace';
import { cluster } from '../state/cluster';
import { latestTraceOf, useObjects, useScenario, useScheduler } from '../state/stores';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { useUi } from '../state/ui';
import type { QueuedPod } from '../worker/protocol';
import { clockTime } from './format';
import { useT } from './i18n';
import type { MessageKey } from './i18n';

const QUEUES: { id: QueuedPod['queue']; label: MessageKey; hint: MessageKey }[] = [
  { id: 'activeQ', label: 'scheduler.queue.activeQ', hint: 'scheduler.queueHint.activeQ' },
  { id: 'backoffQ', label: 'scheduler.queue.backoffQ', hint: 'scheduler.queueHint.backoffQ' },
  { id: 'unschedulablePods', label: 'scheduler.queue.unschedulablePods', hint: 'scheduler.queueHint.unschedulablePods' },
];

export default function SchedulerView() {
  const t = useT();
  const stepMode = useScheduler((s) => s.stepMode);
  const step = useScheduler((s) => s.step);
  const traces = useScheduler((s) => s.traces);
  const selection = useUi((s) => s.selection);
  const selPod = selection?.resource === 'pod' ? `${selection.namespace}/${selection.name}` : null;
  const selTrace = useScheduler((s) => (selPod ? latestTraceOf(s, selPod) : undefined));
  /** a cycle picked in the list (its number), or null: follow the stepped cycle, the selected pod or the latest */
  const [pinned, setPinned] = useState<number | null>(null);

  const pinnedTrace = pinned !== null ? traces.find((c) => c.cycle === pinned) : undefined;
  const trace: CycleTrace | undefined = pinnedTrace ?? step?.trace ?? selTrace ?? traces.at(-1);
  const live = !!step && trace === step.trace;

  return (
    <section className="scheduler-view" aria-label={t('scheduler.region')}>
      <div className="sched-toolbar">
        <label className="sched-toggle" title={t('scheduler.stepModeTitle')}>
          <input type="checkbox" checked={stepMode} onChange={(e) => cluster.schedStepMode(e.target.checked)} /> {t('scheduler.stepMode')}
        </label>
        {stepMode ? (
          step?.next ? (
            <>
              <span className="sched-next" data-testid="sched-next" data-step={step.performed.length} data-point={step.next.point} aria-live="polite">
                <strong>{t('scheduler.nextLabel')}</strong> {step.next.text}
              </span>
              <button type="button" className="primary" onClick={() => cluster.schedNext()}>
                {t('scheduler.next')}
              </button>
              <button type="button" onClick={() => cluster.schedFinish()}>
                {t('scheduler.finish')}
              </button>
              <button type="button" onClick={() => cluster.schedRewind()} disabled={step.performed.length === 0} title={t('scheduler.rewindTitle')}>
                {t('scheduler.rewind')}
              </button>
            </>
          ) : (
            <span className="muted" data-testid="sched-next">
              {t('scheduler.waiting')}
            </span>
          )
        ) : (
          <span className="muted small">{t('scheduler.stepOff')}</span>
        )}
      </div>
      <QueuePanel />
      <ConfigPanel />
      <div className="sched-cycle-head">
        <label className="small">
          {t('scheduler.cycle')}{' '}
          <select value={pinned ?? ''} onChange={(e) => setPinned(e.target.value === '' ? null : Number(e.target.value))} aria-label={t('scheduler.cycleLabel')}>
            <option value="">{step ? t('scheduler.followStepped') : selTrace ? t('scheduler.followSelected') : t('scheduler.followLatest')}</option>
            {[...traces].reverse().map((c) => (
              <option key={c.cycle} value={c.cycle}>
                #{c.cycle} {c.pod.namespace}/{c.pod.name} — {c.outcome}
                {c.chosen ? ` → ${c.chosen}` : ''}
              </option>
            ))}
          </select>
        </label>
        {selPod && !selTrace && !pinned && !step ? <span className="muted small">{t('scheduler.noCycleFor', { pod: selPod })}</span> : null}
      </div>
      {trace ? <TraceTable trace={trace} live={live} nextPoint={live ? step?.next : undefined} /> : <p className="muted pad">{t('scheduler.none')}</p>}
    </section>
  );
}

function QueuePanel() {
  const t = useT();
  const queue = useScheduler((s) => s.queue);
  const counts = useScheduler((s) => s.counts);
  const select = useUi((s) => s.select);
  return (
    <div className="sched-queue" aria-label={t('scheduler.queueRegion')}>
      {QUEUES.map((q) => {
        const pods = queue.filter((p) => p.queue === q.id);
        return (
          <div key={q.id} className={`sched-q q-${q.id}`} data-queue={q.id} title={t(q.hint)}>
            <div className="sched-q-title">
              {t(q.label)} <span className="muted">({counts[q.id]})</span>
            </div>
            <div className="sched-q-pods">
              {pods.length === 0 ? <span className="muted small">{t('scheduler.empty')}</span> : null}
              {pods.map((p) => (
                <button key={`${p.namespace}/${p.name}`} type="button" className="linklike mono small" data-kind="queued-pod" data-name={p.name} onClick={() => select({ resource: 'pod', namespace: p.namespace, name: p.name })}>
                  {p.namespace !== 'default' ? `${p.namespace}/` : ''}
                  {p.name}
                  {p.attempts ? <span className="muted"> ×{p.attempts}</span> : null}
                </button>
              ))}
              {counts[q.id] > pods.length ? <span className="muted small">{t('scheduler.more', { count: counts[q.id] - pods.length })}</span> : null}
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

function TraceTable({ trace: c, live, nextPoint }: { trace: CycleTrace; live: boolean; nextPoint?: { point: string; node?: string; plugin?: string } | undefined }) {
  const t = useT();
  const nodesMap = useObjects((s) => s.byResource.nodes);
  const filterPlugins = useMemo(() => {
    const names: string[] = [];
    for (const f of c.filter) for (const p of f.plugins) if (!names.includes(p.plugin)) names.push(p.plugin);
    // Plugins that skipped on every node (nothing to check for this pod) go on one line.
    const skipped = names.filter((n) => c.filter.every((f) => (f.plugins.find((p) => p.plugin === n)?.code ?? 'Skip') === 'Skip'));
    return { shown: names.filter((n) => !skipped.includes(n)), skipped };
  }, [c]);
  // Rows: nodes in the order the cycle filtered them, then the others (not reached yet, or not evaluated).
  const rows = useMemo(() => {
    const seen = new Set(c.filter.map((f) => f.node));
    const rest = [...nodesMap.values()].map((n) => n.metadata.name).filter((n) => !seen.has(n)).sort();
    return [...c.filter.map((f) => f.node), ...rest];
  }, [c, nodesMap]);
  const filterOf = new Map(c.filter.map((f) => [f.node, f]));
  const scoreOf = new Map(c.scores.map((s) => [s.node, s]));
  const preFilterFail = c.preFilter.filter((v) => !ok(v) && v.code !== 'Skip');
  const finished = !live;
  const scoring = c.scorePlugins.length > 0;

  return (
    <div className="sched-trace" data-testid="sched-trace" data-cycle={c.cycle} data-outcome={live ? 'InProgress' : c.outcome}>
      <div className="sched-trace-head">
        <strong className="mono">
          {c.pod.namespace}/{c.pod.name}
        </strong>
        <span className="muted small">
          {t('scheduler.cycleHead', { cycle: c.cycle, time: clockTime(c.atMs), attempts: c.pop.attempts, priority: c.pod.priority, profile: c.profile })}
        </span>
        <span className={`sched-outcome o-${live ? 'live' : c.outcome}`}>{live ? t('scheduler.stepping') : c.outcome}</span>
      </div>
      {c.numAllNodes && c.numNodesToFind && c.numNodesToFind < c.numAllNodes ? (
        <p className="small muted">
          {t('scheduler.percentage', { find: c.numNodesToFind, all: c.numAllNodes, start: c.startIndex })}
        </p>
      ) : null}
      {preFilterFail.length ? (
        <p className="sched-fiterror small">
          {t('scheduler.preFilter', { list: preFilterFail.map((v) => `${v.plugin}: ${v.reasons.join('; ') || v.code}`).join(' · ') })}
        </p>
      ) : null}
      {c.message && !live ? (
        <p className="sched-fiterror" data-testid="fit-error" role="note">
          <strong>FailedScheduling:</strong> {c.message}
        </p>
      ) : null}
      <div className="sched-table-wrap">
        <table className="sched-table" style={{ '--nodes': rows.length } as CSSProperties}>
          <thead>
            <tr>
              <th className="corner">{t('scheduler.plugin')}</th>
              {rows.map((node) => {
                const f = filterOf.get(node);
                const fail = f?.plugins.some(bad);
                const winner = c.chosen === node;
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
              <th colSpan={rows.length + 1}>
                {t('scheduler.filter')} {c.filter.length < rows.length && finished ? <span className="muted">{t('scheduler.notEvaluated')}</span> : null}
              </th>
            </tr>
            {(filterPlugins.shown.length ? filterPlugins.shown : ['']).map((p) => (
              <tr key={p}>
                <th scope="row" className="plugin">
                  {p ? <PluginName name={p} /> : <span className="muted">{t('scheduler.notRunYet')}</span>}
                </th>
                {rows.map((node) => {
                  const f = filterOf.get(node);
                  const isNext = nextPoint?.point === 'Filter' && nextPoint.node === node;
                  const v = f?.plugins.find((x) => x.plugin === p);
                  if (!f) return <td key={node} className={`muted${isNext ? ' next' : ''}`}>{isNext ? t('scheduler.nextCell') : finished ? '' : '·'}</td>;
                  if (!v) return <td key={node} className="muted" title={t('scheduler.notRunTitle')} />;
                  if (v.code === 'Skip') return <td key={node} className="muted center" title={t('scheduler.skipTitle')}>–</td>;
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
                <td colSpan={rows.length + 1} className="muted small skipped-row" title={t('scheduler.skippedTitle')}>
                  {t('scheduler.skipped', { plugins: filterPlugins.skipped.join(', ') })}
                </td>
              </tr>
            ) : null}
            {scoring || c.scores.length ? (
              <tr className="section">
                <th colSpan={rows.length + 1}>{t('scheduler.scoreHead')}</th>
              </tr>
            ) : null}
            {c.scorePlugins.map((p, k) => (
              <tr key={p.name} className={nextPoint?.plugin === p.name ? 'next' : ''}>
                <th scope="row" className="plugin">
                  <PluginName name={p.name} /> <span className="muted">×{p.weight}</span>
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
              <th scope="row">{t('scheduler.total')}</th>
              {rows.map((node) => {
                const sc = scoreOf.get(node);
                const winner = c.chosen === node;
                const fail = filterOf.get(node)?.plugins.some(bad);
                return (
                  <td key={node} className={`total${winner ? ' winner' : ''}`} data-node={node} data-total={sc ? sc.total : ''}>
                    {sc ? <strong>{fmt(sc.total)}</strong> : winner && c.shortcut === 'one-feasible-node' ? <span className="small">{t('scheduler.onlyFeasible')}</span> : fail ? <span className="muted">{t('scheduler.filteredOut')}</span> : ''}
                    {winner ? <span className="small"> {t('scheduler.chosenMark')}</span> : null}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </div>
      <div className="sched-summary small">
        {c.feasible.length || finished ? (
          <span>
            {t('scheduler.feasible')} <strong>{c.feasible.length}</strong> {t('scheduler.ofAll', { all: c.numAllNodes })}
          </span>
        ) : null}
        {c.top.length ? (
          <span data-testid="sched-top">
            {t('scheduler.top', { list: c.top.map((x) => `${x.node} ${fmt(x.total)}`).join(', ') })}
            {c.ties > 1 ? t('scheduler.ties', { count: c.ties }) : ''}
          </span>
        ) : null}
        {c.chosen ? (
          <span data-testid="sched-chosen">
            {t('scheduler.chosen')} <strong className="mono">{c.chosen}</strong>
          </span>
        ) : null}
        {c.bind.length ? <span>{t('scheduler.bind', { list: c.bind.map((v) => `${v.plugin} ${ok(v) ? '✓' : `✗ ${v.reasons.join('; ')}`}`).join(', ') })}</span> : null}
        {c.postFilter ? (
          <span>
            {t('scheduler.postFilter', { plugin: c.postFilter.plugin, result: c.postFilter.reasons.join('; ') || c.postFilter.code })}
            {c.postFilter.nominatedNodeName ? t('scheduler.nominated', { node: c.postFilter.nominatedNodeName }) : ''}
          </span>
        ) : null}
        {c.preemption?.evicted.length ? <span>{t('scheduler.preempted', { pods: c.preemption.evicted.join(', ') })}</span> : null}
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
  const t = useT();
  const current = useScenario((s) => s.scenario?.cluster.scheduler);
  const [text, setText] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const shown = text ?? (current ? toYaml(current) : CONFIG_EXAMPLE);
  const apply = async (): Promise<void> => {
    let config: unknown;
    try {
      config = shown.trim() === '' ? null : parseYaml(shown);
    } catch (e) {
      setResult({ ok: false, message: t('scheduler.configParseError', { error: (e as Error).message }) });
      return;
    }
    const r = await cluster.schedulerConfig(config);
    setResult(r.error ? { ok: false, message: r.error } : { ok: true, message: r.note ? t(r.note.key, r.note.params) : r.text });
  };
  return (
    <details className="sched-config" data-testid="sched-config">
      <summary>
        {t('scheduler.config')} {current ? <span className="muted">{t('scheduler.custom')}</span> : <span className="muted">{t('scheduler.defaultProfile')}</span>}
      </summary>
      <textarea aria-label="KubeSchedulerConfiguration" spellCheck={false} rows={12} value={shown} onChange={(e) => setText(e.target.value)} />
      <div className="sched-config-actions">
        <button type="button" className="primary" onClick={() => void apply()}>
          {t('scheduler.applyConfig')}
        </button>
        <span className="muted small">{t('scheduler.applyHint')}</span>
      </div>
      {result ? (
        <pre className={result.ok ? 'ok' : 'error'} role="status">
          {result.message}
        </pre>
      ) : null}
    </details>
  );
}

/**
 * A plugin's name with a break opportunity before each inner capital, so that where the table is
 * narrow (presentation mode) NodeResourcesBalancedAllocation wraps between its words, not mid-word.
 */
function PluginName({ name }: { name: string }) {
  const words = name.split(/(?<=[a-z])(?=[A-Z])/);
  return (
    <>
      {words.map((w, i) => (
        <span key={i}>
          {i ? <wbr /> : null}
          {w}
        </span>
      ))}
    </>
  );
}
