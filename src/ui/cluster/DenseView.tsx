/**
 * The cluster view for a large cluster: every node a tile and every pod a cell, drawn on one canvas
 * that paints only the rows in sight (a thousand cards, or twenty thousand chips, would take the page
 * seconds to lay out). A search narrows the tiles to the nodes and pods whose names hold it and lists
 * the first matches as buttons; zoom sizes the cells; a click opens the inspector as a card's does.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, MouseEvent as ReactMouseEvent } from 'react';
import type { Node, Pod } from '../../sim/types';
import { useUi } from '../../state/ui';
import { isControlPlane, nodeStatus, podSummary, statusTone } from '../format';
import type { StatusTone } from '../format';
import { useT } from '../i18n';
import { cellAt, DEFAULT_ZOOM, denseLayout, hitTest, showsNames, tileAt, visibleTiles, ZOOM_CELLS } from './denseLayout';
import type { DenseLayout } from './denseLayout';
import { markFirstNode } from './firstPaint';

/** Matches listed under the search box at most (the tiles show them all). */
const HITS_LISTED = 12;

export interface DenseViewProps {
  nodes: readonly Node[];
  byNode: ReadonlyMap<string, readonly Pod[]>;
  showSystem: boolean;
  selNode: string | null;
  selPod: string | null;
  /** per node: the selected pod's scheduling cycle failed there, or chose it */
  verdicts: ReadonlyMap<string, { failed?: string; winner?: boolean }>;
  /** right-click on a tile (the node) or a cell (the pod): the fault menu opens there */
  onContext(kind: 'pod' | 'node', namespace: string, name: string, at: { x: number; y: number }): void;
}

interface Tile {
  node: Node;
  name: string;
  status: string;
  pods: readonly Pod[];
  /** with a search: which of `pods` match it */
  hits?: readonly boolean[];
}

const toneCache = new WeakMap<object, { tone: StatusTone; status: string }>();
/** A pod's status and tone, worked out once per version of the object (the mirror replaces an object on change). */
function toneOf(pod: Pod): { tone: StatusTone; status: string } {
  let r = toneCache.get(pod);
  if (!r) {
    const { status } = podSummary(pod, 0);
    r = { tone: statusTone(status), status };
    toneCache.set(pod, r);
  }
  return r;
}

const podRef = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
const isSystem = (p: Pod): boolean => p.metadata?.namespace === 'kube-system' || p.metadata?.namespace === 'kube-flannel';

