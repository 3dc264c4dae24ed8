import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { KObject, StoredObject } from '../../types';
import { defaultIngressClass } from './ingressclass';

function setup() {
  const c = createCluster({ bare: true, seed: 1 });
  const k = c.client('kubernetes-admin');
  k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  return { c, k };
}

const pod = (name: string, resources?: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx', ...(resources ? { resources } : {}) }] },
});

describe('ResourceQuota admission', () => {
  it('refuses a pod that would exceed the quota, with the real message', () => {
    const { k } = setup();
    k.create('resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { 'requests.cpu': '1', pods: '5' } } });
    k.create('pods', pod('a', { requests: { cpu: '500m' } }));
    k.create('pods', pod('b', { requests: { cpu: '500m' } }));
    expect(() => k.create('pods', pod('c', { requests: { cpu: '500m' } }))).toThrow('pods "c" is forbidden: exceeded quota: q, requested: requests.cpu=500m, used: requests.cpu=1, limited: requests.cpu=1');
  });

  it('requires each container to state what the quota constrains', () => {
    const { k } = setup();
    k.create('resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { 'limits.cpu': '2' } } });
    expect(() => k.create('pods', pod('x'))).toThrow('pods "x" is forbidden: failed quota: q: must specify limits.cpu for: app');
  });

  it('counts objects with count/<resource>', () => {
    const { k } = setup();
    k.create('resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'cm', namespace: 'default' }, spec: { hard: { configmaps: '1' } } });
    k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' } });
    expect(() => k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default' } })).toThrow(
      'configmaps "two" is forbidden: exceeded quota: cm, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
  });
});

describe('LimitRanger admission', () => {
  it('fills defaults and says so in the annotation', () => {
    const { k } = setup();
    k.create('limitranges', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } }] } });
    const p = k.create('pods', pod('d')) as KObject & { spec: { containers: { resources: unknown }[] } };
    expect(p.spec.containers[0]!.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(p.metadata?.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
  });

  it('enforces max per Container', () => {
    const { k } = setup();
    k.create('limitranges', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '1' } }] } });
    expect(() => k.create('pods', pod('big', { limits: { cpu: '2' } }))).toThrow('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  });
});

describe('storage and node admission', () => {
  it('gives a claim without a class the default StorageClass and the protection finalizer', () => {
    const { k } = setup();
    k.create('storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' });
    const pvc = k.create('persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }) as KObject & { spec: { storageClassName?: string } };
    expect(pvc.spec.storageClassName).toBe('standard');
    expect(pvc.metadata?.finalizers).toEqual(['kubernetes.io/pvc-protection']);
  });

  it('gives a new Ingress without a class the default IngressClass, the newest of several, and leaves a named class or annotation alone', () => {
    const { c, k } = setup();
    const cls = (name: string, isDefault: boolean) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) }, spec: { controller: `example.com/${name}` } });
    type Ing = KObject & { spec: { ingressClassName?: string } };
    const ing = (name: string, extra: { className?: string; annotation?: string } = {}): KObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: 'default', ...(extra.annotation ? { annotations: { 'kubernetes.io/ingress.class': extra.annotation } } : {}) },
      spec: { ...(extra.className !== undefined ? { ingressClassName: extra.className } : {}), defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    });
    k.create('ingressclasses', cls('nginx', false));
    expect((k.create('ingresses', ing('none')) as Ing).spec.ingressClassName).toBeUndefined();
    k.create('ingressclasses', cls('first', true));
    c.clock.runUntil(c.clock.now() + 1000);
    k.create('ingressclasses', cls('second', true));
    expect((k.create('ingresses', ing('dflt')) as Ing).spec.ingressClassName).toBe('second');
    expect((k.create('ingresses', ing('named', { className: 'nginx' })) as Ing).spec.ingressClassName).toBe('nginx');
    expect((k.create('ingresses', ing('legacy', { annotation: 'nginx' })) as Ing).spec.ingressClassName).toBeUndefined();
    // Only creates are defaulted: the Ingress made before any default class keeps none.
    expect((k.get('ingresses', 'default', 'none') as Ing).spec.ingressClassName).toBeUndefined();
    // Two default classes created at the same instant: the smaller name.
    const at = (name: string) => ({ metadata: { name, creationTimestamp: '2024-09-02T10:00:00Z', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } }) as unknown as StoredObject;
    expect(defaultIngressClass([at('b'), at('a')])?.metadata.name).toBe('a');
  });

  it('refuses a CronJob schedule that does not parse and an unknown time zone', () => {
    const { k } = setup();
    const cj = (schedule: string, timeZone?: string) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x', namespace: 'default' }, spec: { schedule, ...(timeZone ? { timeZone } : {}), jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } });
    expect(() => k.create('cronjobs', cj('61 * * * *'))).toThrow(/spec.schedule: Invalid value: "61 \* \* \* \*"/);
    expect(() => k.create('cronjobs', cj('* * * * *', 'Mars/Olympus'))).toThrow('spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect(() => k.create('cronjobs', cj('TZ=UTC * * * * *'))).toThrow(/cannot use TZ or CRON_TZ in schedule, use timeZone field instead/);
  });
});
