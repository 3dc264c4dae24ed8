/**
 * The course's order (`lessons/course.yaml`, `kind: Course`): sections, each a title in the course's
 * languages and the names of its lessons (each a file `lessons/NAME.yaml`).
 */
import { SCENARIO_API_VERSION } from '../scenario/format';
import { LessonError } from './errors';
import { dnsLabel, isObj, kindOf, list, mapping, only, required, text } from './fields';
import { yamlDocument } from './parse';
import type { LessonText } from './types';

export interface CourseSection {
  title: LessonText;
  lessons: string[];
}

export interface Course {
  sections: CourseSection[];
}

export function parseCourse(textIn: string): Course {
  return courseFromObject(yamlDocument(textIn, 'course'));
}

export function courseFromObject(raw: unknown): Course {
  if (!isObj(raw)) throw new LessonError(`course: expected a mapping at the top level, got ${kindOf(raw)}`);
  only(raw, ['apiVersion', 'kind', 'sections'], '');
  if (raw.apiVersion !== SCENARIO_API_VERSION) throw new LessonError(`apiVersion: must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(raw.apiVersion ?? null)}`);
  if (raw.kind !== 'Course') throw new LessonError(`kind: must be "Course", got ${JSON.stringify(raw.kind ?? null)}`);
  const seen = new Map<string, string>();
  const sections = list(required(raw, 'sections', ''), 'sections').map((s, i) => {
    const w = `sections[${i}]`;
    const o = mapping(s, w);
    only(o, ['title', 'lessons'], w);
    const lessons = list(required(o, 'lessons', w), `${w}.lessons`).map((n, j) => {
      const name = dnsLabel(n, `${w}.lessons[${j}]`);
      const before = seen.get(name);
      if (before) throw new LessonError(`${w}.lessons[${j}]: "${name}" is already in ${before}`);
      seen.set(name, `${w}.lessons[${j}]`);
      return name;
    });
    return { title: text(required(o, 'title', w), `${w}.title`), lessons };
  });
  return { sections };
}

/** Every lesson name in course order. */
export function courseLessons(c: Course): string[] {
  return c.sections.flatMap((s) => s.lessons);
}
