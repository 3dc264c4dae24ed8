import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { ScenarioError } from './errors';

function errorOf(cluster: string): string {
  try {
    parseScenario(`apiVersion: kubetab/v1\nkind: Scenario\ncluster: ${cluster}\n`);
    return 'accepted';
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
}

describe('cluster.network', () => {
  it('keeps what is written, every key optional', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  network: {backend: host-gw, podCIDR: 10.32.0.0/12, nodeCIDRMaskSize: 26, serviceCIDR: 172.20.0.0/16, loadBalancerPool: 192.168.1.240/28}\n  kubeProxy: {mode: ipvs, ipvs: {scheduler: sh}}\n');
    expect(s.cluster.network).toEqual({ backend: 'host-gw', podCIDR: '10.32.0.0/12', nodeCIDRMaskSize: 26, serviceCIDR: '172.20.0.0/16', loadBalancerPool: '192.168.1.240/28' });
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  network: {loadBalancerPool: 192.168.1.240-192.168.1.250}\n').cluster.network).toEqual({ loadBalancerPool: '192.168.1.240-192.168.1.250' });
    expect(s.cluster.kubeProxy).toEqual({ mode: 'ipvs', ipvs: { scheduler: 'sh' } });
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  network: {cni: canal, backend: host-gw}\n').cluster.network).toEqual({ cni: 'canal', backend: 'host-gw' });
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  network:\n    cni:\n  kubeProxy: {mode: ""}\n').cluster).toEqual({ network: {}, kubeProxy: {} });
  });

  const cases: [string, string, string][] = [
    ['an unknown key', '{network: {mtu: 1400}}', 'cluster.network: unknown field "mtu" (allowed: cni, backend, podCIDR, nodeCIDRMaskSize, serviceCIDR, loadBalancerPool)'],
    ['a CNI kubetab does not build', '{network: {cni: weave}}', 'cluster.network.cni: Unsupported value: "weave": supported values: "flannel", "canal"'],
    ['an unknown flannel backend', '{network: {backend: udp}}', 'cluster.network.backend: Unsupported value: "udp": supported values: "vxlan", "host-gw"'],
    ['a pod CIDR that is not one', '{network: {podCIDR: 10.244.0.0}}', `cluster.network.podCIDR: Invalid value: "10.244.0.0": couldn't parse subnet`],
    ['an IPv6 pod CIDR', '{network: {podCIDR: "fd00::/56"}}', 'cluster.network.podCIDR: Invalid value: "fd00::/56": kubetab builds IPv4 single-stack clusters: expected one IPv4 CIDR'],
    ['a tiny pod CIDR', '{network: {podCIDR: 10.244.0.0/29, nodeCIDRMaskSize: 30}}', 'cluster.network.podCIDR: Invalid value: "10.244.0.0/29": subnet with 8 address(es) is too small, the minimum is 14'],
    ['a pod CIDR smaller than a node block', '{network: {podCIDR: 10.244.0.0/25}}', 'cluster.network.podCIDR: Invalid value: "10.244.0.0/25": the size of pod subnet with mask 25 is smaller than the size of node subnet with mask 24'],
    ['node blocks more than 16 bits below the pod CIDR', '{network: {podCIDR: 10.0.0.0/8, nodeCIDRMaskSize: 26}}', 'cluster.network.podCIDR: Invalid value: "10.0.0.0/8": pod subnet mask (8) and node-mask (26) difference is greater than 16'],
    ['a node mask past 32', '{network: {nodeCIDRMaskSize: 33}}', 'cluster.network.nodeCIDRMaskSize: Invalid value: 33: SubNetMask is invalid, should be lower or equal to 32 for IPv4 and to 128 for IPv6'],
    ['a node mask that is text', '{network: {nodeCIDRMaskSize: "24"}}', 'cluster.network.nodeCIDRMaskSize: expected a whole number (a prefix length such as 24), got the string "24"'],
    ['a Service range too large', '{network: {serviceCIDR: 10.0.0.0/8}}', 'cluster.network.serviceCIDR: Invalid value: "10.0.0.0/8": specified service subnet is too large; for 32-bit addresses, the mask must be >= 12'],
    ['a Service range too small', '{network: {serviceCIDR: 10.96.0.0/29}}', 'cluster.network.serviceCIDR: Invalid value: "10.96.0.0/29": subnet with 8 address(es) is too small, the minimum is 10'],
    ['a load-balancer pool that is neither a CIDR nor a range', '{network: {loadBalancerPool: 192.168.1.240}}', 'cluster.network.loadBalancerPool: Invalid value: "192.168.1.240": invalid CIDR "192.168.1.240" (expected a CIDR such as 192.168.1.240/28 or a range such as 192.168.1.240-192.168.1.250)'],
    ['a range with a bad start', '{network: {loadBalancerPool: 192.168.1.x-192.168.1.250}}', 'cluster.network.loadBalancerPool: Invalid value: "192.168.1.x-192.168.1.250": invalid IP range "192.168.1.x-192.168.1.250": invalid start IP "192.168.1.x" (expected a CIDR such as 192.168.1.240/28 or a range such as 192.168.1.240-192.168.1.250)'],
    ['a range with a bad end', '{network: {loadBalancerPool: 192.168.1.240-300.1.1.1}}', 'cluster.network.loadBalancerPool: Invalid value: "192.168.1.240-300.1.1.1": invalid IP range "192.168.1.240-300.1.1.1": invalid end IP "300.1.1.1" (expected a CIDR such as 192.168.1.240/28 or a range such as 192.168.1.240-192.168.1.250)'],
    ['a range that runs backwards', '{network: {loadBalancerPool: 192.168.1.250 - 192.168.1.240}}', 'cluster.network.loadBalancerPool: Invalid value: "192.168.1.250 - 192.168.1.240": invalid IP range "192.168.1.250 - 192.168.1.240": start IP "192.168.1.250" is after the end IP "192.168.1.240" (expected a CIDR such as 192.168.1.240/28 or a range such as 192.168.1.240-192.168.1.250)'],
    ['an IPv6 pool', '{network: {loadBalancerPool: "fd00::/120"}}', 'cluster.network.loadBalancerPool: Invalid value: "fd00::/120": kubetab builds IPv4 single-stack clusters: expected an IPv4 CIDR or range'],
    ['an unknown proxy mode', '{kubeProxy: {mode: userspace}}', 'cluster.kubeProxy.mode: Invalid value: "userspace": must be iptables, ipvs or blank (blank means the best-available proxy [currently iptables])'],
    ['nftables', '{kubeProxy: {mode: nftables}}', 'cluster.kubeProxy.mode: Unsupported value: "nftables": supported values: "iptables", "ipvs" (the nftables proxier is not modelled)'],
    ['an unknown IPVS scheduler', '{kubeProxy: {ipvs: {scheduler: fo}}}', 'cluster.kubeProxy.ipvs.scheduler: Invalid value: "fo": must be in [rr wrr lc wlc lblc lblcr sh dh sed nq ], blank means the default algorithm method (currently rr)'],
    ['an unknown kube-proxy key', '{kubeProxy: {iptables: {}}}', 'cluster.kubeProxy: unknown field "iptables" (allowed: mode, ipvs)'],
  ];
  for (const [what, cluster, want] of cases) it(`refuses ${what}`, () => expect(errorOf(cluster)).toBe(want));
});