export function DenseView({ nodes, byNode, showSystem, selNode, selPod, verdicts, onContext }: DenseViewProps) {
  const t = useT();
  const select = useUi((s) => s.select);
  // A theme change repaints (App sets the root's data-theme before the frame paints).
  const theme = useUi((s) => s.theme);
  const [query, setQuery] = useState('');
  const [zoom, setZoom] = useState(() => (nodes.length > 400 ? DEFAULT_ZOOM : DEFAULT_ZOOM + 1));
  const q = query.trim().toLowerCase();

  const { tiles, podCount, hitNodes, hitPods, maxPods } = useMemo(() => {
    const tiles: Tile[] = [];
    let podCount = 0;
    let maxPods = 0;
    const hitNodes: string[] = [];
    const hitPods: Pod[] = [];
    for (const node of nodes) {
      const name = node.metadata!.name!;
      const all = byNode.get(name) ?? [];
      const pods = showSystem ? all : all.filter((p) => !isSystem(p));
      podCount += pods.length;
      let hits: boolean[] | undefined;
      if (q) {
        const nodeHit = name.toLowerCase().includes(q);
        let any = false;
        hits = pods.map((p) => {
          const h = (p.metadata?.name ?? '').toLowerCase().includes(q);
          if (h) {
            any = true;
            if (hitPods.length < HITS_LISTED) hitPods.push(p);
          }
          return h;
        });
        if (!nodeHit && !any) continue;
        if (nodeHit) hitNodes.push(name);
      }
      maxPods = Math.max(maxPods, pods.length);
      tiles.push({ node, name, status: nodeStatus(node), pods, ...(hits ? { hits } : {}) });
    }
    return { tiles, podCount, hitNodes, hitPods, maxPods };
  }, [nodes, byNode, showSystem, q]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [box, setBox] = useState({ w: 800, h: 600 });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = (): void => setBox({ w: el.clientWidth, h: el.clientHeight });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    read();
    return () => ro.disconnect();
  }, []);

  const layout = useMemo(() => denseLayout(tiles.length, maxPods, box.w - 16, zoom), [tiles.length, maxPods, box.w, zoom]);

  // Drawing reads the latest props through a ref, so a scroll redraws without a React render.
  const drawState = useRef({ tiles, layout, selNode, selPod, verdicts, q });
  drawState.current = { tiles, layout, selNode, selPod, verdicts, q };
  const frame = useRef(0);
  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const scroller = scrollRef.current;
    if (!canvas || !scroller) return;
    paint(canvas, scroller.scrollTop, scroller.clientWidth, scroller.clientHeight, drawState.current);
    if (drawState.current.tiles.length) markFirstNode();
  }, []);
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);
  useEffect(() => {
    schedule();
  }, [tiles, layout, selNode, selPod, verdicts, box, theme, schedule]);
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );

  const hit = (e: ReactMouseEvent): { kind: 'node' | 'pod'; namespace: string; name: string; tip: string } | undefined => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const r = canvas.getBoundingClientRect();
    const h = hitTest(layout, e.clientX - r.left - 8, e.clientY - r.top - 8 + (scrollRef.current?.scrollTop ?? 0), tiles.length, (i) => tiles[i]!.pods.length);
    if (!h) return undefined;
    const tile = tiles[h.tile]!;
    if (h.pod === undefined) return { kind: 'node', namespace: '', name: tile.name, tip: t('cluster.dense.nodeTip', { name: tile.name, status: tile.status, count: tile.pods.length }) };
    const pod = tile.pods[h.pod]!;
    return { kind: 'pod', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', tip: t('cluster.dense.podTip', { ref: podRef(pod), status: toneOf(pod).status, node: tile.name }) };
  };
  const onClick = (e: ReactMouseEvent): void => {
    const h = hit(e);
    if (h) select({ resource: h.kind, namespace: h.namespace, name: h.name });
  };
  const onMove = (e: ReactMouseEvent<HTMLCanvasElement>): void => {
    const h = hit(e);
    const tip = h?.tip ?? '';
    if (e.currentTarget.title !== tip) e.currentTarget.title = tip;
    e.currentTarget.style.cursor = h ? 'pointer' : 'default';
  };
  const onContextMenu = (e: ReactMouseEvent): void => {
    const h = hit(e);
    if (!h) return;
    e.preventDefault();
    e.stopPropagation();
    onContext(h.kind, h.namespace, h.name, { x: e.clientX, y: e.clientY });
  };
  const onSearchKey = (e: ReactKeyboardEvent): void => {
    if (e.key === 'Escape') setQuery('');
    if (e.key !== 'Enter') return;
    // Enter opens the first match, a node before a pod.
    if (hitNodes[0]) select({ resource: 'node', namespace: '', name: hitNodes[0] });
    else if (hitPods[0]) select({ resource: 'pod', namespace: hitPods[0].metadata?.namespace ?? '', name: hitPods[0].metadata?.name ?? '' });
  };

  return (
    <div className="dense-view" data-testid="dense-view" data-nodes={tiles.length} data-pods={podCount}>
      <div className="dense-toolbar small">
        <input
          type="search"
          className="dense-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          placeholder={t('cluster.dense.search')}
          aria-label={t('cluster.dense.search')}
          spellCheck={false}
        />
        <span className="dense-zoom" role="group" aria-label={t('cluster.dense.zoom')}>
          <button type="button" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label={t('cluster.dense.zoomOut')} title={t('cluster.dense.zoomOut')}>
            −
          </button>
          <button type="button" onClick={() => setZoom((z) => Math.min(ZOOM_CELLS.length - 1, z + 1))} disabled={zoom === ZOOM_CELLS.length - 1} aria-label={t('cluster.dense.zoomIn')} title={t('cluster.dense.zoomIn')}>
            +
          </button>
        </span>
        <span className="muted" data-testid="dense-count">
          {q ? t('cluster.dense.matching', { nodes: tiles.length, total: nodes.length }) : t('cluster.dense.counts', { nodes: nodes.length, pods: podCount })}
        </span>
        <Legend />
      </div>
      {q ? (
        <div className="dense-hits" role="list" aria-label={t('cluster.dense.matches')}>
          {hitNodes.length === 0 && hitPods.length === 0 ? <span className="muted small">{t('cluster.dense.noMatch', { query: query.trim() })}</span> : null}
          {hitNodes.slice(0, HITS_LISTED).map((name) => (
            <button key={`n/${name}`} type="button" role="listitem" className={`dense-hit node${selNode === name ? ' selected' : ''}`} data-kind="node" data-name={name} onClick={() => select({ resource: 'node', namespace: '', name })} aria-pressed={selNode === name}>
              {name}
            </button>
          ))}
          {hitPods.map((p) => {
            const ns = p.metadata?.namespace ?? '';
            const name = p.metadata?.name ?? '';
            const { tone, status } = toneOf(p);
            return (
              <button key={`p/${ns}/${name}`} type="button" role="listitem" className={`dense-hit pod tone-${tone}${selPod === `${ns}/${name}` ? ' selected' : ''}`} data-kind="pod" data-namespace={ns} data-name={name} data-phase={status} onClick={() => select({ resource: 'pod', namespace: ns, name })} aria-pressed={selPod === `${ns}/${name}`}>
                {name}
              </button>
            );
          })}
          {hitNodes.length > HITS_LISTED ? <span className="muted small">{t('cluster.more', { count: hitNodes.length - HITS_LISTED })}</span> : null}
        </div>
      ) : null}
      <div className="dense-scroll" ref={scrollRef} onScroll={schedule}>
        <div className="dense-grid" style={{ height: Math.max(layout.height + 16, box.h) }}>
          <canvas ref={canvasRef} className="dense-canvas" onClick={onClick} onMouseMove={onMove} onContextMenu={onContextMenu} role="img" aria-label={t('cluster.dense.canvas', { nodes: tiles.length, pods: podCount })} />
        </div>
      </div>
    </div>
  );
}

