import { describe, expect, it } from 'vitest';
import { readAll, readRecords, record, useLessonRecords } from './lessonProgressDb';

// Node has no IndexedDB, as a private window may not: progress is then kept for the page's life only, without an error.
describe('lesson progress without IndexedDB', () => {
  it('reads nothing and records in memory: goals ever met add up, completion is kept with its time', async () => {
    expect(await readAll()).toEqual(new Map());
    await readRecords();
    expect(useLessonRecords.getState().read).toBe(true);
    expect(record('rollback', ['a'], false, 1000)).toBe(true);
    expect(record('rollback', ['a'], false, 2000)).toBe(false);
    expect(record('rollback', ['b'], true, 3000)).toBe(true);
    expect(record('rollback', [], false, 4000)).toBe(false);
    expect(useLessonRecords.getState().records.get('rollback')).toEqual({ name: 'rollback', goalsMet: ['a', 'b'], completed: true, completedAt: 3000, updatedAt: 3000 });
  });
});
