/**
 * kube-scheduler without its RBAC: `kubectl delete clusterrolebinding system:kube-scheduler` takes away
 * everything the system:kube-scheduler ClusterRole granted it (it keeps what system:volume-scheduler
 * and system:basic-user give). Authorization is per request, so what follows is the real sequence:
 *
 * - the watches it already has keep streaming, so it sees the new pods and schedules them, but its
 *   Binding is refused (`Plugin Failed`, `Error scheduling pod; retrying`) and so is its status write
 *   (`Error updating pod`); the pods stay Pending and go back to the queue with their back-off;
 * - its Lease renewal is refused: after renewDeadline (10 s) it gives up leading, cannot release the
 *   Lease either, and exits (`"Leaderelection lost"`); the kubelet restarts its static pod's container;
 * - the new instance's lists are refused: each informer logs the reflector's two lines and lists again
 *   after its back-off (0.8 s doubling to 30 s, jittered); its caches never sync, so it never campaigns;
 * - `kubectl create clusterrolebinding system:kube-scheduler …` gives the rights back: each informer's
 *   next list succeeds, the caches sync, it campaigns, waits out the old holder's lease (its release
 *   was refused) and, leading, binds the pods.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';
import type { Pod } from '../src/sim/types';

function kubectl(r: ScenarioRun, line: string): string {
  const out = r.kubectl(line);
  if (out.exitCode !== 0) throw new Error(`kubectl ${line}: ${out.stderr}`);
  return out.stdout;
}

const SCHEDULER_POD = 'kube-scheduler-control-plane';

describe('kube-scheduler refused by RBAC', () => {
  it('leaves pods Pending, loses its lease, restarts into refused lists, and schedules once the binding is back', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    // kubeadm's kube-apiserver runs with --authorization-mode=Node,RBAC.
    r.cluster.api.authorizationMode = 'Node,RBAC';
    r.runUntil(30_000);
    expect(kubectl(r, 'delete clusterrolebinding system:kube-scheduler')).toBe('clusterrolebinding.rbac.authorization.k8s.io "system:kube-scheduler" deleted\n');
    expect(kubectl(r, 'create deployment web --image=nginx --replicas=2')).toBe('deployment.apps/web created\n');
    r.runUntil(120_000);

    expect(kubectl(r, 'get pods')).toBe(
      [
        'NAME                   READY   STATUS    RESTARTS   AGE',
        'web-7957885594-7r6mj   0/1     Pending   0          90s',
        'web-7957885594-l552j   0/1     Pending   0          90s',
        '',
      ].join('\n'),
    );
    expect(kubectl(r, `get pod -n kube-system ${SCHEDULER_POD}`)).toBe(
      [
        'NAME                           READY   STATUS    RESTARTS      AGE',
        'kube-scheduler-control-plane   1/1     Running   1 (78s ago)   2m30s',
        '',
      ].join('\n'),
    );

    // The instance that led: its Bindings refused, then its renewals, then the exit.
    const previous = kubectl(r, `logs -n kube-system ${SCHEDULER_POD} --previous`).trimEnd().split('\n');
    const forbidden = (verb: string, resource: string, ns: string) => `User \\"system:kube-scheduler\\" cannot ${verb} resource \\"${resource}\\" in API group \\"\\" in the namespace \\"${ns}\\"`;
    expect(previous.slice(2, 5)).toEqual([
      `E0902 10:00:30.000000       1 framework.go:1316] "Plugin Failed" err="pods \\"web-7957885594-7r6mj\\" is forbidden: ${forbidden('create', 'pods/binding', 'default')}" plugin="DefaultBinder" pod="default/web-7957885594-7r6mj" node="worker-1"`,
      `E0902 10:00:30.000000       1 schedule_one.go:1057] "Error scheduling pod; retrying" err="running Bind plugin \\"DefaultBinder\\": pods \\"web-7957885594-7r6mj\\" is forbidden: ${forbidden('create', 'pods/binding', 'default')}" pod="default/web-7957885594-7r6mj"`,
      `E0902 10:00:30.000000       1 schedule_one.go:1101] "Error updating pod" err="pods \\"web-7957885594-7r6mj\\" is forbidden: ${forbidden('patch', 'pods/status', 'default')}" pod="default/web-7957885594-7r6mj"`,
    ]);
    const lease = (verb: string) => `leases.coordination.k8s.io "kube-scheduler" is forbidden: User "system:kube-scheduler" cannot ${verb} resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"`;
    expect(previous.slice(-5)).toEqual([
      `E0902 10:00:40.000000       1 leaderelection.go:429] Failed to update lock optimitically: ${lease('update')}, falling back to slow path`,
      `E0902 10:00:40.000000       1 leaderelection.go:436] error retrieving resource lock kube-system/kube-scheduler: ${lease('get')}`,
      'I0902 10:00:42.000000       1 leaderelection.go:297] failed to renew lease kube-system/kube-scheduler: timed out waiting for the condition',
      `E0902 10:00:42.000000       1 leaderelection.go:330] Failed to release lock: ${lease('update')}`,
      'E0902 10:00:42.000000       1 server.go:323] "Leaderelection lost"',
    ]);

    // The restarted instance: every list it may no longer make is refused, and retried.
    const current = kubectl(r, `logs -n kube-system ${SCHEDULER_POD}`).trimEnd().split('\n');
    expect(current.slice(0, 2)).toEqual([
      'W0902 10:00:42.587000       1 reflector.go:561] k8s.io/client-go/informers/factory.go:160: failed to list *v1.Namespace: namespaces is forbidden: User "system:kube-scheduler" cannot list resource "namespaces" in API group "" at the cluster scope',
      'E0902 10:00:42.587000       1 reflector.go:158] "Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Namespace: failed to list *v1.Namespace: namespaces is forbidden: User \\"system:kube-scheduler\\" cannot list resource \\"namespaces\\" in API group \\"\\" at the cluster scope" logger="UnhandledError"',
    ]);
    // The pod informer's lists: 0.8 s, 1.6 s, 3.2 s, 6.4 s, 12.8 s apart, each plus up to as much again.
    const podLists = current.filter((l) => l.startsWith('W') && l.includes('failed to list *v1.Pod:')).map((l) => l.slice(6, 21));
    expect(podLists).toEqual(['10:00:42.587000', '10:00:44.059000', '10:00:47.068000', '10:00:52.252000', '10:00:59.336000', '10:01:21.072000']);
    expect(current.some((l) => l.includes('PersistentVolume'))).toBe(false);
    expect(current.some((l) => l.includes('leaderelection'))).toBe(false);

    // The binding back: pods are bound once the scheduler has listed again and taken over the lease.
    expect(kubectl(r, 'create clusterrolebinding system:kube-scheduler --clusterrole=system:kube-scheduler --user=system:kube-scheduler')).toBe('clusterrolebinding.rbac.authorization.k8s.io/system:kube-scheduler created\n');
    const restoredMs = r.cluster.clock.now();
    const bound = (): boolean => ['web-7957885594-7r6mj', 'web-7957885594-l552j'].every((n) => !!(r.cluster.api.peek('pods', 'default', n) as Pod | undefined)?.spec?.nodeName);
    let t = restoredMs;
    while (!bound() && t < restoredMs + 300_000) r.runUntil((t += 100));
    // The slowest informer's next list (its back-off had reached 25.6 s + jitter), then the lease: the
    // old holder's record must stand unchanged for 15 s of the new instance's own watching.
    expect(t - restoredMs).toBe(67_900);
    const after = kubectl(r, `logs -n kube-system ${SCHEDULER_POD}`).trimEnd().split('\n').filter((l) => !l.includes('reflector.go'));
    expect(after).toEqual([
      'I0902 10:02:50.887000       1 leaderelection.go:254] attempting to acquire leader lease kube-system/kube-scheduler...',
      'I0902 10:03:07.868000       1 leaderelection.go:268] successfully acquired lease kube-system/kube-scheduler',
    ]);
    r.runUntil(t + 30_000);
    expect(kubectl(r, 'get pods -o wide')).toBe(
      [
        'NAME                   READY   STATUS    RESTARTS   AGE    IP           NODE       NOMINATED NODE   READINESS GATES',
        'web-7957885594-7r6mj   1/1     Running   0          3m7s   10.244.3.2   worker-3   <none>           <none>',
        'web-7957885594-l552j   1/1     Running   0          3m7s   10.244.1.2   worker-1   <none>           <none>',
        '',
      ].join('\n'),
    );
    // While refused, no FailedScheduling Event could be written either: only the scheduling shows.
    expect(kubectl(r, 'get events --field-selector involvedObject.name=web-7957885594-7r6mj')).toBe(
      [
        'LAST SEEN   TYPE     REASON      OBJECT                     MESSAGE',
        '30s         Normal   Scheduled   pod/web-7957885594-7r6mj   Successfully assigned default/web-7957885594-7r6mj to worker-3',
        '29s         Normal   Pulling     pod/web-7957885594-7r6mj   Pulling image "nginx"',
        '26s         Normal   Pulled      pod/web-7957885594-7r6mj   Successfully pulled image "nginx" in 3.075s (3.075s including waiting). Image size: 72188133 bytes.',
        '26s         Normal   Created     pod/web-7957885594-7r6mj   Created container nginx',
        '26s         Normal   Started     pod/web-7957885594-7r6mj   Started container nginx',
        '',
      ].join('\n'),
    );
  });
});
