/**
 * Leader election as kube-scheduler and kube-controller-manager run it (client-go's leaderelection
 * with a LeaseLock, the component-base defaults 15 s / 10 s / 2 s), on one control-plane node and on
 * kubeadm's three-node stacked topology, where powering off the leaders' node hands each Lease to a
 * standby after the real lease duration.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScenarioRun } from '../src/scenario/runner';
import { parseScenario } from '../src/scenario/parse';
import { LeaderElector, LEASE_DURATION_MS } from '../src/sim/leaderelection/elector';
import { apiserverIdentity } from '../src/sim/leaderelection/apiserverIdentity';
import type { Lease, Pod } from '../src/sim/types';
import type { Scheduler } from '../src/sim/scheduler/scheduler';
import { kubetab } from './cli';

afterEach(() => {
  vi.restoreAllMocks();
});

function kubectl(r: ScenarioRun, line: string): string {
  const out = r.kubectl(line);
  if (out.exitCode !== 0) throw new Error(`kubectl ${line}: ${out.stderr}`);
  return out.stdout;
}

function lease(r: ScenarioRun, name: string): Lease {
  return r.cluster.api.peek('leases', 'kube-system', name) as Lease;
}

/** The lock requests of the Lease `kube-system/<name>` in (from, to]: time, verb and response code. */
function lockRequests(r: ScenarioRun, name: string, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): string[] {
  return r.cluster.api.audit
    .recent()
    .filter((a) => a.resource === 'leases' && a.namespace === 'kube-system' && a.name === name && a.atMs > from && a.atMs <= to)
    .map((a) => `${a.atMs} ${a.verb} ${a.code}`);
}

/** Every try of every elector from now on: which identity tried for which Lease, and when. */
function recordTries(r: ScenarioRun): { identity: string; lease: string; atMs: number }[] {
  const tries: { identity: string; lease: string; atMs: number }[] = [];
  const proto = LeaderElector.prototype as unknown as Record<string, (...a: unknown[]) => boolean>;
  const original = proto.tryAcquireOrRenew!;
  vi.spyOn(proto, 'tryAcquireOrRenew').mockImplementation(function (this: LeaderElector, ...args: unknown[]) {
    tries.push({ identity: this.identity, lease: this.lease, atMs: r.cluster.clock.now() });
    return original.apply(this, args);
  });
  return tries;
}

/**
 * When a standby takes the Lease over, by client-go's rule: each candidate notes the time it first
 * sees the holder's last record (its first try after the last renewal), and takes the Lease at its
 * first try at least leaseDuration later. The earliest candidate wins.
 */
function derivedTakeover(tries: { identity: string; lease: string; atMs: number }[], leaseName: string, lastRenewMs: number, oldHolder: string): { identity: string; atMs: number } {
  const byIdentity = new Map<string, number[]>();
  for (const t of tries) {
    if (t.lease !== leaseName || t.identity === oldHolder) continue;
    byIdentity.set(t.identity, [...(byIdentity.get(t.identity) ?? []), t.atMs]);
  }
  let best: { identity: string; atMs: number } | undefined;
  for (const [identity, times] of byIdentity) {
    const observed = times.find((t) => t > lastRenewMs)!;
    const takes = times.find((t) => t >= observed + LEASE_DURATION_MS);
    if (takes !== undefined && (!best || takes < best.atMs)) best = { identity, atMs: takes };
  }
  return best!;
}

const HA = { controlPlane: { replicas: 3 } };

