/**
 * A small POSIX-shell model for what containers run: enough of `sh -c` to follow the scripts people
 * put in manifests (echo, printf, sleep, date, exit, touch/rm/cat of files, variables and
 * `$((i+1))` counters, `while true`/`until`/`for` loops, `if`, `&&`/`||`, `exec`), executed on a
 * virtual timeline. Nothing here touches a clock: a run is a pure function of the script, the
 * environment and the time horizon asked for, so logs and files can be recomputed whenever read.
 */

import { runFilter } from './coreutils';

// ------------------------------------------------------------------ tokens and syntax

type Part = { text: string; quote: 'none' | 'single' | 'double' };
export type Word = Part[];

type Tok = { op: string } | { word: Word };

export type Stmt =
  | { k: 'cmd'; argv: Word[]; redirect?: { path: Word; append: boolean; fd: number }; bg?: boolean; next?: '&&' | '||' | ';'; /** `cmd | next`: what reads this command's output */ pipe?: Stmt }
  | { k: 'assign'; name: string; value: Word; next?: '&&' | '||' | ';' }
  | { k: 'while'; until: boolean; cond: Stmt[]; body: Stmt[]; next?: '&&' | '||' | ';' }
  | { k: 'for'; name: string; items: Word[]; body: Stmt[]; next?: '&&' | '||' | ';' }
  | { k: 'if'; cond: Stmt[]; then: Stmt[]; otherwise: Stmt[]; next?: '&&' | '||' | ';' }
  | { k: 'group'; body: Stmt[]; next?: '&&' | '||' | ';' };

export class ShellSyntaxError extends Error {}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let cur: Part[] | undefined;
  const push = (text: string, quote: Part['quote']) => {
    cur ??= [];
    const last = cur[cur.length - 1];
    if (last && last.quote === quote) last.text += text;
    else cur.push({ text, quote });
  };
  const endWord = () => {
    if (cur) toks.push({ word: cur });
    cur = undefined;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '#' && !cur) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      endWord();
      i++;
      continue;
    }
    if (ch === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '>' || ch === '<') {
      // `$(` and `$((` stay inside the word
      if (ch === '(' && cur && cur[cur.length - 1]?.text.endsWith('$')) {
        const end = matchParen(src, i);
        push(src.slice(i, end + 1), 'none');
        i = end + 1;
        continue;
      }
      // `2>&1`, `>&2`: a digit just before > is the fd
      endWord();
      const two = src.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '>>' || two === ';;') {
        toks.push({ op: two });
        i += 2;
      } else if (two === '>&') {
        toks.push({ op: '>&' });
        i += 2;
      } else {
        toks.push({ op: ch === '\n' ? ';' : ch });
        i++;
      }
      continue;
    }
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      push(src.slice(i + 1, end), 'single');
      cur ??= [];
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length && '"\\$`'.includes(src[j + 1]!)) {
          text += src[j] === '\\' && src[j + 1] === '$' ? '\\$' : src[j + 1];
          j += 2;
          continue;
        }
        if (src[j] === '$' && src[j + 1] === '(') {
          const end = matchParen(src, j + 1);
          text += src.slice(j, end + 1);
          j = end + 1;
          continue;
        }
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new ShellSyntaxError('unterminated quoted string');
      push(text, 'double');
      cur ??= [];
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      push(src[i + 1] ?? '', 'single');
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated backquote');
      push(`$(${src.slice(i + 1, end)})`, 'none');
      i = end + 1;
      continue;
    }
    if (ch === '$' && src[i + 1] === '(') {
      const end = matchParen(src, i + 1);
      push(src.slice(i, end + 1), 'none');
      i = end + 1;
      continue;
    }
    push(ch, 'none');
    i++;
  }
  endWord();
  return toks;
}

function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === '(') depth++;
    else if (src[j] === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new ShellSyntaxError('unterminated $(');
}

