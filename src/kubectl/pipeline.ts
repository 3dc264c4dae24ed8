/**
 * A terminal line as a shell runs it: `kubectl …` first, then on each unquoted `|` a text filter
 * (grep, head, tail, wc, sort, as GNU's behave) reading what the stage before printed on stdout.
 * Standard error goes straight to the screen, as in a shell; the line's exit status is the last
 * stage's. A command that keeps running (get -w, logs -f) streams through filters that pass lines on
 * as they come (grep, head); the others (tail, sort, wc) print when it ends, and nothing on Ctrl+C.
 * Pipelines join with `;`, `&&` and `||` as in bash; `> FILE`, `>> FILE`, `2> FILE` write into the
 * scenario's file area and `< FILE` reads from it.
 */
import { FILTER_NAMES, runFilter, type FilterResult } from '../sim/node/coreutils';
import type { KubectlFollow } from './follow';
import { runKubectl, type KubectlContext, type KubectlResult } from './kubectl';
import { ShellParseError, splitCommandLine } from './shell';
import { parseShellLine, ShellSyntaxError, type ListItem, type Redirect, type StageText } from './shellSyntax';
import { StreamPipe } from './streamStages';

export { FILTER_NAMES };

/** The line cut at each `|` outside quotes (a backslash escapes it too). */
export function splitPipeline(line: string): string[] {
  const stages: string[] = [];
  let cur = '';
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i]!;
      continue;
    } else if (quote === '"') {
      if (c === '"') quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '|') {
      stages.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  stages.push(cur);
  return stages;
}

export interface Stage {
  name: string;
  args: string[];
}

/** The shell's complaint about a line it cannot run, with bash's words and status. */
function shellError(message: string, exitCode: number): KubectlResult {
  return { stdout: '', stderr: `bash: ${message}\n`, exitCode };
}

