/**
 * Plays a scenario: builds the cluster from its settings and seed, then performs each action at its
 * virtual time, exactly as a person at the keyboard would have. The same scenario always gives the
 * same cluster.
 */
import { createCluster } from '../sim/cluster';
import type { Cluster } from '../sim/cluster';
import { runKubectl } from '../kubectl/kubectl';
import type { KubectlResult } from '../kubectl/kubectl';
import type { Scenario, ScenarioAction } from './format';

export const ADMIN_USER = 'kubernetes-admin';

export interface ActionResult {
  atMs: number;
  action: ScenarioAction;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class ScenarioRun {
  readonly cluster: Cluster;
  readonly results: ActionResult[] = [];

  constructor(readonly scenario: Scenario) {
    this.cluster = createCluster({ seed: scenario.seed, nodes: scenario.cluster.nodes, scheduler: scenario.cluster.scheduler });
    for (const action of scenario.actions) {
      this.cluster.clock.at(action.atMs, 'user action', () => this.perform(action));
    }
  }

  runUntil(ms: number): void {
    this.cluster.runUntil(ms);
  }

  /** Runs a kubectl command line now, as the cluster admin. */
  kubectl(line: string, stdin?: string): KubectlResult {
    return runKubectl(line, { client: this.cluster.client(ADMIN_USER), nowMs: () => this.cluster.clock.now(), ...(stdin !== undefined ? { stdin } : {}) });
  }

  private perform(action: ScenarioAction): void {
    const r = 'apply' in action ? this.kubectl('apply -f -', action.apply) : this.kubectl(action.kubectl);
    this.results.push({ atMs: action.atMs, action, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
  }
}