const wordText = (w: Word): string => w.map((p) => p.text).join('');
const isKeyword = (t: Tok | undefined, kw: string): boolean => !!t && 'word' in t && t.word.length === 1 && t.word[0]!.quote === 'none' && t.word[0]!.text === kw;

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parseAll(): Stmt[] {
    const out = this.list(() => false);
    if (this.i < this.toks.length) throw new ShellSyntaxError(`syntax error near unexpected token \`${tokText(this.toks[this.i]!)}'`);
    return out;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  /** Statements until `stop` says the next token ends the list. */
  private list(stop: (t: Tok) => boolean): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      while (this.peek() && 'op' in this.peek()! && (this.peek() as { op: string }).op === ';') this.i++;
      const t = this.peek();
      if (!t || stop(t)) return out;
      if ('op' in t && t.op === ')') return out;
      const s = this.statement();
      out.push(s);
      const n = this.peek();
      if (n && 'op' in n) {
        if (n.op === '&&' || n.op === '||') {
          s.next = n.op;
          this.i++;
        } else if (n.op === '&') {
          if (s.k === 'cmd') s.bg = true;
          this.i++;
        } else if (n.op === ';' || n.op === ';;') this.i++;
      }
    }
  }

  private expectKw(kw: string): void {
    if (!isKeyword(this.peek(), kw)) throw new ShellSyntaxError(`syntax error: expected "${kw}"`);
    this.i++;
  }

  private statement(): Stmt {
    const t = this.peek()!;
    if (isKeyword(t, 'while') || isKeyword(t, 'until')) {
      this.i++;
      const cond = this.list((x) => isKeyword(x, 'do'));
      this.expectKw('do');
      const body = this.list((x) => isKeyword(x, 'done'));
      this.expectKw('done');
      return { k: 'while', until: isKeyword(t, 'until'), cond, body };
    }
    if (isKeyword(t, 'for')) {
      this.i++;
      const nameTok = this.peek();
      if (!nameTok || !('word' in nameTok)) throw new ShellSyntaxError('syntax error: bad for loop variable');
      this.i++;
      const items: Word[] = [];
      if (isKeyword(this.peek(), 'in')) {
        this.i++;
        while (this.peek() && 'word' in this.peek()!) {
          items.push((this.peek() as { word: Word }).word);
          this.i++;
        }
      }
      const body0 = this.list((x) => isKeyword(x, 'do'));
      if (body0.length) throw new ShellSyntaxError('syntax error near for');
      this.expectKw('do');
      const body = this.list((x) => isKeyword(x, 'done'));
      this.expectKw('done');
      return { k: 'for', name: wordText(nameTok.word), items, body };
    }
    if (isKeyword(t, 'if')) {
      this.i++;
      const cond = this.list((x) => isKeyword(x, 'then'));
      this.expectKw('then');
      const then = this.list((x) => isKeyword(x, 'else') || isKeyword(x, 'fi') || isKeyword(x, 'elif'));
      let otherwise: Stmt[] = [];
      if (isKeyword(this.peek(), 'elif')) {
        // elif … is an if nested in the else branch
        (this.toks[this.i] as { word: Word }).word = [{ text: 'if', quote: 'none' }];
        otherwise = [this.statement()];
        return { k: 'if', cond, then, otherwise };
      }
      if (isKeyword(this.peek(), 'else')) {
        this.i++;
        otherwise = this.list((x) => isKeyword(x, 'fi'));
      }
      this.expectKw('fi');
      return { k: 'if', cond, then, otherwise };
    }
    if (isKeyword(t, '{') || ('op' in t && t.op === '(')) {
      const closing = 'op' in t ? ')' : '}';
      this.i++;
      const body = this.list((x) => isKeyword(x, '}') || ('op' in x && x.op === ')'));
      const c = this.peek();
      if (closing === '}' ? !isKeyword(c, '}') : !(c && 'op' in c && c.op === ')')) throw new ShellSyntaxError(`syntax error: expected "${closing}"`);
      this.i++;
      return { k: 'group', body };
    }
    // A simple command, possibly an assignment, with redirections.
    const argv: Word[] = [];
    let redirect: { path: Word; append: boolean; fd: number } | undefined;
    let pipe: Stmt | undefined;
    for (;;) {
      const x = this.peek();
      if (!x) break;
      if ('op' in x) {
        if (x.op === '>' || x.op === '>>' || x.op === '<' || x.op === '>&') {
          this.i++;
          let fd = 1;
          const prev = argv[argv.length - 1];
          if (prev && prev.length === 1 && /^[0-9]$/.test(prev[0]!.text) && prev[0]!.quote === 'none') {
            fd = Number(prev[0]!.text);
            argv.pop();
          }
          const target = this.peek();
          if (!target || !('word' in target)) throw new ShellSyntaxError('syntax error: missing redirection target');
          this.i++;
          if (x.op === '>&') continue; // fd duplication: output still reaches the log
          if (x.op !== '<') redirect = { path: target.word, append: x.op === '>>', fd };
          continue;
        }
        if (x.op === '|') {
          this.i++;
          pipe = this.statement();
          continue;
        }
        break;
      }
      if (argv.length === 0 && x.word.length >= 1 && x.word[0]!.quote === 'none') {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(x.word[0]!.text);
        if (m) {
          this.i++;
          const value: Word = [{ text: m[2]!, quote: 'none' }, ...x.word.slice(1)];
          // `A=1 cmd` prefixes are rare in manifests; treat a lone assignment as a statement.
          const nx = this.peek();
          if (!nx || 'op' in nx) return { k: 'assign', name: m[1]!, value };
          continue;
        }
      }
      argv.push(x.word);
      this.i++;
    }
    if (argv.length === 0 && !redirect) throw new ShellSyntaxError(`syntax error near unexpected token \`${tokText(this.peek() ?? { op: 'newline' })}'`);
    return { k: 'cmd', argv, redirect, ...(pipe ? { pipe } : {}) };
  }
}

