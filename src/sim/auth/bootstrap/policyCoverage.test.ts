import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { RbacIndex } from '../rbac/source';
import { RbacAuthorizer } from '../rbac/authorizer';
import { groupsOf } from '../../api/conversation/components';


describe('the bootstrap policy against what the components do', () => {
  it("allows every request the control plane's components and add-ons make in the first minute, none refused", () => {
    const c = createCluster({});
    c.runUntil(60_000);
    const k = c.client('system:apiserver');
    const objects = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].flatMap((p) => k.list(p, undefined).items);
    const rbac = new RbacAuthorizer(RbacIndex.of(objects));
    const denied = new Set<string>();
    const asked = new Set<string>();
    for (const r of c.api.audit.recent()) {
      const groups = groupsOf(r.user);
      // system:masters skip authorization; kubelets are the Node authorizer's
      if (groups.includes('system:masters') || r.user.startsWith('system:node:')) continue;
      const def = c.api.registry.resource(r.resource)?.def;
      const group = def?.group ?? '';
      asked.add(r.user);
      const d = rbac.authorize({
        user: { name: r.user, groups },
        verb: r.verb,
        resourceRequest: true,
        apiGroup: group,
        apiVersion: def?.version ?? '',
        resource: r.resource,
        subresource: r.subresource ?? '',
        namespace: r.namespace ?? '',
        name: r.name ?? '',
        path: '',
      });
      if (!d.allowed) denied.add(`${r.user} ${r.verb} ${group}/${r.resource}${r.subresource ? `/${r.subresource}` : ''}`);
    }
    // who was asked about (kubeadm's requests as kubernetes-admin among them)
    expect([...asked].sort()).toEqual([
      'kubernetes-admin',
      'system:kube-controller-manager',
      'system:kube-scheduler',
      'system:serviceaccount:kube-flannel:flannel',
      'system:serviceaccount:kube-system:clusterrole-aggregation-controller',
      'system:serviceaccount:kube-system:coredns',
      'system:serviceaccount:kube-system:daemon-set-controller',
      'system:serviceaccount:kube-system:deployment-controller',
      'system:serviceaccount:kube-system:endpoint-controller',
      'system:serviceaccount:kube-system:endpointslice-controller',
      'system:serviceaccount:kube-system:generic-garbage-collector',
      'system:serviceaccount:kube-system:kube-proxy',
      'system:serviceaccount:kube-system:node-controller',
      'system:serviceaccount:kube-system:replicaset-controller',
      'system:serviceaccount:kube-system:root-ca-cert-publisher',
      'system:serviceaccount:kube-system:service-account-controller',
      'system:serviceaccount:local-path-storage:local-path-provisioner-service-account',
    ]);
    expect([...denied].sort()).toEqual([]);
  });
});
