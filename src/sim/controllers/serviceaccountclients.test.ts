import { describe, expect, it } from 'vitest';
import { Harness } from './internal/testkit';
import { ControllerServiceAccounts } from './serviceaccountclients';

describe('ControllerServiceAccounts', () => {
  it("creates each controller's ServiceAccount in kube-system once, as kube-controller-manager, after a get finds none", () => {
    const h = new Harness();
    const kcm = h.cluster.client('system:kube-controller-manager');
    const users = ['system:serviceaccount:kube-system:job-controller', 'system:kube-controller-manager', 'system:serviceaccount:kube-system:job-controller', 'system:serviceaccount:kube-system:ttl-controller'];
    new ControllerServiceAccounts(kcm, users).start();
    new ControllerServiceAccounts(kcm, users).start();
    expect(h.k.list('serviceaccounts', 'kube-system').items.map((s) => s.metadata.name)).toEqual(['job-controller', 'ttl-controller']);
    const calls = h.cluster.api.audit
      .recent()
      .filter((r) => r.resource === 'serviceaccounts' && r.namespace === 'kube-system' && r.user !== 'kubernetes-admin')
      .map((r) => `${r.user} ${r.verb} ${r.name} ${r.code}`);
    expect(calls).toEqual([
      'system:kube-controller-manager get job-controller 404',
      'system:kube-controller-manager create job-controller 201',
      'system:kube-controller-manager get ttl-controller 404',
      'system:kube-controller-manager create ttl-controller 201',
      'system:kube-controller-manager get job-controller 200',
      'system:kube-controller-manager get ttl-controller 200',
    ]);
  });
});
