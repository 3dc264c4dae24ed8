import { describe, expect, it } from 'vitest';
import type { KObject } from '../../types';
import { defaultPullPolicy, defaulters } from './index';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function run(plural: string, obj: Obj): Obj {
  defaulters[plural]!(obj as KObject);
  return obj;
}

describe('image pull policy', () => {
  it.each([
    ['an untagged image always pulls', 'nginx', 'Always'],
    ['latest always pulls', 'nginx:latest', 'Always'],
    ['a tagged image pulls if not present', 'nginx:1.25', 'IfNotPresent'],
    ['a registry port is not a tag', 'registry:5000/app', 'Always'],
    ['a digest pulls if not present', 'nginx@sha256:abc', 'IfNotPresent'],
  ])('%s', (_name, image, want) => {
    expect(defaultPullPolicy(image)).toBe(want);
  });
});

describe('pod defaults', () => {
  const p = run('pods', {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' } } }] },
  });
  it.each([
    ['restartPolicy is Always', p.spec.restartPolicy, 'Always'],
    ['dnsPolicy is ClusterFirst', p.spec.dnsPolicy, 'ClusterFirst'],
    ['schedulerName is default-scheduler', p.spec.schedulerName, 'default-scheduler'],
    ['the grace period is 30 seconds', p.spec.terminationGracePeriodSeconds, 30],
    ['service links are enabled', p.spec.enableServiceLinks, true],
    ['priority is 0', p.spec.priority, 0],
    ['preemption lowers priority', p.spec.preemptionPolicy, 'PreemptLowerPriority'],
    ['the termination message path is /dev/termination-log', p.spec.containers[0].terminationMessagePath, '/dev/termination-log'],
    ['the termination message policy is File', p.spec.containers[0].terminationMessagePolicy, 'File'],
    ['ports default to TCP', p.spec.containers[0].ports[0].protocol, 'TCP'],
    ['requests default to limits', p.spec.containers[0].resources.requests.cpu, '500m'],
    ['the pod starts Pending', p.status.phase, 'Pending'],
    ['a pod with only cpu limits is Burstable', p.status.qosClass, 'Burstable'],
  ])('%s', (_name, got, want) => {
    expect(got).toEqual(want);
  });

  it('the security context defaults to an empty object', () => {
    expect(p.spec.securityContext).toEqual({});
  });
});

describe('workload and service defaults', () => {
  const d = run('deployments', { spec: { template: { spec: { containers: [{ name: 'c', image: 'i:1' }] } } } });
  const s = run('services', { spec: { ports: [{ port: 80 }] } });
  const ns = run('namespaces', { metadata: { name: 'team-a' } });
  const sec = run('secrets', { metadata: { name: 's' }, stringData: { user: 'admin' } });
  it.each([
    ['a deployment has one replica', d.spec.replicas, 1],
    ['a deployment rolls 25% at a time', d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }],
    ['a deployment keeps 10 revisions', d.spec.revisionHistoryLimit, 10],
    ['a deployment progress deadline is 600 seconds', d.spec.progressDeadlineSeconds, 600],
    ['the template gets pod spec defaults', d.spec.template.spec.restartPolicy, 'Always'],
    ['the template gets no pod-only defaults', d.spec.template.spec.enableServiceLinks, undefined],
    ['a service is ClusterIP', s.spec.type, 'ClusterIP'],
    ['a service has no session affinity', s.spec.sessionAffinity, 'None'],
    ['a target port defaults to the port', s.spec.ports[0].targetPort, 80],
    ['a service port is TCP', s.spec.ports[0].protocol, 'TCP'],
    ['a service is single stack', s.spec.ipFamilyPolicy, 'SingleStack'],
    ['a service is IPv4', s.spec.ipFamilies, ['IPv4']],
    ['internal traffic is cluster-wide', s.spec.internalTrafficPolicy, 'Cluster'],
    ['a namespace carries the kubernetes finalizer', ns.spec.finalizers, ['kubernetes']],
    ['a namespace is Active', ns.status.phase, 'Active'],
    ['a namespace is labelled with its name', ns.metadata.labels['kubernetes.io/metadata.name'], 'team-a'],
    ['a secret is Opaque', sec.type, 'Opaque'],
    ['stringData is folded into data as base64', sec.data.user, 'YWRtaW4='],
  ])('%s', (_name, got, want) => {
    expect(got).toEqual(want);
  });
});

describe('NetworkPolicy defaults', () => {
  it('infers policyTypes and defaults port protocols to TCP', () => {
    expect(run('networkpolicies', { spec: { podSelector: {} } }).spec.policyTypes).toEqual(['Ingress']);
    const p = run('networkpolicies', { spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }], egress: [{ ports: [{ port: 'dns' }] }] } });
    expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(p.spec.ingress[0].ports).toEqual([{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]);
    expect(p.spec.egress[0].ports).toEqual([{ port: 'dns', protocol: 'TCP' }]);
    // explicit types are kept as written, even with egress rules
    expect(run('networkpolicies', { spec: { podSelector: {}, policyTypes: ['Ingress'], egress: [{}] } }).spec.policyTypes).toEqual(['Ingress']);
  });
});
