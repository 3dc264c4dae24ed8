/**
 * Commands that keep running (`get -w`, `rollout status`, `wait`, `events -w`, `logs -f`) hand back a
 * follow: their caller polls it each time virtual time has moved, and prints what it returns.
 *
 * A follow reads the cluster through watches, whose events arrive on the virtual clock; it formats each
 * one as it arrives (so a line's ages are those of its moment) and keeps the text until the next poll.
 * What it prints therefore does not depend on how often it is polled.
 */

/** What a command that keeps running (get -w, rollout status, wait, events -w, logs -f) hands back. */
export interface KubectlFollow {
  /** Called after virtual time moved (and once right away): what it printed since the last call. */
  poll(): { stdout: string; stderr: string; done: boolean; exitCode: number };
  /** Ctrl+C: the command ends now; no more output (a poll after it returns what was printed before, and done). */
  stop(): void;
}

/** The exit status of a command ended by Ctrl+C (128 + SIGINT), as a shell reports it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * The buffer a following command writes into. `check` runs at each poll before the buffer is read
 * (a deadline the command measures against the clock); `onStop` releases the command's watches.
 */
export class FollowStream implements KubectlFollow {
  private out: string[] = [];
  private err: string[] = [];
  private ended = false;
  private code = 0;
  private cleanups: (() => void)[] = [];
  /** Set while the command may still print. */
  get running(): boolean {
    return !this.ended;
  }

  constructor(private readonly check?: () => void) {}

  write(s: string): void {
    if (!this.ended) this.out.push(s);
  }

  writeErr(s: string): void {
    if (!this.ended) this.err.push(s);
  }

  /** The command finished by itself (success, timeout, error): its watches stop, its status is kept. */
  end(exitCode = 0): void {
    if (this.ended) return;
    this.ended = true;
    this.code = exitCode;
    this.release();
  }

  /** Runs `fn` when the command ends, however it ends. */
  onEnd(fn: () => void): void {
    if (this.ended) fn();
    else this.cleanups.push(fn);
  }

  poll(): { stdout: string; stderr: string; done: boolean; exitCode: number } {
    if (!this.ended) this.check?.();
    const r = { stdout: this.out.join(''), stderr: this.err.join(''), done: this.ended, exitCode: this.code };
    this.out = [];
    this.err = [];
    return r;
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.code = INTERRUPTED_EXIT_CODE;
    // What it printed before Ctrl+C is still read by the last poll; nothing after it is.
    this.release();
  }

  private release(): void {
    for (const fn of this.cleanups.splice(0)) fn();
  }
}

/** A command's result with its follow's first poll folded in: what to print at once, and whether it runs on. */
export function startFollow(r: { stdout: string; stderr: string; exitCode: number; follow?: KubectlFollow }): { stdout: string; stderr: string; exitCode: number; follow?: KubectlFollow } {
  if (!r.follow) return r;
  const p = r.follow.poll();
  const out = { stdout: r.stdout + p.stdout, stderr: r.stderr + p.stderr };
  return p.done ? { ...out, exitCode: p.exitCode } : { ...out, exitCode: 0, follow: r.follow };
}

/** Where a following command prints: into its result while it runs at once, into its follow afterwards. */
export interface FollowIO {
  out(s: string): void;
  err(s: string): void;
  exitCode: number;
  follow?: KubectlFollow;
}

/**
 * A following command's output: what it prints while the command line runs goes into the command's
 * own result (so a caller that never polls sees it, and a command that ends at once has no follow);
 * once `detach` is called, the rest goes into the follow the result carries.
 */
export class FollowSink {
  private live = false;
  private finished = false;
  readonly stream: FollowStream;

  constructor(
    private readonly io: FollowIO,
    check?: (sink: FollowSink) => void,
  ) {
    this.stream = new FollowStream(check ? () => check(this) : undefined);
  }

  get running(): boolean {
    return !this.finished;
  }

  write(s: string): void {
    if (this.finished) return;
    if (this.live) this.stream.write(s);
    else this.io.out(s);
  }

  writeErr(s: string): void {
    if (this.finished) return;
    if (this.live) this.stream.writeErr(s);
    else this.io.err(s);
  }

  end(exitCode = 0): void {
    if (this.finished) return;
    this.finished = true;
    if (this.live) this.stream.end(exitCode);
    else {
      if (exitCode !== 0) this.io.exitCode = exitCode;
      this.stream.end(exitCode);
    }
  }

  /** The command line is done; a command still running hands its follow to the result. */
  detach(): void {
    if (this.finished) return;
    this.live = true;
    this.io.follow = this.stream;
  }
}
