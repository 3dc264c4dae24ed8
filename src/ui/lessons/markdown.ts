/**
 * The Markdown-lite of lesson text (docs/lessons.md): paragraphs, `code`, **bold**, lists (`- `),
 * numbered lists (`1. `) and fenced code blocks — parsed into a small tree the panel renders as React
 * elements. Nothing in the text becomes HTML: a `<script>` in a lesson is shown as the characters it is.
 */
export type Inline = { t: 'text'; s: string } | { t: 'code'; s: string } | { t: 'bold'; c: Inline[] };
export type Block = { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'ol'; start: number; items: Inline[][] } | { t: 'pre'; s: string };

// Chinese and Japanese put no space between words, so a line break inside their text is no space at all
// (as CommonMark renderers for CJK text and CSS's segment-break rules do). Wide: ideographs, kana,
// bopomofo, CJK punctuation and full-width forms — not Hangul, as Korean spaces its words.
const WIDE = /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u3190-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE10-\uFE1F\uFE30-\uFE4F\uFF01-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFF}]/u;
// Punctuation Chinese text uses that is not wide in itself (quotes, ellipsis, dashes, the middle dot):
// CJK punctuation when it meets a wide character, ordinary punctuation next to Latin text.
const SHARED_PUNCT = /[\u2018\u2019\u201C\u201D\u2014\u2026\u00B7]/;

/** The character a line shows at its edge, markup (`**`, a backtick) aside. */
function edge(s: string, end: boolean): string {
  const t = end ? s.replace(/[*`]+$/, '') : s.replace(/^[*`]+/, '');
  return (end ? [...t].at(-1) : [...t][0]) ?? '';
}

/** Two lines of a paragraph or list item as one: a space between them, none between CJK text. */
export function joinLines(a: string, b: string): string {
  if (a === '') return b;
  const x = edge(a, true);
  const y = edge(b, false);
  const tight = (WIDE.test(x) && (WIDE.test(y) || SHARED_PUNCT.test(y))) || (SHARED_PUNCT.test(x) && WIDE.test(y));
  return tight ? a + b : `${a} ${b}`;
}

/** `code` first (nothing inside it is markup), then **bold** pairs over the rest, across code spans. */
export function inline(s: string): Inline[] {
  const tokens: ({ t: 'text'; s: string } | { t: 'code'; s: string } | { t: 'mark' })[] = [];
  for (const part of s.split(/(`[^`\n]+`)/)) {
    if (part === '') continue;
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) {
      tokens.push({ t: 'code', s: part.slice(1, -1) });
      continue;
    }
    part.split('**').forEach((b, i) => {
      if (i > 0) tokens.push({ t: 'mark' });
      if (b !== '') tokens.push({ t: 'text', s: b });
    });
  }
  // Marks pair up in order; an odd last one is just two asterisks.
  let marks = tokens.filter((x) => x.t === 'mark').length;
  const out: Inline[] = [];
  let bold: Inline[] | undefined;
  const push = (x: Inline): void => {
    const into = bold ?? out;
    const last = into.at(-1);
    if (x.t === 'text' && last?.t === 'text') last.s += x.s;
    else into.push(x.t === 'text' ? { ...x } : x);
  };
  for (const x of tokens) {
    if (x.t !== 'mark') {
      push(x);
      continue;
    }
    marks--;
    if (bold) {
      if (bold.length) out.push({ t: 'bold', c: bold });
      bold = undefined;
    } else if (marks > 0) bold = [];
    else push({ t: 'text', s: '**' });
  }
  return out;
}

type List = { t: 'ul'; items: string[] } | { t: 'ol'; start: number; items: string[] };

export function markdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para = '';
  let list: List | undefined;
  const endPara = (): void => {
    if (para !== '') blocks.push({ t: 'p', c: inline(para) });
    para = '';
  };
  const endList = (): void => {
    if (list) blocks.push(list.t === 'ul' ? { t: 'ul', items: list.items.map(inline) } : { t: 'ol', start: list.start, items: list.items.map(inline) });
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      endPara();
      endList();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence[1]!); i++) body.push(lines[i]!);
      blocks.push({ t: 'pre', s: body.join('\n') });
      continue;
    }
    const bullet = /^\s*[-*] (.*)$/.exec(line);
    // As in CommonMark, a numbered item breaks into a paragraph only if it is numbered 1, so a line of
    // running text that happens to begin "2024. " stays text.
    const numbered = /^\s*(\d{1,9})\. (.*)$/.exec(line);
    if (bullet || (numbered && (para === '' || numbered[1] === '1'))) {
      endPara();
      const kind = bullet ? 'ul' : 'ol';
      // Another kind of marker begins another list.
      if (list?.t !== kind) {
        endList();
        list = bullet ? { t: 'ul', items: [] } : { t: 'ol', start: Number(numbered![1]), items: [] };
      }
      list.items.push(bullet ? bullet[1]! : numbered![2]!);
      continue;
    }
    if (line.trim() === '') {
      endPara();
      endList();
      continue;
    }
    // A line indented under a list item continues it.
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] = joinLines(list.items.at(-1)!, line.trim());
      continue;
    }
    endList();
    para = joinLines(para, line.trim());
  }
  endPara();
  endList();
  return blocks;
}
