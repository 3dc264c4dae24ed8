/** Keeps the open lesson's progress as its goals come true: every goal ever met, and completion. */
import { useOpenLesson } from './lesson';
import { readRecords, record } from './lessonProgressDb';
import { useLessonProgress } from './stores';

export function startLessonRecorder(): () => void {
  return useLessonProgress.subscribe(({ progress }) => {
    const open = useOpenLesson.getState().open;
    if (!progress || !open || progress.name !== open.lesson.name || !progress.takenOver) return;
    const met = progress.goals.filter((g) => g.met).map((g) => g.id);
    if (met.length === 0 && !progress.complete) return;
    // The stored records are read first, so a record is added to, never overwritten.
    void readRecords().then(() => record(progress.name, met, progress.complete, Date.now()));
  });
}
