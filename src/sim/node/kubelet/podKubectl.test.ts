import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { loadKubectl } from '../../../kubectl/lazy';
import type { RequestAuthorizer } from '../../api/authorization';
import type { KObject, Pod } from '../../types';

beforeAll(async () => {
  await loadKubectl();
});

/**
 * RBAC as far as these tests need it: everyone but the ServiceAccounts of `default` may do anything;
 * those may list pods once `grant` is on. (The real chain is the auth module's; here the point is what
 * the pod's kubectl does with the answer.)
 */
function setup(grantAtStart = false) {
  const cluster = createCluster({ seed: 5 });
  const state = { grant: grantAtStart };
  const authorizer: RequestAuthorizer = {
    authorize: (a) => {
      const sa = a.user.name.startsWith('system:serviceaccount:default:');
      const allowed = !sa || (state.grant && a.resource === 'pods' && (a.verb === 'list' || a.verb === 'get'));
      return { allowed, reason: '', considered: [], ...(allowed ? { by: 'RBAC' as const } : {}) };
    },
    rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
  };
  cluster.api.authorizer = authorizer;
  cluster.api.authorizationMode = 'Node,RBAC';
  const client = cluster.client('kubernetes-admin');
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
      containers: [{ name: 'kubectl', image: 'bitnami/kubectl:1.31', ...(opts.command ? { command: opts.command } : {}), args: opts.args ?? ['get', 'pods'] }],
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
    state.grant = true;
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
