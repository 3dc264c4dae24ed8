import { describe, expect, it } from 'vitest';
import { applyBatches, useLessonProgress } from './stores';
import { useOpenLesson } from './lesson';
import type { FromWorker, LessonProgress } from '../worker/protocol';

type Batch = Extract<FromWorker, { type: 'batch' }>;
const batch = (reset: boolean, lesson?: LessonProgress | null): Batch => ({ type: 'batch', reset, deltas: [], events: [], clock: { nowMs: 0, playing: false, speed: 1, eventsRun: 0 }, ...(lesson !== undefined ? { lesson } : {}) });
const progress = (met: boolean): LessonProgress => ({ name: 'x', takenOver: true, complete: met, goals: [{ id: 'g', met, settled: false }] });

describe('the lesson progress mirror', () => {
  it('keeps the latest goals sent, drops them when the lesson is left, and a reset without them means no lesson', () => {
    applyBatches([batch(true, progress(false))]);
    expect(useLessonProgress.getState().progress).toEqual(progress(false));
    applyBatches([batch(false)]);
    expect(useLessonProgress.getState().progress).toEqual(progress(false));
    applyBatches([batch(false, progress(false)), batch(false, progress(true)), batch(false)]);
    expect(useLessonProgress.getState().progress).toEqual(progress(true));
    applyBatches([batch(false, null)]);
    expect(useLessonProgress.getState().progress).toBeNull();
    applyBatches([batch(true, progress(true))]);
    applyBatches([batch(true)]);
    expect(useLessonProgress.getState().progress).toBeNull();
  });

  it('closes the page’s lesson when the worker’s story is no lesson’s (an empty cluster started from the failure banner)', () => {
    useOpenLesson.setState({ open: { lesson: {} as never, source: { kind: 'builtin', name: 'x' }, head: 'lesson=x' } });
    applyBatches([batch(true, progress(false))]);
    expect(useOpenLesson.getState().open).not.toBeNull();
    applyBatches([batch(true)]);
    expect(useOpenLesson.getState().open).toBeNull();
  });
});
