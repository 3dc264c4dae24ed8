import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { cidr } from '../../network/ipv4';
import { Machine, netnsView } from '../machine';
import type { Client } from '../../client/types';
import type { Container, KObject, Node, Pod } from '../../types';
import { canalObjects, CANAL_CNI_NETWORK_CONFIG } from '../../bootstrap/canal';
import { calicoInstall } from './calicoInstall';
import { CALICO_CNI_USER, calicoVethName } from './calico';
import { sha1Hex } from '../../digestSha1';
import { setUpPodNetwork, tearDownPodNetwork } from './libcni';

const POD = { namespace: 'default', name: 'web', uid: 'u-1' };
const ID = 'a'.repeat(64);

/** The canal DaemonSet's pod for worker-1 and its install-cni container. */
function canalPod(): { pod: Pod; installCni: Container } {
  const ds = canalObjects({ network: '10.244.0.0/16', backend: 'vxlan' }).find((o) => o.kind === 'DaemonSet') as KObject & { spec: { template: { spec: Pod['spec'] } } };
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'canal-x', namespace: 'kube-system' }, spec: { ...ds.spec.template.spec!, nodeName: 'worker-1' } };
  return { pod, installCni: pod.spec!.initContainers![0]! };
}

/** A node as canal's install-cni leaves it, whose Node has `podCIDR`; `asked` records who read which Node. */
function machine(podCIDR: string | null = '10.244.1.0/24', asked: string[] = []): Machine {
  const m = new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });
  m.apiClient = (user) =>
    ({
      get: (resource: string, _ns: string | undefined, name: string) => {
        asked.push(`${user} ${resource}/${name}`);
        return { kind: 'Node', metadata: { name }, spec: podCIDR ? { podCIDR } : {} } as Node;
      },
    }) as unknown as Client;
  const { pod, installCni } = canalPod();
  calicoInstall(pod, installCni, { CNI_CONF_NAME: '10-canal.conflist', CNI_NETWORK_CONFIG: CANAL_CNI_NETWORK_CONFIG, KUBERNETES_NODE_NAME: 'worker-1', CNI_MTU: '0', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, m);
  return m;
}

describe('SHA-1 and the host veth name', () => {
  it('hashes as SHA-1 does', () => {
    for (const s of ['', 'default.web', 'a'.repeat(100), 'kube-system.coredns-6994cc7f65-2bqrk']) expect(sha1Hex(s)).toBe(createHash('sha1').update(s).digest('hex'));
  });

  it('names the host end cali + 11 hex digits of SHA-1(namespace.pod)', () => {
    expect(calicoVethName('default', 'web')).toBe(`cali${createHash('sha1').update('default.web').digest('hex').slice(0, 11)}`);
    expect(calicoVethName('default', 'web')).toHaveLength(15);
  });
});

