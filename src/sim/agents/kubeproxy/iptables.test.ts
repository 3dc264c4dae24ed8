import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../types';
import { Netfilter } from '../../network/netfilter/netfilter';
import { iptablesSave } from '../../network/netfilter/save';
import { saveLine } from '../../network/netfilter/text';
import { kubeletIptablesSetup } from '../../network/netfilter/kubelet';
import type { ProxierConfig } from './iptables';
import { IptablesRuleCache } from './iptables';
import { IptablesProxier } from './proxier';
import { slice, svc } from './testutil';

const fixture = (name: string): string => readFileSync(join(__dirname, 'testdata', `${name}.txt`), 'utf8');

/** The node of the fixtures: worker-1 at 192.168.1.10 in a flannel cluster (pods 10.244.0.0/16). */
const WORKER1: ProxierConfig = { nodeName: 'worker-1', nodeIP: '192.168.1.10', clusterCIDR: '10.244.0.0/16' };

function syncOnce(services: Service[], slices: EndpointSlice[], config: ProxierConfig = WORKER1): Netfilter {
  const nf = new Netfilter();
  new IptablesProxier(config).sync(nf, { services, endpointSlices: slices }, 0);
  return nf;
}

const save = (nf: Netfilter): string => iptablesSave(nf, { nowMs: 0 });

