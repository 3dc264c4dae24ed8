/**
 * A control-plane process — kube-scheduler, kube-controller-manager, an add-on — and the components
 * it runs. The process is the owner of everything its components do on the clock and of every watch
 * event they receive (clock.ts), so a throw anywhere in them is this process panicking:
 *
 * - the instance exits with code 2, what a Go program dying of a panic exits with, and writes the
 *   panic to its stderr; its queued events are dropped and its watches go quiet;
 * - its host hears of it: the kubelet running the static pod's container, which records the
 *   termination and restarts the container as restartPolicy and its back-off say (CrashLoopBackOff if
 *   it keeps failing). A process that no container runs restarts itself with the same kind of
 *   back-off, as a supervisor would;
 * - a start builds the components afresh — new clients, informers and queues, so they list
 *   everything again, as a real process start does. The cluster's first instance is built before any
 *   kubelet runs and is adopted by the container the kubelet starts for it.
 */
import type { Clock, Owner, TimerId } from './clock';
import type { Component } from './component';
import { goPanicLines } from './panic';

/** Exit code of a Go program killed by an unrecovered panic. */
export const PANIC_EXIT_CODE = 2;

/** A process without a container is restarted after 10 s, doubling to 5 min while it keeps failing. */
const SUPERVISOR_BACKOFF_MS = 10_000;
const SUPERVISOR_MAX_BACKOFF_MS = 300_000;

/** A component that starts some of its process's other components itself (leader election does). */
export interface Starter extends Component {
  readonly starts: readonly Component[];
}

/** Whoever runs a process: told when the process ends by itself. */
export interface ProcessHost {
  /** The process ended with `exitCode`, its last words (`stderr`) written. */
  exited(exitCode: number, stderr: string[]): void;
  /** A line the process logged while it runs (what `kubectl logs` shows of its container). */
  write?(line: string): void;
  /** The network namespace the container runs in on its machine (`''`: the host's). */
  netns?: string;
}

export interface ProcessOptions {
  name: string;
  clock: Clock;
  /**
   * Builds the components of one instance, afresh. `previous` holds the last instance's components
   * (empty at the first start), for what lives outside the process, such as the glass-box traces.
   */
  build(previous: readonly Component[]): Component[];
  /** Told of every panic (the cluster records it and writes its component log). */
  onPanic?(process: string, err: unknown): void;
}

/** One run of the process, from start to exit: the owner its work runs under. */
class Instance implements Owner {
  exited = false;
  constructor(private readonly process: Process) {}

  get name(): string {
    return this.process.name;
  }

  fail(err: unknown): void {
    this.process.panicked(this, err);
  }

  write(line: string): void {
    if (!this.exited) this.process.write(line);
  }
}

export class Process {
  readonly name: string;
  private readonly clock: Clock;
  private instance: Instance | undefined;
  /** built by `create`, not started yet */
  private created: Instance | undefined;
  private built: Component[] = [];
  private host: ProcessHost | undefined;
  private restartTimer: TimerId | undefined;
  private backoffMs = 0;
  private lastPanicMs = Number.NEGATIVE_INFINITY;
  /** How many instances have started. */
  starts = 0;
  /** Lines the first instance wrote before a container adopted it. */
  private unadopted: string[] = [];

  constructor(private readonly opts: ProcessOptions) {
    this.name = opts.name;
    this.clock = opts.clock;
  }

  get running(): boolean {
    return this.instance !== undefined;
  }

  /** Whether the process runs now in `host`'s container. */
  runsIn(host: ProcessHost): boolean {
    return this.instance !== undefined && this.host === host;
  }

  /** The network namespace of the container the process runs in, if it runs in one. */
  get netns(): string | undefined {
    return this.instance ? this.host?.netns : undefined;
  }

  /** The components of the running (or the last) instance. */
  components(): readonly Component[] {
    return this.built;
  }

  /** The owner of the running instance's work. */
  owner(): Owner | undefined {
    return this.instance;
  }

  /**
   * Builds the first instance without starting it. A build that throws is not a panic but a process
   * that cannot start at all (kube-scheduler refusing its configuration): the error goes to the caller.
   */
  create(): void {
    if (this.instance || this.created) return;
    const inst = new Instance(this);
    this.built = this.clock.runAs(inst, () => this.opts.build([]));
    this.created = inst;
  }

