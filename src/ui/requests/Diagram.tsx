/**
 * The course's architecture picture, live: every component that talks to the API server has a line to
 * it; the focused step's requests light their line towards the API server (labelled `POST pods 201
 * default/web-…`), its etcd writes the line to etcd (key and revision), and its watch events the lines
 * out to their watchers. Clicking a box (or Enter on it) filters the view by that component.
 */
import { useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import type { ConversationEntry } from '../../worker/protocol';
import { edgeBetween, layoutDiagram } from './diagramLayout';
import type { Box } from './diagramLayout';
import { APISERVER, ETCD, kindOf, objectLabel, requestLabel, shortName, watchLabel } from './model';
import { useT } from '../i18n';

export interface DiagramProps {
  /** entries the view shows (all of them get a line; the focused step's light up) */
  entries: readonly ConversationEntry[];
  nodes: readonly string[];
  focusStep: number | undefined;
  /** the component filter: one name, or the kubelets' names joined by commas */
  component: string;
  onComponent(c: string): void;
}

interface Lit {
  from: Box;
  to: Box;
  /** the first thing that travelled: what was asked (`POST pods 201`) and about what */
  head: [string, string];
  count: number;
  kind: 'request' | 'etcd' | 'watch';
  failed: boolean;
}

export function Diagram({ entries, nodes, focusStep, component, onComponent }: DiagramProps) {
  const t = useT();
  const spoken = useMemo(() => new Set(entries.map((e) => e.component)), [entries]);
  const layout = useMemo(() => layoutDiagram(spoken, nodes), [[...spoken].sort().join(','), nodes.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  const api = layout.boxOf.get(APISERVER)!;
  const etcd = layout.boxOf.get(ETCD)!;

  // The focused step's arrows, one per box pair and direction, with what travelled on them.
  const lit = useMemo(() => {
    const byEdge = new Map<string, Lit>();
    const put = (from: Box, to: Box, kind: Lit['kind'], head: [string, string], failed = false): void => {
      const k = `${from.id}>${to.id}`;
      const l = byEdge.get(k) ?? { from, to, head, count: 0, kind, failed: false };
      l.count++;
      l.failed ||= failed;
      byEdge.set(k, l);
    };
    for (const e of entries) {
      if (e.step !== focusStep) continue;
      const box = layout.boxOf.get(e.component);
      if (!box) continue;
      if (e.kind === 'request') {
        put(box, api, 'request', [requestLabel(e), objectLabel(e, 20)], e.code >= 400);
        for (const w of e.etcd ?? []) put(api, etcd, 'etcd', [`${w.op} rev ${w.revision}`, shortName(w.key, 34)]);
      } else {
        put(api, box, 'watch', [watchLabel(e), objectLabel(e, 20)]);
      }
    }
    return [...byEdge.values()];
  }, [entries, focusStep, layout, api, etcd]);

  const active = new Set(lit.flatMap((l) => [l.from.id, l.to.id]));
  const filtered = new Set(component.split(',').filter(Boolean));
  // Every box that has spoken has a quiet line to the API server.
  const quiet = layout.boxes.filter((b) => b.id !== APISERVER && !b.group && b.members.some((m) => spoken.has(m)));
  const grouped = layout.boxes.filter((b) => b.group && b.id !== 'kube-controller-manager' && b.members.some((m) => spoken.has(m)));

  const key = (b: Box) => (e: KeyboardEvent<SVGGElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onComponent(b.members.join(','));
  };

  return (
    <svg className="req-diagram" viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMidYMin meet" style={{ aspectRatio: `${layout.width} / ${layout.height}` }} role="group" aria-label={t('requests.picture')} data-testid="req-diagram">
      <defs>
        <marker id="req-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="req-arrowhead" />
        </marker>
      </defs>
      {[...quiet, ...grouped].map((b) => {
        const e = edgeBetween(b, b.id === ETCD ? api : api);
        return <line key={`q${b.id}`} x1={e.from.x} y1={e.from.y} x2={e.to.x} y2={e.to.y} className="req-edge" />;
      })}
      {layout.boxes.map((b) => {
        const on = b.members.some((m) => filtered.has(m)) && (b.members.length === 1 || b.members.every((m) => filtered.has(m)));
        return (
          <g
            key={b.id}
            className={`req-box${b.group ? ' group' : ''}${kindOf(b.id) === 'controller' ? ' ctrl' : ''}${active.has(b.id) ? ' active' : ''}${on ? ' filtered' : ''}${b.members.some((m) => spoken.has(m)) ? ' spoken' : ''}`}
            data-box={b.id}
            role="button"
            tabIndex={0}
            aria-pressed={on}
            aria-label={t('requests.filterBy', { component: b.label })}
            onClick={(e) => {
              e.stopPropagation();
              onComponent(on ? '' : b.members.join(','));
            }}
            onKeyDown={key(b)}
          >
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={b.group ? 12 : 8} />
            {b.id === 'kube-controller-manager' ? (
              <text x={b.x + 10} y={b.y + 20} className="req-box-label">
                {b.label}
              </text>
            ) : b.sub ? (
              <text x={b.x + b.w / 2} y={b.y + b.h / 2 - 3} textAnchor="middle" className="req-box-label">
                <tspan x={b.x + b.w / 2}>{b.label}</tspan>
                <tspan x={b.x + b.w / 2} dy="1.1em" className="req-box-sub">
                  {b.sub}
                </tspan>
              </text>
            ) : (
              <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 6} textAnchor="middle" className="req-box-label">
                {b.label}
              </text>
            )}
            <title>{b.members.length === 1 ? b.members[0] : b.label}</title>
          </g>
        );
      })}
      {lit.map((l, i) => {
        // Both directions between the same boxes sit side by side.
        const back = lit.some((o) => o.from === l.to && o.to === l.from);
        const e = edgeBetween(l.from, l.to, back ? (l.kind === 'watch' ? 5 : -5) : 0);
        const [what, about] = l.head;
        const first = what + (l.count > 1 ? t('requests.moreOnEdge', { count: l.count - 1 }) : '');
        // A level line (kubectl → API server → etcd) is too short for its words: they go above the boxes
        // (the way back below them); a slanted one carries them at its middle.
        const level = Math.abs(e.from.y - e.to.y) < 20;
        const below = level && back && l.kind === 'watch';
        const y = level ? (below ? Math.max(l.from.y + l.from.h, l.to.y + l.to.h) + 18 : Math.min(l.from.y, l.to.y) - 26) : e.mid.y - 10;
        return (
          <g key={i} className={`req-lit ${l.kind}${l.failed ? ' failed' : ''}`} data-edge={`${l.from.id}>${l.to.id}`}>
            <line x1={e.from.x} y1={e.from.y} x2={e.to.x} y2={e.to.y} markerEnd="url(#req-arrow)" />
            <text x={e.mid.x} y={y} textAnchor="middle" className="req-edge-label">
              <tspan x={e.mid.x}>{first}</tspan>
              {about && (
                <tspan x={e.mid.x} dy="1.15em" className="req-edge-about">
                  {about}
                </tspan>
              )}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
