/**
 * The page's way to lessons: the built-in course (read lazily, with the lesson reader, in one chunk) and
 * lessons from a file's or a URL's text.
 */
import type { Lesson } from '../lesson/types';
import type { Course } from '../lesson/course';

type Files = typeof import('./lessonFiles');
let files: Promise<Files> | undefined;
const load = (): Promise<Files> => (files ??= import('./lessonFiles'));

/** A built-in lesson by name; throws an Error whose message says why it cannot be had. */
export async function builtinLesson(name: string): Promise<Lesson> {
  const f = await load();
  const text = f.files.get(name);
  if (text === undefined || name === 'course') throw new Error(`there is no built-in lesson "${name}"`);
  return f.parseLesson(text);
}

/** A lesson from a file's text; throws the reader's error (`goals[0].check: …`). */
export async function lessonFromText(text: string): Promise<Lesson> {
  return (await load()).parseLesson(text);
}

/** One entry of the course: the lesson, or why its file cannot be read. */
export type CourseEntry = { name: string; lesson: Lesson } | { name: string; error: string };

export interface CourseView {
  sections: { title: Course['sections'][number]['title']; entries: CourseEntry[] }[];
}

/** The course by section, each lesson read (a lesson not yet written is listed with its error). */
export async function builtinCourse(): Promise<CourseView> {
  const f = await load();
  const course = f.parseCourse(f.files.get('course') ?? '');
  return {
    sections: course.sections.map((s) => ({
      title: s.title,
      entries: s.lessons.map((name): CourseEntry => {
        const text = f.files.get(name);
        if (text === undefined) return { name, error: `lessons/${name}.yaml is missing` };
        try {
          return { name, lesson: f.parseLesson(text) };
        } catch (e) {
          return { name, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    })),
  };
}

/** The lesson after `name` in the course, if any. */
export async function nextInCourse(name: string): Promise<string | undefined> {
  const f = await load();
  const names = f.parseCourse(f.files.get('course') ?? '').sections.flatMap((s) => s.lessons);
  const i = names.indexOf(name);
  return i >= 0 ? names.slice(i + 1).find((n) => f.files.has(n)) : undefined;
}
