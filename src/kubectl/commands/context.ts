/** What every command gets: the kubectl context, the parsed namespace, and the output streams. */
import type { Client } from '../../sim/client/types';
import { formatErrors } from '../errors';

export interface KubectlContext {
  client: Client;
  /** Virtual milliseconds now (timestamps on objects are RFC 3339, counted from SIM_EPOCH_MS). */
  nowMs: () => number;
  /** The namespace commands default to; `default` when unset. */
  namespace?: string;
  /** What `-f -` reads. */
  stdin?: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class CommandIO {
  private outBuf: string[] = [];
  private errBuf: string[] = [];
  exitCode = 0;
  constructor(readonly ctx: KubectlContext) {}
  out(s: string): void {
    this.outBuf.push(s);
  }
  err(s: string): void {
    this.errBuf.push(s);
  }
  private errors: unknown[] = [];
  private seen = new Set<string>();
  /** An error that does not stop the command; kubectl prints the collected errors at the end and exits 1. Repeats are dropped. */
  fail(e: unknown): void {
    const key = e instanceof Error ? `${e.name}:${e.message}` : String(e);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(e);
  }
  hasErrors(): boolean {
    return this.errors.length > 0;
  }
  result(): KubectlResult {
    const errText = formatErrors(this.errors);
    return { stdout: this.outBuf.join(''), stderr: this.errBuf.join('') + errText, exitCode: this.exitCode !== 0 ? this.exitCode : this.errors.length > 0 ? 1 : 0 };
  }
}
