import { useEffect, useReducer, useRef } from 'react';

export interface Shown<T> {
  item: T;
  key: string;
  leaving: boolean;
}

/**
 * Keeps items that just disappeared on screen for `ms` more milliseconds, marked `leaving`, so they
 * can animate out. `items` must be sorted by key; leaving items are merged back in key order.
 */
export function useLeaving<T>(items: readonly T[], keyOf: (t: T) => string, ms: number): Shown<T>[] {
  const prev = useRef<Shown<T>[]>([]);
  const ghosts = useRef(new Map<string, { item: T; until: number }>());
  const [, tick] = useReducer((x: number) => x + 1, 0);

  const now = performance.now();
  const cur: Shown<T>[] = items.map((item) => ({ item, key: keyOf(item), leaving: false }));
  const present = new Set(cur.map((c) => c.key));
  const g = ghosts.current;
  for (const p of prev.current) if (!present.has(p.key) && !g.has(p.key)) g.set(p.key, { item: p.item, until: now + ms });
  for (const [k, v] of g) if (present.has(k) || v.until <= now) g.delete(k);
  prev.current = cur;

  const hasGhosts = g.size > 0;
  useEffect(() => {
    if (!hasGhosts) return;
    const t = setTimeout(tick, ms + 20);
    return () => clearTimeout(t);
  });
  if (!hasGhosts) return cur;
  const all = cur.concat([...g].map(([key, v]) => ({ item: v.item, key, leaving: true })));
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return all;
}
