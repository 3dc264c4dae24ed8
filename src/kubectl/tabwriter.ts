/**
 * The part of Go's text/tabwriter that kubectl relies on. Text is cut into lines at '\n' and into
 * cells at '\t'; a cell ended by a tab belongs to a column, the last cell of a line does not. A column
 * block is a run of consecutive lines that all have a tab-ended cell in that column; every cell of a
 * block is padded to max(minwidth, widest cell + padding). Widths count Unicode code points, as Go
 * counts runes. Padding is written with the pad character (spaces here; tab padding is not needed).
 */

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar?: string;
}

/** kubectl get / table printers: minwidth 6, tabwidth 4, padding 3. */
export const TABLE_TABWRITER: TabWriterOptions = { minwidth: 6, tabwidth: 4, padding: 3 };
/** kubectl describe: minwidth 0, tabwidth 8, padding 2. */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minwidth: 0, tabwidth: 8, padding: 2 };

function runeWidth(s: string): number {
  // Fast path for ASCII; otherwise count code points.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      let n = 0;
      for (const _ of s) n++;
      return n;
    }
  }
  return s.length;
}

interface Cell {
  text: string;
  width: number;
}

/** Lays out `text` as tabwriter would when written and flushed in one go. */
export function tabwrite(text: string, opts: TabWriterOptions): string {
  const pad = opts.padchar ?? ' ';
  const lines: Cell[][] = text.split('\n').map((l) => l.split('\t').map((t) => ({ text: t, width: runeWidth(t) })));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        s += c.text;
        if (j < widths.length) {
          const n = widths[j]! - c.width;
          if (n > 0) s += pad.repeat(n);
        }
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      // a column block starts here; print what lies above it
      writeLines(line0, cur);
      line0 = cur;
      let width = opts.minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur]!;
        if (column >= line.length - 1) break;
        const w = line[column]!.width + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      // `cur` now points at the first line after the block; the loop's increment must not skip it
      cur--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/** Accumulates writes and lays them out on flush, like a tabwriter.Writer over a string buffer. */
export class TabWriter {
  private buf: string[] = [];
  private done: string[] = [];
  constructor(private readonly opts: TabWriterOptions) {}

  write(s: string): void {
    this.buf.push(s);
  }

  flush(): void {
    if (this.buf.length === 0) return;
    this.done.push(tabwrite(this.buf.join(''), this.opts));
    this.buf = [];
  }

  /** Everything written so far, flushed. */
  toString(): string {
    this.flush();
    return this.done.join('');
  }
}
