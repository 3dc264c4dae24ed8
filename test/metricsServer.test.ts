import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';
import type { AddonName } from '../src/sim/addons';
import type { Event } from '../src/sim/types';
import { kubetab, scenarioWith } from './cli';

const WEB_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers: [{name: nginx, image: "nginx:1.27", resources: {requests: {cpu: 100m}}}]
`;

const HPA = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", resources: {requests: {cpu: 100m}}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`;

function run(manifest: string, addons?: AddonName[]): ScenarioRun {
  return new ScenarioRun({ seed: 7, cluster: addons ? { addons } : {}, actions: [{ atMs: 0, apply: manifest }] });
}

/** The HPA's events as `reason: message`, each once, oldest first. */
function hpaEvents(r: ScenarioRun): string[] {
  const evs = r.cluster.client().list<Event>('events', 'default').items.filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler');
  return [...new Set(evs.map((e) => `${e.reason}: ${e.message}`))];
}

function scalingActive(r: ScenarioRun): { status: string; reason: string; message: string } | undefined {
  const hpa = r.cluster.api.peek('horizontalpodautoscalers', 'default', 'web') as { status?: { conditions?: { type: string; status: string; reason: string; message: string }[] } };
  return hpa.status?.conditions?.find((c) => c.type === 'ScalingActive');
}

describe('metrics-server, the default add-on', () => {
  it('is installed when cluster.addons is absent, and only when listed once the key is given', () => {
    const has = (r: ScenarioRun) => ['deployments', 'services', 'serviceaccounts'].map((k) => !!r.cluster.api.peek(k, 'kube-system', 'metrics-server')).concat(!!r.cluster.api.peek('apiservices', undefined, 'v1beta1.metrics.k8s.io'));
    expect(has(run(WEB_POD))).toEqual([true, true, true, true]);
    expect(has(run(WEB_POD, ['metrics-server']))).toEqual([true, true, true, true]);
    expect(has(run(WEB_POD, []))).toEqual([false, false, false, false]);
    expect(has(run(WEB_POD, ['ingress-nginx']))).toEqual([false, false, false, false]);
  });

  it('runs its pod on a worker with components.yaml\'s args and --kubelet-insecure-tls', () => {
    const r = run(WEB_POD);
    r.runUntil(0);
    expect(r.kubectl('get pods -n kube-system -l k8s-app=metrics-server -o jsonpath={.items[0].spec.nodeName}').stdout).toBe('worker-2');
    const out = r.kubectl('get pods -n kube-system -l k8s-app=metrics-server -o jsonpath={.items[0].spec.containers[0].args}');
    expect(out.stdout).toBe('["--cert-dir=/tmp","--secure-port=10250","--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname","--kubelet-use-node-status-port","--metric-resolution=15s","--kubelet-insecure-tls"]');
  });

  it('kubectl get apiservices: unavailable while its pod is not ready, then True', () => {
    const r = run(WEB_POD);
    r.runUntil(0);
    expect(r.kubectl('get apiservices v1beta1.metrics.k8s.io').stdout).toBe('NAME                     SERVICE                      AVAILABLE                  AGE\nv1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   30s\n');
    expect(r.kubectl('get apiservice v1beta1.metrics.k8s.io -o jsonpath={.status.conditions[0].message}').stdout).toBe('endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"');
    r.runUntil(10_000);
    expect(r.kubectl('get apiservices v1beta1.metrics.k8s.io').stdout).toBe('NAME                     SERVICE                      AVAILABLE   AGE\nv1beta1.metrics.k8s.io   kube-system/metrics-server   True        40s\n');
    expect(r.kubectl('get apiservice v1beta1.metrics.k8s.io -o jsonpath={.status.conditions[0].reason}/{.status.conditions[0].message}').stdout).toBe('Passed/all checks passed');
  });
});

