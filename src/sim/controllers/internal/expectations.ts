/**
 * Controller expectations (pkg/controller/controller_utils.go ControllerExpectations and
 * UIDTrackingControllerExpectations): after a controller asks for N creations or deletions it waits
 * until its informer has observed them (or five minutes pass) before acting again, so a stale cache
 * never makes it act twice.
 */
import type { Clock } from '../../clock';

/** ExpectationsTimeout in the real controller. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  timestampMs: number;
  /** pod keys whose deletion we still wait to observe */
  pendingDeletes: Set<string>;
}

export class Expectations {
  private byKey = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** True when the controller may sync: nothing recorded, all observed, or the record expired. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestampMs > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.byKey.set(key, { add: n, del: 0, timestampMs: this.clock.now(), pendingDeletes: new Set() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.byKey.set(key, { add: 0, del: podKeys.length, timestampMs: this.clock.now(), pendingDeletes: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  /** A pod's deletion was seen (deletionTimestamp set or the object gone); counts once per pod. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.byKey.get(key);
    if (e && e.pendingDeletes.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
