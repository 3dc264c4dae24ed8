import { describe, expect, it } from 'vitest';
import { createTwoWayMergePatch } from './strategicDiff';
import { strategicMergePatch } from './patch';
import { nodeStatusPatch } from '../node/kubelet/nodeStatusPatch';
import type { Node } from '../types';

const cond = (type: string, status: string, t: string, extra: Record<string, string> = {}) => ({ type, status, lastProbeTime: null, lastTransitionTime: t, ...extra });
const T0 = '2024-09-02T09:59:30Z';
const T1 = '2024-09-02T09:59:33Z';

describe('the two-way strategic merge diff of a pod status, as statusutil.PatchPodStatus sends it', () => {
  const old = {
    phase: 'Pending',
    conditions: [cond('Initialized', 'True', T0), cond('Ready', 'False', T0, { reason: 'ContainersNotReady' }), cond('PodScheduled', 'True', T0)],
    hostIP: '192.168.1.13',
    containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  };
  const now = {
    phase: 'Running',
    conditions: [cond('PodReadyToStartContainers', 'True', T1), cond('Initialized', 'True', T0), cond('Ready', 'True', T1), cond('PodScheduled', 'True', T0)],
    hostIP: '192.168.1.13',
    podIP: '10.244.3.2',
    podIPs: [{ ip: '10.244.3.2' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: T1 } } }],
  };

  it('sends the uid, changed conditions by type with $setElementOrder, the container statuses whole, keys sorted', () => {
    const patch = createTwoWayMergePatch({ status: old }, { metadata: { uid: 'u-1' }, status: now });
    expect(JSON.stringify(patch)).toBe(
      '{"metadata":{"uid":"u-1"},"status":{' +
        '"$setElementOrder/conditions":[{"type":"PodReadyToStartContainers"},{"type":"Initialized"},{"type":"Ready"},{"type":"PodScheduled"}],' +
        '"conditions":[{"lastProbeTime":null,"lastTransitionTime":"2024-09-02T09:59:33Z","status":"True","type":"PodReadyToStartContainers"},' +
        '{"lastTransitionTime":"2024-09-02T09:59:33Z","reason":null,"status":"True","type":"Ready"}],' +
        '"containerStatuses":[{"name":"web","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2024-09-02T09:59:33Z"}}}],' +
        '"phase":"Running","podIP":"10.244.3.2","podIPs":[{"ip":"10.244.3.2"}]}}',
    );
  });

  it('applied by the server gives exactly the new status, in the new order', () => {
    const patch = createTwoWayMergePatch({ status: old }, { metadata: { uid: 'u-1' }, status: now });
    const out = strategicMergePatch({ metadata: { name: 'p', uid: 'u-1' }, status: old }, patch) as { status: unknown };
    expect(out.status).toEqual(now);
    expect((out.status as typeof now).conditions.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'PodScheduled']);
  });

  it('deletes a condition the new status dropped with a $patch directive after the changes', () => {
    const patch = createTwoWayMergePatch({ status: { conditions: [cond('A', 'True', T0), cond('B', 'True', T0)] } }, { status: { conditions: [cond('B', 'False', T1)] } });
    expect(JSON.stringify(patch)).toBe('{"status":{"$setElementOrder/conditions":[{"type":"B"}],"conditions":[{"lastTransitionTime":"2024-09-02T09:59:33Z","status":"False","type":"B"},{"$patch":"delete","type":"A"}]}}');
    expect(strategicMergePatch({ status: { conditions: [cond('A', 'True', T0), cond('B', 'True', T0)] } }, patch)).toEqual({ status: { conditions: [cond('B', 'False', T1)] } });
  });

  it('is only the uid precondition when nothing changed', () => {
    expect(createTwoWayMergePatch({ status: old }, { metadata: { uid: 'u-1' }, status: old })).toEqual({ metadata: { uid: 'u-1' } });
  });
});

describe("the kubelet's node status patch (nodeutil.PatchNodeStatus)", () => {
  const node = (addresses: { type: string; address: string }[], hb: string): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'worker-1', resourceVersion: '40' },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      addresses,
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: hb, lastTransitionTime: T0, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: hb, lastTransitionTime: T0, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
    },
  });
  const addrs = [{ type: 'InternalIP', address: '192.168.1.11' }, { type: 'Hostname', address: 'worker-1' }];

  it('carries only the heartbeats of a heartbeat, by condition type', () => {
    expect(JSON.stringify(nodeStatusPatch(node(addrs, T0), node(addrs, T1)))).toBe(
      '{"status":{"$setElementOrder/conditions":[{"type":"MemoryPressure"},{"type":"Ready"}],"conditions":[{"lastHeartbeatTime":"2024-09-02T09:59:33Z","type":"MemoryPressure"},{"lastHeartbeatTime":"2024-09-02T09:59:33Z","type":"Ready"}]}}',
    );
  });

  it('sends changed addresses whole behind $patch: replace, which the server applies as a replacement', () => {
    const moved = [{ type: 'InternalIP', address: '192.168.1.21' }, { type: 'Hostname', address: 'worker-1' }];
    const patch = nodeStatusPatch(node(addrs, T0), node(moved, T0));
    expect(JSON.stringify(patch)).toBe('{"status":{"addresses":[{"address":"192.168.1.21","type":"InternalIP"},{"address":"worker-1","type":"Hostname"},{"$patch":"replace"}]}}');
    expect((strategicMergePatch(node(addrs, T0), patch) as Node).status?.addresses).toEqual(moved);
  });

  it('never patches the spec', () => {
    const changed = { ...node(addrs, T0), spec: { podCIDR: '10.244.9.0/24' } };
    expect(nodeStatusPatch(node(addrs, T0), changed)).toEqual({});
  });
});
