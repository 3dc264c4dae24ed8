import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';

const started = () => {
  const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
  r.runUntil(20_000);
  return r;
};

interface CS {
  containerID?: string;
  restartCount: number;
  state: { running?: { startedAt: string }; waiting?: { reason: string; message?: string }; terminated?: Record<string, unknown> };
  lastState: { terminated?: { containerID?: string; finishedAt: string } };
}
const status = (r: ScenarioRun, pod: string): CS => JSON.parse(r.kubectl(`get pod ${pod} -o json`).stdout).status.containerStatuses[0];

describe('node allocatable: capacity minus the kubelet\'s hard eviction thresholds', () => {
  it('shows in describe node: memory less 100Mi, ephemeral-storage less 10%, cpu and pods unchanged', () => {
    const d = started().kubectl('describe node worker-1').stdout;
    expect(d.slice(d.indexOf('Capacity:'), d.indexOf('System Info:'))).toBe(
      'Capacity:\n  cpu:                4\n  ephemeral-storage:  102626232Ki\n  hugepages-1Gi:      0\n  hugepages-2Mi:      0\n  memory:             8Gi\n  pods:               110\n' +
        'Allocatable:\n  cpu:                4\n  ephemeral-storage:  94580335255\n  hugepages-1Gi:      0\n  hugepages-2Mi:      0\n  memory:             8092Mi\n  pods:               110\n',
    );
  });

  it('is what the scheduler fits against: a pod requesting the whole 8Gi stays Pending', () => {
    const r = started();
    expect(r.kubectl('apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 8Gi\n').stdout).toBe('pod/big created\n');
    r.runUntil(30_000);
    expect(r.kubectl('get pod big').stdout).toBe('NAME   READY   STATUS    RESTARTS   AGE\nbig    0/1     Pending   0          10s\n');
    expect(r.kubectl('get events --field-selector involvedObject.name=big -o custom-columns=REASON:.reason,MESSAGE:.message --no-headers').stdout).toBe(
      'FailedScheduling   0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..\n',
    );
    // A request inside allocatable (less what flannel's pod asks for) fits.
    r.kubectl('apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fits\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 8000Mi\n');
    r.runUntil(40_000);
    expect(JSON.parse(r.kubectl('get pod fits -o json').stdout).spec.nodeName).toMatch(/^worker-\d$/);
  });
});

describe('kubelet events name the container they are about', () => {
  it('carries involvedObject.fieldPath for app and init containers', () => {
    const r = started();
    r.kubectl('apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: once\nspec:\n  nodeName: worker-1\n  restartPolicy: Never\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: ["true"]\n  containers:\n  - name: job\n    image: busybox:1.36\n    command: ["sh", "-c", "exit 3"]\n');
    r.runUntil(40_000);
    expect(r.kubectl('get events --field-selector involvedObject.name=once --sort-by=.metadata.resourceVersion -o custom-columns=REASON:.reason,SUBOBJECT:.involvedObject.fieldPath --no-headers').stdout).toBe(
      ['Pulling   spec.initContainers{setup}', 'Pulled    spec.initContainers{setup}', 'Created   spec.initContainers{setup}', 'Started   spec.initContainers{setup}',
        'Pulled    spec.containers{job}', 'Created   spec.containers{job}', 'Started   spec.containers{job}', ''].join('\n'),
    );
    const yaml = r.kubectl('get events --field-selector involvedObject.name=once,reason=Started -o yaml').stdout;
    expect(yaml).toContain('  involvedObject:\n    apiVersion: v1\n    fieldPath: spec.containers{job}\n    kind: Pod\n    name: once\n    namespace: default\n');
  });
});

describe('terminated container states and the liveness restart timing', () => {
  it('gives a terminated state its containerID, in state and in lastState', () => {
    const r = started();
    r.kubectl('apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: once\nspec:\n  nodeName: worker-1\n  restartPolicy: Never\n  containers:\n  - name: job\n    image: busybox:1.36\n    command: ["sh", "-c", "exit 3"]\n');
    r.runUntil(40_000);
    const cs = status(r, 'once');
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error', containerID: cs.containerID });
  });

  it('restarts a liveness-killed container at once until the back-off, measured from the instance before, catches up', () => {
    const r = started();
    r.kubectl('apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: live\nspec:\n  nodeName: worker-1\n  containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 8080\n      periodSeconds: 5\n      failureThreshold: 1\n');
    const seen: string[] = [];
    const ids = new Set<string>();
    for (let t = 21_000; t <= 130_000; t += 1000) {
      r.runUntil(t);
      const cs = status(r, 'live');
      const line = cs.state.running ? `${cs.restartCount} running since ${cs.state.running.startedAt.slice(14, 19)}` : `${cs.restartCount} ${cs.state.waiting?.reason} ${cs.state.waiting?.message?.split(' restarting')[0] ?? ''}`;
      if (seen[seen.length - 1] !== line) seen.push(line);
      const last = cs.lastState.terminated;
      if (last) {
        // The last instance's ID, never the current one's.
        expect(last.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
        if (cs.state.running) expect(last.containerID).not.toBe(cs.containerID);
        ids.add(last.containerID!);
      }
    }
    expect(seen).toEqual([
      '0 ContainerCreating ',
      '0 running since 00:23',
      // First kill at 0:25: no earlier exited instance, so no back-off: started again at once.
      '1 running since 00:25',
      // Second kill at 0:30: measured from the instance that ended at 0:25 (no entry yet): at once, entry 10s.
      '2 running since 00:30',
      // Third kill at 0:35: 5s after the one before, inside 10s: CrashLoopBackOff until 10s after this kill.
      '2 CrashLoopBackOff back-off 10s',
      '3 running since 00:46',
      '3 CrashLoopBackOff back-off 20s',
      '4 running since 01:11',
      '4 CrashLoopBackOff back-off 40s',
      '5 running since 01:56',
      '5 CrashLoopBackOff back-off 1m20s',
    ]);
    expect(ids.size).toBe(6);
  });
});
