/**
 * The Markdown-lite of lesson text (docs/lessons.md): paragraphs, `code`, **bold**, lists (`- `) and
 * fenced code blocks — parsed into a small tree the panel renders as React elements. Nothing in the
 * text becomes HTML: a `<script>` in a lesson is shown as the characters it is.
 */
export type Inline = { t: 'text'; s: string } | { t: 'code'; s: string } | { t: 'bold'; c: Inline[] };
export type Block = { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'pre'; s: string };

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

export function markdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: string[] | undefined;
  const endPara = (): void => {
    if (para.length) blocks.push({ t: 'p', c: inline(para.join(' ')) });
    para = [];
  };
  const endList = (): void => {
    if (list) blocks.push({ t: 'ul', items: list.map(inline) });
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
    const item = /^\s*[-*] (.*)$/.exec(line);
    if (item) {
      endPara();
      (list ??= []).push(item[1]!);
      continue;
    }
    if (line.trim() === '') {
      endPara();
      endList();
      continue;
    }
    // A line indented under a list item continues it.
    if (list && /^\s+\S/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
      continue;
    }
    endList();
    para.push(line.trim());
  }
  endPara();
  endList();
  return blocks;
}
