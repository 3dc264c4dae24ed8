/**
 * `kubectl apply --validate` and what kubectl and the API server say of bad input, as kubectl 1.32
 * against a 1.31 server prints it. The defect classes a fuzz campaign found are regression cases here.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { Client } from '../sim/client/types';
import { ScenarioRun } from '../scenario/runner';
import { runKubectl } from './kubectl';

let cluster: Cluster;
let client: Client;
const apply = (yaml: string, flags = '') => runKubectl(`kubectl apply -f - ${flags}`.trim(), { client, nowMs: () => cluster.clock.now(), stdin: yaml });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
});

const deployment = (specExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${specExtra}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;
const TYPO = deployment('  replicass: 3\n');
const STRICT_ERROR = 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"\n';
const VALIDATING = (what: string) => `error: error validating "STDIN": error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false\n`;

describe('kubectl apply --validate', () => {
  it('is strict by default, as with --validate=strict, =true and a bare --validate', () => {
    for (const flags of ['', '--validate=strict', '--validate=true', '--validate']) {
      cluster = createCluster({ bare: true });
      client = cluster.client();
      expect(apply(TYPO, flags)).toEqual({ stdout: '', stderr: STRICT_ERROR, exitCode: 1 });
    }
  });

  it('=warn creates the object and prints the server\'s warning on stderr', () => {
    expect(apply(TYPO, '--validate=warn')).toEqual({ stdout: 'deployment.apps/web created\n', stderr: 'Warning: unknown field "spec.replicass"\n', exitCode: 0 });
    expect(client.get('deployments', 'default', 'web').spec).not.toHaveProperty('replicass');
  });

  it('=false and =ignore drop the field silently', () => {
    expect(apply(TYPO, '--validate=false')).toEqual({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    expect(apply(deployment('  replicass: 4\n'), '--validate=ignore')).toEqual({ stdout: 'deployment.apps/web configured\n', stderr: '', exitCode: 0 });
  });

  it('refuses an unknown value with kubectl\'s message', () => {
    expect(apply(TYPO, '--validate=bogus')).toEqual({ stdout: '', stderr: 'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n', exitCode: 1 });
  });

  it('an unknown field in the patch of an existing object is the server\'s strict decoding error, without the kind', () => {
    expect(apply(deployment()).exitCode).toBe(0);
    const r = apply(TYPO);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('Error from server (BadRequest): error when applying patch:');
    expect(JSON.parse(lines[1]!)).toMatchObject({ spec: { replicass: 3 } });
    expect(lines.slice(2)).toEqual([
      'to:',
      'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"',
      'Name: "web", Namespace: "default"',
      'for: "STDIN": error when patching "STDIN": strict decoding error: unknown field "spec.replicass"',
      '',
    ]);
  });

  it('type errors fail in every mode', () => {
    const bad = deployment('  replicas: "three"\n');
    for (const flags of ['', '--validate=warn', '--validate=false']) {
      expect(apply(bad, flags)).toEqual({ stdout: '', stderr: 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n', exitCode: 1 });
    }
  });
});

describe('bad input that reaches the server answers with its decoding error', () => {
  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  const fromServer = (m: string) => `Error from server (BadRequest): error when creating "STDIN": ${m}\n`;

  it('a string where a list of strings belongs', () => {
    expect(apply(pod('  containers: [{name: c, image: busybox, args: "sleep 3600"}]\n')).stderr).toBe(fromServer('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string'));
  });

  it('a number where the containers list or a volume belongs', () => {
    expect(apply(pod('  containers: 5\n')).stderr).toBe(fromServer('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container'));
    expect(apply(pod('  containers: [{name: c, image: nginx}]\n  volumes: [283]\n')).stderr).toBe(fromServer('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.volumes of type v1.Volume'));
  });

  it('replicas beyond int32, however written', () => {
    expect(apply(deployment('  replicas: 2147483648\n')).stderr).toBe(fromServer('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32'));
    expect(apply(deployment('  replicas: 1e+21\n')).stderr).toBe(fromServer('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1e+21 into Go struct field DeploymentSpec.spec.replicas of type int32'));
  });

  it('the cluster goes on after a refused pod: a scenario that applies one runs to its end', () => {
    const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 0, apply: pod('  containers: [{name: c, image: busybox, args: "sleep 3600"}]\n') }, { atMs: 1000, apply: pod('  containers: [{name: c, image: busybox, args: [sleep, "3600"]}]\n') }] });
    expect(() => run.runUntil(60_000)).not.toThrow();
    expect(run.kubectl('get pods').stdout).toMatch(/^p\s+1\/1\s+Running\s+0\s+59s$/m);
  });
});

describe('what kubectl checks before sending anything', () => {
  it('apiVersion and kind must be strings: never "[object Object]"', () => {
    expect(apply('apiVersion: 5\nkind: ConfigMap\nmetadata: {name: x}\n')).toEqual({ stdout: '', stderr: VALIDATING("apiVersion isn't string type"), exitCode: 1 });
    const r = apply('apiVersion: v1\nkind: {a: 1}\nmetadata: {name: x}\n');
    expect(r).toEqual({ stdout: '', stderr: VALIDATING("kind isn't string type"), exitCode: 1 });
    expect(apply('metadata: {name: x}\n').stderr).toBe(VALIDATING('[apiVersion not set, kind not set]'));
    expect(apply('apiVersion: a/b/c\nkind: ConfigMap\nmetadata: {name: x}\n').stderr).toBe(VALIDATING('unexpected GroupVersion string: a/b/c'));
  });

  it('with validation off, the decoder says what it cannot read', () => {
    expect(apply('apiVersion: v1\nkind: {a: 1}\nmetadata: {name: x}\n', '--validate=false').stderr).toBe('error: unable to decode "STDIN": Object \'Kind\' is missing in \'{"apiVersion":"v1","kind":{"a":1},"metadata":{"name":"x"}}\'\n');
    expect(apply('apiVersion: 5\nkind: ConfigMap\nmetadata: {name: x}\n', '--validate=false').stderr).toBe('error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field metadataOnlyObject.apiVersion of type string\n');
    expect(apply('hello\n', '--validate=false').stderr).toBe('error: unable to decode "STDIN": json: cannot unmarshal string into Go value of type unstructured.detector\n');
  });

  it('a mapping key that is itself a mapping or a list is no JSON key', () => {
    expect(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? {replicas: }\n  : x\n')).toEqual({
      stdout: '',
      stderr: 'error: error parsing STDIN: error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{"replicas":interface {}(nil)}\n',
      exitCode: 1,
    });
    expect(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? [a, 1]\n  : x\n').stderr).toBe('error: error parsing STDIN: error converting YAML to JSON: yaml: invalid map key: []interface {}{"a", 1}\n');
  });

  it('a document that is not a mapping', () => {
    expect(apply('hello\n').stderr).toBe(VALIDATING('invalid object to validate'));
    expect(apply('- a\n- b\n').stderr).toBe(VALIDATING('invalid object to validate'));
  });

  it('metadata is decoded into its Go type: a list-valued name, a number in the labels', () => {
    expect(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [a, b]}\n')).toEqual({ stdout: '', stderr: 'error: unable to decode "STDIN": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string\n', exitCode: 1 });
    expect(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {a: 1}}\n').stderr).toBe('error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string\n');
    expect(apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, creationTimestamp: abc}\n').stderr).toBe('error: unable to decode "STDIN": parsing time "abc" as "2006-01-02T15:04:05Z07:00": cannot parse "abc" as "2006"\n');
  });

  it('a List with null items', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- null\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: li}\n';
    expect(apply(list)).toEqual({ stdout: '', stderr: VALIDATING('invalid object to validate'), exitCode: 1 });
    expect(apply(list, '--validate=false')).toEqual({
      stdout: 'configmap/li created\n',
      stderr: 'unable to get type info from the object "*unstructured.Unstructured": Object \'Kind\' is missing in \'object has no kind field \'\n',
      exitCode: 1,
    });
  });

  it('a validation error ends the stream; a decoding error skips only its document', () => {
    const docs = (bad: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\n${bad}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: three}\n`;
    expect(apply(docs('apiVersion: 5\nkind: ConfigMap\nmetadata: {name: two}\n'))).toEqual({ stdout: 'configmap/one created\n', stderr: VALIDATING("apiVersion isn't string type"), exitCode: 1 });
    cluster = createCluster({ bare: true });
    client = cluster.client();
    expect(apply(docs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [two]}\n'))).toEqual({
      stdout: 'configmap/one created\nconfigmap/three created\n',
      stderr: 'error: unable to decode "STDIN": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string\n',
      exitCode: 1,
    });
  });

  it('a repeated key keeps its last value, as kubectl\'s YAML reader does, in every mode', () => {
    const dup = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  x: "1"\n  x: "2"\n';
    expect(apply(dup)).toEqual({ stdout: 'configmap/b created\n', stderr: '', exitCode: 0 });
    expect(client.get('configmaps', 'default', 'b').data).toEqual({ x: '2' });
  });
});
