import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/sim/cluster';
import type { ConfigMap, Event, Node, Pod, Service, StoredObject } from '../../src/sim/types';

const workers = (n: number) => [{ name: 'cp', cpu: '4', memory: '8Gi', controlPlane: true }, ...Array.from({ length: n }, (_, i) => ({ name: `w${i + 1}`, cpu: '4', memory: '8Gi' }))];

describe('cluster addressing', () => {
  it('builds the Service network from the scenario: kubernetes at its first address, kube-dns at its tenth, the flags that name it', () => {
    const c = createCluster({ seed: 1, nodes: workers(1), network: { serviceCIDR: '172.20.0.0/16', podCIDR: '10.32.0.0/16', nodeCIDRMaskSize: 25 }, kubeProxy: { mode: 'ipvs', ipvs: { scheduler: 'sh' } } });
    const k = c.client();
    expect(k.get<Service>('services', 'default', 'kubernetes').spec?.clusterIP).toBe('172.20.0.1');
    expect(k.get<Service>('services', 'kube-system', 'kube-dns').spec?.clusterIP).toBe('172.20.0.10');
    const kcm = k.get<Pod>('pods', 'kube-system', 'kube-controller-manager-cp').spec!.containers[0]!.command!;
    expect(kcm.filter((a) => /cidr|ip-range/.test(a))).toEqual(['--allocate-node-cidrs=true', '--cluster-cidr=10.32.0.0/16', '--node-cidr-mask-size=25', '--service-cluster-ip-range=172.20.0.0/16']);
    const proxy = k.get<ConfigMap>('configmaps', 'kube-system', 'kube-proxy').data!['config.conf']!;
    expect(proxy).toContain('clusterCIDR: 10.32.0.0/16\n');
    expect(proxy).toContain('ipvs:\n  scheduler: "sh"\nkind: KubeProxyConfiguration\nmode: ipvs\n');
    expect(k.get<Node>('nodes', undefined, 'w1').spec?.podCIDR).toMatch(/^10\.32\.0\.(0|128)\/25$/);
    // A new Service gets its ClusterIP from the same range.
    const web = k.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    expect(web.spec?.clusterIP).toMatch(/^172\.20\./);
  });

  it('runs out of node blocks as kube-controller-manager does: no podCIDR, CIDRNotAvailable, and pods there wait for a network', () => {
    // 10.244.0.0/23 holds two /24s, and the Service range takes one of them.
    const c = createCluster({ seed: 3, nodes: workers(3), network: { podCIDR: '10.244.0.0/23', serviceCIDR: '10.244.1.0/28' } });
    c.runUntil(5_000);
    const k = c.client();
    const nodes = k.list<Node>('nodes', undefined).items;
    const withCIDR = nodes.filter((n) => n.spec?.podCIDR);
    expect(withCIDR.map((n) => n.spec?.podCIDR)).toEqual(['10.244.0.0/24']);
    const without = nodes.filter((n) => !n.spec?.podCIDR).map((n) => n.metadata.name).sort();
    expect(without).toHaveLength(3);
    const events = k.list<Event>('events', 'default').items.filter((e) => e.reason === 'CIDRNotAvailable');
    expect(events.map((e) => `${e.type} ${e.source?.component} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`).sort()).toEqual(
      without.map((n) => `Normal cidrAllocator Node/${n}: Node ${n} status is now: CIDRNotAvailable`),
    );
    // A pod placed on such a node gets no network; the cluster runs on.
    const node = without[0]!;
    k.create<Pod>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } });
    c.runUntil(20_000);
    const pod = k.get<Pod>('pods', 'default', 'p') as Pod & StoredObject;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.podIP).toBeUndefined();
    const sandbox = k.list<Event>('events', 'default').items.filter((e) => e.involvedObject.name === 'p' && e.reason === 'FailedCreatePodSandBox');
    expect(sandbox.length).toBeGreaterThan(0);
    expect(sandbox[0]!.message).toMatch(/^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="flannel" failed \(add\): loadFlannelSubnetEnv failed: open \/run\/flannel\/subnet.env: no such file or directory$/);
    expect(c.panics).toEqual([]);
  });
});
