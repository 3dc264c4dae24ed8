import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import { runCommandLine, runKubectl } from './kubectl';
import { Kubeconfig } from './kubeconfig';

let cluster: Cluster;
let kubeconfig: Kubeconfig;
const k = (line: string) => runKubectl(line, { client: cluster.client(), clientFor: (u) => cluster.client(u), kubeconfig, nowMs: () => cluster.clock.now() });

/**
 * A bare cluster has the default policy (everyone's self reviews) but not kubeadm's objects: the
 * admins' binding is made here, as kubeadm makes it; alice may read pods in `dev`.
 */
function grant(): void {
  const c = cluster.client();
  const rbac = 'rbac.authorization.k8s.io/v1';
  c.create('clusterrolebindings', { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'kubeadm:cluster-admins' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }] });
  c.create('roles', { apiVersion: rbac, kind: 'Role', metadata: { name: 'pod-reader', namespace: 'dev' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
  c.create('rolebindings', { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'alice-reads', namespace: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }] });
}

beforeEach(() => {
  cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
  kubeconfig = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice']);
  cluster.client().create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
  grant();
  cluster.api.authorizationMode = 'Node,RBAC';
});

const FORBIDDEN_LIST = 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n';

describe('who kubectl is', () => {
  it('--as=alice is served as alice: her list is forbidden, and can-i says no', () => {
    expect(k('get pods --as=alice')).toEqual({ stdout: '', stderr: FORBIDDEN_LIST, exitCode: 1 });
    expect(k('auth can-i list pods --as=alice')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    expect(k('auth can-i get pods -n dev --as=alice')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(k('get pods')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });
  it("alice's context makes every command hers, until the admin's context is back", () => {
    k('config use-context alice@kubernetes');
    expect(k('get pods')).toEqual({ stdout: '', stderr: FORBIDDEN_LIST, exitCode: 1 });
    expect(k('auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    alice\nGroups      [dev system:authenticated]\n');
    expect(k('get pod web -n dev').stderr).toBe('Error from server (NotFound): pods "web" not found\n');
    k('config set-context --current --namespace=dev');
    expect(k('auth can-i get pods').stdout).toBe('yes\n');
    k('config use-context kubernetes-admin@kubernetes');
    expect(k('auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
  });
  it('a user who may not impersonate gets the impersonation filter\'s Forbidden', () => {
    expect(k('get pods --context=alice@kubernetes --as=bob').stderr).toBe('Error from server (Forbidden): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope\n');
    expect(k('auth whoami --as=bob --as-group=ops').stdout).toBe('ATTRIBUTE   VALUE\nUsername    bob\nGroups      [ops system:authenticated]\n');
  });
});

describe('a line of several commands', () => {
  it('runs the ones after use-context in the new context', () => {
    const r = runCommandLine('kubectl config use-context alice@kubernetes && kubectl get pods -n dev; kubectl auth can-i list pods', { client: cluster.client(), clientFor: (u) => cluster.client(u), kubeconfig, nowMs: () => cluster.clock.now() });
    expect(r).toEqual({ stdout: 'Switched to context "alice@kubernetes".\nno\n', stderr: 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "dev"\n', exitCode: 1 });
  });
});
