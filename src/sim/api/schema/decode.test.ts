/**
 * Requests from outside are decoded against the 1.31 schema, answering as the real API server's JSON
 * decoder does: one type class at a time, across kinds.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../kinds';
import { apiVersionOf } from '../registry';
import { createCluster } from '../../cluster';
import type { KObject } from '../../types';
import { StatusError } from '../types';
import type { FieldValidation } from '../types';
import { apiSchema } from './schema';

function setup() {
  const c = createCluster({ bare: true });
  const k = c.client('kubernetes-admin');
  k.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  return k;
}

/** Creates `obj` as kubectl would send it; the server's error message, or '' and the stored object. */
function send(obj: Record<string, unknown>, fieldValidation: FieldValidation = 'Strict'): { error: string; warnings: string[]; stored?: KObject } {
  const k = setup();
  const warnings: string[] = [];
  const plural = BUILTIN_RESOURCES.find((d) => d.kind === obj.kind && apiVersionOf(d) === obj.apiVersion)!.plural;
  try {
    const stored = k.create(plural, obj as KObject, { fieldValidation, onWarning: (w) => warnings.push(w) });
    return { error: '', warnings, stored };
  } catch (e) {
    if (e instanceof StatusError) return { error: `${e.code} ${e.message}`, warnings };
    throw e;
  }
}

const meta = { name: 'x', namespace: 'default' };
const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec }, ...extra });
const podWith = (container: Record<string, unknown>) => pod({ containers: [{ name: 'c', image: 'nginx', ...container }] });
const deploy = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta,
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...podSpec } }, ...spec },
});
const POD = 'Pod in version "v1" cannot be handled as a Pod: ';
const DEPLOY = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe('the schema', () => {
  it('maps every kind the API server serves', () => {
    const missing = BUILTIN_RESOURCES.filter((d) => !apiSchema().kind(apiVersionOf(d), d.kind)).map((d) => `${apiVersionOf(d)} ${d.kind}`);
    expect(missing).toEqual([]);
    expect(apiSchema().kinds()).toHaveLength(BUILTIN_RESOURCES.length);
  });

  it('is the 1.31 API: status types, formats and Go names included', () => {
    const s = apiSchema();
    expect(s.version).toBe('1.31.0');
    expect(s.definition('apps.v1.DeploymentSpec').props.get('replicas')).toMatchObject({ k: 'scalar', prim: 'int32' });
    expect(s.definition('apps.v1.Deployment').props.get('status')).toMatchObject({ k: 'struct', go: 'v1.DeploymentStatus' });
    expect(s.definition('core.v1.NodeStatus').props.get('capacity')).toMatchObject({ k: 'map', go: 'v1.ResourceList', of: { k: 'quantity' } });
    expect(s.definition('coordination.v1.LeaseSpec').props.get('renewTime')).toMatchObject({ k: 'microTime' });
    expect(s.definition('discovery.v1.EndpointSlice').props.get('ports')).toMatchObject({ go: '[]v1.EndpointPort', of: { def: { props: expect.any(Map) } } });
  });
});

