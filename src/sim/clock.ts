/**
 * Virtual time for the whole simulation. Nothing in src/sim reads the wall clock: every delay is an
 * event on this queue. Events that fall due at the same instant run in the order they were scheduled,
 * which is what makes a replay byte-identical.
 *
 * Every event belongs to the owner that was running when it was scheduled — a component's process,
 * the kubelet, the API server (see process.ts). While an event runs its owner is the current one, so
 * what it schedules belongs to the same process. A throw out of an owned event is that process
 * failing: it goes to the owner's `fail`, not up through the simulation; once an owner has exited,
 * its events still queued are dropped unseen, as a dead process's timers are.
 */

/** Wall-clock instant that virtual time 0 stands for; timestamps shown to users are derived from it. */
export const SIM_EPOCH_MS = Date.UTC(2024, 8, 2, 10, 0, 0);

export type TimerId = number;

/**
 * What an event is called, for the Step button. A function is evaluated only when someone looks
 * (`peek()`), so naming an event costs nothing while nobody does.
 */
export type EventLabel = string | (() => string);

/** Who an event runs for: the process its work belongs to. */
export interface Owner {
  /** e.g. `kube-scheduler`, `kubelet/worker-1` */
  readonly name: string;
  /** True once the process is gone: its queued events are dropped and its watches deliver nothing. */
  readonly exited: boolean;
  /** Something running for this owner threw: the process fails the way its real one would. */
  fail(err: unknown): void;
  /** A line the process logs (its container log), for owners that are processes in a container. */
  write?(line: string): void;
}

interface Timer {
  at: number;
  seq: number;
  id: TimerId;
  label: EventLabel;
  run: () => void;
  owner: Owner | undefined;
}

const runTimer = (t: Timer): void => t.run();

export interface ClockEvent {
  at: number;
  label: string;
}

export class Clock {
  private nowMs: number;
  private seq = 0;
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();
  /** The owner whose work is running now; what is scheduled now belongs to it. */
  private current: Owner | undefined;
  /** Count of events run since the clock was built; useful for stepping and benchmarks. */
  eventsRun = 0;

  /** @param startMs where time begins; negative to let a cluster boot before a scenario's 0s */
  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** The virtual instant as an RFC 3339 timestamp with second precision, as the API server writes them. */
  timestamp(atMs: number = this.nowMs): string {
    const second = Math.floor(atMs / 1000);
    // Many writes share an instant (a delivery's handlers, a sync's requests): format each second once.
    if (second !== this.lastSecond) {
      this.lastSecondText = new Date(SIM_EPOCH_MS + second * 1000).toISOString().replace('.000Z', 'Z');
      this.lastSecond = second;
    }
    return this.lastSecondText;
  }

  /** RFC 3339 with microseconds, the MicroTime format used by Events and Leases. */
  microTimestamp(atMs: number = this.nowMs): string {
    const ms = Math.floor(atMs);
    if (ms !== this.lastMilli) {
      const iso = new Date(SIM_EPOCH_MS + ms).toISOString();
      this.lastMilliText = iso.replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000Z`);
      this.lastMilli = ms;
    }
    return this.lastMilliText;
  }

  /** the last second `timestamp` formatted, and its text */
  private lastSecond = NaN;
  private lastSecondText = '';
  /** the last millisecond `microTimestamp` formatted, and its text */
  private lastMilli = NaN;
  private lastMilliText = '';

  /** Runs `run` after `delayMs` of virtual time, for the current owner. A negative delay is treated as zero. */
  after(delayMs: number, label: EventLabel, run: () => void): TimerId {
    const id = ++this.seq;
    this.push({ at: this.nowMs + Math.max(0, delayMs), seq: id, id, label, run, owner: this.current });
    return id;
  }

  /** The owner whose work is running now (undefined outside any process: a user's action, a test). */
  owner(): Owner | undefined {
    return this.current;
  }

  /**
   * Runs `fn` as `owner`: whatever it schedules belongs to that owner. A throw is not caught — the
   * caller decides (a process start routes it to its own failure; the API server answers 500).
   */
  runAs<T>(owner: Owner | undefined, fn: () => T): T {
    const caller = this.current;
    this.current = owner;
    try {
      return fn();
    } finally {
      this.current = caller;
    }
  }

  /**
   * Calls `fn(arg)` as `owner`, and a throw fails that owner instead of unwinding the caller: how a
   * watch event reaches a component's handlers. Without an owner the throw goes on up.
   */
  deliver<A>(owner: Owner | undefined, fn: (arg: A) => void, arg: A): void {
    const caller = this.current;
    this.current = owner;
    try {
      fn(arg);
    } catch (err) {
      if (owner === undefined) throw err;
      owner.fail(err);
    } finally {
      this.current = caller;
    }
  }

  /** Runs `run` at virtual time `atMs` (or now, if that has passed). */
  at(atMs: number, label: EventLabel, run: () => void): TimerId {
    return this.after(atMs - this.nowMs, label, run);
  }

  cancel(id: TimerId | undefined): void {
    if (id !== undefined) this.cancelled.add(id);
  }

  /** The next event that would run, without running it. */
  peek(): ClockEvent | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    return top ? { at: top.at, label: typeof top.label === 'string' ? top.label : top.label() } : undefined;
  }

  pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /**
   * Runs the next event, advancing time to it. Returns false when the queue is empty. A throw from an
   * owned event fails its owner; one from an event nobody owns goes on up to the caller.
   */
  step(): boolean {
    this.dropCancelled();
    const top = this.pop();
    if (!top) return false;
    this.nowMs = top.at;
    this.eventsRun++;
    this.deliver(top.owner, runTimer, top);
    return true;
  }

  /** Runs every event due at or before `untilMs`, then leaves time at `untilMs`. */
  runUntil(untilMs: number, maxEvents = Number.POSITIVE_INFINITY): number {
    let n = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > untilMs || n >= maxEvents) break;
      this.step();
      n++;
    }
    // Time reaches the horizon only once nothing due before it is left.
    this.dropCancelled();
    const next = this.heap[0];
    if ((!next || next.at > untilMs) && untilMs > this.nowMs) this.nowMs = untilMs;
    return n;
  }

  /** Drops cancelled events, and those of owners that have exited, from the front of the queue. */
  private dropCancelled(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      // `delete` first, so a cancelled event of an exited owner leaves no id behind.
      if (!this.cancelled.delete(top.id) && !top.owner?.exited) return;
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
