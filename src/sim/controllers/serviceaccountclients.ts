/**
 * kube-controller-manager with `--use-service-account-credentials` (kubeadm's setting) builds each
 * controller's client from a ServiceAccount in kube-system named after the controller; its client
 * builder creates the account when it is missing (SAControllerClientBuilder: get, then create). This
 * is why `kubectl get serviceaccounts -n kube-system` lists the controllers. (The token it then
 * requests for each is not simulated.)
 */
import type { Component } from '../component';
import type { Client } from '../client/types';
import { isStatusError } from '../api/types';

const SA_PREFIX = 'system:serviceaccount:kube-system:';

export class ControllerServiceAccounts implements Component {
  readonly name = 'controller-service-accounts';

  /** `users`: the controllers' identities; those that are kube-system ServiceAccounts get one. */
  constructor(
    private readonly client: Client,
    private readonly users: readonly string[],
  ) {}

  start(): void {
    const names = [...new Set(this.users.filter((u) => u.startsWith(SA_PREFIX)).map((u) => u.slice(SA_PREFIX.length)))];
    for (const name of names) this.ensure(name);
  }

  private ensure(name: string): void {
    try {
      this.client.get('serviceaccounts', 'kube-system', name);
      return;
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
    try {
      this.client.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system' } }, { namespace: 'kube-system' });
    } catch (e) {
      if (!isStatusError(e, 'AlreadyExists')) throw e;
    }
  }
}
