import { describe, expect, it } from 'vitest';
import { Story, container, controlPlane, podYaml, worker } from './story';

const CP_TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

describe('placement by resources', () => {
  it('a pod that needs 3 CPUs lands on the only worker with room', () => {
    const t = new Story([controlPlane(), worker('small-1', { cpu: '2' }), worker('small-2', { cpu: '2' }), worker('big', { cpu: '8' })]);
    t.apply(podYaml('heavy', container('3', '1Gi'))).advance(5000);
    expect(t.pod('heavy').spec?.nodeName).toBe('big');
    expect(t.events('Scheduled', 'heavy')[0]?.message).toBe('Successfully assigned default/heavy to big');
  });

  it('LeastAllocated spreads pods onto the emptier worker', () => {
    const t = new Story([controlPlane(), worker('w1'), worker('w2')]);
    t.apply(podYaml('first', container('2', '4Gi'))).advance(3000);
    const first = t.pod('first').spec?.nodeName;
    t.apply(podYaml('second', container('500m', '256Mi'))).advance(3000);
    expect(t.pod('second').spec?.nodeName).not.toBe(first);
  });

  it('MostAllocated (from the scenario’s KubeSchedulerConfiguration) packs pods onto the fuller worker', () => {
    const cfg = { profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }], plugins: { score: { disabled: [{ name: 'NodeResourcesBalancedAllocation' }] } } }] };
    const t = new Story([controlPlane(), worker('w1'), worker('w2')], { scheduler: cfg });
    t.apply(podYaml('first', container('2', '4Gi'))).advance(3000);
    const first = t.pod('first').spec?.nodeName;
    t.apply(podYaml('second', container('500m', '256Mi'))).advance(3000);
    expect(t.pod('second').spec?.nodeName).toBe(first);
  });

  it('the FailedScheduling event and PodScheduled condition carry the exact text for mixed reasons', () => {
    const t = new Story([controlPlane(), worker('worker-1'), worker('worker-2'), worker('worker-3')]);
    t.apply(podYaml('greedy', container('5', '1Gi'))).advance(5000);
    const msg = `0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..`;
    const ev = t.events('FailedScheduling', 'greedy')[0];
    expect(ev).toMatchObject({ type: 'Warning', message: msg, source: {}, reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-control-plane' });
    expect(t.pod('greedy').status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
  });

  it('a pod whose claim does not exist fails at PreFilter with the lister’s words', () => {
    const t = new Story([controlPlane(), worker('worker-1')]);
    t.apply(podYaml('needs-disk', `${container()}\nvolumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data`)).advance(3000);
    expect(t.events('FailedScheduling', 'needs-disk')[0]?.message).toBe('0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..');
  });
});

describe('taints and tolerations', () => {
  const nodes = () => [controlPlane(), worker('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), worker('plain', { cpu: '1' })];

  it('only a pod tolerating the taint may use the dedicated node', () => {
    const t = new Story(nodes());
    t.apply(podYaml('tolerant', `${container('2')}\ntolerations:\n- key: dedicated\n  operator: Equal\n  value: gpu\n  effect: NoSchedule`)).advance(3000);
    t.apply(podYaml('intolerant', container('2'))).advance(3000);
    expect(t.pod('tolerant').spec?.nodeName).toBe('gpu');
    expect(t.pod('intolerant').spec?.nodeName).toBeUndefined();
    expect(t.events('FailedScheduling', 'intolerant')[0]?.message).toBe(
      // The histogram is sorted as plain strings: "{dedicated" before "{node-role".
      `0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, ${CP_TAINT}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..`,
    );
  });

  it('a PreferNoSchedule taint only steers pods away', () => {
    const t = new Story([controlPlane(), worker('soft', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }), worker('clean')]);
    t.apply(podYaml('p', container())).advance(3000);
    expect(t.pod('p').spec?.nodeName).toBe('clean');
  });
});

describe('node affinity', () => {
  const nodes = () => [controlPlane(), worker('ssd-1', { labels: { disk: 'ssd' } }), worker('hdd-1', { labels: { disk: 'hdd' } }), worker('hdd-2', { labels: { disk: 'hdd' } })];

  it('required affinity (In) restricts the pod to matching nodes', () => {
    const t = new Story(nodes());
    t.apply(podYaml('fast', `${container()}\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: disk\n          operator: In\n          values: [ssd]`)).advance(3000);
    expect(t.pod('fast').spec?.nodeName).toBe('ssd-1');
  });

  it('required affinity nothing matches: unresolvable, and preemption cannot help', () => {
    const t = new Story(nodes());
    t.apply(podYaml('nvme', `${container()}\nnodeSelector:\n  disk: nvme`)).advance(3000);
    expect(t.events('FailedScheduling', 'nvme')[0]?.message).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..`);
  });

  it('preferred affinity wins over equal nodes by its weight', () => {
    const t = new Story(nodes());
    t.apply(podYaml('likes-hdd', `${container()}\naffinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 50\n      preference:\n        matchExpressions:\n        - key: disk\n          operator: In\n          values: [hdd]`)).advance(3000);
    expect(['hdd-1', 'hdd-2']).toContain(t.pod('likes-hdd').spec?.nodeName);
  });
});
