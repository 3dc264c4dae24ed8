/**
 * The kubelet when the API server refuses its writes: it keeps running (no restart), logs the refusal,
 * and writes the pod's status once it may again.
 */
import { describe, expect, it, vi } from 'vitest';
import { createBound, getPod, nodeRig, podSpec } from './testutil';

describe('Kubelet refused by the API server', () => {
  it('logs a refused pod status write and writes the status once allowed again', () => {
    const { cluster, admin } = nodeRig(['worker-1']);
    cluster.runUntil(2_000);
    let refuse = true;
    // A stand-in for the chain: everything allowed but the kubelet's pod status writes, while refused.
    vi.spyOn(cluster.api.authorizer, 'authorize').mockImplementation((a) =>
      refuse && a.user.name === 'system:node:worker-1' && a.resource === 'pods' && a.subresource === 'status' ? { allowed: false, reason: '', considered: [] } : { allowed: true, reason: '', considered: [] },
    );
    cluster.api.authorizationMode = 'Node,RBAC';
    createBound(admin, podSpec('web'), 'worker-1');
    cluster.runUntil(30_000);
    // The phase the API server gave it at creation: nothing the kubelet wrote.
    expect(getPod(admin, 'web').status?.phase).toBe('Pending');
    const refused = cluster.componentLog().filter((l) => l.message.includes('Failed to update status for pod'));
    expect(refused[0]?.message).toBe('kubelet/worker-1: Failed to update status for pod default/web: pods "web" is forbidden: User "system:node:worker-1" cannot patch resource "pods/status" in API group "" in the namespace "default"');
    expect(cluster.panics).toEqual([]);
    refuse = false;
    cluster.runUntil(60_000);
    expect(getPod(admin, 'web').status?.phase).toBe('Running');
  });
});
