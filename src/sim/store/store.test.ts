import { describe, expect, it } from 'vitest';
import { CompactedError, KeyExistsError, MvccStore, RevisionMismatchError } from './store';
import type { StoredObject } from '../types';

const obj = (name: string): StoredObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: name, resourceVersion: '', creationTimestamp: '' } });

describe('MvccStore', () => {
  it('counts every write in one global revision and tracks create/mod revision and version per key', () => {
    const s = new MvccStore();
    s.create('/registry/configmaps/default/a', obj('a'));
    s.create('/registry/configmaps/default/b', obj('b'));
    const kv = s.update('/registry/configmaps/default/a', obj('a'));
    expect(s.revision).toBe(3);
    expect(kv).toMatchObject({ createRevision: 1, modRevision: 3, version: 2 });
  });

  it('refuses to create a key twice and refuses a compare-and-swap against a stale revision', () => {
    const s = new MvccStore();
    s.create('/k/a', obj('a'));
    expect(() => s.create('/k/a', obj('a'))).toThrow(KeyExistsError);
    s.update('/k/a', obj('a'));
    expect(() => s.update('/k/a', obj('a'), 1)).toThrow(RevisionMismatchError);
  });

  it('ranges by prefix in key order, across namespaces or within one', () => {
    const s = new MvccStore();
    s.create('/registry/pods/ns2/x', obj('x'));
    s.create('/registry/pods/ns1/b', obj('b'));
    s.create('/registry/pods/ns1/a', obj('a'));
    s.create('/registry/podtemplates/ns1/z', obj('z'));
    expect(s.range('/registry/pods/').map((kv) => kv.key)).toEqual(['/registry/pods/ns1/a', '/registry/pods/ns1/b', '/registry/pods/ns2/x']);
    expect(s.range('/registry/pods/ns1/').map((kv) => kv.key)).toEqual(['/registry/pods/ns1/a', '/registry/pods/ns1/b']);
  });

  it('replays history from a revision, then delivers live events', () => {
    const s = new MvccStore();
    s.create('/k/a', obj('a'));
    s.create('/k/b', obj('b'));
    s.delete('/k/a');
    const seen: string[] = [];
    s.watch('/k/', 1, (ev) => seen.push(`${ev.type} ${ev.key} @${ev.revision}`));
    s.create('/k/c', obj('c'));
    expect(seen).toEqual(['PUT /k/b @2', 'DELETE /k/a @3', 'PUT /k/c @4']);
  });

  it('refuses a watch from a compacted revision', () => {
    const s = new MvccStore();
    for (const n of ['a', 'b', 'c', 'd']) s.create(`/k/${n}`, obj(n));
    s.compact(3);
    expect(() => s.watch('/k/', 2, () => {})).toThrow(CompactedError);
    const seen: number[] = [];
    s.watch('/k/', 3, (ev) => seen.push(ev.revision));
    expect(seen).toEqual([4]);
  });
});

describe('MvccStore history, past reads, watches and compaction', () => {
  const setup = (): MvccStore => {
    const s = new MvccStore();
    s.create('/k/a', obj('a1')); // 1
    s.create('/k/b', obj('b1')); // 2
    s.update('/k/a', obj('a2')); // 3
    s.delete('/k/b'); // 4
    s.create('/k/b', obj('b2')); // 5
    return s;
  };

  it("keeps a key's every value with its create/mod revision and version at that point", () => {
    const s = setup();
    expect(s.keyHistory('/k/b').map((r) => [r.revision, r.type, r.kv.value.metadata.name, r.kv.createRevision, r.kv.modRevision, r.kv.version])).toEqual([
      [2, 'PUT', 'b1', 2, 2, 1],
      [4, 'DELETE', 'b1', 2, 2, 1],
      [5, 'PUT', 'b2', 5, 5, 1],
    ]);
  });

  it('reads a key or a prefix as it was at a past revision', () => {
    const s = setup();
    expect(s.rangeAt('/k/', 1).map((kv) => kv.value.metadata.name)).toEqual(['a1']);
    expect(s.rangeAt('/k/', 3).map((kv) => `${kv.value.metadata.name}@${kv.modRevision}v${kv.version}`)).toEqual(['a2@3v2', 'b1@2v1']);
    expect(s.rangeAt('/k/b', 4, true)).toEqual([]);
    expect(s.rangeAt('/k/b', 5, true).map((kv) => kv.value.metadata.name)).toEqual(['b2']);
    expect(() => s.rangeAt('/k/', 6)).toThrow('mvcc: required revision is a future revision');
  });

  it('after compaction, keeps the value each key had at the compacted revision and refuses older reads', () => {
    const s = setup();
    s.compact(3, 600_000);
    expect(s.compaction).toEqual({ revision: 3, atMs: 600_000 });
    expect(() => s.rangeAt('/k/', 2)).toThrow(new CompactedError(2, 3));
    expect(() => s.rangeAt('/k/', 2)).toThrow('mvcc: required revision has been compacted');
    expect(s.rangeAt('/k/', 3).map((kv) => kv.value.metadata.name)).toEqual(['a2', 'b1']);
    expect(s.keyHistory('/k/a').map((r) => [r.revision, r.kv.value.metadata.name])).toEqual([[3, 'a2']]);
    expect(s.keyHistory('/k/b').map((r) => [r.revision, r.type])).toEqual([[2, 'PUT'], [4, 'DELETE'], [5, 'PUT']]);
  });

  it('lists the open watches with their prefix and start revision', () => {
    const s = setup();
    const stop = s.watch('/k/', 5, () => {});
    s.watch('/j/', 2, () => {});
    expect(s.watchers()).toEqual([{ prefix: '/k/', startRevision: 6 }, { prefix: '/j/', startRevision: 3 }]);
    stop();
    expect(s.watchers()).toEqual([{ prefix: '/j/', startRevision: 3 }]);
  });

  it('tells an observer of every write before the watches, without listing it as a watch', () => {
    const s = setup();
    const heard: string[] = [];
    s.watch('/k/', s.revision, (ev) => heard.push(`watch ${ev.type} ${ev.key}`));
    s.observe((ev) => heard.push(`observer ${ev.type} ${ev.key} ${ev.revision}`));
    const rev = s.revision;
    s.putText('compact_rev_key', '1');
    s.delete('/k/a');
    expect(heard).toEqual([`observer PUT compact_rev_key ${rev + 1}`, `observer DELETE /k/a ${rev + 2}`, 'watch DELETE /k/a']);
    expect(s.watchers()).toEqual([{ prefix: '/k/', startRevision: rev + 1 }]);
    // A tap hears as a watch does, from a past revision on, and is not listed either.
    const tapped: number[] = [];
    s.tap('/k/', rev, (ev) => tapped.push(ev.revision));
    expect(tapped).toEqual([rev + 2]);
    expect(s.watchers()).toEqual([{ prefix: '/k/', startRevision: rev + 1 }]);
  });

  it('ranges a prefix that reaches into a directory, and keys with no directory', () => {
    const s = setup();
    s.putText('compact_rev_key', '0');
    expect(s.range('/k/a').map((kv) => kv.key)).toEqual(['/k/a']);
    expect(s.range('compact').map((kv) => [kv.key, kv.text])).toEqual([['compact_rev_key', '0']]);
  });
});
