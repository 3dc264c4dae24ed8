/**
 * The policy view: for one namespace, the matrix of who may open a connection to whom by its
 * NetworkPolicies, one square per destination port, green allowed and red denied. The worker computes
 * it (asked again as the cluster moves); this only draws. Hovering or selecting a square explains it
 * (the policies that isolate each end, the rule that allows it, or that nothing selects the pod); a
 * click also runs the packet trace for it in the trace panel. Under flannel it says, once, that nothing
 * enforces what it shows.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { create } from 'zustand';
import { cluster } from '../../state/cluster';
import type { PolicyViewResponse } from '../../state/cluster';
import { useNetwork } from '../../state/network';
import { useClock, useScenario } from '../../state/stores';
import type { PolicyMatrix } from '../../worker/protocol';
import { useThrottled } from '../useThrottled';
import { useLang, useT } from '../i18n';
import { cellText, cellTrace, endName, portLabel } from './policyText';
import './policy.css';

/** The view is asked for again at most this often while the cluster runs. */
const REFRESH_MS = 500;

interface CellRef {
  s: number;
  d: number;
  p: number;
}

interface PolicyUi {
  /** the Network tab shows the policy view instead of the topology */
  shown: boolean;
  namespace: string;
  selected: CellRef | null;
}

/** Kept across tab switches, like the trace's form. */
export const usePolicyUi = create<PolicyUi>(() => ({ shown: false, namespace: 'default', selected: null }));

