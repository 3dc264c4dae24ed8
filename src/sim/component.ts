/**
 * What the cluster hands every component when it builds it. Components reach the rest of the
 * cluster only through `client` (API requests) and `informers` (watch caches), never directly.
 *
 * A component runs inside a process (process.ts; the kubelet is its own): everything it schedules
 * on the clock and every watch event it gets runs as that process, so a throw anywhere in it is the
 * process panicking, handled as the real process's failure would be, and nobody else's.
 */
import type { Clock } from './clock';
import type { Stream } from './rng';
import type { Client, EventRecorder, InformerFactory } from './client/types';
import type { WorkQueue } from './client/workqueue';
import type { KlogSink } from './client/klog';

export interface ComponentContext {
  clock: Clock;
  client: Client;
  informers: InformerFactory;
  recorder: EventRecorder;
  /** This component's own random stream. */
  stream: Stream;
  /** Makes a rate-limited work queue bound to the clock. */
  newQueue(name: string, sync: (key: string) => void): WorkQueue;
  /** Records a line in the cluster's component log (glass box): why a component did something. */
  log(message: string): void;
  /**
   * Writes a klog line to the log of the process the caller runs in (its container's), and to the
   * component log: what the real component prints, e.g. a request the API server refused.
   */
  klog?: KlogSink;
  /** Records that `process` panicked (the cluster keeps a record of every panic and logs it). */
  reportPanic?(process: string, err: unknown): void;
}

/** A running part of the control plane or a node. */
export interface Component {
  readonly name: string;
  start(): void;
  stop?(): void;
}