  /**
   * Starts the process — the instance `create` built, else a fresh one — in `host`'s container if
   * given. A throw while starting is a panic like any other.
   */
  start(host?: ProcessHost): void {
    this.clock.cancel(this.restartTimer);
    this.restartTimer = undefined;
    if (this.instance) return;
    const reuse = this.created !== undefined;
    const inst = this.created ?? new Instance(this);
    this.created = undefined;
    this.instance = inst;
    this.host = host;
    this.starts++;
    this.clock.deliver(inst, () => {
      if (!reuse) this.built = this.opts.build(this.built);
      // A component another one starts (a leader elector's work, once it leads) waits for it.
      const led = new Set(this.built.flatMap((c) => (c as Partial<Starter>).starts ?? []));
      for (const c of this.built) if (!led.has(c)) c.start();
    }, undefined);
  }

  /**
   * The host started a container for this process: an instance the cluster started before any
   * container existed (at its boot) is adopted; otherwise a fresh instance starts in it.
   */
  runIn(host: ProcessHost): void {
    if (this.instance && !this.host) {
      this.host = host;
      this.clock.cancel(this.restartTimer);
      this.restartTimer = undefined;
      for (const line of this.unadopted.splice(0)) host.write?.(line);
      return;
    }
    this.stop();
    this.start(host);
  }

  /** The process is stopped (its container was killed, its machine lost power): no exit is reported. */
  stop(): void {
    this.clock.cancel(this.restartTimer);
    this.restartTimer = undefined;
    const inst = this.instance;
    if (!inst) return;
    inst.exited = true;
    this.instance = undefined;
    this.unadopted = [];
    this.host = undefined;
    for (const c of this.built) {
      try {
        c.stop?.();
      } catch {
        // A process on its way out that fails to tidy up leaves nothing behind: its events are dropped.
      }
    }
  }

  /** The container `host` gave this process was stopped: the process goes with it (if it still lives there). */
  stopIn(host: ProcessHost): void {
    if (this.host === host) this.stop();
  }

  /** Runs `fn` as this process (a call into one of its components from outside the clock); a throw is a panic. */
  call(fn: () => void): void {
    if (this.instance) this.clock.deliver(this.instance, fn, undefined);
    else fn();
  }

  /**
   * A line the running process logs; it goes to its container's log. The cluster's first instance
   * logs before its container adopts it: those lines wait for the container (nowhere without one).
   */
  write(line: string): void {
    if (!this.instance) return;
    if (this.host) this.host.write?.(line);
    else if (this.unadopted.length < 100) this.unadopted.push(line);
  }

  /**
   * The running process ends by itself with `exitCode` (a component giving up, as flanneld does when its
   * node has no pod CIDR): like a panic, but with its own code and last words and nothing recorded.
   */
  exit(exitCode: number, stderr: string[] = []): void {
    if (!this.instance) return;
    this.end(exitCode, stderr);
  }

  /** A throw in the instance's work: the instance exits 2 and its host (or its own supervisor) takes over. */
  panicked(inst: Instance, err: unknown): void {
    if (inst !== this.instance) return;
    this.opts.onPanic?.(this.name, err);
    this.end(PANIC_EXIT_CODE, goPanicLines(err, `${this.name}/${this.starts}`));
  }

  /** The running instance is gone with `exitCode`: its host (or, without one, the supervisor) takes over. */
  private end(exitCode: number, stderr: string[]): void {
    const host = this.host;
    this.stop();
    // What follows is the host's work or the supervisor's, not the dead instance's.
    this.clock.runAs(undefined, () => {
      if (host) host.exited(exitCode, stderr);
      else this.superviseRestart();
    });
  }

  private superviseRestart(): void {
    const now = this.clock.now();
    this.backoffMs = now - this.lastPanicMs > 2 * SUPERVISOR_MAX_BACKOFF_MS ? SUPERVISOR_BACKOFF_MS : Math.min(this.backoffMs * 2, SUPERVISOR_MAX_BACKOFF_MS);
    this.lastPanicMs = now;
    this.restartTimer = this.clock.after(this.backoffMs, `${this.name}: restart`, () => {
      this.restartTimer = undefined;
      this.start();
    });
  }
}
