/**
 * Token buckets on virtual time, as client-go's flowcontrol wraps golang.org/x/time/rate: a bucket
 * starts full with `burst` tokens and refills at `qps` per second up to `burst`.
 */
import type { Clock } from '../clock';

/** A bucket of `burst` tokens, full at `nowMs`, that refills at `qps` per second up to `burst`. */
class Bucket {
  protected tokens: number;
  protected lastMs: number;

  constructor(
    protected readonly qps: number,
    protected readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.lastMs = nowMs;
  }

  protected refillTo(nowMs: number): void {
    if (nowMs > this.lastMs) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) / 1000) * this.qps);
      this.lastMs = nowMs;
    }
  }
}

/** TryAccept semantics: a token is taken only if one is there (the event spam filter's bucket). */
export class TokenBucket extends Bucket {
  tryAccept(nowMs: number): boolean {
    this.refillTo(nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * A client's request rate limit (rest.Config QPS and Burst): every request takes a token. A real
 * request waits in `Wait()` until its token is there; here requests return at once, so the bucket
 * may go into debt, and a component that issues requests in bulk asks `ready()` before each one and
 * carries on at `readyAt()` — the moment its blocked request would have gone out.
 */
export class ClientRateLimiter extends Bucket {
  constructor(
    private readonly clock: Clock,
    qps: number,
    burst: number,
  ) {
    super(qps, burst, clock.now());
  }

  private refill(): void {
    this.refillTo(this.clock.now());
  }

  /** Takes the token for one request (into debt if none is left). */
  take(): void {
    this.refill();
    this.tokens -= 1;
  }

  /** True if a request now would not have to wait. */
  ready(): boolean {
    this.refill();
    // A hair below one: readyAt() rounds up to whole milliseconds, floating point may fall short.
    return this.tokens >= 1 - 1e-9;
  }

  /** The virtual time at which the next request would get its token. */
  readyAt(): number {
    this.refill();
    if (this.ready()) return this.clock.now();
    return this.lastMs + Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }
}
