/**
 * Status: the small value every plugin returns. `null` stands for Success everywhere, so the hot paths
 * (Filter on thousands of nodes) allocate nothing when a node fits.
 *
 * Mirrors `framework.Status` (pkg/scheduler/framework/interface.go): a code, the reasons, the plugin
 * that produced it (stamped by the framework's runners, never by the plugin) and an optional error.
 */

/**
 * What a plugin decided.
 * - `Success`: the plugin ran and found no problem.
 * - `Error`: something went wrong inside the scheduler; the pod is retried after backoff.
 * - `Unschedulable`: the pod does not fit now; preemption may help (e.g. `Insufficient cpu`).
 * - `UnschedulableAndUnresolvable`: preemption cannot help on this node (taints, affinity, node name).
 * - `Wait`: a Permit plugin holds the pod.
 * - `Skip`: from PreFilter/PreScore, the plugin has nothing to do for this pod; its Filter/Score is skipped.
 * - `Pending`: the pod waits for something outside the scheduler's control.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip' | 'Pending';

export class Status {
  /** The plugin that returned this status; set by the framework runner. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly err?: Error,
  ) {}

  /** The reasons joined by `, `, as `Status.Message()` does. */
  message(): string {
    return this.reasons.join(', ');
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending: the pod was turned away, not failed. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable' || this.code === 'Pending';
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }
}

/** A status built from an error: code Error, the error's message as the only reason. */
export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Status('Error', [e.message], e);
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** True for null (the Success shorthand) and for an explicit Success status. */
export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === 'Success';
}

export function codeOf(s: Status | null | undefined): Code {
  return s ? s.code : 'Success';
}
