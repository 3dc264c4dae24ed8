/**
 * A rate-limited work queue on virtual time, shaped like client-go's: a key is queued at most once,
 * never processed by two workers at once, and a failed key comes back after the longer of two delays,
 * as client-go's default controller rate limiter gives them: the key's own exponential back-off (5ms
 * doubling to 1000s) and a token bucket the whole queue shares (10 per second, burst 100), so a sync
 * that requeues itself in a loop settles at ten a second.
 */
import type { Clock, TimerId } from '../clock';
import { isPanic } from '../panic';

export interface WorkQueueOptions {
  /** First retry delay after a failure. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The shared bucket's rate (per second) and size. */
  qps?: number;
  burst?: number;
  /** Virtual time between taking a key and the next; models the worker's pace. */
  processDelayMs?: number;
  /** The process whose worker syncs (`deployment-controller`): names each sync for the Step button. */
  owner?: string;
  /** Called when a sync returns an error (throws one on purpose), before the key is requeued. */
  onError?: (key: string, err: unknown) => void;
}

export class WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private queued = new Set<string>();
  private processing = new Set<string>();
  /** Keys added while being processed: they run again once the current sync ends. */
  private dirtyWhileProcessing = new Set<string>();
  private failures = new Map<string, number>();
  /** The one pending delayed add per key: when it is due, and its timer. */
  private delayed = new Map<string, { at: number; id: TimerId }>();
  private drainScheduled = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly processDelayMs: number;
  private readonly bucket: TokenBucket;
  /** made once: a queue schedules its drain often */
  private readonly nextLabel = (): string => this.syncLabel();
  private readonly processNext = (): void => this.processOne();

  constructor(
    private readonly clock: Clock,
    readonly name: string,
    private readonly sync: (key: string) => void,
    private readonly opts: WorkQueueOptions = {},
  ) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
    this.processDelayMs = opts.processDelayMs ?? 0;
    this.bucket = new TokenBucket(opts.qps ?? 10, opts.burst ?? 100, clock.now());
  }

  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.scheduleDrain();
  }

  /**
   * Adds the key after a delay. One wait is kept per key, as client-go's delaying queue keeps it: a
   * request due sooner than the pending one replaces it, a later one is dropped, so a prompt resync is
   * never held back behind a long one.
   */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const cur = this.delayed.get(key);
    if (cur) {
      if (cur.at <= at) return;
      this.clock.cancel(cur.id);
    }
    const id = this.clock.after(delayMs, `${this.name}: requeue ${key}`, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, id });
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    // Both limiters are asked every time (each takes its share), and the longer wait wins.
    const own = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n);
    const shared = this.bucket.reserve(this.clock.now());
    this.addAfter(key, Math.max(own, shared));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  len(): number {
    return this.queue.length - this.head;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.clock.after(this.processDelayMs, this.nextLabel, this.processNext);
  }

  /** `deployment-controller: sync default/web`: the key the next sync takes. */
  private syncLabel(): string {
    const who = this.opts.owner ?? this.name;
    return this.head < this.queue.length ? `${who}: sync ${this.queue[this.head]}` : `${who}: sync`;
  }

  private processOne(): void {
    this.drainScheduled = false;
    if (this.head >= this.queue.length) return;
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    this.processing.add(key);
    try {
      this.sync(key);
      this.forget(key);
    } catch (err) {
      // A bug is not an error the sync returned: it panics the worker, and with it the process.
      if (isPanic(err)) throw err;
      this.opts.onError?.(key, err);
      this.addRateLimited(key);
    } finally {
      this.processing.delete(key);
      if (this.dirtyWhileProcessing.delete(key)) this.add(key);
    }
    if (this.len() > 0) this.scheduleDrain();
  }
}

/**
 * A token bucket as golang.org/x/time/rate's Limiter reserves from it: tokens refill at `perSecond` up
 * to `burst`; a reservation takes one at once, going into debt, and waits until the debt is repaid.
 */
class TokenBucket {
  private tokens: number;

  constructor(private readonly perSecond: number, private readonly burst: number, private last: number) {
    this.tokens = burst;
  }

  /** Takes a token at `nowMs`; returns how long (ms) the caller must wait for it. */
  reserve(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    this.last = Math.max(this.last, nowMs);
    this.tokens -= 1;
    // Rounded to the microsecond, so float dust does not put a retry a hair off its millisecond.
    return this.tokens < 0 ? Math.round((-this.tokens * 1_000_000) / this.perSecond) / 1000 : 0;
  }
}
