import { describe, expect, it } from 'vitest';
import { Story, container, controlPlane, podYaml, worker } from './story';

const zones = () => [
  controlPlane(),
  worker('a1', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }), worker('a2', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }),
  worker('b1', { labels: { 'topology.kubernetes.io/zone': 'zone-b' } }), worker('b2', { labels: { 'topology.kubernetes.io/zone': 'zone-b' } }),
  worker('c1', { labels: { 'topology.kubernetes.io/zone': 'zone-c' } }),
];

function deployment(name: string, replicas: number, podSpecExtra: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${(container() + '\n' + podSpecExtra).trim().split('\n').map((l) => '      ' + l).join('\n')}
`;
}

const zoneOf = (node: string) => (node.startsWith('a') ? 'zone-a' : node.startsWith('b') ? 'zone-b' : node.startsWith('c') ? 'zone-c' : node);

describe('topology spread', () => {
  it('DoNotSchedule with maxSkew 1 puts 6 replicas 2 per zone', () => {
    const t = new Story(zones());
    t.apply(deployment('web', 6, `topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: topology.kubernetes.io/zone\n  whenUnsatisfiable: DoNotSchedule\n  labelSelector:\n    matchLabels: {app: web}`)).advance(20_000);
    const perZone: Record<string, number> = {};
    for (const [node, n] of Object.entries(t.placement('web-'))) perZone[zoneOf(node)] = (perZone[zoneOf(node)] ?? 0) + n;
    expect(perZone).toEqual({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
  });

  it('without constraints, the system defaults still spread a Deployment’s pods over nodes', () => {
    const t = new Story([controlPlane(), worker('w1'), worker('w2'), worker('w3')]);
    t.apply(deployment('api', 6, '')).advance(20_000);
    expect(t.placement('api-')).toEqual({ w1: 2, w2: 2, w3: 2 });
  });

  it('a pod that cannot keep the skew stays Pending with the real reason', () => {
    const t = new Story([controlPlane(), worker('a1', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }), worker('b1', { cpu: '1', labels: { 'topology.kubernetes.io/zone': 'zone-b' } })]);
    const spread = `topologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: topology.kubernetes.io/zone\n  whenUnsatisfiable: DoNotSchedule\n  labelSelector:\n    matchLabels: {app: s}`;
    t.apply(podYaml('s1', `${container('800m')}\n${spread}`, { app: 's' })).advance(3000);
    t.apply(podYaml('s2', `${container('800m')}\n${spread}`, { app: 's' })).advance(3000);
    t.apply(podYaml('s3', `${container('800m')}\n${spread}`, { app: 's' })).advance(3000);
    t.apply(podYaml('s4', `${container('800m')}\n${spread}`, { app: 's' })).advance(3000);
    // s1 → a1, s2 → b1 (a1 would make the skew 2), s3 → a1 (skew 1; b1 is full). s4: a1 would make
    // zone-a 3 against zone-b 1, and b1 (1 CPU) has no room.
    expect([t.pod('s1'), t.pod('s2'), t.pod('s3')].map((p) => p.spec?.nodeName)).toEqual(['a1', 'b1', 'a1']);
    expect(t.pod('s4').spec?.nodeName).toBeUndefined();
    expect(t.events('FailedScheduling', 's4')[0]?.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    );
  });
});

describe('pod affinity and anti-affinity', () => {
  it('required anti-affinity by hostname puts one replica per worker; the fourth stays Pending', () => {
    const t = new Story([controlPlane(), worker('w1'), worker('w2'), worker('w3')]);
    t.apply(deployment('db', 4, `affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector:\n        matchLabels: {app: db}`)).advance(20_000);
    expect(t.placement('db-')).toEqual({ w1: 1, w2: 1, w3: 1, '<none>': 1 });
    const pending = t.pods('db-').find((p) => !p.spec?.nodeName)!;
    expect(t.events('FailedScheduling', pending.metadata.name)[0]?.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..",
    );
  });

  it('required affinity follows the pod it names, and waits until that pod exists', () => {
    const t = new Story([controlPlane(), worker('w1'), worker('w2'), worker('w3')]);
    const follower = `${container()}\naffinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector:\n        matchLabels: {app: cache}`;
    t.apply(podYaml('web', follower, { app: 'web' })).advance(3000);
    expect(t.events('FailedScheduling', 'web')[0]?.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod affinity rules. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..",
    );
    t.apply(podYaml('cache', container(), { app: 'cache' })).advance(15_000);
    // The cache pod landing on a node moves the waiting pod (AssignedPodAdd), which joins it.
    expect(t.pod('web').spec?.nodeName).toBe(t.pod('cache').spec?.nodeName);
  });

  it('existing pods’ anti-affinity keeps others away from them', () => {
    const t = new Story([controlPlane(), worker('w1'), worker('w2')]);
    t.apply(podYaml('loner', `${container()}\nnodeSelector:\n  kubernetes.io/hostname: w1\naffinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - topologyKey: kubernetes.io/hostname\n      labelSelector:\n        matchLabels: {team: noisy}`)).advance(3000);
    t.apply(podYaml('noisy', container(), { team: 'noisy' })).advance(3000);
    expect(t.pod('loner').spec?.nodeName).toBe('w1');
    expect(t.pod('noisy').spec?.nodeName).toBe('w2');
  });
});