const LEGEND: readonly StatusTone[] = ['running', 'creating', 'pending', 'failed', 'terminating', 'done', 'unknown'];
function Legend() {
  const t = useT();
  return (
    <span className="dense-legend muted" aria-label={t('cluster.dense.legend')}>
      {LEGEND.map((tone) => (
        <span key={tone} className="dense-key">
          <span className={`dense-swatch tone-${tone}`} aria-hidden="true" />
          {t(`cluster.dense.tone.${tone}`)}
        </span>
      ))}
    </span>
  );
}

interface Paint {
  tiles: readonly Tile[];
  layout: DenseLayout;
  selNode: string | null;
  selPod: string | null;
  verdicts: ReadonlyMap<string, { failed?: string; winner?: boolean }>;
  q: string;
}

/** Theme colours, read from the page's CSS custom properties (so the dark theme is followed). */
function colours(el: Element): Record<string, string> {
  const cs = getComputedStyle(el);
  const v = (name: string): string => cs.getPropertyValue(name).trim() || '#888';
  const out: Record<string, string> = { panel: v('--panel-2'), border: v('--border'), text: v('--text'), muted: v('--muted'), ok: v('--ok'), bad: v('--bad'), sel: v('--sel'), focus: v('--focus'), cp: v('--accent') };
  for (const tone of ['running', 'pending', 'creating', 'done', 'failed', 'terminating', 'unknown']) out[tone] = v(`--t-${tone}-bd`);
  return out;
}

/** What paint reads from the page's styles, kept for the theme it was read in. */
let themed: { key: string; colours: Record<string, string>; font: string } | undefined;
/**
 * Reading computed styles forces a style pass, which on every scroll frame of a large page is not
 * free: the colours and font are read again only when the theme (the root's data-theme, and
 * data-present, which restyles it) has changed since.
 */
