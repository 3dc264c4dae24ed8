/**
 * The lesson the page has open: which one, where it came from (for the link), and the actions that
 * open, restart and leave it. The worker watches its goals (their statuses arrive in useLessonProgress).
 */
import { create } from 'zustand';
import type { Lesson } from '../lesson/types';
import type { Scenario } from '../scenario/format';
import { EMPTY_SCENARIO } from '../worker/protocol';
import type { ClusterClient } from './cluster';
import { lessonHashHead } from './lessonLink';

/** Where a lesson came from: the built-in course (the link names it) or a file or URL (the link carries its text). */
export type LessonSource = { kind: 'builtin'; name: string } | { kind: 'text'; text: string };

export interface OpenLesson {
  lesson: Lesson;
  source: LessonSource;
  /** the hash's lesson part, worked out once (a lesson's text is compressed into it) */
  head: string;
}

export const useOpenLesson = create<{ open: OpenLesson | null }>(() => ({ open: null }));

let recorder: Promise<unknown> | undefined;

/**
 * Opens a lesson: the cluster restarts from its scenario and runs to its startAt, paused for the student;
 * `resume` is the student's story in it instead (a reloaded link).
 */
export function openLesson(client: ClusterClient, lesson: Lesson, source: LessonSource, resume?: { scenario: Scenario; atMs: number }): void {
  // Progress is recorded from the first lesson on (the recorder and IndexedDB come with their own chunk).
  recorder ??= import('./lessonRecorder').then((m) => m.startLessonRecorder());
  useOpenLesson.setState({ open: { lesson, source, head: lessonHashHead(source) } });
  client.restart(resume?.scenario ?? lesson.scenario, resume?.atMs ?? lesson.startAtMs, false, lesson);
}

/** The open lesson from its start again. */
export function restartLesson(client: ClusterClient): void {
  const open = useOpenLesson.getState().open;
  if (open) openLesson(client, open.lesson, open.source);
}

/** Leaves the lesson, keeping the cluster as it is: the student goes on freely. */
export function leaveLesson(client: ClusterClient): void {
  useOpenLesson.setState({ open: null });
  client.leaveLesson();
}

/** A free sandbox: the default cluster, no lesson. */
export function openSandbox(client: ClusterClient): void {
  useOpenLesson.setState({ open: null });
  client.restart(EMPTY_SCENARIO, 0, true);
}
