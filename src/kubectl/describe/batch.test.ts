import { describe, expect, it } from 'vitest';
import { kubetab } from '../../../test/cli';
import { SIM_EPOCH_MS } from '../../sim/clock';
import { fixture } from './testutil';

const at = (sec: number): string => new Date(SIM_EPOCH_MS + sec * 1000).toISOString().replace('.000Z', 'Z');

const TEMPLATE = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] } };

describe('kubectl describe job', () => {
  it('prints an indexed Job: its counts, completed indexes, duration and deadline', () => {
    const f = fixture();
    f.create('jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', labels: { app: 'pi' } },
      spec: { completions: 5, parallelism: 2, completionMode: 'Indexed', activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 100, template: TEMPLATE },
    });
    f.setStatus('jobs', 'default', 'pi', { startTime: at(0), completionTime: at(95), succeeded: 5, active: 0, failed: 1, ready: 0, completedIndexes: '0-4' });
    const out = f.k('describe job pi').split('\n');
    const uid = out[2]!.replace(/^Selector:\s+batch.kubernetes.io\/controller-uid=/, '');
    expect(out.join('\n')).toBe(
      [
        'Name:                        pi',
        'Namespace:                   default',
        `Selector:                    batch.kubernetes.io/controller-uid=${uid}`,
        'Labels:                      app=pi',
        'Annotations:                 <none>',
        'Parallelism:                 2',
        'Completions:                 5',
        'Completion Mode:             Indexed',
        'Suspend:                     false',
        'Backoff Limit:               6',
        'TTL Seconds After Finished:  100',
        'Start Time:                  Mon, 02 Sep 2024 10:00:00 +0000',
        'Completed At:                Mon, 02 Sep 2024 10:01:35 +0000',
        'Duration:                    95s',
        'Active Deadline Seconds:     600s',
        'Pods Statuses:               0 Active (0 Ready) / 5 Succeeded / 1 Failed',
        'Completed Indexes:           0-4',
        'Pod Template:',
        `  Labels:  batch.kubernetes.io/controller-uid=${uid}`,
        '           batch.kubernetes.io/job-name=pi',
        `           controller-uid=${uid}`,
        '           job-name=pi',
        '  Containers:',
        '   pi:',
        '    Image:      perl:5.34',
        '    Port:       <none>',
        '    Host Port:  <none>',
        '    Command:',
        '      perl',
        '      -Mbignum=bpi',
        '      -wle',
        '      print bpi(2000)',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the Ready count, the times and the indexes a fresh Job does not have', () => {
    const f = fixture();
    f.create('jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'default' }, spec: { template: TEMPLATE } });
    const out = f.k('describe job once');
    expect(out).toContain('\nCompletions:      1\nCompletion Mode:  NonIndexed\n');
    expect(out).toContain('\nPods Statuses:    0 Active / 0 Succeeded / 0 Failed\nPod Template:\n');
    expect(out).not.toMatch(/Start Time|Completed At|Duration|Completed Indexes|TTL Seconds|Active Deadline/);
  });
});

describe('kubectl describe cronjob', () => {
  it('prints the schedule, the limits, the job template and <unset>/<none> for what it lacks', () => {
    const f = fixture();
    f.create('cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule: '*/5 * * * *', startingDeadlineSeconds: 30, jobTemplate: { spec: { activeDeadlineSeconds: 60, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } } } },
    });
    f.setStatus('cronjobs', 'default', 'hello', { lastScheduleTime: at(300), active: [{ kind: 'Job', name: 'hello-28754525', namespace: 'default' }, { kind: 'Job', name: 'hello-28754530', namespace: 'default' }] });
    expect(f.k('describe cronjob hello')).toBe(
      [
        'Name:                          hello',
        'Namespace:                     default',
        'Labels:                        <none>',
        'Annotations:                   <none>',
        'Schedule:                      */5 * * * *',
        'Concurrency Policy:            Allow',
        'Suspend:                       False',
        'Successful Job History Limit:  3',
        'Failed Job History Limit:      1',
        'Starting Deadline Seconds:     30s',
        'Selector:                      <unset>',
        'Parallelism:                   <unset>',
        'Completions:                   <unset>',
        'Active Deadline Seconds:       60s',
        'Pod Template:',
        '  Labels:  <none>',
        '  Containers:',
        '   hello:',
        '    Image:           busybox:1.36',
        '    Port:            <none>',
        '    Host Port:       <none>',
        '    Environment:     <none>',
        '    Mounts:          <none>',
        '  Volumes:           <none>',
        '  Node-Selectors:    <none>',
        '  Tolerations:       <none>',
        'Last Schedule Time:  Mon, 02 Sep 2024 10:05:00 +0000',
        'Active Jobs:         hello-28754525, hello-28754530',
        'Events:              <none>',
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
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
      spec:
        backoffLimit: 4
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: pi
              image: busybox:1.36
              command: ["sh", "-c", "echo done"]
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: hello
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                - name: hello
                  image: busybox:1.36
`;

describe('kubectl describe job and cronjob in a run', () => {
  it('describes a Job that completed, with the job controller’s events', () => {
    const r = kubetab(['run', 's.yaml', '--until', '130s', '--exec', 'describe job pi'], { 's.yaml': SCENARIO });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('\nStart Time:       Mon, 02 Sep 2024 10:00:00 +0000\nCompleted At:     Mon, 02 Sep 2024 10:00:03 +0000\nDuration:         3s\nPods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n');
    expect(out).toMatch(/\nEvents:\n {2}Type {4}Reason {12}Age {4}From {12}Message\n {2}-{4} {4}-{6} {12}-{4} {3}-{4} {12}-{7}\n {2}Normal {2}SuccessfulCreate {2}2m10s {2}job-controller {2}Created pod: pi-[a-z0-9]{5}\n {2}Normal {2}Completed {9}2m7s {3}job-controller {2}Job completed\n$/);
  });

  it('describes a CronJob with its last schedule time and the jobs it created', () => {
    const r = kubetab(['run', 's.yaml', '--until', '130s', '--exec', 'describe cronjob hello'], { 's.yaml': SCENARIO });
    expect(r.stdout).toContain('\nLast Schedule Time:  Mon, 02 Sep 2024 10:02:00 +0000\nActive Jobs:         <none>\nEvents:\n');
    expect(r.stdout).toContain('  Normal  SuccessfulCreate  70s   cronjob-controller  Created job hello-28754521\n');
    expect(r.stdout).toContain('  Normal  SawCompletedJob   9s    cronjob-controller  Saw completed job: hello-28754522, status: Complete\n');
  });
});