describe('kubectl top through metrics.k8s.io', () => {
  it('answers 503 before the APIService is available, then `metrics not available yet` for young pods, then the table', () => {
    const r = run(WEB_POD);
    r.runUntil(0);
    expect(r.kubectl('top pods')).toEqual({ stdout: '', stderr: 'Error from server (ServiceUnavailable): the server is currently unable to handle the request (get pods.metrics.k8s.io)\n', exitCode: 1 });
    r.runUntil(10_000);
    expect(r.kubectl('top pods')).toEqual({ stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 });
    r.runUntil(40_000);
    expect(r.kubectl('top pods')).toEqual({ stdout: 'NAME   CPU(cores)   MEMORY(bytes)   \nweb    1m           7Mi             \n', stderr: '', exitCode: 0 });
    expect(r.kubectl('top pod nope').stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
    expect(r.kubectl('top node nope').stderr).toBe('Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n');
    expect(r.kubectl('top pod web -l app=web').stderr).toBe('error: only one of NAME or selector can be provided\n');
  });

  it('names a pod older than two minutes that has no metrics', () => {
    const pending = WEB_POD.replace('name: web', 'name: stuck').replace('  containers:', '  nodeSelector: {nowhere: "true"}\n  containers:');
    const r = run(pending);
    r.runUntil(150_000);
    expect(r.kubectl('top pods').stderr).toBe('error: Metrics not available for pod default/stuck, age: 2m30s\n');
  });

  it('without the add-on: `Metrics API not available`', () => {
    const r = run(WEB_POD, []);
    r.runUntil(60_000);
    expect(r.kubectl('top pods')).toEqual({ stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 });
    expect(r.kubectl('top nodes').stderr).toBe('error: Metrics API not available\n');
    // Only the API server's own (Local) APIServices.
    expect(r.kubectl('get apiservices v1beta1.metrics.k8s.io').stderr).toBe('Error from server (NotFound): apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found\n');
    expect(r.kubectl('get apiservices -o name').stdout.trim().split('\n')).toHaveLength(21);
  });
});

describe('the HPA reads metrics.k8s.io through the API server', () => {
  it('without metrics-server: the aggregator has no such group, and every sync says so', () => {
    const r = run(HPA, []);
    r.runUntil(60_000);
    const raw = 'unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
    expect(hpaEvents(r)).toEqual([`FailedGetResourceMetric: failed to get cpu utilization: ${raw}`, `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: ${raw}`]);
    expect(scalingActive(r)).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: failed to get cpu utilization: ${raw}` });
  });

  it('with metrics-server: unavailable at first, then no metrics, then a valid metric', () => {
    const r = run(HPA);
    r.runUntil(60_000);
    const first = 'unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)';
    const second = 'unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    expect(hpaEvents(r)).toEqual([
      `FailedGetResourceMetric: failed to get cpu utilization: ${first}`,
      `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: ${first}`,
      `FailedGetResourceMetric: failed to get cpu utilization: ${second}`,
      `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: ${second}`,
    ]);
    expect(scalingActive(r)).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
  });
});

describe('logs, exec and top in the request log', () => {
  it('are requests to the API server: pods/log with its query, pods/exec upgraded (101), metrics.k8s.io lists', () => {
    const r = kubetab(['run', 'm.yaml', '--until', '40s', '--exec', 'logs web --tail=2 --timestamps', '--exec', 'exec web -- nginx -v', '--exec', 'exec web -c zz -- ls', '--exec', 'top pod', '--exec', 'top node', '--requests=kubectl'], { 'm.yaml': scenarioWith(WEB_POD) });
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('[40.000s]')).map((l) => l.replace(/#\d+/, '#N'));
    expect(lines).toEqual([
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web → 200',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web/log?container=nginx&tailLines=2&timestamps=true → 200',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web → 200',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web/exec?command=nginx&command=-v&container=nginx&stderr=true&stdout=true → 101',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web → 200',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web/exec?command=ls&container=zz&stderr=true&stdout=true → 400',
      '[40.000s] #N kubectl: GET /apis/metrics.k8s.io/v1beta1/namespaces/default/pods → 200',
      '[40.000s] #N kubectl: GET /apis/metrics.k8s.io/v1beta1/nodes → 200',
      '[40.000s] #N kubectl: GET /api/v1/nodes → 200',
    ]);
    expect(r.stdout).toContain('==> kubectl exec web -c zz -- ls\n');
  });

  it('logs -f asks pods/log with follow=true, once', () => {
    const r = kubetab(['run', 'm.yaml', '--until', '40s', '--exec', 'logs -f web --tail=1', '--requests=kubectl'], { 'm.yaml': scenarioWith(WEB_POD) });
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('[40.000s]')).map((l) => l.replace(/#\d+/, '#N'));
    expect(lines).toEqual([
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web → 200',
      '[40.000s] #N kubectl: GET /api/v1/namespaces/default/pods/web/log?container=nginx&follow=true&tailLines=1 → 200',
    ]);
  });

  it('exec into a container that is not running fails the upgrade with the kubelet\'s words', () => {
    const r = run(WEB_POD.replace('nginx:1.27', 'python:3.12'));
    r.runUntil(1_500);
    expect(r.kubectl('exec web -- ls')).toEqual({ stdout: '', stderr: 'error: unable to upgrade connection: container not found ("nginx")\n', exitCode: 1 });
    expect(r.kubectl('logs web').stderr).toBe('Error from server (BadRequest): container "nginx" in pod "web" is waiting to start: ContainerCreating\n');
  });
});
