/**
 * A control-plane component that hits a bug fails as its process would: the static pod's container
 * exits 2, the kubelet restarts it with its back-off (CrashLoopBackOff while it keeps failing), each
 * start is a fresh process that lists everything again — and the rest of the cluster goes on.
 */
import { describe, expect, it } from 'vitest';
import { ReplicaSetController } from '../../src/sim/controllers/replicaset';
import { Scheduler } from '../../src/sim/scheduler/scheduler';
import { apply, BUG, deployment, emptyRun, kubectl, panicTimes, plantBug, pod, processStarts } from './kit';

/** What the dead container wrote: Go's report of a re-raised panic, without frames. */
const panicLog = (goroutine: number) => `panic: ${BUG} [recovered]\n\tpanic: ${BUG}\n\ngoroutine ${goroutine} [running]:\n`;

/** What a fresh instance logs before it works: it waits for the Lease its dead predecessor held to expire. */
const electionLog = (lease: string, startedAt: string, acquiredAt: string) =>
  `I0902 ${startedAt}       1 leaderelection.go:254] attempting to acquire leader lease kube-system/${lease}...\nI0902 ${acquiredAt}       1 leaderelection.go:268] successfully acquired lease kube-system/${lease}\n`;

/** Gaps between each panic and the next start, minus the back-off the kubelet owed: the relist and container start. */
const overBackoff = (panics: number[], starts: number[], backoffs: number[]) => backoffs.map((b, i) => starts[i]! - panics[i]! - b);

