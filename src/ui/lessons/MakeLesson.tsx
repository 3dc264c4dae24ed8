/**
 * "Make this a lesson": the teacher picks the moment the student takes over (by default the last action
 * before now; no later than the story has reached) and gets the lesson draft to copy, download or try.
 */
import { useEffect, useState } from 'react';
import { cluster } from '../../state/cluster';
import { useClock, useScenario, useTimeline } from '../../state/stores';
import { clockTime } from '../format';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { openText } from './open';

/** The moment a draft takes over at by default: the last action at or before now (0 with none). */
export function defaultTakeOver(actionTimes: readonly number[], nowMs: number, horizonMs: number): number {
  const before = actionTimes.filter((a) => a <= nowMs);
  return Math.min(before.at(-1) ?? 0, horizonMs);
}

export function MakeLesson({ onClose }: { onClose(): void }) {
  const t = useT();
  const horizon = useTimeline((s) => s.horizonMs);
  const [atMs, setAtMs] = useState(() => defaultTakeOver(useScenario.getState().scenario?.actions.map((a) => a.atMs) ?? [], useClock.getState().nowMs, useTimeline.getState().horizonMs));
  const [draft, setDraft] = useState<{ text: string } | { error: string } | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    setDraft(null);
    // Dragging the slider asks once it rests.
    const timer = setTimeout(() => {
      cluster.lessonDraft(atMs).then(
        (r) => live && setDraft(r.error ? { error: r.error } : { text: r.text }),
        (e: unknown) => live && setDraft({ error: e instanceof Error ? e.message : String(e) }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [atMs]);
  const text = draft && 'text' in draft ? draft.text : '';
  const name = /^metadata:\s*\n\s+name:\s*([a-z0-9-]+)/m.exec(text)?.[1] ?? 'lesson';
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      /* the text is there to select by hand */
    }
  };
  const download = (): void => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    a.download = `${name}.yaml`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <Dialog title={t('lessons.makeTitle')} onClose={onClose} className="make-lesson">
      <label className="takeover">
        <span>{t('lessons.takeOver')}</span>
        <input type="range" min={0} max={Math.max(0, horizon)} step={100} value={Math.min(atMs, horizon)} onChange={(e) => setAtMs(Number(e.target.value))} aria-valuetext={clockTime(atMs)} />
        <output className="mono">{clockTime(Math.min(atMs, horizon))}</output>
      </label>
      <p className="muted small">{t('lessons.takeOverHint')}</p>
      <h3>{t('lessons.draft')}</h3>
      {draft === null ? (
        <p className="muted" aria-busy="true">
          {t('lessons.drafting')}
        </p>
      ) : 'error' in draft ? (
        <p className="lesson-error">{t('lessons.draftFailed', { error: draft.error })}</p>
      ) : (
        <pre className="lesson-draft" tabIndex={0} aria-label={t('lessons.draft')}>
          {draft.text}
        </pre>
      )}
      <div className="lesson-actions">
        <button type="button" onClick={() => void copy()} disabled={!text}>
          {copied ? t('lessons.copied') : t('lessons.copy')}
        </button>
        <button type="button" onClick={download} disabled={!text}>
          {t('lessons.download')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!text}
          onClick={() => {
            onClose();
            void openText(text);
          }}
        >
          {t('lessons.tryIt')}
        </button>
      </div>
    </Dialog>
  );
}
