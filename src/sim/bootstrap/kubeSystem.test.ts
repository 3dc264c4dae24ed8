import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster';
import { kubeSystemObjects, mirrorPodFor, staticPodManifests } from './kubeSystem';
import type { Pod, StoredObject } from '../types';

describe('kube-system objects of a kubeadm 1.31 cluster', () => {
  it('are installed in every cluster and run: coredns 2/2, kube-proxy on every node, kube-dns at 10.96.0.10, the static pods', () => {
    const c = createCluster({ seed: 1 });
    const k = c.client('kubernetes-admin');
    for (const o of kubeSystemObjects({ controlPlaneNode: 'control-plane', controlPlaneIP: '192.168.1.10' })) {
      const plural = { ServiceAccount: 'serviceaccounts', ConfigMap: 'configmaps', Deployment: 'deployments', Service: 'services', DaemonSet: 'daemonsets', StorageClass: 'storageclasses' }[o.kind!]!;
      expect(k.get(plural, o.metadata?.namespace, o.metadata!.name!).metadata.uid).toBeTruthy();
    }
    c.runUntil(60_000);
    const pods = k.list<Pod>('pods', 'kube-system').items.filter((p) => p.status?.phase === 'Running');
    expect(pods.filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns')).toHaveLength(2);
    expect(pods.filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-proxy').map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect(k.get<{ spec: { clusterIP: string } } & StoredObject>('services', 'kube-system', 'kube-dns').spec.clusterIP).toBe('10.96.0.10');
    const dns = pods.find((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns')!;
    expect(dns.spec?.priority).toBe(2000000000);
    expect(dns.spec?.containers[0]!.resources).toEqual({ limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } });
    const mirrors = pods.filter((p) => p.metadata?.annotations?.['kubernetes.io/config.mirror']).map((p) => p.metadata?.name).sort();
    expect(mirrors).toEqual(['etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-scheduler-control-plane']);
    // The root CA publisher puts kube-root-ca.crt in every namespace.
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) expect(k.get('configmaps', ns, 'kube-root-ca.crt').metadata.name).toBe('kube-root-ca.crt');
  });

  it('describes the control-plane static pods and their mirror pods', () => {
    const manifests = staticPodManifests({ controlPlaneNode: 'control-plane', controlPlaneIP: '192.168.1.10' });
    expect(manifests.map((m) => m.metadata?.name)).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    const mirror = mirrorPodFor(manifests[1]!, 'control-plane', 'uid-1', '2024-09-02T09:59:31.000000000Z');
    expect(mirror.metadata?.name).toBe('kube-apiserver-control-plane');
    expect(mirror.metadata?.labels).toEqual({ component: 'kube-apiserver', tier: 'control-plane' });
    expect(mirror.metadata?.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(mirror.metadata?.annotations?.['kubernetes.io/config.mirror']).toBe(mirror.metadata?.annotations?.['kubernetes.io/config.hash']);
    expect(mirror.spec?.priorityClassName).toBe('system-node-critical');
    expect(mirror.spec?.hostNetwork).toBe(true);
    expect(mirror.spec?.containers[0]!.resources?.requests).toEqual({ cpu: '250m' });
  });
});
