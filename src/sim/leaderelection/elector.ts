/**
 * Leader election through a Lease, as client-go's tools/leaderelection runs it with a LeaseLock
 * (the lock kube-scheduler and kube-controller-manager use, `--leader-elect=true`):
 *
 * - a candidate tries at once, then again every retryPeriod (2 s) plus up to 1.2 times that again
 *   (wait.JitterUntil's jitter); it takes the Lease when the Lease does not exist (create), has no
 *   holder, or has shown the same record for leaseDuration (15 s) of the candidate's own observed
 *   time — not the timestamps in the Lease, which come from another machine's clock;
 * - taking over writes acquireTime and leaseTransitions + 1; the winner records the LeaderElection
 *   Event `<identity> became leader` on the Lease and starts its work;
 * - the holder renews at once and then every retryPeriod, each time writing a new renewTime (an
 *   optimistic update of the Lease it holds; on failure a Get and an update). When renewals keep
 *   failing for renewDeadline (10 s) it gives up, logs `failed to renew lease`, and the process then
 *   exits, as the real ones do; the kubelet restarts its static pod's container;
 * - a request the API server does not answer (the node cut off) hangs until the client's timeout or
 *   the renew round's deadline, so a cut-off leader logs about two errors a round, not one a retry.
 */
import type { Clock, TimerId } from '../clock';
import type { Client, EventRecorder } from '../client/types';
import { isStatusError } from '../api/types';
import type { Stream } from '../rng';
import type { Component } from '../component';
import type { Lease, StoredObject } from '../types';
import { deepCopy } from '../types';

/** client-go's JitterFactor for the acquire loop. */
export const JITTER_FACTOR = 1.2;
/** The component-base defaults kube-scheduler and kube-controller-manager run with. */
export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;
/**
 * The timeout of the leader-election client (half of renewDeadline, as the error messages show in
 * `?timeout=5s`): a request the API server never answers fails after it.
 */
/** client-go's cache.WaitForCacheSync polls this often. */
const CACHE_SYNC_POLL_MS = 100;
export const CLIENT_TIMEOUT_MS = RENEW_DEADLINE_MS / 2;

export type LogSeverity = 'I' | 'W' | 'E';

export interface LeaderElectorOptions {
  clock: Clock;
  client: Client;
  /** The recorder the LeaderElection Events go through (the component's core/v1 recorder). */
  recorder: EventRecorder;
  namespace: string;
  name: string;
  /** `<hostname>_<uuid>`, fresh at every process start. */
  identity: string;
  /** Draws the acquire loop's jitter. */
  stream: Stream;
  /** Whether the API server can be reached now (not while the machine is cut off from the network). */
  reachable(): boolean;
  /** The API server's address in the process's kubeconfig (`https://192.168.1.10:6443`), for its error messages. */
  server: string;
  /** What the process's klog writes (its container log). */
  log(severity: LogSeverity, source: string, message: string): void;
  /**
   * Campaign only once this holds (kube-scheduler starts its informers and waits for their caches to
   * sync before it runs leader election; kube-controller-manager campaigns at once).
   */
  waitForCacheSync?(): boolean;
  /** Gives up the Lease when leading ends (kube-scheduler's ReleaseOnCancel); kube-controller-manager does not. */
  releaseOnCancel?: boolean;
  /** Leading began, just before the work starts (OnStartedLeading). */
  onStartedLeading?(): void;
  /** Leading ended: the process exits (OnStoppedLeading). */
  onStoppedLeading(): void;
}

/** A failed request of the lock (an unreachable server, a conflict) as client-go logs it. */
class LockError extends Error {
  notFound = false;
}

/**
 * Runs one process's election. As a Component it is started by the process; the components in
 * `starts` start only once it leads (OnStartedLeading).
 */
