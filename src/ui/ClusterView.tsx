/**
 * The cluster view: a card per node with its pods inside, and a "pending" area for pods no node has
 * been chosen for. It only draws what the worker mirrored; per-node cards and pod chips are memoized
 * so a batch re-renders only what it changed. A large cluster is drawn as dense tiles instead
 * (cluster/DenseView), with search and zoom.
 */
import { lazy, memo, Suspense, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent as ReactMouseEvent, RefObject } from 'react';
import type { Node, Pod } from '../sim/types';
import { milliValue, parseQuantity, value as quantityValue } from '../sim/api/quantity';
import { podRequestsAndLimits } from '../kubectl/describe/node';
import { latestTraceOf, objectKey, useObjects, useScheduler } from '../state/stores';
import type { CycleTrace } from '../sim/scheduler/framework/trace';
import { useUi } from '../state/ui';
import type { Selection } from '../state/ui';
import { bytesLabel, cpuLabel, isControlPlane, isSystemNamespace, nodeRoles, nodeStatus, podSummary, statusTone } from './format';
import { useLeaving } from './useLeaving';
import { NodeFaultMenu, PodFaultMenu, useInjectedNodeFaults, useNodeFaultContext } from './FaultMenu';
import { Menu } from './Menu';
import { nodeFaultItems } from './FaultMenu';
import { useThrottled } from './useThrottled';
import { translate, useLang, useT } from './i18n';
import type { MessageKey } from './i18n';
import { markFirstNode } from './cluster/firstPaint';

// The dense view only draws a large cluster: a classroom cluster's first paint does not wait for its code.
const DenseView = lazy(() => import('./cluster/DenseView').then((m) => ({ default: m.DenseView })));

const LEAVE_MS = 320;
/** With more pods than this, the view redraws at most every BUSY_MS. */
const BUSY_PODS = 60;
const BUSY_MS = 250;
/** Above this many pods on a card, chips shrink to their name's last part. */
const COMPACT_AT = 24;
/** The pending area draws at most this many pods, then a count. */
const PENDING_SHOWN = 40;
/** Above this many nodes or pods, cards give way to dense tiles. */
const DENSE_NODES = 50;
const DENSE_PODS = 500;
/** A dense cluster is redrawn at most every DENSE_MS (its tiles show state, not motion). */
const DENSE_MS = 500;

