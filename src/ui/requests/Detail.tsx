/**
 * One entry in full. A request: what `kubectl -v=8` logs for it, its audit record (JSON) and the watch
 * events it caused, asked of the worker. A watch event: who received it, about what, and the request
 * that caused it (a click goes there).
 */
import { useEffect, useState } from 'react';
import { cluster } from '../../state/cluster';
import type { ConversationEntry, RequestDetail } from '../../worker/protocol';
import { clockTime } from '../format';
import { useT } from '../i18n';
import { AuthzDecision } from './AuthzDecision';
import { etcdLabel, objectLabel, requestLabel, watchLabel } from './model';

/** The audit log holds one line per event; the pane spreads it out to be read (keys keep their order). */
function readableJson(line: string): string {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}

/** Details fetched recently, so hovering back and forth does not ask again. */
const cache = new Map<number, RequestDetail>();
const CACHE_MAX = 100;

export function Detail({ entry, onSelect }: { entry: ConversationEntry | undefined; onSelect(seq: number): void }) {
  const t = useT();
  const [detail, setDetail] = useState<{ seq: number; detail?: RequestDetail; error?: string } | null>(null);
  const seq = entry?.kind === 'request' ? entry.seq : undefined;
  const fanout = entry?.kind === 'request' ? entry.fanout : undefined;
  // After a reset the numbers start again: a cached detail counts only if it is the same request.
  const same = entry?.kind === 'request' ? `${entry.atMs} ${entry.uri} ${entry.user}` : '';

  useEffect(() => {
    if (seq === undefined) return;
    const hit = cache.get(seq);
    // A cached detail is good while no more watch events arrived for it.
    if (hit && `${hit.entry.atMs} ${hit.entry.uri} ${hit.entry.user}` === same && hit.fanout.length === (fanout ?? 0)) {
      setDetail({ seq, detail: hit });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      cluster.requestDetail(seq).then(
        (r) => {
          if (!live) return;
          if (r.detail) {
            cache.set(seq, r.detail);
            if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
          }
          setDetail({ seq, ...r });
        },
        (e: unknown) => live && setDetail({ seq, error: e instanceof Error ? e.message : String(e) }),
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [seq, fanout, same]);

  if (!entry) return <p className="muted small pad">{t('requests.detailNone')}</p>;
  if (entry.kind === 'watch') {
    return (
      <div className="req-detail" data-testid="req-detail" data-seq={entry.seq}>
        <h3>
          {t('requests.watchEvent')} <span className="mono">{watchLabel(entry)}</span>
        </h3>
        <p className="small">
          <span className="mono">{objectLabel(entry, 60)}</span> {t('requests.rv', { revision: entry.revision })} · {clockTime(entry.atMs)}
        </p>
        <p className="small">
          {t('requests.deliveredTo')} <strong>{entry.component}</strong> ({entry.user})
        </p>
        {entry.cause !== undefined ? (
          <p className="small">
            {t('requests.causedByRequest')}{' '}
            <button type="button" className="small-btn" onClick={() => onSelect(entry.cause!)}>
              #{entry.cause}
            </button>
          </p>
        ) : (
          <p className="small muted">{t('requests.initial')}</p>
        )}
      </div>
    );
  }
  const d = detail?.seq === entry.seq && (!detail.detail || detail.detail.entry.atMs === entry.atMs) ? detail : null;
  return (
    <div className="req-detail" data-testid="req-detail" data-seq={entry.seq}>
      <h3>
        <span className="mono">{requestLabel(entry)}</span> <span className="muted">{objectLabel(entry, 60)}</span>
      </h3>
      <p className="small">
        {t('requests.by')} <strong>{entry.component}</strong> · {t('requests.user')} <span className="mono">{entry.user}</span> · {clockTime(entry.atMs)}
      </p>
      <p className="small mono req-uri">{entry.uri}</p>
      {entry.etcd?.length ? (
        <ul className="small mono req-etcd" aria-label={t('requests.etcdWrites')}>
          {entry.etcd.map((w, i) => (
            <li key={i}>{etcdLabel(w)}</li>
          ))}
        </ul>
      ) : null}
      {!d ? (
        <p className="muted small">{t('requests.loadingDetail')}</p>
      ) : d.error ? (
        <p className="net-verdict bad">{d.error}</p>
      ) : d.detail ? (
        <>
          {d.detail.authz && <AuthzDecision authz={d.detail.authz} />}
          <h4>{t('requests.v8')}</h4>
          <pre className="req-pre" data-testid="req-v8">{d.detail.clientLog}</pre>
          <h4>{t('requests.audit')}</h4>
          <pre className="req-pre" data-testid="req-audit">{readableJson(d.detail.audit)}</pre>
          <h4>{t('requests.fanoutHead', { count: d.detail.fanout.length })}</h4>
          {d.detail.fanout.length === 0 ? (
            <p className="muted small">{t('requests.noFanout')}</p>
          ) : (
            <ul className="small req-fanout">
              {d.detail.fanout.map((w) => (
                <li key={w.seq}>
                  <button type="button" className="linkish" onClick={() => onSelect(w.seq)}>
                    <span className="mono">{watchLabel(w)}</span> → {w.component}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}