describe('type errors: the first one wins, with the innermost struct, the path without indices and the Go type', () => {
  it('string: a list where a string belongs, a number, a bool', () => {
    expect(send(podWith({ image: ['nginx'] })).error).toBe(`400 ${POD}json: cannot unmarshal array into Go struct field Container.spec.containers.image of type string`);
    expect(send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { port: 8080 } }).error).toBe('400 ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    expect(send({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: 80, name: true }] } }).error).toBe('400 Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.name of type string');
  });

  it('a string-based Go type is named as Go names it', () => {
    expect(send(podWith({ imagePullPolicy: 1 })).error).toBe(`400 ${POD}json: cannot unmarshal number into Go struct field Container.spec.containers.imagePullPolicy of type v1.PullPolicy`);
    expect(send(deploy({ strategy: { type: ['Recreate'] } })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal array into Go struct field DeploymentStrategy.spec.strategy.type of type v1.DeploymentStrategyType`);
    expect(send({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: { accessModes: 'ReadWriteOnce' } }).error).toBe('400 PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: json: cannot unmarshal string into Go struct field PersistentVolumeClaimSpec.spec.accessModes of type []v1.PersistentVolumeAccessMode');
  });

  it('bool', () => {
    expect(send(podWith({ tty: 'yes' })).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field Container.spec.containers.tty of type bool`);
    expect(send(deploy({ paused: 1 })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal number into Go struct field DeploymentSpec.spec.paused of type bool`);
  });

  it('int32 and int64: a string, a fraction, and values out of range, written as JSON writes them', () => {
    expect(send(podWith({ ports: [{ containerPort: '80' }] })).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`);
    expect(send(deploy({ replicas: 2147483648 })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32`);
    expect(send(deploy({ replicas: 1e21 })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal number 1e+21 into Go struct field DeploymentSpec.spec.replicas of type int32`);
    expect(send(deploy({ replicas: 1.5 })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32`);
    expect(send(deploy({ replicas: -2147483648 })).error).toMatch(/^422 /);
    expect(send(pod({ terminationGracePeriodSeconds: 2147483648 })).error).toBe('');
    expect(send(pod({ terminationGracePeriodSeconds: 1e19 })).error).toBe(`400 ${POD}json: cannot unmarshal number 10000000000000000000 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`);
  });

  it('float64 takes any number and nothing else', () => {
    const hpa = (v: unknown) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd', apiVersion: 'apps/v1' }, maxReplicas: 3 }, status: { currentReplicas: 1, desiredReplicas: 1, conditions: [] }, extra: v });
    expect(send(hpa(1)).error).toBe('400 HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "extra"');
    const sc = (v: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { podIP: v } });
    expect(send(sc(1.5)).error).toBe(`400 ${POD}json: cannot unmarshal number into Go struct field PodStatus.status.podIP of type string`);
  });

  it('lists: a scalar or an object where a list belongs, and a bad element', () => {
    expect(send(podWith({ args: 'sleep 3600' })).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string`);
    expect(send(pod({ containers: 5 })).error).toBe(`400 ${POD}json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container`);
    expect(send(pod({ containers: { name: 'c' } })).error).toBe(`400 ${POD}json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container`);
    expect(send(podWith({ command: ['sh', 1] })).error).toBe(`400 ${POD}json: cannot unmarshal number into Go struct field Container.spec.containers.command of type string`);
    expect(send(pod({ volumes: [283] })).error).toBe(`400 ${POD}json: cannot unmarshal number into Go struct field PodSpec.spec.volumes of type v1.Volume`);
  });

  it('maps: a list where a map belongs, and a bad value', () => {
    expect(send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, labels: ['a'] } }).error).toBe('400 ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    expect(send(deploy({}, { nodeSelector: { disk: false } })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal bool into Go struct field PodSpec.spec.template.spec.nodeSelector of type string`);
    expect(send(podWith({ resources: { limits: 'cpu=1' } })).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList`);
  });

  it('nested objects: a scalar where a struct belongs', () => {
    expect(send(deploy({ template: 'nginx' })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec`);
    expect(send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }).error).toBe('400 ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta');
  });

  it('only the first type error is reported, in the order the server reads the keys (sorted)', () => {
    expect(send(podWith({ tty: 'x', args: 'y', image: 5 })).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string`);
  });

  it('a type error hides unknown fields', () => {
    expect(send(deploy({ replicass: 3, replicas: 'x' })).error).toBe(`400 ${DEPLOY}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`);
  });
});

describe('types with their own decoding', () => {
  it('Quantity: a string or number that parses; anything else gives the parser\'s message, without a field', () => {
    const q = (v: unknown) => send(podWith({ resources: { limits: { cpu: v } } }));
    expect(q('500m').error).toBe('');
    expect(q(2).error).toBe('');
    expect(q('lots').error).toBe(`400 ${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    expect(q(true).error).toBe(`400 ${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    expect(q({ a: 1 }).error).toBe(`400 ${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    expect(q('1ki').error).toBe(`400 ${POD}unable to parse quantity's suffix`);
    expect(q(null).stored!.spec).toMatchObject({ containers: [{ resources: { limits: { cpu: '0' } } }] });
  });

  it('IntOrString: a string or an int32; a bool, object or list is an int32 decoding error on the field', () => {
    const svc = (targetPort: unknown) => send({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: 80, targetPort }] } });
    expect(svc('http').error).toBe('');
    expect(svc(8080).error).toBe('');
    const S = '400 Service in version "v1" cannot be handled as a Service: json: cannot unmarshal';
    expect(svc(true).error).toBe(`${S} bool into Go struct field ServicePort.spec.ports.targetPort of type int32`);
    expect(svc({ a: 1 }).error).toBe(`${S} object into Go struct field ServicePort.spec.ports.targetPort of type int32`);
    expect(svc([80]).error).toBe(`${S} array into Go struct field ServicePort.spec.ports.targetPort of type int32`);
    expect(svc(80.5).error).toBe(`${S} number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32`);
  });

  it('a custom decoder\'s error stops decoding, so it wins over an earlier type error', () => {
    expect(send(podWith({ args: 'x', resources: { limits: { cpu: 'lots' } } })).error).toBe(`400 ${POD}quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  });

  it('Time: RFC 3339 strings; a non-string is a string decoding error on the field, a bad string time.Parse\'s error', () => {
    const t = (v: unknown) => send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, creationTimestamp: v } });
    const C = '400 ConfigMap in version "v1" cannot be handled as a ConfigMap: ';
    expect(t('2024-05-01T10:00:00Z').error).toBe('');
    expect(t('2024-05-01T10:00:00.5+02:00').error).toBe('');
    expect(t(5).error).toBe(`${C}json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string`);
    expect(t('abc').error).toBe(`${C}parsing time "abc" as "2006-01-02T15:04:05Z07:00": cannot parse "abc" as "2006"`);
    expect(t('2024-5-01T10:00:00Z').error).toBe(`${C}parsing time "2024-5-01T10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "5-01T10:00:00Z" as "01"`);
    expect(t('2024-13-01T10:00:00Z').error).toBe(`${C}parsing time "2024-13-01T10:00:00Z": month out of range`);
    expect(t('2024-02-30T10:00:00Z').error).toBe(`${C}parsing time "2024-02-30T10:00:00Z": day out of range`);
    expect(t('2024-02-01 10:00:00Z').error).toBe(`${C}parsing time "2024-02-01 10:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 10:00:00Z" as "T"`);
    expect(t('2024-02-01T10:00:00').error).toBe(`${C}parsing time "2024-02-01T10:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"`);
    expect(t('2024-02-01T10:00:00Zjunk').error).toBe(`${C}parsing time "2024-02-01T10:00:00Zjunk": extra text: "junk"`);
  });

  it('MicroTime wants exactly six fractional digits', () => {
    const lease = (renewTime: unknown) => send({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta, spec: { renewTime } });
    expect(lease('2024-05-01T10:00:00.000000Z').error).toBe('');
    expect(lease('2024-05-01T10:00:00Z').error).toBe('400 Lease in version "v1" cannot be handled as a Lease: parsing time "2024-05-01T10:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"');
  });

  it('[]byte: base64 with padding, or an array of bytes; Go\'s error names the byte', () => {
    const secret = (data: Record<string, unknown>) => send({ apiVersion: 'v1', kind: 'Secret', metadata: meta, data });
    const S = '400 Secret in version "v1" cannot be handled as a Secret: ';
    expect(secret({ a: 'aGVsbG8=' }).error).toBe('');
    expect(secret({ a: 'aGVs\nbG8=' }).error).toBe('');
    expect(secret({ a: 'hello!' }).error).toBe(`${S}illegal base64 data at input byte 5`);
    expect(secret({ a: 'aGVsbG8' }).error).toBe(`${S}illegal base64 data at input byte 4`);
    expect(secret({ a: 'abc' }).error).toBe(`${S}illegal base64 data at input byte 0`);
    expect(secret({ a: 5 }).error).toBe(`${S}json: cannot unmarshal number into Go struct field Secret.data of type []uint8`);
    expect(secret({ a: [104, 105] }).stored!.data).toEqual({ a: 'aGk=' });
    expect(secret({ a: [300] }).error).toBe(`${S}json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8`);
  });

  it('RawExtension and preserve-unknown fields take any JSON', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta, revision: 1, data: { anything: [1, 'two', { three: null }], Replicas: true } };
    const r = send(cr);
    expect(r.error).toBe('');
    expect(r.stored!.data).toEqual({ anything: [1, 'two', { three: null }], Replicas: true });
  });

  it('null is accepted everywhere: a field is left unset, a map string becomes "", a list element its zero value', () => {
    const r = send({ apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, labels: { a: null }, annotations: null }, spec: { containers: [{ name: 'c', image: 'nginx', args: ['a', null], ports: null }], nodeSelector: null, restartPolicy: null } });
    expect(r.error).toBe('');
    expect(r.stored!.metadata!.labels).toEqual({ a: '' });
    expect(r.stored!.metadata!.annotations).toBeUndefined();
    const c = (r.stored!.spec as { containers: Record<string, unknown>[] }).containers[0]!;
    expect(c.args).toEqual(['a', '']);
    expect(c.ports).toBeUndefined();
    expect((r.stored!.spec as { restartPolicy: string }).restartPolicy).toBe('Always');
  });
});