const byName = (a: Pod, b: Pod): number => {
  const x = podKey(a);
  const y = podKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const NAME_ORDER = new Intl.Collator('en', { numeric: true });
const podKey = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function ClusterView() {
  const t = useT();
  // Deferred: the store updates synchronously, but drawing hundreds of pods is rendered
  // interruptibly in the background so the main thread never blocks for long.
  // A busy cluster is also drawn at most ~8 times a second.
  const podsNow = useObjects((s) => s.byResource.pods);
  const nodesNow = useObjects((s) => s.byResource.nodes);
  const dense = nodesNow.size > DENSE_NODES || podsNow.size > DENSE_PODS;
  const busy = podsNow.size > BUSY_PODS;
  const every = dense ? DENSE_MS : busy ? BUSY_MS : 0;
  const nodesMap = useDeferredValue(useThrottled(nodesNow, every));
  const podsMap = useDeferredValue(useThrottled(podsNow, every));
  const loaded = useObjects((s) => s.loaded);
  const selection = useUi((s) => s.selection);
  const systemPods = useUi((s) => s.systemPods);
  const setSystemPods = useUi((s) => s.setSystemPods);

  const nodes = useMemo(() => {
    const list = [...nodesMap.values()] as unknown as Node[];
    // Control planes first, then by name with numbers in number order (worker-2 before worker-10).
    list.sort((a, b) => Number(isControlPlane(b)) - Number(isControlPlane(a)) || NAME_ORDER.compare(a.metadata!.name!, b.metadata!.name!));
    return list;
  }, [nodesMap]);

  const { byNode, pending } = useMemo(() => {
    const byNode = new Map<string, Pod[]>();
    const pending: Pod[] = [];
    for (const o of podsMap.values()) {
      const pod = o as unknown as Pod;
      const n = pod.spec?.nodeName;
      if (!n) pending.push(pod);
      else {
        let l = byNode.get(n);
        if (!l) byNode.set(n, (l = []));
        l.push(pod);
      }
    }
    for (const l of byNode.values()) l.sort(byName);
    pending.sort(byName);
    return { byNode, pending };
  }, [podsMap]);

  const gridRef = useRef<HTMLElement>(null);
  const cols = useColumns(gridRef, nodes.length);

  const selPod = selection?.resource === 'pod' ? `${selection.namespace}/${selection.name}` : null;
  const selNode = selection?.resource === 'node' ? selection.name : null;
  const injected = useInjectedNodeFaults();
  // The selected pod's latest scheduling cycle, drawn on the cards: failed nodes dimmed, scores shown.
  const trace = useScheduler((s) => (selPod ? latestTraceOf(s, selPod) : undefined));
  const lang = useLang((s) => s.lang);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a verdict's words follow the language
  const verdicts = useMemo(() => nodeVerdicts(trace), [trace, lang]);
  const systemCount = useMemo(() => {
    let n = 0;
    for (const l of byNode.values()) for (const p of l) if (isSystemNamespace(p.metadata?.namespace)) n++;
    return n;
  }, [byNode]);

  // Right-click (or the context-menu key, Shift+F10) on a pod or a node opens its fault menu.
  const [ctx, setCtx] = useState<{ kind: 'pod' | 'node'; namespace: string; name: string; at: { x: number; y: number } } | null>(null);
  const onContextMenu = (e: ReactMouseEvent): void => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-kind="pod"], [data-kind="node"]');
    if (!el) return;
    e.preventDefault();
    const r = el.getBoundingClientRect();
    const keyboard = e.clientX === 0 && e.clientY === 0;
    const at = keyboard ? { x: r.left, y: r.bottom + 4 } : { x: e.clientX, y: e.clientY };
    setCtx({ kind: el.dataset.kind as 'pod' | 'node', namespace: el.dataset.namespace ?? '', name: el.dataset.name ?? '', at });
  };
  const ctxPod = ctx?.kind === 'pod' ? (podsNow.get(objectKey(ctx.namespace, ctx.name)) as unknown as Pod | undefined) : undefined;

  return (
    <section className={`cluster-view${dense ? ' dense' : ''}`} aria-label={t('cluster.label')} ref={gridRef} onContextMenu={onContextMenu}>
      {ctxPod ? <PodFaultMenu pod={ctxPod} noButton openAt={ctx!.at} onClose={() => setCtx(null)} /> : null}
      {ctx?.kind === 'node' ? <NodeContextMenu name={ctx.name} pods={byNode.get(ctx.name) ?? EMPTY} at={ctx.at} onClose={() => setCtx(null)} /> : null}
      <div className="cluster-toolbar small">
        <label title={t('cluster.systemPodsTitle')}>
          <input type="checkbox" checked={systemPods === 'compact'} onChange={(e) => setSystemPods(e.target.checked ? 'compact' : 'hidden')} /> {t('cluster.systemPods')}
          <span className="muted"> ({systemPods === 'hidden' ? t('cluster.systemHidden', { count: systemCount }) : systemCount})</span>
        </label>
        {trace ? (
          <span className="muted" data-testid="card-trace-note">
            {t('cluster.traceNote', { cycle: trace.cycle, pod: trace.pod.name, outcome: trace.outcome === 'Skipped' && !trace.chosen ? t('cluster.inProgress') : trace.outcome })}
            {trace.chosen ? ` → ${trace.chosen}` : ''}
          </span>
        ) : null}
      </div>
      <PendingArea pods={pending} selected={selPod && pending.some((p) => podKey(p) === selPod) ? selPod : null} />
      {!loaded ? (
        <p className="muted pad">{t('cluster.starting')}</p>
      ) : nodes.length === 0 ? (
        <p className="muted pad">{t('cluster.noNodes')}</p>
      ) : dense ? (
        <Suspense fallback={null}>
          <DenseView
            nodes={nodes}
            byNode={byNode}
            showSystem={systemPods === 'compact'}
            selNode={selNode}
            selPod={selPod}
            verdicts={verdicts}
            onContext={(kind, namespace, name, at) => setCtx({ kind, namespace, name, at })}
          />
        </Suspense>
      ) : (
        <div className="node-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
          {nodes.map((node) => {
            const name = node.metadata!.name!;
            const pods = byNode.get(name) ?? EMPTY;
            return (
              <NodeCard
                key={name}
                node={node}
                pods={pods}
                selected={selNode === name}
                selectedPod={selPod && pods.some((p) => podKey(p) === selPod) ? selPod : null}
                injected={injected.get(name) ?? NO_FAULTS}
                showSystem={systemPods === 'compact'}
                verdict={verdicts.get(name)}
              />
            );
          })}
        </div>
      )}
    </section>
  );
}

