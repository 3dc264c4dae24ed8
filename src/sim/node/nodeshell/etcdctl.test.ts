import { describe, expect, it } from 'vitest';
import { Clock } from '../../clock';
import { MvccStore } from '../../store/store';
import type { EtcdCluster } from '../../store/etcd';
import { etcdctl, ETCD_PKI_FILES, PROTOBUF_NOTE } from './etcdctl';
import { ScenarioRun } from '../../../scenario/runner';

const CERTS = ['--cacert', '/etc/kubernetes/pki/etcd/ca.crt', '--cert', '/etc/kubernetes/pki/etcd/server.crt', '--key', '/etc/kubernetes/pki/etcd/server.key'];
const cm = (name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '9', creationTimestamp: '2024-09-02T10:00:00Z' }, data: { k: v } });

/** Three writes to two keys, the compactor's key, then a compaction at revision 2. */
function small(): { run: (...args: string[]) => ReturnType<typeof etcdctl>; store: MvccStore } {
  const store = new MvccStore();
  store.create('/registry/configmaps/default/a', cm('a', '1'));
  store.create('/registry/configmaps/default/b', cm('b', '1'));
  store.update('/registry/configmaps/default/a', cm('a', '2'));
  store.putText('compact_rev_key', '0');
  store.compact(2, 300_000);
  const etcd: EtcdCluster = { store, clock: new Clock(0), members: () => [{ name: 'control-plane', ip: '192.168.1.10', up: true }] };
  const ctx = { etcd, local: etcd.members()[0]!, files: new Set(ETCD_PKI_FILES), nowMs: 600_000 };
  return { run: (...args) => etcdctl(ctx, args), store };
}

