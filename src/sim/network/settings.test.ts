import { describe, expect, it } from 'vitest';
import { formatCIDR, formatIPv4 } from './ipv4';
import { nodeAddress, nodeNetwork, resolveKubeProxy, resolveNetwork } from './settings';

describe('the node network', () => {
  it('is 192.168.1.0/24 with nodes from .10 while they fit, then the smallest wider prefix around the same router', () => {
    expect(nodeAddress(0)).toBe('192.168.1.10');
    expect(nodeAddress(244)).toBe('192.168.1.254');
    // Past the /24 the addresses run on through the wider network: .255 and .0 are hosts there.
    expect(nodeAddress(245)).toBe('192.168.1.255');
    expect(nodeAddress(246)).toBe('192.168.2.0');
    expect(nodeAddress(299)).toBe('192.168.2.53');
    expect(nodeAddress(4999)).toBe('192.168.20.145');
    const at = (n: number) => formatCIDR(nodeNetwork(n).net);
    expect(at(4)).toBe('192.168.1.0/24');
    expect(at(245)).toBe('192.168.1.0/24');
    // 192.168.0.0/23 ends at 192.168.1.255 as the /24 does, so the next step is a /22.
    expect(at(246)).toBe('192.168.0.0/22');
    expect(at(757)).toBe('192.168.0.0/22');
    expect(at(758)).toBe('192.168.0.0/21');
    expect(at(5000)).toBe('192.168.0.0/19');
    expect(nodeNetwork(5000).gateway).toBe('192.168.1.1');
  });
});

describe('the cluster network', () => {
  it('defaults to kubeadm with flannel: 10.244.0.0/16 in /24s, Services from 10.96.0.0/12, DNS at the tenth address', () => {
    const n = resolveNetwork({}, 4);
    expect([n.cni, n.backend, formatCIDR(n.podCIDR), n.nodeCIDRMaskSize, formatCIDR(n.serviceCIDR), n.kubernetesServiceIP, n.dnsServiceIP]).toEqual(['flannel', 'vxlan', '10.244.0.0/16', 24, '10.96.0.0/12', '10.96.0.1', '10.96.0.10']);
    expect(n.loadBalancerPool).toBeUndefined();
    expect(resolveKubeProxy({})).toEqual({ mode: 'iptables', ipvsScheduler: 'rr' });
    expect(resolveKubeProxy({ mode: 'ipvs', ipvs: { scheduler: '' } })).toEqual({ mode: 'ipvs', ipvsScheduler: 'rr' });
  });

  it('reads what a scenario gives as the components read their flags', () => {
    const n = resolveNetwork({ podCIDR: '10.32.7.0/12', serviceCIDR: '172.20.0.0/16', loadBalancerPool: '192.168.1.240/28' }, 4);
    expect([formatCIDR(n.podCIDR), formatCIDR(n.serviceCIDR), n.kubernetesServiceIP, n.dnsServiceIP, formatIPv4(n.loadBalancerPool!.first), formatIPv4(n.loadBalancerPool!.last)]).toEqual(['10.32.0.0/12', '172.20.0.0/16', '172.20.0.1', '172.20.0.10', '192.168.1.240', '192.168.1.255']);
  });
});
