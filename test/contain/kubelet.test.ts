/**
 * A kubelet that hits a bug exits, and systemd starts it again after RestartSec=10s (kubeadm's
 * kubelet unit). Meanwhile the node is as with the kubelet stopped: its containers run on, nothing
 * renews its lease; then it starts and resyncs like a started kubelet.
 */
import { describe, expect, it } from 'vitest';
import { NodeLeaseController } from '../../src/sim/node/kubelet/lease';
import { PodWorkers } from '../../src/sim/node/kubelet/podWorkers';
import type { Lease, Node, Pod } from '../../src/sim/types';
import { BUG, emptyRun, kubectl, panicTimes, plantBug, pod } from './kit';
import type { ScenarioRun } from '../../src/scenario/runner';

const WEB = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  nodeName: worker-1\n  containers: [{name: nginx, image: "nginx:1.27"}]\n';

function ready(r: ScenarioRun, node: string): string {
  const c = (r.cluster.api.peek('nodes', undefined, node) as Node).status!.conditions!.find((x) => x.type === 'Ready')!;
  return `${c.status} ${c.reason} since ${c.lastTransitionTime}`;
}

const renewTime = (r: ScenarioRun, node: string) => (r.cluster.api.peek('leases', 'kube-node-lease', node) as Lease).spec!.renewTime;

describe('a kubelet that panics', () => {
  it('is down for 10 s with its containers running, then starts again: the node stays Ready but for the restart’s runtime check', () => {
    const r = emptyRun();
    r.act({ apply: WEB });
    r.runUntil(20_000);
    const containerID = pod(r, 'default', 'web').status!.containerStatuses![0]!.containerID;
    // worker-1's next lease renewal has a bug, once.
    plantBug(NodeLeaseController.prototype, 'renewLease', (l) => l.k.nodeName === 'worker-1', 1);

    r.runUntil(35_000);
    expect(panicTimes(r.cluster, 'kubelet/worker-1')).toEqual([30_000]);
    // Down: no heartbeat since the panic, the API server cannot reach it, the container runs on.
    expect(renewTime(r, 'worker-1')).toBe('2024-09-02T10:00:20.000000Z');
    expect(r.kubectl('logs web').stderr).toBe('Error from server: Get "https://192.168.1.11:10250/containerLogs/default/web/nginx": dial tcp 192.168.1.11:10250: connect: connection refused\n');
    expect(ready(r, 'worker-1')).toBe('True KubeletReady since 2024-09-02T09:59:40Z');
    expect(r.cluster.componentLog().filter((l) => l.component === 'kubelet' && l.atMs === 30_000).map((l) => l.message)).toEqual([
      'kubelet/worker-1: kubelet stopped',
      'kubelet/worker-1: kubelet.service: Main process exited, code=exited, status=2/INVALIDARGUMENT',
    ]);
    expect(r.cluster.componentLog().filter((l) => l.component === 'kubelet/worker-1').map((l) => `${l.atMs} ${l.message}`)).toEqual([`30000 panic: ${BUG}`]);

    r.runUntil(40_000);
    // systemd starts it 10 s after the exit: a fresh heartbeat, and the runtime check a starting
    // kubelet reports NotReady for until it passes (1 s).
    expect(renewTime(r, 'worker-1')).toBe('2024-09-02T10:00:40.000000Z');
    expect(ready(r, 'worker-1')).toBe('False KubeletNotReady since 2024-09-02T10:00:40Z');
    r.runUntil(41_000);
    expect(ready(r, 'worker-1')).toBe('True KubeletReady since 2024-09-02T10:00:41Z');
    expect(kubectl(r, 'get events --field-selector involvedObject.name=worker-1,reason=Starting')).toBe(
      'LAST SEEN   TYPE     REASON     OBJECT          MESSAGE\n1s          Normal   Starting   node/worker-1   Starting kubelet.\n',
    );
    // The same container ran all along.
    const cs = pod(r, 'default', 'web').status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ containerID, restartCount: 0, ready: true });
    expect(r.kubectl('logs web').stdout).toContain('nginx/1.27.1');
    // The rest of the cluster never noticed: no taint, no eviction, no other panic.
    expect((r.cluster.api.peek('nodes', undefined, 'worker-1') as Node).spec?.taints).toBeUndefined();
    expect(r.cluster.panics.map((p) => p.process)).toEqual(['kubelet/worker-1']);
  });

  it('panics again at every start while the bug is there (a watch event this time), every 10 s: systemd has no back-off', () => {
    const r = emptyRun();
    r.runUntil(10_000);
    // The kubelet trips over one pod of its own each time it sees it.
    const bug = plantBug(PodWorkers.prototype, 'onPodEvent', (_w, [p]) => (p as Pod).metadata?.name === 'web');
    r.act({ apply: WEB });
    r.runUntil(45_000);
    expect(panicTimes(r.cluster, 'kubelet/worker-1')).toEqual([10_000, 20_000, 30_000, 40_000]);
    expect(kubectl(r, 'get pods')).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          35s\n');
    bug.fix();
    r.runUntil(55_000);
    // Started at 50 s, it runs the pod.
    expect(panicTimes(r.cluster, 'kubelet/worker-1')).toHaveLength(4);
    expect(kubectl(r, 'get pods')).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          45s\n');
  });
});
