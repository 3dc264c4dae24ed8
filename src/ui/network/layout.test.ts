import { describe, expect, it } from 'vitest';
import type { NetNodeView, NetworkView } from '../../sim/network/view/types';
import { hopAnchor, layoutNetwork, podAnchor, tunnelBetween } from './layout';
import { crossingAt, headersAt, highlightFor } from './traceSteps';
import type { PacketTrace } from '../../sim/network/traffic/trace';

const link = (name: string, type: NetNodeView['links'][number]['type'], addresses: string[] = []) => ({ name, type, mac: '02:00:00:00:00:01', mtu: 1500, state: 'UP' as const, addresses });

function node(name: string, i: number, pods: string[]): NetNodeView {
  return {
    name,
    ip: `192.168.1.${10 + i}`,
    up: true,
    podCIDR: `10.244.${i}.0/24`,
    links: [link('eth0', 'ether', [`192.168.1.${10 + i}/24`]), link('flannel.1', 'vxlan'), link('cni0', 'bridge', [`10.244.${i}.1/24`])],
    pods: pods.map((p, j) => ({ key: `default/${p}`, netns: `cni-${p}`, hostVeth: `veth${i}${j}`, podIfname: 'eth0', ip: `10.244.${i}.${j + 2}`, hostNetwork: false, listening: ['80/tcp'], containers: ['nginx'] })),
    peers: [],
    routes: [],
  };
}

function view(nodes: NetNodeView[]): NetworkView {
  for (const n of nodes) n.peers = nodes.filter((m) => m !== n).map((m) => ({ node: m.name, podCIDR: m.podCIDR!, via: 'vxlan' as const, remoteIP: m.ip }));
  return {
    atMs: 0,
    settings: { cni: 'flannel', backend: 'vxlan', kubeProxyMode: 'iptables', ipvsScheduler: 'rr', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', nodeNetwork: '192.168.1.0/24', gateway: '192.168.1.1' },
    nodes,
    services: [{ key: 'default/web', type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ port: 80, protocol: 'TCP' }], externalIPs: [], loadBalancerIPs: [], endpoints: [{ ip: '10.244.1.2', port: 80, pod: 'default/web-a', node: 'worker-1', ready: true }] }],
  };
}

describe('layoutNetwork', () => {
  it('places nodes in natural name order, each pod with its veth, and a tunnel per pair of nodes', () => {
    const l = layoutNetwork(view([node('worker-10', 3, []), node('worker-2', 2, ['web-b']), node('worker-1', 1, ['web-a', 'client'])]));
    expect(l.nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'worker-10']);
    expect(l.nodes[0]!.pods.map((p) => [p.name, p.veth?.host])).toEqual([['client', 'veth11'], ['web-a', 'veth10']]);
    expect(l.nodes[0]!.devices.map((d) => d.name)).toEqual(['cni0', 'stack', 'flannel.1', 'eth0']);
    expect(l.tunnels.map((t) => t.id)).toEqual(['worker-1|worker-10', 'worker-1|worker-2', 'worker-2|worker-10']);
    expect(l.services[0]!.edges.map((e) => e.to)).toEqual(['default/web-a']);
  });

  it("draws routed veths (canal's cali…) into the host's stack: no cni0 bar, the spine ends at the stack", () => {
    const n = node('worker-1', 1, ['web-a', 'client', 'db']);
    n.links = n.links.filter((l) => l.name !== 'cni0');
    n.pods.forEach((p, j) => (p.hostVeth = `cali0000000000${j}`));
    const l = layoutNetwork(view([n]));
    const w = l.nodes[0]!;
    expect(w.devices.map((d) => d.name)).toEqual(['stack', 'flannel.1', 'eth0']);
    expect(w.pods.map((p) => p.veth?.host)).toEqual(['cali00000000001', 'cali00000000002', 'cali00000000000']);
    const stack = w.devices[0]!;
    // One wire runs from the first row's veths (where they end, below the pods) down to the stack's top edge.
    const spine = w.wires.filter((s) => s.x1 === s.x2 && s.y2 === stack.y);
    expect(spine.map((s) => s.y1)).toEqual([w.pods[0]!.veth!.y2]);
  });

  it('keeps a node where it was when a pod comes to another node', () => {
    const before = layoutNetwork(view([node('worker-1', 1, ['a']), node('worker-2', 2, [])]));
    const after = layoutNetwork(view([node('worker-1', 1, ['a']), node('worker-2', 2, ['b', 'c', 'd'])]));
    const at = (l: typeof before, n: string) => l.nodes.find((x) => x.name === n)!;
    expect([at(after, 'worker-1').x, at(after, 'worker-1').y, at(after, 'worker-1').h]).toEqual([at(before, 'worker-1').x, at(before, 'worker-1').y, at(before, 'worker-1').h]);
    expect(at(after, 'worker-2').x).toBe(at(before, 'worker-2').x);
    expect(after.anchors.get(podAnchor('worker-1', 'default/a'))).toEqual(before.anchors.get(podAnchor('worker-1', 'default/a')));
  });

  it('collapses to summaries past the limit, pods then sitting at their node', () => {
    const nodes = Array.from({ length: 21 }, (_, i) => node(`worker-${i + 1}`, i + 1, i === 0 ? ['a', 'b'] : []));
    const l = layoutNetwork(view(nodes));
    expect(l.collapsed).toBe(true);
    expect(l.nodes[0]!.summary).toBe('2 pods · cni0 flannel.1');
    expect(l.nodes[0]!.pods).toEqual([]);
    expect(hopAnchor(l, { node: 'worker-1', netns: 'default/a' })).toEqual({ x: l.nodes[0]!.x + l.nodes[0]!.w / 2, y: l.nodes[0]!.y + l.nodes[0]!.h / 2 });
    expect(layoutNetwork(view(nodes.slice(0, 20))).collapsed).toBe(false);
    // Not every tunnel is drawn at this size; the one a packet crosses is found when asked for.
    expect(l.tunnels).toEqual([]);
    expect(tunnelBetween(l, 'worker-12', 'worker-3', 'vxlan')?.id).toBe('worker-3|worker-12');
  });

  it('puts a hop at its device, its pod, or outside', () => {
    const l = layoutNetwork(view([node('worker-1', 1, ['a'])]));
    const dev = l.nodes[0]!.devices.find((d) => d.name === 'flannel.1')!;
    expect(hopAnchor(l, { node: 'worker-1', netns: 'host', dev: 'flannel.1' })).toEqual({ x: dev.x + dev.w / 2, y: dev.y + dev.h / 2 });
    expect(hopAnchor(l, { node: 'worker-1', netns: 'host', dev: 'veth10' })).toEqual({ x: l.nodes[0]!.pods[0]!.veth!.x, y: (l.nodes[0]!.pods[0]!.veth!.y1 + l.nodes[0]!.pods[0]!.veth!.y2) / 2 });
    expect(hopAnchor(l, { node: 'outside', netns: 'host' })).toEqual(l.anchors.get('outside'));
  });
});

