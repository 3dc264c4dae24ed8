/**
 * The open lesson, above the editor: its title and text, the goals with their live status, a hint per
 * goal, Show me, Restart, Next lesson, and the completion message.
 */
import { useEffect, useState } from 'react';
import { cluster } from '../../state/cluster';
import { leaveLesson, restartLesson, useOpenLesson } from '../../state/lesson';
import type { OpenLesson } from '../../state/lesson';
import { nextInCourse } from '../../state/lessonLibrary';
import { useLessonProgress } from '../../state/stores';
import type { Goal, GoalStatus } from '../../lesson/types';
import { clockSeconds } from '../format';
import { useLang, useT } from '../i18n';
import { InlineText, Markdown } from './Markdown';
import { openBuiltin, pick } from './open';
import './lessons.css';

export default function LessonPanel() {
  const open = useOpenLesson((s) => s.open);
  // A new lesson starts with its hints hidden and its text shown.
  return open ? <Panel key={`${open.lesson.name}|${open.head.length}`} open={open} /> : null;
}

function Panel({ open }: { open: OpenLesson }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const progress = useLessonProgress((s) => s.progress);
  const [collapsed, setCollapsed] = useState(false);
  const [next, setNext] = useState<string | undefined>();
  const { lesson } = open;
  useEffect(() => {
    let live = true;
    if (open.source.kind === 'builtin') void nextInCourse(open.source.name).then((n) => live && setNext(n));
    return () => {
      live = false;
    };
  }, [open]);
  const statuses = progress?.name === lesson.name ? progress : null;
  const complete = statuses?.complete ?? false;
  return (
    <section className={`lesson-panel${collapsed ? ' collapsed' : ''}`} aria-label={t('lessons.panel')} data-lesson={lesson.name}>
      <div className="pane-head lesson-head">
        <button type="button" className="small-btn lesson-toggle" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed} title={collapsed ? t('lessons.expand') : t('lessons.collapse')} aria-label={collapsed ? t('lessons.expand') : t('lessons.collapse')}>
          {collapsed ? '▸' : '▾'}
        </button>
        <h2 title={pick(lesson.title, lang)}>{pick(lesson.title, lang)}</h2>
        <span className="spacer" />
        <button type="button" className="small-btn" onClick={() => leaveLesson(cluster)} title={t('lessons.leaveTitle')}>
          {t('lessons.leave')}
        </button>
      </div>
      <div className="lesson-body">
        {collapsed ? null : <Markdown className="lesson-text" text={pick(lesson.text, lang)} />}
        {statuses && !statuses.takenOver ? <p className="lesson-note muted">{t('lessons.beforeStart', { time: clockSeconds(lesson.startAtMs) })}</p> : null}
        <h3 className="lesson-goals-title">{t('lessons.goals')}</h3>
        <ul className="lesson-goals">
          {lesson.goals.map((g) => (
            <GoalRow key={g.id} goal={g} status={statuses?.goals.find((s) => s.id === g.id)} />
          ))}
        </ul>
      </div>
      <div className="lesson-foot">
        {complete ? (
          <p className="lesson-complete" role="status">
            {t('lessons.complete')}
          </p>
        ) : null}
        <div className="lesson-actions">
          <button type="button" onClick={() => cluster.showSolution()} title={t('lessons.showMeTitle')}>
            {t('lessons.showMe')}
          </button>
          <button type="button" onClick={() => restartLesson(cluster)}>
            {t('lessons.restart')}
          </button>
          {next ? (
            <button type="button" className={complete ? 'primary' : ''} onClick={() => void openBuiltin(next)}>
              {t('lessons.next')}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function GoalRow({ goal, status }: { goal: Goal; status: GoalStatus | undefined }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [hint, setHint] = useState(false);
  const state = status?.met ? 'met' : status?.settled ? 'failed' : 'pending';
  const mark = state === 'met' ? '✓' : state === 'failed' ? '✗' : '○';
  const label = state === 'met' ? t('lessons.goalMet') : state === 'failed' ? t('lessons.goalFailed') : t('lessons.goalPending');
  const detail = state !== 'met' ? status?.detail : undefined;
  return (
    <li className={`lesson-goal ${state}`} data-goal={goal.id} data-state={state}>
      <span className="goal-mark" role="img" aria-label={label} title={detail ? `${label}: ${detail}` : label}>
        {mark}
      </span>
      <span className="goal-main">
        <span className="goal-title">
          <InlineText text={pick(goal.title, lang)} />
        </span>
        {detail ? (
          <details className="goal-detail">
            <summary>{t('lessons.why')}</summary>
            <code>{detail}</code>
          </details>
        ) : null}
        {hint ? (
          <span className="goal-hint" role="note" ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>
            <InlineText text={pick(goal.hint, lang)} />
          </span>
        ) : null}
      </span>
      <button type="button" className="small-btn goal-hint-btn" onClick={() => setHint(!hint)} aria-expanded={hint}>
        {hint ? t('lessons.hideHint') : t('lessons.hint')}
      </button>
    </li>
  );
}
