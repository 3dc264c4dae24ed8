import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import type { PodObj } from './internal/testkit';
import { DeploymentController } from './deployment';
import { ReplicaSetController } from './replicaset';
import { resolveFenceposts } from './deployment/util';
import type { Deployment } from 'kubernetes-types/apps/v1';

const deploy = (name: string, replicas: number, image = 'nginx:1.25', strategy?: Deployment['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    ...(strategy ? { strategy } : {}),
  },
});

function setup() {
  const h = new Harness();
  h.add(ReplicaSetController);
  h.add(DeploymentController);
  return h;
}

const live = (h: Harness) => h.pods('default', (p) => !p.metadata.deletionTimestamp);
const isReady = (p: PodObj) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Brings a rollout to its end, one pod becoming ready per step; checks the surge/unavailable bounds at each. */
function rollOut(h: Harness, replicas: number, surge: number, unavailable: number, steps = 200): void {
  for (let i = 0; i < steps; i++) {
    h.run(200);
    const pods = live(h);
    expect(pods.length).toBeLessThanOrEqual(replicas + surge);
    const notReady = pods.filter((p) => !isReady(p));
    if (notReady.length > 0) h.makeReady(notReady[0]!);
    h.confirmDeletions();
    h.run(200);
    expect(live(h).filter(isReady).length).toBeGreaterThanOrEqual(replicas - unavailable);
    const d = h.deployment('web');
    if (d.status?.updatedReplicas === replicas && d.status?.availableReplicas === replicas && d.status?.replicas === replicas) return;
  }
  throw new Error('rollout did not finish');
}

