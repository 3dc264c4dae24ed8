/**
 * The etcd tab: the keys the API server keeps in etcd as a tree (`/registry/…` folders with their key
 * counts, each key's create/mod revision and version), the selected key's history (every value it
 * had in the history etcd still keeps, as `etcdctl get KEY --rev=N -w json` gives it, decoded), and a
 * header with the current revision, the last compaction and the watches open on etcd. Asked for again
 * after the cluster moves, at most every REFRESH_MS. Loaded lazily.
 */
import { useEffect } from 'react';
import { cluster } from '../../state/cluster';
import { useClock } from '../../state/stores';
import { useThrottled } from '../useThrottled';
import { clockTime } from '../format';
import { useT } from '../i18n';
import type { EtcdKeyHistory, EtcdKeyRevision, EtcdStatus, EtcdTreeEntry } from '../../worker/protocol';
import { clearEtcd, selectKey, toggleFolder, useEtcd } from './etcdState';
import './etcd.css';

const REFRESH_MS = 500;

/** etcd's own names for a key's numbers (its KeyValue fields), shown as etcd spells them in every language. */
const FIELD = { create: 'createRevision', mod: 'modRevision', version: 'version' } as const;
/** The same, short, for the tree's narrow columns (and `rev` for a revision), as etcdctl users say them. */
const SHORT = { create: 'create', mod: 'mod', version: 'ver', rev: 'rev' } as const;
const ETCD = 'etcd';

function useEtcdRefresh(): void {
  const tick = useThrottled(useClock((s) => s.eventsRun), REFRESH_MS);
  const open = useEtcd((s) => s.open);
  const key = useEtcd((s) => s.key);
  useEffect(() => cluster.onLoad(clearEtcd), []);
  useEffect(() => {
    let live = true;
    const fail = (e: unknown): void => {
      if (live) useEtcd.setState({ error: e instanceof Error ? e.message : String(e) });
    };
    cluster.etcd({ kind: 'status' }).then((a) => live && useEtcd.setState(a.status ? { status: a.status, error: null } : { error: a.error ?? null }), fail);
    for (const prefix of open) {
      cluster.etcd({ kind: 'level', prefix }).then((a) => {
        if (live && a.level) useEtcd.setState((s) => ({ levels: { ...s.levels, [prefix]: a.level! } }));
      }, fail);
    }
    if (key !== null) {
      cluster.etcd({ kind: 'history', key }).then((a) => {
        if (live && a.history && useEtcd.getState().key === key) useEtcd.setState({ history: a.history });
      }, fail);
    }
    return () => {
      live = false;
    };
  }, [tick, open, key]);
}

/** The last path segment: what a row of the tree names. */
function label(e: EtcdTreeEntry, prefix: string): string {
  return e.path.slice(prefix.length);
}

function Level({ prefix, depth }: { prefix: string; depth: number }) {
  const t = useT();
  const level = useEtcd((s) => s.levels[prefix]);
  const open = useEtcd((s) => s.open);
  const selected = useEtcd((s) => s.key);
  if (!level) return <li className="etcd-row muted" style={{ paddingLeft: `${depth * 1.1}rem` }}>…</li>;
  if (level.entries.length === 0) return <li className="etcd-row muted" style={{ paddingLeft: `${depth * 1.1}rem` }}>{t('etcd.noKeys')}</li>;
  return (
    <>
      {level.entries.map((e) => {
        const indent = { paddingLeft: `${depth * 1.1 + 0.3}rem` };
        if (e.dir) {
          const isOpen = open.includes(e.path);
          return (
            <li key={e.path} role="treeitem" aria-expanded={isOpen} aria-level={depth + 1} aria-selected={false}>
              <button type="button" className="etcd-row etcd-dir" style={indent} data-path={e.path} onClick={() => toggleFolder(e.path)} title={e.path}>
                <span className="etcd-caret" aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                <span className="etcd-name">{label(e, prefix)}</span>
                <span className="etcd-count" title={t('etcd.keysUnder', { count: e.count ?? 0, path: e.path })}>{e.count}</span>
              </button>
              {isOpen ? (
                <ul role="group">
                  <Level prefix={e.path} depth={depth + 1} />
                </ul>
              ) : null}
            </li>
          );
        }
        return (
          <li key={e.path} role="treeitem" aria-level={depth + 1} aria-selected={selected === e.path}>
            <button type="button" className={`etcd-row etcd-key${selected === e.path ? ' selected' : ''}`} style={indent} data-path={e.path} onClick={() => selectKey(e.path)} title={e.path}>
              <span className="etcd-caret" aria-hidden="true" />
              <span className="etcd-name">{label(e, prefix)}</span>
              <span className="etcd-revs" aria-label={t('etcd.revsLabel', { create: e.createRevision ?? '', mod: e.modRevision ?? '', version: e.version ?? '' })}>
                <span title={FIELD.create}>{e.createRevision}</span>
                <span title={FIELD.mod}>{e.modRevision}</span>
                <span title={FIELD.version}>{e.version}</span>
              </span>
            </button>
          </li>
        );
      })}
    </>
  );
}

