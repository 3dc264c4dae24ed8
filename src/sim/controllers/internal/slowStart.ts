/**
 * slowStartBatch (pkg/controller/replicaset): `count` calls in batches of 1, 2, 4, …; a batch with a
 * failure is finished and then nothing more is tried. Controllers create pods this way so that a
 * template that cannot work fails once, not five hundred times.
 *
 * On a rate-limited client (kube-controller-manager's 20 QPS, burst 30) a real batch blocks in the
 * client until each request's token is there. Here a request runs at once, so the batch runs while the
 * limiter has tokens and then continues on the clock at the instant the blocked request would have
 * gone out: pods appear at the pace a real controller manager creates them.
 */
import type { Clock } from '../../clock';
import type { ClientRateLimiter } from '../../client/ratelimit';

export interface BatchOutcome {
  successes: number;
  /** The first failure, which ended the batch. */
  error?: unknown;
}

export class SlowStartBatch {
  private remaining: number;
  private size: number;
  private doneInBatch = 0;
  private successes = 0;
  private failed = false;
  private error: unknown;

  constructor(count: number, initialBatchSize: number, private readonly fn: () => void) {
    this.remaining = count;
    this.size = Math.min(count, initialBatchSize);
  }

  /** Makes calls while `ready()` allows; the outcome once every call is made, else undefined. */
  run(ready: () => boolean): BatchOutcome | undefined {
    for (;;) {
      if (this.size <= 0) return { successes: this.successes };
      if (this.doneInBatch === this.size) {
        if (this.failed) return { successes: this.successes, error: this.error };
        this.remaining -= this.size;
        this.size = Math.min(2 * this.size, this.remaining);
        this.doneInBatch = 0;
        continue;
      }
      if (!ready()) return undefined;
      this.doneInBatch++;
      try {
        this.fn();
        this.successes++;
      } catch (e) {
        if (!this.failed) this.error = e;
        this.failed = true;
      }
    }
  }
}

/** The batch at once, with no rate limit. */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => void): BatchOutcome {
  return new SlowStartBatch(count, initialBatchSize, fn).run(() => true)!;
}

/**
 * Runs `batch` paced by `limiter`. Returns the outcome if it finished now; otherwise it goes on on the
 * clock and `later` receives the outcome when the last call has been made.
 */
export function runPaced(clock: Clock, limiter: ClientRateLimiter | undefined, label: string, batch: SlowStartBatch, later: (o: BatchOutcome) => void): BatchOutcome | undefined {
  const ready = (): boolean => !limiter || limiter.ready();
  const outcome = batch.run(ready);
  if (outcome || !limiter) return outcome;
  const resume = (): void => {
    const o = batch.run(ready);
    if (o) later(o);
    else clock.at(limiter.readyAt(), label, resume);
  };
  clock.at(limiter.readyAt(), label, resume);
  return undefined;
}
