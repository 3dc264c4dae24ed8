/** A ClusterHost driven by hand, for tests: wall time moves only when the test says so. */
import { ClusterHost } from '../../src/worker/host';
import type { FromWorker } from '../../src/worker/protocol';

/** Virtual time one 16 ms frame runs at 100×. */
export const PLAY_FRAME_MS = 1600;

export type Batch = Extract<FromWorker, { type: 'batch' }>;

export function hostHarness(opts: ConstructorParameters<typeof ClusterHost>[2] = {}) {
  const sent: FromWorker[] = [];
  let wall = 0;
  const queue: { at: number; fn: () => void }[] = [];
  const host = new ClusterHost((m) => sent.push(m), { now: () => wall, later: (fn, ms) => void queue.push({ at: wall + ms, fn }) }, opts);
  const advanceWall = (ms: number): void => {
    const end = wall + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > end) break;
      queue.shift();
      wall = next.at;
      next.fn();
    }
    wall = end;
  };
  const batches = (): Batch[] => sent.filter((m): m is Batch => m.type === 'batch');
  /** The answer of kind `type` to request `id`. */
  const answer = <T extends FromWorker['type']>(type: T, id: number) => sent.find((m): m is Extract<FromWorker, { type: T }> => m.type === type && (m as { id?: number }).id === id)!;
  /** The latest timeline state sent. */
  const timeline = () => batches().findLast((b) => b.timeline)!.timeline!;
  /**
   * Plays at 100× to exactly `ms`, as the page would, then pauses: each 16 ms frame runs 1.6 s of
   * virtual time, so `ms` must be that many frames away.
   */
  const playTo = (ms: number): void => {
    const from = batches().at(-1)!.clock.nowMs;
    if ((ms - from) % PLAY_FRAME_MS !== 0 || ms < from) throw new Error(`playTo: ${ms} is not a whole number of frames after ${from}`);
    host.handle({ type: 'speed', speed: 100 });
    host.handle({ type: 'play' });
    advanceWall((ms - from) / 100);
    host.handle({ type: 'pause' });
    const now = batches().at(-1)!.clock.nowMs;
    if (now !== ms) throw new Error(`playTo: reached ${now}, not ${ms}`);
  };
  /** The checkpoints parked now. */
  const checkpoints = (): number[] => (host as unknown as { checkpoints: { moments(): number[] } }).checkpoints.moments();
  return { host, sent, advanceWall, batches, answer, timeline, playTo, checkpoints };
}