const EMPTY: Pod[] = [];

/** A node's fault menu opened by right-click, offering what applies to it now. */
function NodeContextMenu({ name, pods, at, onClose }: { name: string; pods: readonly Pod[]; at: { x: number; y: number }; onClose(): void }) {
  const t = useT();
  const now = useNodeFaultContext(name, pods);
  return (
    <Menu label={t('faults.forNode', { name })} title={t('faults.breakNode', { name })} items={nodeFaultItems(name, now)} noButton openAt={at} onClose={onClose}>
      {null}
    </Menu>
  );
}

/** What the selected pod's cycle said about one node. */
interface NodeVerdict {
  /** the failing Filter plugin and its reason */
  failed?: string;
  total?: number;
  winner?: boolean;
  /** filtered and feasible, but no score (one feasible node, or not scored yet) */
  feasible?: boolean;
}

function nodeVerdicts(t: CycleTrace | undefined): ReadonlyMap<string, NodeVerdict> {
  const m = new Map<string, NodeVerdict>();
  if (!t) return m;
  for (const f of t.filter) {
    const bad = f.plugins.find((p) => p.code !== 'Success' && p.code !== 'Skip');
    m.set(f.node, bad ? { failed: `${bad.plugin}: ${bad.reasons.join('; ') || translate('cluster.failed')}` } : { feasible: true });
  }
  for (const sc of t.scores) m.set(sc.node, { ...m.get(sc.node), total: sc.total });
  if (t.chosen) m.set(t.chosen, { ...m.get(t.chosen), winner: true });
  return m;
}
const NO_FAULTS: readonly MessageKey[] = [];
const MIN_CARD_PX = 250;

/** As many columns as fit, balanced so rows are evenly filled (4 nodes: 4×1 or 2×2, never 3+1). */
function useColumns(ref: RefObject<HTMLElement | null>, n: number): number {
  const [width, setWidth] = useState(1000);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [ref]);
  const max = Math.max(1, Math.floor((width - 24) / MIN_CARD_PX));
  if (n <= max) return Math.max(1, n);
  return Math.ceil(n / Math.ceil(n / max));
}

interface NodeCardProps {
  node: Node;
  pods: Pod[];
  selected: boolean;
  selectedPod: string | null;
  /** faults the learner injected into this node that are in effect (the cause, not the consequence) */
  injected: readonly MessageKey[];
  showSystem: boolean;
  verdict: NodeVerdict | undefined;
}

