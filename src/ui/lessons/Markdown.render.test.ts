// Lesson text as the panel renders it (react-dom/server: no DOM needed).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InlineText, Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders numbered lists as ol, with start only when the first number is not 1', () => {
    expect(renderToStaticMarkup(createElement(Markdown, { text: '1. scale `web`\n2. wait\n\n4. four' }))).toBe(
      '<div><ol><li><span>scale </span><code>web</code></li><li><span>wait</span></li></ol><ol start="4"><li><span>four</span></li></ol></div>',
    );
  });

  it('on one line (a goal’s hint) keeps the numbers as text', () => {
    expect(renderToStaticMarkup(createElement(InlineText, { text: '1. scale\n2. wait' }))).toBe('<span>1. </span><span>scale</span><span> 2. </span><span>wait</span>');
  });
});
