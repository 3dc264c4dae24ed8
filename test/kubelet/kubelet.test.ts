import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { parseScenario } from '../../src/scenario/parse';
import { applyFault, parseFault } from '../../src/sim/faults';
import type { Event, Lease, Node, Pod } from '../../src/sim/types';

const pod = (name: string, spec: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
${spec}
`;

function run(manifest: string, seed = 5): ScenarioRun {
  return new ScenarioRun({ seed, cluster: {}, actions: [{ atMs: 0, apply: manifest }] });
}

const get = (r: ScenarioRun, name: string) => r.cluster.api.peek('pods', 'default', name) as Pod;
const events = (r: ScenarioRun, name: string) =>
  r.cluster.client().list<Event>('events', 'default').items.filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.message}`);

/**
 * Watches the pod's status and returns the virtual time of each container start: the first, then
 * each time the restart count goes up (start times alone have one-second precision, so two starts in
 * one second would look like one).
 */
function startTimes(r: ScenarioRun, name: string, untilMs: number): number[] {
  const out: number[] = [];
  let restarts = -1;
  for (let t = r.now(); t <= untilMs; t += 250) {
    r.runUntil(t);
    const cs = get(r, name)?.status?.containerStatuses?.[0];
    if (!cs) continue;
    const started = cs.state?.running || cs.state?.terminated || cs.lastState?.terminated;
    if (restarts < 0 && started) {
      restarts = cs.restartCount ?? 0;
      out.push(t);
    } else if (restarts >= 0 && (cs.restartCount ?? 0) > restarts) {
      restarts = cs.restartCount ?? 0;
      out.push(t);
    }
  }
  return out.map((t) => t + Date.UTC(2024, 8, 2, 10));
}

