/**
 * A terminal line as a shell runs it: `kubectl …` first, then on each unquoted `|` a text filter
 * (grep, head, tail, wc, sort, as GNU's behave) reading what the stage before printed on stdout.
 * Standard error goes straight to the screen, as in a shell; the line's exit status is the last
 * stage's. A command that keeps running (get -w, logs -f) streams through filters that pass lines on
 * as they come (grep, head); the others (tail, sort, wc) print when it ends, and nothing on Ctrl+C.
 */
import { FILTER_NAMES, runFilter, streams, type FilterResult } from '../sim/node/coreutils';
import type { KubectlFollow } from './follow';
import { runKubectl, type KubectlContext, type KubectlResult } from './kubectl';
import { ShellParseError, splitCommandLine } from './shell';

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

/** Runs the filters over the first stage's output: the last one's stdout and status, everyone's stderr. */
function runStages(stages: readonly Stage[], input: string): FilterResult {
  let stdout = input;
  let stderr = '';
  let status = 0;
  for (const s of stages) {
    const r = runFilter(s.name, s.args, stdout)!;
    stdout = r.stdout;
    stderr += r.stderr;
    status = r.status;
  }
  return { stdout, stderr, status };
}

/** The shell's complaint about a line it cannot run, with bash's words and status. */
function shellError(message: string, exitCode: number): KubectlResult {
  return { stdout: '', stderr: `bash: ${message}\n`, exitCode };
}

export function runCommandLine(line: string, ctx: KubectlContext): KubectlResult {
  const parts = splitPipeline(line);
  if (parts.length === 1) return runKubectl(line, ctx);
  if (parts.some((p) => p.trim() === '')) return shellError("syntax error near unexpected token `|'", 2);
  const stages: Stage[] = [];
  for (const part of parts.slice(1)) {
    let words: string[];
    try {
      words = splitCommandLine(part);
    } catch (e) {
      if (e instanceof ShellParseError) return { stdout: '', stderr: `error: ${e.message}\n`, exitCode: 1 };
      throw e;
    }
    const name = words[0]!;
    if (!FILTER_NAMES.includes(name)) return shellError(`${name}: command not found`, 127);
    stages.push({ name, args: words.slice(1) });
  }
  const first = runKubectl(parts[0]!, ctx);
  if (!first.follow) {
    const r = runStages(stages, first.stdout);
    return { stdout: r.stdout, stderr: first.stderr + r.stderr, exitCode: r.status };
  }
  return followThrough(first, first.follow, stages);
}

/**
 * A following first stage seen through the filters: what they would have printed so far is re-read
 * over everything the command printed, and only what is new passes on.
 */
export function followThrough(first: KubectlResult, inner: KubectlFollow, stages: readonly Stage[]): KubectlResult {
  const streaming = stages.every((s) => streams(s.name, s.args));
  let acc = first.stdout;
  let emitted = '';
  const start = runStages(stages, acc);
  // A filter that cannot start (a bad option) ends the line: the command's next write would find no reader.
  if (start.stderr !== '' && start.status > 1) {
    inner.stop();
    return { stdout: '', stderr: first.stderr + start.stderr, exitCode: start.status };
  }
  const fresh = (): string => {
    const out = runStages(stages, acc).stdout;
    const add = out.startsWith(emitted) ? out.slice(emitted.length) : '';
    emitted = out;
    return add;
  };
  const initial = streaming ? fresh() : '';
  const follow: KubectlFollow = {
    poll() {
      const p = inner.poll();
      acc += p.stdout;
      if (!p.done) return { stdout: streaming ? fresh() : '', stderr: p.stderr, done: false, exitCode: 0 };
      // Ctrl+C ends every stage at once: a filter that prints at its end never gets there.
      const stopped = p.exitCode === 130;
      if (stopped) return { stdout: streaming ? fresh() : '', stderr: p.stderr, done: true, exitCode: p.exitCode };
      const end = runStages(stages, acc);
      const add = end.stdout.startsWith(emitted) ? end.stdout.slice(emitted.length) : end.stdout;
      emitted = end.stdout;
      return { stdout: add, stderr: p.stderr + end.stderr, done: true, exitCode: end.status };
    },
    stop() {
      inner.stop();
    },
  };
  return { stdout: initial, stderr: first.stderr, exitCode: 0, follow };
}