describe('etcdctl 3.5', () => {
  it('lists keys with --keys-only as 3.5 prints them: each key followed by its empty value line', () => {
    const { run } = small();
    expect(run('get', '', '--prefix', '--keys-only', ...CERTS)).toEqual({ stdout: '/registry/configmaps/default/a\n\n/registry/configmaps/default/b\n\ncompact_rev_key\n\n', stderr: '', exitCode: 0 });
    expect(run('get', '/registry/configmaps/default/', '--prefix', '--keys-only', '--limit', '1', ...CERTS).stdout).toBe('/registry/configmaps/default/a\n\n');
  });

  it('prints a value decoded as JSON, without the resourceVersion the API server never stores, and says once that etcd holds protobuf', () => {
    const { run } = small();
    expect(run('get', '/registry/configmaps/default/', '--prefix', ...CERTS)).toEqual({
      stdout:
        '/registry/configmaps/default/a\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default","uid":"uid-a","creationTimestamp":"2024-09-02T10:00:00Z"},"data":{"k":"2"}}\n' +
        '/registry/configmaps/default/b\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","namespace":"default","uid":"uid-b","creationTimestamp":"2024-09-02T10:00:00Z"},"data":{"k":"1"}}\n',
      stderr: PROTOBUF_NOTE,
      exitCode: 0,
    });
    expect(run('get', 'compact_rev_key', '--print-value-only', ...CERTS)).toEqual({ stdout: '0\n', stderr: '', exitCode: 0 });
  });

  it('reads a key at a past revision, with -w json base64 as etcdctl prints it', () => {
    const { run } = small();
    const r = run('get', '/registry/configmaps/default/a', '--rev=2', '-w', 'json', ...CERTS);
    const out = JSON.parse(r.stdout) as { header: { revision: number }; kvs: { key: string; create_revision: number; mod_revision: number; version: number; value: string }[]; count: number };
    expect(out.header.revision).toBe(4);
    expect(out.kvs).toHaveLength(1);
    expect(atob(out.kvs[0]!.key)).toBe('/registry/configmaps/default/a');
    expect(out.kvs[0]).toMatchObject({ create_revision: 1, mod_revision: 1, version: 1 });
    expect(JSON.parse(atob(out.kvs[0]!.value))).toMatchObject({ data: { k: '1' } });
    expect(out.count).toBe(1);
    expect(r.stdout.startsWith('{"header":{"cluster_id":')).toBe(true);
  });

  it('refuses a compacted or future revision with etcd server errors after the client warning', () => {
    const { run } = small();
    expect(run('get', '/registry/configmaps/default/a', '--rev', '1', ...CERTS)).toEqual({
      stdout: '',
      stderr:
        '{"level":"warn","ts":"2024-09-02T10:10:00.000Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc000b78e10/127.0.0.1:2379","attempt":0,"error":"rpc error: code = OutOfRange desc = etcdserver: mvcc: required revision has been compacted"}\n' +
        'Error: etcdserver: mvcc: required revision has been compacted\n',
      exitCode: 1,
    });
    expect(run('get', '/registry/configmaps/default/a', '--rev', '5', ...CERTS).stderr).toMatch(/\nError: etcdserver: mvcc: required revision is a future revision\n$/);
  });

  it('fails without the certificate flags as against a TLS-only endpoint: the 5 s command timeout runs out', () => {
    const { run } = small();
    expect(run('get', '/registry/configmaps', '--prefix', '--keys-only')).toEqual({
      stdout: '',
      stderr:
        '{"level":"warn","ts":"2024-09-02T10:10:05.000Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc000b78e10/127.0.0.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}\n' +
        'Error: context deadline exceeded\n',
      exitCode: 1,
    });
    expect(run('endpoint', 'health').stderr).toMatch(/\n127\.0\.0\.1:2379 is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster\n$/);
    expect(run('get', 'x', '--cacert', '/root/ca.crt')).toEqual({ stdout: '', stderr: 'Error: open /root/ca.crt: no such file or directory\n', exitCode: 128 });
  });

  it('prints endpoint status and member list as tablewriter tables', () => {
    const { run } = small();
    expect(run('endpoint', 'status', '-w', 'table', ...CERTS).stdout).toBe(
      [
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '|    ENDPOINT    |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '| 127.0.0.1:2379 | 34d0dcaa6e96e020 |  3.5.15 |  1.6 MB |      true |      false |         2 |          8 |                  8 |        |',
        '+----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
        '',
      ].join('\n'),
    );
    expect(run('member', 'list', '-w', 'table', ...CERTS).stdout).toBe(
      [
        '+------------------+---------+---------------+---------------------------+---------------------------+------------+',
        '|        ID        | STATUS  |     NAME      |        PEER ADDRS         |       CLIENT ADDRS        | IS LEARNER |',
        '+------------------+---------+---------------+---------------------------+---------------------------+------------+',
        '| 34d0dcaa6e96e020 | started | control-plane | https://192.168.1.10:2380 | https://192.168.1.10:2379 |      false |',
        '+------------------+---------+---------------+---------------------------+---------------------------+------------+',
        '',
      ].join('\n'),
    );
    expect(run('member', 'list', ...CERTS).stdout).toBe('34d0dcaa6e96e020, started, control-plane, https://192.168.1.10:2380, https://192.168.1.10:2379, false\n');
  });

  it('lists members by ID as unsigned numbers, not in the order they joined, and --cluster follows that list', () => {
    const store = new MvccStore();
    const members = [{ name: 'cp-a', ip: '10.0.0.1', up: true }, { name: 'cp-b', ip: '10.0.0.2', up: true }, { name: 'cp-c', ip: '10.0.0.3', up: true }];
    const ctx = { etcd: { store, clock: new Clock(0), members: () => members }, local: members[0]!, files: new Set(ETCD_PKI_FILES), nowMs: 0 };
    // 48bf43cd105607c has 15 digits: the smallest, though it sorts last as text.
    expect(etcdctl(ctx, ['member', 'list', ...CERTS]).stdout).toBe('48bf43cd105607c, started, cp-c, https://10.0.0.3:2380, https://10.0.0.3:2379, false\n38d1f51444427d0c, started, cp-a, https://10.0.0.1:2380, https://10.0.0.1:2379, false\nbdff94fae5062048, started, cp-b, https://10.0.0.2:2380, https://10.0.0.2:2379, false\n');
    expect(etcdctl(ctx, ['endpoint', 'health', '--cluster', ...CERTS]).stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['https://10.0.0.3:2379', 'https://10.0.0.1:2379', 'https://10.0.0.2:2379', '']);
  });

  it('compacts once to a revision, refusing it a second time', () => {
    const { run, store } = small();
    expect(run('compaction', '3', ...CERTS)).toEqual({ stdout: 'compacted revision 3\n', stderr: '', exitCode: 0 });
    expect(store.compaction).toEqual({ revision: 3, atMs: 600_000 });
    expect(run('compaction', '3', ...CERTS).stderr).toMatch(/\nError: etcdserver: mvcc: required revision has been compacted\n$/);
    expect(run('get', 'x', '--count-only', ...CERTS)).toEqual({ stdout: '', stderr: 'Error: --count-only is only for `--write-out=fields`\n', exitCode: 128 });
  });

  it('watches from a revision as a running command: what happened since, PUT and DELETE', () => {
    const { run, store } = small();
    const w = run('watch', '/registry/configmaps/default/', '--prefix', ...CERTS);
    expect(w.running).toBeDefined();
    store.delete('/registry/configmaps/default/b');
    expect(w.running!()).toEqual({ stdout: 'DELETE\n/registry/configmaps/default/b\n\n', stderr: '', exitCode: 0 });
    expect(run('watch', '/registry/configmaps/default/a', '--rev', '1', ...CERTS)).toEqual({ stdout: '', stderr: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n', exitCode: 5 });
  });

  it('watches from exactly the compacted revision: the value written then is kept, and what came after', () => {
    const { run } = small();
    const w = run('watch', '/registry/configmaps/default/', '--prefix', '--rev', '2', ...CERTS);
    const value = (name: string, v: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2024-09-02T10:00:00Z' }, data: { k: v } });
    expect(w.running!()).toEqual({ stdout: `PUT\n/registry/configmaps/default/b\n${value('b', '1')}\nPUT\n/registry/configmaps/default/a\n${value('a', '2')}\n`, stderr: PROTOBUF_NOTE, exitCode: 0 });
  });
});

describe('etcdctl on a cluster', () => {
  it('runs on the control-plane node and in the etcd pod, not on a worker; the keys are the API server’s', () => {
    const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 0, kubectl: 'create deployment web --image=nginx:1.27' }] });
    run.runUntil(1_000);
    const certs = CERTS.join(' ');
    expect(run.ssh('control-plane', `etcdctl get /registry/deployments/default --prefix --keys-only ${certs}`).stdout).toBe('/registry/deployments/default/web\n\n');
    expect(run.ssh('worker-1', 'etcdctl version')).toEqual({ stdout: '', stderr: 'bash: etcdctl: command not found\n', exitCode: 127 });
    expect(run.ssh('control-plane', 'ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_CERT=/etc/kubernetes/pki/etcd/server.crt ETCDCTL_KEY=/etc/kubernetes/pki/etcd/server.key etcdctl get /registry/namespaces/default --keys-only').stdout).toBe('/registry/namespaces/default\n\n');
    const exec = run.kubectl(`exec -n kube-system etcd-control-plane -- etcdctl get /registry/deployments/default/web --print-value-only ${certs}`);
    expect(exec.exitCode).toBe(0);
    expect(JSON.parse(exec.stdout)).toMatchObject({ kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
  });
});
