/**
 * Each check kind, true and false, with the words a teacher reads. The story: web (3 replicas, then
 * scaled to 4 after the student took over at 30s), its Service, a client pod, db on the SSD node.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluate } from '../../src/lesson/checks';
import type { CheckContext } from '../../src/lesson/checks';
import { parseCheck } from '../../src/lesson/parseCheck';
import { storyRun } from './story';

let ctx: CheckContext;
let auditBefore = 0;
let revisionBefore = 0;

beforeAll(() => {
  const run = storyRun();
  run.runUntil(30_000);
  ctx = { run, sinceRevision: run.cluster.api.store.revision };
  run.act({ kubectl: 'scale deployment/web --replicas=4' });
  run.runUntil(45_000);
  auditBefore = run.cluster.api.audit.count();
  revisionBefore = run.cluster.api.store.revision;
});

const CASES: [string, boolean, string][] = [
  ['object: {resource: deploy, name: web}', true, 'deployment/web exists'],
  ['object: {resource: deploy, name: api}', false, 'deployment/api not found'],
  ['object: {resource: svc, name: api, absent: true}', true, 'service/api does not exist'],
  ['object: {resource: svc, name: web, absent: true}', false, 'service/web exists, want it absent'],
  ["object: {resource: deployment, name: web, jsonPath: '{.status.readyReplicas}', equals: 4}", true, 'deployment/web: {.status.readyReplicas} is 4'],
  ["object: {resource: deployment, name: web, jsonPath: '{.status.readyReplicas}', equals: 5}", false, 'deployment/web: {.status.readyReplicas} is 4, want 5'],
  ["object: {resource: pod, name: db, jsonPath: '{.status.phase}', equals: Running}", true, 'pod/db: {.status.phase} is "Running"'],
  ["object: {resource: pod, name: db, jsonPath: '{.spec.nodeName}', matches: '^worker-[13]$'}", false, 'pod/db: {.spec.nodeName} is "worker-2", want a match for /^worker-[13]$/'],
  // Kubernetes leaves zero counts out: a field not set is 0 where a number is wanted.
  ["object: {resource: deployment, name: web, jsonPath: '{.status.unavailableReplicas}', atMost: 0}", true, 'deployment/web: {.status.unavailableReplicas} is not set'],
  ["object: {resource: deployment, name: web, jsonPath: '{.status.unavailableReplicas}', atLeast: 1}", false, 'deployment/web: {.status.unavailableReplicas} is not set, want at least 1'],
  ["object: {resource: node, name: worker-2, jsonPath: '{.metadata.labels.disktype}', equals: ssd}", true, 'node/worker-2: {.metadata.labels.disktype} is "ssd"'],
  ["object: {resource: deployment, name: coredns, namespace: kube-system, jsonPath: '{.spec.replicas}', equals: 2}", true, 'deployment/coredns in namespace kube-system: {.spec.replicas} is 2'],
  ['count: {resource: pods, selector: app=web, equals: 4}', true, 'pods with app=web: 4'],
  ['count: {resource: pods, selector: app=web, fieldSelector: spec.nodeName=worker-1, atLeast: 3}', false, 'pods with app=web, spec.nodeName=worker-1: 1, want at least 3'],
  ["count: {resource: pods, allNamespaces: true, where: {jsonPath: '{.metadata.namespace}', equals: kube-system}, atLeast: 1}", true, 'pods where {.metadata.namespace} is "kube-system" in all namespaces: 11'],
  ["count: {resource: nodes, where: {jsonPath: '{.metadata.labels.disktype}', equals: ssd}, equals: 1}", true, 'nodes where {.metadata.labels.disktype} is "ssd": 1'],
  ['placement: {pods: app=db, nodes: disktype=ssd, allBound: true}', true, 'pods with app=db run on 1 node (worker-2)'],
  ['placement: {pods: app=web, nodes: disktype=ssd}', false, 'pod web-64bf787f5f-l552j runs on worker-3, whose labels do not match disktype=ssd'],
  ['placement: {pods: app=web, distinctNodes: {atLeast: 2}}', true, 'pods with app=web run on 3 nodes (worker-1, worker-2, worker-3)'],
  ['placement: {pods: app=web, distinctNodes: {atLeast: 4}}', false, 'pods with app=web run on 3 nodes (worker-1, worker-2, worker-3), want at least 4 nodes'],
  ['placement: {pods: app=nothing}', false, 'no pod matches app=nothing'],
  ["kubectl: {command: get deploy web, contains: '4/4'}", true, 'kubectl get deploy web: the output contains "4/4"'],
  ['kubectl: {command: get deploy web, notContains: web}', false, 'kubectl get deploy web: the output contains "web"'],
  ['kubectl: {command: get deploy api, exitCode: 0}', false, 'kubectl get deploy api: exit code 1, want 0'],
  ["kubectl: {command: get pods -l app=db -o wide, matches: 'db +1/1 +Running', exitCode: 0}", true, 'kubectl get pods -l app=db -o wide: exit code 0, the output matches /db +1/1 +Running/'],
  ['event: {reason: ScalingReplicaSet, kind: Deployment, name: web}', true, 'Event ScalingReplicaSet on Deployment/web: Scaled up replica set web-64bf787f5f to 4 from 3'],
  // db was scheduled before the student took over: that Event does not count.
  ['event: {reason: Scheduled, name: db}', false, 'no Event Scheduled on db since the student took over'],
  ['event: {reason: Scheduled, kind: Pod, name: web}', true, 'Event Scheduled on Pod/web-64bf787f5f-vnwqf: Successfully assigned default/web-64bf787f5f-vnwqf to worker-3'],
  ['event: {reason: BackOff, type: Warning}', false, 'no Warning Event BackOff since the student took over'],
  ["traffic: {from: client, to: 'web:80'}", true, 'client → web:80: delivered (delivered to default/web-64bf787f5f-vnwqf: connection established with nginx (HTTP))'],
  ["traffic: {from: client, to: 'web:81', expect: refused}", false, 'client → web:81: dropped (timed out: the packet was dropped on the way and nothing answers), want refused'],
  ["traffic: {from: client, to: 'web:80', answeredBy: app=web}", true, 'client → web:80: delivered (delivered to default/web-64bf787f5f-vnwqf: connection established with nginx (HTTP)), answered by pod default/web-64bf787f5f-vnwqf, which matches app=web'],
  ["traffic: {from: client, to: 'web:80', answeredBy: 'app in (db, api)'}", false, 'client → web:80: delivered (delivered to default/web-64bf787f5f-vnwqf: connection established with nginx (HTTP)), answered by pod default/web-64bf787f5f-vnwqf, whose labels do not match app in (db, api)'],
  ["traffic: {from: client, to: 'node/worker-2:10250', answeredBy: app=web}", false, 'client → node/worker-2:10250: delivered (delivered to worker-2: connection established with kubelet (TCP)), answered by worker-2, not a pod: want a pod with app=web'],
  ["traffic: {from: nosuch, to: 'web:80'}", false, 'nosuch → web:80: pods "nosuch" not found in namespace "default"'],
  ['all: [{object: {resource: deploy, name: web}}, {object: {resource: svc, name: api}}]', false, 'service/api not found'],
  ['all: [{object: {resource: deploy, name: web}}, {object: {resource: svc, name: web}}]', true, 'deployment/web exists; service/web exists'],
  ['any: [{object: {resource: svc, name: api}}, {object: {resource: svc, name: web}}]', true, 'service/web exists'],
  ['any: [{object: {resource: svc, name: api}}, {object: {resource: svc, name: db}}]', false, 'service/api not found; or service/db not found'],
  ['not: {object: {resource: svc, name: web}}', false, 'not wanted: service/web exists'],
  ['not: {object: {resource: svc, name: api}}', true, 'service/api not found'],
];

describe('a check', () => {
  it.each(CASES)('%s → %s', (yaml, ok, detail) => {
    expect(evaluate(ctx, parseCheck(parse(yaml), 'check'))).toEqual({ ok, detail });
  });

  it('reads as an observer: no request in the audit log, no write to the store', () => {
    for (const [yaml] of CASES) evaluate(ctx, parseCheck(parse(yaml), 'check'));
    expect(ctx.run.cluster.api.audit.count()).toBe(auditBefore);
    expect(ctx.run.cluster.api.store.revision).toBe(revisionBefore);
  });
});
