import { describe, expect, it } from 'vitest';
import { Story } from './scenarios/kit';
import { DaemonSetsController } from './daemonset';

const agent = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 100000'] }] } } },
};

/** The keys the DaemonSet controller syncs from now on. */
function recordSyncs(s: Story): string[] {
  const ctrl = s.cluster.components.find((c): c is DaemonSetsController => c instanceof DaemonSetsController)!;
  const synced: string[] = [];
  const sync = ctrl.syncHandler;
  ctrl.syncHandler = (key) => {
    synced.push(key);
    sync(key);
  };
  return synced;
}

describe('DaemonSet controller event handlers', () => {
  it('ignores node heartbeats and node changes that do not change where a DaemonSet runs', () => {
    const s = new Story();
    s.create('daemonsets', agent);
    s.advance(20_000);
    const synced = recordSyncs(s);
    // A minute of kubelet status writes and lease renewals on every node.
    s.advance(60_000);
    expect(synced).toEqual([]);
    // A label no DaemonSet selects on.
    s.k.patch('nodes', undefined, 'worker-1', { metadata: { labels: { team: 'payments' } } });
    s.advance(2_000);
    expect(synced).toEqual([]);
  });

  it('syncs only the DaemonSets whose answer for the node changed: a taint kube-proxy and flannel tolerate leaves them alone', () => {
    const s = new Story();
    s.create('daemonsets', agent);
    s.advance(20_000);
    const synced = recordSyncs(s);
    s.k.patch('nodes', undefined, 'worker-2', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    s.advance(2_000);
    expect([...new Set(synced)]).toEqual(['default/agent']);
    // NoSchedule: the pod already there stays, counted as misscheduled.
    expect(s.running('default').map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const st = (s.get<never>('daemonsets', 'agent') as { status: Record<string, number> }).status;
    expect(st).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it('keeps counting right as pods come and go: a deleted daemon pod is replaced and the status follows', () => {
    const s = new Story();
    s.create('daemonsets', agent);
    s.advance(20_000);
    const victim = s.running('default').find((p) => p.spec?.nodeName === 'worker-3')!;
    s.k.delete('pods', 'default', victim.metadata.name);
    s.advance(200);
    const mid = (s.get<never>('daemonsets', 'agent') as { status: Record<string, number> }).status;
    expect(mid).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, numberAvailable: 2, numberUnavailable: 1 });
    s.advance(30_000);
    const pods = s.running('default', (p) => !p.metadata.deletionTimestamp);
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(pods.some((p) => p.metadata.name === victim.metadata.name)).toBe(false);
    const end = (s.get<never>('daemonsets', 'agent') as { status: Record<string, number> }).status;
    expect(end).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
    expect(end.numberUnavailable).toBeUndefined();
  });
});