function StatusHeader({ status }: { status: EtcdStatus }) {
  const t = useT();
  const mb = (n: number): string => (n / 1_000_000).toFixed(1);
  return (
    <div className="etcd-status" data-testid="etcd-status">
      <span className="etcd-stat">
        {ETCD} <strong>{status.version}</strong>
      </span>
      <span className="etcd-stat" data-testid="etcd-revision">
        {t('etcd.revision')} <strong>{status.revision}</strong>
      </span>
      <span className="etcd-stat" title={t('etcd.compactTitle')}>
        {status.compaction ? (
          <>
            {t('etcd.compactedTo')} <strong>{status.compaction.revision}</strong> {t('etcd.compactedAt', { time: clockTime(status.compaction.atMs) })}
          </>
        ) : (
          <>{t('etcd.notCompacted')}</>
        )}
      </span>
      <span className="etcd-stat">
        <strong>{status.keys}</strong> {t('etcd.keys', { count: status.keys })}
      </span>
      <span className="etcd-stat" title={t('etcd.dbInUse', { bytes: status.dbSizeInUse })}>
        {t('etcd.db')} <strong>{t('etcd.mb', { size: mb(status.dbSize) })}</strong>
      </span>
      <span className="etcd-stat">
        {t('etcd.raft', { term: status.raftTerm, index: status.raftIndex })}
      </span>
      <span className="etcd-members">
        {status.members.map((m) => (
          <span key={m.id} className={`etcd-member${m.up ? '' : ' down'}`} title={t('etcd.memberTitle', { id: m.id, client: m.clientURL, peer: m.peerURL })}>
            {m.name}
            {m.leader ? t('etcd.leader') : m.up ? '' : t('etcd.down')}
          </span>
        ))}
      </span>
    </div>
  );
}