describe("canal's install-cni", () => {
  it('installs the calico binaries, the kubeconfig and 10-canal.conflist with its placeholders filled in', () => {
    const m = machine();
    for (const b of ['calico', 'calico-ipam', 'bandwidth', 'portmap', 'host-local']) expect(m.exists(`/opt/cni/bin/${b}`)).toBe(true);
    expect(m.list('/etc/cni/net.d')).toEqual(['10-canal.conflist', 'calico-kubeconfig']);
    const conf = JSON.parse(m.readFile('/etc/cni/net.d/10-canal.conflist')!) as { name: string; plugins: { type: string; nodename?: string; mtu?: number; ipam?: unknown; kubernetes?: unknown }[] };
    expect(conf.name).toBe('k8s-pod-network');
    expect(conf.plugins.map((p) => p.type)).toEqual(['calico', 'portmap', 'bandwidth']);
    expect(conf.plugins[0]).toMatchObject({ nodename: 'worker-1', mtu: 0, ipam: { type: 'host-local', subnet: 'usePodCidr' }, kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' } });
    expect(m.readFile('/etc/cni/net.d/calico-kubeconfig')).toContain('    server: https://[10.96.0.1]:443\n');
  });
});

describe('the calico CNI plugin', () => {
  it('gives the pod a routed veth: cali… with ee:ee:ee:ee:ee:ee and proxy ARP on the host, a /32 and 169.254.1.1 in the pod', () => {
    const asked: string[] = [];
    const m = machine('10.244.1.0/24', asked);
    const net = setUpPodNetwork(m, ID, POD);
    expect(asked).toEqual([`${CALICO_CNI_USER} nodes/worker-1`]);
    expect(net.ip).toBe('10.244.1.2');
    expect(net.gateway).toBeUndefined();
    const host = netnsView(m)!;
    const name = calicoVethName('default', 'web');
    expect(host.links.map((l) => l.name)).toEqual(['lo', 'eth0', name]);
    expect(host.links[2]).toMatchObject({ index: 3, type: 'veth', mac: 'ee:ee:ee:ee:ee:ee', mtu: 1500, state: 'UP', proxyArp: true, peer: { netns: net.netns, index: 2 } });
    expect(host.links[2]!.master).toBeUndefined();
    expect(host.addresses.filter((a) => a.dev === name)).toEqual([]);
    expect(host.routes.filter((r) => r.dev === name)).toEqual([{ dst: '10.244.1.2', dev: name, scope: 'link' }]);

    const pod = netnsView(m, net.netns)!;
    expect(pod.links[1]).toMatchObject({ index: 2, name: 'eth0', type: 'veth', mtu: 1500, peer: { netns: '', index: 3 } });
    expect(pod.addresses[1]).toEqual({ dev: 'eth0', ip: '10.244.1.2', prefix: 32, scope: 'global' });
    expect(pod.routes).toEqual([
      { dst: 'default', via: '169.254.1.1', dev: 'eth0' },
      { dst: '169.254.1.1', dev: 'eth0', scope: 'link' },
    ]);
    expect(net.result.interfaces).toEqual([{ name, mac: 'ee:ee:ee:ee:ee:ee' }]);
    expect(net.result.ips).toEqual([{ address: '10.244.1.2/32' }]);
    // host-local keeps its reservation under the network's name.
    expect(m.readFile('/var/lib/cni/networks/k8s-pod-network/10.244.1.2')).toBe(`${ID}\r\neth0`);
  });

  it('uses the MTU Felix left in /var/lib/calico/mtu when the conflist says 0', () => {
    const m = machine();
    m.writeFile('/var/lib/calico/mtu', '1450\n');
    setUpPodNetwork(m, ID, POD);
    expect(netnsView(m)!.links.find((l) => l.name === calicoVethName('default', 'web'))!.mtu).toBe(1450);
  });

  it('DEL releases the address and takes the veth and its host route away; the next pod gets the next address', () => {
    const m = machine();
    const net = setUpPodNetwork(m, ID, POD);
    tearDownPodNetwork(m, ID, net.netns, POD);
    const host = netnsView(m)!;
    expect(host.links.map((l) => l.name)).toEqual(['lo', 'eth0']);
    expect(host.routes.some((r) => r.dst === '10.244.1.2')).toBe(false);
    expect(m.exists('/var/lib/cni/networks/k8s-pod-network/10.244.1.2')).toBe(false);
    expect(setUpPodNetwork(m, 'b'.repeat(64), { ...POD, name: 'web-2' }).ip).toBe('10.244.1.3');
  });

  it('fails, as the plugin does, while the node has no podCIDR (usePodCidr)', () => {
    const m = machine(null);
    expect(() => setUpPodNetwork(m, ID, POD)).toThrow(`failed to setup network for sandbox "${ID}": plugin type="calico" failed (add): no podCidr for node worker-1`);
    expect(netnsView(m)!.links.map((l) => l.name)).toEqual(['lo', 'eth0']);
  });
});