export function runCommandLine(line: string, ctx: KubectlContext): KubectlResult {
  let items: ListItem[];
  try {
    items = parseShellLine(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return shellError(e.message, 2);
    throw e;
  }
  if (items.length === 0) return runKubectl(line, ctx);
  return runList(items, 0, ctx, 0);
}

/** Runs the list's pipelines from `index` on, as bash does: `&&` after a success, `||` after a failure, `;` always. */
function runList(items: readonly ListItem[], index: number, ctx: KubectlContext, lastStatus: number): KubectlResult {
  let stdout = '';
  let stderr = '';
  let status = lastStatus;
  let edit: KubectlResult['edit'];
  for (let i = index; i < items.length; i++) {
    const item = items[i]!;
    if ((item.op === '&&' && status !== 0) || (item.op === '||' && status === 0)) continue;
    const r = runPipeline(item.stages, ctx);
    stdout += r.stdout;
    stderr += r.stderr;
    status = r.exitCode;
    edit = r.edit ?? edit;
    if (r.follow) {
      // The rest of the list runs when this pipeline ends (and not at all on Ctrl+C).
      const rest = i + 1;
      return { stdout, stderr, exitCode: 0, follow: chain(r.follow, (st) => (rest < items.length ? runList(items, rest, ctx, st) : undefined)) };
    }
  }
  return { stdout, stderr, exitCode: status, ...(edit ? { edit } : {}) };
}

/** A follow whose end starts what comes after it in the list (whose own follow carries the rest). */
function chain(first: KubectlFollow, after: (status: number) => KubectlResult | undefined): KubectlFollow {
  let current = first;
  let handedOn = false;
  return {
    poll() {
      const p = current.poll();
      if (!p.done || handedOn || p.exitCode === 130) return p;
      handedOn = true;
      const next = after(p.exitCode);
      if (!next) return p;
      const joined = { stdout: p.stdout + next.stdout, stderr: p.stderr + next.stderr };
      if (!next.follow) return { ...joined, done: true, exitCode: next.exitCode };
      current = next.follow;
      return { ...joined, done: false, exitCode: 0 };
    },
    stop() {
      current.stop();
    },
  };
}

/** `./x` and `x` are one file of the area. */
const cleanPath = (p: string): string => p.replace(/^(\.\/)+/, '');

/** What a redirection's file holds, or bash's complaint. */
function readRedirect(r: Redirect, ctx: KubectlContext): { content: string } | { error: string } {
  if (r.target === '/dev/null') return { content: '' };
  const content = ctx.files?.get(cleanPath(r.target));
  return content === undefined ? { error: `${r.target}: No such file or directory` } : { content };
}

/** Writes a stream's text to a redirection's file; bash's complaint when it cannot. */
function writeRedirect(r: Redirect, text: string, ctx: KubectlContext, append = r.append): string | undefined {
  if (r.target === '/dev/null') return undefined;
  if (!ctx.writeFile) return `${r.target}: Read-only file system`;
  const why = ctx.writeFile(cleanPath(r.target), text, append);
  return why === undefined ? undefined : `${r.target}: ${why}`;
}

/** Where a stage's stdout and stderr go: on down the pipe (or the screen), or into files. */
interface Routing {
  stdin?: string;
  out?: Redirect;
  err?: Redirect;
  /** `2>&1`: stderr goes where stdout goes. */
  errToOut: boolean;
  outToErr: boolean;
}

/** Reads the stage's redirections in order, as bash applies them; a file it cannot open ends the stage. */
function route(stage: StageText, ctx: KubectlContext): Routing | { error: string } {
  const r: Routing = { errToOut: false, outToErr: false };
  for (const red of stage.redirects) {
    if (red.fd === 0) {
      const got = readRedirect(red, ctx);
      if ('error' in got) return got;
      r.stdin = got.content;
    } else if (red.target === '&1' || red.target === '&2') {
      if (red.fd === 2 && red.target === '&1') {
        r.err = r.out;
        r.errToOut = r.out === undefined;
      } else if (red.fd === 1 && red.target === '&2') {
        r.out = r.err;
        r.outToErr = r.err === undefined;
      }
    } else {
      // Opening for writing truncates at once, as bash does before the command runs.
      if (!red.append) {
        const why = writeRedirect(red, '', ctx);
        if (why) return { error: why };
      }
      const opened = { ...red, append: true };
      if (red.fd === 1 || red.fd === 'both') r.out = opened;
      if (red.fd === 2 || red.fd === 'both') r.err = opened;
      if (red.fd === 'both') r.errToOut = false;
    }
  }
  return r;
}

/** Sends a stage's output where its routing says; returns what goes on down the pipe and to the screen's stderr. */
function deliver(routing: Routing, stdout: string, stderr: string, ctx: KubectlContext): { stdout: string; stderr: string } {
  let pipe = '';
  let screenErr = '';
  const send = (text: string, to: Redirect | undefined, toOther: boolean, isOut: boolean): void => {
    if (text === '') return;
    if (to) {
      const why = writeRedirect(to, text, ctx);
      if (why) screenErr += `bash: ${why}\n`;
    } else if (toOther ? !isOut : isOut) pipe += text;
    else screenErr += text;
  };
  send(stdout, routing.out, routing.outToErr, true);
  send(stderr, routing.err, routing.errToOut, false);
  return { stdout: pipe, stderr: screenErr };
}

function runPipeline(stageTexts: readonly StageText[], ctx: KubectlContext): KubectlResult {
  const routings: Routing[] = [];
  const stages: Stage[] = [];
  for (const [i, st] of stageTexts.entries()) {
    let words: string[];
    try {
      words = splitCommandLine(st.text);
    } catch (e) {
      if (e instanceof ShellParseError) return { stdout: '', stderr: `error: ${e.message}\n`, exitCode: 1 };
      throw e;
    }
    if (i > 0) {
      const name = words[0];
      if (name !== undefined && !FILTER_NAMES.includes(name)) return shellError(`${name}: command not found`, 127);
      stages.push({ name: name ?? '', args: words.slice(1) });
    }
  }
  for (const st of stageTexts) {
    const r = route(st, ctx);
    if ('error' in r) return shellError(r.error, 1);
    routings.push(r);
  }
  const firstText = stageTexts[0]!.text;
  // A stage of redirections alone (`> f`) runs nothing: the files are opened, and that is all.
  const first: KubectlResult = firstText.trim() === '' ? { stdout: '', stderr: '', exitCode: 0 } : runKubectl(firstText, routings[0]!.stdin !== undefined ? { ...ctx, stdin: routings[0]!.stdin } : ctx);
  const head = deliver(routings[0]!, first.stdout, first.stderr, ctx);
  if (first.follow) {
    const inner = routedFollow(first.follow, routings[0]!, ctx);
    return followThrough({ stdout: head.stdout, stderr: head.stderr, exitCode: 0 }, inner, stages, routings.slice(1), ctx);
  }
  let input = head.stdout;
  let stderr = head.stderr;
  let status = first.exitCode;
  for (const [i, s] of stages.entries()) {
    const routing = routings[i + 1]!;
    const r: FilterResult = s.name === '' ? { stdout: '', stderr: '', status: 0 } : runFilter(s.name, s.args, routing.stdin ?? input)!;
    const d = deliver(routing, r.stdout, r.stderr, ctx);
    input = d.stdout;
    stderr += d.stderr;
    status = r.status;
  }
  // `kubectl edit` hands its buffer to the app's editor along with what it printed.
  return { stdout: input, stderr, exitCode: status, ...(first.edit ? { edit: first.edit } : {}) };
}

/** The first command's follow with its own redirections applied to each poll's output. */
function routedFollow(inner: KubectlFollow, routing: Routing, ctx: KubectlContext): KubectlFollow {
  if (!routing.out && !routing.err && !routing.outToErr && !routing.errToOut) return inner;
  return {
    poll() {
      const p = inner.poll();
      const d = deliver(routing, p.stdout, p.stderr, ctx);
      return { ...p, stdout: d.stdout, stderr: d.stderr };
    },
    stop: () => inner.stop(),
  };
}

/**
 * A following first stage seen through the filters: each poll's new lines pass through once
 * (StreamPipe); filters that print at the end print when the command ends by itself. When a head in
 * the pipe has printed its lines, the command ends at its next write, as SIGPIPE ends it in a shell;
 * the line's status is then the last filter's.
 */
export function followThrough(first: KubectlResult, inner: KubectlFollow, stages: readonly Stage[], routings: readonly Routing[] = [], ctx?: KubectlContext): KubectlResult {
  const routed = (out: string, err: string): { stdout: string; stderr: string } => {
    const last = routings.at(-1);
    return last && ctx ? deliver(last, out, err, ctx) : { stdout: out, stderr: err };
  };
  if (stages.length === 0) return { ...first, follow: inner };
  // A filter that cannot start (a bad option) ends the line: the command's next write would find no reader.
  let probe = '';
  let probeStatus = 0;
  let probeOut = first.stdout;
  for (const s of stages) {
    const r = runFilter(s.name, s.args, probeOut)!;
    probe += r.stderr;
    probeStatus = r.status;
    probeOut = r.stdout;
    if (r.stderr !== '' && r.status > 1) {
      inner.stop();
      return { stdout: '', stderr: first.stderr + probe, exitCode: r.status };
    }
  }
  const pipe = new StreamPipe(stages);
  let ending = pipe.closed;
  const initial = routed(pipe.push(first.stdout), '');
  let closedOut: string | undefined;
  const close = (): { stdout: string; stderr: string; status: number } => pipe.end();
  if (pipe.closed) {
    const e = close();
    const r = routed(e.stdout, e.stderr);
    closedOut = r.stdout;
    initial.stderr += r.stderr;
    ending = true;
    probeStatus = e.status;
  }
  const follow: KubectlFollow = {
    poll() {
      const p = inner.poll();
      if (ending) {
        // head has exited: the command's next write (or its end) ends the line with the last filter's status.
        if (p.stdout === '' && !p.done) return { stdout: '', stderr: p.stderr, done: false, exitCode: 0 };
        if (!p.done) inner.stop();
        return { stdout: '', stderr: p.stderr, done: true, exitCode: p.exitCode === 130 && p.stdout === '' ? 130 : probeStatus };
      }
      const out = routed(pipe.push(p.stdout), '');
      if (!p.done) {
        if (!pipe.closed) return { stdout: out.stdout, stderr: p.stderr + out.stderr, done: false, exitCode: 0 };
        const e = close();
        const r = routed(e.stdout, e.stderr);
        ending = true;
        probeStatus = e.status;
        return { stdout: out.stdout + r.stdout, stderr: p.stderr + out.stderr + r.stderr, done: false, exitCode: 0 };
      }
      // Ctrl+C ends every stage at once: a filter that prints at its end never gets there.
      if (p.exitCode === 130) return { stdout: out.stdout, stderr: p.stderr + out.stderr, done: true, exitCode: p.exitCode };
      const e = close();
      const r = routed(e.stdout, e.stderr);
      return { stdout: out.stdout + r.stdout, stderr: p.stderr + out.stderr + r.stderr, done: true, exitCode: e.status };
    },
    stop() {
      inner.stop();
    },
  };
  return { stdout: initial.stdout + (closedOut ?? ''), stderr: first.stderr + initial.stderr, exitCode: 0, follow };
}
