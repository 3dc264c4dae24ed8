/**
 * `kubetab lesson check FILE... [--json]`: each lesson's solution replayed and every goal verified.
 * Exit 0 when every lesson passes, 1 when one fails, 2 when a file cannot be read or is not a lesson
 * (the others are still checked, so one run reports everything).
 */
import { checkLesson, formatLessonReport } from '../lesson/check';
import type { LessonReport } from '../lesson/check';
import { LessonError, parseLesson } from '../lesson/parse';
import type { Lesson } from '../lesson/types';
import type { CliIO } from './main';

export class LessonUsageError extends Error {}

export function lessonCommand(argv: string[], io: CliIO): number {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new LessonUsageError(sub === undefined ? 'lesson needs a subcommand: check' : `unknown lesson subcommand "${sub}" (want check)`);
  let json = false;
  const files: string[] = [];
  for (const a of rest) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new LessonUsageError(`unknown flag: ${a}`);
    else files.push(a);
  }
  if (files.length === 0) throw new LessonUsageError('lesson check needs a lesson FILE');
  let unreadable = false;
  const lessons: Lesson[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = io.readFile(path);
    } catch (e) {
      io.stderr(`error: cannot read lesson "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    try {
      lessons.push(parseLesson(text));
    } catch (e) {
      if (!(e instanceof LessonError)) throw e;
      io.stderr(`error: ${path}: ${e.message}\n`);
      unreadable = true;
    }
  }
  const reports: LessonReport[] = [];
  for (const lesson of lessons) {
    const r = checkLesson(lesson);
    reports.push(r);
    if (!json) io.stdout(formatLessonReport(r));
  }
  if (json) io.stdout(JSON.stringify(reports, null, 2) + '\n');
  if (unreadable) return 2;
  return reports.every((r) => r.passed) ? 0 : 1;
}
