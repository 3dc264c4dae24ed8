import { describe, expect, it } from 'vitest';
import type { KObject, StoredObject } from '../../types';
import { deepCopy } from '../../types';
import { strategies } from './index';
import { aggregateMessage, fieldErrorString } from './fieldErrors';

function create(plural: string, obj: KObject): string[] {
  const s = strategies[plural]!;
  const o = deepCopy(obj);
  s.defaults?.(o);
  return (s.validateCreate?.(o) ?? []).map(fieldErrorString);
}

function stored(plural: string, obj: KObject): StoredObject {
  const o = deepCopy(obj);
  strategies[plural]!.defaults?.(o);
  o.metadata = { ...o.metadata, uid: 'u1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' };
  return o as StoredObject;
}

function update(plural: string, old: StoredObject, change: (o: KObject) => void): string[] {
  const n = deepCopy(old) as KObject;
  change(n);
  strategies[plural]!.defaults?.(n);
  return (strategies[plural]!.validateUpdate?.(n, old) ?? []).map(fieldErrorString);
}

const pod = (spec: object, name = 'p'): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec });
const deploy = (spec: object): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec });
const tpl = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadata', () => {
  it.each([
    ['a pod name must be a DNS subdomain', 'pods', pod({ containers: [{ name: 'c', image: 'i' }] }, 'Web_1'), `metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MSG}`],
    [
      'a namespace name must be a DNS label',
      'namespaces',
      { metadata: { name: 'a.b' } },
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ],
    [
      'a service name must be a DNS-1035 label',
      'services',
      { metadata: { name: '1svc', namespace: 'default' }, spec: { ports: [{ port: 80 }] } },
      "metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
    ['a missing name is required', 'configmaps', { metadata: { namespace: 'default' } }, 'metadata.name: Required value: name or generateName is required'],
    ['a namespaced kind needs a namespace', 'configmaps', { metadata: { name: 'c' } }, 'metadata.namespace: Required value'],
    [
      'a bad label value is reported at metadata.labels',
      'configmaps',
      { metadata: { name: 'c', namespace: 'd', labels: { app: 'bad value' } } },
      "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    ['a cluster-scoped kind takes no namespace', 'clusterroles', { metadata: { name: 'r', namespace: 'x' } }, 'metadata.namespace: Forbidden: not allowed on this type'],
  ])('%s', (_name, plural, obj, want) => {
    expect(create(plural, obj as KObject)).toContain(want);
  });
});