export class LeaderElector implements Component {
  readonly name = 'leader-election';
  private readonly o: LeaderElectorOptions;
  /** The components this elector starts when it becomes the leader. */
  readonly starts: readonly Component[];
  /** The Lease as last read or written (LeaseLock's cached lease). */
  private held: (Lease & StoredObject) | undefined;
  /** The holder record last observed, and when (observedRecord, observedRawRecord, observedTime). */
  private observedHolder = '';
  private observedRaw = '';
  private observedDuration = 0;
  private observedAcquire: string | undefined;
  private observedTransitions = 0;
  private observedAtMs = Number.NEGATIVE_INFINITY;
  private timer: TimerId | undefined;
  private stopped = false;
  private state: 'idle' | 'acquiring' | 'leading' | 'done' = 'idle';
  /** Virtual time this elector became the leader, if it did. */
  leadingSinceMs: number | undefined;

  constructor(opts: LeaderElectorOptions, starts: readonly Component[]) {
    this.o = opts;
    this.starts = starts;
  }

  /** The Lease's name (`kube-scheduler`, `kube-controller-manager`). */
  get lease(): string {
    return this.o.name;
  }

  get identity(): string {
    return this.o.identity;
  }

  /** Whether this elector leads now: its work runs. */
  get leading(): boolean {
    return this.state === 'leading';
  }

  private get describe(): string {
    return `${this.o.namespace}/${this.o.name}`;
  }

  start(): void {
    this.state = 'acquiring';
    const synced = this.o.waitForCacheSync;
    if (!synced) return this.campaign();
    // The informers' lists run as clock events of this same instant, queued before this check; until
    // they have, WaitForCacheSync polls every 100 ms.
    const check = (): void => {
      this.timer = undefined;
      if (this.stopped) return;
      if (synced()) return this.campaign();
      this.timer = this.o.clock.after(CACHE_SYNC_POLL_MS, `${this.o.name}: wait for cache sync`, check);
    };
    this.timer = this.o.clock.after(0, `${this.o.name}: wait for cache sync`, check);
  }

  private campaign(): void {
    this.o.log('I', 'leaderelection.go:254', `attempting to acquire leader lease ${this.describe}...`);
    this.acquireTick();
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private isLeader(): boolean {
    return this.observedHolder === this.o.identity;
  }

  private isLeaseValid(now: number): boolean {
    return this.observedAtMs + this.observedDuration * 1000 > now;
  }

  private acquireTick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    // The acquire loop's context has no deadline: a hung request runs into the client's timeout.
    this.tryAcquireOrRenew(undefined, (ok) => {
      if (!ok) {
        // wait.JitterUntil (sliding): retryPeriod plus a uniform share of 1.2 × retryPeriod, counted from the try's end.
        const jitter = this.o.stream.intn(Math.round(JITTER_FACTOR * RETRY_PERIOD_MS));
        this.timer = this.o.clock.after(RETRY_PERIOD_MS + jitter, `${this.o.name}: leader election retry`, () => this.acquireTick());
        return;
      }
      if (this.held) this.recordEvent('became leader');
      this.o.log('I', 'leaderelection.go:268', `successfully acquired lease ${this.describe}`);
      this.state = 'leading';
      this.leadingSinceMs = this.o.clock.now();
      // renew() runs at once in the elector's goroutine; OnStartedLeading starts the work beside it.
      this.renewCycle();
      if (this.stopped) return;
      this.o.onStartedLeading?.();
      for (const c of this.starts) c.start();
    });
  }

  /**
   * One wait.Until round of renew(): wait.PollImmediateUntil tries at once, then at each tick of a
   * retryPeriod ticker started when that first try returned (a tick that comes while a try still
   * runs is dropped), all under a context that ends renewDeadline after the round began.
   */
  private renewCycle(): void {
    this.timer = undefined;
    if (this.stopped || this.state !== 'leading') return;
    const deadline = this.o.clock.now() + RENEW_DEADLINE_MS;
    let tickerStartMs: number | undefined;
    const attempt = (): void => {
      this.timer = undefined;
      if (this.stopped) return;
      this.tryAcquireOrRenew(deadline, (ok) => {
        const now = this.o.clock.now();
        if (ok) {
          // wait.Until (sliding): the next round retryPeriod after this one ended.
          this.timer = this.o.clock.after(RETRY_PERIOD_MS, `${this.o.name}: leader election renew`, () => this.renewCycle());
          return;
        }
        tickerStartMs ??= now;
        const next = tickerStartMs + (Math.floor((now - tickerStartMs) / RETRY_PERIOD_MS) + 1) * RETRY_PERIOD_MS;
        if (now < deadline && next < deadline) {
          this.timer = this.o.clock.after(next - now, `${this.o.name}: leader election renew`, attempt);
        } else {
          this.timer = this.o.clock.after(Math.max(0, deadline - now), `${this.o.name}: leader election lost`, () => this.lost());
        }
      });
    };
    attempt();
  }