function usePolicyMatrix(namespace: string): PolicyViewResponse | null {
  const tick = useThrottled(useClock((s) => s.eventsRun), REFRESH_MS);
  // A policy applied while the clock stands still changes the scenario log, not the clock.
  const scenario = useThrottled(useScenario((s) => s.scenario), REFRESH_MS);
  const [answer, setAnswer] = useState<PolicyViewResponse | null>(null);
  useEffect(() => {
    let live = true;
    cluster.policyView(namespace).then(
      // An unchanged answer keeps its object, so the squares are not drawn again while the clock runs.
      (r) => live && setAnswer((old) => (old && JSON.stringify(old) === JSON.stringify(r) ? old : r)),
      (e: unknown) => live && setAnswer({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [namespace, tick, scenario]);
  return answer;
}

/** The square a mouse event is on, from its data attributes (one handler for the whole table). */
function cellAt(e: MouseEvent): CellRef | null {
  const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-s]');
  if (!td) return null;
  return { s: Number(td.dataset.s), d: Number(td.dataset.d), p: Number(td.dataset.p) };
}

const same = (a: CellRef | null, b: CellRef | null): boolean => !!a && !!b && a.s === b.s && a.d === b.d && a.p === b.p;

function Matrix({ m, hovered, selected, onHover, onPick }: { m: PolicyMatrix; hovered: CellRef | null; selected: CellRef | null; onHover: (c: CellRef | null) => void; onPick: (c: CellRef) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  // The squares change only with the matrix (and the language of their labels), not with the hover.
  const body = useMemo(
    () =>
      m.sources.map((src, s) => (
        <tr key={src.key}>
          <th scope="row" className="pol-src mono" title={src.kind === 'outside' ? t('policy.outsideTitle', { ip: src.ip }) : `${src.key} · ${src.ip}${src.reason ? ` · ${t(`policy.reason.${src.reason}` as const, { namespace: src.namespace ?? '' })}` : ''}`}>
            {endName(src, m.namespace, t)}
          </th>
          {m.destinations.map((dst, d) =>
            dst.ports.map((port, p) => {
              const c = m.cells[s]?.[d];
              if (!c) return <td key={`${d}-${p}`} className="pol-cell self" />;
              const allowed = m.verdicts[c[p]!]!.allowed;
              const label = t('policy.cell', { from: endName(src, m.namespace, t), to: endName(dst, m.namespace, t), port: portLabel(port, t), verdict: t(allowed ? 'policy.allowed' : 'policy.denied') });
              return <td key={`${d}-${p}`} className={`pol-cell ${allowed ? 'ok' : 'bad'}`} data-s={s} data-d={d} data-p={p} data-allowed={allowed} aria-label={label} />;
            }),
          )}
        </tr>
      )),
    [m, lang], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // The hovered and selected squares are marked on the DOM, so moving the mouse redraws no square.
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    const el = table.current;
    if (!el) return;
    const at = (c: CellRef | null) => (c ? el.querySelector<HTMLElement>(`td[data-s="${c.s}"][data-d="${c.d}"][data-p="${c.p}"]`) : null);
    const marked = [at(hovered), at(selected)];
    marked[0]?.classList.add('hover');
    marked[1]?.classList.add('picked');
    return () => {
      marked[0]?.classList.remove('hover');
      marked[1]?.classList.remove('picked');
    };
  }, [hovered, selected, body]);
  return (
    <div className="pol-scroll">
      <table ref={table} className="pol-matrix" role="grid" aria-label={t('policy.region')} onMouseOver={(e) => onHover(cellAt(e))} onMouseLeave={() => onHover(null)} onClick={(e) => { const c = cellAt(e); if (c) onPick(c); }}>
        <thead>
          <tr>
            <th rowSpan={2} className="pol-corner small muted">{t('policy.corner')}</th>
            {m.destinations.map((dst) => (
              <th key={dst.key} colSpan={dst.ports.length} className={`pol-dst mono${dst.reason ? ' other' : ''}`} title={dst.kind === 'outside' ? t('policy.outsideTitle', { ip: dst.ip }) : `${dst.key} · ${dst.ip}${dst.reason ? ` · ${t(`policy.reason.${dst.reason}` as const, { namespace: dst.namespace ?? '' })}` : ''}`}>
                <span>{endName(dst, m.namespace, t)}</span>
              </th>
            ))}
          </tr>
          <tr>
            {m.destinations.map((dst) =>
              dst.ports.map((port, p) => (
                <th key={`${dst.key}-${p}`} className="pol-port mono" title={port.port === undefined ? t('policy.anyPortTitle') : `${port.name ? `${port.name} ` : ''}${port.port}/${port.protocol}`}>
                  {portLabel(port, t)}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}

export default function PolicyView() {
  const t = useT();
  const namespace = usePolicyUi((s) => s.namespace);
  const selected = usePolicyUi((s) => s.selected);
  const [hovered, setHovered] = useState<CellRef | null>(null);
  const answer = usePolicyMatrix(namespace);
  const m = answer?.matrix;
  // The explanation follows the mouse, and falls back to the square last clicked.
  const shown = hovered ?? selected;
  const text = m && shown ? cellText(m, shown.s, shown.d, shown.p, t) : undefined;

  const pick = (c: CellRef): void => {
    if (!m || same(c, selected)) return;
    usePolicyUi.setState({ selected: c });
    const tr = cellTrace(m, c.s, c.d, c.p);
    if (!tr) return;
    useNetwork.setState({ source: tr.source, dest: tr.dest, traceError: '', playing: false });
    // Kept as a scenario action, as the trace panel's own button does.
    cluster.tracePacket(tr.source, tr.dest, true).then(
      (r) => useNetwork.setState({ trace: r.trace ?? null, traceError: r.error ?? '', hop: 0 }),
      (e: unknown) => useNetwork.setState({ trace: null, traceError: e instanceof Error ? e.message : String(e) }),
    );
  };

  return (
    <section className="pol-view" aria-label={t('policy.region')} data-testid="policy-view">
      <div className="pol-head">
        <label className="net-setting">
          {t('policy.namespace')}
          <select value={namespace} aria-label={t('policy.namespace')} onChange={(e) => usePolicyUi.setState({ namespace: e.target.value, selected: null })}>
            {(m?.namespaces.length ? m.namespaces : [namespace]).map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>
        </label>
        <span className="pol-legend small">
          <span className="pol-swatch ok" aria-hidden="true" /> {t('policy.allowed')}
          <span className="pol-swatch bad" aria-hidden="true" /> {t('policy.denied')}
        </span>
      </div>
      {answer?.cni === 'flannel' && (
        <p className="pol-notice warn" role="note" data-testid="policy-flannel">{t('policy.flannel')}</p>
      )}
      {answer?.cni && answer.cni !== 'flannel' && <p className="pol-notice small muted">{t('policy.enforced')}</p>}
      {answer?.error && <p className="net-verdict bad" role="alert">{t('policy.error', { error: answer.error })}</p>}
      {!answer && <p className="muted pad">{t('policy.loading')}</p>}
      {m && (
        <>
          <p className="pol-policies small" data-testid="policy-list">
            {m.policies.length ? t('policy.list', { namespace: m.namespace, names: m.policies.map((p) => p.name).join(', ') }) : t('policy.none', { namespace: m.namespace })}
          </p>
          <div className="pol-body">
            {m.sources.length === 0 ? <p className="muted pad">{t('policy.noPods', { namespace: m.namespace })}</p> : <Matrix m={m} hovered={hovered} selected={selected} onHover={(c) => setHovered((h) => (same(h, c) || (!h && !c) ? h : c))} onPick={pick} />}
            <div className={`pol-explain small${text ? (text.allowed ? ' ok' : ' bad') : ''}`} aria-live="polite" data-testid="policy-explain">
              {text ? (
                <>
                  <strong>{text.verdict}</strong>
                  <span>{text.egress}</span>
                  <span>{text.ingress}</span>
                  {text.hostLocal && <span className="muted">{text.hostLocal}</span>}
                  {!same(shown, selected) && <span className="muted">{t('policy.clickToTrace')}</span>}
                </>
              ) : (
                <span className="muted">{t('policy.hint')}</span>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
