import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../sim/cluster';
import { runKubectl } from './kubectl';
import { Kubeconfig } from './kubeconfig';

let cluster: Cluster;
let kubeconfig: Kubeconfig;
const k = (line: string, stdin?: string) =>
  runKubectl(line, { client: cluster.client(), clientFor: (u) => cluster.client(u), kubeconfig, nowMs: () => cluster.clock.now(), ...(stdin !== undefined ? { stdin } : {}) });

const RBAC = 'rbac.authorization.k8s.io';

beforeEach(() => {
  cluster = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
  kubeconfig = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice']);
  const c = cluster.client();
  c.create('clusterrolebindings', { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'kubeadm:cluster-admins' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'kubeadm:cluster-admins' }] });
  cluster.api.authorizationMode = 'Node,RBAC';
});

const ROLE_WITHOUT_GROUPS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: a
  namespace: default
rules:
- resources: ["pods"]
  verbs: ["get", "list"]
`;

const binding = (kind: string, name: string): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: alice-reads
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${kind}
  name: ${name}
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: alice
`;

describe('RBAC objects kubectl sends are validated', () => {
  it('a Role rule without apiGroups is refused with the 422, and nothing is stored', () => {
    expect(k('apply -f -', ROLE_WITHOUT_GROUPS)).toEqual({
      stdout: '',
      stderr: 'The Role "a" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group\n',
      exitCode: 1,
    });
    expect(k('get roles').stderr).toBe('No resources found in default namespace.\n');
  });

  it('a writer without escalate who forgets apiGroups gets the same 422: the rule grants nothing to check', () => {
    const c = cluster.client();
    c.create('roles', { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'role-writer', namespace: 'default' }, rules: [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['get', 'create'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    c.create('rolebindings', { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'alice-writes-roles', namespace: 'default' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'role-writer' }, subjects: [{ apiGroup: RBAC, kind: 'User', name: 'alice' }] });
    expect(k('apply -f - --as=alice', ROLE_WITHOUT_GROUPS).stderr).toBe(
      'The Role "a" is invalid: rules[0].apiGroups: Required value: resource rules must supply at least one api group\n',
    );
  });

  it('a Role naming a URL lists each error', () => {
    const r = k('create -f -', ROLE_WITHOUT_GROUPS.replace('- resources: ["pods"]', '- nonResourceURLs: ["/healthz"]').replace('["get", "list"]', '[]'));
    expect(r.stderr).toBe(
      'The Role "a" is invalid: \n' +
        '* rules[0].verbs: Required value: verbs must contain at least one value\n' +
        '* rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs\n',
    );
  });

  it("a RoleBinding's roleRef cannot be changed by apply: delete and create it instead", () => {
    expect(k('apply -f -', binding('Role', 'pod-reader'))).toEqual({ stdout: 'rolebinding.rbac.authorization.k8s.io/alice-reads created\n', stderr: '', exitCode: 0 });
    expect(k('apply -f -', binding('ClusterRole', 'view'))).toEqual({
      stdout: '',
      stderr: 'The RoleBinding "alice-reads" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef\n',
      exitCode: 1,
    });
    expect(k('get rolebinding alice-reads -o jsonpath={.roleRef.name}').stdout).toBe('pod-reader');
  });
});

describe('aggregationRule needs full authority only when it has selectors', () => {
  const AGGREGATED = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      rbac.example.com/aggregate-to-monitoring: "true"
`;

  beforeEach(() => {
    const c = cluster.client();
    c.create('clusterroles', { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'role-writer' }, rules: [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['get', 'create', 'update', 'patch'] }] });
    c.create('clusterrolebindings', { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'alice-writes-roles' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'role-writer' }, subjects: [{ apiGroup: RBAC, kind: 'User', name: 'alice' }] });
  });

  it('an empty aggregationRule is not an aggregation: it reaches validation', () => {
    expect(k('create -f - --as=alice', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule: {}\n').stderr).toBe(
      'The ClusterRole "agg" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil\n',
    );
  });

  it('adding selectors, or taking the stored ones away, is refused to a writer without every permission', () => {
    const refused = 'Error from server (Forbidden): error when creating "STDIN": clusterroles.rbac.authorization.k8s.io "monitoring" is forbidden: must have cluster-admin privileges to use the aggregationRule\n';
    expect(k('create -f - --as=alice', AGGREGATED).stderr).toBe(refused);
    expect(k('apply -f -', AGGREGATED).stdout).toBe('clusterrole.rbac.authorization.k8s.io/monitoring created\n');
    const stripped = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: monitoring\n';
    expect(k('apply -f - --as=alice', stripped).stderr).toBe(
      'Error from server (Forbidden): error when applying patch:\n' +
        '{"aggregationRule":null,"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"rbac.authorization.k8s.io/v1\\",\\"kind\\":\\"ClusterRole\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"monitoring\\"}}\\n"}}}\n' +
        'to:\n' +
        'Resource: "rbac.authorization.k8s.io/v1, Resource=clusterroles", GroupVersionKind: "rbac.authorization.k8s.io/v1, Kind=ClusterRole"\n' +
        'Name: "monitoring", Namespace: ""\n' +
        'for: "STDIN": error when patching "STDIN": clusterroles.rbac.authorization.k8s.io "monitoring" is forbidden: must have cluster-admin privileges to use the aggregationRule\n',
    );
  });
});
