/**
 * How long a toast stays: every toast goes away by itself (an error after longer, so it can be read),
 * and its countdown stops while the pointer rests on it or focus is inside it — a learner reading or
 * about to close it does not see it vanish — then resumes with the time it had left.
 */

/** A fault's result or another short message. */
export const TOAST_OK_MS = 6000;
/** An error: long enough to read a sentence twice. */
export const TOAST_ERROR_MS = 8000;

export function toastLifetimeMs(kind: 'ok' | 'error'): number {
  return kind === 'error' ? TOAST_ERROR_MS : TOAST_OK_MS;
}

/** Why a toast is held: the pointer is on it, or focus is in it. */
export type ToastHold = 'hover' | 'focus';

interface Countdown {
  /** ms left when the countdown last stopped (or started) */
  leftMs: number;
  /** Date.now() when it last (re)started; undefined while held */
  startedAt: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  holds: Set<ToastHold>;
  expire(): void;
}

/** The countdowns of the toasts on screen, by id. */
export class ToastTimers {
  private readonly countdowns = new Map<number, Countdown>();

  start(id: number, ms: number, expire: () => void): void {
    this.cancel(id);
    const c: Countdown = { leftMs: ms, startedAt: undefined, timer: undefined, holds: new Set(), expire };
    this.countdowns.set(id, c);
    this.run(id, c);
  }

  /** Stops the countdown for one reason; it runs again once no reason is left. */
  hold(id: number, why: ToastHold, on: boolean): void {
    const c = this.countdowns.get(id);
    if (!c) return;
    const wasHeld = c.holds.size > 0;
    if (on) c.holds.add(why);
    else c.holds.delete(why);
    const held = c.holds.size > 0;
    if (held && !wasHeld) {
      clearTimeout(c.timer);
      c.timer = undefined;
      c.leftMs = Math.max(0, c.leftMs - (Date.now() - (c.startedAt ?? Date.now())));
      c.startedAt = undefined;
    } else if (!held && wasHeld) {
      this.run(id, c);
    }
  }

  cancel(id: number): void {
    const c = this.countdowns.get(id);
    if (!c) return;
    clearTimeout(c.timer);
    this.countdowns.delete(id);
  }

  private run(id: number, c: Countdown): void {
    c.startedAt = Date.now();
    c.timer = setTimeout(() => {
      this.countdowns.delete(id);
      c.expire();
    }, c.leftMs);
  }
}
