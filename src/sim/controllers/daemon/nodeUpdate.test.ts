import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition } from '../../types';
import { nodeInSameCondition, shouldIgnoreNodeUpdate } from './nodeUpdate';

const cond = (type: string, status: string, heartbeat = '2024-09-02T10:00:00Z'): NodeCondition => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: '2024-09-02T09:59:00Z', reason: 'KubeletReady', message: 'ok' });

function node(rv: string, conditions: NodeCondition[], extra: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', resourceVersion: rv, labels: { 'kubernetes.io/os': 'linux' } }, spec: {}, status: { conditions, allocatable: { cpu: '4' } }, ...extra };
}

describe('nodeInSameCondition', () => {
  it('compares the set of condition types that are True', () => {
    expect(nodeInSameCondition(undefined, [])).toBe(true);
    expect(nodeInSameCondition([cond('Ready', 'True'), cond('MemoryPressure', 'False')], [cond('MemoryPressure', 'False'), cond('Ready', 'True', 'later')])).toBe(true);
    expect(nodeInSameCondition([cond('Ready', 'True')], [cond('Ready', 'Unknown')])).toBe(false);
    expect(nodeInSameCondition([cond('Ready', 'False')], [cond('Ready', 'True')])).toBe(false);
    expect(nodeInSameCondition([cond('Ready', 'True')], [cond('Ready', 'True'), cond('DiskPressure', 'True')])).toBe(false);
  });
});

describe('shouldIgnoreNodeUpdate', () => {
  it('ignores a status write that only moves heartbeats and the resourceVersion', () => {
    expect(shouldIgnoreNodeUpdate(node('10', [cond('Ready', 'True')]), node('11', [cond('Ready', 'True', '2024-09-02T10:00:10Z')]))).toBe(true);
  });

  it('looks at a Ready flip, a label, a taint and any other status field', () => {
    const old = node('10', [cond('Ready', 'True')]);
    expect(shouldIgnoreNodeUpdate(old, node('11', [cond('Ready', 'False')]))).toBe(false);
    expect(shouldIgnoreNodeUpdate(old, node('11', [cond('Ready', 'True')], { metadata: { name: 'worker-1', resourceVersion: '11', labels: { disk: 'ssd' } } }))).toBe(false);
    expect(shouldIgnoreNodeUpdate(old, node('11', [cond('Ready', 'True')], { spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } }))).toBe(false);
    expect(shouldIgnoreNodeUpdate(old, node('11', [cond('Ready', 'True')], { status: { conditions: [cond('Ready', 'True')], allocatable: { cpu: '3' } } }))).toBe(false);
  });

  it('treats a missing and an empty list alike, as the semantic comparison does', () => {
    expect(shouldIgnoreNodeUpdate(node('10', [cond('Ready', 'True')], { spec: {} }), node('11', [cond('Ready', 'True')], { spec: { taints: [] } }))).toBe(true);
  });
});
