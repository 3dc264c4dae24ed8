/**
 * A terminal line cut the way bash reads it, for what a kubectl line needs: lists (`;`, `&&`, `||`),
 * pipelines (`|`) and redirections (`>`, `>>`, `2>`, `2>>`, `2>&1`, `&>`, `<`). Quotes and backslashes
 * keep these characters literal. Each stage keeps its words as raw text (quotes in place) for
 * splitCommandLine; a redirection's target is unquoted here.
 */
import { ShellParseError, splitCommandLine } from './shell';

export interface Redirect {
  /** 0 reads the file into standard input; 1 and 2 write that stream; 'both' writes stdout and stderr. */
  fd: 0 | 1 | 2 | 'both';
  append: boolean;
  /** The file's name, or `&1` / `&2` for a duplicated stream. */
  target: string;
}

export interface StageText {
  text: string;
  redirects: Redirect[];
}

export interface ListItem {
  /** How this pipeline joins the one before it (undefined for the first). */
  op?: ';' | '&&' | '||';
  stages: StageText[];
}

/** Bash's complaint about a line, with its exit status 2. */
export class ShellSyntaxError extends Error {}

const OPERATOR_CHARS = '|&;<>';

/** The line's pipelines, in order. Throws ShellSyntaxError with bash's words for a line it would refuse. */
export function parseShellLine(line: string): ListItem[] {
  const items: ListItem[] = [];
  let stages: StageText[] = [];
  let cur: StageText = { text: '', redirects: [] };
  let op: ListItem['op'];
  let quote: "'" | '"' | null = null;
  const unexpected = (token: string): never => {
    throw new ShellSyntaxError(`syntax error near unexpected token \`${token}'`);
  };
  const endStage = (token: string): void => {
    if (cur.text.trim() === '' && cur.redirects.length === 0) unexpected(token);
    stages.push(cur);
    cur = { text: '', redirects: [] };
  };
  const endItem = (token: string, next: ListItem['op']): void => {
    endStage(token);
    items.push({ ...(op ? { op } : {}), stages });
    stages = [];
    op = next;
  };
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      cur.text += c;
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < n) {
      cur.text += c + line[i + 1]!;
      i += 2;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      cur.text += c;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur.text += c;
      i++;
      continue;
    }
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      endItem(two, two);
      i += 2;
      continue;
    }
    if (c === ';') {
      endItem(';', ';');
      i++;
      continue;
    }
    if (c === '|') {
      endStage('|');
      i++;
      continue;
    }
    if (c === '>' || c === '<' || two === '&>') {
      i = readRedirect(line, i, cur, unexpected);
      continue;
    }
    cur.text += c;
    i++;
  }
  // An unterminated quote is splitCommandLine's to report, with the stage's words.
  if (cur.text.trim() === '' && cur.redirects.length === 0) {
    // (bash -c says `unexpected end of file` after a bar; the terminal keeps the token form it always used.)
    if (stages.length > 0) unexpected('|');
    if (op !== undefined && op !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
    if (stages.length === 0 && op === ';') return items;
    if (items.length === 0) return [];
  }
  endItem('newline', undefined);
  return items;
}

/** Reads one redirection starting at `i` into `cur`; returns the index after its target. */
function readRedirect(line: string, i: number, cur: StageText, unexpected: (t: string) => never): number {
  let fd: Redirect['fd'];
  if (line.startsWith('&>', i)) {
    fd = 'both';
    i += 2;
  } else if (line[i] === '<') {
    fd = 0;
    i++;
  } else {
    fd = 1;
    // A digit that is a word of its own right before `>` names the stream (`2>`), as bash reads it.
    const m = /(^|[\s])([012])$/.exec(cur.text);
    if (m) {
      fd = Number(m[2]) as 0 | 1 | 2;
      cur.text = cur.text.slice(0, cur.text.length - 1);
    }
    i++;
  }
  let append = false;
  if (fd !== 0 && line[i] === '>') {
    append = true;
    i++;
  }
  if (fd !== 0 && fd !== 'both' && line[i] === '&' && /[12]/.test(line[i + 1] ?? '')) {
    cur.redirects.push({ fd, append, target: `&${line[i + 1]}` });
    return i + 2;
  }
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const start = i;
  let quote: "'" | '"' | null = null;
  while (i < line.length) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '\\' && i + 1 < line.length) i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === ' ' || c === '\t' || OPERATOR_CHARS.includes(c)) break;
    i++;
  }
  const raw = line.slice(start, i);
  if (raw === '') {
    const rest = line.slice(i);
    unexpected(rest === '' ? 'newline' : /^(&&|\|\||>>|&>)/.exec(rest)?.[0] ?? rest[0]!);
  }
  let words: string[];
  try {
    words = splitCommandLine(raw);
  } catch (e) {
    if (e instanceof ShellParseError) throw new ShellSyntaxError(e.message);
    throw e;
  }
  cur.redirects.push({ fd, append, target: words.join(' ') });
  // The stage's words go on after the target: keep them apart from what came before.
  cur.text += ' ';
  return i;
}

/** The first stage (the kubectl command) of each of the line's pipelines; the line itself when bash would refuse it. */
export function commandsOf(line: string): string[] {
  try {
    return parseShellLine(line).map((item) => item.stages[0]!.text);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return [line];
    throw e;
  }
}
