import { describe, expect, it } from 'vitest';
import { Story, deployment } from './scenarios/kit';
import type { PodObj } from './scenarios/kit';

import { HorizontalController } from './horizontalpodautoscaler';
import type { PodMetricsSource } from './horizontalpodautoscaler';
import { formatIndexes, parseIndexes } from './job';
import { SIM_EPOCH_MS } from '../clock';
import type { Job } from 'kubernetes-types/batch/v1';
import type { StoredObject } from '../types';

const job = (name: string, spec: Record<string, unknown>, command: string[] = ['sh', '-c', 'sleep 5']) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command }] } }, ...spec },
});

const cond = (o: { status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] } }, type: string) => o.status?.conditions?.find((c) => c.type === type);

describe('Job', () => {
  it('writes completed indexes compactly', () => {
    expect(formatIndexes([0, 1, 2, 4, 6, 7])).toBe('0-2,4,6-7');
    expect(parseIndexes('0-2,4')).toEqual([0, 1, 2, 4]);
  });

  it('runs completions 3 with parallelism 2 to Complete, with the generated selector and labels', () => {
    const s = new Story();
    const created = s.create('jobs', job('pi', { completions: 3, parallelism: 2 })) as unknown as Job & StoredObject;
    expect(created.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': created.metadata.uid } });
    expect(created.spec?.template.metadata?.labels).toMatchObject({ 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' });
    s.advance(3_000);
    expect(s.pods('default', (p) => !!p.metadata.labels?.['job-name']).length).toBe(2);
    expect(s.pods()[0]!.metadata.finalizers).toContain('batch.kubernetes.io/job-tracking');
    s.advance(60_000);
    const j = s.get<never>('jobs', 'pi') as Job & StoredObject;
    expect(j.status).toMatchObject({ succeeded: 3, failed: 0, active: 0 });
    expect(cond(j, 'Complete')).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    expect(cond(j, 'SuccessCriteriaMet')?.status).toBe('True');
    expect(j.status?.completionTime).toBeDefined();
    expect(s.events('Completed', 'pi').map((e) => e.message)).toEqual(['Job completed']);
    expect(s.events('SuccessfulCreate', 'pi')).toHaveLength(3);
    expect(s.pods().every((p) => !(p.metadata.finalizers ?? []).includes('batch.kubernetes.io/job-tracking'))).toBe(true);
  });

  it('fails with BackoffLimitExceeded after backoffLimit + 1 failures, each retry waiting the exponential back-off', () => {
    const s = new Story();
    s.create('jobs', job('fail', { backoffLimit: 2 }, ['sh', '-c', 'exit 1']));
    s.advance(200_000);
    const j = s.get<{ status?: { failed?: number; conditions?: { type: string; status: string; reason?: string; message?: string }[] } } & Record<string, unknown>>('jobs', 'fail');
    expect(j.status?.failed).toBe(3);
    expect(cond(j, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(s.events('BackoffLimitExceeded', 'fail').map((e) => [e.type, e.message])).toEqual([['Warning', 'Job has reached the specified backoff limit']]);
    const starts = s.pods().map((p) => Date.parse(p.metadata.creationTimestamp!)).sort((a, b) => a - b);
    expect(starts).toHaveLength(3);
    // 10s then 20s after each failure (plus the few seconds each pod takes to start and fail).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(10_000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(20_000);
    expect(starts[2]! - starts[1]!).toBeLessThan(40_000);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and deletes its pods', () => {
    const s = new Story();
    s.create('jobs', job('slow', { activeDeadlineSeconds: 20 }, ['sh', '-c', 'sleep 3600']));
    s.advance(25_000);
    let j = s.get<never>('jobs', 'slow');
    // 1.31 marks the failure first and adds Failed once the pods have terminated.
    expect(cond(j, 'FailureTarget')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    s.advance(60_000);
    j = s.get<never>('jobs', 'slow');
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(s.pods('default', (p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running')).toHaveLength(0);
  });

  it('names Indexed pods <job>-<index>-<5> with the completion index annotation and env', () => {
    const s = new Story();
    s.create('jobs', job('ix', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    s.advance(3_000);
    const pods = s.pods();
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^ix-${p.metadata.annotations!['batch.kubernetes.io/job-completion-index']}-[a-z0-9]{5}$`));
    expect(pods[0]!.spec?.containers[0]!.env?.some((e) => e.name === 'JOB_COMPLETION_INDEX')).toBe(true);
    s.advance(60_000);
    expect(s.get<never>('jobs', 'ix')).toMatchObject({ status: { completedIndexes: '0-2', succeeded: 3 } });
  });

  it('fails the Job at once on a podFailurePolicy FailJob rule', () => {
    const s = new Story();
    s.create('jobs', job('pfp', { backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } }] } }, ['sh', '-c', 'exit 42']));
    s.advance(60_000);
    const j = s.get<never>('jobs', 'pfp');
    expect(cond(j, 'Failed')?.reason).toBe('PodFailurePolicy');
    expect(cond(j, 'Failed')?.message).toMatch(/^Container c for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
  });

  it('is deleted ttlSecondsAfterFinished after it finishes', () => {
    const s = new Story();
    s.create('jobs', job('ttl', { ttlSecondsAfterFinished: 30 }));
    s.advance(25_000);
    expect(s.k.list('jobs', 'default').items).toHaveLength(1);
    s.advance(60_000);
    expect(s.k.list('jobs', 'default').items).toHaveLength(0);
  });
});

describe('CronJob', () => {
  it('makes one Job per virtual minute for */1 * * * *, named <cronjob>-<minutes since epoch>, and keeps 3 successful', () => {
    const s = new Story();
    s.create('cronjobs', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick', namespace: 'default' }, spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }] } } } } } });
    const created: string[] = [];
    for (let m = 1; m <= 5; m++) {
      s.until(m * 60_000 + 30_000);
      created.push(...s.events('SuccessfulCreate').filter((e) => e.involvedObject.kind === 'CronJob').map((e) => e.message));
    }
    const uniq = [...new Set(created)];
    expect(uniq).toHaveLength(5);
    const minutes = uniq.map((m) => Number(/tick-(\d+)$/.exec(m)![1]));
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]! - minutes[i - 1]!).toBe(1);
    expect(minutes[0]).toBe(Math.floor((SIM_EPOCH_MS + 60_000) / 60_000));
    const jobs = s.k.list<never>('jobs', 'default').items;
    expect(jobs.length).toBeLessThanOrEqual(4);
    expect(s.events('SawCompletedJob').length).toBeGreaterThanOrEqual(3);
    expect(s.events('SawCompletedJob')[0]!.message).toMatch(/^Saw completed job: tick-\d+, status: Complete$/);
    const cj = s.get<never>('cronjobs', 'tick') as { status?: { lastScheduleTime?: string; lastSuccessfulTime?: string } };
    expect(cj.status?.lastScheduleTime).toBe('2024-09-02T10:05:00Z');
  });

  it('Forbid skips a run while the previous Job is active; suspend stops new runs', () => {
    const s = new Story();
    s.create('cronjobs', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'long', namespace: 'default' }, spec: { schedule: '* * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 150'] }] } } } } } });
    s.until(150_000);
    expect(s.events('JobAlreadyActive', 'long').length).toBeGreaterThan(0);
    expect(s.k.list('jobs', 'default').items).toHaveLength(1);
    s.k.patch('cronjobs', 'default', 'long', { spec: { suspend: true } });
    const before = s.k.list('jobs', 'default').items.length;
    s.until(400_000);
    expect(s.k.list('jobs', 'default').items.length).toBe(before);
  });

  it('honours timeZone: 0 9 * * * in America/New_York fires at 13:00Z in September', () => {
    const s = new Story();
    s.create('cronjobs', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'ny', namespace: 'default' }, spec: { schedule: '0 9 * * *', timeZone: 'America/New_York', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['true'] }] } } } } } });
    // The cluster's clock starts at 10:00Z; 09:00 EDT is 13:00Z, three hours later.
    s.until(3 * 3_600_000 - 60_000);
    expect(s.k.list('jobs', 'default').items).toHaveLength(0);
    s.until(3 * 3_600_000 + 5_000);
    const jobs = s.k.list<never>('jobs', 'default').items as { metadata: { annotations?: Record<string, string> } }[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-09-02T09:00:00-04:00');
  });
});

describe('StatefulSet', () => {
  const sts = (replicas: number, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  });

  function storyWithStorage(): Story {
    const s = new Story();
    // kubeadm-style clusters come with the default `standard` class (local-path, WaitForFirstConsumer).
    return s;
  }

  it('starts web-0, web-1, web-2 in order, each after the previous is Running and Ready, each with its own bound claim', () => {
    const s = storyWithStorage();
    s.create('statefulsets', sts(3));
    const firstSeen = new Map<string, number>();
    const readyAt = new Map<string, number>();
    for (let t = 0; t < 60; t++) {
      s.advance(500);
      for (const p of s.pods()) if (!firstSeen.has(p.metadata.name)) firstSeen.set(p.metadata.name, s.now);
      for (const p of s.running()) if (!readyAt.has(p.metadata.name)) readyAt.set(p.metadata.name, s.now);
    }
    expect([...firstSeen.keys()]).toEqual(['web-0', 'web-1', 'web-2']);
    expect(firstSeen.get('web-1')!).toBeGreaterThanOrEqual(readyAt.get('web-0')!);
    expect(firstSeen.get('web-2')!).toBeGreaterThanOrEqual(readyAt.get('web-1')!);
    const pods = s.running();
    expect(pods).toHaveLength(3);
    const p0 = pods[0]!;
    expect(p0.spec?.hostname).toBe('web-0');
    expect(p0.spec?.subdomain).toBe('nginx');
    expect(p0.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(p0.metadata.labels?.['controller-revision-hash']).toMatch(/^web-[a-z0-9]+$/);
    expect(p0.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe('www-web-0');
    const pvcs = s.k.list<never>('persistentvolumeclaims', 'default').items as { metadata: { name: string; uid: string; annotations?: Record<string, string> }; spec: { volumeName?: string; storageClassName?: string }; status?: { phase?: string } }[];
    expect(pvcs.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    for (const c of pvcs) {
      expect(c.spec.storageClassName).toBe('standard');
      expect(c.status?.phase).toBe('Bound');
      expect(c.spec.volumeName).toBe(`pvc-${c.metadata.uid}`);
      expect(c.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBeDefined();
    }
    expect(s.events('SuccessfulCreate', 'web').map((e) => e.message)).toContain('create Claim www-web-0 Pod web-0 in StatefulSet web success');
    expect(s.events('SuccessfulCreate', 'web').map((e) => e.message)).toContain('create Pod web-0 in StatefulSet web successful');
    expect(s.events('WaitForFirstConsumer', 'www-web-0').map((e) => e.message)).toEqual(['waiting for first consumer to be created before binding']);
    expect(s.events('ProvisioningSucceeded', 'www-web-0')[0]!.message).toMatch(/^Successfully provisioned volume pvc-/);
    const sset = s.get<never>('statefulsets', 'web') as { status: Record<string, unknown> };
    expect(sset.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(sset.status.currentRevision).toBe(sset.status.updateRevision);
  });

  it('scales down from the highest ordinal and keeps the claims', () => {
    const s = storyWithStorage();
    s.create('statefulsets', sts(3));
    s.advance(40_000);
    s.k.patch('statefulsets', 'default', 'web', { spec: { replicas: 1 } });
    s.advance(60_000);
    expect(s.events('SuccessfulDelete', 'web').map((e) => e.message)).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    expect(s.pods().map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(s.k.list('persistentvolumeclaims', 'default').items).toHaveLength(3);
  });

  it('rolls an update from the highest ordinal down to the partition', () => {
    const s = storyWithStorage();
    s.create('statefulsets', sts(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    s.advance(40_000);
    const set = s.get<never>('statefulsets', 'web') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    const next = JSON.parse(JSON.stringify(set));
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    s.k.update('statefulsets', next);
    s.advance(60_000);
    expect(s.events('SuccessfulDelete', 'web').map((e) => e.message)).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    const images = Object.fromEntries(s.running().map((p) => [p.metadata.name, p.spec!.containers[0]!.image]));
    expect(images).toEqual({ 'web-0': 'nginx:1.27', 'web-1': 'nginx:1.28', 'web-2': 'nginx:1.28' });
    expect(s.k.list('controllerrevisions', 'default').items).toHaveLength(2);
  });
});

describe('DaemonSet', () => {
  const ds = (extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 100000'] }], ...extra } } },
  });

  it('runs one pod per worker (not on the tainted control plane), pinned by matchFields, with the automatic tolerations', () => {
    const s = new Story();
    s.create('daemonsets', ds());
    s.advance(15_000);
    const pods = s.running();
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const p = pods[0]!;
    expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec!.nodeName] }] }]);
    expect(p.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual(expect.arrayContaining(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unschedulable:NoSchedule']));
    expect(p.metadata.labels?.['pod-template-generation']).toBe('1');
    const d = s.get<never>('daemonsets', 'agent') as { status: Record<string, number> };
    expect(d.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 });
  });

  it('also runs on the control plane when it tolerates the control-plane taint, and follows nodes leaving', () => {
    const s = new Story();
    s.create('daemonsets', ds({ tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    s.advance(15_000);
    expect(s.running().map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    s.k.patch('nodes', undefined, 'worker-2', { metadata: { labels: { gone: 'soon' } } });
    s.k.delete('nodes', undefined, 'worker-2');
    s.advance(2_000);
    expect(s.pods('default', (x) => !x.metadata.deletionTimestamp).map((x) => x.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-3']);
  });

  it('places pods only on nodes its nodeSelector picks, and adds one when a node gains the label', () => {
    const s = new Story();
    s.create('daemonsets', ds({ nodeSelector: { disk: 'ssd' } }));
    s.k.patch('nodes', undefined, 'worker-1', { metadata: { labels: { disk: 'ssd' } } });
    s.advance(10_000);
    expect(s.running().map((p) => p.spec?.nodeName)).toEqual(['worker-1']);
    s.k.patch('nodes', undefined, 'worker-3', { metadata: { labels: { disk: 'ssd' } } });
    s.advance(10_000);
    expect(s.running().map((p) => p.spec?.nodeName).sort()).toEqual(['worker-1', 'worker-3']);
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', () => {
    const s = new Story();
    s.create('daemonsets', ds());
    s.advance(15_000);
    const cur = s.get<never>('daemonsets', 'agent');
    const next = JSON.parse(JSON.stringify(cur));
    next.spec.template.spec.containers[0].image = 'busybox:1.37';
    s.k.update('daemonsets', next);
    let maxTerminating = 0;
    for (let t = 0; t < 200; t++) {
      s.advance(500);
      const unavailable = 3 - s.running('default', (p) => !p.metadata.deletionTimestamp).length;
      maxTerminating = Math.max(maxTerminating, unavailable);
    }
    expect(maxTerminating).toBeLessThanOrEqual(1);
    expect(s.running().map((p) => p.spec!.containers[0]!.image)).toEqual(['busybox:1.37', 'busybox:1.37', 'busybox:1.37']);
  });
});

describe('HorizontalPodAutoscaler', () => {
  it('scales a Deployment up on simulated usage with the real formula and event, then down after the 5-minute window', () => {
    const s = new Story();
    s.create('deployments', deployment('web', 2, {}, { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] }));
    // A fixed total load, spread over the pods that are running.
    let totalMilli = 180;
    const metrics: PodMetricsSource = {
      podUsage: (ns) => (ns === 'default' ? { cpuMilli: Math.round(totalMilli / Math.max(1, s.running('default', (p) => p.metadata.labels?.app === 'web').length)), memoryBytes: 10 << 20 } : undefined),
    };
    const hpaCtl = s.cluster.components.find((c): c is HorizontalController => c instanceof HorizontalController)!;
    hpaCtl.metrics = metrics;
    s.advance(20_000);
    s.create('horizontalpodautoscalers', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } });
    s.advance(2_000);
    // 90% of request against a 50% target: ceil(1.8 × 2) = 4.
    expect(s.events('SuccessfulRescale', 'web').map((e) => e.message)).toEqual(['New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    const hpa = s.get<never>('horizontalpodautoscalers', 'web') as { status: { currentMetrics: unknown[]; conditions: { type: string; status: string; reason: string }[] } };
    expect(hpa.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '90m' } } }]);
    expect(hpa.status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'False', 'DesiredWithinRange'],
    ]);
    s.advance(60_000);
    expect(s.running('default', (p) => p.metadata.labels?.app === 'web')).toHaveLength(4);
    // 180m over 4 pods is 45%: within the 0.1 tolerance of 50%, so no change.
    s.advance(60_000);
    expect(s.events('SuccessfulRescale', 'web')).toHaveLength(1);
    // Load drops: the recommendation is 1, but the 300s window holds the highest recent one.
    totalMilli = 20;
    s.advance(120_000);
    expect(s.get<never>('deployments', 'web')).toMatchObject({ spec: { replicas: 4 } });
    s.advance(300_000);
    expect(s.events('SuccessfulRescale', 'web').map((e) => e.message)).toContain('New size: 1; reason: All metrics below target');
  });

  it('reports a missing cpu request: `failed to get cpu utilization: …` in FailedGetResourceMetric and ScalingActive, wrapped with the counts in FailedComputeMetricsReplicas, and a `type: ""` current metric', () => {
    const s = new Story();
    s.create('deployments', deployment('noreq', 1));
    const hpaCtl = s.cluster.components.find((c): c is HorizontalController => c instanceof HorizontalController)!;
    hpaCtl.metrics = { podUsage: () => ({ cpuMilli: 50, memoryBytes: 1 }) };
    s.advance(20_000);
    s.create('horizontalpodautoscalers', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'noreq', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'noreq' }, maxReplicas: 3 } });
    s.advance(2_000);
    const pod = s.running()[0]!;
    expect(s.events('FailedGetResourceMetric', 'noreq').map((e) => e.message)).toEqual([`failed to get cpu utilization: missing request for cpu in container c of Pod ${pod.metadata.name}`]);
    const hpa = s.get<{ status: { currentMetrics: unknown[]; conditions: { type: string; message: string }[] } }>('horizontalpodautoscalers', 'noreq');
    expect(hpa.status.conditions.find((c) => c.type === 'ScalingActive')!.message).toBe(`the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container c of Pod ${pod.metadata.name}`);
    expect(hpa.status.currentMetrics).toEqual([{ type: '' }]);
    expect(s.events('FailedComputeMetricsReplicas', 'noreq').map((e) => e.message)).toEqual([`invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: missing request for cpu in container c of Pod ${pod.metadata.name}`]);
  });
  it('fails the round with FailedComputeMetricsReplicas and the real counts when one metric fails and the other would scale down', () => {
    const s = new Story();
    s.create('deployments', deployment('two', 2, {}, { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { memory: '64Mi' } } }] }));
    const hpaCtl = s.cluster.components.find((c): c is HorizontalController => c instanceof HorizontalController)!;
    hpaCtl.metrics = { podUsage: () => ({ cpuMilli: 50, memoryBytes: 10 << 20 }) };
    s.advance(20_000);
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ];
    s.create('horizontalpodautoscalers', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'two', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'two' }, minReplicas: 1, maxReplicas: 3, metrics } });
    s.advance(2_000);
    const missing = s.events('FailedGetResourceMetric', 'two').map((e) => e.message);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^failed to get cpu utilization: missing request for cpu in container c of Pod two-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(s.events('FailedComputeMetricsReplicas', 'two').map((e) => e.message)).toEqual([`invalid metrics (1 invalid out of 2), first error is: ${missing[0]}`]);
    const hpa = s.get<{ status: { currentMetrics: { type: string }[]; conditions: { type: string; status: string; reason: string }[] } }>('horizontalpodautoscalers', 'two');
    expect(hpa.status.currentMetrics.map((m) => m.type)).toEqual(['', 'Resource']);
    expect(hpa.status.conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(s.get<never>('deployments', 'two')).toMatchObject({ spec: { replicas: 2 } });
  });
});

describe('ReplicationController', () => {
  it('keeps 3 pods of a v1 ReplicationController and adopts a matching orphan', () => {
    const s = new Story();
    s.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    s.create('replicationcontrollers', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { replicas: 3, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
    s.advance(15_000);
    const pods = s.running();
    expect(pods).toHaveLength(3);
    expect(pods.map((p: PodObj) => p.metadata.ownerReferences?.[0]?.kind)).toEqual(['ReplicationController', 'ReplicationController', 'ReplicationController']);
    expect(pods.some((p) => p.metadata.name === 'stray')).toBe(true);
    expect(s.events('SuccessfulCreate', 'rc').every((e) => e.source.component === 'replication-controller')).toBe(true);
  });

  it('refuses a selector that does not match the template labels', () => {
    const s = new Story();
    expect(() =>
      s.create('replicationcontrollers', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'bad', namespace: 'default' }, spec: { replicas: 1, selector: { app: 'x' }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }),
    ).toThrow(/`selector` does not match template `labels`/);
  });
});

describe('garbage collection of the new kinds', () => {
  it('deletes a StatefulSet in the foreground (pods first) and orphans a DaemonSet\'s pods', () => {
    const s = new Story();
    s.create('statefulsets', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
    s.create('daemonsets', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
    s.advance(30_000);
    s.k.delete('statefulsets', 'default', 'db', { propagationPolicy: 'Foreground' });
    s.advance(20);
    // Foreground: the set waits, marked, until its pods (which block owner deletion) are gone.
    expect(s.get<never>('statefulsets', 'db')).toMatchObject({ metadata: { finalizers: ['foregroundDeletion'] } });
    expect(s.pods('default', (p) => p.metadata.labels?.app === 'db' && !!p.metadata.deletionTimestamp)).toHaveLength(2);
    s.advance(60_000);
    expect(() => s.get('statefulsets', 'db')).toThrow(/not found/);
    expect(s.pods('default', (p) => p.metadata.labels?.app === 'db')).toHaveLength(0);
    expect(s.k.list('controllerrevisions', 'default').items.filter((r) => r.metadata.name.startsWith('db-'))).toHaveLength(0);
    s.k.delete('daemonsets', 'default', 'ds', { propagationPolicy: 'Orphan' });
    s.advance(5_000);
    const left = s.pods('default', (p) => p.metadata.labels?.app === 'ds');
    expect(left).toHaveLength(3);
    expect(left.every((p) => !p.metadata.ownerReferences?.length)).toBe(true);
  });
});
