import { describe, expect, it } from 'vitest';
import { ClusterHost, EMPTY_SCENARIO, applyOutcomes, hpaSample } from './host';
import type { FromWorker } from './protocol';

/** A host driven by hand: wall time moves only when the test says so. */
function harness() {
  const sent: FromWorker[] = [];
  let wall = 0;
  const queue: { at: number; fn: () => void }[] = [];
  const host = new ClusterHost((m) => sent.push(m), { now: () => wall, later: (fn, ms) => void queue.push({ at: wall + ms, fn }) });
  const advanceWall = (ms: number) => {
    const end = wall + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > end) break;
      queue.shift();
      wall = next.at;
      next.fn();
    }
    wall = end;
  };
  const batches = () => sent.filter((m): m is Extract<FromWorker, { type: 'batch' }> => m.type === 'batch');
  return { host, sent, advanceWall, batches };
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe('ClusterHost', () => {
  it('sends the whole cluster on load, marked as a reset', () => {
    const { host, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 5000, playing: false });
    const first = batches()[0]!;
    expect(first.reset).toBe(true);
    expect(first.clock.nowMs).toBe(5000);
    expect(first.deltas.filter((d) => d.resource === 'nodes').map((d) => d.object.metadata.name).sort()).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect(first.scenario).toEqual(EMPTY_SCENARIO);
  });

  it('applies a manifest, records it in the scenario log at the current time, and reports per-document outcomes', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 3000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    const applied = sent.find((m) => m.type === 'applied');
    expect(applied).toMatchObject({ type: 'applied', id: 1, outcomes: [{ ref: 'deployment.apps/web', outcome: 'created' }] });
    expect(batches().at(-1)!.scenario!.actions).toEqual([{ atMs: 3000, apply: WEB }]);
  });

  it('paces virtual time to the wall clock times the speed while playing', () => {
    const { host, advanceWall, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 0, playing: false });
    host.handle({ type: 'speed', speed: 10 });
    host.handle({ type: 'play' });
    advanceWall(1000);
    const now = batches().at(-1)!.clock.nowMs;
    expect(now).toBeGreaterThan(9000);
    expect(now).toBeLessThanOrEqual(10_000);
    host.handle({ type: 'pause' });
    advanceWall(1000);
    expect(batches().at(-1)!.clock.nowMs).toBe(now);
  });

  it('streams pod changes in batches as the rollout happens', () => {
    const { host, advanceWall, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 2000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    host.handle({ type: 'speed', speed: 100 });
    host.handle({ type: 'play' });
    advanceWall(1000);
    const pods = new Map<string, string | undefined>();
    for (const b of batches()) for (const d of b.deltas) if (d.resource === 'pods' && d.object.metadata.namespace === 'default') pods.set(d.object.metadata.name, (d.object as { status?: { phase?: string } }).status?.phase);
    expect(pods.size).toBe(2);
    expect([...pods.values()]).toEqual(['Running', 'Running']);
    const reasons = batches().flatMap((b) => b.events.map((e) => e.reason));
    expect(reasons).toContain('Scheduled');
  });

  it('replays a loaded scenario to the same pods as the live session', () => {
    const live = harness();
    live.host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 1000, playing: false });
    live.host.handle({ type: 'apply', id: 1, yaml: WEB });
    live.host.handle({ type: 'speed', speed: 100 });
    live.host.handle({ type: 'play' });
    live.advanceWall(400);
    live.host.handle({ type: 'pause' });
    const last = live.batches().at(-1)!;
    const scenario = live.batches().filter((b) => b.scenario).at(-1)!.scenario!;
    const names = (bs: ReturnType<typeof live.batches>) => {
      const m = new Map<string, string>();
      for (const b of bs) for (const d of b.deltas) if (d.resource === 'pods') d.type === 'DELETED' ? m.delete(d.object.metadata.name) : m.set(d.object.metadata.name, (d.object as { spec?: { nodeName?: string } }).spec?.nodeName ?? '');
      return [...m].sort().join(',');
    };
    const replay = harness();
    replay.host.handle({ type: 'load', scenario, atMs: last.clock.nowMs, playing: false });
    expect(names(replay.batches())).toBe(names(live.batches()));
  });

  it('reads kubectl apply lines back into outcomes, keeping the CRD hint with its error', () => {
    expect(applyOutcomes('deployment.apps/web created\nservice/web unchanged\n', 'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "X" in version "v9"\nensure CRDs are installed first\n')).toEqual([
      { ref: 'deployment.apps/web', outcome: 'created', message: 'deployment.apps/web created' },
      { ref: 'service/web', outcome: 'unchanged', message: 'service/web unchanged' },
      { ref: '', outcome: 'error', message: 'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "X" in version "v9"\nensure CRDs are installed first' },
    ]);
  });

  it('runs a node shell line without recording it; an unknown node fails as ssh does', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'ssh', id: 7, node: 'worker-1', line: 'cat /etc/hostname' });
    host.handle({ type: 'ssh', id: 8, node: 'worker-1', line: '' });
    host.handle({ type: 'ssh', id: 9, node: 'worker-9', line: 'ip a' });
    const answers = sent.filter((m) => m.type === 'ssh');
    expect(answers).toEqual([
      { type: 'ssh', id: 7, stdout: 'worker-1\n', stderr: '', exitCode: 0 },
      { type: 'ssh', id: 8, stdout: '', stderr: '', exitCode: 0 },
      { type: 'ssh', id: 9, stdout: '', stderr: 'ssh: Could not resolve hostname worker-9: Name or service not known\n', exitCode: 255 },
    ]);
    expect(batches().every((b) => b.scenario === undefined || b.scenario.actions.length === 0)).toBe(true);
  });

  it('injects a fault as a recorded scenario action and reports its result', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 4000, playing: false });
    host.handle({ type: 'fault', id: 7, fault: { type: 'node-down', node: 'worker-2' } });
    expect(sent.find((m) => m.type === 'faulted')).toMatchObject({ type: 'faulted', id: 7, ok: true, message: expect.stringContaining('worker-2 powered off') });
    expect(batches().at(-1)!.scenario!.actions).toEqual([{ atMs: 4000, fault: { type: 'node-down', node: 'worker-2' } }]);
    // A fault that cannot apply says why; one that is malformed never reaches the log.
    host.handle({ type: 'fault', id: 8, fault: { type: 'node-up', node: 'nope' } });
    expect(sent.filter((m) => m.type === 'faulted').at(-1)).toMatchObject({ id: 8, ok: false, message: expect.stringContaining('nope') });
    host.handle({ type: 'fault', id: 9, fault: { type: 'explode' } as never });
    expect(sent.filter((m) => m.type === 'faulted').at(-1)).toMatchObject({ id: 9, ok: false, message: expect.stringContaining('must be one of') });
    expect(batches().filter((b) => b.scenario).at(-1)!.scenario!.actions).toHaveLength(2);
  });

  it('mirrors the workload kinds and samples HPA status from the start of the cluster', () => {
    const { host, batches } = harness();
    const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`;
    const scenario = { ...EMPTY_SCENARIO, actions: [{ atMs: 0, apply: `${WEB}---\n${hpa}` }] };
    host.handle({ type: 'load', scenario, atMs: 60_000, playing: false });
    const first = batches()[0]!;
    expect(first.deltas.some((d) => d.resource === 'horizontalpodautoscalers' && d.object.metadata.name === 'web')).toBe(true);
    const samples = first.hpaSamples ?? [];
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => s.key === 'default/web' && s.atMs <= 60_000)).toBe(true);
  });

  it('reads an HPA status into a chart sample: each metric next to its target', () => {
    const o = {
      metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '2024-09-02T10:00:00Z' },
      spec: {
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
        ],
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 4,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90, averageValue: '180m' } } },
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } },
        ],
      },
    };
    expect(hpaSample('default/web', 15_000, o as never)).toEqual({
      key: 'default/web',
      atMs: 15_000,
      currentReplicas: 2,
      desiredReplicas: 4,
      metrics: [
        { name: 'cpu', current: 90, target: 50, unit: '%' },
        { name: 'memory', current: 50 * 2 ** 20, target: 100 * 2 ** 20, unit: '' },
      ],
    });
  });

  it('sends scheduling traces and the queue in batches, a few cycles at a time', () => {
    const { host, advanceWall, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 1000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    host.handle({ type: 'speed', speed: 100 });
    host.handle({ type: 'play' });
    advanceWall(500);
    const traces = batches().flatMap((b) => b.scheduler?.traces ?? []);
    const web = traces.filter((t) => t.pod.namespace === 'default');
    expect(web).toHaveLength(2);
    expect(web.every((t) => t.outcome === 'Scheduled' && t.filter.length === 4)).toBe(true);
    // Each cycle is sent once.
    expect(new Set(traces.map((t) => t.cycle)).size).toBe(traces.length);
    expect(batches()[0]!.scheduler?.queue?.counts).toEqual({ activeQ: 0, backoffQ: 0, unschedulablePods: 0 });
  });

  it('steps a scheduling cycle one extension point at a time, pausing the clock, and rewinds to its start', () => {
    const { host, advanceWall, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 1000, playing: false });
    host.handle({ type: 'schedStepMode', on: true });
    expect(batches().at(-1)!.scheduler).toMatchObject({ stepMode: true, step: null });
    host.handle({ type: 'apply', id: 1, yaml: WEB.replace('replicas: 2', 'replicas: 1') });
    host.handle({ type: 'speed', speed: 10 });
    host.handle({ type: 'play' });
    advanceWall(1000);
    const opened = batches().findLast((b) => b.scheduler?.step)!;
    expect(opened.scheduler!.step!.next).toMatchObject({ point: 'PreFilter' });
    expect(opened.scheduler!.step!.trace.pod.name).toMatch(/^web-/);
    expect(batches().at(-1)!.clock.playing).toBe(false);
    const openedAt = batches().at(-1)!.clock.nowMs;
    const points: string[] = [];
    for (let i = 0; i < 30; i++) {
      const st = batches().findLast((b) => b.scheduler?.step !== undefined)!.scheduler!.step;
      if (!st) break;
      points.push(st.next!.point);
      host.handle({ type: 'schedNext' });
    }
    expect(points.slice(0, 2)).toEqual(['PreFilter', 'Filter']);
    expect(points).toContain('Select');
    expect(points.at(-1)).toBe('Bind');
    const done = batches().flatMap((b) => b.scheduler?.traces ?? []).find((t) => t.pod.name.startsWith('web-'))!;
    expect(done.outcome).toBe('Scheduled');
    // The cycle paused the clock; it plays again once the cycle is over.
    expect(batches().at(-1)!.clock.playing).toBe(true);
    host.handle({ type: 'pause' });
    host.handle({ type: 'schedRewind' });
    const back = batches().at(-1)!;
    expect(back.reset).toBe(true);
    expect(back.clock.nowMs).toBe(openedAt);
    expect(back.scheduler!.stepMode).toBe(true);
    expect(back.scheduler!.step!.trace.pod.name).toBe(done.pod.name);
    host.handle({ type: 'schedFinish' });
    const again = batches().flatMap((b) => b.scheduler?.traces ?? []).findLast((t) => t.pod.name === done.pod.name)!;
    expect(again.chosen).toBe(done.chosen);
  });
  it('rebuilds the cluster with a new scheduler configuration, keeps it in the scenario, and refuses an invalid one', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 2000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    host.handle({ type: 'schedulerConfig', id: 2, config: { profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Bogus' } } }] }] } });
    const refused = sent.find((m) => m.type === 'text' && m.id === 2);
    expect(refused).toMatchObject({ type: 'text', error: expect.stringMatching(/Bogus/) });
    const config = { profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] };
    host.handle({ type: 'schedulerConfig', id: 3, config });
    expect(sent.find((m) => m.type === 'text' && m.id === 3)).toMatchObject({ type: 'text', text: expect.stringMatching(/rebuilt/) });
    const last = batches().at(-1)!;
    expect(last.reset).toBe(true);
    expect(last.clock.nowMs).toBe(2000);
    expect(batches().filter((b) => b.scenario).at(-1)!.scenario).toMatchObject({ cluster: { scheduler: config }, actions: [{ atMs: 2000, apply: WEB }] });
  });

  it('answers the network view and a node\'s insides without recording anything; an unknown node is an error', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'networkView', id: 1 });
    const view = sent.find((m): m is Extract<FromWorker, { type: 'networkView' }> => m.type === 'networkView')!.view;
    expect(view.nodes.map((n) => [n.name, n.ip, n.podCIDR])).toEqual([
      ['control-plane', '192.168.1.10', '10.244.0.0/24'],
      ['worker-1', '192.168.1.11', '10.244.1.0/24'],
      ['worker-2', '192.168.1.12', '10.244.2.0/24'],
      ['worker-3', '192.168.1.13', '10.244.3.0/24'],
    ]);
    expect(view.settings).toMatchObject({ cni: 'flannel', backend: 'vxlan', kubeProxyMode: 'iptables', ipvsScheduler: 'rr' });
    expect(view.nodes[1]!.peers.map((p) => [p.node, p.via, p.remoteIP])).toEqual([
      ['control-plane', 'vxlan', '192.168.1.10'],
      ['worker-2', 'vxlan', '192.168.1.12'],
      ['worker-3', 'vxlan', '192.168.1.13'],
    ]);
    host.handle({ type: 'nodeInsides', id: 2, node: 'worker-1' });
    host.handle({ type: 'nodeInsides', id: 3, node: 'worker-9' });
    const insides = sent.filter((m): m is Extract<FromWorker, { type: 'nodeInsides' }> => m.type === 'nodeInsides');
    host.handle({ type: 'ssh', id: 4, node: 'worker-1', line: 'iptables-save -t nat' });
    const ssh = sent.find((m) => m.type === 'ssh' && m.id === 4) as Extract<FromWorker, { type: 'ssh' }>;
    expect(insides[0]!.insides!['iptables-save nat']).toEqual({ stdout: ssh.stdout, stderr: ssh.stderr, exitCode: 0 });
    expect(insides[1]).toEqual({ type: 'nodeInsides', id: 3, error: 'ssh: Could not resolve hostname worker-9: Name or service not known' });
    expect(batches().every((b) => b.scenario === undefined || b.scenario.actions.length === 0)).toBe(true);
  });

  it('rebuilds the cluster with new network settings and keeps them in the scenario', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'networkSettings', id: 1, kubeProxyMode: 'ipvs', ipvsScheduler: 'lc' });
    expect(sent.find((m) => m.type === 'text' && m.id === 1)).toEqual({ type: 'text', id: 1, text: 'The cluster was rebuilt with these network settings.' });
    expect(batches().at(-1)!.reset).toBe(true);
    expect(batches().filter((b) => b.scenario).at(-1)!.scenario!.cluster).toEqual({ network: {}, kubeProxy: { mode: 'ipvs', ipvs: { scheduler: 'lc' } } });
    host.handle({ type: 'networkView', id: 2 });
    const view = (sent.find((m) => m.type === 'networkView') as Extract<FromWorker, { type: 'networkView' }>).view;
    expect(view.settings).toMatchObject({ kubeProxyMode: 'ipvs', ipvsScheduler: 'lc' });
    expect(view.nodes.every((n) => n.links.some((l) => l.name === 'kube-ipvs0'))).toBe(true);
    host.handle({ type: 'networkSettings', id: 3, ipvsScheduler: 'bogus' });
    expect(sent.find((m) => m.type === 'text' && m.id === 3)).toMatchObject({ type: 'text', text: '', error: expect.stringMatching(/bogus/) });
  });
});
