/** Lesson text on the page: the Markdown-lite tree as React elements (text only, never HTML). */
import { useMemo } from 'react';
import { markdown } from './markdown';
import type { Inline } from './markdown';

function Spans({ c }: { c: Inline[] }) {
  return (
    <>
      {c.map((x, i) => (x.t === 'text' ? <span key={i}>{x.s}</span> : x.t === 'code' ? <code key={i}>{x.s}</code> : <strong key={i}><Spans c={x.c} /></strong>))}
    </>
  );
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const blocks = useMemo(() => markdown(text), [text]);
  return (
    <div className={className}>
      {blocks.map((b, i) =>
        b.t === 'p' ? (
          <p key={i}><Spans c={b.c} /></p>
        ) : b.t === 'ul' ? (
          <ul key={i}>{b.items.map((it, j) => <li key={j}><Spans c={it} /></li>)}</ul>
        ) : b.t === 'ol' ? (
          <ol key={i} start={b.start === 1 ? undefined : b.start}>{b.items.map((it, j) => <li key={j}><Spans c={it} /></li>)}</ol>
        ) : (
          <pre key={i}>{b.s}</pre>
        ),
      )}
    </div>
  );
}

/** One line of lesson text (a goal's title or hint): inline markup only. */
export function InlineText({ text }: { text: string }) {
  const blocks = useMemo(() => markdown(text), [text]);
  return (
    <>
      {blocks.map((b, i) =>
        b.t === 'p' ? (
          <Spans key={i} c={b.c} />
        ) : b.t === 'ul' ? (
          b.items.map((it, j) => <Spans key={`${i}.${j}`} c={it} />)
        ) : b.t === 'ol' ? (
          // On one line the numbers are kept as text: they are what the hint counts by.
          b.items.map((it, j) => <Spans key={`${i}.${j}`} c={[{ t: 'text', s: `${j ? ' ' : ''}${b.start + j}. ` }, ...it]} />)
        ) : (
          <code key={i}>{b.s}</code>
        ),
      )}
    </>
  );
}
