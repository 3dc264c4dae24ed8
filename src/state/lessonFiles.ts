/**
 * The built-in course and the lesson reader, one chunk fetched the first time a lesson is wanted
 * (the menu opens, a lesson link is followed): the page's first download does not carry them.
 */
import type { Lesson } from '../lesson/types';
import { parseLesson } from '../lesson/parse';
import { parseCourse } from '../lesson/course';
import type { Course } from '../lesson/course';

const raw = import.meta.glob<string>('/lessons/*.yaml', { query: '?raw', import: 'default', eager: true });

/** The files of lessons/ by name (`course` is the course's order). */
export const files: ReadonlyMap<string, string> = new Map(Object.entries(raw).map(([path, text]) => [path.replace(/^.*\//, '').replace(/\.yaml$/, ''), text]));

export { parseLesson, parseCourse };
export type { Course, Lesson };
