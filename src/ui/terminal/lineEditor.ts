/**
 * The terminal's line editor as bash's readline behaves, as a pure state machine: the bytes a key
 * sends in (xterm's onData), the new line, cursor and what the terminal must do out. Emacs keys
 * (Ctrl+A/E/U/K/W), cursor keys, Home/End, Backspace/Delete, history (↑/↓, the line being typed is
 * kept as the newest entry), Ctrl+R reverse incremental search, Tab (asked of the caller), Ctrl+C,
 * Ctrl+L. Rendering is separate (render.ts).
 */

export interface Search {
  query: string;
  /** the history index of the current match, or -1 for none yet */
  at: number;
  failed: boolean;
  /** the line as it was before the search, for Ctrl+G */
  before: { line: string; cursor: number };
}

export interface EditorState {
  line: string;
  /** a UTF-16 index into line */
  cursor: number;
  /** where ↑/↓ are in the history; history.length is the line being typed */
  histIdx: number;
  /** the line being typed, kept while ↑/↓ show older ones */
  draft: string;
  search: Search | null;
  /** the last key was Tab (a second one lists the choices) */
  lastTab: boolean;
}

export type EditorAction =
  | { kind: 'submit'; line: string }
  /** Ctrl+C at the prompt: the line is abandoned (`^C` shown) */
  | { kind: 'cancel'; line: string }
  | { kind: 'clear' }
  /** Tab: the caller asks for completions of the line at the cursor; `again` when Tab was pressed twice */
  | { kind: 'complete'; line: string; cursor: number; again: boolean }
  | { kind: 'bell' };

export function initialState(history: readonly string[]): EditorState {
  return { line: '', cursor: 0, histIdx: history.length, draft: '', search: null, lastTab: false };
}

