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
