import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../scenario/runner';
import type { Scenario } from '../../scenario/format';

const CERTS = '--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt --key /etc/kubernetes/pki/etcd/server.key';
const TIMEOUT_WARN = (endpoint: string, ts: string) =>
  `{"level":"warn","ts":"${ts}","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc000ec7ea0/${endpoint}","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}\n`;

/** Three control-plane nodes; two of them powered off at 60 s for ten minutes. */
function outage(): ScenarioRun {
  const scenario: Scenario = {
    seed: 1,
    cluster: { controlPlane: { replicas: 3 } },
    actions: [
      { atMs: 0, kubectl: 'create deployment web --image=nginx:1.27 --replicas=2' },
      { atMs: 60_000, fault: { type: 'node-down', node: 'control-plane' } },
      { atMs: 60_000, fault: { type: 'node-down', node: 'control-plane-2' } },
      { atMs: 660_000, fault: { type: 'node-up', node: 'control-plane' } },
      { atMs: 660_000, fault: { type: 'node-up', node: 'control-plane-2' } },
    ],
  } as Scenario;
  return new ScenarioRun(scenario);
}

describe('etcd without quorum', () => {
  it('has no leader with two of three members down: etcdctl and the API server say what the real ones say; ten minutes on, nothing panicked, then it recovers', () => {
    const run = outage();
    run.runUntil(65_000);
    const c = run.cluster;
    const status = run.ssh('control-plane-3', `etcdctl endpoint status --cluster -w table ${CERTS}`);
    expect(status.stdout.split('\n')[3]).toBe('| https://192.168.1.12:2379 | c8258c480b685614 |  3.5.15 |  3.1 MB |     false |      false |         3 |        902 |                902 | etcdserver: no leader |');
    expect(status.stderr).toBe(
      `${TIMEOUT_WARN('192.168.1.10:2379', '2024-09-02T10:01:10.000Z')}Failed to get the status of endpoint https://192.168.1.10:2379 (context deadline exceeded)\n` +
        `${TIMEOUT_WARN('192.168.1.11:2379', '2024-09-02T10:01:10.000Z')}Failed to get the status of endpoint https://192.168.1.11:2379 (context deadline exceeded)\n`,
    );
    expect(status.exitCode).toBe(1);
    expect(run.ssh('control-plane-3', `etcdctl endpoint status -w json ${CERTS}`).stdout).toContain('"leader":0,"raftIndex":902,"raftTerm":3,"raftAppliedIndex":902,"errors":["etcdserver: no leader"],"dbSizeInUse"');
    // A linearizable read waits for a leader until the command timeout; a serializable one answers.
    expect(run.ssh('control-plane-3', `etcdctl get /registry/deployments/default/web --keys-only ${CERTS}`)).toEqual({ stdout: '', stderr: `${TIMEOUT_WARN('127.0.0.1:2379', '2024-09-02T10:01:10.000Z')}Error: context deadline exceeded\n`, exitCode: 1 });
    expect(run.ssh('control-plane-3', `etcdctl get /registry/deployments/default/web --keys-only --consistency=s ${CERTS}`).stdout).toBe('/registry/deployments/default/web\n\n');
    expect(run.kubectl('get pods')).toEqual({ stdout: '', stderr: 'Error from server: etcdserver: request timed out\n', exitCode: 1 });
    expect(run.kubectl('scale deployment web --replicas=3')).toEqual({ stdout: '', stderr: 'Error from server: etcdserver: request timed out\n', exitCode: 1 });

    const revision = c.api.store.revision;
    const events = c.clock.eventsRun;
    run.runUntil(659_000);
    expect(c.api.store.revision).toBe(revision);
    expect(c.panics).toEqual([]);
    // No hot loop: ten minutes of retries are a few thousand clock events (kubelets try their node
    // status five times every 10 s, the electors every 2 s).
    expect(c.clock.eventsRun - events).toBeLessThan(3_000);
    const failed = c.api.audit.recent().filter((r) => r.atMs > 65_000 && r.atMs < 659_000);
    expect(failed.every((r) => r.code === 500)).toBe(true);
    expect(failed.filter((r) => r.user === 'system:node:worker-1' && r.verb === 'get' && r.resource === 'nodes').length).toBe(290);

    run.runUntil(900_000);
    expect(c.panics).toEqual([]);
    expect(run.kubectl('get nodes').stdout).toBe(
      ['NAME              STATUS   ROLES           AGE   VERSION', 'control-plane     Ready    control-plane   15m   v1.31.0', 'control-plane-2   Ready    control-plane   15m   v1.31.0', 'control-plane-3   Ready    control-plane   15m   v1.31.0', 'worker-1          Ready    <none>          15m   v1.31.0', 'worker-2          Ready    <none>          15m   v1.31.0', 'worker-3          Ready    <none>          15m   v1.31.0', ''].join('\n'),
    );
    expect(c.api.store.revision).toBeGreaterThan(revision);
    const after = run.ssh('control-plane-3', `etcdctl endpoint status --cluster -w table ${CERTS}`);
    expect(after.stdout.split('\n').slice(3, 6).map((l) => l.split('|').map((x) => x.trim()).filter((x, i) => i === 1 || i === 5 || i === 10))).toEqual([
      ['https://192.168.1.10:2379', 'true', ''],
      ['https://192.168.1.11:2379', 'false', ''],
      ['https://192.168.1.12:2379', 'false', ''],
    ]);
  });

  it('counts a member cut off from its peers as gone: one down and one partitioned leave no majority', () => {
    const scenario = { seed: 1, cluster: { controlPlane: { replicas: 3 } }, actions: [{ atMs: 30_000, fault: { type: 'partition', node: 'control-plane-2' } }, { atMs: 30_000, fault: { type: 'node-down', node: 'control-plane' } }] } as Scenario;
    const run = new ScenarioRun(scenario);
    run.runUntil(40_000);
    // control-plane-2 is cut off: on its own, it has no leader; control-plane-3 alone is no majority either.
    expect(run.kubectl('get ns default').stderr).toBe('Error from server: etcdserver: request timed out\n');
    const own = run.ssh('control-plane-2', `etcdctl endpoint status -w table ${CERTS}`).stdout.split('\n')[3];
    expect(own).toContain('| etcdserver: no leader |');
  });

  it('keeps a lone member its own leader: a single control plane cut off still serves', () => {
    const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 30_000, fault: { type: 'partition', node: 'control-plane' } }] } as Scenario);
    run.runUntil(40_000);
    expect(run.kubectl('get ns default')).toMatchObject({ stderr: '', exitCode: 0 });
  });
});