function tokText(t: Tok): string {
  return 'op' in t ? t.op : wordText(t.word);
}

const parseCache = new Map<string, Stmt[]>();

/** Parses a script (cached: the same text always gives the same tree). */
export function parseScript(src: string): Stmt[] {
  let s = parseCache.get(src);
  if (!s) {
    s = new Parser(tokenize(src)).parseAll();
    if (parseCache.size > 2000) parseCache.clear();
    parseCache.set(src, s);
  }
  return s;
}

/** Splits a command line into words as `sh` would (no expansion). */
export function splitWords(src: string): string[] {
  return tokenize(src).flatMap((t) => ('word' in t ? [wordText(t.word)] : []));
}

// ------------------------------------------------------------------ execution on a timeline

export interface LogLine {
  /** ms since the container started */
  at: number;
  text: string;
}

/** What a run touches besides its output. */
export interface ShellHost {
  /** wall-clock ms (SIM epoch based) of the container start, for `date` */
  startWallMs: number;
  hostname: string;
  /** files the image or volumes provide, read by `cat` */
  readFile(path: string): string | undefined;
  /**
   * A command the shell does not know. Returns what it does: `serve` runs forever (a server),
   * `ok` returns at once with the given output and status.
   */
  external(argv: string[], last: boolean, atMs: number): ExternalResult;
}

/**
 * What an external command does: `serve` runs forever (a server), `ok` returns with the given output
 * and status after `ms`, `wait` means its outcome is not known yet (a program that talks to the API
 * server and has not run at that time): the run stops there, as at its horizon.
 */
export type ExternalResult = { kind: 'serve' } | { kind: 'ok'; status: number; out?: string[]; ms?: number; /** it prints `out`, then runs on (kubectl get -w) */ runsOn?: boolean } | { kind: 'wait' };

export interface RunOptions {
  /** stop at this time (ms since start); the run reports where it got to */
  horizonMs: number;
  /** keep only the last N lines of output (a ring); default 10_000 */
  keepLast?: number;
  /** collect output at all (exit analysis does not need it) */
  collect?: boolean;
  /** stop after this many interpreter steps (default MAX_STEPS); the run then reports no exit yet */
  maxSteps?: number;
}

export interface RunResult {
  /** set when the script ends (or calls exit) before the horizon */
  exit?: { at: number; code: number };
  /** true when the script turns into a long-running server (or sleeps forever) */
  forever: boolean;
  /** where `forever` began, ms since start */
  foreverFrom?: number;
  lines: LogLine[];
  /** files the script created, as they stand at the horizon */
  files: Map<string, string>;
  /** statements executed (for budgets) */
  steps: number;
}

/*
 * How a script stops early: thrown through the interpreter and caught in runScript. They are not
 * Errors, which would take a stack trace each time a container's script sleeps forever; the ones
 * that carry nothing are thrown as a single shared instance.
 */
class Stop {}
class ExitSignal {
  constructor(readonly code: number) {}
}
class BreakSignal {}
class ForeverSignal {}
const STOP = new Stop();
const BREAK = new BreakSignal();
const FOREVER = new ForeverSignal();

const MAX_STEPS = 400_000;

