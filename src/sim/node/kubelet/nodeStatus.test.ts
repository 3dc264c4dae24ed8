import { describe, expect, it } from 'vitest';
import type { Node } from '../../types';
import { nodeRig } from '../testutil';

describe('kubelet: node status passes', () => {
  it("writes nothing for another's edit of the Node, and writes a change of the image set at the next pass", () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    const k = kubelets[0]!;
    cluster.runUntil(30_000);
    const writes = k.stats.nodeStatusWrites;
    admin.patch('nodes', undefined, 'worker-1', { metadata: { labels: { tier: 'web' } } }, { type: 'strategic' });
    cluster.runUntil(90_000);
    expect(k.stats.nodeStatusWrites).toBe(writes);
    const images = () => admin.get<Node>('nodes', undefined, 'worker-1').status!.images!.flatMap((i) => i.names ?? []);
    expect(images()).toContain('registry.k8s.io/kube-proxy:v1.31.0');
    expect(k.images.remove('registry.k8s.io/kube-proxy:v1.31.0')).toBe(true);
    cluster.runUntil(101_000);
    expect(k.stats.nodeStatusWrites).toBe(writes + 1);
    expect(images()).not.toContain('registry.k8s.io/kube-proxy:v1.31.0');
    cluster.runUntil(160_000);
    expect(k.stats.nodeStatusWrites).toBe(writes + 1);
  });
});
