/**
 * The clock: play/pause (Space), step one event (the button names it), speed, the virtual time, reset,
 * and two lines that tell the story of stepping: what the next step will do and what the last one did.
 */
import { useEffect } from 'react';
import { cluster } from '../state/cluster';
import { useClock, useHealth } from '../state/stores';
import { SPEEDS } from '../worker/protocol';
import { clockTime } from './format';
import { useThrottled } from './useThrottled';
import { useT } from './i18n';

/** The worker names objects in full; the clock bar keeps a long name's ends. */
function short(label: string): string {
  return label.replace(/[\w.-]{33,}/g, (w) => `${w.slice(0, 19)}…${w.slice(-12)}`);
}

function togglePlay(): void {
  if (useClock.getState().playing) cluster.pause();
  else cluster.play();
}

/** Space plays/pauses unless focus is somewhere that types or acts on Space itself. */
function spaceIsFree(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target.closest('input, textarea, select, button, a, [contenteditable=""], [contenteditable="true"], .monaco-editor, [role="tab"], [role="separator"]')) return false;
  return true;
}

export function ClockBar() {
  const t = useT();
  const playing = useClock((s) => s.playing);
  const speed = useClock((s) => s.speed);
  const nowMs = useThrottled(useClock((s) => s.nowMs), playing ? 100 : 0);
  const eventsRun = useClock((s) => s.eventsRun);
  const next = useThrottled(useClock((s) => s.next), playing ? 250 : 0);
  const last = useThrottled(useClock((s) => s.last), playing ? 250 : 0);
  const disabled = useHealth((s) => s.status !== 'ok');

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (!spaceIsFree(e.target)) return;
      e.preventDefault();
      togglePlay();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="clock" role="group" aria-label={t('frame.clock')} data-events-run={eventsRun}>
      <button type="button" className={`primary play${playing ? ' on' : ''}`} onClick={togglePlay} disabled={disabled} aria-keyshortcuts="Space" title={playing ? t('frame.pauseTitle') : t('frame.playTitle')}>
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? t('frame.pause') : t('frame.play')}
      </button>
      <button type="button" onClick={() => cluster.step()} disabled={disabled} title={next ? t('frame.stepTitle', { label: next.label, at: clockTime(next.atMs) }) : t('frame.stepNone')} aria-describedby="clock-next" data-testid="step">
        {t('frame.step')}
      </button>
      <div className="speeds" role="radiogroup" aria-label={t('frame.speed')}>
        {SPEEDS.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={speed === s} className={speed === s ? 'on' : ''} onClick={() => cluster.speed(s)} disabled={disabled}>
            {s}×
          </button>
        ))}
      </div>
      <output className="time mono" aria-label={t('frame.virtualTime')} title={t('frame.virtualTimeTitle')}>
        {clockTime(nowMs)}
      </output>
      <button type="button" onClick={() => cluster.reset()} disabled={disabled} title={t('frame.resetTitle')}>
        {t('frame.reset')}
      </button>
      <div className="clock-story small" role="group" aria-label={t('frame.story')}>
        <span id="clock-next" className="clock-line" title={next?.label} data-testid="clock-next">
          <span className="muted">{t('frame.next')}</span> {next ? short(next.label) : '—'}
        </span>
        <output className="clock-line" title={last?.label} aria-live={playing ? 'off' : 'polite'} data-testid="clock-last">
          <span className="muted">{t('frame.last')}</span> {last ? short(last.label) : '—'}
        </output>
      </div>
    </div>
  );
}
