/**
 * A small story DSL for scheduling scenario tests: a whole cluster (API server, controllers,
 * scheduler, kubelets) from a node list and a seed, manifests applied as a person would, and
 * questions asked through the API.
 */
import type { NodeSettings } from '../../src/sim/cluster';
import { ScenarioRun } from '../../src/scenario/runner';
import type { KObject, Pod, StoredObject } from '../../src/sim/types';
import { DisruptionController } from '../../src/sim/controllers/disruption';
import { findScheduler } from '../../src/cli/traceScheduling';

export interface EventRow {
  reason?: string;
  message?: string;
  type?: string;
  involvedObject?: { name?: string; kind?: string };
  source?: { component?: string };
}

export class Story {
  readonly run: ScenarioRun;

  constructor(nodes: NodeSettings[], opts: { seed?: number; scheduler?: unknown; disruption?: boolean } = {}) {
    this.run = new ScenarioRun({ seed: opts.seed ?? 1, cluster: { nodes, ...(opts.scheduler ? { scheduler: opts.scheduler } : {}) }, actions: [] });
    if (opts.disruption && !this.run.cluster.components.some((x) => x instanceof DisruptionController)) {
      // Until the controller list wires it, run the PDB controller the way kube-controller-manager would.
      const c = this.run.cluster;
      const dc = new DisruptionController(c.context(DisruptionController.user, { component: DisruptionController.eventSource }, 'controller/disruption-controller'));
      c.add(dc);
      dc.start();
    }
  }

  get scheduler() {
    return findScheduler(this.run.cluster)!;
  }

  apply(yaml: string): this {
    const r = this.run.act({ apply: yaml });
    if (r.exitCode !== 0) throw new Error(`apply failed: ${r.stderr}`);
    return this;
  }

  kubectl(line: string): string {
    const r = this.run.act({ kubectl: line });
    if (r.exitCode !== 0) throw new Error(`kubectl ${line} failed: ${r.stderr}`);
    return r.stdout;
  }

  advance(ms: number): this {
    this.run.runUntil(this.run.now() + ms);
    return this;
  }

  pods(prefix = ''): (Pod & StoredObject)[] {
    return this.run.cluster.client().list<Pod & StoredObject>('pods', 'default').items.filter((p) => p.metadata.name.startsWith(prefix) && !p.metadata.deletionTimestamp);
  }

  pod(name: string): Pod & StoredObject {
    return this.run.cluster.client().get<Pod & StoredObject>('pods', 'default', name);
  }

  /** node name → how many of the pods with this prefix run there. */
  placement(prefix: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.pods(prefix)) {
      const n = p.spec?.nodeName ?? '<none>';
      out[n] = (out[n] ?? 0) + 1;
    }
    return out;
  }

  events(reason?: string, about?: string): EventRow[] {
    return this.run.cluster.client().list<KObject & StoredObject>('events', undefined).items
      .map((e) => e as unknown as EventRow)
      .filter((e) => (!reason || e.reason === reason) && (!about || e.involvedObject?.name === about));
  }
}

export const worker = (name: string, extra: Partial<NodeSettings> = {}): NodeSettings => ({ name, cpu: '4', memory: '8Gi', pods: 110, ...extra });
export const controlPlane = (): NodeSettings => ({ name: 'control-plane', cpu: '4', memory: '8Gi', pods: 110, controlPlane: true });

export function podYaml(name: string, spec: string, labels: Record<string, string> = {}): string {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${l ? `  labels:\n${l}\n` : ''}spec:
${spec.trim().split('\n').map((x) => '  ' + x).join('\n')}
`;
}

export function container(cpu = '100m', memory = '64Mi', image = 'nginx:1.27'): string {
  return `containers:
- name: app
  image: ${image}
  resources:
    requests:
      cpu: ${cpu}
      memory: ${memory}`;
}
