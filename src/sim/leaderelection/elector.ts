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
 *   failing for renewDeadline (10 s) it gives up: the process then exits, as the real ones do, and
 *   the kubelet restarts its static pod's container.
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
  /** When the holder's current renew cycle began (its renewDeadline counts from there). */
  private cycleStartMs = 0;
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
    if (!this.tryAcquireOrRenew()) {
      // wait.Jitter(retryPeriod, 1.2): retryPeriod plus a uniform share of 1.2 × retryPeriod.
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
  }

  /** One wait.Until round of renew(): poll every retryPeriod until a renewal succeeds or renewDeadline passes. */
  private renewCycle(): void {
    this.timer = undefined;
    if (this.stopped || this.state !== 'leading') return;
    this.cycleStartMs = this.o.clock.now();
    this.renewAttempt();
  }

  private renewAttempt(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const now = this.o.clock.now();
    if (this.tryAcquireOrRenew()) {
      this.timer = this.o.clock.after(RETRY_PERIOD_MS, `${this.o.name}: leader election renew`, () => this.renewCycle());
      return;
    }
    const deadline = this.cycleStartMs + RENEW_DEADLINE_MS;
    if (now + RETRY_PERIOD_MS < deadline) {
      this.timer = this.o.clock.after(RETRY_PERIOD_MS, `${this.o.name}: leader election renew`, () => this.renewAttempt());
    } else {
      this.timer = this.o.clock.after(deadline - now, `${this.o.name}: leader election lost`, () => this.lost());
    }
  }

  /** renewDeadline passed without a renewal: release if configured, say so, and end the process. */
  private lost(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.state = 'done';
    if (this.o.releaseOnCancel) this.release();
    this.recordEvent('stopped leading');
    this.o.onStoppedLeading();
  }

  private release(): void {
    if (!this.isLeader()) return;
    const now = this.o.clock.microTimestamp();
    try {
      // An empty holder (serialized as "") tells the candidates they may take the Lease at once.
      this.update({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observedTransitions });
      this.observe('', 1, now, this.observedTransitions);
    } catch (e) {
      if (!(e instanceof LockError)) throw e;
      this.o.log('E', 'leaderelection.go:330', `Failed to release lock: ${e.message}`);
    }
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

  /** tryAcquireOrRenew: true when this elector holds the Lease afterwards. */
  private tryAcquireOrRenew(): boolean {
    const now = this.o.clock.now();
    const nowMicro = this.o.clock.microTimestamp(now);
    const durationSeconds = LEASE_DURATION_MS / 1000;
    // 1. The holder's fast path: update the Lease it last wrote, assuming nobody else did.
    if (this.isLeader() && this.isLeaseValid(now)) {
      try {
        this.update({ holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime: this.observedAcquire, renewTime: nowMicro, leaseTransitions: this.observedTransitions });
        this.observe(this.o.identity, durationSeconds, this.observedAcquire, this.observedTransitions);
        return true;
      } catch (e) {
        if (!(e instanceof LockError)) throw e;
        this.o.log('E', 'leaderelection.go:429', `Failed to update lock optimitically: ${e.message}, falling back to slow path`);
      }
    }
    // 2. Read the Lease, or create it.
    let current: Lease & StoredObject;
    try {
      current = this.request('Get', () => this.o.client.get<Lease>('leases', this.o.namespace, this.o.name));
    } catch (e) {
      if (!(e instanceof LockError)) throw e;
      if (!e.notFound) {
        this.o.log('E', 'leaderelection.go:436', `error retrieving resource lock ${this.describe}: ${e.message}`);
        return false;
      }
      try {
        this.held = this.request('Post', () =>
          this.o.client.create<Lease>('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.name, namespace: this.o.namespace }, spec: { holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime: nowMicro, renewTime: nowMicro, leaseTransitions: 0 } } as Lease, { namespace: this.o.namespace }),
        );
      } catch (e2) {
        if (!(e2 instanceof LockError)) throw e2;
        this.o.log('E', 'leaderelection.go:444', `error initially creating leader election record: ${e2.message}`);
        return false;
      }
      this.observe(this.o.identity, durationSeconds, nowMicro, 0);
      return true;
    }
    this.held = current;
    // 3. A record that changed since the last look restarts the clock on it.
    const spec = current.spec ?? {};
    const raw = JSON.stringify(spec);
    if (raw !== this.observedRaw) {
      this.observe(spec.holderIdentity ?? '', spec.leaseDurationSeconds ?? 0, spec.acquireTime ?? undefined, spec.leaseTransitions ?? 0);
      this.observedRaw = raw;
    }
    if ((spec.holderIdentity ?? '') !== '' && this.isLeaseValid(now) && !this.isLeader()) return false;
    // 4. Take the Lease over (or renew it the slow way).
    const leader = this.isLeader();
    const acquireTime = leader ? spec.acquireTime ?? undefined : nowMicro;
    const transitions = leader ? spec.leaseTransitions ?? 0 : (spec.leaseTransitions ?? 0) + 1;
    try {
      this.update({ holderIdentity: this.o.identity, leaseDurationSeconds: durationSeconds, acquireTime, renewTime: nowMicro, leaseTransitions: transitions });
    } catch (e) {
      if (!(e instanceof LockError)) throw e;
      this.o.log('E', 'leaderelection.go:461', `Failed to update lock: ${e.message}`);
      return false;
    }
    this.observe(this.o.identity, durationSeconds, acquireTime, transitions);
    return true;
  }

  /** LeaseLock.Update: the cached Lease with the new record as its spec. */
  private update(rec: { holderIdentity: string; leaseDurationSeconds: number; acquireTime: string | undefined; renewTime: string; leaseTransitions: number }): void {
    const base = this.held;
    if (!base) throw new LockError('lease not initialized, call get or create first');
    const next = deepCopy(base) as Lease & StoredObject;
    // In LeaseSpec's field order, as the API server serializes it.
    next.spec = {
      holderIdentity: rec.holderIdentity,
      leaseDurationSeconds: rec.leaseDurationSeconds,
      ...(rec.acquireTime ? { acquireTime: rec.acquireTime } : {}),
      renewTime: rec.renewTime,
      leaseTransitions: rec.leaseTransitions,
    };
    this.held = this.request('Put', () => this.o.client.update<Lease>('leases', next));
  }

  /** One request of the lock: a failure (no route, a conflict, not found) becomes a LockError. */
  private request<T>(verb: 'Get' | 'Post' | 'Put', fn: () => T): T {
    if (!this.o.reachable()) {
      // Cut off, the local API server loses its etcd quorum: the request runs into its timeout (renewDeadline / 2).
      const path = `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases${verb === 'Post' ? '' : `/${this.o.name}`}`;
      throw new LockError(`${verb} "${this.o.server}${path}?timeout=${RENEW_DEADLINE_MS / 2000}s": context deadline exceeded`);
    }
    try {
      return fn();
    } catch (e) {
      if (isStatusError(e)) {
        const err = new LockError(e.message);
        err.notFound = isStatusError(e, 'NotFound');
        throw err;
      }
      throw e;
    }
  }
}
