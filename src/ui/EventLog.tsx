/**
 * The event log: every Event the cluster wrote, newest at the bottom, following new rows unless the
 * reader scrolled up. Rows are windowed (only the visible ones are in the DOM) so a busy cluster
 * stays cheap to draw.
 */
import type { ReactNode } from 'react';
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useEvents } from '../state/stores';
import type { LogRow } from '../state/stores';
import { useUi } from '../state/ui';
import { clockSeconds } from './format';
import { useThrottled } from './useThrottled';
import { useT } from './i18n';

const ROW_H = 28;
const OVERSCAN = 8;
/** The log redraws at most this often: readable, and cheap while a cluster is busy. */
const LOG_REDRAW_MS = 250;

export function EventLog({ tabs, hidden = false }: { tabs?: ReactNode; hidden?: boolean } = {}) {
  const t = useT();
  const rows = useDeferredValue(useThrottled(useEvents((s) => s.rows), LOG_REDRAW_MS));
  const dropped = useEvents((s) => s.dropped);
  const selection = useUi((s) => s.selection);
  const [text, setText] = useState('');
  const [type, setType] = useState<'all' | 'Normal' | 'Warning'>('all');
  const [object, setObject] = useState('');
  const dText = useDeferredValue(text.trim().toLowerCase());
  const dObject = useDeferredValue(object.trim().toLowerCase());

  const filtered = useMemo(() => {
    if (!dText && type === 'all' && !dObject) return rows;
    return rows.filter((r) => {
      if (type !== 'all' && r.type !== type) return false;
      if (dObject && !`${r.namespace}/${r.object}`.toLowerCase().includes(dObject)) return false;
      if (dText && !`${r.type} ${r.reason} ${r.namespace}/${r.object} ${r.source} ${r.message}`.toLowerCase().includes(dText)) return false;
      return true;
    });
  }, [rows, dText, type, dObject]);

  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const stick = useRef(true);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Follow new rows while the reader is at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(Math.floor(el.scrollTop / ROW_H) * ROW_H);
    }
  }, [filtered.length, height]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_H / 2;
    stick.current = atBottom;
    setFollowing(atBottom);
    setScrollTop(Math.floor(el.scrollTop / ROW_H) * ROW_H);
  }, []);

  const jumpToEnd = (): void => {
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    setFollowing(true);
    el.scrollTop = el.scrollHeight;
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(filtered.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const visible = filtered.slice(first, last);

  const selectedObject = selection ? `${selection.namespace}/${selection.resource}/${selection.name}` : null;

  useEffect(() => {
    // A new cluster (reset) starts following again.
    if (rows.length === 0) {
      stick.current = true;
      setFollowing(true);
    }
  }, [rows.length]);

  return (
    <section className="event-log" aria-label={t('events.label')} hidden={hidden} id="bottom-events" {...(tabs ? { role: 'tabpanel', 'aria-labelledby': 'bottom-tab-events' } : {})}>
      <div className="pane-head">
        {tabs ?? <h2>{t('events.title')}</h2>}
        <input type="search" className="filter" placeholder={t('events.filterText')} aria-label={t('events.filterTextLabel')} value={text} onChange={(e) => setText(e.target.value)} />
        <select className="filter" aria-label={t('events.filterType')} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
          <option value="all">{t('events.allTypes')}</option>
          <option value="Normal">Normal</option>
          <option value="Warning">Warning</option>
        </select>
        <input type="search" className="filter" placeholder={t('events.filterObject')} aria-label={t('events.filterObjectLabel')} value={object} onChange={(e) => setObject(e.target.value)} />
        {selection ? (
          <button type="button" className="small-btn" onClick={() => setObject(`${selection.resource}/${selection.name}`)} title={t('events.selectedTitle')}>
            {t('events.selected')}
          </button>
        ) : null}
        <span className="muted small count">
          {filtered.length === rows.length ? `${rows.length}` : t('events.countOf', { shown: filtered.length, total: rows.length })}
          {dropped ? t('events.dropped', { count: dropped }) : ''}
        </span>
      </div>
      <div className="log-table" role="table" aria-label={t('events.table')} aria-rowcount={filtered.length + 1}>
        <div className="log-row log-header" role="row">
          <span role="columnheader">{t('events.col.time')}</span>
          <span role="columnheader">{t('events.col.type')}</span>
          <span role="columnheader">{t('events.col.reason')}</span>
          <span role="columnheader">{t('events.col.object')}</span>
          <span role="columnheader" className="col-source">{t('events.col.source')}</span>
          <span role="columnheader" className="msg">{t('events.col.message')}</span>
        </div>
        <div className="log-body" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label={t('events.rows')}>
          <div style={{ height: filtered.length * ROW_H, position: 'relative' }}>
            {visible.map((r, i) => (
              <LogLine key={r.seq} row={r} top={(first + i) * ROW_H} index={first + i + 2} selected={selectedObject === `${r.namespace}/${r.object}`} />
            ))}
          </div>
          {filtered.length === 0 ? <p className="muted pad">{rows.length ? t('events.noMatch') : t('events.none')}</p> : null}
        </div>
        {!following ? (
          <button type="button" className="jump" onClick={jumpToEnd}>
            {t('events.newest')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

/**
 * Column widths in characters (the log is monospaced); cells are cut in text, which keeps painting
 * cheap. Only Message, and Object where a narrow pane narrows it (styles.css), are clipped as well.
 */
const COLS = { reason: 19, object: 30, source: 17 };
const cut = (text: string, n: number): string => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

const LogLine = memo(function LogLine({ row, top, index, selected }: { row: LogRow; top: number; index: number; selected: boolean }) {
  const select = useUi((s) => s.select);
  const slash = row.object.indexOf('/');
  const kind = row.object.slice(0, slash);
  const name = row.object.slice(slash + 1);
  const full = `${row.namespace ? `${row.namespace}/` : ''}${row.object}`;
  return (
    <div className={`log-row${row.type === 'Warning' ? ' warn' : ''}${selected ? ' selected' : ''}`} role="row" aria-rowindex={index} style={{ top }} data-reason={row.reason}>
      <span role="cell">{clockSeconds(row.atMs)}</span>
      <span role="cell">{row.type}</span>
      <span role="cell" className="reason" title={row.reason.length > COLS.reason ? row.reason : undefined}>
        {cut(row.reason, COLS.reason)}
      </span>
      <span role="cell" className="col-object">
        <button type="button" className="linklike obj" onClick={() => select({ resource: kind, namespace: row.namespace, name })} title={full}>
          {cut(row.object, COLS.object)}
        </button>
      </span>
      <span role="cell" className="muted col-source" title={row.source.length > COLS.source ? row.source : undefined}>
        {cut(row.source, COLS.source)}
      </span>
      <span role="cell" className="msg" title={row.message}>
        {row.message}
        {row.count > 1 ? <span className="muted"> (×{row.count})</span> : null}
      </span>
    </div>
  );
});
