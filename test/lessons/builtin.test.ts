/**
 * The built-in course: every lesson the course names is a file whose name is its own, written in both
 * languages, and passes `lesson check`; every lesson file is in the course.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { courseLessons, parseCourse } from '../../src/lesson/course';
import { parseLesson } from '../../src/lesson/parse';
import { checkLesson, formatLessonReport } from '../../src/lesson/check';
import type { Lesson, LessonText } from '../../src/lesson/types';

const DIR = new URL('../../lessons/', import.meta.url);
const course = parseCourse(readFileSync(new URL('course.yaml', DIR), 'utf8'));
const names = courseLessons(course);

function read(name: string): Lesson {
  return parseLesson(readFileSync(new URL(`${name}.yaml`, DIR), 'utf8'));
}

/** Where a text lacks its Chinese: the built-in course is taught in both languages. */
function missingChinese(l: Lesson): string[] {
  const texts: [string, LessonText][] = [['title', l.title], ['text', l.text], ...l.goals.flatMap((g, i): [string, LessonText][] => [[`goals[${i}].title`, g.title], [`goals[${i}].hint`, g.hint]])];
  return texts.filter(([, t]) => !t['zh-CN']?.trim()).map(([where]) => where);
}

describe('the built-in course', () => {
  it('has every lesson file in it, once', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'course.yaml').map((f) => f.slice(0, -'.yaml'.length));
    expect(files.filter((f) => !names.includes(f))).toEqual([]);
  });

  describe.each(names)('lesson %s', (name) => {
    it('is lessons/NAME.yaml, named NAME, in English and Chinese', () => {
      expect(existsSync(new URL(`${name}.yaml`, DIR))).toBe(true);
      const l = read(name);
      expect(l.name).toBe(name);
      expect(missingChinese(l)).toEqual([]);
    });

    it('passes lesson check', () => {
      const r = checkLesson(read(name));
      // The report is what a teacher would read: compare it whole so a failure says why.
      expect(formatLessonReport(r)).toBe(formatLessonReport({ ...r, passed: true, startsSolved: false, failedSteps: [], goals: r.goals.map((g) => ({ id: g.id, title: g.title, met: true })) }));
    });
  });
});
