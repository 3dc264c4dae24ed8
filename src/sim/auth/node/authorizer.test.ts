import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { req, urlReq, user } from '../testFixtures';
import { NodeAuthorizer, type NodeGraphSource } from './authorizer';

function pod(namespace: string, name: string, nodeName: string, spec: Partial<NonNullable<Pod['spec']>> = {}, annotations?: Record<string, string>): Pod {
  return { metadata: { namespace, name, ...(annotations ? { annotations } : {}) }, spec: { nodeName, serviceAccountName: 'default', containers: [{ name: 'app', image: 'nginx' }], ...spec } };
}

function graphOf(pods: Pod[], pvs: PersistentVolume[] = [], attachments: Record<string, string> = {}): NodeGraphSource {
  return {
    podsOnNode: (n) => pods.filter((p) => p.spec?.nodeName === n),
    persistentVolumesOfClaim: (ns, claim) => pvs.filter((pv) => pv.spec?.claimRef?.namespace === ns && pv.spec?.claimRef?.name === claim),
    persistentVolume: (name) => pvs.find((pv) => pv.metadata?.name === name),
    volumeAttachmentNode: (name) => attachments[name],
    resourceSliceNode: () => undefined,
  };
}

const kubelet = user('system:node:worker-1', 'system:nodes');
const allowed = { allowed: true, by: 'Node', reason: '', considered: [] };
const unrelated = { allowed: false, reason: "no relationship found between node 'worker-1' and this object", considered: [] };

