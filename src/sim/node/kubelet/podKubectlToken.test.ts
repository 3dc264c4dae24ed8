import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { loadKubectl } from '../../../kubectl/lazy';
import type { RequestEntry } from '../../api/conversation/types';
import type { KObject } from '../../types';

beforeAll(async () => {
  await loadKubectl();
});

const CREDENTIALS = 'the server has asked for the client to provide credentials';
const DISCOVERY = `"Unhandled Error" err="couldn't get current server API group list: ${CREDENTIALS}"`;

function setup() {
  const cluster = createCluster({ seed: 11 });
  cluster.api.authorizationMode = 'Node,RBAC';
  const client = cluster.client('kubernetes-admin');
  client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'default' } } as KObject);
  client.create('rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'app-view', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'default' }] } as KObject);
  const exec = (pod: string, command: string[]) => client.podExec!('default', pod, { container: 'kubectl', command });
  return { cluster, client, exec };
}

function toolsPod(name: string, extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { serviceAccountName: 'app', containers: [{ name: 'kubectl', image: 'bitnami/kubectl:1.31', command: ['sleep', 'infinity'], ...container }], ...extra },
  } as KObject;
}

/** stderr with klog's varying header cut off each memcache line. */
function lines(stderr: string): string[] {
  return stderr.replace(/\n$/, '').split('\n').map((l) => l.replace(/^E\d{4} [\d:.]+ +\d+ memcache\.go:265\] /, ''));
}

describe('the kube-api-access token of a pod', () => {
  it('is asked of the API server by the kubelet once, when the pod starts, bound to the pod', () => {
    const { cluster, client, exec } = setup();
    client.create('pods', toolsPod('tools'));
    cluster.runUntil(cluster.clock.now() + 10_000);
    const requests = cluster.api.conversation.slice(0).filter((e): e is RequestEntry => e.kind === 'request' && e.resource === 'serviceaccounts' && e.subresource === 'token' && e.namespace === 'default');
    const node = client.get<{ spec?: { nodeName?: string } } & KObject>('pods', 'default', 'tools').spec?.nodeName;
    expect(requests.map((e) => `${e.user} ${e.method} ${e.uri} ${e.code}`)).toEqual([`system:node:${node} POST /api/v1/namespaces/default/serviceaccounts/app/token 201`]);
    const token = exec('tools', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token']).stdout;
    const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number; iat: number; sub: string; 'kubernetes.io': { pod: { name: string; uid: string }; serviceaccount: { uid: string }; warnafter: number } };
    const sa = client.get('serviceaccounts', 'default', 'app');
    const pod = client.get('pods', 'default', 'tools');
    expect(claims.sub).toBe('system:serviceaccount:default:app');
    expect(claims['kubernetes.io'].serviceaccount.uid).toBe(sa.metadata.uid);
    expect(claims['kubernetes.io'].pod).toEqual({ name: 'tools', uid: pod.metadata.uid });
    // The API server extends the kubelet's 3607 s to a year and says when to warn.
    expect(claims.exp - claims.iat).toBe(365 * 24 * 3600);
    expect(claims['kubernetes.io'].warnafter - claims.iat).toBe(3607);
    expect(exec('tools', ['kubectl', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toEqual({ stdout: 'system:serviceaccount:default:app\n', stderr: '', exitCode: 0 });
  });

  it('stops authenticating once its ServiceAccount is deleted, even when one of that name comes back', () => {
    const { cluster, client, exec } = setup();
    client.create('pods', toolsPod('tools'));
    cluster.runUntil(cluster.clock.now() + 10_000);
    expect(exec('tools', ['kubectl', 'get', 'sa', 'app', '-o', 'name'])).toEqual({ stdout: 'serviceaccount/app\n', stderr: '', exitCode: 0 });
    client.delete('serviceaccounts', 'default', 'app');
    cluster.runUntil(cluster.clock.now() + 1_000);
    const r = exec('tools', ['kubectl', 'get', 'pods']);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    expect(lines(r.stderr)).toEqual([DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, DISCOVERY, `error: You must be logged in to the server (${CREDENTIALS})`]);
    expect(exec('tools', ['kubectl', 'auth', 'whoami'])).toEqual({ stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', exitCode: 1 });
    expect(exec('tools', ['kubectl', 'create', 'configmap', 'x'])).toEqual({ stdout: '', stderr: 'error: failed to create configmap: Unauthorized\n', exitCode: 1 });
    // A new ServiceAccount "app" has another uid: the token still names the old one.
    client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'default' } } as KObject);
    expect(exec('tools', ['kubectl', 'auth', 'whoami'])).toEqual({ stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', exitCode: 1 });
    // A client-side error comes before any request, as for real.
    expect(exec('tools', ['kubectl', 'get', 'pods', '--nosuchflag']).stderr).toBe('error: unknown flag: --nosuchflag\nSee \'kubectl get --help\' for usage.\n');
  });

  it('is not forged: a token file the server did not issue is Unauthorized, whatever its sub', () => {
    const { cluster, client, exec } = setup();
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const forged = `${b64({ alg: 'RS256', kid: 'x' })}.${b64({ sub: 'kubernetes-admin', iss: 'https://kubernetes.default.svc.cluster.local', exp: 4_000_000_000 })}.c2lnbmF0dXJl`;
    client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'forged', namespace: 'default' }, data: { token: btoa(forged), namespace: btoa('default') } } as KObject);
    client.create('pods', toolsPod('forger', { automountServiceAccountToken: false, volumes: [{ name: 'sa', secret: { secretName: 'forged' } }] }, { volumeMounts: [{ name: 'sa', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }));
    cluster.runUntil(cluster.clock.now() + 10_000);
    expect(exec('forger', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token']).stdout.trim()).toBe(forged);
    expect(exec('forger', ['kubectl', 'auth', 'whoami'])).toEqual({ stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', exitCode: 1 });
    const r = exec('forger', ['kubectl', 'delete', 'namespace', 'kube-system']);
    expect(lines(r.stderr).at(-1)).toBe(`error: You must be logged in to the server (${CREDENTIALS})`);
    expect(client.get('namespaces', undefined, 'kube-system').metadata.name).toBe('kube-system');
  });

  it('cannot be had for a ServiceAccount deleted before the pod starts: the mount fails and the pod waits', () => {
    const { cluster, client } = setup();
    client.create('pods', toolsPod('late'));
    client.delete('serviceaccounts', 'default', 'app');
    cluster.runUntil(cluster.clock.now() + 10_000);
    const pod = client.get<{ status?: { containerStatuses?: { state?: { waiting?: { reason?: string } } }[] } } & KObject>('pods', 'default', 'late');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    const events = client.list<{ reason?: string; message?: string; involvedObject?: { name?: string } } & KObject>('events', 'default').items.filter((e) => e.involvedObject?.name === 'late' && e.reason === 'FailedMount');
    expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/^MountVolume\.SetUp failed for volume "kube-api-access-[a-z0-9]{5}" : failed to fetch token: serviceaccounts "app" not found$/)]);
  });
});
