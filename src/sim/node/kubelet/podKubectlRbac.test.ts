import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { kubectlModule, loadKubectl } from '../../../kubectl/lazy';
import type { KObject, Pod } from '../../types';
import type { RequestEntry } from '../../api/conversation/types';

beforeAll(async () => {
  await loadKubectl();
});

/** A cluster enforcing kubeadm's Node,RBAC over its bootstrap policy. */
function setup() {
  const cluster = createCluster({ seed: 7 });
  cluster.api.authorizationMode = 'Node,RBAC';
  const admin = cluster.client('kubernetes-admin');
  const kubectl = (line: string) => kubectlModule().runKubectl(line, { client: admin, nowMs: () => cluster.clock.now() });
  return { cluster, admin, kubectl };
}

function listerJob(name: string): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'kubectl', image: 'bitnami/kubectl:1.31', args: ['get', 'pods'] }] } } },
  } as KObject;
}

describe('a Job running kubectl get pods as the default ServiceAccount', () => {
  it('is Forbidden until a Role and RoleBinding grant it; then a new pod lists the pods', () => {
    const { cluster, admin, kubectl } = setup();
    admin.create('jobs', listerJob('lister'));
    cluster.runUntil(cluster.clock.now() + 30_000);
    expect(kubectl('logs job/lister')).toEqual({ stdout: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"\n', stderr: '', exitCode: 0 });
    expect(kubectl('get job lister -o jsonpath={.status.conditions[*].type}').stdout).toBe('FailureTarget Failed');
    const failed = admin.list<Pod>('pods', 'default').items.find((p) => p.metadata?.name?.startsWith('lister-'));
    expect(failed?.status?.phase).toBe('Failed');

    expect(kubectl('create role pod-reader --verb=get,list --resource=pods')).toEqual({ stdout: 'role.rbac.authorization.k8s.io/pod-reader created\n', stderr: '', exitCode: 0 });
    expect(kubectl('create rolebinding default-reads-pods --role=pod-reader --serviceaccount=default:default')).toEqual({ stdout: 'rolebinding.rbac.authorization.k8s.io/default-reads-pods created\n', stderr: '', exitCode: 0 });
    admin.create('jobs', listerJob('lister2'));
    cluster.runUntil(cluster.clock.now() + 30_000);
    const log = kubectl('logs job/lister2').stdout;
    // The image is on the node now: kubectl runs within a second of the pod's creation, and sees itself still being created.
    expect(log).toBe('NAME            READY   STATUS              RESTARTS   AGE\nlister-8kj5m    0/1     Error               0          30s\nlister2-8fspw   0/1     ContainerCreating   0          0s\n');
    expect(kubectl('get job lister2 -o jsonpath={.status.succeeded}').stdout).toBe('1');
    // The request log keeps RBAC's decision: the RoleBinding that allowed the list.
    const allowed = cluster.api.conversation.slice(1).filter((e): e is RequestEntry => e.kind === 'request' && e.user === 'system:serviceaccount:default:default');
    expect(allowed.map((e) => `${e.verb} ${e.resource} ${e.code}`)).toEqual(['list pods 403', 'list pods 200']);
    expect(allowed.map((e) => cluster.api.conversation.request(e.seq)?.authz?.reason)).toEqual(['', 'RBAC: allowed by RoleBinding "default-reads-pods/default" of Role "pod-reader" to ServiceAccount "default/default"']);
  });
});
