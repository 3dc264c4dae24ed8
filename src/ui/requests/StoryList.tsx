/**
 * The story as a list the keyboard can walk: each step's name as a row header, then its requests and
 * watch events. Drawn either as sequence lanes (one lane per component, an arrow per row) or as plain
 * lines under the diagram. Up/Down (and Home/End) move the selection; Enter pins it.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { CSSProperties, KeyboardEvent } from 'react';
import { clockTime } from '../format';
import { useT } from '../i18n';
import { APISERVER, ETCD, etcdLabel, lanesOf, objectLabel, requestLabel, shortStory, watchLabel } from './model';
import type { StoryRow } from './model';

export interface StoryListProps {
  rows: readonly StoryRow[];
  mode: 'lanes' | 'lines';
  selected: number | undefined;
  focusStep: number | undefined;
  onSelect(seq: number): void;
  onHover(seq: number | undefined): void;
  more: boolean;
  onOlder(): void;
}

/** More lanes than this and their names stand upright. */
const UPRIGHT_ABOVE = 8;

/** A lane's name, short enough for a lane: controllers without their suffix, a kubelet by its node. */
export function laneName(component: string): string {
  if (component === 'kube-controller-manager') return 'controller-manager';
  if (component.startsWith('kubelet/')) return `kubelet ${component.slice('kubelet/'.length)}`;
  return component.replace(/-controller$/, '');
}

const seqOf = (r: StoryRow): number | undefined => (r.kind === 'step' ? undefined : r.entry.seq);

/** The words of a row: the arrow's label and the object it is about. */
export function rowText(r: Exclude<StoryRow, { kind: 'step' }>): { label: string; object: string } {
  if (r.kind === 'request') return { label: requestLabel(r.entry), object: objectLabel(r.entry) };
  if (r.kind === 'etcd') return { label: etcdLabel(r.write), object: '' };
  return { label: watchLabel(r.entry), object: `${objectLabel(r.entry)} rv ${r.entry.revision}` };
}

export function StoryList({ rows, mode, selected, focusStep, onSelect, onHover, more, onOlder }: StoryListProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lanes = useMemo(() => (mode === 'lanes' ? lanesOf(rows) : []), [rows, mode]);
  const laneIndex = useMemo(() => new Map(lanes.map((l, i) => [l, i])), [lanes]);
  const order = useMemo(() => [...new Set(rows.map(seqOf).filter((s): s is number => s !== undefined))], [rows]);

  // Keep the newest rows in sight as they arrive, unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current && selected === undefined) el.scrollTop = el.scrollHeight;
  }, [rows, selected]);
  useEffect(() => {
    if (selected === undefined) return;
    ref.current?.querySelector(`[data-seq="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (order.length === 0) return;
    const i = selected === undefined ? -1 : order.indexOf(selected);
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = order[Math.min(order.length - 1, i + 1)];
    else if (e.key === 'ArrowUp') next = order[i < 0 ? order.length - 1 : Math.max(0, i - 1)];
    else if (e.key === 'Home') next = order[0];
    else if (e.key === 'End') next = order[order.length - 1];
    else if (e.key === 'Enter' && selected === undefined) next = order[order.length - 1];
    else return;
    e.preventDefault();
    if (next !== undefined) onSelect(next);
  };

  const pos = (lane: string): number => ((laneIndex.get(lane) ?? 0) + 0.5) / Math.max(1, lanes.length);
  const arrowStyle = (from: string, to: string): CSSProperties => {
    const a = pos(from);
    const b = pos(to);
    return { left: `${Math.min(a, b) * 100}%`, width: `${Math.abs(b - a) * 100}%` };
  };

  return (
    <div className={`story ${mode}`} data-testid="req-story">
      {mode === 'lanes' && (
        <div className={`lane-heads${lanes.length > UPRIGHT_ABOVE ? ' upright' : ''}`} aria-hidden="true">
          {lanes.map((l) => (
            <span key={l} className="lane-head" title={l} data-lane={l}>
              {laneName(l)}
            </span>
          ))}
        </div>
      )}
      <div
        ref={ref}
        className="story-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('requests.list')}
        aria-activedescendant={selected !== undefined ? `req-${selected}` : undefined}
        onKeyDown={onKey}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
        }}
        onMouseLeave={() => onHover(undefined)}
      >
        <div className="story-inner">
          {mode === 'lanes' && lanes.map((l, i) => <span key={l} className="lane-line" style={{ left: `${((i + 0.5) / lanes.length) * 100}%` }} aria-hidden="true" />)}
          {more && (
            <button type="button" className="small-btn story-older" onClick={onOlder}>
              {t('requests.older')}
            </button>
          )}
          {rows.length === 0 && <p className="muted pad">{t('requests.empty')}</p>}
          {rows.map((r, i) => {
            if (r.kind === 'step') {
              return (
                <div key={`s${r.step}-${i}`} className={`story-step${r.step === focusStep ? ' focus' : ''}`} role="presentation" data-step={r.step}>
                  <span className="mono muted">{clockTime(r.atMs)}</span> <span className="story-step-title">{shortStory(r.title)}</span>
                </div>
              );
            }
            const { label, object } = rowText(r);
            const seq = r.entry.seq;
            const main = r.kind !== 'etcd';
            const sel = seq === selected;
            const cls = `story-row ${r.kind}${sel ? ' selected' : ''}${r.entry.step === focusStep ? ' focus' : ''}${r.kind === 'request' && r.entry.code >= 400 ? ' failed' : ''}`;
            const title = r.kind === 'request' ? `#${seq} ${t('requests.rowBy', { component: r.from })} · ${r.entry.uri}` : r.kind === 'watch' ? `#${seq} → ${r.to}${r.entry.cause !== undefined ? ` · ${t('requests.rowCause', { seq: r.entry.cause })}` : ''}` : r.write.key;
            return (
              <div
                key={`${r.kind}${seq}-${i}`}
                {...(main ? { id: `req-${seq}`, role: 'option', 'aria-selected': sel, 'data-seq': seq } : { role: 'presentation' })}
                className={cls}
                data-kind={r.kind}
                data-from={r.from}
                data-to={r.to}
                title={title}
                onClick={() => onSelect(seq)}
                onMouseEnter={() => onHover(seq)}
              >
                {mode === 'lanes' ? (
                  <span className={`seq-arrow ${pos(r.to) >= pos(r.from) ? 'right' : 'left'}${pos(r.to) + pos(r.from) > 1.1 ? ' anchor-right' : ''}`} style={arrowStyle(r.from, r.to)}>
                    <span className="seq-label">
                      <span className="mono">{label}</span> {object && <span className="muted">{object}</span>}
                    </span>
                  </span>
                ) : (
                  <>
                    <span className="story-who">{r.kind === 'request' ? r.from : r.kind === 'etcd' ? `${APISERVER} → ${ETCD}` : `→ ${r.to}`}</span>
                    <span className="mono">{label}</span> {object && <span className="muted">{object}</span>}
                    {r.kind === 'request' && r.entry.fanout ? <span className="muted small"> · {t('requests.fannedOut', { count: r.entry.fanout })}</span> : null}
                  </>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
