/**
 * The kubectl commands still running in the terminal (get -w, rollout status, wait, logs -f): polled
 * after each clock advance, their new output posted as `kubectlMore` until they end.
 */
import type { KubectlFollow } from '../kubectl/follow';
import { INTERRUPTED_EXIT_CODE } from '../kubectl/follow';
import type { ActionResult } from '../scenario/runner';
import type { FromWorker } from './protocol';

export class RunningCommands {
  private readonly running = new Map<number, KubectlFollow>();

  constructor(private readonly post: (m: FromWorker) => void) {}

  get size(): number {
    return this.running.size;
  }

  add(id: number, follow: KubectlFollow): void {
    this.running.set(id, follow);
  }

  /**
   * A recorded action that keeps running: the run grows its result (ScenarioRun.pollFollowing), and
   * this reads what was added; `stop` ends it through the run.
   */
  addAction(id: number, result: ActionResult, stop: () => void): void {
    let sentOut = result.stdout.length;
    let sentErr = result.stderr.length;
    this.add(id, {
      poll: () => {
        const r = { stdout: result.stdout.slice(sentOut), stderr: result.stderr.slice(sentErr), done: result.following !== true, exitCode: result.exitCode };
        sentOut = result.stdout.length;
        sentErr = result.stderr.length;
        return r;
      },
      stop,
    });
  }

  /** Posts what each printed since the last poll (nothing when nothing is new), and the end of those that ended. */
  pollAll(): void {
    for (const [id, follow] of [...this.running]) {
      const p = follow.poll();
      if (p.done) this.running.delete(id);
      if (p.stdout || p.stderr || p.done) this.post({ type: 'kubectlMore', id, stdout: p.stdout, stderr: p.stderr, done: p.done, exitCode: p.exitCode });
    }
  }

  /** Ctrl+C: the command ends; its last words and `done` (exit 130) are posted. Unknown ids are answered the same. */
  stop(id: number): void {
    const follow = this.running.get(id);
    this.running.delete(id);
    follow?.stop();
    const p = follow?.poll();
    this.post({ type: 'kubectlMore', id, stdout: p?.stdout ?? '', stderr: p?.stderr ?? '', done: true, exitCode: INTERRUPTED_EXIT_CODE });
  }

  /** The cluster they read is gone (a load, reset, seek): each ends as if interrupted. */
  endAll(): void {
    for (const id of [...this.running.keys()]) this.stop(id);
  }
}
