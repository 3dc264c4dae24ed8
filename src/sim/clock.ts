/**
 * Virtual time for the whole simulation. Nothing in src/sim reads the wall clock: every delay is an
 * event on this queue. Events that fall due at the same instant run in the order they were scheduled,
 * which is what makes a replay byte-identical.
 */

/** Wall-clock instant that virtual time 0 stands for; timestamps shown to users are derived from it. */
export const SIM_EPOCH_MS = Date.UTC(2024, 8, 2, 10, 0, 0);

export type TimerId = number;

interface Timer {
  at: number;
  seq: number;
  id: TimerId;
  label: string;
  run: () => void;
}

export interface ClockEvent {
  at: number;
  label: string;
}

export class Clock {
  private nowMs: number;
  private seq = 0;
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();
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
    return new Date(SIM_EPOCH_MS + Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  /** RFC 3339 with microseconds, the MicroTime format used by Events and Leases. */
  microTimestamp(atMs: number = this.nowMs): string {
    const iso = new Date(SIM_EPOCH_MS + Math.floor(atMs)).toISOString();
    return iso.replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}000Z`);
  }

  /** Runs `run` after `delayMs` of virtual time. A negative delay is treated as zero. */
  after(delayMs: number, label: string, run: () => void): TimerId {
    const id = ++this.seq;
    this.push({ at: this.nowMs + Math.max(0, delayMs), seq: id, id, label, run });
    return id;
  }

  /** Runs `run` at virtual time `atMs` (or now, if that has passed). */
  at(atMs: number, label: string, run: () => void): TimerId {
    return this.after(atMs - this.nowMs, label, run);
  }

  cancel(id: TimerId | undefined): void {
    if (id !== undefined) this.cancelled.add(id);
  }

  /** The next event that would run, without running it. */
  peek(): ClockEvent | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    return top ? { at: top.at, label: top.label } : undefined;
  }

  pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Runs the next event, advancing time to it. Returns false when the queue is empty. */
  step(): boolean {
    this.dropCancelled();
    const top = this.pop();
    if (!top) return false;
    this.nowMs = top.at;
    this.eventsRun++;
    top.run();
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

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.id)) {
      this.cancelled.delete(this.heap[0]!.id);
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
