/**
 * When kube-proxy syncs: a pure model of pkg/util/async BoundedFrequencyRunner as the 1.31 iptables
 * proxier configures it — minInterval = minSyncPeriod (1 s), maxInterval = proxyutil.FullSyncPeriod
 * (1 h; in 1.31 syncPeriod only paces the iptables Monitor), burstRuns = 2.
 *
 * Semantics carried over:
 * - a token bucket with `burstRuns` tokens, refilled at one per minInterval, starts full;
 * - Run() (a Service or EndpointSlice change) tries at once: with a token the sync runs now; without
 *   one, the loop timer is set to lastRun + minInterval (or left if it is already due sooner) and the
 *   sync runs then — every change in between rides along (the run channel holds one request);
 * - every run resets the timer to maxInterval; the timer firing is a run like any other;
 * - the initial syncs when the informers have synced call syncProxyRules directly, outside the
 *   runner: they take no token and do not count as the last run.
 *
 * The caller owns the clock: call `request` when something changed, `fire` when `timerAt` is due, and
 * run the sync whenever either returns true.
 */

export interface RunnerOptions {
  minIntervalMs: number;
  maxIntervalMs: number;
  burstRuns: number;
}

export const KUBE_PROXY_RUNNER: RunnerOptions = { minIntervalMs: 1_000, maxIntervalMs: 3_600_000, burstRuns: 2 };

export class BoundedFrequencyRunner {
  /** when the loop's timer fires next */
  timerAt: number;
  private lastRunMs: number | undefined;
  /** token bucket level in ms of refill: one token is worth minIntervalMs */
  private level: number;
  private levelAt: number;

  /** `startMs`: when the Loop starts (the timer is first set to maxInterval from then). */
  constructor(
    readonly opts: RunnerOptions,
    startMs: number,
  ) {
    this.timerAt = startMs + opts.maxIntervalMs;
    this.level = opts.burstRuns * opts.minIntervalMs;
    this.levelAt = startMs;
  }

  private tryAccept(nowMs: number): boolean {
    const { minIntervalMs, burstRuns } = this.opts;
    if (minIntervalMs <= 0) return true;
    this.level = Math.min(burstRuns * minIntervalMs, this.level + Math.max(0, nowMs - this.levelAt));
    this.levelAt = nowMs;
    if (this.level < minIntervalMs) return false;
    this.level -= minIntervalMs;
    return true;
  }

  private tryRun(nowMs: number, fromTimer: boolean): boolean {
    if (this.tryAccept(nowMs)) {
      this.lastRunMs = nowMs;
      this.timerAt = nowMs + this.opts.maxIntervalMs;
      return true;
    }
    if (fromTimer) {
      // The timer already fired, so the real loop re-arms it with no delay and spins until a token
      // is there: the next try is when the bucket holds one.
      this.timerAt = this.levelAt + (this.opts.minIntervalMs - this.level);
      return false;
    }
    const nextPossible = (this.lastRunMs ?? nowMs) + this.opts.minIntervalMs;
    if (nextPossible < this.timerAt) this.timerAt = nextPossible;
    return false;
  }

  /** Run(): something changed. True if the sync runs now. */
  request(nowMs: number): boolean {
    return this.tryRun(nowMs, false);
  }

  /** The timer fired (at `timerAt`). True if the sync runs now; otherwise `timerAt` moved on. */
  fire(nowMs: number): boolean {
    return this.tryRun(nowMs, true);
  }
}

/**
 * The sync times that follow from change times, for a proxier whose initial sync happened at
 * `startMs` (both informers synced) — a convenience over the runner for tests and timelines.
 */
export function syncTimes(changesMs: readonly number[], startMs: number, untilMs: number, opts: RunnerOptions = KUBE_PROXY_RUNNER): number[] {
  const runner = new BoundedFrequencyRunner(opts, startMs);
  const out = [startMs];
  const changes = [...changesMs].sort((a, b) => a - b);
  let i = 0;
  for (;;) {
    const nextChange = i < changes.length ? changes[i]! : Infinity;
    const next = Math.min(nextChange, runner.timerAt);
    if (next > untilMs) break;
    if (runner.timerAt <= nextChange) {
      const at = runner.timerAt;
      if (runner.fire(at)) out.push(at);
      continue;
    }
    i++;
    if (runner.request(nextChange)) out.push(nextChange);
  }
  return out;
}