describe('resolveFenceposts', () => {
  it.each([
    [1, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [10, 3, 2],
  ])('rounds 25%%/25%% of %i replicas to surge %i and unavailable %i', (replicas, surge, unavailable) => {
    const r = resolveFenceposts('25%', '25%', replicas);
    // both-zero forces unavailable to 1; with 1 or 3 replicas surge is 1 so unavailable stays 0
    expect(r).toEqual({ surge, unavailable });
  });
  it('makes maxUnavailable 1 when both round to zero', () => {
    expect(resolveFenceposts(0, '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
  });
});

describe('DeploymentController', () => {
  it('creates <deploy>-<hash> with the hash label, revision annotations and 3 pods named <deploy>-<hash>-<5>', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 3));
    h.run(2000);
    const [rs] = h.rss();
    expect(rs).toBeDefined();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs!.spec!.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec!.template!.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const d = h.deployment('web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(h.events('ScalingReplicaSet').map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} to 3`]);
    expect(h.events('ScalingReplicaSet')[0]!.source.component).toBe('deployment-controller');
    const progressing = d.status!.conditions!.find((c) => c.type === 'Progressing')!;
    expect(progressing).toMatchObject({ status: 'True' });
    expect(['NewReplicaSetCreated', 'ReplicaSetUpdated']).toContain(progressing.reason);
  });

  it('reports Available and NewReplicaSetAvailable once every pod is ready', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 3));
    h.run(2000);
    h.readyAll();
    h.run(2000);
    const d = h.deployment('web');
    const rsName = h.rss()[0]!.metadata.name;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`],
    ]);
  });

  it('rolls out a new template within maxSurge / maxUnavailable (10 replicas: surge 3, unavailable 2)', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 10));
    h.run(2000);
    h.readyAll();
    h.run(2000);
    const d = h.deployment('web');
    h.k.update('deployments', { ...d, spec: { ...d.spec!, template: { ...d.spec!.template, spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    rollOut(h, 10, 3, 2);
    const rss = h.rss().sort((a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']));
    expect(rss.map((r) => [r.metadata.annotations!['deployment.kubernetes.io/revision'], r.spec!.replicas])).toEqual([
      ['1', 0],
      ['2', 10],
    ]);
    expect(live(h).every((p) => p.spec?.containers[0]?.image === 'nginx:1.26')).toBe(true);
    const msgs = h.events('ScalingReplicaSet').map((e) => e.message);
    expect(msgs.some((m) => /^Scaled up replica set web-\w+ to 3$/.test(m))).toBe(true);
    expect(msgs.some((m) => /^Scaled down replica set web-\w+ to 8 from 10$/.test(m))).toBe(true);
    const after = h.deployment('web');
    expect(after.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('rolls out 3 replicas one at a time (surge 1, unavailable 0)', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 3));
    h.run(2000);
    h.readyAll();
    h.run(2000);
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    rollOut(h, 3, 1, 0);
  });

  it('rolls back to an old ReplicaSet whose template matches, giving it the next revision', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 2));
    h.run(2000);
    h.readyAll();
    h.run(1000);
    const first = h.rss()[0]!.metadata.name;
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    rollOut(h, 2, 1, 0);
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } } });
    rollOut(h, 2, 1, 0);
    expect(h.rss()).toHaveLength(2);
    const back = h.k.get<{ metadata: { annotations: Record<string, string> }; spec: { replicas: number } }>('replicasets', 'default', first);
    expect(back.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.spec.replicas).toBe(2);
  });

  it('scales proportionally in the middle of a rollout', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 10));
    h.run(2000);
    h.readyAll();
    h.run(2000);
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    h.run(2000);
    // old 8, new 5 (13 = 10 + 3 surge); scale to 20 → max total 25 (20 + 5)
    const before = h.rss().map((r) => r.spec!.replicas!).sort((a, b) => a - b);
    expect(before).toEqual([5, 8]);
    h.k.patch('deployments', 'default', 'web', { spec: { replicas: 20 } });
    h.run(2000);
    const after = h.rss().map((r) => r.spec!.replicas!).sort((a, b) => a - b);
    expect(after.reduce((a, b) => a + b, 0)).toBe(25);
    expect(after).toEqual([10, 15]);
  });

  it('Recreate scales old pods to zero and waits for them to go before scaling up', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 2, 'nginx:1.25', { type: 'Recreate' }));
    h.run(2000);
    h.readyAll();
    h.run(1000);
    for (const p of h.pods()) expect(p.spec?.nodeName).toBeTruthy();
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    h.run(2000);
    expect(h.rss()).toHaveLength(1);
    expect(live(h)).toHaveLength(0);
    expect(h.pods().length).toBe(2); // terminating, waiting for the kubelet
    h.confirmDeletions();
    h.run(2000);
    expect(h.rss()).toHaveLength(2);
    expect(live(h).every((p) => p.spec?.containers[0]?.image === 'nginx:1.26')).toBe(true);
    expect(live(h)).toHaveLength(2);
  });

  it('does not roll out while paused, but still scales', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 2));
    h.run(2000);
    h.k.patch('deployments', 'default', 'web', { spec: { paused: true } });
    h.run(500);
    const paused = h.deployment('web').status!.conditions!.find((c) => c.type === 'Progressing')!;
    expect(paused).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    h.run(2000);
    expect(h.rss()).toHaveLength(1);
    h.k.patch('deployments', 'default', 'web', { spec: { replicas: 4 } });
    h.run(2000);
    expect(h.rss()[0]!.spec!.replicas).toBe(4);
    h.k.patch('deployments', 'default', 'web', { spec: { paused: false } });
    h.run(2000);
    expect(h.rss()).toHaveLength(2);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const h = setup();
    const d = deploy('web', 1);
    h.k.create('deployments', { ...d, spec: { ...d.spec, revisionHistoryLimit: 1 } });
    for (const tag of ['1.26', '1.27', '1.28']) {
      h.run(1000);
      h.readyAll();
      h.confirmDeletions();
      h.run(1000);
      h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: `nginx:${tag}` }] } } } });
      rollOut(h, 1, 1, 0);
      h.run(1000);
    }
    h.run(2000);
    const revs = h.rss().map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
    expect(revs).toEqual(['3', '4']);
  });

  it('brings a 1,000-replica Deployment to full availability', () => {
    const h = setup();
    h.k.create('deployments', deploy('big', 1000));
    h.run(3000);
    expect(h.pods()).toHaveLength(1000);
    for (const p of h.pods()) {
      h.makeReady(p);
      h.run(1);
    }
    h.run(2000);
    expect(h.deployment('big').status).toMatchObject({ replicas: 1000, updatedReplicas: 1000, readyReplicas: 1000, availableReplicas: 1000 });
    const rs = h.rss()[0]!;
    expect(h.events('ScalingReplicaSet').map((e) => e.message)).toEqual([`Scaled up replica set ${rs.metadata.name} to 1000`]);
    // The recorder's correlator: 9 events, then one combined event whose count the spam filter stops
    // at 16 (25 writes about the ReplicaSet: 9 creates, the combined create, 15 patches).
    const created = h.events('SuccessfulCreate') as unknown as { message: string; count: number }[];
    expect(created.map((e) => e.message.replace(/big-\w+-\w{5}$/, 'POD'))).toEqual([...Array(9).fill('Created pod: POD'), '(combined from similar events): Created pod: POD']);
    expect(created.map((e) => e.count)).toEqual([...Array(9).fill(1), 16]);
  });

  it('scales old unhealthy pods down first when nothing is available (4 replicas: surge 1, unavailable 1)', () => {
    const h = setup();
    h.k.create('deployments', deploy('web', 4));
    h.run(2000);
    // no pod ever becomes ready
    h.k.patch('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    h.run(3000);
    const byRev = new Map(h.rss().map((r) => [r.metadata.annotations!['deployment.kubernetes.io/revision'], r.spec!.replicas]));
    expect(byRev.get('1')).toBe(3);
    expect(byRev.get('2')).toBe(2);
    const d = h.deployment('web');
    expect(d.status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  });

  it('marks the rollout ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress', () => {
    const h = setup();
    const d = deploy('web', 1);
    h.k.create('deployments', { ...d, spec: { ...d.spec, progressDeadlineSeconds: 30 } });
    h.run(40_000);
    const rsName = h.rss()[0]!.metadata.name;
    expect(h.deployment('web').status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
  });
  it('does not re-sync a finished rollout on a loop once a pod turns unready past the deadline', () => {
    const h = new Harness();
    h.add(ReplicaSetController);
    const dc = h.add(DeploymentController);
    const d = deploy('web', 3);
    h.k.create('deployments', { ...d, spec: { ...d.spec, progressDeadlineSeconds: 30 } });
    h.run(1000);
    h.readyAll();
    h.run(1000);
    expect(h.deployment('web').status!.conditions!.find((c) => c.type === 'Progressing')!.reason).toBe('NewReplicaSetAvailable');
    h.makeReady(live(h)[0]!, 'worker-1', false);
    h.run(60_000);
    const syncs: number[] = [];
    const sync = dc.syncHandler;
    dc.syncHandler = (key) => {
      syncs.push(h.now);
      sync(key);
    };
    h.run(60_000);
    // Still "complete" as far as progress goes: 2 of 3 available, and no ProgressDeadlineExceeded.
    const st = h.deployment('web').status!;
    expect([st.availableReplicas, st.conditions!.find((c) => c.type === 'Progressing')!.reason]).toEqual([2, 'NewReplicaSetAvailable']);
    expect(syncs).toEqual([]);
  });
});
