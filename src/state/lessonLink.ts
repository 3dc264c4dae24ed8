/**
 * Lessons in the address bar. A lesson's story is a share link with the lesson in front of it:
 *
 *   #lesson=NAME                  a built-in lesson, fresh from its start
 *   #lesson=NAME&s2.…             a built-in lesson, the student's story in it (a reload resumes it)
 *   #lesson-data=…&s2.…           a lesson from a file or a URL, travelling whole: its YAML text,
 *                                 raw DEFLATE, base64url (as scenarios travel)
 *   #lesson-url=URL               a lesson file fetched from URL (then it travels as lesson-data)
 *
 * Decoding treats the hash as hostile, as share links are: size-capped, inflated with a cap, read as
 * text and parsed strictly by the lesson reader.
 */
import { deflateSync } from 'fflate';
import { fromBase64Url, inflateCapped, MAX_HASH_CHARS, toBase64Url } from '../scenario/urlCodec';

export type LessonLink =
  | { kind: 'builtin'; name: string; story?: string }
  | { kind: 'data'; text: string; story?: string }
  | { kind: 'url'; url: string }
  | { kind: 'error'; error: string };

/** Whether a hash (without '#') names a lesson. */
export function isLessonHash(h: string): boolean {
  return /^lesson(-data|-url)?=/.test(h);
}

/** Reads a lesson hash (without '#'); `story` is the share-link part, when there is one. */
export function readLessonHash(h: string): LessonLink {
  if (h.length > MAX_HASH_CHARS) return { kind: 'error', error: `the link is too long (${h.length} characters)` };
  if (h.startsWith('lesson-url=')) {
    let url: string;
    try {
      url = decodeURIComponent(h.slice('lesson-url='.length));
    } catch {
      return { kind: 'error', error: 'the lesson URL is damaged' };
    }
    if (!/^https?:\/\//i.test(url) && !url.startsWith('/')) return { kind: 'error', error: `"${url}" is not an http(s) URL` };
    return { kind: 'url', url };
  }
  const amp = h.indexOf('&');
  const head = amp < 0 ? h : h.slice(0, amp);
  const story = amp < 0 ? undefined : h.slice(amp + 1);
  const withStory = <T extends object>(o: T): T & { story?: string } => (story ? { ...o, story } : o);
  if (head.startsWith('lesson=')) {
    const name = head.slice('lesson='.length);
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) return { kind: 'error', error: `"${name.slice(0, 80)}" is not a lesson name` };
    return withStory({ kind: 'builtin' as const, name });
  }
  const body = head.slice('lesson-data='.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return { kind: 'error', error: 'the lesson in the link is damaged' };
  const bytes = inflateCapped(fromBase64Url(body));
  if (bytes === 'too-big') return { kind: 'error', error: 'the lesson in the link is too large' };
  if (bytes === 'corrupt') return { kind: 'error', error: 'the lesson in the link is damaged' };
  try {
    return withStory({ kind: 'data' as const, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
  } catch {
    return { kind: 'error', error: 'the lesson in the link is damaged' };
  }
}

/** The hash's lesson part (without '#'): the name of a built-in lesson, or the whole text of another. */
export function lessonHashHead(source: { kind: 'builtin'; name: string } | { kind: 'text'; text: string }): string {
  if (source.kind === 'builtin') return `lesson=${source.name}`;
  return `lesson-data=${toBase64Url(deflateSync(new TextEncoder().encode(source.text), { level: 9, mem: 8 }))}`;
}