describe('leader election on one control-plane node', () => {
  it('keeps kube-system/kube-scheduler and kube-controller-manager Leases, renewed every 2 s by their one holder', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(10_000);
    expect(kubectl(r, 'get lease -n kube-system')).toBe(
      [
        'NAME                                   HOLDER                                                                      AGE',
        'apiserver-6vzvajxlkf7lcarzgdc4jnyaru   apiserver-6vzvajxlkf7lcarzgdc4jnyaru_d02a6a41-935f-411f-8e4b-c453f446a8c0   40s',
        'kube-controller-manager                control-plane_1659d4f6-ddef-4ac8-a23f-99cdd1eb28e0                          40s',
        'kube-scheduler                         control-plane_5cd19c52-d015-48a5-be16-e9d310e29677                          40s',
        '',
      ].join('\n'),
    );
    // At boot: no Lease (404), create it, and renew at once; then an update every retryPeriod.
    const renewals = Array.from({ length: 20 }, (_, i) => `${-28_000 + i * 2_000} update 200`);
    expect(lockRequests(r, 'kube-scheduler')).toEqual(['-30000 get 404', '-30000 create 201', '-30000 update 200', ...renewals]);
    expect(lockRequests(r, 'kube-controller-manager')).toEqual(['-30000 get 404', '-30000 create 201', '-30000 update 200', ...renewals]);
    expect(lease(r, 'kube-scheduler').spec).toEqual({
      holderIdentity: 'control-plane_5cd19c52-d015-48a5-be16-e9d310e29677',
      leaseDurationSeconds: 15,
      acquireTime: '2024-09-02T09:59:30.000000Z',
      renewTime: '2024-09-02T10:00:10.000000Z',
      leaseTransitions: 0,
    });
    r.runUntil(11_000);
    expect(lease(r, 'kube-scheduler').spec?.renewTime).toBe('2024-09-02T10:00:10.000000Z');
    r.runUntil(12_000);
    expect(lease(r, 'kube-scheduler').spec?.renewTime).toBe('2024-09-02T10:00:12.000000Z');
    expect(lease(r, 'kube-controller-manager').spec?.leaseTransitions).toBe(0);
  });

  it('prints the Leases as kubectl 1.31 does, records LeaderElection Events and logs the election', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(10_000);
    expect(kubectl(r, 'get lease -A')).toBe(
      [
        'NAMESPACE         NAME                                   HOLDER                                                                      AGE',
        'kube-node-lease   control-plane                          control-plane                                                               40s',
        'kube-node-lease   worker-1                               worker-1                                                                    40s',
        'kube-node-lease   worker-2                               worker-2                                                                    40s',
        'kube-node-lease   worker-3                               worker-3                                                                    40s',
        'kube-system       apiserver-6vzvajxlkf7lcarzgdc4jnyaru   apiserver-6vzvajxlkf7lcarzgdc4jnyaru_d02a6a41-935f-411f-8e4b-c453f446a8c0   40s',
        'kube-system       kube-controller-manager                control-plane_1659d4f6-ddef-4ac8-a23f-99cdd1eb28e0                          40s',
        'kube-system       kube-scheduler                         control-plane_5cd19c52-d015-48a5-be16-e9d310e29677                          40s',
        '',
      ].join('\n'),
    );
    expect(kubectl(r, 'get events -n kube-system --field-selector reason=LeaderElection')).toBe(
      [
        'LAST SEEN   TYPE     REASON           OBJECT                          MESSAGE',
        '40s         Normal   LeaderElection   lease/kube-controller-manager   control-plane_1659d4f6-ddef-4ac8-a23f-99cdd1eb28e0 became leader',
        '40s         Normal   LeaderElection   lease/kube-scheduler            control-plane_5cd19c52-d015-48a5-be16-e9d310e29677 became leader',
        '',
      ].join('\n'),
    );
    // kube-scheduler records the Event through its first profile's name; kube-controller-manager under its own.
    const sources = r.cluster.api
      .list('kubernetes-admin', 'events', 'kube-system', {})
      .items.filter((e) => (e as { reason?: string }).reason === 'LeaderElection')
      .map((e) => (e as { source?: { component?: string } }).source?.component);
    expect(sources.sort()).toEqual(['default-scheduler', 'kube-controller-manager']);
    expect(kubectl(r, 'logs -n kube-system kube-scheduler-control-plane')).toBe(
      'I0902 09:59:30.000000       1 leaderelection.go:254] attempting to acquire leader lease kube-system/kube-scheduler...\n' +
        'I0902 09:59:30.000000       1 leaderelection.go:268] successfully acquired lease kube-system/kube-scheduler\n',
    );
  });

  it('makes a restarted kube-scheduler wait for its old identity\'s Lease to expire before it schedules', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(10_000);
    const tries = recordTries(r);
    const before = lease(r, 'kube-scheduler').spec!.holderIdentity!;
    expect(r.act({ fault: { type: 'container-crash', pod: 'kube-system/kube-scheduler-control-plane' } }).exitCode).toBe(0);
    r.runUntil(40_000);
    const after = lease(r, 'kube-scheduler').spec!;
    expect(after.holderIdentity).not.toBe(before);
    expect(after.holderIdentity).toMatch(/^control-plane_[0-9a-f-]{36}$/);
    expect(after.leaseTransitions).toBe(1);
    const takeover = derivedTakeover(tries, 'kube-scheduler', 10_000, before);
    expect(takeover.identity).toBe(after.holderIdentity);
    expect(after.acquireTime).toBe(r.cluster.clock.microTimestamp(takeover.atMs));
  });
});

