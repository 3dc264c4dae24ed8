/**
 * client-go's delaying-queue rule for `AddAfter`: one pending entry per key, and a new request only
 * replaces it when it is due earlier. (The shared WorkQueue keeps the first request instead, which
 * could hold a prompt resync back behind a long one.)
 */
import type { Clock, TimerId } from '../../clock';
import type { WorkQueue } from '../../client/workqueue';

export class Delayer {
  private pending = new Map<string, { at: number; id: TimerId }>();

  constructor(
    private readonly clock: Clock,
    private readonly queue: WorkQueue,
  ) {}

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.queue.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const cur = this.pending.get(key);
    if (cur && cur.at <= at) return;
    if (cur) this.clock.cancel(cur.id);
    const id = this.clock.after(delayMs, `${this.queue.name}: requeue ${key}`, () => {
      this.pending.delete(key);
      this.queue.add(key);
    });
    this.pending.set(key, { at, id });
  }
}
