import { describe, expect, it } from 'vitest';
import type { Pod } from '../sim/types';
import type { ScenarioAction } from '../scenario/format';
import { overridesFor } from '../sim/node/behavior';
import { agentRunning, annotatedProbeFail, injectedFaults, nodeFaultApplies, nodeFlags, probeFailing } from './faultState';
import { nodeFaultItems, podFaultItems } from './FaultMenu';

function pod(containers: Record<string, 'running' | 'waiting'>, opts: { probes?: Record<string, string[]>; annotations?: Record<string, string>; node?: string } = {}): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'default', ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      nodeName: opts.node ?? 'worker-1',
      containers: Object.keys(containers).map((name) => ({
        name,
        image: 'nginx:1.27',
        ...Object.fromEntries((opts.probes?.[name] ?? []).map((p) => [`${p}Probe`, { httpGet: { path: '/', port: 80 } }])),
      })),
    },
    status: {
      phase: 'Running',
      containerStatuses: Object.entries(containers).map(([name, s]) => ({
        name,
        image: 'nginx:1.27',
        imageID: '',
        ready: s === 'running',
        restartCount: 0,
        state: s === 'running' ? { running: { startedAt: '2024-01-01T00:00:00Z' } } : { waiting: { reason: 'CrashLoopBackOff' } },
      })),
    },
  } as Pod;
}

const at = (atMs: number, fault: Extract<ScenarioAction, { fault: unknown }>['fault']): ScenarioAction => ({ atMs, fault });
const labels = (items: { label: string; disabled?: boolean }[]): string[] => items.map((i) => (i.disabled ? `(${i.label})` : i.label));

describe('which node faults apply', () => {
  it('power on only when off, the kubelet and agents only on a running machine, each repair only after its break', () => {
    const log = [at(1000, { type: 'node-down', node: 'worker-1' }), at(2000, { type: 'partition', node: 'worker-2' }), at(3000, { type: 'memory-pressure', node: 'worker-2' })];
    const now = injectedFaults(log, 5000);
    expect(labels(nodeFaultItems('worker-1', { flags: nodeFlags(now, 'worker-1') }))).toEqual(['Power on (node-up)', 'Cut the network (partition)']);
    expect(labels(nodeFaultItems('worker-2', { flags: nodeFlags(now, 'worker-2') }))).toEqual([
      'Power off (node-down)',
      'Stop the kubelet (kubelet-stop)',
      'Stop kube-proxy (kube-proxy-stop)',
      'Stop flanneld (flannel-stop)',
      'Reconnect (heal)',
      'Disk pressure (disk-pressure)',
      'Clear pressure (pressure-clear)',
    ]);
    // Before the first action, worker-1 is still on.
    expect(nodeFaultApplies('node-up', nodeFlags(injectedFaults(log, 999), 'worker-1'))).toBe(false);
    // Booting again starts the processes a power-off stopped, but the cable stays cut.
    const after = injectedFaults([...log, at(4000, { type: 'kubelet-stop', node: 'worker-2' }), at(6000, { type: 'node-down', node: 'worker-2' }), at(7000, { type: 'node-up', node: 'worker-2' })], 8000);
    expect([...nodeFlags(after, 'worker-2')]).toEqual(['network-cut', 'memory-pressure']);
    // An agent whose container is not running cannot be stopped.
    expect(nodeFaultApplies('kube-proxy-stop', new Set(), { kubeProxy: false })).toBe(false);
    expect(nodeFaultApplies('kube-proxy-start', new Set(['kube-proxy-stopped']))).toBe(true);
  });

  it('tells a running kube-proxy and flanneld from their pods on the node', () => {
    const proxy = { ...pod({ 'kube-proxy': 'running' }), metadata: { name: 'kube-proxy-abcde', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } } } as Pod;
    const flannel = { ...pod({ 'kube-flannel': 'waiting' }), metadata: { name: 'kube-flannel-ds-x', namespace: 'kube-flannel', labels: { app: 'flannel' } } } as Pod;
    expect(agentRunning([proxy, flannel], 'kube-proxy')).toBe(true);
    expect(agentRunning([proxy, flannel], 'flanneld')).toBe(false);
    expect(agentRunning([proxy], 'flanneld')).toBeUndefined();
  });
});

describe('which pod faults apply', () => {
  it('a crashed container (back-off) offers no crash and no probe failure', () => {
    const p = pod({ app: 'waiting' }, { probes: { app: ['liveness'] } });
    expect(labels(podFaultItems(p, injectedFaults([], 0)))).toEqual(['(Container app is not running)', 'Make nginx:1.27 unpullable (image-unpullable)']);
  });

  it('a running container offers crash and its own probes; a failed probe offers only its repair', () => {
    const p = pod({ app: 'running', sidecar: 'running' }, { probes: { app: ['liveness', 'readiness'] } });
    const now = injectedFaults([at(1000, { type: 'probe-fail', pod: 'default/web-1', container: 'app', probe: 'readiness' }), at(1000, { type: 'image-unpullable', image: 'nginx:1.27' })], 2000);
    expect(labels(podFaultItems(p, now))).toEqual([
      'Crash container app (container-crash)',
      'Fail liveness probe app (probe-fail)',
      'Pass readiness probe app (probe-pass)',
      'Crash container sidecar (container-crash)',
      '(No probes on sidecar)',
      'Make nginx:1.27 pullable (image-pullable)',
    ]);
  });

  it('a failed liveness probe keeps its repair while the container waits in back-off', () => {
    const p = pod({ app: 'waiting' }, { probes: { app: ['liveness'] } });
    const now = injectedFaults([at(1000, { type: 'probe-fail', pod: 'web-1', probe: 'liveness' })], 2000);
    expect(labels(podFaultItems(p, now))).toEqual(['Pass liveness probe (probe-pass)', 'Make nginx:1.27 unpullable (image-unpullable)']);
    // The latest action about the probe decides; one naming the container overrides one for all.
    const later = injectedFaults([at(1000, { type: 'probe-fail', pod: 'web-1', probe: 'liveness' }), at(1500, { type: 'probe-pass', pod: 'default/web-1', container: 'app', probe: 'liveness' })], 2000);
    expect(probeFailing(later, p, 'app', 'liveness')).toBe(false);
  });

  it('a pod on a powered-off node offers no container faults', () => {
    const p = pod({ app: 'running' });
    expect(labels(podFaultItems(p, injectedFaults([at(0, { type: 'node-down', node: 'worker-1' })], 0)))).toEqual(['(Node worker-1 is powered off: no container to break)', 'Make nginx:1.27 unpullable (image-unpullable)']);
  });

  it('reads the probe-fail annotation as the kubelet does', () => {
    const cases: Record<string, string>[] = [{ 'kubetab.io/probe-fail': 'liveness, readiness' }, { 'kubetab.io/probe-fail.app': 'startup', 'kubetab.io/probe-fail': 'liveness' }, { 'kubetab.io/probe-fail.other': 'startup' }];
    for (const annotations of cases) {
      const p = pod({ app: 'running' }, { annotations });
      expect([...annotatedProbeFail(p, 'app')]).toEqual([...overridesFor(p, 'app').probeFail]);
    }
    const p = pod({ app: 'running' }, { annotations: { 'kubetab.io/probe-fail': 'readiness' }, probes: { app: ['readiness'] } });
    expect(labels(podFaultItems(p, injectedFaults([], 0))).filter((l) => l.includes('readiness'))).toEqual(['Pass readiness probe (probe-pass)']);
  });
});
