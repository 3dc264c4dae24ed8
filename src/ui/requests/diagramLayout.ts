/**
 * Where the architecture picture puts its boxes: kubectl left of the API server, etcd right of it; the
 * scheduler and kube-controller-manager (a group box of its controllers) above; the kubelets and the
 * node agents below. Many nodes make one "kubelet ×N" box. Coordinates are the SVG's own units.
 */
import { APISERVER, DEFAULT_CONTROLLERS, ETCD, KCM, KUBECTL, KUBELETS_GROUPED_ABOVE, NODE_ADDONS, SCHEDULER, kindOf, orderComponents } from './model';

export interface Box {
  /** the component it stands for (`kubelet/worker-1`), or `kubelet` for the grouped kubelets */
  id: string;
  label: string;
  /** a second line under the label (a kubelet's node) */
  sub?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** components whose entries land on this box */
  members: string[];
  group?: boolean;
}

export interface DiagramLayout {
  width: number;
  height: number;
  boxes: Box[];
  /** the box that draws a component (a controller's own box, or the grouped kubelets) */
  boxOf: ReadonlyMap<string, Box>;
}

export const DIAGRAM_WIDTH = 1000;
const CELL_W = 180;
const CELL_H = 46;
const GAP = 16;
const CTRL_COLS = 4;
/** Below this the bottom row's boxes wrap onto a second row. */
const MIN_CELL_W = 118;

export function layoutDiagram(spoken: Iterable<string>, nodes: readonly string[]): DiagramLayout {
  const all = new Set(spoken);
  const boxes: Box[] = [];
  const boxOf = new Map<string, Box>();
  const add = (b: Box): Box => {
    boxes.push(b);
    for (const m of b.members) boxOf.set(m, b);
    return b;
  };

  // Top row: the scheduler, then kube-controller-manager with its controllers.
  add({ id: SCHEDULER, label: SCHEDULER, x: 20, y: 24, w: 180, h: 56, members: [SCHEDULER] });
  const controllers = orderComponents([...DEFAULT_CONTROLLERS, ...[...all].filter((c) => kindOf(c) === 'controller')]);
  const rows = Math.ceil(controllers.length / CTRL_COLS);
  const kcm = add({ id: KCM, label: KCM, x: 220, y: 6, w: DIAGRAM_WIDTH - 240, h: 40 + rows * CELL_H, members: [KCM], group: true });
  const cw = (kcm.w - 10 - CTRL_COLS * 8) / CTRL_COLS;
  controllers.forEach((c, i) => {
    // Inside kube-controller-manager's box a controller goes by its short name (the tooltip has the full one).
    add({ id: c, label: c.replace(/-controller$/, ''), x: kcm.x + 10 + (i % CTRL_COLS) * (cw + 8), y: kcm.y + 32 + Math.floor(i / CTRL_COLS) * CELL_H, w: cw, h: CELL_H - 8, members: [c] });
  });

  // Middle: kubectl (and other users) → kube-apiserver ↔ etcd.
  const midY = kcm.y + kcm.h + 66;
  add({ id: APISERVER, label: APISERVER, x: 370, y: midY, w: 250, h: 64, members: [APISERVER] });
  add({ id: ETCD, label: ETCD, x: 780, y: midY, w: 200, h: 64, members: [ETCD] });
  const clients = orderComponents([KUBECTL, ...[...all].filter((c) => kindOf(c) === 'client')]);
  clients.forEach((c, i) => add({ id: c, label: c, x: 20, y: midY + i * (CELL_H + 6), w: 220, h: CELL_H, members: [c] }));

  // Bottom: the kubelets (one box when there are many nodes), then kube-proxy, flanneld, coredns….
  const kubelets = orderComponents([...nodes.map((n) => `kubelet/${n}`), ...[...all].filter((c) => kindOf(c) === 'kubelet')]);
  const bottom: Omit<Box, 'x' | 'y' | 'w' | 'h'>[] = [];
  if (kubelets.length > KUBELETS_GROUPED_ABOVE) bottom.push({ id: 'kubelet', label: `kubelet ×${kubelets.length}`, members: kubelets, group: true });
  else for (const k of kubelets) bottom.push({ id: k, label: 'kubelet', sub: k.slice('kubelet/'.length), members: [k] });
  // metallb and the local-path provisioner only when the cluster has them (they spoke).
  const addons = NODE_ADDONS.filter((a) => a === 'kube-proxy' || a === 'flanneld' || a === 'coredns' || all.has(a));
  for (const a of addons) bottom.push({ id: a, label: a === 'kube-proxy' && nodes.length > 1 ? `kube-proxy ×${nodes.length}` : a, members: [a] });
  // One row when the boxes fit at a readable width, else as many rows as it takes.
  const fitW = (DIAGRAM_WIDTH - 40 - (bottom.length - 1) * GAP) / bottom.length;
  const oneRow = fitW >= MIN_CELL_W;
  const cellW = oneRow ? Math.min(CELL_W, fitW) : CELL_W;
  const perRow = oneRow ? bottom.length : Math.max(1, Math.floor((DIAGRAM_WIDTH - 40 + GAP) / (cellW + GAP)));
  const botY = Math.max(midY + 64, midY + clients.length * (CELL_H + 6)) + 66;
  const cellH = CELL_H + 6;
  bottom.forEach((b, i) => add({ ...b, x: 20 + (i % perRow) * (cellW + GAP), y: botY + Math.floor(i / perRow) * (cellH + GAP), w: cellW, h: cellH }));
  const height = botY + Math.ceil(bottom.length / perRow) * (cellH + GAP) - GAP + 6;
  return { width: DIAGRAM_WIDTH, height, boxes, boxOf };
}

export interface Point {
  x: number;
  y: number;
}

const centre = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/** Where the line from a box's centre towards `to` leaves the box. */
function exitPoint(b: Box, to: Point): Point {
  const c = centre(b);
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : b.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** The line between two boxes, from border to border; `offset` moves it sideways so two directions do not overlap. */
export function edgeBetween(a: Box, b: Box, offset = 0): { from: Point; to: Point; mid: Point } {
  const ca = centre(a);
  const cb = centre(b);
  const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
  const nx = (-(cb.y - ca.y) / len) * offset;
  const ny = ((cb.x - ca.x) / len) * offset;
  const from = exitPoint(a, { x: cb.x + nx, y: cb.y + ny });
  const to = exitPoint(b, { x: ca.x + nx, y: ca.y + ny });
  const f = { x: from.x + nx, y: from.y + ny };
  const t = { x: to.x + nx, y: to.y + ny };
  return { from: f, to: t, mid: { x: (f.x + t.x) / 2, y: (f.y + t.y) / 2 } };
}
