import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../scenario/runner';
import { answerEtcd, etcdctlCompaction } from './etcdQueries';

describe("the etcd panel's questions", () => {
  const run = new ScenarioRun({ seed: 1, cluster: {}, actions: [{ atMs: 0, kubectl: 'create deployment web --image=nginx:1.27' }, { atMs: 2000, kubectl: 'scale deployment web --replicas=2' }] });
  run.runUntil(5_000);

  it('lists one tree level: folders with their key counts, keys with their revisions', () => {
    expect(answerEtcd(run.cluster, { kind: 'level', prefix: '' }).level!.entries.map((e) => [e.path, e.dir])).toEqual([['/registry/', true]]);
    const deployments = answerEtcd(run.cluster, { kind: 'level', prefix: '/registry/deployments/' }).level!.entries;
    expect(deployments.map((e) => [e.path, e.count])).toEqual([['/registry/deployments/default/', 1], ['/registry/deployments/kube-system/', 2]]);
    const [web] = answerEtcd(run.cluster, { kind: 'level', prefix: '/registry/deployments/default/' }).level!.entries;
    const kv = run.cluster.api.store.get('/registry/deployments/default/web')!;
    expect(web).toEqual({ path: '/registry/deployments/default/web', dir: false, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version });
  });

  it("gives a key's history with the value at each revision, decoded", () => {
    const h = answerEtcd(run.cluster, { kind: 'history', key: '/registry/deployments/default/web' }).history!;
    expect(h.revisions.length).toBeGreaterThanOrEqual(2);
    expect(h.revisions[0]).toMatchObject({ type: 'PUT', version: 1, protobuf: true });
    expect(h.revisions.map((r) => (JSON.parse(r.value) as { spec: { replicas: number } }).spec.replicas)).toContain(2);
    expect(JSON.parse(h.revisions[0]!.value).spec.replicas).toBe(1);
    expect(h.revisions.map((r) => r.version)).toEqual(h.revisions.map((_, i) => i + 1));
  });

  it("gives etcd's status: revision, no compaction yet, the API server's watches, the member", () => {
    const s = answerEtcd(run.cluster, { kind: 'status' }).status!;
    expect(s.revision).toBe(run.cluster.api.store.revision);
    expect(s.compaction).toBeUndefined();
    // The API server's watch cache: one watch per resource it serves from etcd, opened together once
    // bootstrap had written its objects (the aggregator's APIService, Service and Endpoints informers
    // first; ClusterRoles for kube-controller-manager's aggregation controller, after the bootstrap
    // RBAC objects); nothing else (the request log is no etcd client).
    const prefixes = ['apiregistration.k8s.io/apiservices', 'services/specs', 'services/endpoints', 'namespaces', 'serviceaccounts', 'pods', 'endpointslices', 'minions', 'replicasets', 'deployments', 'controllers', 'statefulsets', 'daemonsets', 'controllerrevisions', 'jobs', 'cronjobs', 'persistentvolumeclaims', 'poddisruptionbudgets', 'horizontalpodautoscalers', 'leases', 'persistentvolumes', 'storageclasses', 'resourcequotas', 'configmaps', 'secrets', 'clusterroles', 'csinodes'];
    expect(s.watchers).toEqual(prefixes.map((p) => ({ prefix: `/registry/${p}/`, startRevision: 257 })));
    expect(s.members.map((m) => [m.name, m.clientURL, m.leader])).toEqual([['control-plane', 'https://192.168.1.10:2379', true]]);
  });

  it('picks out a node-shell etcdctl compaction, which is recorded', () => {
    expect(etcdctlCompaction('etcdctl compaction 40 --cacert a')).toBe('etcdctl compaction 40 --cacert a');
    expect(etcdctlCompaction('etcdctl --endpoints 127.0.0.1:2379 compaction 40')).toBe('etcdctl --endpoints 127.0.0.1:2379 compaction 40');
    expect(etcdctlCompaction('etcdctl get compaction')).toBeUndefined();
    expect(etcdctlCompaction('etcdctl -w compaction get x')).toBeUndefined();
    expect(etcdctlCompaction('etcdctl get /registry --prefix')).toBeUndefined();
  });

  it('records a compaction with variables set before etcdctl, as the flags they stand for', () => {
    expect(etcdctlCompaction('ETCDCTL_API=3 etcdctl compaction 4')).toBe('etcdctl compaction 4');
    expect(etcdctlCompaction('ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_API=3 etcdctl --cert c compaction 4')).toBe('etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert c compaction 4');
    expect(etcdctlCompaction('ETCDCTL_WRITE_OUT=json etcdctl get x')).toBeUndefined();
    // Quotes are read as the node shell reads them, and given back to kubectl quoted.
    expect(etcdctlCompaction('etcdctl "compaction" \'40\'')).toBe('etcdctl compaction 40');
    expect(etcdctlCompaction('FOO=1 etcdctl --endpoints "127.0.0.1:2379 " compaction 4')).toBe("etcdctl --endpoints '127.0.0.1:2379 ' compaction 4");
  });
});
