import { describe, expect, it } from 'vitest';
import type { Clock } from '../../clock';
import type { Event } from '../../types';
import { createBound, nodeRig, podSpec } from '../testutil';

/** Steps the clock to `untilMs`, returning the times of the events whose label contains `label`. */
function ticks(clock: Clock, untilMs: number, label: string): number[] {
  const out: number[] = [];
  for (let next = clock.peek(); next && next.at <= untilMs; next = clock.peek()) {
    if (next.label.includes(label)) out.push(next.at);
    clock.step();
  }
  clock.runUntil(untilMs);
  return out;
}

describe('kubelet: probes without clock events while their result cannot change', () => {
  it('runs no tick for passing tcpSocket probes at rest, and a fault makes them fail on their old phase', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    const tcp = (periodSeconds: number) => ({ tcpSocket: { port: 6379 }, periodSeconds });
    createBound(admin, podSpec('cache', 'redis:7.4', {}, { ports: [{ containerPort: 6379 }], readinessProbe: tcp(7), livenessProbe: tcp(10) }), 'worker-1');
    const before = ticks(cluster.clock, 60_000, 'probe default/cache');
    expect(admin.get<{ status?: { containerStatuses?: { ready?: boolean }[] } }>('pods', 'default', 'cache').status?.containerStatuses?.[0]?.ready).toBe(true);
    // Each worker ticked until its first success, then parked: liveness on the phase of 5.524 s,
    // readiness on that of 6.997 s.
    expect(before).toEqual([2020, 5524, 6997]);
    expect(ticks(cluster.clock, 95_500, 'probe default/cache')).toEqual([]);

    expect(kubelets[0]!.setProbeOverride('default', 'cache', 'redis', 'liveness', 'fail')).toBeUndefined();
    // The liveness worker is back on the phase it ticked on before, every 10 s, until its third failure
    // has the container killed; the readiness worker, woken too, ticks once, passes and parks again.
    const after = ticks(cluster.clock, 95_500 + 30_000, 'probe default/cache');
    // Liveness at 95.524, 105.524 and 115.524 s; readiness at 97.997 s; after the kill the restarted
    // container (started again by the sync that killed it) has its readiness tick at 116.086 s and on
    // its old phase at 118.997 s.
    expect(after).toEqual([95_524, 97_997, 105_524, 115_524, 116_086, 118_997]);
    const unhealthy = admin.list<Event>('events', 'default').items.filter((e) => e.involvedObject.name === 'cache' && e.reason === 'Unhealthy');
    expect(unhealthy.map((e) => e.message)).toHaveLength(1);
    expect(unhealthy[0]!.message).toBe('Liveness probe failed: dial tcp 10.244.1.2:6379: connect: connection refused');
    expect(unhealthy[0]!.count).toBe(3);
    cluster.runUntil(140_000);
    expect(admin.list<Event>('events', 'default').items.some((e) => e.reason === 'Killing' && e.message === 'Container redis failed liveness probe, will be restarted')).toBe(true);
  });

  it('runs the tick of the instant a fault wakes a parked worker on its phase, not one period later', () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    const tcp = (periodSeconds: number) => ({ tcpSocket: { port: 6379 }, periodSeconds });
    createBound(admin, podSpec('cache', 'redis:7.4', {}, { ports: [{ containerPort: 6379 }], readinessProbe: tcp(7), livenessProbe: tcp(10) }), 'worker-1');
    // 95.524 s is on the liveness worker's phase (5.524 s + 9 periods): the fault comes in that instant.
    expect(ticks(cluster.clock, 95_524, 'probe default/cache')).toEqual([2020, 5524, 6997]);
    expect(kubelets[0]!.setProbeOverride('default', 'cache', 'redis', 'liveness', 'fail')).toBeUndefined();
    expect(ticks(cluster.clock, 110_000, 'probe default/cache')).toEqual([95_524, 97_997, 105_524]);
  });

  it("keeps ticking nginx's httpGet probes: each request is a line of its access log", () => {
    const { cluster, admin, kubelets } = nodeRig(['worker-1']);
    createBound(admin, podSpec('web', 'nginx', {}, { ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } }), 'worker-1');
    cluster.runUntil(30_000);
    const lines = () => kubelets[0]!.podRecord('default', 'web')!.containers[0]!.run!.extra.filter((l) => l.text.includes('"kube-probe/1.31"')).length;
    const at30 = lines();
    expect(ticks(cluster.clock, 90_000, 'probe default/web')).toHaveLength(6);
    expect(lines() - at30).toBe(6);
  });
});