describe("kube-apiserver's identity Lease", () => {
  it('names it apiserver-<hash of the hostname>, labels it, and renews it every 10 s (+ up to 4 %) for an hour\'s duration', () => {
    const r = new ScenarioRun({ seed: 1, cluster: {}, actions: [] });
    r.runUntil(10_000);
    // The name: lower-case unpadded base32 of SHA-256 over the length-prefixed hostname and "kube-apiserver", first 16 bytes.
    expect(apiserverIdentity('control-plane')).toBe('apiserver-6vzvajxlkf7lcarzgdc4jnyaru');
    const l = r.cluster.api.peek('leases', 'kube-system', 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru') as Lease;
    expect(l.metadata?.labels).toEqual({ 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'control-plane' });
    expect(l.spec).toEqual({ holderIdentity: 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru_d02a6a41-935f-411f-8e4b-c453f446a8c0', leaseDurationSeconds: 3600, renewTime: '2024-09-02T10:00:00.286000Z' });
    // Created at start (no update then), then renewed.
    expect(lockRequests(r, 'apiserver-6vzvajxlkf7lcarzgdc4jnyaru')).toEqual(['-30000 get 404', '-30000 create 201', '-19933 update 200', '-9823 update 200', '286 update 200']);
    expect(kubectl(r, 'get lease -n kube-system -l apiserver.kubernetes.io/identity=kube-apiserver')).toBe(
      'NAME                                   HOLDER                                                                      AGE\napiserver-6vzvajxlkf7lcarzgdc4jnyaru   apiserver-6vzvajxlkf7lcarzgdc4jnyaru_d02a6a41-935f-411f-8e4b-c453f446a8c0   40s\n',
    );
  });

  it('stops renewing the Lease of an API server whose node is off, and takes a new holder when it is back', () => {
    const r = new ScenarioRun({ seed: 1, cluster: HA, actions: [] });
    r.runUntil(10_000);
    const name = apiserverIdentity('control-plane-2');
    const before = lease(r, name).spec!;
    expect(r.act({ fault: { type: 'node-down', node: 'control-plane-2' } }).exitCode).toBe(0);
    r.runUntil(60_000);
    expect(lease(r, name).spec).toEqual(before);
    expect(lease(r, apiserverIdentity('control-plane-3')).spec!.renewTime! > before.renewTime!).toBe(true);
    expect(r.act({ fault: { type: 'node-up', node: 'control-plane-2' } }).exitCode).toBe(0);
    r.runUntil(90_000);
    const after = lease(r, name).spec!;
    expect(after.holderIdentity).not.toBe(before.holderIdentity);
    expect(after.holderIdentity!.startsWith(`${name}_`)).toBe(true);
  });
});

describe('three control-plane nodes (kubeadm stacked topology)', () => {
  it('builds control-plane, control-plane-2 and control-plane-3, each with its static pods, taint and role', () => {
    const r = new ScenarioRun({ seed: 1, cluster: HA, actions: [] });
    r.runUntil(10_000);
    expect(kubectl(r, 'get nodes')).toBe(
      [
        'NAME              STATUS   ROLES           AGE   VERSION',
        'control-plane     Ready    control-plane   40s   v1.31.0',
        'control-plane-2   Ready    control-plane   40s   v1.31.0',
        'control-plane-3   Ready    control-plane   40s   v1.31.0',
        'worker-1          Ready    <none>          40s   v1.31.0',
        'worker-2          Ready    <none>          40s   v1.31.0',
        'worker-3          Ready    <none>          40s   v1.31.0',
        '',
      ].join('\n'),
    );
    for (const n of ['control-plane', 'control-plane-2', 'control-plane-3']) {
      expect(kubectl(r, `get node ${n} -o jsonpath={.spec.taints}`)).toBe('[{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}]');
      const pods = (r.cluster.api.list('kubernetes-admin', 'pods', 'kube-system', {}).items as Pod[]).filter((p) => p.spec?.nodeName === n && p.metadata?.labels?.tier === 'control-plane');
      expect(pods.map((p) => p.metadata?.name).sort()).toEqual([`etcd-${n}`, `kube-apiserver-${n}`, `kube-controller-manager-${n}`, `kube-scheduler-${n}`]);
    }
    // Each etcd member joined the ones before it (kubeadm join --control-plane adds it to the cluster first).
    const etcd = (n: string) => kubectl(r, `get pod -n kube-system etcd-${n} -o jsonpath={.spec.containers[0].command}`);
    expect(etcd('control-plane')).toBe(
      '["etcd","--advertise-client-urls=https://192.168.1.10:2379","--data-dir=/var/lib/etcd","--initial-advertise-peer-urls=https://192.168.1.10:2380","--initial-cluster=control-plane=https://192.168.1.10:2380","--listen-peer-urls=https://192.168.1.10:2380","--listen-client-urls=https://127.0.0.1:2379,https://192.168.1.10:2379","--name=control-plane"]',
    );
    expect(etcd('control-plane-3')).toBe(
      '["etcd","--advertise-client-urls=https://192.168.1.12:2379","--data-dir=/var/lib/etcd","--initial-advertise-peer-urls=https://192.168.1.12:2380","--initial-cluster=control-plane=https://192.168.1.10:2380,control-plane-2=https://192.168.1.11:2380,control-plane-3=https://192.168.1.12:2380","--initial-cluster-state=existing","--listen-peer-urls=https://192.168.1.12:2380","--listen-client-urls=https://127.0.0.1:2379,https://192.168.1.12:2379","--name=control-plane-3"]',
    );
    // Every API server is an endpoint of the kubernetes Service.
    expect(kubectl(r, 'get endpoints kubernetes')).toBe('NAME         ENDPOINTS                                               AGE\nkubernetes   192.168.1.10:6443,192.168.1.11:6443,192.168.1.12:6443   40s\n');
    // One leader of each, the others standing by.
    expect(r.cluster.controlPlane.leader('kube-scheduler')?.name).toBe('kube-scheduler');
    expect(r.cluster.controlPlane.leader('kube-controller-manager')?.name).toBe('kube-controller-manager');
    expect(kubectl(r, 'logs -n kube-system kube-scheduler-control-plane-2')).toBe('I0902 09:59:30.000000       1 leaderelection.go:254] attempting to acquire leader lease kube-system/kube-scheduler...\n');
    expect(r.cluster.scheduler()).toBe(r.cluster.processes.get('kube-scheduler')!.components()[0]);
  });

  it('starts every kube-scheduler\'s informers before it campaigns, so the standbys list and watch too; only the leader schedules', () => {
    const r = new ScenarioRun({ seed: 1, cluster: HA, actions: [] });
    r.runUntil(0);
    // At boot each of the three lists and watches pods and nodes, then (its caches synced) reads the Lease.
    const boot = r.cluster.api.audit
      .recent()
      .filter((a) => a.user === 'system:kube-scheduler' && a.atMs === -30_000 && !a.subresource && ['pods', 'nodes', 'leases'].includes(a.resource))
      .map((a) => `${a.verb} ${a.resource}`);
    expect(boot).toEqual([
      // control-plane's: no Lease yet, so it creates it and leads.
      'list pods', 'watch pods', 'list nodes', 'watch nodes', 'get leases', 'create leases', 'update leases',
      'list pods', 'watch pods', 'list nodes', 'watch nodes', 'get leases',
      'list pods', 'watch pods', 'list nodes', 'watch nodes', 'get leases',
    ]);
    expect(r.act({ apply: 'apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {containers: [{name: app, image: "nginx:1.27"}]}\n' }).exitCode).toBe(0);
    r.runUntil(5_000);
    const schedulers = ['kube-scheduler', 'kube-scheduler/control-plane-2', 'kube-scheduler/control-plane-3'].map((n) => r.cluster.processes.get(n)!.components()[0] as Scheduler);
    // Every standby saw the pod and then its binding; only the leader ran a cycle and bound it.
    const node = (r.cluster.api.peek('pods', 'default', 'solo') as Pod).spec!.nodeName!;
    expect(schedulers.map((s) => s.cache.get(node)?.pods.map((p) => p.pod.metadata?.name).includes('solo'))).toEqual([true, true, true]);
    expect(schedulers.map((s) => s.queue.activeLength())).toEqual([0, 0, 0]);
    const bound = r.cluster.api.audit.recent().filter((a) => a.user === 'system:kube-scheduler' && a.subresource === 'binding').map((a) => a.name);
    expect(bound).toHaveLength(16);
    expect(new Set(bound).size).toBe(16);
    expect(r.cluster.api.audit.recent().filter((a) => a.subresource === 'binding' && a.name === 'solo').map((a) => a.atMs)).toEqual([0]);
  });

  it('hands both Leases to a standby after the lease duration when the leaders\' node powers off, and goes on scheduling', () => {
    const r = new ScenarioRun({ seed: 1, cluster: HA, actions: [] });
    r.runUntil(5_000);
    // The page watches the leader's glass box; one pod is scheduled before the failover.
    const glassBox = r.cluster.scheduler()!;
    glassBox.setTracing(true, 50);
    expect(r.act({ apply: 'apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec: {containers: [{name: app, image: "nginx:1.27"}]}\n' }).exitCode).toBe(0);
    r.runUntil(10_000);
    expect(glassBox.traces().map((t) => t.pod.name)).toEqual(['solo']);
    const tries = recordTries(r);
    const oldScheduler = lease(r, 'kube-scheduler').spec!.holderIdentity!;
    const oldKcm = lease(r, 'kube-controller-manager').spec!.holderIdentity!;
    expect(r.act({ fault: { type: 'node-down', node: 'control-plane' } }).exitCode).toBe(0);
    // The holder renewed at 10 s, just before the power went.
    expect(lockRequests(r, 'kube-scheduler', 9_000, 10_000)).toEqual(['10000 update 200']);
    r.runUntil(27_200);
    expect(lease(r, 'kube-scheduler').spec!.holderIdentity).toBe(oldScheduler);
    expect(r.cluster.controlPlane.leader('kube-scheduler')).toBeUndefined();
    r.runUntil(40_000);

    const sched = derivedTakeover(tries, 'kube-scheduler', 10_000, oldScheduler);
    const kcm = derivedTakeover(tries, 'kube-controller-manager', 10_000, oldKcm);
    expect(sched).toEqual({ identity: 'control-plane-3_bcf96bfb-364d-4b48-ae3a-624ffb1eeabe', atMs: 27_201 });
    expect(kcm).toEqual({ identity: 'control-plane-3_4be70c8a-536d-499b-bf79-0de29b7f3870', atMs: 28_480 });
    expect(lease(r, 'kube-scheduler').spec).toEqual({
      holderIdentity: sched.identity,
      leaseDurationSeconds: 15,
      acquireTime: '2024-09-02T10:00:27.201000Z',
      renewTime: '2024-09-02T10:00:39.201000Z',
      leaseTransitions: 1,
    });
    expect(lease(r, 'kube-controller-manager').spec).toMatchObject({ holderIdentity: kcm.identity, acquireTime: '2024-09-02T10:00:28.480000Z', leaseTransitions: 1 });
    expect(r.cluster.controlPlane.leader('kube-scheduler')?.name).toBe('kube-scheduler/control-plane-3');
    expect(r.cluster.controlPlane.leader('kube-controller-manager')?.name).toBe('kube-controller-manager/control-plane-3');
    // The page's scheduler is the new leader's, with the glass box it had before.
    const now = r.cluster.scheduler()!;
    expect(now).not.toBe(glassBox);
    expect(now).toBe(r.cluster.processes.get('kube-scheduler/control-plane-3')!.components()[0]);
    expect(kubectl(r, 'logs -n kube-system kube-scheduler-control-plane-3')).toBe(
      'I0902 09:59:30.000000       1 leaderelection.go:254] attempting to acquire leader lease kube-system/kube-scheduler...\n' +
        'I0902 10:00:27.201000       1 leaderelection.go:268] successfully acquired lease kube-system/kube-scheduler\n',
    );

    // The new leaders make and place a Deployment's pods.
    expect(r.act({ apply: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}\n' }).exitCode).toBe(0);
    r.runUntil(60_000);
    const pods = kubectl(r, 'get pods -o wide -l app=web').trimEnd().split('\n').slice(1);
    expect(pods.map((l) => l.split(/\s+/).slice(1, 3).join(' '))).toEqual(['1/1 Running', '1/1 Running', '1/1 Running']);
    expect(pods.map((l) => l.split(/\s+/)[6]).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    // The new leader's cycles go on in the glass box the page had.
    expect(now.traces().map((t) => t.pod.name.replace(/-[a-z0-9]{5}$/, '-…'))).toEqual(['solo', 'web-766486c5b6-…', 'web-766486c5b6-…', 'web-766486c5b6-…']);
  });

  it('makes a leader cut off from the network hang in each lock request for the client timeout, give up after renewDeadline and exit 1; a standby takes over', () => {
    const r = new ScenarioRun({ seed: 1, cluster: HA, actions: [] });
    r.runUntil(10_000);
    expect(r.act({ fault: { type: 'partition', node: 'control-plane' } }).exitCode).toBe(0);
    r.runUntil(60_000);
    expect(lease(r, 'kube-scheduler').spec).toMatchObject({ holderIdentity: 'control-plane-3_bcf96bfb-364d-4b48-ae3a-624ffb1eeabe', acquireTime: '2024-09-02T10:00:27.201000Z', leaseTransitions: 1 });
    expect(lease(r, 'kube-controller-manager').spec).toMatchObject({ holderIdentity: 'control-plane-3_4be70c8a-536d-499b-bf79-0de29b7f3870', leaseTransitions: 1 });
    expect(r.act({ fault: { type: 'heal', node: 'control-plane' } }).exitCode).toBe(0);
    r.runUntil(61_000);
    const terminated = (pod: string) => (r.cluster.api.peek('pods', 'kube-system', pod) as Pod).status!.containerStatuses![0]!.lastState?.terminated;
    // kube-scheduler's release hangs for the client timeout too, so it exits 5 s after kube-controller-manager.
    expect(terminated('kube-scheduler-control-plane')).toMatchObject({ exitCode: 1, reason: 'Error', finishedAt: '2024-09-02T10:00:27Z' });
    expect(terminated('kube-controller-manager-control-plane')).toMatchObject({ exitCode: 1, reason: 'Error', finishedAt: '2024-09-02T10:00:22Z' });
    const url = (verb: string, name: string) => `${verb} "https://192.168.1.10:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${name}?timeout=5s": context deadline exceeded`;
    // The round that began at 12 s: the optimistic update hangs 12–17 s, the Get 17–22 s, when the
    // round's 10 s context ends the poll.
    const round = (name: string) => [
      `E0902 10:00:17.000000       1 leaderelection.go:429] Failed to update lock optimitically: ${url('Put', name)}, falling back to slow path`,
      `E0902 10:00:22.000000       1 leaderelection.go:436] error retrieving resource lock kube-system/${name}: ${url('Get', name)}`,
      `I0902 10:00:22.000000       1 leaderelection.go:297] failed to renew lease kube-system/${name}: timed out waiting for the condition`,
    ];
    expect(kubectl(r, 'logs -n kube-system kube-scheduler-control-plane --previous').split('\n').slice(2)).toEqual([
      ...round('kube-scheduler'),
      // kube-scheduler releases its Lease when it stops leading (ReleaseOnCancel) — which hangs and fails here too.
      `E0902 10:00:27.000000       1 leaderelection.go:330] Failed to release lock: ${url('Put', 'kube-scheduler')}`,
      'E0902 10:00:27.000000       1 server.go:323] "Leaderelection lost"',
      '',
    ]);
    expect(kubectl(r, 'logs -n kube-system kube-controller-manager-control-plane --previous').split('\n').slice(2)).toEqual([...round('kube-controller-manager'), 'E0902 10:00:22.000000       1 controllermanager.go:343] "leaderelection lost"', '']);
  });

  it('gives the same failover for the same seed, byte for byte', () => {
    const story = () => {
      const r = new ScenarioRun(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\nseed: 5\ncluster: {controlPlane: {replicas: 3}}\nactions:\n  - {at: 5s, fault: {type: node-down, node: control-plane}}\n'));
      r.runUntil(45_000);
      return [kubectl(r, 'get lease -n kube-system -o yaml'), kubectl(r, 'get events -n kube-system --field-selector reason=LeaderElection'), lockRequests(r, 'kube-scheduler').join('\n')].join('\n');
    };
    const a = story();
    expect(a).toContain('leaseTransitions: 1');
    expect(story()).toBe(a);
  });
});

describe('cluster.controlPlane in a scenario', () => {
  const parse = (cluster: string) => () => parseScenario(`apiVersion: kubetab/v1\nkind: Scenario\ncluster: ${cluster}\n`);
  it.each([
    ['two replicas', '{controlPlane: {replicas: 2}}', 'cluster.controlPlane.replicas: Unsupported value: 2: supported values: "1", "3" (kubeadm joins any number of control-plane nodes; kubetab builds one, or the three of kubeadm\'s stacked HA topology)'],
    ['a string', '{controlPlane: {replicas: "3"}}', 'cluster.controlPlane.replicas: expected a number, got the string "3"'],
    ['an unknown key', '{controlPlane: {endpoint: lb}}', 'cluster.controlPlane: unknown field "endpoint" (allowed: replicas)'],
    ['nodes that disagree', '{controlPlane: {replicas: 3}, nodes: [{name: cp, controlPlane: true}, {name: w}]}', 'cluster.controlPlane.replicas: Invalid value: 3: cluster.nodes has 1 node with controlPlane: true'],
  ])('refuses %s', (_what, cluster, message) => {
    expect(parse(cluster)).toThrow(message);
  });

  it('accepts 1 and 3', () => {
    expect(parse('{controlPlane: {replicas: 3}}')().cluster).toEqual({ controlPlane: { replicas: 3 } });
    expect(parse('{controlPlane: {replicas: 1}}')().cluster).toEqual({ controlPlane: { replicas: 1 } });
  });

  it('runs the failover example through kubetab run', () => {
    const r = kubetab(['run', 'examples/ha-failover.yaml', '--until', '60s', '--exec', 'get lease -n kube-system', '--exec', 'get events -n kube-system --field-selector reason=LeaderElection', '--exec', 'get pods -o wide']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '==> kubectl get lease -n kube-system',
        'NAME                                   HOLDER                                                                      AGE',
        'apiserver-6vzvajxlkf7lcarzgdc4jnyaru   apiserver-6vzvajxlkf7lcarzgdc4jnyaru_d02a6a41-935f-411f-8e4b-c453f446a8c0   90s',
        'apiserver-fanvma7glyv2e3akjpior4syre   apiserver-fanvma7glyv2e3akjpior4syre_5e5984d3-56e6-4767-b2c6-700707d1fd00   90s',
        'apiserver-i4xffy4akgtjq4cbary7c3zksu   apiserver-i4xffy4akgtjq4cbary7c3zksu_c37bb151-976c-4b29-8815-0d4a342c98a3   90s',
        'kube-controller-manager                control-plane-3_4be70c8a-536d-499b-bf79-0de29b7f3870                        90s',
        'kube-scheduler                         control-plane-3_bcf96bfb-364d-4b48-ae3a-624ffb1eeabe                        90s',
        '==> kubectl get events -n kube-system --field-selector reason=LeaderElection',
        'LAST SEEN   TYPE     REASON           OBJECT                          MESSAGE',
        '90s         Normal   LeaderElection   lease/kube-controller-manager   control-plane_1659d4f6-ddef-4ac8-a23f-99cdd1eb28e0 became leader',
        '32s         Normal   LeaderElection   lease/kube-controller-manager   control-plane-3_4be70c8a-536d-499b-bf79-0de29b7f3870 became leader',
        '90s         Normal   LeaderElection   lease/kube-scheduler            control-plane_5cd19c52-d015-48a5-be16-e9d310e29677 became leader',
        '33s         Normal   LeaderElection   lease/kube-scheduler            control-plane-3_bcf96bfb-364d-4b48-ae3a-624ffb1eeabe became leader',
        '==> kubectl get pods -o wide',
        'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES',
        'web-766486c5b6-bl9hn   1/1     Running   0          20s   10.244.4.3   worker-2   <none>           <none>',
        'web-766486c5b6-vnwqf   1/1     Running   0          20s   10.244.5.2   worker-3   <none>           <none>',
        'web-766486c5b6-zdhdh   1/1     Running   0          20s   10.244.3.2   worker-1   <none>           <none>',
        '',
      ].join('\n'),
    );
  });
});
