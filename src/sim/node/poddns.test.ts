import { describe, expect, it } from 'vitest';
import type { Pod } from '../types';
import { DEFAULT_CLUSTER_DNS, podResolvConf } from './poddns';

function pod(spec: Partial<NonNullable<Pod['spec']>> = {}, namespace = 'shop'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } };
}

const cfg = { ...DEFAULT_CLUSTER_DNS, hostResolvConf: 'nameserver 192.168.1.1\nsearch lab.example\noptions edns0\n' };

describe("a pod's resolv.conf", () => {
  it('ClusterFirst (the default): the DNS Service, the cluster search list then the node\'s, ndots:5', () => {
    expect(podResolvConf(pod(), cfg)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lab.example\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(podResolvConf(pod({}, 'default'), DEFAULT_CLUSTER_DNS)).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it("hostNetwork with ClusterFirst falls back to the node's resolver; ClusterFirstWithHostNet keeps the cluster's", () => {
    expect(podResolvConf(pod({ hostNetwork: true }), cfg)).toBe('search lab.example\nnameserver 192.168.1.1\noptions edns0\n');
    expect(podResolvConf(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), cfg)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lab.example\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it("Default is the node's resolv.conf; None is only what dnsConfig gives", () => {
    expect(podResolvConf(pod({ dnsPolicy: 'Default' }), cfg)).toBe('search lab.example\nnameserver 192.168.1.1\noptions edns0\n');
    // (None without dnsConfig fails validation; were it to reach containerd, an empty config means the node's file.)
    expect(podResolvConf(pod({ dnsPolicy: 'None' }), cfg)).toBe('nameserver 192.168.1.1\nsearch lab.example\noptions edns0\n');
    expect(podResolvConf(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }), cfg)).toBe('search a.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
  });

  it('merges dnsConfig: servers and searches appended once, options replaced by name; at most 3 nameservers', () => {
    const p = pod({ dnsConfig: { nameservers: ['10.96.0.10', '8.8.8.8', '8.8.4.4', '9.9.9.9'], searches: ['cluster.local', 'x.example'], options: [{ name: 'ndots', value: '1' }, { name: 'timeout', value: '2' }] } });
    expect(podResolvConf(p, cfg)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local lab.example x.example\nnameserver 10.96.0.10\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions ndots:1 timeout:2\n');
  });

  it('follows the cluster DNS address and domain the kubelet is given', () => {
    expect(podResolvConf(pod(), { clusterDNS: ['172.20.0.10'], clusterDomain: 'corp.local', hostResolvConf: 'nameserver 192.168.1.1\n' })).toBe('search shop.svc.corp.local svc.corp.local corp.local\nnameserver 172.20.0.10\noptions ndots:5\n');
  });
});
