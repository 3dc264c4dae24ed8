/**
 * The filters of a pipe behind a command that keeps running, fed as the command prints. Each stage
 * reads complete lines only (a partial last line waits for its newline or the end). A filter whose
 * output for a line depends on that line alone (grep without -n/-m/-A/-B/-C/-b) or on a count
 * (`head -n N`) sees each line once, so a long follow costs what its new lines cost. Other streaming
 * filters re-read their whole input; tail, sort and wc read everything once, at the end.
 */
import { runFilter, streams } from '../sim/node/coreutils';

export interface StageSpec {
  name: string;
  args: string[];
}

interface StageRunner {
  /** Complete lines in; what the filter prints for them now. */
  feed(text: string): string;
  /** End of input: what is left to print, the filter's stderr and exit status. */
  finish(): { stdout: string; stderr: string; status: number };
  /** head has printed all its lines: it has exited, and the writer before it dies on its next write. */
  readonly satisfied: boolean;
}

/** grep's options after which one line's output no longer depends on that line alone. */
const GREP_STATEFUL = /^-[a-zA-Z]*[nmABCb]|^--(line-number|max-count|after-context|before-context|context|byte-offset)/;

/** `head -N`, `head -n N`, `head -nN`, `head --lines=N`: the count, else undefined. */
function headCount(args: readonly string[]): number | undefined {
  const joined = args.join(' ');
  const m = /^(?:-(\d+)|-n ?(\d+)|--lines=(\d+))$/.exec(joined);
  const v = m?.[1] ?? m?.[2] ?? m?.[3];
  return v === undefined ? undefined : Number(v);
}

function lineLocalGrep(args: readonly string[]): StageRunner {
  let selected = false;
  return {
    satisfied: false,
    feed(text) {
      if (text === '') return '';
      const r = runFilter('grep', args, text)!;
      if (r.status === 0) selected = true;
      return r.stdout;
    },
    finish: () => ({ stdout: '', stderr: '', status: selected ? 0 : 1 }),
  };
}

function countedHead(count: number): StageRunner {
  let left = count;
  return {
    get satisfied() {
      return left === 0;
    },
    feed(text) {
      if (left === 0 || text === '') return '';
      const lines = text.split(/(?<=\n)/);
      const taken = lines.slice(0, left);
      left -= taken.length;
      return taken.join('');
    },
    finish: () => ({ stdout: '', stderr: '', status: 0 }),
  };
}

/** A streaming filter with state across lines: it re-reads its whole input, printing what is new. */
function rereading(spec: StageSpec): StageRunner {
  let input = '';
  let emitted = '';
  const add = (out: string): string => {
    const fresh = out.startsWith(emitted) ? out.slice(emitted.length) : '';
    emitted = out;
    return fresh;
  };
  return {
    satisfied: false,
    feed(text) {
      if (text === '') return '';
      input += text;
      return add(runFilter(spec.name, spec.args, input)!.stdout);
    },
    finish() {
      const r = runFilter(spec.name, spec.args, input)!;
      return { stdout: add(r.stdout), stderr: r.stderr, status: r.status };
    },
  };
}

/** A filter that prints only at the end of its input. */
function buffered(spec: StageSpec): StageRunner {
  const parts: string[] = [];
  return {
    satisfied: false,
    feed(text) {
      if (text !== '') parts.push(text);
      return '';
    },
    finish() {
      const r = runFilter(spec.name, spec.args, parts.join(''))!;
      return { stdout: r.stdout, stderr: r.stderr, status: r.status };
    },
  };
}

function runnerFor(spec: StageSpec): StageRunner {
  if (!streams(spec.name, spec.args)) return buffered(spec);
  if (spec.name === 'head') {
    const n = headCount(spec.args);
    return n === undefined ? rereading(spec) : countedHead(n);
  }
  if (spec.name === 'grep' && !spec.args.some((a) => GREP_STATEFUL.test(a))) return lineLocalGrep(spec.args);
  return rereading(spec);
}

/** The filters of one pipe, fed chunk by chunk as the first command prints. */
export class StreamPipe {
  private readonly runners: StageRunner[];
  private partial = '';

  constructor(stages: readonly StageSpec[]) {
    this.runners = stages.map(runnerFor);
  }

  /** Passes the command's new output through; returns what the last filter prints now. */
  push(chunk: string): string {
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n') + 1;
    this.partial = text.slice(cut);
    return this.through(0, text.slice(0, cut));
  }

  /** Whether a head in the pipe has exited (nothing more can come out of it). */
  get closed(): boolean {
    return this.runners.some((r) => r.satisfied);
  }

  /** The command's output ended: every filter reads its end of input in turn. */
  end(): { stdout: string; stderr: string; status: number } {
    let carry = this.partial;
    this.partial = '';
    let stderr = '';
    let status = 0;
    for (const r of this.runners) {
      const fed = r.feed(carry);
      const fin = r.finish();
      carry = fed + fin.stdout;
      stderr += fin.stderr;
      status = fin.status;
    }
    return { stdout: carry, stderr, status };
  }

  private through(from: number, text: string): string {
    let carry = text;
    for (let i = from; i < this.runners.length; i++) carry = this.runners[i]!.feed(carry);
    return carry;
  }
}