describe('NodeAuthorizer', () => {
  const web = pod('default', 'web', 'worker-1', {
    imagePullSecrets: [{ name: 'registry' }],
    containers: [
      {
        name: 'app',
        image: 'nginx',
        env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-password', key: 'pw' } } }],
        envFrom: [{ configMapRef: { name: 'app-env' } }],
      },
    ],
    volumes: [
      { name: 'conf', configMap: { name: 'nginx-conf' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'tok', projected: { sources: [{ secret: { name: 'projected-secret' } }] } },
    ],
    serviceAccountName: 'web-sa',
  });
  const elsewhere = pod('default', 'api', 'worker-2', { volumes: [{ name: 's', secret: { secretName: 'api-secret' } }] });
  const mirror = pod('kube-system', 'etcd-worker-1', 'worker-1', { volumes: [{ name: 's', secret: { secretName: 'etcd-certs' } }] }, { 'kubernetes.io/config.mirror': 'abc' });
  const pv: PersistentVolume = {
    metadata: { name: 'pv-data' },
    spec: {
      claimRef: { namespace: 'default', name: 'data' },
      csi: {
        driver: 'x',
        volumeHandle: 'h',
        nodePublishSecretRef: { name: 'csi-creds', namespace: 'storage' },
        controllerPublishSecretRef: { name: 'csi-admin', namespace: 'storage' },
      },
    },
  };
  const node = new NodeAuthorizer(graphOf([web, elsewhere, mirror], [pv], { 'csi-abc': 'worker-1', 'csi-def': 'worker-2' }));

  it('has no opinion on users that are not kubelets', () => {
    expect(node.authorize(req(user('alice'), 'get', 'secrets', { namespace: 'default', name: 'registry' }))).toEqual({ allowed: false, reason: '', considered: [] });
    expect(node.authorize(req(user('system:node:worker-1'), 'get', 'nodes'))).toEqual({ allowed: false, reason: '', considered: [] });
    expect(node.authorize(req(user('system:node:', 'system:nodes'), 'get', 'nodes')).reason).toBe('unknown node for user "system:node:"');
  });

  it('lets a kubelet read the secrets and config maps its pods reference, and nothing else', () => {
    for (const name of ['registry', 'db-password', 'projected-secret']) {
      expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'default', name }))).toEqual(allowed);
    }
    expect(node.authorize(req(kubelet, 'watch', 'configmaps', { namespace: 'default', name: 'nginx-conf' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'configmaps', { namespace: 'default', name: 'app-env' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'default', name: 'api-secret' }))).toEqual(unrelated);
    expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'other', name: 'registry' }))).toEqual(unrelated);
    // a mirror pod grants nothing
    expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'kube-system', name: 'etcd-certs' }))).toEqual(unrelated);
  });

  it('words the refusals of the wrong verb, subresource, scope or missing name', () => {
    expect(node.authorize(req(kubelet, 'list', 'secrets', { namespace: 'default' })).reason).toBe('No Object name found');
    expect(node.authorize(req(kubelet, 'update', 'secrets', { namespace: 'default', name: 'registry' })).reason).toBe('can only read resources of this type');
    expect(node.authorize(req(kubelet, 'list', 'secrets')).reason).toBe('can only read namespaced object of this type');
    expect(node.authorize(req(kubelet, 'list', 'persistentvolumeclaims', { namespace: 'default' })).reason).toBe('can only get individual resources of this type');
    expect(node.authorize(req(kubelet, 'get', 'persistentvolumeclaims/status', { namespace: 'default', name: 'data' })).reason).toBe('can only get/update/patch this type');
    expect(node.authorize(req(kubelet, 'patch', 'persistentvolumeclaims/status', { namespace: 'default', name: 'data' }))).toEqual(allowed);
  });

  it('follows pod → pvc → pv → secret, including generic ephemeral claims', () => {
    expect(node.authorize(req(kubelet, 'get', 'persistentvolumeclaims', { namespace: 'default', name: 'data' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'persistentvolumeclaims', { namespace: 'default', name: 'web-scratch' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'persistentvolumes', { name: 'pv-data' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'persistentvolumes', { name: 'pv-other' }))).toEqual(unrelated);
    expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'storage', name: 'csi-creds' }))).toEqual(allowed);
    // the controller's CSI secret is not the kubelet's
    expect(node.authorize(req(kubelet, 'get', 'secrets', { namespace: 'storage', name: 'csi-admin' }))).toEqual(unrelated);
  });

  it('creates tokens only for the service accounts of its pods', () => {
    expect(node.authorize(req(kubelet, 'create', 'serviceaccounts/token', { namespace: 'default', name: 'web-sa' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'create', 'serviceaccounts/token', { namespace: 'default', name: 'admin' }))).toEqual(unrelated);
    expect(node.authorize(req(kubelet, 'get', 'serviceaccounts', { namespace: 'default', name: 'web-sa' })).reason).toBe('can only create tokens for individual service accounts');
    expect(node.authorize(req(kubelet, 'create', 'serviceaccounts', { namespace: 'default', name: 'web-sa' })).reason).toBe('can only create token subresource of serviceaccount');
  });

  it('limits leases and CSINodes to its own name, volume attachments to its own node', () => {
    expect(node.authorize(req(kubelet, 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'worker-1' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'worker-2' })).reason).toBe(
      'can only access node lease with the same name as the requesting node',
    );
    expect(node.authorize(req(kubelet, 'get', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-system', name: 'worker-1' })).reason).toBe(
      'can only access leases in the "kube-node-lease" system namespace',
    );
    expect(node.authorize(req(kubelet, 'list', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-node-lease' })).reason).toBe(
      'can only get, create, update, patch, or delete a node lease',
    );
    expect(node.authorize(req(kubelet, 'create', 'leases', { group: 'coordination.k8s.io', namespace: 'kube-node-lease' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'csinodes', { group: 'storage.k8s.io', name: 'worker-2' })).reason).toBe(
      'can only access CSINode with the same name as the requesting node',
    );
    expect(node.authorize(req(kubelet, 'get', 'volumeattachments', { group: 'storage.k8s.io', name: 'csi-abc' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'volumeattachments', { group: 'storage.k8s.io', name: 'csi-def' }))).toEqual(unrelated);
  });

  it('checks everything else against the static node rules', () => {
    expect(node.authorize(req(kubelet, 'list', 'pods'))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'get', 'nodes', { name: 'worker-2' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'patch', 'nodes/status', { name: 'worker-1' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'create', 'events', { namespace: 'default' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'create', 'pods/eviction', { namespace: 'default', name: 'web' }))).toEqual(allowed);
    expect(node.authorize(req(kubelet, 'delete', 'services', { namespace: 'default', name: 'x' }))).toEqual({ allowed: false, reason: '', considered: [] });
    expect(node.authorize(req(kubelet, 'list', 'deployments', { group: 'apps' }))).toEqual({ allowed: false, reason: '', considered: [] });
    expect(node.authorize(urlReq(kubelet, 'get', '/healthz'))).toEqual({ allowed: false, reason: '', considered: [] });
  });

  it('reports that a kubelet\'s rules cannot be listed', () => {
    expect(node.rulesFor(kubelet)).toEqual({ incomplete: true, error: 'node authorizer does not support user rule resolution' });
    expect(node.rulesFor(user('alice'))).toEqual({ incomplete: false });
  });
});
