import { describe, expect, it } from 'vitest';
import { cellAt, denseLayout, hitTest, tileAt, visibleTiles } from './denseLayout';

describe('dense cluster layout', () => {
  // zoom 2: 6 px cells, 10 to a row, a 16 px head, 3 px padding, 4 px between tiles
  const l = denseLayout(1000, 20, 700, 2);

  it('fits as many tiles to a row as the width holds, rows enough for every node, pods enough for the fullest', () => {
    expect(l).toMatchObject({ cell: 6, tileW: 66, tileH: 16 + 2 * 6 + 6, cols: 10, rows: 100, podRows: 2 });
    expect(l.height).toBe(100 * (l.tileH + 4));
  });

  it('finds the node under a tile head and the pod under a cell, and nothing between tiles', () => {
    const count = 1000;
    const pods = (): number => 15;
    const t = tileAt(l, 123);
    expect(hitTest(l, t.x + 10, t.y + 5, count, pods)).toEqual({ tile: 123 });
    const c = cellAt(l, t.x, t.y, 14);
    expect(hitTest(l, c.x + 2, c.y + 2, count, pods)).toEqual({ tile: 123, pod: 14 });
    // the cell after the last pod is the node's, not a pod's
    const empty = cellAt(l, t.x, t.y, 15);
    expect(hitTest(l, empty.x + 2, empty.y + 2, count, pods)).toEqual({ tile: 123 });
    expect(hitTest(l, t.x + l.tileW + 1, t.y + 5, count, pods)).toBeUndefined();
    // the last row is short: past its last tile there is nothing
    expect(hitTest(l, 5, l.height - 10, 995, pods)).toEqual({ tile: 990, pod: 10 });
    expect(hitTest(l, tileAt(l, 996).x + 5, l.height - 30, 995, pods)).toBeUndefined();
  });

  it('draws only the rows in sight', () => {
    const rowH = l.tileH + l.gap;
    expect(visibleTiles(l, 0, 300, 1000)).toEqual({ from: 0, to: Math.ceil(300 / rowH) * 10 });
    expect(visibleTiles(l, 50 * rowH + 1, 52 * rowH, 1000)).toEqual({ from: 500, to: 520 });
    expect(visibleTiles(l, 99 * rowH, 200 * rowH, 995)).toEqual({ from: 990, to: 995 });
  });
});