function themeOf(canvas: HTMLCanvasElement): { colours: Record<string, string>; font: string } {
  const root = document.documentElement;
  const key = `${root.getAttribute('data-theme') ?? ''}|${root.hasAttribute('data-present')}`;
  if (themed?.key !== key) themed = { key, colours: colours(canvas), font: `600 10px ${getComputedStyle(canvas).fontFamily}` };
  return themed;
}

/**
 * A node's name cut to fit its tile's head: a numbered name keeps its end (`…er-123`: the number is what
 * tells nodes apart), any other its start (`control-p…`).
 */
function fitName(ctx: CanvasRenderingContext2D, name: string, width: number): string {
  if (ctx.measureText(name).width <= width) return name;
  const numbered = /\d$/.test(name);
  for (let keep = name.length - 1; keep > 1; keep--) {
    const label = numbered ? `…${name.slice(name.length - keep)}` : `${name.slice(0, keep)}…`;
    if (ctx.measureText(label).width <= width) return label;
  }
  return '…';
}

/** Paints the tiles in sight; the canvas stays put (sticky) while the grid scrolls under it. */
function paint(canvas: HTMLCanvasElement, scrollTop: number, width: number, height: number, s: Paint): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { colours: c, font } = themeOf(canvas);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const { layout: l, tiles } = s;
  const off = 8;
  const top = Math.max(0, scrollTop - off);
  const { from, to } = visibleTiles(l, top, top + h, tiles.length);
  const names = showsNames(l);
  ctx.font = font;
  ctx.textBaseline = 'middle';
  for (let i = from; i < to; i++) {
    const tile = tiles[i]!;
    const at = tileAt(l, i);
    const x = at.x + off;
    const y = at.y + off - scrollTop;
    const verdict = s.verdicts.get(tile.name);
    ctx.globalAlpha = verdict?.failed ? 0.4 : 1;
    ctx.fillStyle = c.panel!;
    ctx.fillRect(x, y, l.tileW, l.tileH);
    const ready = tile.status.startsWith('Ready');
    const unknown = tile.node.status?.conditions?.some((k) => k.type === 'Ready' && k.status === 'Unknown');
    ctx.fillStyle = unknown ? c.unknown! : ready ? (isControlPlane(tile.node) ? c.cp! : c.ok!) : c.bad!;
    ctx.fillRect(x, y, l.tileW, l.head);
    if (names) {
      ctx.fillStyle = '#fff';
      ctx.fillText(fitName(ctx, tile.name, l.tileW - 6), x + 3, y + l.head / 2 + 0.5);
    }
    const gap = l.cell >= 6 ? 1 : 0.5;
    for (let j = 0; j < tile.pods.length; j++) {
      const pod = tile.pods[j]!;
      const p = cellAt(l, x, y, j);
      const dim = tile.hits && !tile.hits[j];
      ctx.globalAlpha = (verdict?.failed ? 0.4 : 1) * (dim ? 0.25 : 1);
      ctx.fillStyle = c[toneOf(pod).tone] ?? c.unknown!;
      ctx.fillRect(p.x, p.y, l.cell - gap, l.cell - gap);
      if (s.selPod && s.selPod === podRef(pod)) {
        ctx.globalAlpha = 1;
        ctx.strokeStyle = c.focus!;
        ctx.lineWidth = 2;
        ctx.strokeRect(p.x - 1, p.y - 1, l.cell + 1, l.cell + 1);
      }
    }
    ctx.globalAlpha = 1;
    const outline = s.selNode === tile.name ? c.sel : verdict?.winner ? c.ok : tile.hits && tile.name.toLowerCase().includes(s.q) ? c.focus : undefined;
    ctx.strokeStyle = outline ?? c.border!;
    ctx.lineWidth = outline ? 2 : 1;
    ctx.strokeRect(x + 0.5, y + 0.5, l.tileW - 1, l.tileH - 1);
  }
}
