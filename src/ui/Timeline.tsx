/**
 * The time bar under the clock: the story from 0 to the furthest moment it reached, the current moment,
 * and ticks for the user's actions and the cluster's notable events. A slider: click or drag to go
 * there (the cluster is rebuilt on release), or ←/→ (1 s), PageUp/PageDown (1 min), Home/End. After
 * acting at an earlier moment, the story forked: an Undo brings the dropped actions back.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { cluster } from '../state/cluster';
import { useClock, useHealth, useTimeline } from '../state/stores';
import type { TimelineMark, TimelineMarkKind } from '../worker/protocol';
import { clockTime } from './format';
import { useThrottled } from './useThrottled';
import { useT } from './i18n';
import type { MessageKey } from './i18n';

/** Keys pressed in a row go as one seek once they stop for this long (each backward seek rebuilds the cluster). */
const KEY_SETTLE_MS = 300;
const SEEK_GIVE_UP_MS = 10_000;
const SEEK_LANDED_MS = 2000;

export const MARK_KINDS: Record<TimelineMarkKind, MessageKey> = {
  action: 'timeline.kind.action',
  fault: 'timeline.kind.fault',
  failure: 'timeline.kind.failure',
  scheduling: 'timeline.kind.scheduling',
  rollout: 'timeline.kind.rollout',
  eviction: 'timeline.kind.eviction',
};

const clamp = (v: number, hi: number): number => Math.max(0, Math.min(hi, v));

export function Timeline() {
  const t = useT();
  const playing = useClock((s) => s.playing);
  const rawNow = useClock((s) => s.nowMs);
  const nowMs = useThrottled(rawNow, playing ? 100 : 0);
  const { horizonMs: sentHorizon, marks, undo } = useTimeline();
  const disabled = useHealth((s) => s.status !== 'ok');
  // Between the worker's updates the story grows with the clock.
  const horizon = Math.max(sentHorizon, nowMs);
  /** where the user is taking the clock (dragging, or keys not yet settled); null: where the clock is */
  const [pending, setPending] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const track = useRef<HTMLDivElement>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sentAt = useRef<number | null>(null);

  // The mark of a sent seek stays until the clock has gone there, so the thumb does not jump back
  // meanwhile; while playing, the clock may be a frame past it (1.6 s at 100×) by the time it is shown.
  useEffect(() => {
    const at = sentAt.current;
    if (at !== null && rawNow >= at - 1 && rawNow <= at + SEEK_LANDED_MS) {
      sentAt.current = null;
      setPending(null);
    }
  }, [rawNow]);
  useEffect(() => () => clearTimeout(keyTimer.current), []);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- the horizon when the marks came, not since
  const marksBase = useMemo(() => horizon, [marks]);
  const shown = pending ?? nowMs;
  const pct = (ms: number): string => `${horizon > 0 ? (clamp(ms, horizon) / horizon) * 100 : 0}%`;

  const go = (ms: number): void => {
    const t = Math.round(clamp(ms, horizon));
    if (t === Math.round(nowMs)) {
      setPending(null);
      return;
    }
    sentAt.current = t;
    setPending(t);
    cluster.seek(t);
    // Should the answer not come (a failed worker), the thumb goes back to the clock.
    clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => {
      sentAt.current = null;
      setPending(null);
    }, SEEK_GIVE_UP_MS);
  };

  const atPointer = (clientX: number): number => {
    const r = track.current!.getBoundingClientRect();
    return r.width > 0 ? clamp(((clientX - r.left) / r.width) * horizon, horizon) : 0;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (disabled || e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    clearTimeout(keyTimer.current);
    setDragging(true);
    setPending(atPointer(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (dragging) setPending(atPointer(e.clientX));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (!dragging) return;
    setDragging(false);
    go(atPointer(e.clientX));
  };
  const onPointerCancel = (): void => {
    setDragging(false);
    setPending(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (disabled || e.altKey || e.ctrlKey || e.metaKey) return;
    const steps: Record<string, (v: number) => number> = {
      ArrowLeft: (v) => v - 1000,
      ArrowDown: (v) => v - 1000,
      ArrowRight: (v) => v + 1000,
      ArrowUp: (v) => v + 1000,
      PageDown: (v) => v - 60_000,
      PageUp: (v) => v + 60_000,
      Home: () => 0,
      End: () => horizon,
    };
    const f = steps[e.key];
    if (!f) return;
    e.preventDefault();
    const to = clamp(f(pending ?? nowMs), horizon);
    setPending(to);
    clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => go(to), KEY_SETTLE_MS);
  };

  return (
    <div className="timeline" role="group" aria-label={t('timeline.label')}>
      <span className="tl-end mono" aria-hidden="true">
        0:00
      </span>
      <div
        ref={track}
        className={`tl-track${dragging ? ' dragging' : ''}`}
        role="slider"
        tabIndex={disabled ? -1 : 0}
        aria-label={t('timeline.slider')}
        aria-valuemin={0}
        aria-valuemax={Math.round(horizon) / 1000}
        aria-valuenow={Math.round(shown) / 1000}
        aria-valuetext={clockTime(shown)}
        aria-disabled={disabled || undefined}
        aria-keyshortcuts="ArrowLeft ArrowRight PageUp PageDown Home End"
        title={t('timeline.sliderTitle')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onKeyDown={onKeyDown}
      >
        <div className="tl-rail" />
        <div className="tl-past" style={{ width: pct(shown) }} />
        {/* The marks are laid out once against the horizon they came with; as the story grows, only their layer shrinks. */}
        <div className="tl-marks" style={{ width: `${horizon > 0 ? (marksBase / horizon) * 100 : 100}%` }}>
          <Marks marks={marks} base={marksBase} />
        </div>
        <div className="tl-thumb" style={{ left: pct(shown) }}>
          {(dragging || pending !== null) && <span className="tl-bubble mono">{clockTime(shown)}</span>}
        </div>
      </div>
      <span className="tl-end mono" title={t('timeline.horizonTitle')}>
        {clockTime(horizon)}
      </span>
      {undo && (
        <span className="tl-fork" role="status">
          {t('timeline.forkedAt', { at: clockTime(undo.atMs) })}
          <button type="button" className="small-btn" onClick={() => cluster.undoFork()} disabled={disabled} title={t('timeline.undoTitle')}>
            {t('timeline.undo', { count: undo.actions })}
          </button>
        </span>
      )}
    </div>
  );
}

/** Up to a thousand marks: drawn again only when they change, not on every tick of the clock. */
const Marks = memo(function Marks({ marks, base }: { marks: readonly TimelineMark[]; base: number }) {
  const t = useT();
  const pct = (ms: number): string => `${base > 0 ? (clamp(ms, base) / base) * 100 : 0}%`;
  return marks.map((m, i) => (
    <span key={`${m.atMs}-${i}`} className={`tl-mark ${m.kind}`} style={{ left: pct(m.atMs) }} title={t('timeline.mark', { at: clockTime(m.atMs), kind: t(MARK_KINDS[m.kind]), label: m.label })} data-kind={m.kind} />
  ));
});