describe('pods', () => {
  it.each([
    ['containers are required', { containers: [] }, 'spec.containers: Required value'],
    ['a container image is required', { containers: [{ name: 'c' }] }, 'spec.containers[0].image: Required value'],
    ['a container name is required', { containers: [{ image: 'i' }] }, 'spec.containers[0].name: Required value'],
    ['a claim volume names its claim', { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', persistentVolumeClaim: {} }] }, 'spec.volumes[0].persistentVolumeClaim.claimName: Required value'],
    ['a ConfigMap volume names its ConfigMap', { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', configMap: {} }] }, 'spec.volumes[0].configMap.name: Required value'],
    ['a Secret volume names its Secret', { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', secret: {} }] }, 'spec.volumes[0].secret.secretName: Required value'],
    ['an NFS path is absolute', { containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', nfs: { server: 's', path: 'x' } }] }, 'spec.volumes[0].nfs.path: Invalid value: "x": must be an absolute path'],
    ['container names are unique', { containers: [{ name: 'c', image: 'i' }, { name: 'c', image: 'j' }] }, 'spec.containers[1].name: Duplicate value: "c"'],
    [
      'a container port must be in range',
      { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 70000 }] }] },
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [
      'a port protocol must be known',
      { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, protocol: 'HTTP' }] }] },
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'requests may not exceed limits',
      { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
    [
      'a restart policy must be known',
      { restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'i' }] },
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [
      'negative quantities are rejected',
      { containers: [{ name: 'c', image: 'i', resources: { requests: { memory: '-1Mi' } } }] },
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
    ],
  ])('%s', (_name, spec, want) => {
    expect(create('pods', pod(spec))).toContain(want);
  });

  it('a valid pod has no errors', () => {
    expect(create('pods', pod({ containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] }))).toEqual([]);
  });

  it('changing an image is allowed but changing anything else is forbidden with the real message', () => {
    const old = stored('pods', pod({ containers: [{ name: 'c', image: 'nginx:1' }] }));
    expect(update('pods', old, (o) => ((o.spec as { containers: { image: string }[] }).containers[0]!.image = 'nginx:2'))).toEqual([]);
    const errs = update('pods', old, (o) => ((o.spec as { restartPolicy: string }).restartPolicy = 'Never'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n  core.PodSpec\{/,
    );
  });

  it('adding a container is forbidden', () => {
    const old = stored('pods', pod({ containers: [{ name: 'c', image: 'i' }] }));
    const errs = update('pods', old, (o) => (o.spec as { containers: object[] }).containers.push({ name: 'd', image: 'j' }));
    expect(errs).toContain('spec.containers: Forbidden: pod updates may not add or remove containers');
  });

  it('a status update may not move the pod to another node', () => {
    const old = stored('pods', pod({ nodeName: 'a', containers: [{ name: 'c', image: 'i' }] }));
    const n = deepCopy(old) as KObject;
    (n.spec as { nodeName: string }).nodeName = 'b';
    expect(strategies.pods!.validateStatusUpdate!(n, old).map(fieldErrorString)).toContain('status.nodeName: Forbidden: may not be changed directly');
  });
});

describe('deployments and replicasets', () => {
  it.each([
    [
      'a missing selector is required and the labels then fail to match',
      { template: tpl({ app: 'web' }) },
      '[spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    ],
    [
      'a selector that misses the template labels is reported on the labels',
      { selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'web' }) },
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      'negative replicas are rejected',
      { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: tpl({ app: 'web' }) },
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'an empty selector is invalid',
      { selector: {}, template: tpl({ app: 'web' }) },
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ],
    [
      'both rolling-update parameters cannot be zero',
      { selector: { matchLabels: { app: 'web' } }, template: tpl({ app: 'web' }), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ],
  ])('%s', (_name, spec, want) => {
    const s = strategies.deployments!;
    const o = deepCopy(deploy(spec));
    s.defaults!(o);
    expect(aggregateMessage(s.validateCreate!(o))).toBe(want);
  });

  it('the selector of an apps/v1 deployment is immutable', () => {
    const old = stored('deployments', deploy({ selector: { matchLabels: { app: 'web' } }, template: tpl({ app: 'web', v: '2' }) }));
    const errs = update('deployments', old, (o) => ((o.spec as { selector: object }).selector = { matchLabels: { app: 'web', v: '2' } }));
    expect(errs).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('a replicaset template must restart always', () => {
    const rs: KObject = { metadata: { name: 'r', namespace: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { ...tpl({ a: 'b' }), spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } };
    expect(create('replicasets', rs)).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });
});

describe('services', () => {
  const svc = (spec: object): KObject => ({ metadata: { name: 's', namespace: 'default' }, spec });
  it.each([
    ['ports are required', { selector: { app: 'a' } }, 'spec.ports: Required value'],
    ['port names are required with several ports', { ports: [{ port: 80 }, { port: 443 }] }, 'spec.ports[0].name: Required value'],
    ['a port must be in range', { ports: [{ port: 0 }] }, 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ['the type must be known', { type: 'Internal', ports: [{ port: 80 }] }, 'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ['a ClusterIP service may not ask for a node port', { ports: [{ port: 80, nodePort: 30080 }] }, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ])('%s', (_name, spec, want) => {
    expect(create('services', svc(spec))).toContain(want);
  });

  it('a headless service needs no ports', () => {
    expect(create('services', svc({ clusterIP: 'None', selector: { app: 'a' } }))).toEqual([]);
  });

  it('the cluster IP may not change once set', () => {
    const old = stored('services', svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }));
    const errs = update('services', old, (o) => {
      const s = o.spec as { clusterIP: string; clusterIPs: string[] };
      s.clusterIP = '10.96.0.11';
      s.clusterIPs = ['10.96.0.11'];
    });
    expect(errs).toContain('spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set');
  });

  it('changing only clusterIP (as an apply of an edited manifest does) is refused as a change of the IP', () => {
    const old = stored('services', svc({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] }));
    const errs = update('services', old, (o) => ((o.spec as { clusterIP: string }).clusterIP = '10.96.5.5'));
    expect(errs).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.5.5"}: may not change once set']);
  });
});

describe('other kinds', () => {
  it.each([
    ['a configmap key must be a valid config key', 'configmaps', { metadata: { name: 'c', namespace: 'd' }, data: { 'a b': 'x' } }, "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
    ['a TLS secret needs its certificate', 'secrets', { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: { 'tls.key': 'eA==' } }, 'data[tls.crt]: Required value'],
    ['a lease duration must be positive', 'leases', { metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 0 } }, 'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'],
    ['an endpoint slice needs an address type', 'endpointslices', { metadata: { name: 'e', namespace: 'd' }, endpoints: [] }, 'addressType: Required value'],
    ['an event type must be Normal or Warning', 'events', { metadata: { name: 'e', namespace: 'd' }, involvedObject: {}, type: 'Info' }, 'type: Unsupported value: "Info": supported values: "Normal", "Warning"'],
    ['a node taint effect must be known', 'nodes', { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'Never' }] } }, 'spec.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['a node taint value follows the label value rules', 'nodes', { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', value: 'a b', effect: 'NoSchedule' }] } }, "spec.taints[0].value: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
    ['two node taints with one key and effect', 'nodes', { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }] } }, 'spec.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"v", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair'],
  ])('%s', (_name, plural, obj, want) => {
    expect(create(plural, obj as KObject)).toContain(want);
  });

  it('a secret type is immutable', () => {
    const old = stored('secrets', { metadata: { name: 's', namespace: 'd' }, data: {} });
    expect(update('secrets', old, (o) => ((o as { type: string }).type = 'kubernetes.io/basic-auth'))).toContain(
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    );
  });

  it('every served resource has a strategy', () => {
    for (const p of ['pods', 'roles', 'storageclasses', 'customresourcedefinitions', 'events.events.k8s.io']) expect(strategies[p]).toBeDefined();
  });
});

describe('role bindings', () => {
  it('refuses a RoleBinding without a roleRef, naming each missing part as 1.31 does', () => {
    expect(create('rolebindings', { metadata: { name: 'b', namespace: 'default' }, roleRef: null } as unknown as KObject)).toEqual([
      'roleRef.apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
    ]);
  });

  it('lets a ClusterRoleBinding name only a ClusterRole, and checks subjects by kind', () => {
    const b = {
      metadata: { name: 'b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default' }, { kind: 'User', name: 'alice' }, { kind: 'Robot', name: 'r' }],
    };
    expect(create('clusterrolebindings', b as unknown as KObject)).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });
});
