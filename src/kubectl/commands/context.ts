/** What every command gets: the kubectl context, the parsed namespace, and the output streams. */
import type { Client } from '../../sim/client/types';
import { formatErrors } from '../errors';
import type { KubectlFollow } from '../follow';
import type { EditBuffer } from './edit';
import type { Kubeconfig } from '../kubeconfig';

export interface KubectlContext {
  client: Client;
  /** Virtual milliseconds now (timestamps on objects are RFC 3339, counted from SIM_EPOCH_MS). */
  nowMs: () => number;
  /** The namespace commands default to; `default` when unset. */
  namespace?: string;
  /** What `-f -` reads. */
  stdin?: string;
  /**
   * Runs `fn` as the continuation of a request already made (a followed log's stream reads on): the API
   * server answers it without recording a new request. Absent: `fn` runs as is.
   */
  streamed?: <T>(fn: () => T) => T;
  /** The scenario's file area (relative path → content), what `-f PATH` reads. */
  files?: ReadonlyMap<string, string>;
  /**
   * Writes a file of that area, as a shell's `> FILE` (`append`: `>> FILE`); returns why it cannot, in
   * the system's words (`Is a directory`). Absent: the area cannot be written.
   */
  writeFile?: (path: string, content: string, append: boolean) => string | undefined;
  /** There is an editor (the app's): `kubectl edit` hands it the buffer instead of failing to start vi. */
  editor?: boolean;
  /**
   * The kubeconfig of this kubectl (its contexts and users); `config` commands read and change it.
   * With it, each command runs as the user of its context (`clientFor`) in the context's namespace.
   */
  kubeconfig?: Kubeconfig;
  /**
   * A client that authenticates as the kubeconfig user of that name (its certificate's CN). Absent (an
   * observer's kubectl), commands keep `client` and namespace whatever the context says.
   */
  clientFor?: (user: string) => Client;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Set when the command keeps running (get -w, rollout status, wait, logs -f): poll it as time passes. */
  follow?: KubectlFollow;
  /** `kubectl edit` with an editor: the buffer to open (saving it is `editSaved`). */
  edit?: EditBuffer;
}

export class CommandIO {
  private outBuf: string[] = [];
  private errBuf: string[] = [];
  exitCode = 0;
  /** A command that keeps running sets this; its first output is already in out/err. */
  follow?: KubectlFollow;
  /** `kubectl edit` sets this: the buffer for the editor. */
  edit?: EditBuffer;
  /** The context the command runs in; set again once the kubeconfig and global flags are read (client, namespace). */
  constructor(public ctx: KubectlContext) {}
  out(s: string): void {
    this.outBuf.push(s);
  }
  err(s: string): void {
    this.errBuf.push(s);
  }
  /** What the command has printed on stdout so far. */
  printed(): string {
    return this.outBuf.join('');
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
    const exitCode = this.exitCode !== 0 ? this.exitCode : this.errors.length > 0 ? 1 : 0;
    // A command that failed after starting to follow does not keep running.
    if (this.follow && exitCode !== 0) this.follow.stop();
    return { stdout: this.outBuf.join(''), stderr: this.errBuf.join('') + errText, exitCode, ...(this.follow && exitCode === 0 ? { follow: this.follow } : {}), ...(this.edit && exitCode === 0 ? { edit: this.edit } : {}) };
  }
}
