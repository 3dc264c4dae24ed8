import { describe, expect, it } from 'vitest';
import { Story } from './scenarios/kit';
import { DaemonSetsController } from './daemonset';
import { createCluster } from '../cluster';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod, StoredObject } from '../types';

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

describe('DaemonSet controller cost', () => {
  it('takes a node decision once per node and DaemonSet version, not at every sync: replacing a pod on a 40-node cluster looks at one node', () => {
    const nodes = [{ name: 'control-plane', controlPlane: true, cpu: '4', memory: '8Gi', pods: 110 }, ...Array.from({ length: 39 }, (_, i) => ({ name: `worker-${i + 1}`, cpu: '4', memory: '8Gi', pods: 110 }))];
    const cluster = createCluster({ seed: 3, nodes });
    const k = cluster.client('kubernetes-admin');
    cluster.runUntil(cluster.clock.now() + 5_000);
    const ctrl = cluster.components.find((c): c is DaemonSetsController => c instanceof DaemonSetsController)!;
    const proxies = () => k.list<Pod>('pods', 'kube-system').items.filter((p) => p.metadata.name.startsWith('kube-proxy-') && !p.metadata.deletionTimestamp);
    expect(proxies()).toHaveLength(40);
    // A decision is kept until its node's resourceVersion moves, and retaken only when a sync looks
    // at that node again: replacing one pod looks at one node, for one DaemonSet (again after each of
    // the node's status writes in between) — where a walk of every node per sync took hundreds.
    const before = ctrl.decisionsTaken;
    const victim = proxies().find((p) => p.spec?.nodeName === 'worker-17')!;
    k.delete('pods', 'kube-system', victim.metadata.name);
    cluster.runUntil(cluster.clock.now() + 30_000);
    expect(proxies().filter((p) => p.spec?.nodeName === 'worker-17' && p.status?.phase === 'Running')).toHaveLength(1);
    expect(ctrl.decisionsTaken - before).toBeLessThanOrEqual(3);
    // A label kube-proxy's nodeSelector and flannel's node affinity read: that node is decided again, once for each.
    const mid = ctrl.decisionsTaken;
    k.patch('nodes', undefined, 'worker-5', { metadata: { labels: { 'kubernetes.io/os': 'windows' } } });
    cluster.runUntil(cluster.clock.now() + 5_000);
    expect(ctrl.decisionsTaken - mid).toBeLessThanOrEqual(2);
    const ds = k.get<DaemonSet & StoredObject>('daemonsets', 'kube-system', 'kube-proxy');
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 39, numberMisscheduled: 0 });
  });
});
