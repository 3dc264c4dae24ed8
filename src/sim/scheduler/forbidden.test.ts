/**
 * kube-scheduler when the API server refuses its requests (its RBAC binding gone): the Binding is
 * refused, the pod goes back to the queue with a SchedulerError, and the errors are printed as
 * kube-scheduler 1.31 prints them.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import { StatusError } from '../api/types';
import type { Client } from '../client/types';
import type { Node, Pod } from '../types';
import { Scheduler } from './scheduler';

const DENY_BIND = 'pods "web" is forbidden: User "system:kube-scheduler" cannot create resource "pods/binding" in API group "" in the namespace "default"';
const DENY_STATUS = 'pods "web" is forbidden: User "system:kube-scheduler" cannot patch resource "pods/status" in API group "" in the namespace "default"';

function forbidden(message: string, name: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { name, kind: 'pods' }, code: 403 });
}

describe('kube-scheduler refused by the API server', () => {
  it('logs the failed Bind plugin and the retry, keeps the pod Pending, and binds once allowed', () => {
    const cluster = createCluster({ bare: true, seed: 42 });
    const ctx = cluster.context('system:kube-scheduler', { component: 'default-scheduler' }, 'scheduler');
    let refuse = true;
    const inner = ctx.client;
    const client: Client = Object.create(inner) as Client;
    client.create = (resource, obj, opts) => {
      if (refuse && resource === 'pods' && opts?.subresource === 'binding') throw forbidden(DENY_BIND, 'web');
      return inner.create(resource, obj, opts);
    };
    client.patch = (resource, ns, name, patch, opts) => {
      if (refuse && resource === 'pods' && opts?.subresource === 'status') throw forbidden(DENY_STATUS, name);
      return inner.patch(resource, ns, name, patch, opts);
    };
    const lines: string[] = [];
    const scheduler = new Scheduler({ ...ctx, client, klog: (sev, src, msg) => lines.push(`${sev} ${src}] ${msg}`) });
    cluster.add(scheduler);
    scheduler.start();
    const admin = cluster.client();
    admin.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }, { namespace: 'default' });
    admin.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1' } }, spec: {}, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' } } } as Node);
    admin.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as Pod, { namespace: 'default' });
    cluster.runUntil(500);
    expect(lines).toEqual([
      'E framework.go:1316] "Plugin Failed" err="pods \\"web\\" is forbidden: User \\"system:kube-scheduler\\" cannot create resource \\"pods/binding\\" in API group \\"\\" in the namespace \\"default\\"" plugin="DefaultBinder" pod="default/web" node="worker-1"',
      'E schedule_one.go:1057] "Error scheduling pod; retrying" err="running Bind plugin \\"DefaultBinder\\": pods \\"web\\" is forbidden: User \\"system:kube-scheduler\\" cannot create resource \\"pods/binding\\" in API group \\"\\" in the namespace \\"default\\"" pod="default/web"',
      'E schedule_one.go:1101] "Error updating pod" err="pods \\"web\\" is forbidden: User \\"system:kube-scheduler\\" cannot patch resource \\"pods/status\\" in API group \\"\\" in the namespace \\"default\\"" pod="default/web"',
    ]);
    const pod = admin.get<Pod>('pods', 'default', 'web');
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.conditions).toBeUndefined();
    // A SchedulerError waits out the pod's back-off (1 s after its first attempt) and is tried again.
    expect(scheduler.queue.whereIs('default/web')).toBe('backoffQ');

    refuse = false;
    cluster.runUntil(20_000);
    expect(admin.get<Pod>('pods', 'default', 'web').spec?.nodeName).toBe('worker-1');
  });
});
