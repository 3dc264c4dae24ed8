import { describe, expect, it } from 'vitest';
import { NetNamespace } from '../../node/netns';
import { parseIPv4 } from '../ipv4';
import { lookupRoute, routeText } from './route';

/** A flannel VXLAN node's host namespace: eth0 on the node network, cni0, flannel.1, kube-ipvs0. */
function node(): NetNamespace {
  const ns = new NetNamespace('');
  ns.addresses.push({ dev: 'eth0', ip: '192.168.1.11', prefix: 24, scope: 'global' });
  ns.addresses.push({ dev: 'cni0', ip: '10.244.1.1', prefix: 24, scope: 'global' });
  ns.addresses.push({ dev: 'flannel.1', ip: '10.244.1.0', prefix: 32, scope: 'global' });
  ns.addresses.push({ dev: 'kube-ipvs0', ip: '10.96.0.10', prefix: 32, scope: 'global' });
  ns.routes.push({ dst: 'default', via: '192.168.1.1', dev: 'eth0', proto: 'dhcp', src: '192.168.1.11', metric: 100 });
  ns.routes.push({ dst: '192.168.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '192.168.1.11' });
  ns.routes.push({ dst: '10.244.1.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' });
  ns.routes.push({ dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true });
  return ns;
}

const ip = (s: string): number => parseIPv4(s)!;

describe('the routing decision', () => {
  it('takes local addresses first (a VIP on kube-ipvs0 included), then the longest prefix, and picks the source', () => {
    const ns = node();
    expect(lookupRoute(ns, ip('10.96.0.10'))).toEqual({ kind: 'local', dev: 'kube-ipvs0' });
    expect(lookupRoute(ns, ip('127.0.0.53'))).toEqual({ kind: 'local', dev: 'lo' });
    const remote = lookupRoute(ns, ip('10.244.2.7'));
    expect(remote.kind === 'unicast' && [routeText(remote.route), remote.nexthop, remote.src]).toEqual(['10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink', ip('10.244.2.0'), ip('10.244.1.0')]);
    const pod = lookupRoute(ns, ip('10.244.1.5'));
    expect(pod.kind === 'unicast' && [routeText(pod.route), pod.nexthop, pod.src]).toEqual(['10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1', ip('10.244.1.5'), ip('10.244.1.1')]);
    const out = lookupRoute(ns, ip('10.96.44.1'));
    expect(out.kind === 'unicast' && [routeText(out.route), out.nexthop]).toEqual(['default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.11 metric 100', ip('192.168.1.1')]);
  });

  it("takes the source from the first device that has an address when the route's own has none (a Calico cali veth)", () => {
    const ns = new NetNamespace('');
    ns.addLink({ name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN' });
    ns.addLink({ name: 'eth0', type: 'ether', mac: '52:54:00:00:00:01', mtu: 1500, state: 'UP' });
    ns.addLink({ name: 'cali1234567890a', type: 'veth', mac: 'ee:ee:ee:ee:ee:ee', mtu: 1500, state: 'UP' });
    ns.addLink({ name: 'flannel.1', type: 'vxlan', mac: '02:00:00:00:00:01', mtu: 1450, state: 'UNKNOWN' });
    ns.addresses.push({ dev: 'lo', ip: '127.0.0.1', prefix: 8, scope: 'host' });
    ns.addresses.push({ dev: 'eth0', ip: '192.168.1.11', prefix: 24, scope: 'global' });
    ns.addresses.push({ dev: 'flannel.1', ip: '10.244.1.0', prefix: 32, scope: 'global' });
    ns.routes.push({ dst: '10.244.1.5', dev: 'cali1234567890a', scope: 'link' });
    const pod = lookupRoute(ns, ip('10.244.1.5'));
    expect(pod.kind === 'unicast' && [routeText(pod.route), pod.nexthop, pod.src]).toEqual(['10.244.1.5 dev cali1234567890a scope link', ip('10.244.1.5'), ip('192.168.1.11')]);
  });

  it('has no route where no table covers the address', () => {
    const ns = new NetNamespace('cni-x');
    ns.routes.push({ dst: '10.244.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '10.244.1.5' });
    expect(lookupRoute(ns, ip('8.8.8.8'))).toEqual({ kind: 'none' });
  });
});
