import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { loadKubectl } from '../../../kubectl/lazy';
import type { KObject, Pod } from '../../types';

beforeAll(async () => {
  await loadKubectl();
});

/** A cluster enforcing kubeadm's Node,RBAC over its bootstrap policy; `grant` lets default's ServiceAccounts read pods. */
function setup(grantAtStart = false) {
  const cluster = createCluster({ seed: 5 });
  cluster.api.authorizationMode = 'Node,RBAC';
  const client = cluster.client('kubernetes-admin');
  const state = {
    /** a Role to get and list pods, bound to default's ServiceAccounts */
    grantPods: () => {
      client.create('roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] } as KObject);
      client.create('rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pod-reader', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:default', apiGroup: 'rbac.authorization.k8s.io' }] } as KObject);
    },
    /** edit in default (watch, create …) for default's ServiceAccounts */
    grantEdit: () => {
      client.create('rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'sa-edit', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:default', apiGroup: 'rbac.authorization.k8s.io' }] } as KObject);
    },
  };
  if (grantAtStart) state.grantPods();
  return { cluster, client, state };
}

function kubectlPod(name: string, opts: { restartPolicy?: string; args?: string[]; command?: string[]; automount?: boolean } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      restartPolicy: opts.restartPolicy ?? 'Never',
      ...(opts.automount === false ? { automountServiceAccountToken: false } : {}),
      containers: [{ name: 'kubectl', image: 'bitnami/kubectl:1.31', ...(opts.command ? { command: opts.command } : {}), args: opts.args ?? (opts.command ? [] : ['get', 'pods']) }],
    },
  } as KObject;
}

const FORBIDDEN = 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"\n';

describe('kubectl in a pod, as its ServiceAccount', () => {
  it('is refused: the log shows the Forbidden line and the container exits 1', () => {
    const { cluster, client } = setup();
    client.create('pods', kubectlPod('lister'));
    cluster.runUntil(cluster.clock.now() + 30_000);
    // kubectl saw its own pod as the kubelet had last reported it: waiting out the back-off.
    expect(client.podLog!('default', 'lister', { container: 'kubectl' })).toBe(FORBIDDEN);
    const pod = client.get<Pod>('pods', 'default', 'lister');
    expect(pod.status?.phase).toBe('Failed');
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    // The request went to the API server as the ServiceAccount, and was denied.
    const denied = cluster.api.audit.recent().filter((r) => r.user === 'system:serviceaccount:default:default');
    expect(denied.map((r) => `${r.verb} ${r.resource} ${r.code}`)).toEqual(['list pods 403']);
  });

  it('lists pods once allowed; a restarted container runs kubectl again', () => {
    const { cluster, client, state } = setup();
    client.create('pods', kubectlPod('lister', { restartPolicy: 'OnFailure' }));
    cluster.runUntil(cluster.clock.now() + 5_000);
    // kubectl saw its own pod as the kubelet had last reported it: waiting out the back-off.
    expect(client.podLog!('default', 'lister', { container: 'kubectl' })).toBe(FORBIDDEN);
    state.grantPods();
    cluster.runUntil(cluster.clock.now() + 60_000);
    const pod = client.get<Pod>('pods', 'default', 'lister');
    expect(pod.status?.phase).toBe('Succeeded');
    // The kubelet restarts a failed container at once the first time, then after 10 s of back-off.
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(2);
    expect(client.podLog!('default', 'lister', { container: 'kubectl', previous: true })).toBe(FORBIDDEN);
    // kubectl saw its own pod as the kubelet had last reported it: waiting out the back-off.
    expect(client.podLog!('default', 'lister', { container: 'kubectl' })).toBe('NAME     READY   STATUS             RESTARTS      AGE\nlister   0/1     CrashLoopBackOff   1 (11s ago)   14s\n');
  });
});

