/**
 * ServiceAccountsController (k8s.io/kubernetes pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * makes sure every Active namespace has the `default` ServiceAccount, which the ServiceAccount admission
 * plugin needs before a pod can be created there; a deleted one is made again.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../types';
import { isStatusError } from '../api/types';

type NS = Namespace & StoredObject;
type SA = ServiceAccount & StoredObject;

/** The ServiceAccounts every namespace gets (the controller's default options). */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

export class ServiceAccountsController implements Component {
  readonly name = 'serviceaccount-controller';
  static readonly eventSource = 'serviceaccount-controller';
  static readonly user = 'system:serviceaccount:kube-system:service-account-controller';

  readonly queue: WorkQueue;
  private readonly nsInformer: Informer<NS>;
  private readonly saInformer: Informer<SA>;

  constructor(private readonly ctx: ComponentContext) {
    this.nsInformer = ctx.informers.informer<NS>('namespaces');
    this.saInformer = ctx.informers.informer<SA>('serviceaccounts');
    this.queue = ctx.newQueue('serviceaccount', (ns) => this.syncNamespace(ns));
  }

  start(): void {
    this.nsInformer.addEventHandler({
      add: (ns) => this.queue.add(ns.metadata.name),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(cur.metadata.name);
      },
    });
    this.saInformer.addEventHandler({
      delete: (sa) => {
        if (sa.metadata.namespace && SERVICE_ACCOUNTS_TO_ENSURE.includes(sa.metadata.name)) this.queue.add(sa.metadata.namespace);
      },
    });
    this.ctx.informers.start();
  }

  syncNamespace(name: string): void {
    if (!this.nsInformer.hasSynced() || !this.saInformer.hasSynced()) {
      this.queue.addAfter(name, 100);
      return;
    }
    const ns = this.nsInformer.get(name);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status?.phase ?? 'Active') !== 'Active') return;
    for (const sa of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.saInformer.get(`${name}/${sa}`)) continue;
      try {
        this.ctx.client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } }, { namespace: name });
      } catch (e) {
        if (isStatusError(e, 'AlreadyExists')) continue;
        // A namespace being torn down refuses new content; nothing to do.
        if (isStatusError(e, 'Forbidden') && /being terminated/.test(e.message)) continue;
        if (isStatusError(e, 'NotFound')) continue;
        throw e;
      }
    }
  }
}