function Watchers({ status }: { status: EtcdStatus }) {
  const t = useT();
  return (
    <details className="etcd-watchers" data-testid="etcd-watchers">
      <summary>
        <strong>{status.watchers.length}</strong> {t('etcd.watches', { count: status.watchers.length })}
      </summary>
      <table className="etcd-table">
        <thead>
          <tr>
            <th>{t('etcd.prefix')}</th>
            <th>{t('etcd.startRevision')}</th>
          </tr>
        </thead>
        <tbody>
          {status.watchers.map((w) => (
            <tr key={`${w.prefix}|${w.startRevision}`}>
              <td className="mono">{w.prefix}</td>
              <td className="num">{w.startRevision}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** What `etcdctl get KEY --rev=N -w json` prints for one revision, with the key and value decoded. */
function asEtcdctlJson(h: EtcdKeyHistory, r: EtcdKeyRevision, status: EtcdStatus | null): string {
  const dec = (hex: string | undefined): string => (hex ? BigInt(`0x${hex}`).toString(10) : '0');
  const leader = status?.members.find((m) => m.leader) ?? status?.members[0];
  const header = `"header": {\n    "cluster_id": ${dec(status?.clusterId)},\n    "member_id": ${dec(leader?.id)},\n    "revision": ${status?.revision ?? 0},\n    "raft_term": ${status?.raftTerm ?? 2}\n  }`;
  if (r.type === 'DELETE') return `{\n  ${header}\n}`;
  let value: string;
  try {
    value = JSON.stringify(JSON.parse(r.value), null, 2).replace(/\n/g, '\n      ');
  } catch {
    value = JSON.stringify(r.value);
  }
  return `{\n  ${header},\n  "kvs": [\n    {\n      "key": ${JSON.stringify(h.key)},\n      "create_revision": ${r.createRevision},\n      "mod_revision": ${r.modRevision},\n      "version": ${r.version},\n      "value": ${value}\n    }\n  ],\n  "count": 1\n}`;
}

function History({ history, status }: { history: EtcdKeyHistory; status: EtcdStatus | null }) {
  const t = useT();
  const revisions = [...history.revisions].reverse();
  const protobuf = history.revisions.some((r) => r.protobuf);
  return (
    <div className="etcd-history" data-testid="etcd-history">
      <h3 className="etcd-key-title mono">{history.key}</h3>
      <p className="muted small">
        {history.current ? (
          <>
            {FIELD.create} <strong>{history.current.createRevision}</strong> · {FIELD.mod} <strong>{history.current.modRevision}</strong> · {FIELD.version} <strong>{history.current.version}</strong>
          </>
        ) : (
          <>{t('etcd.deletedNow')}</>
        )}
        {' · '}
        {t('etcd.kept', { count: history.revisions.length })}
        {history.compactRevision > 0 ? t('etcd.compactedAway', { revision: history.compactRevision }) : ''}
      </p>
      {protobuf ? (
        <p className="muted small">
          {t('etcd.protobuf1')}<code>k8s\0</code>
          {t('etcd.protobuf2')}<code>-w json</code>
          {t('etcd.protobuf3')}
        </p>
      ) : null}
      <ol className="etcd-revisions">
        {revisions.map((r, i) => (
          <li key={r.revision} className="etcd-revision" data-testid="etcd-revision" data-revision={r.revision}>
            <details open={i === 0}>
              <summary>
                <span className="etcd-rev-num">
                  {SHORT.rev} {r.revision}
                </span>
                <span className={`etcd-rev-type t-${r.type}`}>{r.type}</span>
                {r.type === 'PUT' ? (
                  <span className="muted small">
                    {SHORT.create} {r.createRevision} · {SHORT.mod} {r.modRevision} · {FIELD.version} {r.version}
                  </span>
                ) : (
                  <span className="muted small">{t('etcd.deletedAt', { revision: r.revision })}</span>
                )}
              </summary>
              <code className="etcd-cmd mono small">
                $ etcdctl get {history.key} --rev={r.type === 'DELETE' ? r.revision : r.modRevision} -w json
              </code>
              <pre className="etcd-json">{asEtcdctlJson(history, r, status)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}

export default function EtcdView() {
  const t = useT();
  useEtcdRefresh();
  const status = useEtcd((s) => s.status);
  const history = useEtcd((s) => s.history);
  const key = useEtcd((s) => s.key);
  const error = useEtcd((s) => s.error);
  return (
    <div className="etcd-view" data-testid="etcd-view">
      {status ? <StatusHeader status={status} /> : <p className="muted pad">{error ?? t('etcd.reading')}</p>}
      {status ? <Watchers status={status} /> : null}
      <div className="etcd-body">
        <div className="etcd-tree-wrap">
          <div className="etcd-tree-head small muted">
            <span>{t('etcd.key')}</span>
            <span className="etcd-revs">
              <span title={FIELD.create}>{SHORT.create}</span>
              <span title={FIELD.mod}>{SHORT.mod}</span>
              <span title={FIELD.version}>{SHORT.version}</span>
            </span>
          </div>
          <ul className="etcd-tree" role="tree" aria-label={t('etcd.tree')}>
            <Level prefix="" depth={0} />
          </ul>
        </div>
        <div className="etcd-detail">
          {history ? <History history={history} status={status} /> : <p className="muted pad">{key ? t('etcd.readingKey') : t('etcd.selectKey')}</p>}
        </div>
      </div>
    </div>
  );
}