describe('unknown fields', () => {
  it('Strict refuses them with their path, list indices included', () => {
    expect(send(deploy({ replicass: 3 })).error).toBe(`400 ${DEPLOY}strict decoding error: unknown field "spec.replicass"`);
    const d = deploy({}, { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx', port: 80 }] });
    expect(send(d).error).toBe(`400 ${DEPLOY}strict decoding error: unknown field "spec.template.spec.containers[1].port"`);
  });

  it('several are listed in the order the server reads them (keys sorted), each once', () => {
    const d = { ...deploy({ zeta: 1, replicass: 3 }), extra: true, metadata: { ...meta, labelz: { a: 'b' } } };
    expect(send(d).error).toBe(`400 ${DEPLOY}strict decoding error: unknown field "extra", unknown field "metadata.labelz", unknown field "spec.replicass", unknown field "spec.zeta"`);
  });

  it('in a map of structs, the key is part of the path', () => {
    const pv = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', bogus: 1 } } }] }] } };
    expect(send(pv).error).toBe(`400 ${POD}strict decoding error: unknown field "spec.containers[0].env[0].valueFrom.configMapKeyRef.bogus"`);
  });

  it('names match exactly: Replicas is not replicas', () => {
    expect(send(deploy({ Replicas: 3 })).error).toBe(`400 ${DEPLOY}strict decoding error: unknown field "spec.Replicas"`);
  });

  it('Warn creates the object without them and warns of each; Ignore drops them silently', () => {
    const w = send(deploy({ replicass: 3, Replicas: 2 }), 'Warn');
    expect(w.error).toBe('');
    expect(w.warnings).toEqual(['unknown field "spec.Replicas"', 'unknown field "spec.replicass"']);
    expect(w.stored!.spec).not.toHaveProperty('replicass');
    expect((w.stored!.spec as { replicas: number }).replicas).toBe(1);
    const i = send(deploy({ replicass: 3 }), 'Ignore');
    expect(i).toMatchObject({ error: '', warnings: [] });
    expect(i.stored!.spec).not.toHaveProperty('replicass');
  });

  it('type errors fail in every mode', () => {
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      expect(send(podWith({ args: 'sleep 3600' }), mode).error).toBe(`400 ${POD}json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string`);
    }
  });

  it('the components\' own writes are not decoded', () => {
    const k = setup();
    const made = k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: 'b' }, bogus: 1 } as KObject);
    expect(made).toHaveProperty('bogus', 1);
  });
});