describe('trace steps', () => {
  const trace: PacketTrace = {
    source: 'default/client',
    destination: 'web:80',
    protocol: 'tcp',
    to: '10.96.0.20:80',
    hops: [
      { node: 'worker-1', netns: 'default/client', kind: 'route', text: 'route: 10.96.0.20 → default via 10.244.1.1 dev eth0' },
      { node: 'worker-1', netns: 'host', kind: 'rule', table: 'nat', chain: 'KUBE-SEP-X', rule: '-A KUBE-SEP-X -j DNAT --to-destination 10.244.2.2:80', text: 'nat KUBE-SEP-X: …' },
      { node: 'worker-1', netns: 'host', kind: 'nat', text: 'DNAT 10.96.0.20:80 → 10.244.2.2:80', before: '10.96.0.20:80', after: '10.244.2.2:80' },
      { node: 'worker-1', netns: 'host', kind: 'route', text: 'route: 10.244.2.2 → 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' },
      { node: 'worker-1', netns: 'host', dev: 'flannel.1', kind: 'encap', text: 'flannel.1: VXLAN VNI 1: 10.244.2.0 is aa at 192.168.1.12: outer UDP 192.168.1.11:4000 → 192.168.1.12:8472' },
      { node: 'worker-1', netns: 'host', dev: 'eth0', kind: 'wire', text: 'out eth0 → worker-2' },
      { node: 'worker-2', netns: 'host', dev: 'flannel.1', kind: 'decap', text: 'flannel.1: VXLAN from 192.168.1.11' },
    ],
    verdict: { kind: 'delivered', text: 'delivered' },
  };
  it('shows the NATs so far and the outer header only inside the tunnel', () => {
    expect(headersAt(trace, 1)).toEqual({ sentTo: '10.96.0.20:80', nats: [], reply: false });
    expect(headersAt(trace, 5)).toEqual({ sentTo: '10.96.0.20:80', nats: [trace.hops[2]], outer: 'UDP 192.168.1.11:4000 → 192.168.1.12:8472', reply: false });
    expect(headersAt(trace, 6).outer).toBeUndefined();
  });
  it('marks the rule or the route that decided, and the link being crossed', () => {
    expect(highlightFor(trace.hops[1]!)).toEqual({ tab: 'iptables-save nat', line: '-A KUBE-SEP-X -j DNAT --to-destination 10.244.2.2:80' });
    expect(highlightFor(trace.hops[3]!)).toEqual({ tab: 'ip route', line: '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' });
    expect(highlightFor(trace.hops[0]!)).toBeUndefined();
    expect(crossingAt(trace, 4)).toEqual({ from: 'worker-1', to: 'worker-2' });
    expect(crossingAt(trace, 6)).toEqual({ from: 'worker-1', to: 'worker-2' });
    expect(crossingAt(trace, 2)).toBeUndefined();
  });
});
