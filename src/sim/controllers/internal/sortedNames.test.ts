import { describe, expect, it } from 'vitest';
import { SortedNames } from './sortedNames';

describe('SortedNames', () => {
  it('keeps names in code-unit order through adds and deletes, each name once', () => {
    const s = new SortedNames();
    for (const n of ['worker-2', 'worker-10', 'control-plane', 'worker-1', 'worker-2', 'Worker-3']) s.add(n);
    expect(s.ordered()).toEqual(['Worker-3', 'control-plane', 'worker-1', 'worker-10', 'worker-2']);
    s.delete('worker-10');
    s.delete('absent');
    expect(s.ordered()).toEqual(['Worker-3', 'control-plane', 'worker-1', 'worker-2']);
    expect(s.size).toBe(4);
    expect(s.has('worker-10')).toBe(false);
    expect(s.has('worker-1')).toBe(true);
    // The order every walk used before: a sort with `<`.
    const names = Array.from({ length: 300 }, (_, i) => `node-${(i * 7919) % 1000}`);
    const t = new SortedNames();
    for (const n of names) t.add(n);
    expect(t.ordered()).toEqual([...new Set(names)].sort((a, b) => (a < b ? -1 : 1)));
  });
});
