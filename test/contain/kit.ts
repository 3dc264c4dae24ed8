/**
 * A kit for tests of bugs that should not exist: a way to make one method of a component throw, as
 * a bug would, and readers for what the cluster does about it. Nothing here is reachable from the
 * product: the throw is planted on the class's prototype for the length of a test.
 */
import { afterEach, vi } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Cluster } from '../../src/sim/cluster';
import { Process } from '../../src/sim/process';
import type { Pod } from '../../src/sim/types';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What JavaScript throws when code reads a field of something missing: the nil dereference of a Go program. */
export const BUG = "Cannot read properties of undefined (reading 'spec')";

export interface Bug {
  /** Calls that threw so far. */
  readonly hits: number;
  /** The code is fixed: calls go through from now on. */
  fix(): void;
}

/**
 * Makes `method` of every instance of a class — also those a restarted process builds — throw a
 * TypeError while `when` says so for the instance and arguments, at most `times` times. The method
 * may be private: the bug is planted by name on the prototype, which is why it is loosely typed here.
 */
export function plantBug<T extends object>(proto: T, method: string, when: (self: T, args: unknown[]) => boolean = () => true, times = Number.POSITIVE_INFINITY): Bug {
  const methods = proto as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = methods[method];
  if (typeof original !== 'function') throw new Error(`no method ${method} to plant a bug in`);
  let on = true;
  let hits = 0;
  vi.spyOn(methods, method).mockImplementation(function (this: T, ...args: unknown[]) {
    if (on && hits < times && when(this, args)) {
      hits++;
      throw new TypeError(BUG);
    }
    return original.apply(this, args);
  });
  return {
    get hits() {
      return hits;
    },
    fix() {
      on = false;
    },
  };
}

/** Records the virtual time of each start of the named process from now on. */
export function processStarts(cluster: Cluster, name: string): number[] {
  const starts: number[] = [];
  const start = Process.prototype.start;
  vi.spyOn(Process.prototype, 'start').mockImplementation(function (this: Process, ...args: Parameters<Process['start']>) {
    if (this.name === name) starts.push(cluster.clock.now());
    return start.apply(this, args);
  });
  return starts;
}

/** When each panic of the named process happened. */
export function panicTimes(cluster: Cluster, name: string): number[] {
  return cluster.panics.filter((p) => p.process === name).map((p) => p.atMs);
}

/** A cluster (the default four nodes) with nothing applied yet. */
export function emptyRun(seed = 1): ScenarioRun {
  return new ScenarioRun({ seed, cluster: {}, actions: [] });
}

export function apply(r: ScenarioRun, yaml: string): void {
  const res = r.act({ apply: yaml });
  if (res.exitCode !== 0) throw new Error(`apply failed: ${res.stderr}`);
}

/** `kubectl ARGS` as the admin: its stdout, and its stderr when it fails. */
export function kubectl(r: ScenarioRun, line: string): string {
  const res = r.kubectl(line);
  return res.exitCode === 0 ? res.stdout : res.stderr;
}

export function pod(r: ScenarioRun, namespace: string, name: string): Pod {
  return r.cluster.api.peek('pods', namespace, name) as Pod;
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "${image}"}]
`;
}
