import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { componentOf, dialsServiceIP, groupsOf, userAgentOf } from './components';
import { clientLog } from './detail';
import { ConversationLog } from './recorder';
import { queryEscape } from './uri';

describe('who a request comes from', () => {
  it.each([
    ['kubernetes-admin', 'kubectl'],
    ['system:kube-scheduler', 'kube-scheduler'],
    ['system:kube-controller-manager', 'kube-controller-manager'],
    ['system:serviceaccount:kube-system:deployment-controller', 'deployment-controller'],
    ['system:serviceaccount:kube-system:generic-garbage-collector', 'generic-garbage-collector'],
    ['system:node:worker-2', 'kubelet/worker-2'],
    ['system:kube-proxy', 'kube-proxy'],
    ['system:serviceaccount:kube-system:kube-proxy', 'kube-proxy'],
    ['system:serviceaccount:kube-flannel:flannel', 'flanneld'],
    ['system:serviceaccount:kube-system:coredns', 'coredns'],
    ['system:serviceaccount:metallb-system:speaker', 'metallb'],
    ['system:apiserver', 'kube-apiserver'],
    ['alice', 'alice'],
  ])('%s is drawn as %s', (user, box) => {
    expect(componentOf(user)).toBe(box);
  });

  it('gives each user the groups its authenticator gives it', () => {
    expect(groupsOf('kubernetes-admin')).toEqual(['kubeadm:cluster-admins', 'system:authenticated']);
    expect(groupsOf('system:node:worker-1')).toEqual(['system:nodes', 'system:authenticated']);
    expect(groupsOf('system:serviceaccount:kube-system:replicaset-controller')).toEqual(['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated']);
  });

  it('escapes a selector as Go url.QueryEscape does', () => {
    expect(queryEscape('spec.nodeName=worker-1,app in (a b)!')).toBe('spec.nodeName%3Dworker-1%2Capp+in+%28a+b%29%21');
  });
});

