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

const T = {
  step: 'Step',
  stepTitle: (label: string, at: string) => `Step: ${label} (at ${at})`,
  stepNone: 'Run the next event',
  next: 'next',
  last: 'did',
  story: 'What the steps do',
};

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
    <div className="clock" role="group" aria-label="Clock" data-events-run={eventsRun}>
      <button type="button" className={`primary play${playing ? ' on' : ''}`} onClick={togglePlay} disabled={disabled} aria-keyshortcuts="Space" title={playing ? 'Pause (Space)' : 'Play (Space)'}>
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => cluster.step()} disabled={disabled} title={next ? T.stepTitle(next.label, clockTime(next.atMs)) : T.stepNone} aria-describedby="clock-next" data-testid="step">
        {T.step}
      </button>
      <div className="speeds" role="radiogroup" aria-label="Speed">
        {SPEEDS.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={speed === s} className={speed === s ? 'on' : ''} onClick={() => cluster.speed(s)} disabled={disabled}>
            {s}×
          </button>
        ))}
      </div>
      <output className="time mono" aria-label="Virtual time" title="Virtual time since the cluster started">
        {clockTime(nowMs)}
      </output>
      <button type="button" onClick={() => cluster.reset()} disabled={disabled} title="Rebuild the cluster from its scenario at time 0">
        Reset
      </button>
      <div className="clock-story small" role="group" aria-label={T.story}>
        <span id="clock-next" className="clock-line" title={next?.label} data-testid="clock-next">
          <span className="muted">{T.next}</span> {next ? short(next.label) : '—'}
        </span>
        <output className="clock-line" title={last?.label} aria-live={playing ? 'off' : 'polite'} data-testid="clock-last">
          <span className="muted">{T.last}</span> {last ? short(last.label) : '—'}
        </output>
      </div>
    </div>
  );
}
