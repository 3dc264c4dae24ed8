import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
let client: Client;
const files = new Map([['patch.yaml', 'spec:\n  replicas: 7\n']]);
const k = (line: string) => runKubectl(line, { client, nowMs: () => cluster.clock.now(), files } as Parameters<typeof runKubectl>[1]);
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });
const replicas = () => k('get deploy web -o jsonpath={.spec.replicas}').stdout;

beforeEach(() => {
  cluster = createCluster({ bare: true });
  client = cluster.client();
  k('create deployment web --image=nginx');
});

describe('kubectl patch', () => {
  it('sends a strategic merge patch by default and says (no change) when the object comes back the same', () => {
    expect(k(`patch deploy web -p '{"spec":{"replicas":3}}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(k(`patch deploy web -p '{"spec":{"replicas":3}}'`)).toEqual(ok('deployment.apps/web patched (no change)\n'));
    expect(replicas()).toBe('3');
  });

  it('merges containers by name with a strategic patch, and takes YAML as well as JSON', () => {
    expect(k(`patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(k('get deploy web -o jsonpath={.spec.template.spec.containers[*].name}={.spec.template.spec.containers[*].image}').stdout).toBe('nginx=nginx:1.27');
    expect(k(`patch deploy web -p 'spec: {replicas: 4}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(replicas()).toBe('4');
  });

  it('applies merge and JSON patches', () => {
    expect(k(`patch deploy web --type=merge -p '{"metadata":{"labels":{"tier":"fe"}}}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(k('get deploy web -o jsonpath={.metadata.labels}').stdout).toBe('{"app":"web","tier":"fe"}');
    expect(k(`patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(replicas()).toBe('2');
  });

  it('patches the scale subresource, and reads --patch-file from the scenario files', () => {
    expect(k(`patch deploy web --subresource=scale -p '{"spec":{"replicas":5}}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(replicas()).toBe('5');
    expect(k('patch deploy web --patch-file=patch.yaml')).toEqual(ok('deployment.apps/web patched\n'));
    expect(replicas()).toBe('7');
    expect(k('patch deploy web --patch-file=missing.yaml')).toEqual(err('error: unable to read patch file: open missing.yaml: no such file or directory\n'));
  });

  it('patches nothing on a client dry run', () => {
    expect(k(`patch deploy web -p '{"spec":{"replicas":9}}' --dry-run=client`)).toEqual(ok('deployment.apps/web patched (dry run)\n'));
    expect(replicas()).toBe('1');
  });

  it('fails in kubectl\'s and the server\'s words', () => {
    expect(k('patch deploy web')).toEqual(err('error: must specify --patch or --patch-file containing the contents of the patch\n'));
    expect(k(`patch deploy web -p '{}' --patch-file=patch.yaml`)).toEqual(err('error: cannot specify --patch and --patch-file together\n'));
    expect(k(`patch deploy web -p '{}' --type=foo`)).toEqual(err('error: --type must be one of [json merge strategic], not "foo"\n'));
    expect(k(`patch deploy nope -p '{}'`)).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
    expect(k(`patch deploy web -p '{"spec":{"bogus":1}}'`)).toEqual(err('Error from server (BadRequest): strict decoding error: unknown field "spec.bogus"\n'));
  });

  // Lines checked against kubectl 1.32 (`patch` parses -p before any request; see goJson.test.ts for the JSON texts).
  it('refuses YAML in go-yaml\'s words, and names the line only past the first', () => {
    expect(k(`patch deploy web -p 'a: b: c'`)).toEqual(err('error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n'));
    expect(k(`patch deploy web -p '"abc'`)).toEqual(err('error: unable to parse "\\"abc": yaml: found unexpected end of stream\n'));
    expect(k("patch deploy web -p '\ta: 1'")).toEqual(err('error: unable to parse "\\ta: 1": yaml: found character that cannot start any token\n'));
    expect(k(`patch deploy web -p 'a: &x 1\nb: *y'`)).toEqual(err('error: unable to parse "a: &x 1\\nb: *y": yaml: unknown anchor \'y\' referenced\n'));
    expect(k(`patch deploy web -p 'a: 1\nb: c: d'`)).toEqual(err('error: unable to parse "a: 1\\nb: c: d": yaml: line 2: mapping values are not allowed in this context\n'));
    expect(k(`patch deploy web -p 'a: 1\nb: "x'`)).toEqual(err('error: unable to parse "a: 1\\nb: \\"x": yaml: line 2: found unexpected end of stream\n'));
    expect(replicas()).toBe('1');
  });

  it('takes the first YAML document only', () => {
    expect(k(`patch deploy web -p 'spec: {replicas: 2}\n---\nspec: {replicas: 5}'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(replicas()).toBe('2');
  });

  it('sends text starting with { unchecked, so the API server (or kubectl\'s patch code under --dry-run=client) refuses it', () => {
    expect(k(`patch deploy web -p '{'`)).toEqual(err('Error from server (BadRequest): unexpected end of JSON input\n'));
    expect(k(`patch deploy web -p '{"a": [}' --type=merge`)).toEqual(err("Error from server (BadRequest): error decoding patch: invalid character '}' looking for beginning of value\n"));
    expect(k(`patch deploy web -p '{a: 1}' --type=json`)).toEqual(err("Error from server (BadRequest): invalid character 'a' looking for beginning of object key string\n"));
    expect(k(`patch deploy nope -p '{'`)).toEqual(err('Error from server (NotFound): deployments.apps "nope" not found\n'));
    expect(k(`patch deploy web -p '{' --dry-run=client`)).toEqual(err('error: invalid JSON document\n'));
    expect(k(`patch deploy web -p '{' --type=merge --dry-run=client`)).toEqual(err('error: Invalid JSON Patch\n'));
    expect(k(`patch deploy web -p '{"a":1}}' --type=json --dry-run=client`)).toEqual(err("error: invalid character '}' after top-level value\n"));
  });

  it('answers a JSON patch whose operations are malformed or do not apply as kube-apiserver does, never with a panic', () => {
    const invalid = err('The request is invalid: the server rejected our request due to an error in our request\n');
    // Operations that do not apply (json-patch's own reason is not sent back): a bare 422.
    for (const ops of [
      '[{"path":"/spec/replicas","value":2}]',
      '[{"op":"add","value":2}]',
      '[{"op":"bogus","path":"/spec/replicas"}]',
      '[{"op":"add","path":"/spec/nope/x","value":2}]',
      '[{"op":"remove","path":"/metadata/labels/zz"}]',
      '[{"op":"test","path":"/spec/replicas","value":5}]',
      '[{"op":"move","path":"/spec/x"}]',
      '[{"op":"add","path":"/spec/template/spec/containers/5","value":{}}]',
      '[null]',
    ]) {
      expect(k(`patch deploy web --type json -p '${ops}'`), ops).toEqual(invalid);
    }
    // A body that is not a list of operations: the strict decode's 400.
    expect(k(`patch deploy web --type json -p '{"op":"add"}'`)).toEqual(err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n'));
    expect(k(`patch deploy web --type json -p '[1]'`)).toEqual(err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp\n'));
    expect(k(`patch deploy web --type json -p '[{"op":5,"path":"/spec/replicas"}]'`)).toEqual(err('Error from server (BadRequest): error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string\n'));
    expect(replicas()).toBe('1');
    // json-patch v4 leniencies: replace adds a missing key; a negative index counts from the end.
    expect(k(`patch deploy web --type json -p '[{"op":"replace","path":"/metadata/labels/tier","value":"fe"},{"op":"test","path":"/spec/replicas","value":1}]'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(k(`patch deploy web --type json -p '[{"op":"add","path":"/spec/template/spec/containers/-1","value":{"name":"side","image":"busybox"}}]'`)).toEqual(ok('deployment.apps/web patched\n'));
    expect(k('get deploy web -o jsonpath={.metadata.labels.tier}/{.spec.template.spec.containers[*].name}').stdout).toBe('fe/nginx side');
  });

  it('words a JSON patch that does not apply as json-patch does on a client dry run', () => {
    expect(k(`patch deploy web --type json -p '[{"op":"add","path":"/spec/nope/x","value":2}]' --dry-run=client`)).toEqual(err('error: add operation does not apply: doc is missing path: "/spec/nope/x": missing value\n'));
    expect(k(`patch deploy web --type json -p '[{"op":"remove","path":"/metadata/labels/zz"}]' --dry-run=client`)).toEqual(err("error: error in remove for path: '/metadata/labels/zz': Unable to remove nonexistent key: zz: missing value\n"));
  });

  it('words a type error as the strategic path does (the converter, the patch map) and as the merge path does (JSON)', () => {
    expect(k(`patch deploy web -p '{"spec":{"replicas":"x"}}'`)).toEqual(err('The request is invalid: patch: Invalid value: "map[spec:map[replicas:x]]": unrecognized type: int32\n'));
    expect(k(`patch deploy web -p '{"spec":{"replicas":1.5,"paused":true}}'`)).toEqual(err('The request is invalid: patch: Invalid value: "map[spec:map[paused:true replicas:1.5]]": cannot convert float64 to int32\n'));
    expect(k(`patch deploy web -p '{"metadata":{"labels":{"tier":5}}}'`)).toEqual(err('The request is invalid: patch: Invalid value: "map[metadata:map[labels:map[tier:5]]]": cannot convert int64 to string\n'));
    expect(k(`patch deploy web -p '{"spec":{"template":"x"}}'`)).toEqual(err('The request is invalid: patch: Invalid value: "map[spec:map[template:x]]": cannot restore struct from: string\n'));
    expect(k(`patch deploy web -p '{"metadata":{"labels":["a"]}}'`)).toEqual(err('The request is invalid: patch: Invalid value: "map[metadata:map[labels:[a]]]": cannot restore map from slice\n'));
    const merge = k(`patch deploy web --type merge -p '{"spec":{"replicas":"x"}}'`);
    expect(merge.stderr).toMatch(/^The request is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32\n$/);
    expect(replicas()).toBe('1');
  });
});
