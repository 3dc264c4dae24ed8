/**
 * The RBAC view: for one namespace, every subject the cluster knows of (users, groups, the namespace's
 * ServiceAccounts) against common resources × verbs, green where the API server's authorizer would
 * allow. Hovering or clicking a square names the binding, role and rule that allow it; clicking a
 * subject lists all it can do (as kubectl auth can-i --list --as); "Who can" asks for one verb and
 * resource. The worker computes every answer (asked again as the cluster moves); this only draws.
 */
import { useEffect, useMemo, useState } from 'react';
import type { MouseEvent } from 'react';
import { create } from 'zustand';
import { cluster } from '../../state/cluster';
import { useClock, useScenario } from '../../state/stores';
import type { MatrixSubject, RbacAnswer, RbacMatrix, RbacQuery } from '../../worker/protocol';
import { useThrottled } from '../useThrottled';
import { useLang, useT } from '../i18n';
import { cellSentence, grantText, resourceLabel, subjectKey, subjectLabel } from './rbacText';
import './rbac.css';

/** The view is asked for again at most this often while the cluster runs. */
const REFRESH_MS = 500;

const WHO_CAN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', '*'];

interface CellRef {
  s: number;
  c: number;
}

interface RbacUi {
  namespace: string;
  selected: CellRef | null;
  /** the subject whose rules are listed */
  subject: MatrixSubject | null;
  whoCan: { verb: string; resource: string } | null;
}

/** Kept across tab switches. */
export const useRbacUi = create<RbacUi>(() => ({ namespace: 'default', selected: null, subject: null, whoCan: null }));

