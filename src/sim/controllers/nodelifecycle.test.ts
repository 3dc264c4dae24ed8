import { describe, expect, it } from 'vitest';
import { Story, deployment } from './scenarios/kit';
import { matchingTolerations, minTolerationTimeMs } from './tainteviction';

describe('taint eviction arithmetic', () => {
  it.each([
    ['no tolerations used means at once', [], 0],
    ['the smallest tolerationSeconds wins', [{ key: 'a', operator: 'Exists', tolerationSeconds: 300 }, { key: 'b', operator: 'Exists', tolerationSeconds: 30 }], 30_000],
    ['a toleration without tolerationSeconds does not bound the time', [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists', tolerationSeconds: 60 }], 60_000],
    ['only unbounded tolerations mean never', [{ key: 'a', operator: 'Exists' }], -1],
    ['zero or negative means at once', [{ key: 'a', operator: 'Exists', tolerationSeconds: 0 }], 0],
  ] as const)('%s', (_name, tolerations, want) => {
    expect(minTolerationTimeMs(tolerations as never)).toBe(want);
  });

  it('reports an untolerated NoExecute taint', () => {
    const r = matchingTolerations([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
    expect(r.all).toBe(false);
  });
});

describe('NodeLifecycleController and TaintEvictionController on a whole cluster', () => {
  it('removes the TaintNodesByCondition not-ready taint once the kubelet reports Ready, and registers nodes', () => {
    const s = new Story();
    s.advance(5_000);
    for (const n of ['worker-1', 'worker-2', 'worker-3']) {
      expect(s.node(n).spec?.taints ?? []).toEqual([]);
    }
    expect(s.node('control-plane').spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node-role.kubernetes.io/control-plane:NoSchedule']);
    expect(s.events('RegisteredNode').map((e) => e.message)).toContain('Node worker-1 event: Registered Node worker-1 in Controller');
  });

  it('marks a silent node Unknown after the 40s grace, taints it, evicts its pods after 300s and replaces them elsewhere', () => {
    const s = new Story();
    s.create('deployments', deployment('web', 6));
    s.until(55_000);
    const onW1 = s.running('default', (p) => p.spec?.nodeName === 'worker-1');
    expect(onW1.length).toBeGreaterThan(0);
    expect(s.running()).toHaveLength(6);

    // The machine stops: its kubelet posts nothing more.
    s.until(60_000);
    s.kubelet('worker-1').stop?.();
    s.until(95_000);
    expect(s.node('worker-1').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    s.until(110_000);
    const ready = s.node('worker-1').status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    // The NoExecute taint follows one monitor period after the node is observed Unknown.
    s.until(120_000);
    const taints = (s.node('worker-1').spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
    expect(taints).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(s.events('NodeNotReady', 'worker-1').map((e) => e.message)).toContain('Node worker-1 status is now: NodeNotReady');
    // Its pods are no longer Ready, but stay until their 300s toleration runs out.
    for (const p of onW1) {
      const cur = s.get<typeof p>('pods', p.metadata.name);
      expect(cur.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
      expect(cur.metadata.deletionTimestamp).toBeUndefined();
    }
    const taintedAt = Date.parse(s.node('worker-1').spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!);
    s.until(380_000);
    expect(s.events('TaintManagerEviction')).toHaveLength(0);
    s.until(430_000);
    // kube-system's CoreDNS may run there too; this story is about the workload in default.
    const evictions = s.events('TaintManagerEviction').filter((e) => e.message.includes(' Pod default/'));
    expect(evictions.map((e) => e.message).sort()).toEqual(onW1.map((p) => `Marking for deletion Pod default/${p.metadata.name}`).sort());
    const evictedAt = Date.parse(evictions[0]!.firstTimestamp);
    expect(evictedAt - taintedAt).toBeGreaterThanOrEqual(300_000);
    expect(evictedAt - taintedAt).toBeLessThan(310_000);
    // Replacements run on the other workers; the old pods stay Terminating with no kubelet to confirm.
    s.advance(30_000);
    expect(s.running()).toHaveLength(6);
    expect(s.running().every((p) => p.spec?.nodeName !== 'worker-1')).toBe(true);
    for (const p of onW1) {
      const cur = s.get<typeof p>('pods', p.metadata.name);
      expect(cur.metadata.deletionTimestamp).toBeDefined();
      expect(cur.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    }
  });

  it('takes the taints off again when the kubelet comes back', () => {
    const s = new Story();
    s.until(10_000);
    s.kubelet('worker-2').stop?.();
    s.until(120_000);
    expect((s.node('worker-2').spec?.taints ?? []).length).toBeGreaterThan(0);
    s.kubelet('worker-2').start();
    s.advance(30_000);
    expect(s.node('worker-2').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(s.node('worker-2').spec?.taints ?? []).toEqual([]);
  });

  it('taints a cordoned node unschedulable', () => {
    const s = new Story();
    s.until(5_000);
    s.k.patch('nodes', undefined, 'worker-3', { spec: { unschedulable: true } });
    s.advance(1_000);
    expect(s.node('worker-3').spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
  });
});
