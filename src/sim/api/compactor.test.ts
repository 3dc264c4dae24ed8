import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import { COMPACT_REV_KEY } from './compactor';

describe("kube-apiserver's compactor", () => {
  it('writes compact_rev_key every 5 minutes and compacts to the revision it noted at the previous tick', () => {
    const c = createCluster({ seed: 1 });
    const store = c.api.store;
    // The first tick (5 minutes after the API server started, at -30 s) only notes the revision.
    c.runUntil(269_999);
    expect(store.get(COMPACT_REV_KEY)).toBeUndefined();
    c.runUntil(270_000);
    const first = store.get(COMPACT_REV_KEY)!;
    expect(first.text).toBe('0');
    expect(store.compactRevision).toBe(0);
    const noted = first.modRevision;
    c.runUntil(570_000);
    const second = store.get(COMPACT_REV_KEY)!;
    expect([second.text, second.version]).toEqual([String(noted), 2]);
    expect(store.compactRevision).toBe(noted);
    expect(store.compaction).toEqual({ revision: noted, atMs: 570_000 });
  });
});