/** The worker's answer to `query`, asked again as the clock runs and when the scenario changes (a binding applied). */
function useRbacAnswer(query: RbacQuery | null): RbacAnswer | null {
  const tick = useThrottled(useClock((s) => s.eventsRun), REFRESH_MS);
  const scenario = useThrottled(useScenario((s) => s.scenario), REFRESH_MS);
  const [answer, setAnswer] = useState<RbacAnswer | null>(null);
  const key = query ? JSON.stringify(query) : '';
  useEffect(() => {
    if (!key) {
      setAnswer(null);
      return;
    }
    let live = true;
    cluster.rbac(JSON.parse(key) as RbacQuery).then(
      // An unchanged answer keeps its object, so nothing is drawn again while the clock runs.
      (r) => live && setAnswer((old) => (old && JSON.stringify(old) === JSON.stringify(r) ? old : r)),
      (e: unknown) => live && setAnswer({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [key, tick, scenario]);
  return answer;
}

function cellAt(e: MouseEvent): CellRef | null {
  const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-s]');
  if (!td) return null;
  return { s: Number(td.dataset.s), c: Number(td.dataset.c) };
}

const KIND_BADGE: Record<MatrixSubject['kind'], string> = { User: 'U', Group: 'G', ServiceAccount: 'SA' };

function Matrix({ m, onHover, onPick, onSubject, selected }: { m: RbacMatrix; onHover(c: CellRef | null): void; onPick(c: CellRef): void; onSubject(s: MatrixSubject): void; selected: CellRef | null }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const nv = m.verbs.length;
  const body = useMemo(
    () =>
      m.subjects.map((s, si) => (
        <tr key={subjectKey(s)}>
          <th scope="row" className="rbac-subject">
            <button type="button" className="linkish mono" title={`${t(`rbac.kind.${s.kind}` as const)} · ${s.source === 'object' ? t('rbac.source.object', { namespace: m.namespace }) : t(`rbac.source.${s.source}` as const)}`} onClick={() => onSubject(s)} data-testid="rbac-subject" data-subject={subjectKey(s)}>
              <span className={`rbac-kind k-${KIND_BADGE[s.kind]}`}>{KIND_BADGE[s.kind]}</span> {s.name}
            </button>
          </th>
          {m.cells[si]!.map((g, ci) => {
            const r = m.resources[Math.floor(ci / nv)]!;
            const verb = m.verbs[ci % nv]!;
            const allowed = g >= 0;
            return (
              <td
                key={ci}
                className={`rbac-cell ${allowed ? 'ok' : 'no'}${ci % nv === 0 ? ' first' : ''}`}
                data-s={si}
                data-c={ci}
                data-subject={subjectKey(s)}
                data-resource={r.resource}
                data-verb={verb}
                data-allowed={allowed}
                aria-label={cellSentence(s, verb, r, m.namespace, allowed, t)}
              >
                {allowed ? '✓' : ''}
              </td>
            );
          })}
        </tr>
      )),
    [m, lang], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return (
    <div className="rbac-scroll">
      <table className="rbac-matrix" aria-label={t('rbac.matrix', { namespace: m.namespace })} onMouseOver={(e) => onHover(cellAt(e))} onMouseLeave={() => onHover(null)} onClick={(e) => { const c = cellAt(e); if (c) onPick(c); }}>
        <thead>
          <tr>
            <th rowSpan={2} className="rbac-corner small muted">{t('rbac.subject')}</th>
            {m.resources.map((r) => (
              <th key={resourceLabel(r)} colSpan={nv} className="rbac-res mono" title={resourceLabel(r)}>
                {r.resource}
              </th>
            ))}
          </tr>
          <tr>
            {m.resources.map((r) =>
              m.verbs.map((v, vi) => (
                <th key={`${r.resource}-${v}`} className={`rbac-verb mono${vi === 0 ? ' first' : ''}`} title={v}>
                  {v[0]}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
      {selected && <span hidden data-testid="rbac-picked" data-s={selected.s} data-c={selected.c} />}
    </div>
  );
}

function Explain({ m, at }: { m: RbacMatrix; at: CellRef | null }) {
  const t = useT();
  if (!at) return <p className="muted small">{t('rbac.explainNone')}</p>;
  const s = m.subjects[at.s];
  const nv = m.verbs.length;
  const r = m.resources[Math.floor(at.c / nv)];
  const verb = m.verbs[at.c % nv];
  const gi = m.cells[at.s]?.[at.c] ?? -1;
  if (!s || !r || !verb) return null;
  const g = gi >= 0 ? m.grants[gi] : undefined;
  return (
    <div className="rbac-explain" data-testid="rbac-explain">
      <p className={`small net-verdict ${g ? 'ok' : 'bad'}`}>{cellSentence(s, verb, r, m.namespace, !!g, t)}</p>
      {g && <p className="small">{grantText(g, t)}</p>}
      {g?.rule && <p className="small mono rbac-rule">{g.rule}</p>}
    </div>
  );
}

function WhoCan({ namespace }: { namespace: string }) {
  const t = useT();
  const q = useRbacUi((s) => s.whoCan);
  const [verb, setVerb] = useState(q?.verb ?? 'list');
  const [resource, setResource] = useState(q?.resource ?? 'secrets');
  const answer = useRbacAnswer(q ? { kind: 'whoCan', namespace, verb: q.verb, resource: q.resource } : null);
  const w = answer?.whoCan;
  return (
    <div className="rbac-whocan">
      <form
        className="rbac-form"
        onSubmit={(e) => {
          e.preventDefault();
          useRbacUi.setState({ whoCan: { verb, resource: resource.trim() || 'pods' } });
        }}
      >
        <strong className="small">{t('rbac.whoCan')}</strong>
        <select aria-label={t('rbac.whoCanVerb')} value={verb} onChange={(e) => setVerb(e.target.value)}>
          {WHO_CAN_VERBS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <input className="mono" aria-label={t('rbac.whoCanResource')} placeholder={t('rbac.whoCanPlaceholder')} value={resource} onChange={(e) => setResource(e.target.value)} size={14} />
        <button type="submit" className="small-btn">
          {t('rbac.ask')}
        </button>
      </form>
      {q && w && (
        <div data-testid="rbac-whocan">
          <p className="small">
            <strong>{t('rbac.whoCanHead', { verb: w.verb, resource: `${w.resource}${w.group ? `.${w.group}` : ''}${w.subresource ? `/${w.subresource}` : ''}`, namespace })}</strong>
          </p>
          {w.error ? (
            <p className="small net-verdict bad">{w.error}</p>
          ) : w.allowed.length === 0 ? (
            <p className="small muted">{t('rbac.whoCanNobody')}</p>
          ) : (
            <ul className="small rbac-list">
              {w.allowed.map((row) => (
                <li key={subjectKey(row.subject)}>
                  <span className="mono">{subjectLabel(row.subject)}</span> <span className="muted">— {grantText(row.grant, t)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function WhatCan({ namespace, subject }: { namespace: string; subject: MatrixSubject }) {
  const t = useT();
  const answer = useRbacAnswer({ kind: 'whatCan', namespace, subject });
  const w = answer?.whatCan;
  return (
    <div className="rbac-whatcan" data-testid="rbac-whatcan">
      <p className="small rbac-whatcan-head">
        <strong>{t('rbac.whatCanHead', { subject: subjectLabel(subject), namespace })}</strong>
        <button type="button" className="small-btn" onClick={() => useRbacUi.setState({ subject: null })}>
          {t('rbac.close')}
        </button>
      </p>
      {answer?.error && <p className="small net-verdict bad">{answer.error}</p>}
      {w?.incomplete && <p className="small muted">{t('rbac.whatCanIncomplete', { error: w.evaluationError ?? '' })}</p>}
      {w ? <pre className="req-pre rbac-cani">{w.text}</pre> : !answer?.error && <p className="muted small">{t('rbac.loading')}</p>}
    </div>
  );
}

export default function RbacView() {
  const t = useT();
  const namespace = useRbacUi((s) => s.namespace);
  const selected = useRbacUi((s) => s.selected);
  const subject = useRbacUi((s) => s.subject);
  const [hovered, setHovered] = useState<CellRef | null>(null);
  const answer = useRbacAnswer({ kind: 'matrix', namespace });
  const m = answer?.matrix;
  const namespaces = m?.namespaces ?? [namespace];
  return (
    <section className="rbac-view" aria-label={t('rbac.region')} data-testid="rbac-view">
      <div className="rbac-bar">
        <label className="small">
          {t('rbac.namespace')}{' '}
          <select value={namespace} onChange={(e) => useRbacUi.setState({ namespace: e.target.value, selected: null })} data-testid="rbac-namespace">
            {(namespaces.includes(namespace) ? namespaces : [namespace, ...namespaces]).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small mono">{t('rbac.legend')}</span>
        {m?.enforced === false && <span className="net-verdict bad rbac-warn">{t('rbac.notEnforced')}</span>}
      </div>
      <div className="rbac-body">
        <div className="rbac-main">
          {answer?.error ? <p className="net-verdict bad small pad">{answer.error}</p> : m ? <Matrix m={m} selected={selected} onHover={setHovered} onPick={(c) => useRbacUi.setState({ selected: c })} onSubject={(s) => useRbacUi.setState({ subject: s })} /> : <p className="muted small pad">{t('rbac.loading')}</p>}
        </div>
        <aside className="rbac-side">
          {m && <Explain m={m} at={hovered ?? selected} />}
          {subject && <WhatCan namespace={namespace} subject={subject} />}
          <WhoCan namespace={namespace} />
        </aside>
      </div>
    </section>
  );
}
