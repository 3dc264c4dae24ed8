import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parse';
import { ScenarioRun } from '../../../scenario/runner';
import { query } from './filter';
import { requestDetail } from './detail';
import type { ConversationEntry, RequestEntry } from './types';

/** The README's first example: the web Deployment (three nginx replicas), applied at 0s on seed 7. */
function webRun(): ScenarioRun {
  const sc = parseScenario(readFileSync(new URL('../../../../examples/web.yaml', import.meta.url), 'utf8'));
  return new ScenarioRun({ ...sc, actions: sc.actions.slice(0, 1) });
}

const RS = 'web-64f5c8754f';
const POD = 'web-64f5c8754f-jhdds';

/** An entry as a line of the story: who did what, or who heard of what. */
function line(e: ConversationEntry): string {
  if (e.kind === 'watch') return `watch ${e.type} ${e.resource}/${e.namespace}/${e.name} → ${e.component}`;
  return `${e.component}: ${e.verb} ${e.resource}${e.subresource ? `/${e.subresource}` : ''} ${e.namespace}/${e.name} → ${e.code}`;
}

describe('the conversation of an apply', () => {
  it('tells the web Deployment becoming one running pod in order: deployment, ReplicaSet, pod, binding, kubelet', () => {
    const run = webRun();
    const log = run.cluster.api.conversation;
    run.runUntil(-1);
    const start = log.next;
    run.runUntil(5000);
    const about = (e: ConversationEntry) => (e.resource === 'deployments' && e.name === 'web') || (e.resource === 'replicasets' && e.name === RS) || (e.resource === 'pods' && e.name === POD);
    const story = log.slice(start).filter(about).map(line);
    expect(story.slice(0, 43)).toEqual([
      'kubectl: get deployments default/web → 404',
      'kubectl: create deployments default/web → 201',
      // the controller manager's deployment informer and its garbage collector's each hear of it
      'watch ADDED deployments/default/web → kube-controller-manager',
      'watch ADDED deployments/default/web → kube-controller-manager',
      `deployment-controller: create replicasets default/${RS} → 201`,
      // the revision annotation rides in the first status write
      'deployment-controller: update deployments/status default/web → 200',
      'deployment-controller: update deployments/status default/web → 200',
      `watch ADDED replicasets/default/${RS} → kube-controller-manager`,
      `watch ADDED replicasets/default/${RS} → kube-controller-manager`,
      `watch ADDED replicasets/default/${RS} → kube-scheduler`,
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      `replicaset-controller: create pods default/${POD} → 201`,
      `replicaset-controller: update replicasets/status default/${RS} → 200`,
      `watch ADDED pods/default/${POD} → kube-controller-manager`,
      `watch ADDED pods/default/${POD} → kube-scheduler`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-scheduler`,
      `replicaset-controller: update replicasets/status default/${RS} → 200`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-scheduler`,
      // this pod is the second of the three the scheduler binds
      `kube-scheduler: create pods/binding default/${POD} → 201`,
      'deployment-controller: update deployments/status default/web → 200',
      `watch MODIFIED pods/default/${POD} → kube-controller-manager`,
      `watch MODIFIED pods/default/${POD} → kube-scheduler`,
      // the binding set spec.nodeName: worker-1's kubelet, watching its own pods, sees the pod appear
      `watch ADDED pods/default/${POD} → kubelet/worker-1`,
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      `kubelet/worker-1: patch pods/status default/${POD} → 200`,
      `watch MODIFIED pods/default/${POD} → kube-controller-manager`,
      `watch MODIFIED pods/default/${POD} → kube-scheduler`,
      `watch MODIFIED pods/default/${POD} → kubelet/worker-1`,
      `replicaset-controller: update replicasets/status default/${RS} → 200`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-controller-manager`,
      `watch MODIFIED replicasets/default/${RS} → kube-scheduler`,
      'deployment-controller: update deployments/status default/web → 200',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
      'watch MODIFIED deployments/default/web → kube-controller-manager',
    ]);
  });

  it('follows one pod from its create to Running in a dozen entries, each watch event tied to the request that caused it', () => {
    const run = webRun();
    run.runUntil(60_000);
    const log = run.cluster.api.conversation;
    const entries = query(log.newestFirst(), { object: `pods/default/${POD}` }, 100, (s) => log.at(s));
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    expect(entries.map((e) => (e.kind === 'watch' ? `${line(e)} (from ${line(bySeq.get(e.cause!)!)})` : line(e)))).toEqual([
      `replicaset-controller: create pods default/${POD} → 201`,
      `watch ADDED pods/default/${POD} → kube-controller-manager (from replicaset-controller: create pods default/${POD} → 201)`,
      `watch ADDED pods/default/${POD} → kube-scheduler (from replicaset-controller: create pods default/${POD} → 201)`,
      `kube-scheduler: create pods/binding default/${POD} → 201`,
      `watch MODIFIED pods/default/${POD} → kube-controller-manager (from kube-scheduler: create pods/binding default/${POD} → 201)`,
      `watch MODIFIED pods/default/${POD} → kube-scheduler (from kube-scheduler: create pods/binding default/${POD} → 201)`,
      `watch ADDED pods/default/${POD} → kubelet/worker-1 (from kube-scheduler: create pods/binding default/${POD} → 201)`,
      `kubelet/worker-1: patch pods/status default/${POD} → 200`,
      `watch MODIFIED pods/default/${POD} → kube-controller-manager (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
      `watch MODIFIED pods/default/${POD} → kube-scheduler (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
      `watch MODIFIED pods/default/${POD} → kubelet/worker-1 (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
      `kubelet/worker-1: patch pods/status default/${POD} → 200`,
      `watch MODIFIED pods/default/${POD} → kube-controller-manager (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
      `watch MODIFIED pods/default/${POD} → kube-scheduler (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
      `watch MODIFIED pods/default/${POD} → kubelet/worker-1 (from kubelet/worker-1: patch pods/status default/${POD} → 200)`,
    ]);
    const binding = entries.find((e): e is RequestEntry => e.kind === 'request' && e.subresource === 'binding')!;
    expect(binding).toMatchObject({ method: 'POST', uri: `/api/v1/namespaces/default/pods/${POD}/binding`, user: 'system:kube-scheduler', fanout: 3, etcd: [{ op: 'PUT', key: `/registry/pods/default/${POD}` }] });
    // the watch events carry the revision of the write that caused them
    const caused = entries.filter((e) => e.kind === 'watch' && e.cause === binding.seq).map((e) => (e as { revision: number }).revision);
    expect(caused).toEqual([binding.etcd![0]!.revision, binding.etcd![0]!.revision, binding.etcd![0]!.revision]);
  });

  it('writes each request URI as the API server receives it: a create to its collection, a watch with its resourceVersion and selectors query-escaped', () => {
    const run = webRun();
    run.runUntil(5000);
    const log = run.cluster.api.conversation;
    const all = log.slice(1).filter((e): e is RequestEntry => e.kind === 'request');
    expect(all.find((e) => e.verb === 'create' && e.resource === 'deployments' && e.namespace === 'default')!.uri).toBe('/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict');
    expect(all.find((e) => e.verb === 'create' && e.resource === 'replicasets' && e.namespace === 'default')!.uri).toBe('/apis/apps/v1/namespaces/default/replicasets');
    const kubeletPods = all.find((e) => e.verb === 'watch' && e.resource === 'pods' && e.component === 'kubelet/worker-1')!;
    expect(kubeletPods.uri).toMatch(/^\/api\/v1\/pods\?fieldSelector=spec\.nodeName%3Dworker-1&resourceVersion=\d+&watch=true$/);
    expect(kubeletPods.method).toBe('GET');
  });
});

describe('a request in full', () => {
  it('logs the scheduler binding a pod as client-go does at -v=8, and audits it at RequestResponse', () => {
    const run = webRun();
    run.runUntil(5000);
    const log = run.cluster.api.conversation;
    const binding = log.slice(1).find((e) => e.kind === 'request' && e.subresource === 'binding' && e.name === POD)!;
    const r = requestDetail(log, binding.seq, run.cluster.apiEndpoints());
    if ('error' in r) throw new Error(r.error);
    const uid = (run.cluster.api.peek('pods', 'default', POD)!.metadata.uid);
    const t = 'I0902 10:00:00.000000       1';
    expect(r.detail.clientLog).toBe(
      [
        '# kube-scheduler (system:kube-scheduler): its client-go logs this request so at -v=8 (it speaks protobuf to the API server; shown here as JSON)',
        `${t} request.go:1351] Request Body: {"kind":"Binding","apiVersion":"v1","metadata":{"name":"${POD}","namespace":"default","uid":"${uid}"},"target":{"apiVersion":"v1","kind":"Node","name":"worker-1"}}`,
        `${t} round_trippers.go:463] POST https://192.168.1.10:6443/api/v1/namespaces/default/pods/${POD}/binding`,
        `${t} round_trippers.go:469] Request Headers:`,
        `${t} round_trippers.go:473]     Accept: application/json, */*`,
        `${t} round_trippers.go:473]     Content-Type: application/json`,
        `${t} round_trippers.go:473]     User-Agent: kube-scheduler/v1.31.0 (linux/amd64) kubernetes/9edcffc/scheduler`,
        `${t} round_trippers.go:574] Response Status: 201 Created in 0 milliseconds`,
        `${t} round_trippers.go:577] Response Headers:`,
        `${t} round_trippers.go:580]     Audit-Id: ${JSON.parse(r.detail.audit).auditID}`,
        `${t} round_trippers.go:580]     Cache-Control: no-cache, private`,
        `${t} round_trippers.go:580]     Content-Type: application/json`,
        `${t} round_trippers.go:580]     X-Kubernetes-Pf-Flowschema-Uid: 5f7d9408-8c88-4cac-9095-42a8c5b11c82`,
        `${t} round_trippers.go:580]     X-Kubernetes-Pf-Prioritylevel-Uid: e328a898-3f28-4798-b150-c6087771c43b`,
        `${t} round_trippers.go:580]     Date: Mon, 02 Sep 2024 10:00:00 GMT`,
        `${t} round_trippers.go:580]     Content-Length: 79`,
        `${t} request.go:1212] Response Body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}`,
        '',
      ].join('\n'),
    );
    expect(r.detail.audit).toBe(
      `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"${JSON.parse(r.detail.audit).auditID}","stage":"ResponseComplete",` +
        `"requestURI":"/api/v1/namespaces/default/pods/${POD}/binding","verb":"create","user":{"username":"system:kube-scheduler","groups":["system:authenticated"]},` +
        `"sourceIPs":["192.168.1.10"],"userAgent":"kube-scheduler/v1.31.0 (linux/amd64) kubernetes/9edcffc/scheduler",` +
        `"objectRef":{"resource":"pods","namespace":"default","name":"${POD}","uid":"${uid}","apiVersion":"v1","subresource":"binding"},` +
        `"responseStatus":{"metadata":{},"code":201},` +
        `"requestObject":{"kind":"Binding","apiVersion":"v1","metadata":{"name":"${POD}","namespace":"default","uid":"${uid}"},"target":{"apiVersion":"v1","kind":"Node","name":"worker-1"}},` +
        `"responseObject":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201},` +
        `"requestReceivedTimestamp":"2024-09-02T10:00:00.000000Z","stageTimestamp":"2024-09-02T10:00:00.000000Z",` +
        `"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \\"system:kube-scheduler\\" of ClusterRole \\"system:kube-scheduler\\" to User \\"system:kube-scheduler\\""}}`,
    );
    expect(JSON.parse(r.detail.audit).auditID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.detail.fanout.map((w) => `${w.type} → ${w.component}`)).toEqual(['MODIFIED → kube-controller-manager', 'MODIFIED → kube-scheduler', 'ADDED → kubelet/worker-1']);
  });

  it('logs a refused kubectl request with its Status body, cut at 1024 bytes as -v=8 cuts bodies', () => {
    const run = webRun();
    run.runUntil(0);
    const log = run.cluster.api.conversation;
    const get = log.slice(1).find((e) => e.kind === 'request' && e.component === 'kubectl' && e.code === 404)!;
    const r = requestDetail(log, get.seq, run.cluster.apiEndpoints());
    if ('error' in r) throw new Error(r.error);
    const lines = r.detail.clientLog.split('\n');
    expect(lines[0]).toBe('I0902 10:00:00.000000    5218 round_trippers.go:463] GET https://192.168.1.10:6443/apis/apps/v1/namespaces/default/deployments/web');
    expect(lines).toContain('I0902 10:00:00.000000    5218 round_trippers.go:574] Response Status: 404 Not Found in 0 milliseconds');
    expect(lines.at(-2)).toBe('I0902 10:00:00.000000    5218 request.go:1212] Response Body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}');
    const create = log.slice(1).find((e) => e.kind === 'request' && e.component === 'kubectl' && e.verb === 'create' && e.resource === 'deployments')!;
    const c = requestDetail(log, create.seq, run.cluster.apiEndpoints());
    if ('error' in c) throw new Error(c.error);
    expect(c.detail.clientLog.split('\n').at(-2)).toMatch(/ request\.go:1212\] Response Body: \{"kind":"Deployment",.* \[truncated \d+ chars\]$/);
  });
});
