import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import type { Cluster } from '../cluster';
import type { KObject } from '../types';
import { runKubectl } from '../../kubectl/kubectl';
import { Kubeconfig } from '../../kubectl/kubeconfig';
import { requestDetail } from './conversation/detail';
import { selectedName } from './authorizationFilter';
import { StatusError } from './types';

const RBAC = 'rbac.authorization.k8s.io/v1';

describe('the name a list or watch is authorized with', () => {
  it('is the exact metadata.name requirement of its field selector, as RequestInfoFactory finds it', () => {
    expect(selectedName('list', { fieldSelector: 'metadata.name=web' })).toBe('web');
    expect(selectedName('watch', { fieldSelector: 'metadata.name==web' })).toBe('web');
    expect(selectedName('list', { fieldSelector: 'status.phase=Running,metadata.name=web' })).toBe('web');
    expect(selectedName('list', { fieldSelector: 'metadata.name!=web' })).toBeUndefined();
    expect(selectedName('list', { fieldSelector: 'metadata.namespace=default' })).toBeUndefined();
    expect(selectedName('list', { labelSelector: 'app=web' })).toBeUndefined();
    expect(selectedName('get', { fieldSelector: 'metadata.name=web' })).toBeUndefined();
  });

  it('is none when the value could not be a path segment, or the selector does not parse', () => {
    expect(selectedName('list', { fieldSelector: 'metadata.name=a/b' })).toBeUndefined();
    expect(selectedName('list', { fieldSelector: 'metadata.name=..' })).toBeUndefined();
    expect(selectedName('list', { fieldSelector: 'metadata.name=50%' })).toBeUndefined();
    expect(selectedName('list', { fieldSelector: 'metadata.name' })).toBeUndefined();
  });
});

/** Authorization on; alice may get, list and watch the pod named web in default, and nothing else. */
function onlyWeb(): Cluster {
  const c = createCluster({ bare: true, users: [{ name: 'alice', groups: ['dev'] }] });
  const admin = c.client('kubernetes-admin');
  admin.create('clusterrolebindings', { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'kubeadm:cluster-admins' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }] } as KObject);
  admin.create('roles', { apiVersion: RBAC, kind: 'Role', metadata: { name: 'web-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], resourceNames: ['web'], verbs: ['get', 'list', 'watch'] }] } as KObject);
  admin.create('rolebindings', { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'alice-web', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web-reader' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }] } as KObject);
  admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } } as KObject);
  for (const name of ['web', 'db']) admin.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as KObject);
  c.api.authorizationMode = 'Node,RBAC';
  return c;
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status.message ?? '';
    throw e;
  }
  return 'served';
}

describe('resourceNames rules and lists or watches of one object', () => {
  let c: Cluster;
  beforeEach(() => {
    c = onlyWeb();
  });

  it('serves a list whose field selector pins the allowed name, and only that', () => {
    const alice = c.client('alice');
    expect(alice.list('pods', 'default', { fieldSelector: 'metadata.name=web' }).items.map((p) => p.metadata.name)).toEqual(['web']);
    const kept = c.api.conversation.request(c.api.conversation.next - 1)!;
    expect(kept.authz?.reason).toBe('RBAC: allowed by RoleBinding "alice-web/default" of Role "web-reader" to User "alice"');
    expect(message(() => alice.list('pods', 'default', { fieldSelector: 'metadata.name=db' }))).toBe('pods "db" is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(message(() => alice.list('pods', 'default'))).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(message(() => alice.list('pods', 'default', { fieldSelector: 'metadata.name!=db' }))).toBe('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  it('serves a watch of the allowed name', () => {
    const seen: string[] = [];
    const w = c.client('alice').watch('pods', 'default', { fieldSelector: 'metadata.name=web', resourceVersion: '0' }, (ev) => seen.push(`${ev.type} ${(ev.object as KObject).metadata?.name}`));
    c.clock.runUntil(c.clock.now() + 1000);
    w.stop();
    expect(seen).toEqual(['ADDED web']);
    expect(message(() => c.client('alice').watch('pods', 'default', { fieldSelector: 'metadata.name=db' }, () => undefined))).toBe('pods "db" is forbidden: User "alice" cannot watch resource "pods" in API group "" in the namespace "default"');
  });

  it('names the selected object in the request log and the audit objectRef, the URL unchanged', () => {
    c.client('alice').list('pods', 'default', { fieldSelector: 'metadata.name=web' });
    const log = c.api.conversation;
    const r = requestDetail(log, log.next - 1, c.apiEndpoints(), { userInfo: (n) => c.api.authn.userInfo(n) });
    if ('error' in r) throw new Error(r.error);
    expect(r.detail.entry.uri).toBe('/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb');
    expect(r.detail.authz).toMatchObject({ decision: 'allow', verb: 'list', resource: 'pods', namespace: 'default', name: 'web' });
    expect((JSON.parse(r.detail.audit) as { objectRef: unknown }).objectRef).toEqual({ resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1' });
  });

  it('lets kubectl get pods --field-selector metadata.name=web and get pod web -w through', () => {
    const kubeconfig = Kubeconfig.kubeadm('https://192.168.1.10:6443', ['alice']);
    const k = (line: string) => runKubectl(line, { client: c.client(), clientFor: (u) => c.client(u), kubeconfig, nowMs: () => c.clock.now() });
    expect(k('get pods --field-selector metadata.name=web --as=alice')).toEqual({ stdout: 'NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n', stderr: '', exitCode: 0 });
    const w = k('get pod web -w --as=alice');
    expect([w.stdout, w.stderr]).toEqual(['NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n', '']);
    expect(k('get pods --field-selector metadata.name=db --as=alice').stderr).toBe('Error from server (Forbidden): pods "db" is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n');
  });
});