export function formatBusyboxDate(wallMs: number): string {
  const d = new Date(wallMs);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** `sleep` arguments: N, Ns, Nm, Nh, Nd, fractions, `infinity`. Returns ms, Infinity, or NaN if invalid. */
export function sleepMs(arg: string): number {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(arg);
  if (!m) return NaN;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

class Runner {
  t = 0;
  steps = 0;
  readonly lines: LogLine[] = [];
  readonly files = new Map<string, string>();
  status = 0;
  forever = false;
  foreverFrom: number | undefined;

  constructor(
    private readonly host: ShellHost,
    private readonly env: Map<string, string>,
    private readonly opts: RunOptions,
  ) {}

  /** while a pipeline's left side runs: where its output goes instead of the log */
  private sink: string[] | undefined;
  /** the lines a pipeline's right side reads on stdin */
  private stdin: string[] | undefined;

  private out(text: string): void {
    if (this.sink) {
      this.sink.push(text);
      return;
    }
    if (this.opts.collect === false) return;
    this.lines.push({ at: this.t, text });
    const keep = this.opts.keepLast ?? 10_000;
    if (this.lines.length > keep * 2) this.lines.splice(0, this.lines.length - keep);
  }

  private advance(ms: number): void {
    if (!Number.isFinite(ms)) {
      this.forever = true;
      this.foreverFrom = this.t;
      throw FOREVER;
    }
    if (this.t + ms > this.opts.horizonMs) {
      this.t = this.opts.horizonMs;
      throw STOP;
    }
    this.t += ms;
  }

  private tick(): void {
    if (++this.steps > (this.opts.maxSteps ?? MAX_STEPS)) throw STOP;
  }

  // ---- expansion

  private expandText(text: string, quoted: boolean): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '\\' && text[i + 1] === '$') {
        out += '$';
        i += 2;
        continue;
      }
      if (ch !== '$') {
        out += ch;
        i++;
        continue;
      }
      if (text.startsWith('$((', i)) {
        const end = matchParen(text, i + 1);
        out += String(this.arith(text.slice(i + 3, end - 1)));
        i = end + 1;
        continue;
      }
      if (text[i + 1] === '(') {
        const end = matchParen(text, i + 1);
        out += this.substitute(text.slice(i + 2, end));
        i = end + 1;
        continue;
      }
      if (text[i + 1] === '{') {
        const end = text.indexOf('}', i);
        const inner = text.slice(i + 2, end < 0 ? text.length : end);
        const [name, dflt] = inner.split(/:?-/, 2);
        const v = this.env.get(name!);
        out += v !== undefined && v !== '' ? v : (dflt ?? '');
        i = end < 0 ? text.length : end + 1;
        continue;
      }
      const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9?$#@*]/.exec(text.slice(i + 1));
      if (!m) {
        out += '$';
        i++;
        continue;
      }
      const name = m[0];
      if (name === '?') out += String(this.status);
      else if (name === '$') out += '1';
      else if (name === '#') out += '0';
      else out += this.env.get(name) ?? '';
      i += 1 + name.length;
    }
    return quoted ? out : out;
  }

  private expandWord(w: Word): string[] {
    let s = '';
    let splittable = false;
    for (const p of w) {
      if (p.quote === 'single') s += p.text;
      else {
        s += this.expandText(p.text, p.quote === 'double');
        if (p.quote === 'none') splittable = true;
      }
    }
    if (splittable && w.every((p) => p.quote === 'none')) {
      const parts = s.split(/[ \t\n]+/).filter((x) => x !== '');
      return parts;
    }
    return [s];
  }

  private expandArgs(ws: Word[]): string[] {
    return ws.flatMap((w) => this.expandWord(w));
  }

  private substitute(cmd: string): string {
    const words = splitWords(cmd);
    const name = words[0] ?? '';
    if (name === 'date') return this.dateOut(words.slice(1));
    if (name === 'hostname') return this.host.hostname;
    if (name === 'cat') return (this.readFile(words[1] ?? '') ?? '').replace(/\n$/, '');
    if (name === 'seq') return seq(words.slice(1)).join('\n');
    if (name === 'echo') return words.slice(1).join(' ');
    if (name === 'expr') return String(this.arith(words.slice(1).join(' ')));
    return '';
  }

  private dateOut(args: string[]): string {
    const wall = this.host.startWallMs + this.t;
    const fmt = args.find((a) => a.startsWith('+'));
    if (fmt === '+%s') return String(Math.floor(wall / 1000));
    if (fmt) {
      const d = new Date(wall);
      const p2 = (n: number) => String(n).padStart(2, '0');
      return fmt
        .slice(1)
        .replace(/%Y/g, String(d.getUTCFullYear()))
        .replace(/%m/g, p2(d.getUTCMonth() + 1))
        .replace(/%d/g, p2(d.getUTCDate()))
        .replace(/%H/g, p2(d.getUTCHours()))
        .replace(/%M/g, p2(d.getUTCMinutes()))
        .replace(/%S/g, p2(d.getUTCSeconds()))
        .replace(/%T/g, `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`)
        .replace(/%s/g, String(Math.floor(wall / 1000)));
    }
    return formatBusyboxDate(wall);
  }

  private arith(expr: string): number {
    const src = expr.replace(/\$?([A-Za-z_][A-Za-z0-9_]*)/g, (_m, n: string) => String(Number(this.env.get(n) ?? 0) || 0));
    if (!/^[0-9+\-*/%() \t]*$/.test(src)) return 0;
    return evalArith(src);
  }

  private readFile(path: string): string | undefined {
    if (this.files.has(path)) return this.files.get(path);
    return this.host.readFile(path);
  }

  // ---- statements

  run(stmts: Stmt[], top: boolean): number {
    let skipNext: '&&' | '||' | undefined;
    for (let idx = 0; idx < stmts.length; idx++) {
      const s = stmts[idx]!;
      const last = top && idx === stmts.length - 1;
      if (skipNext) {
        const skip = skipNext === '&&' ? this.status !== 0 : this.status === 0;
        if (skip) {
          // A skipped command leaves the status as it was; the operator after it decides what is next
          // (`false && a || b` runs b).
          skipNext = s.next === '&&' || s.next === '||' ? s.next : undefined;
          continue;
        }
      }
      this.exec(s, last);
      skipNext = s.next === '&&' || s.next === '||' ? s.next : undefined;
    }
    return this.status;
  }

  private exec(s: Stmt, last: boolean): void {
    this.tick();
    switch (s.k) {
      case 'assign':
        this.env.set(s.name, this.expandWord(s.value).join(' '));
        this.status = 0;
        return;
      case 'group':
        this.run(s.body, last);
        return;
      case 'if':
        this.run(s.cond, false);
        if (this.status === 0) this.run(s.then, last);
        else this.run(s.otherwise, last);
        return;
      case 'for': {
        const items = this.expandArgs(s.items);
        try {
          for (const it of items) {
            this.env.set(s.name, it);
            this.run(s.body, false);
          }
        } catch (e) {
          if (!(e instanceof BreakSignal)) throw e;
        }
        return;
      }
      case 'while':
        this.loop(s);
        return;
      case 'cmd':
        this.command(s, last);
        return;
    }
  }

  /**
   * `left | right`: the right side reads what the left printed. A left side that never ends (`tail -f`,
   * a loop) streams on as before: what it prints is what the log shows.
   */
  private pipeline(left: Extract<Stmt, { k: 'cmd' }>, right: Stmt, last: boolean): void {
    const outer = this.sink;
    const captured: string[] = [];
    this.sink = captured;
    try {
      this.command({ ...left, pipe: undefined }, false);
    } catch (e) {
      this.sink = outer;
      for (const l of captured) this.out(l);
      throw e;
    }
    this.sink = outer;
    const prevStdin = this.stdin;
    this.stdin = captured;
    try {
      this.run([right], last);
    } finally {
      this.stdin = prevStdin;
    }
  }

  /** The filters a pipeline ends in, reading `input`; undefined when `name` is no filter. */
  private filter(name: string, args: string[], input: string[]): { output: string[]; status: number } | undefined {
    if (name === 'tail' && (args.includes('-f') || args.includes('-F'))) return undefined;
    const text = runFilter(name, args, input.map((l) => `${l}\n`).join(''));
    if (text) {
      // The shell's log is one stream: a filter's complaints show where its output would.
      const out = text.stdout + text.stderr;
      const output = out === '' ? [] : out.replace(/\n$/, '').split('\n');
      return { output, status: text.status };
    }
    switch (name) {
      case 'cat':
        return args.some((a) => !a.startsWith('-')) ? undefined : { output: input, status: 0 };
      case 'uniq':
        return { output: input.filter((l, i) => i === 0 || l !== input[i - 1]), status: 0 };
      case 'tee':
        for (const f of args.filter((a) => !a.startsWith('-'))) this.files.set(f, (args.includes('-a') ? this.files.get(f) ?? '' : '') + input.map((l) => `${l}\n`).join(''));
        return { output: input, status: 0 };
    }
    return undefined;
  }

  private loop(s: Extract<Stmt, { k: 'while' }>): void {
    try {
      for (;;) {
        const t0 = this.t;
        this.run(s.cond, false);
        const go = s.until ? this.status !== 0 : this.status === 0;
        if (!go) break;
        this.run(s.body, false);
        // A loop that takes no time would spin forever within one instant: give each turn a
        // millisecond, which is about what a shell needs to fork its commands.
        if (this.t === t0) this.advance(1);
      }
      this.status = 0;
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
      this.status = 0;
    }
  }

  private command(s: Extract<Stmt, { k: 'cmd' }>, last: boolean): void {
    if (s.pipe) return this.pipeline(s, s.pipe, last);
    let argv = this.expandArgs(s.argv);
    while (argv[0] === 'exec' || argv[0] === 'command' || argv[0] === 'nohup') argv = argv.slice(1);
    const name = (argv[0] ?? '').replace(/^.*\//, '');
    const args = argv.slice(1);
    let output: string[] = [];
    let runsOn = false;
    let status = 0;
    const input = this.stdin;
    this.stdin = undefined;
    const filtered = input !== undefined ? this.filter(name, args, input) : undefined;
    if (filtered) {
      output = filtered.output;
      status = filtered.status;
    } else switch (name) {
      case '':
        break;
      case 'echo': {
        let a = args;
        let newline = true;
        let escapes = false;
        while (a[0] && /^-[neE]+$/.test(a[0])) {
          if (a[0].includes('n')) newline = false;
          if (a[0].includes('e')) escapes = true;
          a = a.slice(1);
        }
        let text = a.join(' ');
        if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
        output = newline || text !== '' ? text.split('\n') : [];
        break;
      }
      case 'printf': {
        const fmt = args[0] ?? '';
        let k = 1;
        const text = fmt.replace(/%[sd]/g, () => args[k++] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
        const parts = text.split('\n');
        if (parts[parts.length - 1] === '') parts.pop();
        output = parts;
        break;
      }
      case 'sleep': {
        const ms = args.reduce((acc, a) => acc + sleepMs(a), 0);
        if (Number.isNaN(ms)) {
          output = [`sleep: invalid number '${args[0] ?? ''}'`];
          status = 1;
          break;
        }
        this.advance(ms);
        break;
      }
      case 'exit':
        throw new ExitSignal(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'break':
        throw BREAK;
      case 'true':
      case ':':
      case 'trap':
      case 'wait':
      case 'set':
      case 'cd':
      case 'export':
      case 'mkdir':
      case 'chmod':
      case 'ulimit':
      case 'sync':
        if (name === 'export') for (const a of args) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
          if (m) this.env.set(m[1]!, m[2]!);
        }
        break;
      case 'false':
        status = 1;
        break;
      case 'date':
        output = [this.dateOut(args)];
        break;
      case 'hostname':
        output = [this.host.hostname];
        break;
      case 'touch':
        for (const a of args) if (!a.startsWith('-') && !this.files.has(a)) this.files.set(a, '');
        break;
      case 'rm':
        for (const a of args) if (!a.startsWith('-')) this.files.delete(a);
        break;
      case 'cat': {
        const files = args.filter((a) => !a.startsWith('-'));
        if (files.length === 0) break; // no stdin: EOF at once
        for (const f of files) {
          const c = this.readFile(f);
          if (c === undefined) {
            output.push(`cat: can't open '${f}': No such file or directory`);
            status = 1;
          } else output.push(...c.replace(/\n$/, '').split('\n'));
        }
        break;
      }
      case 'test':
      case '[': {
        const a = name === '[' ? args.slice(0, -1) : args;
        if ((a[0] === '-f' || a[0] === '-e') && a[1]) status = this.readFile(a[1]) !== undefined ? 0 : 1;
        else if (a.length === 3 && (a[1] === '=' || a[1] === '==')) status = a[0] === a[2] ? 0 : 1;
        else if (a.length === 3 && a[1] === '!=') status = a[0] !== a[2] ? 0 : 1;
        else if (a.length === 3 && ['-lt', '-le', '-gt', '-ge', '-eq', '-ne'].includes(a[1]!)) {
          const x = Number(a[0]);
          const y = Number(a[2]);
          const r = { '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y, '-eq': x === y, '-ne': x !== y }[a[1] as '-lt'];
          status = r ? 0 : 1;
        } else if (a[0] === '-n') status = a[1] ? 0 : 1;
        else if (a[0] === '-z') status = !a[1] ? 0 : 1;
        else status = a.length > 0 && a[0] !== '' ? 0 : 1;
        break;
      }
      case 'seq':
        output = seq(args);
        break;
      case 'env':
      case 'printenv':
        if (name === 'printenv' && args[0]) {
          const v = this.env.get(args[0]);
          if (v === undefined) status = 1;
          else output = [v];
        } else output = [...this.env.entries()].map(([k, v]) => `${k}=${v}`);
        break;
      case 'tail':
        if (args.includes('-f') || args.includes('-F')) this.advance(Infinity);
        break;
      case 'sh':
      case 'bash':
      case 'ash':
      case 'dash': {
        const ci = args.indexOf('-c');
        if (ci >= 0 && args[ci + 1] !== undefined) {
          const inner = parseScript(args[ci + 1]!);
          this.run(inner, last);
          status = this.status;
        }
        break;
      }
      default: {
        const r = this.host.external(argv, last, this.t);
        if (r.kind === 'serve') this.advance(Infinity);
        else if (r.kind === 'wait') throw STOP;
        else {
          if (r.ms) this.advance(r.ms);
          output = r.out ?? [];
          status = r.status;
          runsOn = !!r.runsOn;
        }
      }
    }
    if (s.redirect) {
      const path = this.expandWord(s.redirect.path).join(' ');
      if (path !== '/dev/stdout' && path !== '/dev/stderr' && path !== '/proc/1/fd/1' && path !== '/proc/1/fd/2') {
        if (path !== '/dev/null') {
          const prev = s.redirect.append ? this.files.get(path) ?? '' : '';
          this.files.set(path, prev + output.map((l) => l + '\n').join(''));
        }
        output = [];
      }
    }
    for (const l of output) this.out(l);
    this.status = status;
    if (runsOn) this.advance(Infinity);
  }
}

function seq(args: string[]): string[] {
  const nums = args.map(Number);
  let [first, step, lastN] = [1, 1, 0];
  if (nums.length === 1) lastN = nums[0]!;
  else if (nums.length === 2) [first, lastN] = [nums[0]!, nums[1]!];
  else [first, step, lastN] = [nums[0]!, nums[1]!, nums[2]!];
  const out: string[] = [];
  for (let x = first; step > 0 ? x <= lastN : x >= lastN; x += step) {
    out.push(String(x));
    if (out.length > 100_000) break;
  }
  return out;
}

/** Integer arithmetic as $(( )) does it: + - * / % and parentheses. */
function evalArith(src: string): number {
  let i = 0;
  const s = src.replace(/\s+/g, '');
  const num = (): number => {
    if (s[i] === '(') {
      i++;
      const v = expr();
      i++;
      return v;
    }
    if (s[i] === '-') {
      i++;
      return -num();
    }
    const m = /^[0-9]+/.exec(s.slice(i));
    if (!m) return 0;
    i += m[0].length;
    return Number(m[0]);
  };
  const term = (): number => {
    let v = num();
    while (s[i] === '*' || s[i] === '/' || s[i] === '%') {
      const op = s[i++];
      const r = num();
      v = op === '*' ? v * r : r === 0 ? 0 : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const expr = (): number => {
    let v = term();
    while (s[i] === '+' || s[i] === '-') {
      const op = s[i++];
      const r = term();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  return expr();
}

/**
 * Runs a script from the container's start up to `horizonMs`. Output lines carry their time; the
 * result says whether the script exited (and when, with what status) or went on forever.
 */
export function runScript(stmts: Stmt[], env: Record<string, string>, host: ShellHost, opts: RunOptions): RunResult {
  const r = new Runner(host, new Map(Object.entries(env)), opts);
  let exit: RunResult['exit'];
  try {
    const code = r.run(stmts, true);
    exit = { at: r.t, code };
  } catch (e) {
    if (e instanceof ExitSignal) exit = { at: r.t, code: e.code };
    else if (e instanceof BreakSignal) exit = { at: r.t, code: 0 };
    else if (!(e instanceof Stop) && !(e instanceof ForeverSignal)) throw e;
  }
  return { exit, forever: r.forever, foreverFrom: r.foreverFrom, lines: r.lines, files: r.files, steps: r.steps };
}
