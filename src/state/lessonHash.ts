/**
 * Opening a lesson link (see lessonLink.ts): the lesson is fetched or read, then opened fresh or with
 * the student's story. A link that cannot be opened gives the banner a bad share link gives, and the
 * default cluster.
 */
import { decodeShare } from '../scenario/urlCodec';
import type { ShareUi } from '../scenario/urlCodec';
import { EMPTY_SCENARIO } from '../worker/protocol';
import type { ClusterClient } from './cluster';
import { openLesson, useOpenLesson } from './lesson';
import type { LessonSource } from './lesson';
import { builtinLesson, lessonFromText } from './lessonLibrary';
import { readLessonHash } from './lessonLink';
import { useEditorText, useUi } from './ui';
import { english } from './note';
import { useTraceStep } from './stores';
import type { Lesson } from '../lesson/types';

/** The banner bad links share (the address bar's). */
export const LESSON_LINK_BANNER_ID = 'link';

/** Largest lesson file fetched from a URL. */
const MAX_LESSON_BYTES = 1_000_000;

/** Fetches a lesson file's text; throws with a message saying why not. */
export async function fetchLessonText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(`${url} could not be fetched`);
  }
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_LESSON_BYTES) throw new Error(`${url} is larger than 1 MB`);
  return text;
}

/** `keepEditor`: the editor keeps its own text (a reload, where the tab's saved text may be newer than the link's). */
export async function loadLessonHash(client: ClusterClient, h: string, defaultPlaying: boolean, keepEditor = false): Promise<void> {
  const fail = (error: string): void => {
    const note = { key: 'lessons.badLink', params: { error } } as const;
    useUi.getState().addBanner({ id: LESSON_LINK_BANNER_ID, kind: 'error', message: english(note), note });
    useOpenLesson.setState({ open: null });
    client.restart(EMPTY_SCENARIO, 0, defaultPlaying);
  };
  const link = readLessonHash(h);
  if (link.kind === 'error') return fail(link.error);
  let lesson: Lesson;
  let source: LessonSource;
  try {
    if (link.kind === 'builtin') {
      lesson = await builtinLesson(link.name);
      source = { kind: 'builtin', name: link.name };
    } else {
      const text = link.kind === 'url' ? await fetchLessonText(link.url) : link.text;
      lesson = await lessonFromText(text);
      source = { kind: 'text', text };
    }
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  let resume: { scenario: typeof lesson.scenario; atMs: number } | undefined;
  let ui: ShareUi | undefined;
  if (link.kind !== 'url' && link.story) {
    const r = decodeShare(link.story);
    if (!r.ok) return fail(r.error);
    resume = { scenario: r.scenario, atMs: r.atMs };
    ui = r.ui;
  }
  useUi.getState().dismissBanner(LESSON_LINK_BANNER_ID);
  // The story's page state travels with it, as in any share link: the trace step, the editor, the speed.
  useTraceStep.setState({ step: ui?.traceStep });
  if (ui?.editor !== undefined && !keepEditor) useEditorText.getState().setText(ui.editor);
  openLesson(client, lesson, source, resume);
  if (ui?.speed !== undefined) client.speed(ui.speed);
}
