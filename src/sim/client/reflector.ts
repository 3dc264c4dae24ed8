/**
 * What client-go's Reflector does when a list or a watch fails (tools/cache/reflector.go, v0.31):
 * it logs the failure, waits on its back-off manager and runs ListAndWatch again, for as long as the
 * process lives. Its cache stays unsynced until a list succeeds, so whoever waits for the sync waits.
 */
import type { Stream } from '../rng';
import { findByResource } from '../api/kinds';
import type { KlogSink } from './klog';
import { structured } from './klog';

/** The reflector name every informer of a SharedInformerFactory carries: the factory's call site. */
export const FACTORY_REFLECTOR = 'k8s.io/client-go/informers/factory.go:160';

/**
 * The Go type a reflector names in its messages: `*v1.Pod`, `*v1.ReplicaSet`, `*v2.HorizontalPodAutoscaler`
 * (the package is the version, the type the kind); a resource the typed clients do not know is read
 * as `*unstructured.Unstructured`, as a dynamic informer's is.
 */
export function reflectorTypeName(resource: string): string {
  const d = findByResource(resource);
  return d && d.plural === resource ? `*${d.version}.${d.kind}` : '*unstructured.Unstructured';
}

/**
 * wait.NewExponentialBackoffManager(800ms, 30s, 2m, 2.0, 1.0): 0.8 s doubling to a cap of 30 s, each
 * wait stretched by up to its own length again (jitter 1.0), starting over once two minutes pass
 * between two waits.
 */
export class ReflectorBackoff {
  static readonly INITIAL_MS = 800;
  static readonly CAP_MS = 30_000;
  static readonly RESET_MS = 120_000;
  private durationMs = ReflectorBackoff.INITIAL_MS;
  /** Once the cap is reached the Backoff has no steps left and keeps returning the cap. */
  private capped = false;

  constructor(private readonly stream: Stream, private lastStartMs: number) {}

  /** The next wait (ms), drawn at `nowMs`. */
  next(nowMs: number): number {
    if (nowMs - this.lastStartMs > ReflectorBackoff.RESET_MS) {
      this.durationMs = ReflectorBackoff.INITIAL_MS;
      this.capped = false;
    }
    this.lastStartMs = nowMs;
    const d = this.durationMs;
    if (!this.capped) {
      const grown = d * 2;
      if (grown > ReflectorBackoff.CAP_MS) {
        this.durationMs = ReflectorBackoff.CAP_MS;
        this.capped = true;
      } else this.durationMs = grown;
    }
    // wait.Jitter(d, 1.0): d plus a uniform share of d.
    return d + this.stream.intn(d);
  }
}

/**
 * The two lines a failed list leaves: list()'s warning, then the watch error handler's report through
 * utilruntime.HandleError (DefaultWatchErrorHandler), whose structured value is the quoted error.
 */
export function logListFailure(log: KlogSink, reflector: string, typeName: string, message: string): void {
  log('W', 'reflector.go:561', `${reflector}: failed to list ${typeName}: ${message}`);
  logWatchError(log, reflector, typeName, `failed to list ${typeName}: ${message}`);
}

/** DefaultWatchErrorHandler's report of an error ListAndWatch returned (a refused watch, a failed list). */
export function logWatchError(log: KlogSink, reflector: string, typeName: string, message: string): void {
  log('E', 'reflector.go:158', unhandledError(`${reflector}: Failed to watch ${typeName}: ${message}`));
}

/** utilruntime.HandleError's line body: `"Unhandled Error" err="…" logger="UnhandledError"`. */
export function unhandledError(err: string): string {
  return structured('Unhandled Error', ['err', err], ['logger', 'UnhandledError']);
}