const CSI_KEYS: Record<string, string> = {
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1b[C': 'right',
  '\x1b[D': 'left',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[3~': 'delete',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
  '\x1bOC': 'right',
  '\x1bOD': 'left',
  '\x1b[1;5C': 'wordRight',
  '\x1b[1;5D': 'wordLeft',
  '\x1bf': 'wordRight',
  '\x1bb': 'wordLeft',
};

const CONTROL: Record<string, string> = {
  '\r': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'up',
  '\x0e': 'down',
  '\x03': 'ctrlC',
  '\x04': 'ctrlD',
  '\x07': 'ctrlG',
  '\x0b': 'killEnd',
  '\x15': 'killStart',
  '\x17': 'killWord',
  '\x0c': 'clear',
  '\x12': 'search',
  '\t': 'tab',
  '\x1b': 'escape',
};

/** Splits what xterm sent into keys: escape sequences, control characters, and runs of text. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    const seq = Object.keys(CSI_KEYS).find((k) => rest.startsWith(k)) ?? /^\x1b\[[0-9;]*[~A-Za-z]/.exec(rest)?.[0];
    if (seq) {
      keys.push(seq);
      i += seq.length;
      continue;
    }
    const c = data[i]!;
    if (c === '\n' || c < ' ' || c === '\x7f') {
      // A pasted line ends in \n or \r\n: both are Enter, once.
      if (c === '\n' && data[i - 1] === '\r') {
        i++;
        continue;
      }
      keys.push(c === '\n' ? '\r' : c);
      i++;
      continue;
    }
    const m = /^[^\x00-\x1f\x7f]+/.exec(rest)!;
    keys.push(m[0]);
    i += m[0].length;
  }
  return keys;
}

/** Where a word before the cursor starts, as Ctrl+W (unix-word-rubout) sees words: runs of non-blanks. */
function wordStart(line: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(line[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(line[i - 1]!)) i--;
  return i;
}

/** Alt+B / Alt+F move by words of letters and digits, as readline's backward-word and forward-word. */
function wordLeft(line: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !/[\p{L}\p{N}]/u.test(line[i - 1]!)) i--;
  while (i > 0 && /[\p{L}\p{N}]/u.test(line[i - 1]!)) i--;
  return i;
}

function wordRight(line: string, cursor: number): number {
  let i = cursor;
  while (i < line.length && !/[\p{L}\p{N}]/u.test(line[i]!)) i++;
  while (i < line.length && /[\p{L}\p{N}]/u.test(line[i]!)) i++;
  return i;
}

/** One code point before or after the cursor (a character outside the BMP is two UTF-16 units). */
function prevIndex(line: string, i: number): number {
  if (i <= 0) return 0;
  const lo = line.charCodeAt(i - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && i >= 2 ? i - 2 : i - 1;
}

function nextIndex(line: string, i: number): number {
  if (i >= line.length) return line.length;
  const hi = line.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff ? i + 2 : i + 1;
}

/** The newest history entry at or before `from` containing `query`. */
function findBack(history: readonly string[], query: string, from: number): number {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return -1;
}

function searchKey(s: EditorState, key: string, history: readonly string[]): { state: EditorState; actions: EditorAction[] } {
  const search = s.search!;
  const name = CSI_KEYS[key] ?? CONTROL[key];
  const match = search.at >= 0 ? history[search.at]! : s.line;
  if (name === 'search') {
    // Ctrl+R again: the next older match.
    const at = search.query === '' ? -1 : findBack(history, search.query, search.at - 1);
    if (at < 0) return { state: { ...s, search: { ...search, failed: search.query !== '' } }, actions: search.query === '' ? [] : [{ kind: 'bell' }] };
    return { state: { ...s, line: history[at]!, cursor: history[at]!.indexOf(search.query), search: { ...search, at, failed: false } }, actions: [] };
  }
  if (name === 'ctrlG' || name === 'ctrlC') {
    const st = { ...s, line: search.before.line, cursor: search.before.cursor, search: null };
    return name === 'ctrlC' ? { state: { ...st, line: '', cursor: 0 }, actions: [{ kind: 'cancel', line: search.before.line }] } : { state: st, actions: [] };
  }
  if (name === 'backspace') {
    const query = search.query.slice(0, prevIndex(search.query, search.query.length));
    const at = query === '' ? -1 : findBack(history, query, history.length - 1);
    const line = at >= 0 ? history[at]! : search.before.line;
    return { state: { ...s, line, cursor: at >= 0 ? line.indexOf(query) : s.cursor, search: { ...search, query, at, failed: query !== '' && at < 0 } }, actions: [] };
  }
  if (name === undefined && !key.startsWith('\x1b')) {
    const query = search.query + key;
    // The current match is kept while it still contains the longer query.
    const at = search.at >= 0 && history[search.at]!.includes(query) ? search.at : findBack(history, query, search.at >= 0 ? search.at : history.length - 1);
    if (at < 0) return { state: { ...s, search: { ...search, query, failed: true } }, actions: [{ kind: 'bell' }] };
    return { state: { ...s, line: history[at]!, cursor: history[at]!.indexOf(query), search: { query, at, failed: false, before: search.before } }, actions: [] };
  }
  // Any other key ends the search with the match as the line, and then does what it does.
  const accepted: EditorState = { ...s, line: match, cursor: Math.min(s.cursor, match.length), search: null, histIdx: search.at >= 0 ? search.at : s.histIdx };
  if (name === 'escape') return { state: accepted, actions: [] };
  return press(accepted, key, history);
}

/** Applies one key (from splitKeys) to the state. */
export function press(s: EditorState, key: string, history: readonly string[]): { state: EditorState; actions: EditorAction[] } {
  if (s.search) return searchKey(s, key, history);
  const name = CSI_KEYS[key] ?? CONTROL[key];
  const st: EditorState = { ...s, lastTab: name === 'tab' };
  const { line, cursor } = s;
  const edit = (l: string, c: number): { state: EditorState; actions: EditorAction[] } => ({ state: { ...st, line: l, cursor: c }, actions: [] });
  switch (name) {
    case 'enter':
      return { state: { ...initialState(history), histIdx: history.length }, actions: [{ kind: 'submit', line }] };
    case 'backspace': {
      if (cursor === 0) return { state: st, actions: [] };
      const p = prevIndex(line, cursor);
      return edit(line.slice(0, p) + line.slice(cursor), p);
    }
    case 'delete':
      return cursor >= line.length ? { state: st, actions: [] } : edit(line.slice(0, cursor) + line.slice(nextIndex(line, cursor)), cursor);
    case 'left':
      return edit(line, prevIndex(line, cursor));
    case 'right':
      return edit(line, nextIndex(line, cursor));
    case 'home':
      return edit(line, 0);
    case 'end':
      return edit(line, line.length);
    case 'wordLeft':
      return edit(line, wordLeft(line, cursor));
    case 'wordRight':
      return edit(line, wordRight(line, cursor));
    case 'killStart':
      return edit(line.slice(cursor), 0);
    case 'killEnd':
      return edit(line.slice(0, cursor), cursor);
    case 'killWord': {
      const w = wordStart(line, cursor);
      return edit(line.slice(0, w) + line.slice(cursor), w);
    }
    case 'up':
    case 'down': {
      const i = Math.min(history.length, Math.max(0, s.histIdx + (name === 'up' ? -1 : 1)));
      if (i === s.histIdx) return { state: st, actions: [] };
      const draft = s.histIdx === history.length ? line : s.draft;
      const l = i === history.length ? draft : history[i]!;
      return { state: { ...st, histIdx: i, draft, line: l, cursor: l.length }, actions: [] };
    }
    case 'ctrlC':
      return { state: { ...initialState(history) }, actions: [{ kind: 'cancel', line }] };
    case 'clear':
      return { state: st, actions: [{ kind: 'clear' }] };
    case 'search':
      return { state: { ...st, search: { query: '', at: -1, failed: false, before: { line, cursor } } }, actions: [] };
    case 'tab':
      return { state: st, actions: [{ kind: 'complete', line, cursor, again: s.lastTab }] };
    case 'ctrlD':
      // On a line with text it deletes forward; on an empty one the caller may end a shell.
      return cursor < line.length ? edit(line.slice(0, cursor) + line.slice(nextIndex(line, cursor)), cursor) : { state: st, actions: [] };
    case 'ctrlG':
    case 'escape':
      return { state: st, actions: [] };
  }
  if (key.startsWith('\x1b') || /^[\x00-\x1f]$/.test(key)) return { state: st, actions: [] };
  return edit(line.slice(0, cursor) + key + line.slice(cursor), cursor + key.length);
}

/** The longest prefix all items share. */
export function commonPrefix(items: readonly string[]): string {
  if (items.length === 0) return '';
  let p = items[0]!;
  for (const it of items) while (!it.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * Tab's answer applied as bash does: one choice replaces the word (and a space follows unless it
 * ends in `=` or `/`); several insert what they share; `list` when there is nothing more to insert
 * and Tab was pressed twice.
 */
export function applyCompletion(s: EditorState, from: number, items: readonly string[], again: boolean): { state: EditorState; list: string[] | null; bell: boolean } {
  if (items.length === 0) return { state: s, list: null, bell: true };
  const word = s.line.slice(from, s.cursor);
  const replace = (text: string): EditorState => ({ ...s, line: s.line.slice(0, from) + text + s.line.slice(s.cursor), cursor: from + text.length });
  if (items.length === 1) {
    const only = items[0]!;
    const space = /[=/]$/.test(only) || s.line[s.cursor] === ' ' ? '' : ' ';
    return { state: replace(only + space), list: null, bell: false };
  }
  const common = commonPrefix(items);
  if (common.length > word.length && common.startsWith(word)) return { state: { ...replace(common), lastTab: false }, list: null, bell: false };
  return { state: s, list: again ? [...items] : null, bell: !again };
}