  /** renewDeadline passed without a renewal: release if configured, say so, and end the process. */
  private lost(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.state = 'done';
    // The poll ended with its context: wait's ErrWaitTimeout.
    this.o.log('I', 'leaderelection.go:297', `failed to renew lease ${this.describe}: timed out waiting for the condition`);
    const end = (): void => {
      // renew()'s deferred RecordEvent, then Run()'s deferred OnStoppedLeading.
      this.recordEvent('stopped leading');
      this.o.onStoppedLeading();
    };
    if (this.o.releaseOnCancel) this.release(end);
    else end();
  }

  /** release(): its update runs under context.TODO, so only the client's timeout bounds it. */
  private release(then: () => void): void {
    if (!this.isLeader()) return then();
    const now = this.o.clock.microTimestamp();
    // An empty holder (serialized as "") tells the candidates they may take the Lease at once.
    this.update({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observedTransitions }, undefined, (err) => {
      if (err) this.o.log('E', 'leaderelection.go:330', `Failed to release lock: ${err.message}`);
      else this.observe('', 1, now, this.observedTransitions);
      then();
    });
  }

  /** LeaseLock.RecordEvent: `<identity> <what>` on the Lease, if the server can be reached. */
  private recordEvent(what: string): void {
    if (!this.held || !this.o.reachable()) return;
    const meta = this.held.metadata;
    this.o.recorder.event({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion } }, 'Normal', 'LeaderElection', `${this.o.identity} ${what}`);
  }

  private observe(holder: string, durationSeconds: number, acquireTime: string | undefined, transitions: number): void {
    this.observedHolder = holder;
    this.observedDuration = durationSeconds;
    this.observedAcquire = acquireTime;
    this.observedTransitions = transitions;
    this.observedAtMs = this.o.clock.now();
  }

  /**
   * tryAcquireOrRenew: `done(true)` when this elector holds the Lease afterwards. Its requests run
   * under a context that ends at `deadline` (the renew round's), if any.
   */
  private tryAcquireOrRenew(deadline: number | undefined, done: (ok: boolean) => void): void {
    const now = this.o.clock.now();
    const nowMicro = this.o.clock.microTimestamp(now);
    const durationSeconds = LEASE_DURATION_MS / 1000;
    // 2. Read the Lease, or create it.
    const slowPath = (): void => {
      this.request<Lease & StoredObject>('Get', deadline, () => this.o.client.get<Lease>('leases', this.o.namespace, this.o.name), (err, current) => {
        if (err) {
          if (!err.notFound) {
            this.o.log('E', 'leaderelection.go:436', `error retrieving resource lock ${this.describe}: ${err.message}`);
            return done(false);
          }
          const fresh = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.name, namespace: this.o.namespace }, spec: { holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime: nowMicro, renewTime: nowMicro, leaseTransitions: 0 } } as Lease;
          return this.request<Lease & StoredObject>('Post', deadline, () => this.o.client.create<Lease>('leases', fresh, { namespace: this.o.namespace }), (err2, created) => {
            if (err2) {
              this.o.log('E', 'leaderelection.go:444', `error initially creating leader election record: ${err2.message}`);
              return done(false);
            }
            this.held = created;
            this.observe(this.o.identity, durationSeconds, nowMicro, 0);
            done(true);
          });
        }
        this.held = current;
        // 3. A record that changed since the last look restarts the clock on it.
        const spec = current!.spec ?? {};
        const raw = JSON.stringify(spec);
        if (raw !== this.observedRaw) {
          this.observe(spec.holderIdentity ?? '', spec.leaseDurationSeconds ?? 0, spec.acquireTime ?? undefined, spec.leaseTransitions ?? 0);
          this.observedRaw = raw;
        }
        if ((spec.holderIdentity ?? '') !== '' && this.isLeaseValid(now) && !this.isLeader()) return done(false);
        // 4. Take the Lease over (or renew it the slow way).
        const leader = this.isLeader();
        const acquireTime = leader ? spec.acquireTime ?? undefined : nowMicro;
        const transitions = leader ? spec.leaseTransitions ?? 0 : (spec.leaseTransitions ?? 0) + 1;
        this.update({ holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime, renewTime: nowMicro, leaseTransitions: transitions }, deadline, (err3) => {
          if (err3) {
            this.o.log('E', 'leaderelection.go:461', `Failed to update lock: ${err3.message}`);
            return done(false);
          }
          this.observe(this.o.identity, durationSeconds, acquireTime, transitions);
          done(true);
        });
      });
    };
    // 1. The holder's fast path: update the Lease it last wrote, assuming nobody else did.
    if (this.isLeader() && this.isLeaseValid(now)) {
      return this.update({ holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime: this.observedAcquire, renewTime: nowMicro, leaseTransitions: this.observedTransitions }, deadline, (err) => {
        if (!err) {
          this.observe(this.o.identity, durationSeconds, this.observedAcquire, this.observedTransitions);
          return done(true);
        }
        this.o.log('E', 'leaderelection.go:429', `Failed to update lock optimitically: ${err.message}, falling back to slow path`);
        slowPath();
      });
    }
    slowPath();
  }

  /** LeaseLock.Update: the cached Lease with the new record as its spec. */
  private update(rec: { holderIdentity: string; leaseDurationSeconds: number; acquireTime: string | undefined; renewTime: string; leaseTransitions: number }, deadline: number | undefined, done: (err: LockError | undefined) => void): void {
    const base = this.held;
    if (!base) return done(new LockError('lease not initialized, call get or create first'));
    const next = deepCopy(base) as Lease & StoredObject;
    // In LeaseSpec's field order, as the API server serializes it.
    next.spec = {
      holderIdentity: rec.holderIdentity,
      leaseDurationSeconds: rec.leaseDurationSeconds,
      ...(rec.acquireTime ? { acquireTime: rec.acquireTime } : {}),
      renewTime: rec.renewTime,
      leaseTransitions: rec.leaseTransitions,
    };
    this.request<Lease & StoredObject>('Put', deadline, () => this.o.client.update<Lease>('leases', next), (err, updated) => {
      if (!err) this.held = updated;
      done(err);
    });
  }

  /**
   * One request of the lock. Answered, it reports at once (a failure — a conflict, not found — as a
   * LockError). Cut off from the API server, it hangs until the client's timeout (the `?timeout=` it
   * sends) or the caller's context ends, whichever is first, and fails with the context's error.
   */
  private request<T>(verb: 'Get' | 'Post' | 'Put', deadline: number | undefined, fn: () => T, done: (err: LockError | undefined, value?: T) => void): void {
    if (!this.o.reachable()) {
      const path = `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases${verb === 'Post' ? '' : `/${this.o.name}`}`;
      const err = new LockError(`${verb} "${this.o.server}${path}?timeout=${CLIENT_TIMEOUT_MS / 1000}s": context deadline exceeded`);
      const now = this.o.clock.now();
      const waitMs = Math.max(0, Math.min(CLIENT_TIMEOUT_MS, deadline === undefined ? CLIENT_TIMEOUT_MS : deadline - now));
      this.timer = this.o.clock.after(waitMs, `${this.o.name}: ${verb.toUpperCase()} lease ${this.describe} times out`, () => {
        this.timer = undefined;
        if (!this.stopped) done(err);
      });
      return;
    }
    let value: T;
    try {
      value = fn();
    } catch (e) {
      if (!isStatusError(e)) throw e;
      const err = new LockError(e.message);
      err.notFound = isStatusError(e, 'NotFound');
      return done(err);
    }
    done(undefined, value);
  }
}