describe('kubelet: restarts and CrashLoopBackOff', () => {
  it('restarts a container that exits at once after 0s, 10s, 20s, 40s, 80s (busybox with no command under Always)', () => {
    const r = run(pod('crash', '  containers: [{name: box, image: "busybox:1.36"}]'));
    const starts = startTimes(r, 'crash', 200_000);
    // Status times have second precision; each run lasts a few ms. The first exit restarts at the
    // next relist, then the back-off doubles from each finish time: 10s, 20s, 40s, 80s.
    const gaps = starts.slice(1).map((t, i) => (t - starts[i]!) / 1000);
    expect(gaps[0]).toBeLessThanOrEqual(2);
    expect(gaps.slice(1, 5).map((g, i) => g - [10, 20, 40, 80][i]!).every((d) => d >= 0 && d <= 2)).toBe(true);
    const p = get(r, 'crash');
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    r.runUntil(starts[starts.length - 1]! - Date.UTC(2024, 8, 2, 10) + 3_000);
    const w = get(r, 'crash').status!.containerStatuses![0]!.state!.waiting!;
    expect(w.reason).toBe('CrashLoopBackOff');
    expect(w.message).toMatch(new RegExp(`^back-off 2m40s restarting failed container=box pod=crash_default\\(${p.metadata!.uid}\\)$`));
    expect(events(r, 'crash')).toContain(`Warning BackOff Back-off restarting failed container box in pod crash_default(${p.metadata!.uid})`);
    expect(r.kubectl('get pod crash').stdout).toMatch(/crash\s+0\/1\s+CrashLoopBackOff\s+5 \(\d+s ago\)/);
  });

  it('exits with the annotated code after kubetab.io/crash-after; Never ends Failed, OnFailure restarts', () => {
    const r = run(
      pod('never', '  restartPolicy: Never\n  containers: [{name: app, image: "nginx:1.27"}]', '  annotations: {kubetab.io/crash-after: 5s, kubetab.io/exit-code: "3"}\n') +
        '---\n' +
        pod('onfail', '  restartPolicy: OnFailure\n  containers: [{name: app, image: "busybox:1.36", command: [sh, -c, "sleep 2; exit 1"]}]'),
    );
    r.runUntil(30_000);
    const n = get(r, 'never');
    expect(n.status!.phase).toBe('Failed');
    expect(n.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    const o = get(r, 'onfail');
    expect(o.status!.phase).toBe('Running');
    expect(o.status!.containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('runs the perl π Job command for about ten seconds and succeeds with 2000 digits of π', () => {
    const r = run(pod('pi', '  restartPolicy: Never\n  containers: [{name: pi, image: "perl:5.34.0", command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]'));
    r.runUntil(60_000);
    const p = get(r, 'pi');
    expect(p.status!.phase).toBe('Succeeded');
    const t = p.status!.containerStatuses![0]!.state!.terminated!;
    expect(t).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect((Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)) / 1000).toBeGreaterThanOrEqual(9);
    const out = r.kubectl('logs pi').stdout;
    expect(out.startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
    expect(out.trim().length).toBe(2001);
    expect(r.kubectl('get pod pi').stdout).toMatch(/pi\s+0\/1\s+Completed\s+0/);
  });

  it('OOMKills a container whose memory use passes its limit', () => {
    const r = run(pod('hog', '  containers: [{name: app, image: "nginx:1.27", resources: {limits: {memory: 64Mi}}}]', '  annotations: {kubetab.io/memory-usage: 300Mi}\n'));
    r.runUntil(20_000);
    const cs = get(r, 'hog').status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated ?? cs.state!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});

describe('kubelet: probes', () => {
  it('restarts a container whose liveness probe fails (the docs exec example)', () => {
    const r = run(pod('live', `  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, initialDelaySeconds: 5, periodSeconds: 5}`));
    r.runUntil(120_000);
    const ev = events(r, 'live');
    expect(ev).toContain("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(ev).toContain('Normal Killing Container liveness failed liveness probe, will be restarted');
    const cs = get(r, 'live').status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('flips Ready with the readiness probe (probe-fail / probe-pass faults), and nginx answers 404 on /healthz', () => {
    const r = run(
      pod('web', '  containers: [{name: nginx, image: "nginx:1.27", readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}]') +
        '---\n' +
        pod('bad', '  containers: [{name: nginx, image: "nginx:1.27", readinessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5}}]'),
    );
    r.runUntil(20_000);
    const ready = () => get(r, 'web').status!.conditions!.find((c) => c.type === 'Ready')!.status;
    expect(ready()).toBe('True');
    expect(applyFault(r.cluster, { type: 'probe-fail', pod: 'default/web', probe: 'readiness' }).ok).toBe(true);
    r.runUntil(40_000);
    expect(ready()).toBe('False');
    expect(events(r, 'web')).toContain('Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500');
    applyFault(r.cluster, { type: 'probe-pass', pod: 'default/web', probe: 'readiness' });
    r.runUntil(50_000);
    expect(ready()).toBe('True');
    expect(events(r, 'bad')).toContain('Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 404');
    expect(get(r, 'bad').status!.containerStatuses![0]!.ready).toBe(false);
  });

  it('holds readiness until kubetab.io/ready-after, tcpSocket against redis', () => {
    const r = run(pod('cache', '  containers: [{name: redis, image: "redis:7.4", readinessProbe: {tcpSocket: {port: 6379}, periodSeconds: 2}}]', '  annotations: {kubetab.io/ready-after: 20s}\n'));
    r.runUntil(15_000);
    expect(get(r, 'cache').status!.containerStatuses![0]!.ready).toBe(false);
    expect(events(r, 'cache').some((e) => /Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:6379: connect: connection refused/.test(e))).toBe(true);
    r.runUntil(40_000);
    expect(get(r, 'cache').status!.containerStatuses![0]!.ready).toBe(true);
  });
});

describe('kubectl logs / top / exec', () => {
  const manifest =
    pod('counter', `  containers: [{name: count, image: "busybox:1.36", args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']}]`) +
    '---\n' +
    pod('two', '  containers: [{name: a, image: "nginx:1.27", env: [{name: GREETING, value: hello}]}, {name: b, image: "redis:7.4"}]') +
    '---\n' +
    pod('pending', '  containers: [{name: app, image: "nginx:1.27"}]\n  nodeSelector: {nowhere: "true"}');

  it('prints a counter pod\'s lines, tails, timestamps, and the real errors', () => {
    const r = run(manifest);
    r.runUntil(30_000);
    const tail = r.kubectl('logs counter --tail 2');
    expect(tail.stdout).toMatch(/^\d+: Mon Sep  2 10:00:\d\d UTC 2024\n\d+: Mon Sep  2 10:00:\d\d UTC 2024\n$/);
    expect(r.kubectl('logs counter --tail 1 --timestamps').stdout).toMatch(/^2024-09-02T10:00:\d\d\.\d{9}Z \d+: /);
    const two = r.kubectl('logs two');
    expect(two.stderr).toBe('Defaulted container "a" out of: a, b\n');
    expect(two.stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(r.kubectl('logs two -c b').stdout).toContain('* Ready to accept connections tcp');
    expect(r.kubectl('logs two -c zz').stderr).toBe('Error from server (BadRequest): container zz is not valid for pod two\n');
    // An unscheduled pod has no log location: the API server answers with an empty stream (LogLocation).
    expect(r.kubectl('logs pending')).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(r.kubectl('exec pending -- ls').stderr).toBe('Error from server (BadRequest): pod pending does not have a host assigned\n');
    expect(r.kubectl('logs counter -p').stderr).toBe('Error from server (BadRequest): previous terminated container "count" in pod "counter" not found\n');
  });

  it('says a container is waiting to start while it is being created', () => {
    const r = run(pod('slow', '  containers: [{name: py, image: "python:3.12"}]'));
    r.runUntil(1_500);
    expect(r.kubectl('logs slow').stderr).toBe('Error from server (BadRequest): container "py" in pod "slow" is waiting to start: ContainerCreating\n');
  });

  it('shows top pod and top node with the real columns', () => {
    const r = run(manifest);
    r.runUntil(60_000);
    const pods = r.kubectl('top pod');
    expect(pods.stdout.split('\n')[0]).toBe('NAME      CPU(cores)   MEMORY(bytes)   ');
    expect(pods.stdout).toMatch(/\ntwo\s+\d+m\s+\d+Mi\s+\n/);
    const nodes = r.kubectl('top node');
    expect(nodes.stdout.split('\n')[0]).toBe('NAME            CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%   ');
    expect(nodes.stdout).toMatch(/\nworker-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s+\n/);
  });

  it('execs the modelled commands: env, cat of mounted files, hostname, ls, exit codes', () => {
    const r = run(manifest);
    r.runUntil(30_000);
    expect(r.kubectl('exec two -c a -- printenv GREETING').stdout).toBe('hello\n');
    expect(r.kubectl('exec two -c a -- hostname').stdout).toBe('two\n');
    expect(r.kubectl('exec counter -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace').stdout).toBe('default\n');
    expect(r.kubectl('exec two -c a -- cat /etc/resolv.conf').stdout).toContain('nameserver 10.96.0.10');
    const bad = r.kubectl('exec counter -- sh -c "exit 3"');
    expect(bad.stderr).toBe('command terminated with exit code 3\n');
    expect(bad.exitCode).toBe(3);
    const nf = r.kubectl('exec counter -- frobnicate');
    expect(nf.stderr).toContain('exec: "frobnicate": executable file not found in $PATH');
    expect(r.kubectl('exec counter').stderr).toContain('you must specify at least one command for the container');
  });
});

describe('faults (kubelet side)', () => {
  it('node-down: lease and status stop, node-up: reboot with SandboxChanged and restarted containers', () => {
    const r = run(pod('web', '  nodeName: worker-1\n  containers: [{name: nginx, image: "nginx:1.27"}]'));
    r.runUntil(20_000);
    const lease = () => (r.cluster.api.peek('leases', 'kube-node-lease', 'worker-1') as Lease).spec!.renewTime;
    applyFault(r.cluster, { type: 'node-down', node: 'worker-1' });
    const before = lease();
    r.runUntil(80_000);
    expect(lease()).toBe(before);
    expect(r.kubectl('logs web').stderr).toMatch(/^Error from server: Get "https:\/\/192\.168\.1\.11:10250\/containerLogs\/default\/web\/nginx": dial tcp 192\.168\.1\.11:10250: i\/o timeout/);
    applyFault(r.cluster, { type: 'node-up', node: 'worker-1' });
    r.runUntil(100_000);
    expect(lease()).not.toBe(before);
    const cs = get(r, 'web').status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(events(r, 'web')).toContain('Normal SandboxChanged Pod sandbox changed, it will be killed and re-created.');
  });

  it('partition: the kubelet cannot write; heal: it catches up', () => {
    const r = run(pod('web', '  nodeName: worker-2\n  containers: [{name: nginx, image: "nginx:1.27"}]'));
    r.runUntil(20_000);
    applyFault(r.cluster, { type: 'partition', node: 'worker-2' });
    const rv = (r.cluster.api.peek('leases', 'kube-node-lease', 'worker-2') as Lease).metadata!.resourceVersion;
    applyFault(r.cluster, { type: 'container-crash', pod: 'default/web' });
    r.runUntil(60_000);
    expect((r.cluster.api.peek('leases', 'kube-node-lease', 'worker-2') as Lease).metadata!.resourceVersion).toBe(rv);
    expect(get(r, 'web').status!.containerStatuses![0]!.restartCount).toBe(0);
    applyFault(r.cluster, { type: 'heal', node: 'worker-2' });
    r.runUntil(62_000);
    expect(get(r, 'web').status!.containerStatuses![0]!.restartCount).toBe(1);
    expect(get(r, 'web').status!.containerStatuses![0]!.lastState!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('kubelet-stop keeps containers running but stops heartbeats', () => {
    const r = run(pod('web', '  nodeName: worker-3\n  containers: [{name: nginx, image: "nginx:1.27"}]'));
    r.runUntil(20_000);
    applyFault(r.cluster, { type: 'kubelet-stop', node: 'worker-3' });
    const renew = (r.cluster.api.peek('leases', 'kube-node-lease', 'worker-3') as Lease).spec!.renewTime;
    r.runUntil(60_000);
    expect((r.cluster.api.peek('leases', 'kube-node-lease', 'worker-3') as Lease).spec!.renewTime).toBe(renew);
    expect(r.kubectl('logs web').stderr).toMatch(/connect: connection refused/);
    applyFault(r.cluster, { type: 'kubelet-start', node: 'worker-3' });
    r.runUntil(65_000);
    expect(r.kubectl('logs web').stdout).toContain('nginx/1.27.1');
    expect(get(r, 'web').status!.containerStatuses![0]!.restartCount).toBe(0);
  });

  // A tag the registry has (nginx:1.26): the fault takes it away and gives it back.
  it('image-unpullable: ErrImagePull, then ImagePullBackOff with back-off, then pulls once pullable again', () => {
    const r = new ScenarioRun(parseScenario(`apiVersion: kubetab/v1
kind: Scenario
seed: 2
actions:
- {at: 0s, fault: {type: image-unpullable, image: "nginx:1.26"}}
- at: 0s
  apply: |
    apiVersion: v1
    kind: Pod
    metadata: {name: typo}
    spec:
      containers: [{name: web, image: "nginx:1.26"}]
- {at: 90s, fault: {type: image-pullable, image: "nginx:1.26"}}
`));
    r.runUntil(5_000);
    expect(r.kubectl('get pod typo').stdout).toMatch(/typo\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/);
    r.runUntil(8_000);
    const ev = events(r, 'typo');
    expect(ev).toContain('Warning Failed Failed to pull image "nginx:1.26": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.26": failed to resolve reference "docker.io/library/nginx:1.26": docker.io/library/nginx:1.26: not found');
    expect(ev).toContain('Warning Failed Error: ErrImagePull');
    expect(ev).toContain('Normal BackOff Back-off pulling image "nginx:1.26"');
    expect(ev).toContain('Warning Failed Error: ImagePullBackOff');
    expect(r.kubectl('logs typo').stderr).toMatch(/is waiting to start: (image can't be pulled|trying and failing to pull image)/);
    r.runUntil(200_000);
    expect(get(r, 'typo').status!.phase).toBe('Running');
  });

  it('memory-pressure: MemoryPressure condition, BestEffort pods evicted before Burstable ones', () => {
    const r = run(
      pod('be', '  nodeName: worker-1\n  containers: [{name: app, image: "nginx:1.27"}]', '  annotations: {kubetab.io/memory-usage: 200Mi}\n') +
        '---\n' +
        pod('burst', '  nodeName: worker-1\n  containers: [{name: app, image: "nginx:1.27", resources: {requests: {memory: 300Mi}}}]', '  annotations: {kubetab.io/memory-usage: 200Mi}\n'),
    );
    r.runUntil(20_000);
    applyFault(r.cluster, { type: 'memory-pressure', node: 'worker-1' });
    r.runUntil(45_000);
    const n = r.cluster.api.peek('nodes', undefined, 'worker-1') as Node;
    expect(n.status!.conditions!.find((c) => c.type === 'MemoryPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory' });
    const be = get(r, 'be');
    expect(be.status).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(be.status!.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+(Ki|Mi)\. Container app was using \d+Ki, request is 0, has larger consumption of memory\. $/);
    expect(be.status!.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
    expect(get(r, 'burst').status!.phase).toBe('Running');
    // kubectl shows the container's terminated reason over status.reason, as it does for evicted pods
    expect(r.kubectl('get pod be').stdout).toMatch(/be\s+0\/1\s+(Completed|Error)/);
  });

  it('parses fault actions strictly', () => {
    expect(() => parseFault({ type: 'node-down' })).toThrow('fault.node: required for fault type node-down');
    expect(() => parseFault({ type: 'node-down', node: 'a', pod: 'x' })).toThrow('unknown field "pod"');
    expect(() => parseFault({ type: 'explode' })).toThrow(/fault.type: must be one of/);
    expect(() => parseFault({ type: 'probe-fail', pod: 'x', probe: 'bogus' })).toThrow('must be liveness, readiness or startup');
    expect(() => parseScenario('apiVersion: kubetab/v1\nkind: Scenario\nactions:\n- {at: 1s, fault: {type: node-down}}\n')).toThrow('actions[0].fault.node: required for fault type node-down');
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\nactions:\n- {at: 60s, fault: {type: node-down, node: worker-1}}\n').actions[0]).toEqual({ atMs: 60_000, fault: { type: 'node-down', node: 'worker-1' } });
  });
});
