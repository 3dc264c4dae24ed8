import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import type { RequestAttributes, Decision } from '../sim/auth/types';
import { runKubectl } from './kubectl';
import { Kubeconfig } from './kubeconfig';

let cluster: Cluster;
let kubeconfig: Kubeconfig;
const k = (line: string) => runKubectl(line, { client: cluster.client(), clientFor: (u) => cluster.client(u), kubeconfig, nowMs: () => cluster.clock.now() });

const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/**
 * A stand-in for RBAC with three rules: kubeadm's admins may do anything, everyone authenticated may
 * ask about themselves (system:basic-user), alice may get pods in `dev`. RBAC is tested on its own.
 */
function decide(a: RequestAttributes): Decision {
  const allowed =
    a.user.groups.includes('kubeadm:cluster-admins') ||
    (a.user.groups.includes('system:authenticated') && a.verb === 'create' && SELF_REVIEWS.has(a.resource)) ||
    (a.user.name === 'alice' && a.resource === 'pods' && a.verb === 'get' && a.namespace === 'dev' && a.subresource === '');
  return allowed ? { allowed, by: 'RBAC', reason: 'allowed', considered: [] } : { allowed, reason: '', considered: [] };
}

beforeEach(() => {
  cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
  kubeconfig = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice']);
  cluster.api.authorizationMode = 'Node,RBAC';
  cluster.api.authorizer = { authorize: decide, rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }) };
  cluster.client().create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
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
