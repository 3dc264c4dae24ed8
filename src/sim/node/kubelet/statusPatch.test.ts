import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parse';
import { ScenarioRun } from '../../../scenario/runner';
import { createCluster } from '../../cluster';
import { StatusError } from '../../api/types';

const POD = 'web-64f5c8754f-jhdds';

function webRun(): ScenarioRun {
  const sc = parseScenario(readFileSync(new URL('../../../../examples/web.yaml', import.meta.url), 'utf8'));
  return new ScenarioRun({ ...sc, actions: sc.actions.slice(0, 1) });
}

describe("the kubelet's status writes, as the API server receives them", () => {
  it('reads its Node from the cache (resourceVersion=0) and patches its status with only the heartbeats', () => {
    const run = webRun();
    const log = run.cluster.api.conversation;
    run.runUntil(30000);
    const mine = log.slice(0).filter((e) => e.kind === 'request' && e.component === 'kubelet/worker-3' && e.resource === 'nodes');
    const lines = mine.map((e) => (e.kind === 'request' ? `${e.verb} ${e.uri}` : ''));
    expect(lines.slice(0, 3)).toEqual(['create /api/v1/nodes', 'get /api/v1/nodes/worker-3?resourceVersion=0', 'patch /api/v1/nodes/worker-3/status']);
    const heartbeat = mine.filter((e) => e.kind === 'request' && e.verb === 'patch').at(-1)!;
    const body = JSON.parse(log.request(heartbeat.seq)!.body!) as { status: { conditions: Record<string, string>[] } };
    expect(Object.keys(body)).toEqual(['status']);
    expect(body.status.conditions.map((c) => Object.keys(c))).toEqual([['lastHeartbeatTime', 'type'], ['lastHeartbeatTime', 'type'], ['lastHeartbeatTime', 'type'], ['lastHeartbeatTime', 'type']]);
  });

  it("patches a pod's status with its uid as precondition, conditions by type in $setElementOrder, and the pod ends Running", () => {
    const run = webRun();
    const log = run.cluster.api.conversation;
    run.runUntil(10000);
    const patches = log.slice(0).filter((e) => e.kind === 'request' && e.verb === 'patch' && e.resource === 'pods' && e.name === POD);
    expect(patches.map((e) => (e.kind === 'request' ? `${e.component} ${e.uri} ${e.code}` : ''))).toEqual([
      `kubelet/worker-1 /api/v1/namespaces/default/pods/${POD}/status 200`,
      `kubelet/worker-1 /api/v1/namespaces/default/pods/${POD}/status 200`,
    ]);
    const pod = run.cluster.api.peek('pods', 'default', POD)!;
    const last = JSON.parse(log.request(patches[1]!.seq)!.body!) as { metadata: unknown; status: Record<string, unknown> };
    expect(last.metadata).toEqual({ uid: pod.metadata.uid });
    expect(Object.keys(last.status)).toEqual(['$setElementOrder/conditions', 'conditions', 'containerStatuses', 'phase', 'podIP', 'podIPs']);
    expect(last.status['$setElementOrder/conditions']).toEqual([{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready' }, { type: 'ContainersReady' }, { type: 'PodScheduled' }]);
    expect((last.status.conditions as { type: string }[]).map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Ready', 'ContainersReady']);
    expect((pod as { status?: { phase?: string } }).status?.phase).toBe('Running');
  });

  it('refuses a status patch naming another uid, as validation refuses a changed uid', () => {
    const c = createCluster({ bare: true });
    const k = c.client('kubernetes-admin');
    k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 's', namespace: 'default' } });
    let err: StatusError | undefined;
    try {
      k.patch('configmaps', 'default', 's', { metadata: { uid: 'not-it' } }, { type: 'strategic' });
    } catch (e) {
      if (e instanceof StatusError) err = e;
    }
    expect(err?.status.code).toBe(422);
    expect(err?.message).toBe('ConfigMap "s" is invalid: metadata.uid: Invalid value: "not-it": field is immutable');
  });
});