describe('a script that runs kubectl', () => {
  it('runs each kubectl at its time: what it prints follows the cluster as it changes', () => {
    const { cluster, client } = setup(true);
    client.create('pods', kubectlPod('watcher', { command: ['sh', '-c'], args: ['while true; do kubectl get pods -o name; echo ---; sleep 10; done'] }));
    cluster.runUntil(cluster.clock.now() + 5_000);
    client.create('pods', kubectlPod('second', { command: ['sleep', 'infinity'] }));
    cluster.runUntil(cluster.clock.now() + 20_000);
    expect(client.podLog!('default', 'watcher', { container: 'kubectl' })).toBe('pod/watcher\n---\npod/second\npod/watcher\n---\npod/second\npod/watcher\n---\n');
    expect(client.get<Pod>('pods', 'default', 'watcher').status?.phase).toBe('Running');
  });

  it('a kubectl that watches runs on, and its log grows as the cluster changes', () => {
    const { cluster, client, state } = setup(true);
    state.grantEdit();
    client.create('pods', kubectlPod('watcher', { args: ['get', 'pods', '-w'] }));
    cluster.runUntil(cluster.clock.now() + 5_000);
    client.create('pods', kubectlPod('second', { command: ['sleep', 'infinity'] }));
    cluster.runUntil(cluster.clock.now() + 10_000);
    expect(client.podLog!('default', 'watcher', { container: 'kubectl' })).toBe(
      'NAME      READY   STATUS              RESTARTS   AGE\nwatcher   0/1     ContainerCreating   0          2s\nwatcher   1/1   Running   0     3s\nsecond   0/1   Pending   0     0s\nsecond   0/1   Pending   0     0s\nsecond   0/1   ContainerCreating   0     0s\nsecond   1/1   Running   0     1s\n',
    );
    expect(client.get<Pod>('pods', 'default', 'watcher').status?.phase).toBe('Running');
  });

  it("ends with the script's status once its kubectl runs are known", () => {
    const { cluster, client } = setup();
    client.create('pods', kubectlPod('check', { command: ['sh', '-c'], args: ['kubectl get pods >/dev/null 2>&1 || { echo cannot list pods; exit 3; }'] }));
    cluster.runUntil(cluster.clock.now() + 20_000);
    expect(client.podLog!('default', 'check', { container: 'kubectl' })).toBe('cannot list pods\n');
    expect(client.get<Pod>('pods', 'default', 'check').status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('without a token prints the connection error after client-go\'s discovery retries', () => {
    const { cluster, client } = setup();
    client.create('pods', kubectlPod('offline', { automount: false }));
    cluster.runUntil(cluster.clock.now() + 20_000);
    const log = client.podLog!('default', 'offline', { container: 'kubectl' }).split('\n');
    expect(log.slice(5)).toEqual(['The connection to the server localhost:8080 was refused - did you specify the right host or port?', '']);
    expect(log.slice(0, 5).map((l) => l.replace(/^E0902 10:00:\d\d\.\d{6}/, 'E0902 T'))).toEqual(Array(5).fill('E0902 T       1 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused" logger="UnhandledError"'));
    expect(client.get<Pod>('pods', 'default', 'offline').status?.phase).toBe('Failed');
  });

  it("registry.k8s.io/kubectl's ENTRYPOINT is kubectl too: the args are its command", () => {
    const { cluster, client } = setup(true);
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'upstream', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'kubectl', image: 'registry.k8s.io/kubectl:v1.31.0', args: ['get', 'pods', '-o', 'name'] }] } } as KObject);
    cluster.runUntil(cluster.clock.now() + 20_000);
    expect(client.podLog!('default', 'upstream', { container: 'kubectl' })).toBe('pod/upstream\n');
    expect(client.get<Pod>('pods', 'default', 'upstream').status?.phase).toBe('Succeeded');
  });

  it('with no args prints kubectl\'s help (the image\'s CMD) and exits 0', () => {
    const { cluster, client } = setup();
    client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'kubectl', image: 'bitnami/kubectl:latest' }] } } as KObject);
    cluster.runUntil(cluster.clock.now() + 20_000);
    expect(client.podLog!('default', 'plain', { container: 'kubectl' }).split('\n').slice(0, 3)).toEqual(['kubectl controls the Kubernetes cluster manager.', '', ' Find more information at: https://kubernetes.io/docs/reference/kubectl/']);
    expect(client.get<Pod>('pods', 'default', 'plain').status?.phase).toBe('Succeeded');
  });
});

describe('kubectl apply -f with the container\'s files', () => {
  it('reads a manifest from a mounted ConfigMap', () => {
    const { cluster, client, state } = setup();
    state.grantEdit();
    client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'manifests', namespace: 'default' }, data: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-by-job\ndata:\n  a: "1"\n', 'notes.txt': 'not a manifest\n' } } as KObject);
    client.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'applier', namespace: 'default' },
      spec: {
        restartPolicy: 'Never',
        volumes: [{ name: 'manifests', configMap: { name: 'manifests' } }],
        containers: [{ name: 'kubectl', image: 'bitnami/kubectl:1.31', args: ['apply', '-f', '/manifests/'], volumeMounts: [{ name: 'manifests', mountPath: '/manifests' }] }],
      },
    } as KObject);
    cluster.runUntil(cluster.clock.now() + 20_000);
    expect(client.podLog!('default', 'applier', { container: 'kubectl' })).toBe('configmap/made-by-job created\n');
    expect(client.get<KObject & { data?: Record<string, string> }>('configmaps', 'default', 'made-by-job').data).toEqual({ a: '1' });
  });
});

describe('kubectl exec into a kubectl image', () => {
  it('runs kubectl as the pod\'s ServiceAccount, and the token file is there to read', () => {
    const { cluster, client } = setup();
    client.create('pods', kubectlPod('tools', { command: ['sleep', 'infinity'] }));
    cluster.runUntil(cluster.clock.now() + 10_000);
    const r = client.podExec!('default', 'tools', { container: 'kubectl', command: ['kubectl', 'get', 'pods'] });
    expect(r).toEqual({ stdout: '', stderr: FORBIDDEN, exitCode: 1 });
    const sh = client.podExec!('default', 'tools', { container: 'kubectl', command: ['sh', '-c', 'kubectl get pods -o name || echo refused; kubectl get secrets'] });
    expect(sh.stdout).toBe('refused\n');
    expect(sh.stderr).toBe(FORBIDDEN + 'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "default"\n');
    const token = client.podExec!('default', 'tools', { container: 'kubectl', command: ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'] }).stdout;
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; 'kubernetes.io': { pod: { name: string } } };
    expect(payload.sub).toBe('system:serviceaccount:default:default');
    expect(payload['kubernetes.io'].pod.name).toBe('tools');
  });
});
