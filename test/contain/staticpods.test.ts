/**
 * kube-scheduler and kube-controller-manager live in the control-plane node's static pods: they run
 * while those containers run, whatever happens to the mirror pods in the API, and stop and start
 * again with the machine.
 */
import { describe, expect, it } from 'vitest';
import { apply, deployment, emptyRun, kubectl, pod, processStarts } from './kit';

describe('the control plane in its static pods', () => {
  it('runs on when a mirror pod is deleted: the kubelet makes a new one, the containers are untouched', () => {
    const r = emptyRun();
    r.runUntil(10_000);
    const starts = processStarts(r.cluster, 'kube-scheduler');
    const before = pod(r, 'kube-system', 'kube-scheduler-control-plane');
    const containerID = before.status!.containerStatuses![0]!.containerID;
    expect(r.act({ kubectl: 'delete pod -n kube-system kube-scheduler-control-plane' }).stdout).toBe('pod "kube-scheduler-control-plane" deleted\n');
    r.act({ kubectl: 'delete pod -n kube-system kube-controller-manager-control-plane --force --grace-period=0' });
    r.runUntil(12_000);
    const after = pod(r, 'kube-system', 'kube-scheduler-control-plane');
    expect(after.metadata!.uid).not.toBe(before.metadata!.uid);
    expect(after.status!.containerStatuses![0]).toMatchObject({ containerID, restartCount: 0, ready: true, state: { running: { startedAt: '2024-09-02T09:59:30Z' } } });
    expect(kubectl(r, 'get pods -n kube-system -l tier=control-plane')).toBe(
      [
        'NAME                                    READY   STATUS    RESTARTS   AGE',
        'etcd-control-plane                      1/1     Running   0          42s',
        'kube-apiserver-control-plane            1/1     Running   0          42s',
        'kube-controller-manager-control-plane   1/1     Running   0          2s',
        'kube-scheduler-control-plane            1/1     Running   0          2s',
        '',
      ].join('\n'),
    );
    // Neither process was touched, and both still work.
    apply(r, deployment('web', 2));
    r.runUntil(20_000);
    expect(kubectl(r, 'get pods')).toBe('NAME                   READY   STATUS    RESTARTS   AGE\nweb-764f46cd6f-7r6mj   1/1     Running   0          8s\nweb-764f46cd6f-l552j   1/1     Running   0          8s\n');
    expect(starts).toEqual([]);
    expect(r.cluster.panics).toEqual([]);
  });

  it('stops with the control-plane machine and starts afresh when it is back', () => {
    const r = emptyRun();
    r.runUntil(20_000);
    const starts = processStarts(r.cluster, 'kube-scheduler');
    r.act({ fault: { type: 'node-down', node: 'control-plane' } });
    expect(r.cluster.processes.get('kube-scheduler')!.running).toBe(false);
    expect(r.cluster.processes.get('kube-controller-manager')!.running).toBe(false);
    r.runUntil(40_000);
    // The only etcd member went with the machine: the API server can read nothing.
    expect(r.kubectl('get rs').stderr).toBe('Error from server: etcdserver: request timed out\n');
    r.act({ fault: { type: 'node-up', node: 'control-plane' } });
    apply(r, deployment('web', 1));
    r.runUntil(80_000);
    // The kubelet starts the static pods in new sandboxes, and with them fresh processes. Each takes its
    // Lease over once it has seen it unrenewed for 15 s (the dead ones never released it).
    expect(starts).toEqual([40_546]);
    expect(r.cluster.api.peek('leases', 'kube-system', 'kube-scheduler')).toMatchObject({ spec: { acquireTime: '2024-09-02T10:00:57.527000Z', leaseTransitions: 1 } });
    expect(r.cluster.api.peek('leases', 'kube-system', 'kube-controller-manager')).toMatchObject({ spec: { acquireTime: '2024-09-02T10:00:57.109000Z', leaseTransitions: 1 } });
    expect(kubectl(r, 'get pods')).toBe('NAME                   READY   STATUS    RESTARTS   AGE\nweb-764f46cd6f-7r6mj   1/1     Running   0          23s\n');
    // The last container died with the machine, 60 s ago; the new one waits for its startup probe.
    expect(kubectl(r, 'get pods -n kube-system kube-scheduler-control-plane')).toBe(
      'NAME                           READY   STATUS    RESTARTS      AGE\nkube-scheduler-control-plane   0/1     Running   1 (60s ago)   110s\n',
    );
  });

  it('ends with its container: a container-crash on kube-scheduler takes the process along, the restarted container runs a fresh one', () => {
    const r = emptyRun();
    r.runUntil(10_000);
    const starts = processStarts(r.cluster, 'kube-scheduler');
    expect(r.act({ fault: { type: 'container-crash', pod: 'kube-system/kube-scheduler-control-plane' } }).exitCode).toBe(0);
    expect(r.cluster.processes.get('kube-scheduler')!.running).toBe(false);
    apply(r, deployment('web', 1));
    r.runUntil(40_000);
    expect(starts).toEqual([10_619]);
    // The fresh process schedules once it holds the Lease its killed predecessor left behind.
    expect(r.cluster.api.peek('leases', 'kube-system', 'kube-scheduler')).toMatchObject({ spec: { acquireTime: '2024-09-02T10:00:27.600000Z', leaseTransitions: 1 } });
    expect(kubectl(r, 'get pods')).toBe('NAME                   READY   STATUS    RESTARTS   AGE\nweb-764f46cd6f-7r6mj   1/1     Running   0          30s\n');
    expect(r.cluster.panics).toEqual([]);
  });
});
