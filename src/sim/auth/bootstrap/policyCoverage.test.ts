import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { RbacIndex } from '../rbac/source';
import { RbacAuthorizer } from '../rbac/authorizer';
import { groupsOf } from '../../api/conversation/components';

/**
 * Requests the simulation's components make that the 1.31 policy would refuse. Each is a place where
 * the component departs from its upstream counterpart, not a gap in the policy:
 * - flanneld writes its node annotations through `nodes/status` upstream (its ClusterRole grants only that);
 * - the deployment controller sets the revision annotation with an update upstream (its role has no patch);
 * - the local-path provisioner runs without the ClusterRole and bindings its manifest installs.
 */
const KNOWN_DEPARTURES = [
  'system:serviceaccount:kube-flannel:flannel patch /nodes',
  'system:serviceaccount:kube-system:deployment-controller patch apps/deployments',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account list /persistentvolumeclaims',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account list /persistentvolumes',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account list storage.k8s.io/storageclasses',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account watch /persistentvolumeclaims',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account watch /persistentvolumes',
  'system:serviceaccount:local-path-storage:local-path-provisioner-service-account watch storage.k8s.io/storageclasses',
];

describe('the bootstrap policy against what the components do', () => {
  it("allows every request the control plane's components and add-ons make in the first minute, but the known departures", () => {
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
    expect([...denied].sort()).toEqual(KNOWN_DEPARTURES);
  });
});
