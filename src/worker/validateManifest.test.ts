import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import type { FromWorker } from './protocol';

type Problems = Extract<FromWorker, { type: 'manifestProblems' }>['problems'];

function check(yaml: string): { problems: Problems; requestsBefore: number; requestsAfter: number; actions: number } {
  const { host, sent } = harness();
  host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
  const before = host.currentRun.cluster.api.conversation.next;
  host.handle({ type: 'validateManifest', id: 3, yaml });
  const a = sent.find((m): m is Extract<FromWorker, { type: 'manifestProblems' }> => m.type === 'manifestProblems' && m.id === 3)!;
  return { problems: a.problems, requestsBefore: before, requestsAfter: host.currentRun.cluster.api.conversation.next, actions: host.currentRun.scenario.actions.length };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicass: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        prots: [{containerPort: 80}]
`;

describe('the editor’s server-side check', () => {
  it('names unknown fields as strict decoding does, on their keys, and sends nothing', () => {
    const r = check(DEPLOYMENT);
    expect(r.problems).toEqual([
      { line: 6, column: 3, endLine: 6, endColumn: 12, severity: 'error', message: 'unknown field "spec.replicass"' },
      { line: 16, column: 9, endLine: 16, endColumn: 14, severity: 'error', message: 'unknown field "spec.template.spec.containers[0].prots"' },
    ]);
    expect(r.requestsAfter).toBe(r.requestsBefore);
    expect(r.actions).toBe(0);
  });

  it('reports a type error in Go’s words on the value', () => {
    const r = check(DEPLOYMENT.replace('replicass: 2', 'replicas: two').replace('prots', 'ports'));
    expect(r.problems).toEqual([
      { line: 6, column: 13, endLine: 6, endColumn: 16, severity: 'error', message: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' },
    ]);
  });

  it('reports create validation on the field, and a required field on its parent', () => {
    const noSelector = DEPLOYMENT.replace('replicass: 2\n  selector:\n    matchLabels: {app: web}\n', 'replicas: 2\n').replace('prots', 'ports');
    const r = check(noSelector);
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [5, 1, 'spec.selector: Required value'],
      [9, 15, 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ]);
  });

  it('checks each document of a stream by its own kind, and knows the kinds the server serves', () => {
    const r = check(`apiVersion: v1
kind: ConfigMap
metadata: {name: a}
data: {x: "1"}
---
apiVersion: v1
kind: Servic
metadata: {name: b}
---
kind: Pod
metadata: {name: c}
`);
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [7, 7, 'no matches for kind "Servic" in version "v1"'],
      [10, 1, 'error validating data: apiVersion not set'],
    ]);
  });

  it('shows a YAML syntax error as kubectl words it', () => {
    // kubectl create -f: yaml: line 4: found character that cannot start any token
    const r = check('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n');
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([[4, 1, 'yaml: found character that cannot start any token']]);
  });
});
