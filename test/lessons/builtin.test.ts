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
import { en, type MessageKey } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';

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

/** Every text of a lesson, by where it is, in one language. */
function texts(l: Lesson, lang: keyof LessonText): [string, string][] {
  const all: [string, LessonText][] = [['title', l.title], ['text', l.text], ...l.goals.flatMap((g, i): [string, LessonText][] => [[`goals[${i}].title`, g.title], [`goals[${i}].hint`, g.hint]])];
  return all.flatMap(([where, t]): [string, string][] => (t[lang] ? [[where, t[lang]]] : []));
}

/** Lines (outside fenced blocks) where a `code` span opens and does not close. */
function splitCodeSpans(l: Lesson): string[] {
  return (['en', 'zh-CN'] as const).flatMap((lang) =>
    texts(l, lang).flatMap(([where, s]) => {
      let fenced = false;
      return s.split('\n').flatMap((line) => {
        if (/^\s*```/.test(line)) fenced = !fenced;
        else if (!fenced && (line.match(/`/g) ?? []).length % 2 === 1) return [`${where} ${lang}: ${line.trim()}`];
        return [];
      });
    }),
  );
}

/** The page's labels a lesson points students to: tabs, panels, buttons, the fault menu. */
const LABELS = ['frame.tab.cluster', 'frame.tab.workloads', 'frame.tab.scheduler', 'frame.tab.requests', 'frame.tab.network', 'frame.tab.events', 'frame.tab.terminal', 'frame.step', 'editor.title', 'editor.apply', 'network.trace', 'requests.follow', 'faults.button', 'faults.nodeDown'] as const satisfies readonly MessageKey[];

/**
 * English labels in Chinese text that the Chinese page does not show: each may appear only in
 * parentheses right after the Chinese label, as in **调度器**（Scheduler）.
 */
function englishLabels(l: Lesson): string[] {
  return texts(l, 'zh-CN').flatMap(([where, s]) => {
    const prose = s.replace(/`[^`\n]*`/g, '');
    return LABELS.flatMap((key) => {
      const english = en[key];
      const escaped = english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const rest = prose.split(`${zhCN[key]}**（${english}）`).join('').split(`${zhCN[key]}（${english}）`).join('');
      return new RegExp(`\\b${escaped}\\b`).test(rest) ? [`${where}: ${english}, shown as ${zhCN[key]}`] : [];
    });
  });
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

    it('keeps each code span on one line', () => {
      expect(splitCodeSpans(read(name))).toEqual([]);
    });

    it('names the page\'s tabs, panels and buttons in Chinese as the Chinese page shows them', () => {
      expect(englishLabels(read(name))).toEqual([]);
    });

    it('passes lesson check', () => {
      const r = checkLesson(read(name));
      // The report is what a teacher would read: compare it whole so a failure says why.
      expect(formatLessonReport(r)).toBe(formatLessonReport({ ...r, passed: true, startsSolved: false, failedSteps: [], goals: r.goals.map((g) => ({ id: g.id, title: g.title, met: true })) }));
    });
  });
});