describe('the log is bounded', () => {
  it('keeps the newest entries, and the bodies of the newest requests only; an older request says its body is gone', () => {
    const c = createCluster({ bare: true });
    const log = new ConversationLog(c.clock, c.api.store, 10, 3);
    const k = c.client('kubernetes-admin');
    for (let i = 0; i < 6; i++) {
      const kept = log.begin('kubernetes-admin', 'create', { plural: 'configmaps', group: '', version: 'v1', namespaced: true }, 'default', `cm-${i}`, undefined, { body: { metadata: { name: `cm-${i}` } } });
      log.end(kept, 201, k.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' } }), undefined);
    }
    expect(log.oldest).toBe(1);
    expect(log.request(6)!.bodies).toBe(true);
    expect(log.request(3)!.bodies).toBe(false);
    const old = clientLog(log.request(3)!, c.apiEndpoints());
    expect(old.split('\n').slice(0, 2)).toEqual(['# the bodies of this request are no longer kept (only the most recent requests keep theirs)', 'I0902 10:00:00.000000    5218 round_trippers.go:463] POST https://192.168.1.10:6443/api/v1/namespaces/default/configmaps']);
    expect(old).not.toContain('Response Body');
    for (let i = 6; i < 15; i++) log.end(log.begin('kubernetes-admin', 'get', { plural: 'configmaps', group: '', version: 'v1', namespaced: true }, 'default', 'cm-0', undefined, undefined), 200, undefined, undefined);
    expect(log.next).toBe(16);
    expect(log.oldest).toBe(6);
    expect(log.at(5)).toBeUndefined();
    expect(log.slice(1).map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });
});

describe('User-Agent', () => {
  it('ends with the short commit of v1.31.0, as client-go builds it', () => {
    expect(userAgentOf('kubernetes-admin')).toBe('kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc');
    expect(userAgentOf('system:node:worker-1')).toBe('kubelet/v1.31.0 (linux/amd64) kubernetes/9edcffc');
  });

  it("an application's ServiceAccount is kubectl in a pod, which dials the kubernetes Service", () => {
    expect(componentOf('system:serviceaccount:default:lister')).toBe('system:serviceaccount:default:lister');
    expect(userAgentOf('system:serviceaccount:default:lister')).toBe('kubectl/v1.31.0 (linux/amd64) kubernetes/9edcffc');
    expect(dialsServiceIP('system:serviceaccount:default:lister')).toBe(true);
    expect(dialsServiceIP('kubectl')).toBe(false);
  });
});

describe("kubeadm's add-ons", () => {
  it('are drawn as kubeadm, sent with admin.conf\'s identity and kubeadm\'s User-Agent; what the administrator applies after (flannel) is kubectl\'s', () => {
    const c = createCluster({});
    const log = c.api.conversation;
    const creates = log.slice(1).filter((e) => e.kind === 'request' && e.verb === 'create' && e.atMs === -30_000 && (e.component === 'kubeadm' || e.component === 'kubectl'));
    expect(creates.map((e) => `${e.component} ${e.user} ${e.resource} ${e.namespace ?? ''}/${e.name ?? ''}`)).toEqual([
      // kubeadm init's phases: the cluster-admins binding, upload-config's and bootstrap-token's RBAC.
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:cluster-admins',
      'kubeadm kubernetes-admin roles kube-system/kubeadm:nodes-kubeadm-config',
      'kubeadm kubernetes-admin rolebindings kube-system/kubeadm:nodes-kubeadm-config',
      'kubeadm kubernetes-admin roles kube-system/kubeadm:kubelet-config',
      'kubeadm kubernetes-admin rolebindings kube-system/kubeadm:kubelet-config',
      'kubeadm kubernetes-admin clusterroles /kubeadm:get-nodes',
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:get-nodes',
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:kubelet-bootstrap',
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:node-autoapprove-bootstrap',
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:node-autoapprove-certificate-rotation',
      'kubeadm kubernetes-admin roles kube-public/kubeadm:bootstrap-signer-clusterinfo',
      'kubeadm kubernetes-admin rolebindings kube-public/kubeadm:bootstrap-signer-clusterinfo',
      'kubeadm kubernetes-admin configmaps kube-system/coredns',
      'kubeadm kubernetes-admin clusterroles /system:coredns',
      'kubeadm kubernetes-admin clusterrolebindings /system:coredns',
      'kubeadm kubernetes-admin serviceaccounts kube-system/coredns',
      'kubeadm kubernetes-admin deployments kube-system/coredns',
      'kubeadm kubernetes-admin services kube-system/kube-dns',
      'kubeadm kubernetes-admin serviceaccounts kube-system/kube-proxy',
      'kubeadm kubernetes-admin clusterrolebindings /kubeadm:node-proxier',
      'kubeadm kubernetes-admin roles kube-system/kube-proxy',
      'kubeadm kubernetes-admin rolebindings kube-system/kube-proxy',
      'kubeadm kubernetes-admin configmaps kube-system/kube-proxy',
      'kubeadm kubernetes-admin daemonsets kube-system/kube-proxy',
      'kubectl kubernetes-admin storageclasses /standard',
      'kubectl kubernetes-admin namespaces /local-path-storage',
      'kubectl kubernetes-admin serviceaccounts local-path-storage/local-path-provisioner-service-account',
      'kubectl kubernetes-admin roles local-path-storage/local-path-provisioner-role',
      'kubectl kubernetes-admin clusterroles /local-path-provisioner-role',
      'kubectl kubernetes-admin rolebindings local-path-storage/local-path-provisioner-bind',
      'kubectl kubernetes-admin clusterrolebindings /local-path-provisioner-bind',
      'kubectl kubernetes-admin namespaces /kube-flannel',
      'kubectl kubernetes-admin clusterroles /flannel',
      'kubectl kubernetes-admin clusterrolebindings /flannel',
      'kubectl kubernetes-admin serviceaccounts kube-flannel/flannel',
      'kubectl kubernetes-admin configmaps kube-flannel/kube-flannel-cfg',
      'kubectl kubernetes-admin daemonsets kube-flannel/kube-flannel-ds',
      // metrics-server, the default add-on, as its components.yaml installs it.
      'kubectl kubernetes-admin serviceaccounts kube-system/metrics-server',
      'kubectl kubernetes-admin clusterroles /system:aggregated-metrics-reader',
      'kubectl kubernetes-admin clusterroles /system:metrics-server',
      'kubectl kubernetes-admin rolebindings kube-system/metrics-server-auth-reader',
      'kubectl kubernetes-admin clusterrolebindings /metrics-server:system:auth-delegator',
      'kubectl kubernetes-admin clusterrolebindings /system:metrics-server',
      'kubectl kubernetes-admin services kube-system/metrics-server',
      'kubectl kubernetes-admin deployments kube-system/metrics-server',
      'kubectl kubernetes-admin apiservices /v1beta1.metrics.k8s.io',
    ]);
    const coredns = creates.find((e) => e.resource === 'deployments' && e.name === 'coredns')!;
    const detail = clientLog(log.request(coredns.seq)!, c.apiEndpoints()).split('\n');
    expect(detail[0]).toBe('# kubeadm (kubernetes-admin): its client-go logs this request so at -v=8');
    expect(detail.find((l) => l.includes('User-Agent'))!.replace(/^.*\] +/, '')).toBe('User-Agent: kubeadm/v1.31.0 (linux/amd64) kubernetes/9edcffc');
  });
});