describe('kube-proxy iptables mode: what iptables-save shows after a sync', () => {
  it('matches upstream TestOverallIPTablesRules (six Services of every kind), as iptables-save prints it', () => {
    // The upstream fake node: test-node, 192.168.0.2, pods in 10.0.0.0/8.
    const p80 = [{ name: 'p80', port: 80 }];
    const services = [
      svc('ns1', 'svc1', { type: 'ClusterIP', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] }),
      svc('ns2', 'svc2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }], externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000 }, ['1.2.3.4']),
      svc('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3003 }] }),
      svc('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] }),
      svc('ns5', 'svc5', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '172.30.0.45', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3002 }], healthCheckNodePort: 30000, loadBalancerSourceRanges: [' 203.0.113.0/25'], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }, ['5.6.7.8']),
      svc('ns6', 'svc6', { type: 'ClusterIP', clusterIP: '172.30.0.46', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    ];
    const slices = [
      slice('ns1', 'svc1', [{ ip: '10.180.0.1' }], p80),
      slice('ns2', 'svc2', [{ ip: '10.180.0.2' }], p80),
      slice('ns3', 'svc3', [{ ip: '10.180.0.3' }], p80),
      slice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', node: 'test-node' }], p80),
      slice('ns5', 'svc5', [{ ip: '10.180.0.3' }], p80),
    ];
    const nf = syncOnce(services, slices, { nodeName: 'test-node', nodeIP: '192.168.0.2', clusterCIDR: '10.0.0.0/8' });
    expect(save(nf)).toBe(fixture('overall-upstream'));
  });

  it('spreads a ClusterIP over three endpoints in IP:port string order, with probabilities 1/3, 1/2, then none', () => {
    const services = [svc('default', 'web', { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] })];
    const slices = [slice('default', 'web', [{ ip: '10.244.2.5', node: 'worker-2' }, { ip: '10.244.1.9', node: 'worker-1' }, { ip: '10.244.1.10', node: 'worker-1' }], [{ port: 8080 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('clusterip-three-endpoints'));
  });

  it('rejects in the filter table, and writes no nat chains, for a Service with no endpoints', () => {
    const services = [svc('default', 'empty', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30081 }] })];
    expect(save(syncOnce(services, [slice('default', 'empty', [], [{ name: 'http', port: 8080 }])]))).toBe(fixture('no-endpoints'));
  });

  it('sends a NodePort (and its localhost twin, counted by nfacct) through KUBE-EXT, which masquerades', () => {
    const services = [svc('default', 'web-np', { type: 'NodePort', externalTrafficPolicy: 'Cluster', clusterIP: '10.96.0.30', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] })];
    const slices = [slice('default', 'web-np', [{ ip: '10.244.1.5', node: 'worker-1' }, { ip: '10.244.2.6', node: 'worker-2' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('nodeport'));
  });

  it('with externalTrafficPolicy Local, short-circuits pod and node traffic and sends the rest to the local endpoints only', () => {
    const services = [svc('default', 'local-np', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.40', ports: [{ port: 80, protocol: 'TCP', nodePort: 30090 }] })];
    const slices = [slice('default', 'local-np', [{ ip: '10.244.1.7', node: 'worker-1' }, { ip: '10.244.2.8', node: 'worker-2' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('external-traffic-policy-local'));
  });

  it('pins ClientIP affinity with recent lists named after the endpoint chains', () => {
    const services = [svc('default', 'sticky', { type: 'ClusterIP', clusterIP: '10.96.0.50', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, ports: [{ port: 80, protocol: 'TCP' }] })];
    const slices = [slice('default', 'sticky', [{ ip: '10.244.1.11', node: 'worker-1' }, { ip: '10.244.2.12', node: 'worker-2' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('session-affinity'));
  });

  it('captures externalIPs into KUBE-EXT', () => {
    const services = [svc('default', 'ext', { type: 'ClusterIP', clusterIP: '10.96.0.60', externalIPs: ['192.168.1.100'], ports: [{ port: 80, protocol: 'TCP' }] })];
    const slices = [slice('default', 'ext', [{ ip: '10.244.2.13', node: 'worker-2' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('external-ips'));
  });

  it('filters load-balancer traffic by loadBalancerSourceRanges, letting the node itself through when its IP is in range', () => {
    const services = [
      svc('default', 'lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '10.96.0.70', loadBalancerSourceRanges: ['192.168.1.0/24', '203.0.113.0/25'], ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 31000, targetPort: 8080 }] }, ['192.168.1.240']),
    ];
    const slices = [slice('default', 'lb', [{ ip: '10.244.2.14', node: 'worker-2' }], [{ name: 'http', port: 8080 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('loadbalancer-source-ranges'));
  });

  it('falls back to serving, terminating endpoints when none is ready, leaving out those no longer serving', () => {
    const services = [svc('default', 'draining', { type: 'ClusterIP', clusterIP: '10.96.0.80', ports: [{ port: 80, protocol: 'TCP' }] })];
    const slices = [
      slice('default', 'draining', [
        { ip: '10.244.1.15', node: 'worker-1', ready: false, serving: true, terminating: true },
        { ip: '10.244.2.16', node: 'worker-2', ready: false, serving: true, terminating: true },
        { ip: '10.244.2.17', node: 'worker-2', ready: false, serving: false, terminating: true },
      ], [{ port: 80 }]),
    ];
    expect(save(syncOnce(services, slices))).toBe(fixture('terminating-fallback'));
  });

  it('gives headless and ExternalName Services no rules at all', () => {
    const services = [
      svc('default', 'headless', { type: 'ClusterIP', clusterIP: 'None', ports: [{ port: 80, protocol: 'TCP' }] }),
      svc('default', 'alias', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80, protocol: 'TCP' }] }),
    ];
    const slices = [slice('default', 'headless', [{ ip: '10.244.1.20', node: 'worker-1' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toBe(fixture('headless-and-externalname'));
  });
});

describe('a fresh kubeadm node', () => {
  it('shows the kubelet and kube-proxy chains and the kubernetes and kube-dns Services as on a real node', () => {
    const nf = new Netfilter();
    kubeletIptablesSetup(nf); // the kubelet starts first
    const px = new IptablesProxier({ nodeName: 'control-plane', nodeIP: '192.168.1.10', clusterCIDR: '10.244.0.0/16' });
    px.installCanary(nf);
    const services = [
      svc('default', 'kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
      svc('kube-system', 'kube-dns', {
        type: 'ClusterIP', clusterIP: '10.96.0.10',
        ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }],
      }),
    ];
    const coredns = [{ ip: '10.244.0.2', node: 'control-plane' }, { ip: '10.244.0.3', node: 'control-plane' }];
    const slices = [
      slice('default', 'kubernetes', [{ ip: '192.168.1.10' }], [{ name: 'https', port: 6443 }]),
      slice('kube-system', 'kube-dns', coredns, [{ name: 'dns-tcp', port: 53 }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'metrics', port: 9153 }]),
    ];
    px.sync(nf, { services, endpointSlices: slices }, 0);
    expect(save(nf)).toBe(fixture('fresh-kubeadm-node'));
  });
});

describe('kube-proxy iptables mode: details', () => {
  it('writes the statistic probabilities of 1..20 endpoints as iptables-save prints them', () => {
    const eps = Array.from({ length: 20 }, (_, i) => ({ ip: `10.244.3.${100 + i}`, node: 'worker-3' }));
    const nf = syncOnce([svc('default', 'wide', { type: 'ClusterIP', clusterIP: '10.96.1.1', ports: [{ port: 80, protocol: 'TCP' }] })], [slice('default', 'wide', eps, [{ port: 80 }])]);
    const svcChain = [...nf.peek('nat').chains.values()].find((c) => c.name.startsWith('KUBE-SVC-'))!;
    const probs = svcChain.rules.map((r) => /--probability (\S+)/.exec(saveLine(svcChain.name, r))?.[1] ?? 'none');
    expect(probs).toEqual([
      'none', // the masquerade rule
      '0.04999999981', '0.05263157887', '0.05555555550', '0.05882352963', '0.06250000000', '0.06666666688',
      '0.07142857136', '0.07692307699', '0.08333333349', '0.09090909082', '0.10000000009', '0.11111111101',
      '0.12500000000', '0.14285714272', '0.16666666651', '0.20000000019', '0.25000000000', '0.33333333349',
      '0.50000000000', 'none',
    ]);
  });

  it('drops the comments of SVC→SEP and SEP rules once the cluster has more than 1000 endpoints', () => {
    const services: Service[] = [];
    const slices: EndpointSlice[] = [];
    for (let s = 0; s < 101; s++) {
      services.push(svc('default', `s${s}`, { type: 'ClusterIP', clusterIP: `10.96.2.${s}`, ports: [{ port: 80, protocol: 'TCP' }] }));
      slices.push(slice('default', `s${s}`, Array.from({ length: 10 }, (_, i) => ({ ip: `10.244.${s}.${i + 2}` })), [{ port: 80 }]));
    }
    const text = save(syncOnce(services, slices));
    expect(text).toContain('-A KUBE-SERVICES -d 10.96.2.0/32 -p tcp -m comment --comment "default/s0 cluster IP" -m tcp --dport 80 -j KUBE-SVC-');
    expect(text).toMatch(/\n-A KUBE-SVC-\w+ -m statistic --mode random --probability 0.10000000009 -j KUBE-SEP-\w+\n/);
    expect(text).toMatch(/\n-A KUBE-SEP-\w+ -s 10.244.0.2\/32 -j KUBE-MARK-MASQ\n/);
    expect(text).toMatch(/\n-A KUBE-SEP-\w+ -p tcp -m tcp -j DNAT --to-destination 10.244.0.2:80\n/);
  });

  it('marks a node-local service with internalTrafficPolicy Local and no local endpoint as DROP', () => {
    const services = [svc('ns1', 'svc1', { type: 'ClusterIP', clusterIP: '172.30.1.1', internalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP' }] })];
    const slices = [slice('ns1', 'svc1', [{ ip: '10.0.1.2', node: 'node1' }], [{ port: 80 }])];
    expect(save(syncOnce(services, slices))).toContain(
      '-A KUBE-SERVICES -d 172.30.1.1/32 -p tcp -m comment --comment "ns1/svc1 has no local endpoints" -m tcp --dport 80 -j DROP\n',
    );
  });

  it('builds a Service block once for all nodes unless the node matters to it, and shares the rules', () => {
    const cache = new IptablesRuleCache();
    const services = [
      svc('default', 'web', { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP' }] }),
      svc('default', 'local-np', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.40', ports: [{ port: 80, protocol: 'TCP', nodePort: 30090 }] }),
    ];
    const slices = [
      slice('default', 'web', [{ ip: '10.244.1.5', node: 'worker-1' }, { ip: '10.244.2.6', node: 'worker-2' }], [{ port: 80 }]),
      slice('default', 'local-np', [{ ip: '10.244.1.7', node: 'worker-1' }, { ip: '10.244.2.8', node: 'worker-2' }], [{ port: 80 }]),
    ];
    const n1 = new Netfilter();
    const n2 = new Netfilter();
    new IptablesProxier(WORKER1, cache).sync(n1, { services, endpointSlices: slices }, 0);
    new IptablesProxier({ ...WORKER1, nodeName: 'worker-2', nodeIP: '192.168.1.11' }, cache).sync(n2, { services, endpointSlices: slices }, 0);
    expect(cache.built).toBe(3);
    expect(cache.reused).toBe(1);
    // default/web's chains are the same objects on both nodes; only local-np's differ
    expect(n2.getChain('nat', 'KUBE-SVC-LOLE4ISW44XBNF3G')!.rules).toBe(n1.getChain('nat', 'KUBE-SVC-LOLE4ISW44XBNF3G')!.rules);
    const svl = (nf: Netfilter): string[] => {
      const c = [...nf.peek('nat').chains.values()].find((ch) => ch.name.startsWith('KUBE-SVL-'))!;
      return c.rules.map((r) => saveLine(c.name, r));
    };
    expect(svl(n1)).toEqual(['-A KUBE-SVL-QJQ42ZBOL65WTBBW -m comment --comment "default/local-np -> 10.244.1.7:80" -j KUBE-SEP-OT3TSILG3VZPS3RZ']);
    expect(svl(n2)).toEqual(['-A KUBE-SVL-QJQ42ZBOL65WTBBW -m comment --comment "default/local-np -> 10.244.2.8:80" -j KUBE-SEP-CBDBZOGUY3CZYKVZ']);
  });
});
