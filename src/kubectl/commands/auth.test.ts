import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../sim/cluster';
import type { Client } from '../../sim/client/types';
import type { KObject } from '../../sim/types';
import { StatusError } from '../../sim/api/types';
import { runKubectl } from '../kubectl';

let cluster: Cluster;
/** What the review endpoints were sent, and what they answer (the server's side is tested with the API server). */
let sent: { resource: string; body: Record<string, unknown> }[];
let answer: (resource: string, body: Record<string, unknown>) => Record<string, unknown>;

function reviewing(base: Client): Client {
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (prop !== 'create') return Reflect.get(target, prop, receiver);
      return (resource: string, obj: KObject, opts?: unknown) => {
        if (!['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'].includes(resource)) return target.create(resource, obj, opts as never);
        sent.push({ resource, body: obj as unknown as Record<string, unknown> });
        return { ...obj, status: answer(resource, obj as unknown as Record<string, unknown>) };
      };
    },
  });
}

const k = (line: string) => runKubectl(line, { client: reviewing(cluster.client()), nowMs: () => cluster.clock.now() });

beforeEach(() => {
  cluster = createCluster({ bare: true });
  sent = [];
  answer = () => ({ allowed: true });
});

describe('kubectl auth can-i', () => {
  it('asks a SelfSubjectAccessReview in the namespace and prints yes', () => {
    expect(k('auth can-i list pods')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(sent).toEqual([{ resource: 'selfsubjectaccessreviews', body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } } }]);
  });
  it('prints no and exits 1, with the reason when the server gives one; -q prints nothing', () => {
    answer = () => ({ allowed: false });
    expect(k('auth can-i delete deploy/web -n prod')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
    expect(sent[0]!.body.spec).toEqual({ resourceAttributes: { namespace: 'prod', verb: 'delete', group: 'apps', resource: 'deployments', name: 'web' } });
    answer = () => ({ allowed: false, reason: 'no RBAC policy matched' });
    expect(k('auth can-i get pods').stdout).toBe('no - no RBAC policy matched\n');
    expect(k('auth can-i get pods -q')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });
  it('resolves groups, short names and the subresource; -A asks across namespaces', () => {
    k('auth can-i create deployments.apps --subresource=scale -A');
    k('auth can-i get po/web --subresource=log');
    k("auth can-i '*' '*'");
    expect(sent.map((s) => s.body.spec)).toEqual([
      { resourceAttributes: { verb: 'create', group: 'apps', resource: 'deployments', subresource: 'scale' } },
      { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods', subresource: 'log', name: 'web' } },
      { resourceAttributes: { namespace: 'default', verb: '*', resource: '*' } },
    ]);
  });
  it('asks about a non-resource URL with its path', () => {
    expect(k('auth can-i get /logs').stdout).toBe('yes\n');
    expect(sent[0]!.body.spec).toEqual({ nonResourceAttributes: { path: '/logs', verb: 'get' } });
    expect(k('auth can-i get /logs --subresource=x').stderr).toBe('error: --subresource can not be used with NonResourceURL\n');
  });
  it('warns about a resource the server does not have, a cluster-scoped one, and an unknown verb, and still asks', () => {
    expect(k('auth can-i get foos')).toEqual({ stdout: 'yes\n', stderr: "Warning: the server doesn't have a resource type 'foos'\n\n", exitCode: 0 });
    expect(k('auth can-i get foos.example.com').stderr).toBe("Warning: the server doesn't have a resource type 'foos' in group 'example.com'\n\n");
    expect(k('auth can-i list nodes').stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
    expect(k('auth can-i list clusterroles').stderr).toBe("Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n");
    expect(k('auth can-i list nodes -A').stderr).toBe('');
    expect(k('auth can-i fly pods').stderr).toBe("Warning: verb 'fly' is not a known verb\n\n");
    expect(k('auth can-i impersonate users').stderr).toBe('');
    expect(sent.at(-1)!.body.spec).toEqual({ resourceAttributes: { namespace: 'default', verb: 'impersonate', resource: 'users' } });
  });
  it('refuses the wrong number of arguments and --no-headers without --list', () => {
    expect(k('auth can-i get pods web')).toEqual({ stdout: '', stderr: "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n", exitCode: 1 });
    expect(k('auth can-i get pods --no-headers').stderr).toBe('error: --no-headers cannot be set without --list specified\n');
    expect(k('auth can-i --list pods').stderr).toBe('error: list option must be specified with no arguments\n');
    expect(k('auth can-i --list -q').stderr).toBe("error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
    expect(sent).toEqual([]);
  });
});

describe('kubectl auth can-i --list', () => {
  beforeEach(() => {
    answer = () => ({
      resourceRules: [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
        { verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'] },
        { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] },
        { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      ],
      nonResourceRules: [
        { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/api', '/api/*'] },
      ],
      incomplete: false,
    });
  });
  it('breaks the rules down, joins the verbs per resource (repeats kept) and sorts by the rule String() form, verbs first', () => {
    const r = k('auth can-i --list -n dev');
    expect(sent[0]!.body).toEqual({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: { namespace: 'dev' } });
    expect(r.stdout).toBe(
      [
        'Resources                                       Non-Resource URLs   Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
        'pods                                            []                  []               [get list watch get]',
        'deployments/scale                               []                  []               [get list watch]',
        'deployments.apps/scale                          []                  []               [get list watch]',
        'pods.apps                                       []                  []               [get list watch]',
        '                                                [/api/*]            []               [get]',
        '                                                [/api]              []               [get]',
        '                                                [/healthz]          []               [get]',
        '                                                [/livez]            []               [get]',
        'configmaps                                      []                  [settings]       [get]',
        '',
      ].join('\n'),
    );
    expect(k('auth can-i --list --no-headers').stdout.split('\n')[0]).toBe('selfsubjectreviews.authentication.k8s.io        []           []           [create]');
  });
  it('joins the verbs of one named resource into one row, apart from the unnamed rule', () => {
    answer = () => ({
      resourceRules: [
        { verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app', 'web'] },
        { verbs: ['list'], apiGroups: [''], resources: ['configmaps'] },
      ],
      nonResourceRules: [],
      incomplete: false,
    });
    expect(k('auth can-i --list').stdout).toBe(
      [
        'Resources    Non-Resource URLs   Resource Names   Verbs',
        'configmaps   []                  [app]            [get update]',
        'configmaps   []                  [web]            [get update]',
        'configmaps   []                  []               [list]',
        '',
      ].join('\n'),
    );
  });
  it('warns when the list may be incomplete', () => {
    answer = () => ({ resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'unknown' });
    expect(k('auth can-i --list')).toEqual({ stdout: 'Resources   Non-Resource URLs   Resource Names   Verbs\n', stderr: 'Warning: the list may be incomplete: unknown\n', exitCode: 0 });
  });
});

describe('kubectl auth whoami', () => {
  beforeEach(() => {
    answer = () => ({ userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } });
  });
  it('prints the user and groups in a table', () => {
    expect(k('auth whoami')).toEqual({ stdout: 'ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n', stderr: '', exitCode: 0 });
  });
  it('prints the review as YAML (keys sorted) or JSON (the typed struct\'s field order)', () => {
    expect(k('auth whoami -o yaml').stdout).toBe('apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: null\nstatus:\n  userInfo:\n    groups:\n    - kubeadm:cluster-admins\n    - system:authenticated\n    username: kubernetes-admin\n');
    expect(k('auth whoami -o json').stdout).toBe('{\n    "kind": "SelfSubjectReview",\n    "apiVersion": "authentication.k8s.io/v1",\n    "metadata": {\n        "creationTimestamp": null\n    },\n    "status": {\n        "userInfo": {\n            "username": "kubernetes-admin",\n            "groups": [\n                "kubeadm:cluster-admins",\n                "system:authenticated"\n            ]\n        }\n    }\n}\n');
  });
  it('says the API is off or forbidden when the server refuses', () => {
    answer = () => {
      throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden', reason: 'Forbidden', code: 403 });
    };
    expect(k('auth whoami').stderr).toBe('error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it\n');
  });
});

describe('kubectl auth', () => {
  it('prints its help on stderr and fails without a subcommand; names an unknown one', () => {
    expect(k('auth')).toEqual({ stdout: '', stderr: 'Inspect authorization.\n\nAvailable Commands:\n  can-i         Check whether an action is allowed\n  whoami        Experimental: Check self subject attributes\n\nUsage:\n  kubectl auth [flags] [options]\n\nUse "kubectl auth <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n', exitCode: 1 });
    expect(k('auth foo')).toEqual({ stdout: '', stderr: "error: unknown command \"foo\"\nSee 'kubectl auth -h' for help and examples\n", exitCode: 1 });
  });
});
