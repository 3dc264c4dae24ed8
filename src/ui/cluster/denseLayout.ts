/**
 * Geometry of the dense cluster view: every node a tile in a grid, its pods small cells inside. Pure
 * arithmetic, so the canvas draws only the rows in sight and a click finds its node or pod in O(1).
 */

/** Zoom levels: a pod cell's side in CSS pixels. */
export const ZOOM_CELLS = [3, 4, 6, 9, 13] as const;
export const DEFAULT_ZOOM = 1;
/** Pod cells per row inside a tile. */
export const CELLS_PER_ROW = 10;
const PAD = 3;
const GAP = 4;

export interface DenseLayout {
  cell: number;
  /** the strip at a tile's top: the node's status colour, and its name when there is room */
  head: number;
  tileW: number;
  tileH: number;
  cols: number;
  rows: number;
  /** the grid's full height in CSS pixels */
  height: number;
  /** pod rows inside a tile (enough for the fullest node) */
  podRows: number;
  gap: number;
  pad: number;
}

/** Whether the name fits in a tile's head at this size. */
export const showsNames = (l: DenseLayout): boolean => l.head >= 14;

export function denseLayout(nodes: number, maxPods: number, width: number, zoom: number): DenseLayout {
  const cell = ZOOM_CELLS[Math.max(0, Math.min(ZOOM_CELLS.length - 1, zoom))]!;
  const head = cell >= 6 ? 16 : 6;
  const tileW = CELLS_PER_ROW * cell + 2 * PAD;
  const podRows = Math.max(1, Math.ceil(maxPods / CELLS_PER_ROW));
  const tileH = head + podRows * cell + 2 * PAD;
  const cols = Math.max(1, Math.floor((width + GAP) / (tileW + GAP)));
  const rows = Math.ceil(nodes / cols);
  return { cell, head, tileW, tileH, cols, rows, height: rows * (tileH + GAP), podRows, gap: GAP, pad: PAD };
}

/** Top-left corner of tile `i`. */
export function tileAt(l: DenseLayout, i: number): { x: number; y: number } {
  return { x: (i % l.cols) * (l.tileW + l.gap), y: Math.floor(i / l.cols) * (l.tileH + l.gap) };
}

/** Top-left corner of pod cell `j` inside a tile whose corner is (x, y). */
export function cellAt(l: DenseLayout, x: number, y: number, j: number): { x: number; y: number } {
  return { x: x + l.pad + (j % CELLS_PER_ROW) * l.cell, y: y + l.head + l.pad + Math.floor(j / CELLS_PER_ROW) * l.cell };
}

/** The tiles of the rows visible between `top` and `bottom` (CSS pixels from the grid's top). */
export function visibleTiles(l: DenseLayout, top: number, bottom: number, count: number): { from: number; to: number } {
  const rowH = l.tileH + l.gap;
  const first = Math.max(0, Math.floor(top / rowH));
  const last = Math.max(first, Math.ceil(bottom / rowH));
  return { from: Math.min(count, first * l.cols), to: Math.min(count, last * l.cols) };
}

/**
 * What is under a point of the grid: a tile (its index) and, when the point is on a pod cell, the pod's
 * index within the tile (`pod` absent: the node itself — its head or the tile's margin).
 */
export function hitTest(l: DenseLayout, x: number, y: number, count: number, podsOf: (tile: number) => number): { tile: number; pod?: number } | undefined {
  if (x < 0 || y < 0) return undefined;
  const col = Math.floor(x / (l.tileW + l.gap));
  const row = Math.floor(y / (l.tileH + l.gap));
  if (col >= l.cols) return undefined;
  const tile = row * l.cols + col;
  if (tile >= count) return undefined;
  const dx = x - col * (l.tileW + l.gap);
  const dy = y - row * (l.tileH + l.gap);
  if (dx >= l.tileW || dy >= l.tileH) return undefined;
  const px = Math.floor((dx - l.pad) / l.cell);
  const py = Math.floor((dy - l.head - l.pad) / l.cell);
  if (px < 0 || py < 0 || px >= CELLS_PER_ROW || dx - l.pad < 0 || dy - l.head - l.pad < 0) return { tile };
  const pod = py * CELLS_PER_ROW + px;
  return pod < podsOf(tile) ? { tile, pod } : { tile };
}
