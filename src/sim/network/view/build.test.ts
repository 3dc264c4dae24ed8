import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import type { Cluster, ClusterSettings } from '../../cluster';
import { applyFault, parseFault } from '../../faults';
import { runNodeCommand } from '../../node/nodeshell';
import { buildNetworkView } from './build';
import { FULL_DETAIL_NODES } from './types';
import { calicoVethName } from '../../node/cni/calico';

/** A cluster with Deployment web (2 × nginx) behind Service web, a minute after they were created. */
function withWeb(settings: ClusterSettings = {}): Cluster {
  const c = createCluster({ seed: 1, ...settings });
  const k = c.client();
  k.create('deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  k.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } });
  c.runUntil(c.clock.now() + 60_000);
  return c;
}

const node = (c: Cluster, name: string) => buildNetworkView(c).nodes.find((n) => n.name === name)!;

describe('buildNetworkView', () => {
  it('gives the settings with their defaults and the nodes in settings order', () => {
    const c = withWeb();
    const v = buildNetworkView(c);
    expect(v.atMs).toBe(60_000);
    expect(v.settings).toEqual({ cni: 'flannel', backend: 'vxlan', kubeProxyMode: 'iptables', ipvsScheduler: 'rr', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', nodeNetwork: '192.168.1.0/24', gateway: '192.168.1.1' });
    expect(v.nodes.map((n) => [n.name, n.ip, n.podCIDR, n.up])).toEqual([
      ['control-plane', '192.168.1.10', '10.244.0.0/24', true],
      ['worker-1', '192.168.1.11', '10.244.1.0/24', true],
      ['worker-2', '192.168.1.12', '10.244.2.0/24', true],
      ['worker-3', '192.168.1.13', '10.244.3.0/24', true],
    ]);
    // Building it changes nothing: the same state gives the same view.
    expect(buildNetworkView(c)).toEqual(v);
  });

  it('under canal: a cali veth per pod straight on the host (ee:ee:ee:ee:ee:ee, no bridge), a /32 route to each, no cni0', () => {
    const c = withWeb({ network: { cni: 'canal' } });
    const v = buildNetworkView(c);
    expect(v.settings.cni).toBe('canal');
    const w = v.nodes.find((n) => n.pods.some((p) => p.key.startsWith('default/web-')))!;
    expect(w.links.some((l) => l.name === 'cni0')).toBe(false);
    const pod = w.pods.find((p) => p.key.startsWith('default/web-'))!;
    const name = calicoVethName('default', pod.key.slice('default/'.length));
    expect(pod.hostVeth).toBe(name);
    expect(w.links.find((l) => l.name === name)).toEqual({ name, type: 'veth', mac: 'ee:ee:ee:ee:ee:ee', mtu: 1500, state: 'UP', addresses: [] });
    expect(w.routes).toContain(`${pod.ip} dev ${name} scope link`);
  });

  it("lists a worker's links as `ip addr` holds them: lo, eth0, flannel.1 (VXLAN), cni0 and one veth per pod on the bridge", () => {
    const w1 = node(withWeb(), 'worker-1');
    expect(w1.links).toEqual([
      { name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', addresses: ['127.0.0.1/8'] },
      { name: 'eth0', type: 'ether', mac: expect.stringMatching(/^52:54:00:/), mtu: 1500, state: 'UP', addresses: ['192.168.1.11/24'] },
      { name: 'flannel.1', type: 'vxlan', mac: 'fe:3e:d5:d3:da:f2', mtu: 1450, state: 'UNKNOWN', addresses: ['10.244.1.0/32'], vxlan: { vni: 1, port: 8472, local: '192.168.1.11' } },
      { name: 'cni0', type: 'bridge', mac: expect.any(String), mtu: 1450, state: 'UP', addresses: ['10.244.1.1/24'] },
      { name: 'veth6d58706a', type: 'veth', mac: expect.any(String), mtu: 1450, state: 'UP', master: 'cni0', addresses: [] },
    ]);
    expect(w1.routes).toEqual([
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.11 metric 100',
      '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink',
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1',
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink',
      '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
    ]);
  });

  it("gives a pod its namespace, both ends of its veth pair, its IP and what it listens on, as the node's shell shows them", () => {
    const c = withWeb();
    const pod = node(c, 'worker-1').pods.find((p) => !p.hostNetwork)!;
    expect(pod).toEqual({ key: 'default/web-766486c5b6-l552j', netns: expect.stringMatching(/^cni-/), hostVeth: 'veth6d58706a', podIfname: 'eth0', ip: '10.244.1.2', hostNetwork: false, listening: ['80/tcp'], containers: ['nginx'] });
    const m = c.machines.get('worker-1')!;
    // The same pair `ip` prints on the node and inside the pod's namespace.
    expect(runNodeCommand({ machine: m, nowMs: c.clock.now() }, 'ip link show dev veth6d58706a').stdout).toContain(`veth6d58706a@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default`);
    expect(runNodeCommand({ machine: m, nowMs: c.clock.now() }, `ip netns exec ${pod.netns} ip addr show dev eth0`).stdout).toContain('inet 10.244.1.2/24 brd 10.244.1.255 scope global eth0');
    // hostNetwork pods share the node's address and have no veth.
    expect(node(c, 'worker-1').pods.filter((p) => p.hostNetwork).map((p) => [p.key.replace(/-[a-z0-9]{5}$/, '-*'), p.ip, p.netns, p.hostVeth])).toEqual([
      ['kube-flannel/kube-flannel-ds-*', '192.168.1.11', undefined, undefined],
      ['kube-system/kube-proxy-*', '192.168.1.11', undefined, undefined],
    ]);
  });

  it("reads the other nodes back from flannel's VXLAN routes, neighbours and FDB entries", () => {
    const c = withWeb();
    const macOf = (n: string) => c.machines.get(n)!.host.link('flannel.1')!.mac;
    expect(node(c, 'worker-2').peers).toEqual([
      { node: 'control-plane', podCIDR: '10.244.0.0/24', via: 'vxlan', vtepMac: macOf('control-plane'), remoteIP: '192.168.1.10' },
      { node: 'worker-1', podCIDR: '10.244.1.0/24', via: 'vxlan', vtepMac: macOf('worker-1'), remoteIP: '192.168.1.11' },
      { node: 'worker-3', podCIDR: '10.244.3.0/24', via: 'vxlan', vtepMac: macOf('worker-3'), remoteIP: '192.168.1.13' },
    ]);
    expect(macOf('worker-1')).toBe('fe:3e:d5:d3:da:f2');
  });

  it('reads host-gw peers from the routes via the other nodes over eth0, with no flannel.1', () => {
    const c = withWeb({ network: { backend: 'host-gw' } });
    const w2 = node(c, 'worker-2');
    expect(w2.peers).toEqual([
      { node: 'control-plane', podCIDR: '10.244.0.0/24', via: 'host-gw', remoteIP: '192.168.1.10' },
      { node: 'worker-1', podCIDR: '10.244.1.0/24', via: 'host-gw', remoteIP: '192.168.1.11' },
      { node: 'worker-3', podCIDR: '10.244.3.0/24', via: 'host-gw', remoteIP: '192.168.1.13' },
    ]);
    expect(w2.links.map((l) => l.name)).not.toContain('flannel.1');
    expect(w2.routes).toContain('10.244.1.0/24 via 192.168.1.11 dev eth0');
    expect(buildNetworkView(c).settings.backend).toBe('host-gw');
  });

  it("gives each Service its endpoints with the pod behind each and that pod's node", () => {
    const v = buildNetworkView(withWeb());
    expect(v.services.map((s) => s.key)).toEqual(['default/kubernetes', 'default/web', 'kube-system/kube-dns', 'kube-system/metrics-server']);
    expect(v.services[1]).toEqual({
      key: 'default/web', type: 'ClusterIP', clusterIP: '10.99.190.75',
      ports: [{ port: 80, protocol: 'TCP', targetPort: '80' }],
      externalIPs: [], loadBalancerIPs: [],
      endpoints: [
        { ip: '10.244.1.2', port: 80, pod: 'default/web-766486c5b6-l552j', node: 'worker-1', ready: true },
        { ip: '10.244.3.2', port: 80, pod: 'default/web-766486c5b6-jh84k', node: 'worker-3', ready: true },
      ],
    });
    // The API server's endpoint is the control plane's own address.
    expect(v.services[0]!.endpoints).toEqual([{ ip: '192.168.1.10', port: 6443, node: 'control-plane', ready: true }]);
    // kube-dns has three ports in one slice: its endpoints leave the port to the Service's port list.
    expect(v.services[2]!.endpoints.map((e) => [e.ip, e.port, e.node])).toEqual([['10.244.0.2', undefined, 'control-plane'], ['10.244.2.3', undefined, 'worker-2']]);
  });

  it('shows a powered-off node as down with nothing in its kernel, and IPVS mode with kube-ipvs0', () => {
    const c = withWeb({ kubeProxy: { mode: 'ipvs', ipvs: { scheduler: 'lc' } } });
    expect(applyFault(c, parseFault({ type: 'node-down', node: 'worker-3' })).ok).toBe(true);
    const v = buildNetworkView(c);
    expect(v.settings.kubeProxyMode).toBe('ipvs');
    expect(v.settings.ipvsScheduler).toBe('lc');
    const w3 = v.nodes[3]!;
    expect([w3.name, w3.up, w3.links, w3.pods, w3.peers, w3.routes]).toEqual(['worker-3', false, [], [], [], []]);
    const ipvs0 = v.nodes[1]!.links.find((l) => l.name === 'kube-ipvs0')!;
    expect(ipvs0.type).toBe('dummy');
    expect(ipvs0.addresses).toEqual(expect.arrayContaining(['10.96.0.1/32', '10.96.0.10/32']));
  });

  it('keeps a large cluster\'s view small: beyond 50 nodes only the nodes asked for list their peers and routes, the others count them', () => {
    const nodes = [{ name: 'control-plane', controlPlane: true }, ...Array.from({ length: 51 }, (_, i) => ({ name: `worker-${i + 1}` }))].map((n) => ({ cpu: '4', memory: '8Gi', pods: 110, ...n }));
    const c = createCluster({ seed: 1, nodes });
    expect(FULL_DETAIL_NODES).toBe(50);
    const summarized = buildNetworkView(c);
    const full = buildNetworkView(c, { detail: nodes.map((n) => n.name) });
    const w7 = summarized.nodes[7]!;
    expect([w7.name, w7.peers, w7.routes, w7.summary]).toEqual(['worker-7', [], [], { peers: 51, routes: 53 }]);
    expect(full.nodes[7]!.summary).toBeUndefined();
    expect(full.nodes[7]!.peers).toHaveLength(51);
    expect(full.nodes[7]!.routes).toHaveLength(53);
    for (const [i, n] of summarized.nodes.entries()) expect(n.summary).toEqual({ peers: full.nodes[i]!.peers.length, routes: full.nodes[i]!.routes.length });
    // Everything else is the same either way, and the nodes asked for are whole.
    const strip = (v: typeof full) => v.nodes.map(({ peers: _p, routes: _r, summary: _s, ...rest }) => rest);
    expect(strip(summarized)).toEqual(strip(full));
    const some = buildNetworkView(c, { detail: ['worker-7'] });
    expect(some.nodes[7]).toEqual(full.nodes[7]);
    expect(some.nodes[8]).toEqual(summarized.nodes[8]);
  });
});
