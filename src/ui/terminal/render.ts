/**
 * What the terminal writes to show the line being edited: the prompt and the line (or bash's
 * `(reverse-i-search)` line) redrawn in place, over as many rows as it wraps to, with the cursor where
 * the editor has it; and bash's column listing of completions. Widths count East Asian wide
 * characters as two columns, as the terminal draws them.
 */
import { isWide } from '../../sim/node/coreutils/wc';
import type { EditorState } from './lineEditor';

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) {
    const cp = ch.codePointAt(0)!;
    // Combining marks take no column.
    if (cp >= 0x300 && cp <= 0x36f) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

/** The text before the editable part and the editable part, as shown: bash's search prompt replaces the prompt. */
export function shownLine(s: EditorState, prompt: string): { head: string; text: string; cursor: number } {
  if (s.search) {
    const head = `(${s.search.failed ? 'failed ' : ''}reverse-i-search)\`${s.search.query}': `;
    return { head, text: s.line, cursor: Math.max(0, s.cursor) };
  }
  return { head: prompt, text: s.line, cursor: s.cursor };
}

/** Rows a text of `width` columns takes from column 0 (a full last row leaves the cursor on it). */
function rowOf(width: number, cols: number): number {
  return Math.floor(width / cols);
}

/**
 * The escape sequences that redraw the input: up to where it started (`prevCursorRow` rows above the
 * cursor), clear to the end of the screen, write, and put the cursor back. Returns the cursor's row
 * (counted from the input's first) for the next redraw.
 */
export function redraw(s: EditorState, prompt: string, promptStyle: (p: string) => string, cols: number, prevCursorRow: number): { out: string; cursorRow: number } {
  const { head, text, cursor } = shownLine(s, prompt);
  let out = prevCursorRow > 0 ? `\x1b[${prevCursorRow}A` : '';
  out += '\r\x1b[J';
  out += (s.search ? head : promptStyle(head)) + text;
  const total = displayWidth(head) + displayWidth(text);
  const at = displayWidth(head) + displayWidth(text.slice(0, cursor));
  // After writing exactly a full row the terminal waits to wrap: a space and a carriage return make it wrap now.
  if (total > 0 && total % cols === 0) out += ' \r';
  const endRow = rowOf(total, cols);
  const row = rowOf(at, cols);
  if (endRow > row) out += `\x1b[${endRow - row}A`;
  out += '\r';
  if (at % cols > 0) out += `\x1b[${at % cols}C`;
  return { out, cursorRow: row };
}

/** bash's listing of several completions: columns filled top to bottom, two spaces apart, as wide as fits. */
export function columns(items: readonly string[], cols: number): string {
  const width = Math.max(...items.map(displayWidth)) + 2;
  // readline's rule: as many as fit, one fewer when they would fill the row exactly.
  let perRow = Math.max(1, Math.floor(cols / width));
  if (perRow > 1 && perRow * width === cols) perRow--;
  const rows = Math.ceil(items.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < perRow; c++) {
      const it = items[c * rows + r];
      if (it !== undefined) cells.push(it);
    }
    out += cells.map((it, i) => (i === cells.length - 1 ? it : it + ' '.repeat(width - displayWidth(it)))).join('') + '\r\n';
  }
  return out;
}
