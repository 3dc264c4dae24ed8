/**
 * What the page's first download carries of lessons: the header's Lessons button and the slot the
 * lesson panel goes in. The menu, the panel and the course come with their own chunks when wanted.
 */
import { lazy, Suspense, useState } from 'react';
import { useOpenLesson } from '../../state/lesson';
import { useT } from '../i18n';
import { BookIcon } from '../icons';

const LessonMenu = lazy(() => import('./LessonMenu'));
const LessonPanel = lazy(() => import('./LessonPanel'));

export function LessonsButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="lessons-btn" onClick={() => setOpen(true)} title={t('lessons.menuButtonTitle')} aria-haspopup="dialog" data-lessons-button="">
        <BookIcon /> {t('lessons.menuButton')}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <LessonMenu onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

/** The lesson panel while a lesson is open. */
export function LessonSlot() {
  const open = useOpenLesson((s) => s.open !== null);
  return open ? (
    <Suspense fallback={null}>
      <LessonPanel />
    </Suspense>
  ) : null;
}
