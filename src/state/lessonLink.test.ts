import { describe, expect, it } from 'vitest';
import { isLessonHash, lessonHashHead, readLessonHash } from './lessonLink';

describe('lesson links', () => {
  it('reads a built-in lesson, fresh or with the story', () => {
    expect(readLessonHash('lesson=deployment-scaling')).toEqual({ kind: 'builtin', name: 'deployment-scaling' });
    expect(readLessonHash('lesson=deployment-scaling&s2.abc')).toEqual({ kind: 'builtin', name: 'deployment-scaling', story: 's2.abc' });
    expect(lessonHashHead({ kind: 'builtin', name: 'rollback' })).toBe('lesson=rollback');
  });

  it('carries a lesson file whole, and reads it back', () => {
    const text = 'apiVersion: kubetab/v1\nkind: Lesson\nmetadata: {name: x}\ntitle: {en: 扩容 ✓}\n';
    const head = lessonHashHead({ kind: 'text', text });
    expect(head).toMatch(/^lesson-data=[A-Za-z0-9_-]+$/);
    expect(isLessonHash(head)).toBe(true);
    expect(readLessonHash(`${head}&s2.xyz`)).toEqual({ kind: 'data', text, story: 's2.xyz' });
  });

  it('reads a lesson URL', () => {
    expect(readLessonHash('lesson-url=https%3A%2F%2Fexample.com%2Fl.yaml')).toEqual({ kind: 'url', url: 'https://example.com/l.yaml' });
    expect(readLessonHash('lesson-url=https://example.com/a?b=1&c=2')).toEqual({ kind: 'url', url: 'https://example.com/a?b=1&c=2' });
  });

  it('refuses what is not a lesson link, with the reason', () => {
    expect(readLessonHash('lesson=Bad_Name')).toEqual({ kind: 'error', error: '"Bad_Name" is not a lesson name' });
    expect(readLessonHash('lesson-url=javascript:alert(1)')).toEqual({ kind: 'error', error: '"javascript:alert(1)" is not an http(s) URL' });
    expect(readLessonHash('lesson-url=%E0%A4%A')).toEqual({ kind: 'error', error: 'the lesson URL is damaged' });
    expect(readLessonHash('lesson-data=AAAA')).toEqual({ kind: 'error', error: 'the lesson in the link is damaged' });
    expect(readLessonHash('lesson-data=<script>')).toEqual({ kind: 'error', error: 'the lesson in the link is damaged' });
    expect(readLessonHash(`lesson=${'a'.repeat(200_001)}`)).toEqual({ kind: 'error', error: 'the link is too long (200008 characters)' });
    expect(isLessonHash('s2.abc')).toBe(false);
  });
});