const NodeCard = memo(
  function NodeCard({ node, pods, selected, selectedPod, injected, showSystem, verdict }: NodeCardProps) {
    const t = useT();
    const name = node.metadata!.name!;
    const roles = nodeRoles(node);
    const status = nodeStatus(node);
    const ready = status.startsWith('Ready');
    const select = useUi((s) => s.select);

    useLayoutEffect(markFirstNode, []);

    const alloc = useMemo(() => allocated(pods), [pods]);
    const a = node.status?.allocatable ?? {};
    const c = node.status?.capacity ?? {};
    const cpuAlloc = qMilli(a.cpu);
    const memAlloc = qValue(a.memory);
    const podsAlloc = qValue(a.pods);
    const { apps, system } = useMemo(() => splitSystem(pods), [pods]);
    const shown = useLeaving(apps, podKey, LEAVE_MS);
    const compact = apps.length > COMPACT_AT;
    const conditions = [...(node.status?.conditions ?? [])].sort((x, y) => Number(y.type === 'Ready') - Number(x.type === 'Ready'));
    const taints = node.spec?.taints ?? [];
    const readyCond = conditions.find((x) => x.type === 'Ready');
    const unknown = readyCond?.status === 'Unknown';

    return (
      <article
        className={`node-card${selected ? ' selected' : ''}${ready ? '' : ' not-ready'}${unknown ? ' unknown' : ''}${verdict?.failed ? ' sched-failed' : ''}${verdict?.winner ? ' sched-winner' : ''}`}
        data-kind="node"
        data-name={name}
        data-status={status}
        {...(verdict ? { 'data-sched': verdict.failed ? 'failed' : verdict.winner ? 'winner' : 'feasible' } : {})}
        aria-label={t('cluster.node', { name, status })}
      >
        <header className="node-head">
          <button type="button" className="node-name linklike" onClick={() => select({ resource: 'node', namespace: '', name })} aria-pressed={selected} title={t('cluster.showDescribe')}>
            {name}
          </button>
          <span className={`role-badge${roles.includes('control-plane') ? ' cp' : ''}`}>{roles.length ? roles.join(', ') : t('cluster.roleWorker')}</span>
          <span className={`status-badge ${ready ? 'ok' : 'bad'}`}>{status}</span>
          <NodeFaultMenu node={node} injected={injected} pods={pods} />
        </header>
        {verdict ? (
          <div className={`sched-verdict${verdict.failed ? ' bad' : ''}`} data-testid="sched-verdict">
            {verdict.failed ? (
              <>✗ {verdict.failed}</>
            ) : (
              <>
                {verdict.winner ? t('cluster.chosen') : t('cluster.fits')}
                {verdict.total !== undefined ? <span className="sched-total">{t('cluster.score', { score: verdict.total })}</span> : null}
              </>
            )}
          </div>
        ) : null}
        {injected.length ? (
          <div className="injected" title={t('cluster.injectedTitle')}>
            <span aria-hidden="true">⚡</span> {t('cluster.injected', { faults: injected.map((k) => t(k)).join(', ') })}
          </div>
        ) : null}
        {ready ? null : (
          <div className="node-alert" role="note">
            <strong>{unknown ? t('cluster.readyUnknown') : readyCond ? t('cluster.readyFalse') : t('cluster.noReady')}</strong>
            {readyCond?.reason ? <span className="mono"> {readyCond.reason}</span> : null}
            {readyCond?.message ? <span className="node-alert-msg">{readyCond.message}</span> : null}
          </div>
        )}
        <div className="node-cap muted" title={t('cluster.capacity')}>
          {t('cluster.capacityLine', { cpu: c.cpu ?? '?', memory: c.memory ? bytesLabel(qValue(c.memory)) : '?', pods: c.pods ?? '?' })}
        </div>
        <div className="bars">
          <Bar label={t('cluster.bar.cpu')} used={alloc.cpu} total={cpuAlloc} fmt={cpuLabel} />
          <Bar label={t('cluster.bar.memory')} used={alloc.memory} total={memAlloc} fmt={bytesLabel} />
          <Bar label={t('cluster.bar.pods')} used={alloc.count} total={podsAlloc} fmt={String} />
        </div>
        <div className="badges" aria-label={t('cluster.conditions')}>
          {conditions.map((cond) => {
            const good = cond.type === 'Ready' ? cond.status === 'True' : cond.status === 'False';
            // Unknown: nobody has reported (the node controller's verdict on a silent kubelet).
            const unknownCond = cond.status === 'Unknown';
            return (
              <span
                key={cond.type}
                className={`cond ${good ? 'good' : unknownCond ? 'unknown' : 'bad'}${cond.type === 'Ready' ? ' ready' : ''}`}
                title={`${cond.type}=${cond.status}${cond.reason ? ` (${cond.reason})` : ''}${cond.message ? `: ${cond.message}` : ''}`}
              >
                {cond.type}
                {unknownCond ? ' ?' : cond.type === 'Ready' ? (good ? ' ✓' : ' ✗') : good ? '' : ' !'}
              </span>
            );
          })}
        </div>
        <div className="badges taints" aria-label={t('cluster.taints')}>
          {taints.length === 0 ? (
            <span className="muted small">{t('cluster.noTaints')}</span>
          ) : (
            taints.map((taint) => (
              <code
                key={`${taint.key}:${taint.effect}`}
                className={`taint effect-${taint.effect}`}
                title={taint.effect === 'NoExecute' ? t('cluster.taintNoExecute') : taint.effect === 'NoSchedule' ? t('cluster.taintNoSchedule') : t('cluster.taintPreferNoSchedule')}
              >
                {taint.effect === 'NoExecute' ? '⚠ ' : ''}
                {taint.key}
                {taint.value ? `=${taint.value}` : ''}:{taint.effect}
              </code>
            ))
          )}
        </div>
        <div className={`pod-list${compact ? ' compact' : ''}`} aria-label={t('cluster.podsOn', { name })}>
          {shown.length === 0 ? <span className="muted small">{t('cluster.noPods')}</span> : null}
          {shown.map((s) => (
            <PodChip key={s.key} pod={s.item} selected={!s.leaving && selectedPod === s.key} compact={compact} leaving={s.leaving} />
          ))}
        </div>
        {showSystem && system.length ? (
          <div className="pod-list system" aria-label={t('cluster.systemPodsOn', { name })}>
            {system.map((p) => (
              <PodChip key={podKey(p)} pod={p} selected={selectedPod === podKey(p)} compact={false} leaving={false} system />
            ))}
          </div>
        ) : null}
      </article>
    );
  },
  (p, n) =>
    p.node === n.node && p.selected === n.selected && p.selectedPod === n.selectedPod && sameArray(p.pods, n.pods) && sameArray(p.injected, n.injected) && p.showSystem === n.showSystem &&
    p.verdict?.failed === n.verdict?.failed && p.verdict?.total === n.verdict?.total && p.verdict?.winner === n.verdict?.winner && !!p.verdict === !!n.verdict,
);

