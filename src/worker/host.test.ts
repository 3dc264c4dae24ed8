import { describe, expect, it } from 'vitest';
import { EMPTY_SCENARIO, applyOutcomes, hpaSample } from './host';
import { hostHarness as harness } from '../../test/worker/hostHarness';
import { WEB_DEPLOYMENT as WEB } from '../../test/worker/manifests';

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

  it('reports a server warning as a warning beside the document that was still written', () => {
    const { host, sent } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 3000, playing: false });
    host.handle({ type: 'kubectl', id: 1, line: 'create deployment web --image=nginx:1.27' });
    host.handle({ type: 'apply', id: 2, yaml: WEB });
    expect(sent.find((m) => m.type === 'applied')).toMatchObject({
      outcomes: [
        { ref: 'deployment.apps/web', outcome: 'configured', message: 'deployment.apps/web configured' },
        {
          ref: '',
          outcome: 'warning',
          message:
            'Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.',
        },
      ],
    });
    expect(applyOutcomes('service/web unchanged\n', 'Warning: unknown field "spec.bogus"\nerror: error validating data\n')).toEqual([
      { ref: 'service/web', outcome: 'unchanged', message: 'service/web unchanged' },
      { ref: '', outcome: 'warning', message: 'Warning: unknown field "spec.bogus"' },
      { ref: '', outcome: 'error', message: 'error: error validating data' },
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

  it('records a node-shell etcdctl compaction with variables before it, so the link replays it', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    const pki = '/etc/kubernetes/pki/etcd';
    host.handle({ type: 'ssh', id: 7, node: 'control-plane', line: `ETCDCTL_API=3 ETCDCTL_CACERT=${pki}/ca.crt etcdctl --cert ${pki}/server.crt --key ${pki}/server.key compaction 5` });
    expect(sent.filter((m) => m.type === 'ssh')).toEqual([{ type: 'ssh', id: 7, stdout: 'compacted revision 5\n', stderr: '', exitCode: 0 }]);
    const actions = batches().filter((b) => b.scenario).at(-1)!.scenario!.actions;
    expect(actions).toEqual([{ atMs: 30_000, kubectl: `exec -n kube-system etcd-control-plane -- etcdctl --cacert=${pki}/ca.crt --cert ${pki}/server.crt --key ${pki}/server.key compaction 5` }]);
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

  it('answers the network view as the core builds it, without recording anything', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'networkView', id: 4 });
    const a = sent.find((m) => m.type === 'networkView')!;
    if (a.type !== 'networkView') throw new Error('no answer');
    expect(a.id).toBe(4);
    expect(a.error).toBeUndefined();
    expect(a.view.atMs).toBe(30_000);
    expect(a.view.nodes.map((n) => [n.name, n.ip, n.podCIDR])).toEqual([['control-plane', '192.168.1.10', '10.244.0.0/24'], ['worker-1', '192.168.1.11', '10.244.1.0/24'], ['worker-2', '192.168.1.12', '10.244.2.0/24'], ['worker-3', '192.168.1.13', '10.244.3.0/24']]);
    expect(a.view.services.map((s) => s.key)).toEqual(['default/kubernetes', 'kube-system/kube-dns', 'kube-system/metrics-server']);
    // Plain JSON: it survives the structured clone a real Worker makes.
    expect(JSON.parse(JSON.stringify(a.view))).toEqual(a.view);
    expect(batches().every((b) => b.scenario === undefined || b.scenario.actions.length === 0)).toBe(true);
  });

  it("answers a node's insides with each command's text exactly as ssh prints it; a node that does not answer gives ssh's message", () => {
    const { host, sent } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'nodeInsides', id: 5, node: 'worker-1' });
    const a = sent.find((m) => m.type === 'nodeInsides' && m.id === 5)!;
    if (a.type !== 'nodeInsides' || !a.insides) throw new Error('no insides');
    expect(Object.keys(a.insides)).toEqual(['ip addr', 'ip route', 'bridge fdb', 'iptables-save nat', 'iptables-save filter', 'ipvsadm -Ln', 'ipset list', 'conntrack -L']);
    const cmds: [keyof typeof a.insides, string][] = [['ip addr', 'ip addr'], ['ip route', 'ip route'], ['bridge fdb', 'bridge fdb show'], ['iptables-save nat', 'iptables-save -t nat'], ['iptables-save filter', 'iptables-save -t filter'], ['ipvsadm -Ln', 'ipvsadm -Ln'], ['ipset list', 'ipset list'], ['conntrack -L', 'conntrack -L']];
    for (const [tab, line] of cmds) {
      host.handle({ type: 'ssh', id: 100, node: 'worker-1', line });
      const ssh = sent.filter((m) => m.type === 'ssh').at(-1)!;
      if (ssh.type !== 'ssh') throw new Error('no ssh');
      expect(a.insides[tab]).toEqual({ stdout: ssh.stdout, stderr: ssh.stderr, exitCode: ssh.exitCode });
    }
    expect(a.insides['ip route'].stdout).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n');
    expect(a.insides['conntrack -L'].stderr).toMatch(/^conntrack v1\.4\.7 \(conntrack-tools\): \d+ flow entries have been shown\.\n$/);
    host.handle({ type: 'nodeInsides', id: 6, node: 'worker-9' });
    host.handle({ type: 'fault', id: 7, fault: { type: 'node-down', node: 'worker-2' } });
    host.handle({ type: 'nodeInsides', id: 8, node: 'worker-2' });
    expect(sent.filter((m) => m.type === 'nodeInsides' && m.id !== 5)).toEqual([
      { type: 'nodeInsides', id: 6, error: 'ssh: Could not resolve hostname worker-9: Name or service not known' },
      { type: 'nodeInsides', id: 8, error: 'ssh: connect to host worker-2 port 22: No route to host' },
    ]);
  });

  it('records a trace the page keeps as a scenario action, sends its result in the batch, and replays it from the log', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 30_000, playing: false });
    host.handle({ type: 'tracePacket', id: 4, source: 'node/worker-1', dest: '10.96.0.1:443', record: true });
    host.handle({ type: 'tracePacket', id: 5, source: 'ghost', dest: '10.96.0.1:443', record: true });
    // Without `record`, a trace is only looked at: the log does not change.
    host.handle({ type: 'tracePacket', id: 6, source: 'node/worker-1', dest: '10.96.0.1:443' });
    const answers = sent.filter((m) => m.type === 'tracePacket');
    expect(answers.map((m) => m.type === 'tracePacket' && [m.id, m.trace?.verdict.kind, m.error])).toEqual([[4, 'delivered', undefined], [5, undefined, 'pods "ghost" not found in namespace "default"'], [6, 'delivered', undefined]]);
    const scenario = batches().filter((b) => b.scenario).at(-1)!.scenario!;
    expect(scenario.actions).toEqual([{ atMs: 30_000, trace: { from: 'node/worker-1', to: '10.96.0.1:443' } }, { atMs: 30_000, trace: { from: 'ghost', to: '10.96.0.1:443' } }]);
    const results = batches().flatMap((b) => b.traceResults ?? []);
    const first = answers[0]!.type === 'tracePacket' ? answers[0]!.trace : undefined;
    expect(results).toEqual([{ atMs: 30_000, from: 'node/worker-1', to: '10.96.0.1:443', trace: first }, { atMs: 30_000, from: 'ghost', to: '10.96.0.1:443', error: 'pods "ghost" not found in namespace "default"' }]);
    // A link opened at that time performs them again on the way, and the first batch carries them.
    const again = harness();
    again.host.handle({ type: 'load', scenario, atMs: 40_000, playing: false });
    expect(again.batches()[0]!.traceResults).toEqual(results);
    expect(again.batches().slice(1).every((b) => b.traceResults === undefined)).toBe(true);
  });

  it('restarts the scenario with a new network backend, proxy mode or IPVS scheduler as a reset does, keeps them in the scenario, and refuses what a file could not hold', () => {
    const { host, sent, batches } = harness();
    host.handle({ type: 'load', scenario: EMPTY_SCENARIO, atMs: 2000, playing: false });
    host.handle({ type: 'apply', id: 1, yaml: WEB });
    host.handle({ type: 'networkSettings', id: 2, backend: 'geneve' as never });
    host.handle({ type: 'networkSettings', id: 3, scheduler: 'fastest' });
    host.handle({ type: 'networkSettings', id: 4 });
    expect(sent.filter((m) => m.type === 'text')).toEqual([
      { type: 'text', id: 2, text: '', error: 'cluster.network.backend: Unsupported value: "geneve": supported values: "vxlan", "host-gw"' },
      { type: 'text', id: 3, text: '', error: 'cluster.kubeProxy.ipvs.scheduler: Invalid value: "fastest": must be in [rr wrr lc wlc lblc lblcr sh dh sed nq ], blank means the default algorithm method (currently rr)' },
      { type: 'text', id: 4, text: '', error: 'no network setting to change (backend, mode or scheduler)' },
    ]);
    expect(batches().at(-1)!.reset).toBe(false);
    host.handle({ type: 'networkSettings', id: 5, backend: 'host-gw', mode: 'ipvs', scheduler: 'lc' });
    expect(sent.filter((m) => m.type === 'text').at(-1)).toEqual({ type: 'text', id: 5, text: "The scenario was restarted with flannel's host-gw backend and kube-proxy in ipvs mode (scheduler lc).", note: { key: 'replies.networkRestartedIpvs', params: { backend: 'host-gw', mode: 'ipvs', scheduler: 'lc' } } });
    const last = batches().at(-1)!;
    expect([last.reset, last.clock.nowMs, last.clock.playing]).toEqual([true, 0, false]);
    expect(last.scenario).toEqual({ seed: 1, cluster: { network: { backend: 'host-gw' }, kubeProxy: { mode: 'ipvs', ipvs: { scheduler: 'lc' } } }, actions: [{ atMs: 2000, apply: WEB }] });
    host.handle({ type: 'networkView', id: 6 });
    const v = sent.find((m) => m.type === 'networkView')!;
    expect(v.type === 'networkView' && v.view.settings).toMatchObject({ backend: 'host-gw', kubeProxyMode: 'ipvs', ipvsScheduler: 'lc' });
    // Back to iptables: the scheduler stays in the scenario, unused.
    host.handle({ type: 'networkSettings', id: 7, mode: 'iptables' });
    expect(sent.filter((m) => m.type === 'text').at(-1)).toEqual({ type: 'text', id: 7, text: "The scenario was restarted with flannel's host-gw backend and kube-proxy in iptables mode.", note: { key: 'replies.networkRestarted', params: { backend: 'host-gw', mode: 'iptables' } } });
    expect(batches().at(-1)!.scenario!.cluster).toEqual({ network: { backend: 'host-gw' }, kubeProxy: { mode: 'iptables', ipvs: { scheduler: 'lc' } } });
  });
});
