/**
 * Extreme but legal input runs in bounded work: budgets of clock events and API requests (never wall
 * time) for 100,000 replicas on the default cluster and for nodes with huge and tiny capacities.
 *
 * 100,000 replicas: kube-controller-manager's client allows 20 requests a second (burst 30), so the
 * ReplicaSet controller creates pods at that pace in slow-start batches of at most 500; pods that do
 * not fit wait in the scheduler's unschedulable pool; the recorder's correlator folds the ReplicaSet's
 * SuccessfulCreate events into one and its spam filter stops after 25. At 60s about 1,200 pods exist,
 * 324 of them Running (3 workers × 110, less the kube-proxy and kube-flannel pods on each).
 */
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { NodeSettings } from '../../src/sim/cluster';

function deployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;
}

/** Runs a scenario to `untilMs`, counting what it cost from virtual 0s. */
function measure(nodes: NodeSettings[] | undefined, replicas: number, untilMs: number, maxEvents: number) {
  const run = new ScenarioRun({ seed: 1, cluster: nodes ? { nodes } : {}, actions: [{ atMs: 0, apply: deployment(replicas) }] });
  const events0 = run.cluster.clock.eventsRun;
  const requests0 = run.cluster.api.audit.count();
  const reached = run.advance(untilMs, maxEvents);
  return { run, reached, events: run.cluster.clock.eventsRun - events0, requests: run.cluster.api.audit.count() - requests0 };
}

const FAILED_SCHEDULING =
  '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Too many pods. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..';

describe('100,000 replicas on the default cluster', () => {
  const m = measure(undefined, 100_000, 60_000, 30_000);

  it('reaches virtual 60s within 30,000 clock events and 10,000 API requests', () => {
    expect(m.reached).toBe(true);
    expect(m.events).toBeLessThan(30_000);
    expect(m.requests).toBeLessThan(10_000);
  });

  it('runs as many as fit and shows the ReplicaSet creating at the controller manager’s pace', () => {
    // The three workers hold 110 pods each, less their flannel and kube-proxy pods, the second CoreDNS
    // replica and metrics-server (both on worker-2): 330 - 6 - 2 = 322.
    expect(m.run.kubectl('get deploy').stdout).toBe('NAME   READY        UP-TO-DATE   AVAILABLE   AGE\nweb    322/100000   500          322         60s\n');
    const pods = m.run.cluster.client().list<{ status?: { phase?: string } }>('pods', 'default').items;
    // 20 a second after a burst of 30, less the ReplicaSet's status writes and its 25 events.
    expect(pods.length).toBe(1201);
    expect(pods.filter((p) => p.status?.phase === 'Running').length).toBe(322);
    expect(pods.filter((p) => p.status?.phase === 'Pending').length).toBe(879);
  });

  it('leaves the rest Pending with the scheduler’s FailedScheduling message', () => {
    const events = m.run.cluster.client().list<{ reason: string; message: string; involvedObject: { kind: string } }>('events', 'default').items;
    const failed = events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed.length).toBe(879);
    expect(new Set(failed.map((e) => e.message))).toEqual(new Set([FAILED_SCHEDULING]));
  });

  it('folds the ReplicaSet’s SuccessfulCreate events: 9, then one combined event the spam filter stops at count 16', () => {
    const events = m.run.cluster.client().list<{ reason: string; message: string; count: number; involvedObject: { kind: string } }>('events', 'default').items;
    const created = events.filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'ReplicaSet');
    expect(created.map((e) => e.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 16]);
    expect(created[9]!.message).toMatch(/^\(combined from similar events\): Created pod: web-[a-z0-9]+-[a-z0-9]{5}$/);
  });
});

describe('huge and tiny node capacities', () => {
  const cp: NodeSettings = { name: 'control-plane', cpu: '4', memory: '8Gi', pods: 110, controlPlane: true };
  const cases: [string, NodeSettings, number][] = [
    ['cpu 1000, memory 4Ti, 110 pods', { name: 'big', cpu: '1000', memory: '4Ti', pods: 110 }, 107],
    // Too small for kube-flannel (100m CPU, 50Mi): its network never becomes ready, so nothing runs there.
    ['cpu 1m, memory 1Ki', { name: 'tiny', cpu: '1m', memory: '1Ki', pods: 110 }, 0],
    ['cpu 1e+308, memory 1 byte', { name: 'odd', cpu: '1e+308', memory: '1', pods: 110 }, 0],
    ['cpu 1e+308, memory 8Gi', { name: 'huge', cpu: '1e+308', memory: '8Gi', pods: 110 }, 107],
    ['no room at all: 0 pods', { name: 'none', cpu: '0', memory: '0', pods: 0 }, 0],
  ];
  for (const [name, node, ready] of cases) {
    it(`${name}: 1,000 replicas reach 60s within 20,000 clock events and 6,000 API requests`, () => {
      const r = measure([cp, node], 1000, 60_000, 20_000);
      expect(r.reached).toBe(true);
      expect(r.events).toBeLessThan(20_000);
      expect(r.requests).toBeLessThan(6_000);
      expect(r.run.kubectl('get deploy web -o jsonpath={.status.readyReplicas}').stdout).toBe(ready ? String(ready) : '');
    });
  }
});