const PendingArea = memo(
  function PendingArea({ pods, selected }: { pods: Pod[]; selected: string | null }) {
    const t = useT();
    // Hundreds of pending pods at once say no more than the first few and a count.
    const capped = pods.length > PENDING_SHOWN ? pods.slice(0, PENDING_SHOWN) : pods;
    const shown = useLeaving(capped, podKey, LEAVE_MS);
    return (
      <div className={`pending-area${pods.length ? ' has-pods' : ''}`} aria-label={t('cluster.pendingPods')}>
        <span className="pending-title">
          {t('cluster.pendingCount', { count: pods.length })}
        </span>
        <div className="pod-list">
          {shown.map((s) => (
            <PodChip key={s.key} pod={s.item} selected={!s.leaving && selected === s.key} compact={pods.length > COMPACT_AT} leaving={s.leaving} />
          ))}
          {pods.length > capped.length ? <span className="more">{t('cluster.more', { count: pods.length - capped.length })}</span> : null}
        </div>
      </div>
    );
  },
  (p, n) => p.selected === n.selected && sameArray(p.pods, n.pods),
);

function Bar({ label, used, total, fmt }: { label: string; used: number; total: number; fmt: (n: number) => string }) {
  const t = useT();
  const pct = total > 0 ? Math.round((used / total) * 100) : 0;
  const level = pct >= 90 ? ' high' : pct >= 70 ? ' mid' : '';
  return (
    <div className="bar-row" title={t('cluster.barTitle', { label, used: fmt(used), total: fmt(total), pct })}>
      <span className="bar-label">{label}</span>
      <span className="bar" role="meter" aria-label={t('cluster.barAria', { label })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span className={`bar-fill${level}`} style={{ width: `${Math.min(100, pct)}%` }} />
      </span>
      <span className="bar-text">
        {fmt(used)} / {fmt(total)} <span className="muted">({pct}%)</span>
      </span>
    </div>
  );
}

interface PodChipProps {
  pod: Pod;
  selected: boolean;
  compact: boolean;
  leaving: boolean;
  /** a system pod (kube-system, kube-flannel): a small dimmed chip with its name only */
  system?: boolean;
}

function splitSystem(pods: readonly Pod[]): { apps: Pod[]; system: Pod[] } {
  const apps: Pod[] = [];
  const system: Pod[] = [];
  for (const p of pods) (isSystemNamespace(p.metadata?.namespace) ? system : apps).push(p);
  return { apps, system };
}

/**
 * Animations are cheap for a few pods and costly for hundreds (each animating element becomes a
 * compositor layer): only the first few pods to appear within a frame animate in.
 */
const ENTER_BUDGET = 16;
let entering = 0;
let budgetReset = false;
function takeEnterSlot(): boolean {
  if (!budgetReset) {
    budgetReset = true;
    requestAnimationFrame(() => {
      entering = 0;
      budgetReset = false;
    });
  }
  return ++entering <= ENTER_BUDGET;
}

const PodChip = memo(function PodChip({ pod, selected, compact, leaving, system = false }: PodChipProps) {
  const t = useT();
  const select = useUi((s) => s.select);
  const [animate] = useState(() => !compact && !system && takeEnterSlot());
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? '';
  const { status, restarts } = podSummary(pod, 0);
  const restartCount = parseInt(restarts, 10) || 0;
  const tone = statusTone(status);
  const short = compact ? name.slice(name.lastIndexOf('-') + 1) || name : name;
  const sel: Selection = { resource: 'pod', namespace: ns, name };
  // status.podIP, once the kubelet has reported the sandbox's address (a host-network pod has the node's).
  const ip = pod.status?.podIP;
  return (
    <button
      type="button"
      className={`pod tone-${tone}${animate ? ' enter' : ''}${selected ? ' selected' : ''}${compact ? ' compact' : ''}${leaving ? ' leaving' : ''}${system ? ' system' : ''}`}
      {...(leaving
        ? { 'data-leaving': 'true', tabIndex: -1, 'aria-hidden': true }
        : { 'data-kind': 'pod', 'data-name': name, 'data-namespace': ns, 'data-phase': status, 'data-node': pod.spec?.nodeName ?? '', 'data-restarts': restartCount })}
      title={t('cluster.podTitle', { ref: `${ns}/${name}`, status })}
      aria-pressed={selected}
      aria-label={restartCount ? t('cluster.podRestarts', { name, status, count: restartCount }) : t('cluster.pod', { name, status })}
      onClick={leaving ? undefined : () => select(sel)}
    >
      {system ? (
        name
      ) : compact ? (
        short
      ) : (
        <>
          <span className="pod-name">
            {ns !== 'default' ? <span className="pod-ns">{ns}/</span> : null}
            {name}
          </span>
          <span className="pod-status">
            {status}
            {restartCount ? <span className="restarts" title={t('cluster.restarted', { count: restartCount })}> ↻{restartCount}</span> : null}
            {ip ? (
              <span className="pod-ip" title={t('classroom.podIp', { ip })} data-testid="pod-ip">
                {ip}
              </span>
            ) : null}
          </span>
        </>
      )}
    </button>
  );
});

const reqCache = new WeakMap<object, { cpu: number; memory: number }>();

/** Requests of the pods on a node that still hold resources, as `kubectl describe node` sums them. */
function allocated(pods: readonly Pod[]): { cpu: number; memory: number; count: number } {
  let cpu = 0;
  let memory = 0;
  let count = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    count++;
    let r = reqCache.get(pod);
    if (!r) {
      const { reqs } = podRequestsAndLimits(pod);
      r = { cpu: reqs.cpu ? milliValue(reqs.cpu) : 0, memory: reqs.memory ? quantityValue(reqs.memory) : 0 };
      reqCache.set(pod, r);
    }
    cpu += r.cpu;
    memory += r.memory;
  }
  return { cpu, memory, count };
}

function qMilli(q: unknown): number {
  try {
    return q === undefined ? 0 : milliValue(parseQuantity(q as string));
  } catch {
    return 0;
  }
}

function qValue(q: unknown): number {
  try {
    return q === undefined ? 0 : quantityValue(parseQuantity(q as string));
  } catch {
    return 0;
  }
}

