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
