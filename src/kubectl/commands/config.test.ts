import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import { runKubectl } from '../kubectl';
import { Kubeconfig } from '../kubeconfig';

let cluster: Cluster;
let kubeconfig: Kubeconfig;
const k = (line: string) => runKubectl(line, { client: cluster.client(), clientFor: (u) => cluster.client(u), kubeconfig, nowMs: () => cluster.clock.now() });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  kubeconfig = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice']);
});

// Every expected output below is what kubectl 1.32 prints for the same kubeconfig file.
describe('kubectl config get-contexts', () => {
  it('lists the contexts sorted, the current one starred, cells padded to the last column', () => {
    expect(k('config get-contexts')).toEqual({
      stdout: 'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n          alice@kubernetes              kubernetes   alice              \n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n',
      stderr: '',
      exitCode: 0,
    });
  });
  it('prints names with -o name and rows only with --no-headers', () => {
    expect(k('config get-contexts -o name').stdout).toBe('alice@kubernetes\nkubernetes-admin@kubernetes\n');
    expect(k('config get-contexts --no-headers').stdout).toBe('      alice@kubernetes              kubernetes   alice              \n*     kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n');
  });
  it('prints the header, then fails for a context that does not exist', () => {
    expect(k('config get-contexts bob')).toEqual({ stdout: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n', stderr: 'error: context bob not found\n', exitCode: 1 });
    expect(k('config get-contexts -o name bob alice@kubernetes')).toEqual({ stdout: 'alice@kubernetes\n', stderr: 'error: context bob not found\n', exitCode: 1 });
    expect(k('config get-contexts carol dave')).toEqual({ stdout: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n', stderr: 'context carol not found\ncontext dave not found\n', exitCode: 1 });
    expect(k('config get-contexts kubernetes-admin@kubernetes alice@kubernetes --no-headers').stdout).toBe('      alice@kubernetes              kubernetes   alice              \n*     kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n');
    expect(k('config get-contexts alice@kubernetes').stdout).toBe('CURRENT   NAME               CLUSTER      AUTHINFO   NAMESPACE\n          alice@kubernetes   kubernetes   alice      \n');
  });
  it('refuses another output format', () => {
    expect(k('config get-contexts -o wide')).toEqual({ stdout: '', stderr: 'error: --output wide is not available in kubectl config get-contexts; resetting to default output format\n', exitCode: 1 });
  });
});

describe('kubectl config use-context and current-context', () => {
  it('switches the context, and later commands run as its user', () => {
    expect(k('config current-context').stdout).toBe('kubernetes-admin@kubernetes\n');
    expect(k('config use-context alice@kubernetes')).toEqual({ stdout: 'Switched to context "alice@kubernetes".\n', stderr: '', exitCode: 0 });
    expect(k('config current-context').stdout).toBe('alice@kubernetes\n');
    expect(k('config use kubernetes-admin@kubernetes').stdout).toBe('Switched to context "kubernetes-admin@kubernetes".\n');
  });
  it('names a context that does not exist', () => {
    expect(k('config use-context bob')).toEqual({ stdout: '', stderr: 'error: no context exists with the name: "bob"\n', exitCode: 1 });
    expect(k('config use-context a b').stderr).toBe('error: Unexpected args: [a b]\n');
    expect(kubeconfig.currentContext).toBe('kubernetes-admin@kubernetes');
  });
});

describe('kubectl config set-context', () => {
  it('sets the namespace of the current context, which later commands use', () => {
    expect(k('config set-context --current --namespace=kube-system')).toEqual({ stdout: 'Context "kubernetes-admin@kubernetes" modified.\n', stderr: '', exitCode: 0 });
    expect(k('config get-contexts kubernetes-admin@kubernetes --no-headers').stdout).toBe('*     kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   kube-system\n');
    cluster.client().create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'here', namespace: 'kube-system' } });
    expect(k('get configmaps -o name').stdout).toBe('configmap/here\n');
    expect(k('get configmaps -o name -n default').stdout).toBe('');
    expect(k('config set-context --current --namespace=').stdout).toBe('Context "kubernetes-admin@kubernetes" modified.\n');
    expect(k('get configmaps').stderr).toBe('No resources found in default namespace.\n');
  });
  it('creates a context that does not exist', () => {
    expect(k('config set-context bob --namespace=x').stdout).toBe('Context "bob" created.\n');
    expect(k('config get-contexts bob --no-headers').stdout).toBe('      bob               x\n');
  });
  it("refuses a name with --current, no name at all, and the global -n (set-context's own --namespace hides it)", () => {
    expect(k('config set-context --current alice@kubernetes --namespace=x').stderr).toBe('error: you cannot specify both a context name and --current\n');
    expect(k('config set-context').stderr).toBe('error: you must specify a non-empty context name or --current\n');
    expect(k('config set-context --current -n dev').stderr).toBe("error: unknown shorthand flag: 'n' in -n\nSee 'kubectl config set-context --help' for usage.\n");
  });
});

describe('kubectl config view', () => {
  const admin = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://192.168.1.10:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
`;
  it('shows the whole file with its certificates left out, entries sorted by name', () => {
    const out = k('config view').stdout;
    expect(out).toContain('contexts:\n- context:\n    cluster: kubernetes\n    user: alice\n  name: alice@kubernetes\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\n');
    expect(out).toContain('users:\n- name: alice\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n- name: kubernetes-admin\n');
  });
  it('--minify keeps the current context, its cluster and its user', () => {
    expect(k('config view --minify')).toEqual({ stdout: admin, stderr: '', exitCode: 0 });
  });
  it('-o json keeps clientcmd field order, a namespace after the user', () => {
    k('config set-context --current --namespace=dev');
    const out = k('config view --minify -o json').stdout;
    expect(out).toContain('"contexts": [\n        {\n            "name": "kubernetes-admin@kubernetes",\n            "context": {\n                "cluster": "kubernetes",\n                "user": "kubernetes-admin",\n                "namespace": "dev"\n            }\n        }\n    ],\n    "current-context": "kubernetes-admin@kubernetes"\n}\n');
    expect(out.startsWith('{\n    "kind": "Config",\n    "apiVersion": "v1",\n    "preferences": {},\n')).toBe(true);
    expect(k("config view --minify -o jsonpath={.contexts[0].context.namespace}").stdout).toBe('dev');
  });
});

describe('the context a command runs in', () => {
  it('--context and --user pick another entry; unknown ones fail as clientcmd words it', () => {
    expect(k('get pods --context=nope')).toEqual({ stdout: '', stderr: 'Error in configuration: context was not found for specified context: nope\n', exitCode: 1 });
    expect(k('get pods --user=nope')).toEqual({ stdout: '', stderr: 'error: auth info "nope" does not exist\n', exitCode: 1 });
  });
  it('--as-group without --as is refused before any request', () => {
    expect(k('get pods --as-group=dev')).toEqual({ stdout: '', stderr: 'error: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user\n', exitCode: 1 });
  });
  it('a context whose user has no entry asks for a username it cannot read', () => {
    k('config set-context carol --cluster=kubernetes --user=carol');
    expect(k('get pods --context=carol')).toEqual({ stdout: 'Please enter Username: ', stderr: 'error: EOF\n', exitCode: 1 });
    k('config use-context carol');
    expect(k('config view --minify').stderr).toBe('error: cannot locate user carol\n');
  });
});

describe('kubectl config', () => {
  it('prints its help on stderr and fails without a subcommand; names an unknown one', () => {
    const r = k('config');
    expect([r.stdout, r.exitCode]).toEqual(['', 1]);
    expect(r.stderr.startsWith('Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n')).toBe(true);
    expect(k('config foo')).toEqual({ stdout: '', stderr: "error: unknown command \"foo\"\nSee 'kubectl config -h' for help and examples\n", exitCode: 1 });
  });
});
