import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { fixture } from './testutil';

// Layouts from describe.go's HPA (v2), PDB, PriorityClass, ResourceQuota and LimitRange describers;
// the HPA lines match the sample in the docs' "HorizontalPodAutoscaler Walkthrough".
describe('kubectl describe horizontalpodautoscaler', () => {
  it('prints every metric source with its current value, <unknown> where none was observed', () => {
    const f = fixture();
    f.create('horizontalpodautoscalers', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10, metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      { type: 'Object', object: { metric: { name: 'requests-per-second' }, describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main-route' }, target: { type: 'Value', value: '10k' } } },
      { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } },
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'Utilization', averageUtilization: 80 } } },
    ] } });
    f.setStatus('horizontalpodautoscalers', 'default', 'web', { currentReplicas: 3, desiredReplicas: 4, currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } },
      { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: { averageValue: '866m' } } },
    ], conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' }] });
    expect(f.k('describe hpa web')).toBe(
      [
        'Name:                                                                        web',
        'Namespace:                                                                   default',
        'Labels:                                                                      <none>',
        'Annotations:                                                                 <none>',
        'CreationTimestamp:                                                           Mon, 02 Sep 2024 10:00:00 +0000',
        'Reference:                                                                   Deployment/web',
        'Metrics:                                                                     ( current / target )',
        '  resource cpu on pods  (as a percentage of request):                        75% (150m) / 60%',
        '  "packets-per-second" on pods:                                              866m / 1k',
        '  "requests-per-second" on Ingress/main-route (target value):                <unknown> / 10k',
        '  "queue_messages_ready" (target average value):                             <unknown> / 30',
        '  resource memory of container "app" on pods  (as a percentage of request):  <unknown> / 80%',
        'Min replicas:                                                                1',
        'Max replicas:                                                                10',
        'Deployment pods:                                                             3 current / 4 desired',
        'Conditions:',
        '  Type         Status  Reason            Message',
        '  ----         ------  ------            -------',
        '  AbleToScale  True    SucceededRescale  the HPA controller was able to update the target scale to 4',
        'Events:        <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe poddisruptionbudget', () => {
  it('prints max unavailable, an unset selector and the status counts', () => {
    const f = fixture();
    f.create('poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'zk', namespace: 'default' }, spec: { maxUnavailable: '25%' } });
    expect(f.k('describe pdb zk')).toBe(
      [
        'Name:             zk',
        'Namespace:        default',
        'Max unavailable:  25%',
        'Selector:         <unset>',
        'Status:',
        '    Allowed disruptions:  0',
        '    Current:              0',
        '    Desired:              0',
        '    Total:                0',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
  });
});

describe('kubectl describe resourcequota', () => {
  it('prints used in the hard value’s format when the two differ, and no events', () => {
    const f = fixture();
    f.create('resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'mem', namespace: 'default' }, spec: { hard: { 'limits.memory': '2G', 'requests.memory': '1Gi' } } });
    f.setStatus('resourcequotas', 'default', 'mem', { hard: { 'limits.memory': '2G', 'requests.memory': '1Gi' }, used: { 'limits.memory': '512Mi', 'requests.memory': '0' } });
    expect(f.k('describe quota mem')).toBe(
      [
        'Name:            mem',
        'Namespace:       default',
        'Resource         Used       Hard',
        '--------         ----       ----',
        'limits.memory    536870912  2G',
        'requests.memory  0          1Gi',
        '',
      ].join('\n'),
    );
  });
});

const SCENARIO = `apiVersion: kubetab/v1
kind: Scenario
seed: 1
actions:
  - at: 0s
    apply: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx:1.27
              resources:
                requests: {cpu: 200m, memory: 64Mi}
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 1
        maxReplicas: 5
        metrics:
        - type: Resource
          resource:
            name: cpu
            target: {type: Utilization, averageUtilization: 50}
        - type: Resource
          resource:
            name: memory
            target: {type: AverageValue, averageValue: 100Mi}
        behavior:
          scaleDown:
            stabilizationWindowSeconds: 60
            policies:
            - {type: Percent, value: 50, periodSeconds: 15}
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        minAvailable: 1
        selector:
          matchLabels: {app: web}
      ---
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata:
        name: high
      value: 1000
      description: "for the web tier"
      ---
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: compute
      spec:
        hard: {requests.cpu: "2", requests.memory: 1Gi, pods: "10"}
        scopes: [NotBestEffort]
      ---
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: defaults
      spec:
        limits:
        - type: Container
          default: {cpu: 500m, memory: 256Mi}
          defaultRequest: {cpu: 100m, memory: 128Mi}
          max: {cpu: "2"}
`;

describe('kubectl describe of the policy kinds in a run', () => {
  const r = kubetab(['run', 's.yaml', '--until', '120s', '--exec', 'describe hpa web', '--exec', 'describe pc high', '--exec', 'describe quota compute', '--exec', 'describe limits defaults', '--exec', 'describe ns default'], { 's.yaml': SCENARIO });
  const [hpa, pc, quota, limits, ns] = r.stdout.split(/^==> .*\n/m).slice(1);

  it('describes an HPA before metrics-server serves (at 5s its APIService is not yet Available): <unknown> for each, the failed sync in the conditions and events', () => {
    const early = kubetab(['run', 's.yaml', '--until', '5s', '--exec', 'describe hpa web'], { 's.yaml': SCENARIO });
    expect(early.stdout.split(/^==> .*\n/m)[1]).toBe(
      [
        'Name:                                                  web',
        'Namespace:                                             default',
        'Labels:                                                <none>',
        'Annotations:                                           <none>',
        'CreationTimestamp:                                     Mon, 02 Sep 2024 10:00:00 +0000',
        'Reference:                                             Deployment/web',
        'Metrics:                                               ( current / target )',
        '  resource cpu on pods  (as a percentage of request):  <unknown> / 50%',
        '  resource memory on pods:                             <unknown> / 100Mi',
        'Min replicas:                                          1',
        'Max replicas:                                          5',
        'Behavior:',
        '  Scale Up:',
        '    Stabilization Window: 0 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods     Value: 4    Period: 15 seconds',
        '      - Type: Percent  Value: 100  Period: 15 seconds',
        '  Scale Down:',
        '    Stabilization Window: 60 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Percent  Value: 50  Period: 15 seconds',
        'Deployment pods:       1 current / 0 desired',
        'Conditions:',
        '  Type           Status  Reason                   Message',
        '  ----           ------  ------                   -------',
        "  AbleToScale    True    SucceededGetScale        the HPA controller was able to get the target's current scale",
        '  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
        'Events:',
        '  Type     Reason                        Age   From                       Message',
        '  ----     ------                        ----  ----                       -------',
        '  Warning  FailedGetResourceMetric       5s    horizontal-pod-autoscaler  failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
        '  Warning  FailedGetResourceMetric       5s    horizontal-pod-autoscaler  failed to get memory utilization: unable to get metrics for resource memory: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
        '  Warning  FailedComputeMetricsReplicas  5s    horizontal-pod-autoscaler  invalid metrics (2 invalid out of 2), first error is: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)',
        '',
      ].join('\n'),
    );
  });

  // The values are what metrics-server reports at 120s (cpu from the pod's 1m usage).
  it('describes an HPA with metrics (at 120s) and a scale-down behavior', () => {
    const head =
      [
        'Name:                                                  web',
        'Namespace:                                             default',
        'Labels:                                                <none>',
        'Annotations:                                           <none>',
        'CreationTimestamp:                                     Mon, 02 Sep 2024 10:00:00 +0000',
        'Reference:                                             Deployment/web',
        'Metrics:                                               ( current / target )',
        '  resource cpu on pods  (as a percentage of request):  0% (1m) / 50%',
        '  resource memory on pods:                             7463936 / 100Mi',
        'Min replicas:                                          1',
        'Max replicas:                                          5',
        '',
      ].join('\n');
    expect(hpa!.slice(0, head.length)).toBe(head);
    expect(hpa).toContain(
      [
        'Behavior:',
        '  Scale Up:',
        '    Stabilization Window: 0 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Pods     Value: 4    Period: 15 seconds',
        '      - Type: Percent  Value: 100  Period: 15 seconds',
        '  Scale Down:',
        '    Stabilization Window: 60 seconds',
        '    Select Policy: Max',
        '    Policies:',
        '      - Type: Percent  Value: 50  Period: 15 seconds',
        'Deployment pods:       1 current / 1 desired',
        'Conditions:',
        '  Type            Status  Reason              Message',
        '  ----            ------  ------              -------',
      ].join('\n'),
    );
  });

  it('describes a PriorityClass, its annotations as a label list', () => {
    expect(pc).toMatch(/^Name: +high\nValue: +1000\nGlobalDefault: +false\nPreemptionPolicy: +\S*\nDescription: +for the web tier\nAnnotations: +kubectl\.kubernetes\.io\/last-applied-configuration=\{/);
  });

  it('describes a scoped quota with the scope’s help text, and a limit range', () => {
    expect(quota).toBe(
      [
        'Name:       compute',
        'Namespace:  default',
        'Scopes:     NotBestEffort',
        ' * Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
        'Resource         Used  Hard',
        '--------         ----  ----',
        'pods             1     10',
        'requests.cpu     200m  2',
        'requests.memory  64Mi  1Gi',
        '',
      ].join('\n'),
    );
    expect(limits).toBe(
      [
        'Name:       defaults',
        'Namespace:  default',
        'Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---  ---  ---------------  -------------  -----------------------',
        'Container   cpu       -    2    100m             500m           -',
        'Container   memory    -    -    128Mi            256Mi          -',
        '',
      ].join('\n'),
    );
  });

  it('lists the namespace’s quotas from their observed hard limits, with the scope help', () => {
    expect(ns).toBe(
      [
        'Name:         default',
        'Labels:       kubernetes.io/metadata.name=default',
        'Annotations:  <none>',
        'Status:       Active',
        '',
        'Resource Quotas',
        '  Name:    compute',
        '  Scopes:  NotBestEffort',
        '  * Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
        '  Resource         Used  Hard',
        '  --------         ---   ---',
        '  pods             1     10',
        '  requests.cpu     200m  2',
        '  requests.memory  64Mi  1Gi',
        '',
        'Resource Limits',
        ' Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------',
        ' Container  cpu       -    2    100m             500m           -',
        ' Container  memory    -    -    128Mi            256Mi          -',
        '',
      ].join('\n'),
    );
  });
});