describe('a control-plane process that panics', () => {
  it('kube-scheduler: exits 2, restarts at once, then after 10 s, 20 s, 40 s; each start waits out the dead one\'s Lease; pods wait, and are scheduled once the bug is gone', () => {
    const r = emptyRun();
    r.runUntil(10_000);
    const starts = processStarts(r.cluster, 'kube-scheduler');
    const bug = plantBug(Scheduler.prototype, 'scheduleOne');
    apply(r, deployment('web', 2));

    r.runUntil(12_000);
    // The first cycle for the new pods panicked at once; the restarted container's process waits for
    // the Lease its predecessor held (and never released) to go unrenewed for 15 s.
    expect(kubectl(r, 'get pods -n kube-system kube-scheduler-control-plane')).toBe(
      'NAME                           READY   STATUS    RESTARTS     AGE\nkube-scheduler-control-plane   0/1     Running   1 (2s ago)   42s\n',
    );
    r.runUntil(100_000);
    // Each fresh scheduler takes the Lease over, lists the pending pods and panics on its first cycle.
    // The kubelet's back-off (flowcontrol.Backoff: none before the first restart, then 10 s doubling,
    // from each finish time) decides when it runs again; the rest of each gap is the relist and the
    // container's start.
    expect(panicTimes(r.cluster, 'kube-scheduler')).toEqual([10_000, 27_600, 56_284, 93_475]);
    expect(starts).toEqual([10_619, 38_579, 76_666]);
    expect(overBackoff([10_000, 27_600, 56_284], starts, [0, 10_000, 20_000])).toEqual([619, 979, 382]);
    // From each start to its panic: at least the lease duration, then the first try after it.
    expect(starts.map((t, i) => panicTimes(r.cluster, 'kube-scheduler')[i + 1]! - t)).toEqual([16_981, 17_705, 16_809]);
    expect(kubectl(r, 'get pods -n kube-system kube-scheduler-control-plane')).toBe(
      'NAME                           READY   STATUS             RESTARTS     AGE\nkube-scheduler-control-plane   0/1     CrashLoopBackOff   3 (7s ago)   2m10s\n',
    );
    const cs = pod(r, 'kube-system', 'kube-scheduler-control-plane').status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error', startedAt: '2024-09-02T10:01:16Z', finishedAt: '2024-09-02T10:01:33Z' });
    expect(cs.state?.waiting?.message).toMatch(/^back-off 40s restarting failed container=kube-scheduler pod=kube-scheduler-control-plane_kube-system\(/);
    expect(kubectl(r, 'logs -n kube-system kube-scheduler-control-plane --previous')).toBe(electionLog('kube-scheduler', '10:01:16.666000', '10:01:33.475000') + panicLog(615));
    // No cycle got through: the pods are Pending, never scheduled.
    expect(kubectl(r, 'get pods')).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE\nweb-764f46cd6f-7r6mj   0/1     Pending   0          90s\nweb-764f46cd6f-l552j   0/1     Pending   0          90s\n',
    );
    expect(r.kubectl('get events --field-selector reason=Scheduled')).toMatchObject({ stdout: '', stderr: 'No resources found in default namespace.\n' });
    // kube-controller-manager made the pods and runs on untouched.
    expect(pod(r, 'kube-system', 'kube-controller-manager-control-plane').status!.containerStatuses![0]!.restartCount).toBe(0);

    bug.fix();
    r.runUntil(170_000);
    // The next start (40 s after the last exit) takes the Lease over and schedules both pods.
    expect(starts.slice(3)).toEqual([134_572]);
    expect(kubectl(r, 'get pods -o wide')).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE     IP           NODE       NOMINATED NODE   READINESS GATES\n' +
        'web-764f46cd6f-7r6mj   1/1     Running   0          2m40s   10.244.3.2   worker-3   <none>           <none>\n' +
        'web-764f46cd6f-l552j   1/1     Running   0          2m40s   10.244.1.2   worker-1   <none>           <none>\n',
    );
    expect(kubectl(r, 'get pods -n kube-system kube-scheduler-control-plane')).toBe(
      'NAME                           READY   STATUS    RESTARTS      AGE\nkube-scheduler-control-plane   1/1     Running   4 (77s ago)   3m20s\n',
    );
    expect(bug.hits).toBe(4);
  });

  it('kube-controller-manager: a controller that panics takes the process down; the scheduler and kubelets go on; fixed, it catches up', () => {
    const r = emptyRun();
    r.runUntil(10_000);
    const starts = processStarts(r.cluster, 'kube-controller-manager');
    // The ReplicaSet controller panics on every ReplicaSet of the default namespace.
    const bug = plantBug(ReplicaSetController.prototype, 'syncReplicaSet', (_rsc, [key]) => String(key).startsWith('default/'));
    apply(r, deployment('web', 2));
    apply(r, 'apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec:\n  containers: [{name: app, image: "nginx:1.27"}]\n');

    r.runUntil(60_000);
    // Each fresh instance waits out its dead predecessor's Lease (15 s unrenewed) before its controllers run.
    expect(panicTimes(r.cluster, 'kube-controller-manager')).toEqual([10_000, 27_122, 54_792]);
    expect(starts).toEqual([10_619, 37_579]);
    expect(r.cluster.panics.map((p) => p.process)).toEqual(['kube-controller-manager', 'kube-controller-manager', 'kube-controller-manager']);
    expect(kubectl(r, 'get pods -n kube-system')).toBe(
      [
        'NAME                                    READY   STATUS             RESTARTS     AGE',
        'coredns-6994cc7f65-8q8b2                1/1     Running            0            90s',
        'coredns-6994cc7f65-m2m8v                1/1     Running            0            90s',
        'etcd-control-plane                      1/1     Running            0            90s',
        'kube-apiserver-control-plane            1/1     Running            0            90s',
        'kube-controller-manager-control-plane   0/1     CrashLoopBackOff   2 (6s ago)   90s',
        'kube-proxy-79rv7                        1/1     Running            0            90s',
        'kube-proxy-g2w7w                        1/1     Running            0            90s',
        'kube-proxy-nghml                        1/1     Running            0            90s',
        'kube-proxy-pzn5c                        1/1     Running            0            90s',
        'kube-scheduler-control-plane            1/1     Running            0            90s',
        'metrics-server-b4d8664fc-976vw          1/1     Running            0            90s',
        '',
      ].join('\n'),
    );
    expect(kubectl(r, 'logs -n kube-system kube-controller-manager-control-plane --previous')).toBe(electionLog('kube-controller-manager', '10:00:37.579000', '10:00:54.792000') + panicLog(251));
    // The ReplicaSet got no pods; the bare pod was scheduled and runs.
    expect(kubectl(r, 'get pods,rs')).toBe(
      [
        'NAME       READY   STATUS    RESTARTS   AGE',
        'pod/solo   1/1     Running   0          50s',
        '',
        'NAME                             DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-764f46cd6f   2         0         0       50s',
        '',
      ].join('\n'),
    );

    bug.fix();
    r.runUntil(100_000);
    // Restarted 20 s after its last exit, the fresh controller manager leads once the Lease has expired, relists and creates the pods.
    expect(starts.slice(2)).toEqual([75_666]);
    expect(kubectl(r, 'get pods -o wide')).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n' +
        'solo                   1/1     Running   0          90s   10.244.1.2   worker-1   <none>           <none>\n' +
        'web-764f46cd6f-7r6mj   1/1     Running   0          6s    10.244.3.2   worker-3   <none>           <none>\n' +
        'web-764f46cd6f-l552j   1/1     Running   0          6s    10.244.1.3   worker-1   <none>           <none>\n',
    );
    expect(kubectl(r, 'get pods -n kube-system kube-controller-manager-control-plane')).toBe(
      'NAME                                    READY   STATUS    RESTARTS      AGE\nkube-controller-manager-control-plane   1/1     Running   3 (46s ago)   2m10s\n',
    );
    expect(bug.hits).toBe(3);
  });
});
