/**
 * Upstream's packet-flow tests (pkg/proxy/iptables/proxier_test.go runPacketFlowTests), run against
 * the rules this kube-proxy writes and the netfilter evaluator: where a new connection goes, whether
 * it is masqueraded, or which filter rule refuses it.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../types';
import { Netfilter } from '../../network/netfilter/netfilter';
import { IptablesProxier } from './proxier';
import { flow, slice, svc } from './testutil';

// The upstream fake node and its addresses.
const NODE = { nodeName: 'test-node', nodeIP: '192.168.0.2', clusterCIDR: '10.0.0.0/8' };
const NODE_IPS = ['192.168.0.2', '192.168.1.2', '192.168.99.11'];
const EXTERNAL_CLIENT = '203.0.113.2';
const EXTERNAL_CLIENT_BLOCKED = '203.0.113.130';

function node(services: Service[], slices: EndpointSlice[]): Netfilter {
  const nf = new Netfilter();
  new IptablesProxier(NODE).sync(nf, { services, endpointSlices: slices }, 0);
  return nf;
}

type Case = [name: string, src: string, dst: string, port: number, output: string, masq?: boolean];

function check(nf: Netfilter, cases: Case[], proto: 'tcp' | 'udp' | 'sctp' = 'tcp'): void {
  for (const [name, src, dst, port, output, masq] of cases) {
    const got = flow(nf, NODE_IPS, src, dst, port, proto);
    expect({ name, ...got }).toEqual({ name, output, masq: masq ?? false });
  }
}

describe('where connections go (upstream packet-flow cases)', () => {
  it('TestClusterIPGeneral: cluster IPs, hairpin, target ports, protocols', () => {
    const nf = node(
      [
        svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
        svc('ns2', 'svc2', {
          clusterIP: '172.30.0.42',
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
            { name: 'dns-udp', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 },
            { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
          ],
        }),
      ],
      [
        slice('ns1', 'svc1', [{ ip: '10.180.0.1', node: 'test-node' }], [{ name: 'http', port: 80 }]),
        slice('ns2', 'svc2', [{ ip: '10.180.0.1', node: 'test-node' }, { ip: '10.180.2.1', node: 'node2' }], [
          { name: 'http', port: 80 },
          { name: 'https', port: 8443 },
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 5353 },
          { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
        ]),
      ],
    );
    check(nf, [
      ['simple clusterIP', '10.180.0.2', '172.30.0.41', 80, '10.180.0.1:80'],
      ['hairpin to cluster IP', '10.180.0.1', '172.30.0.41', 80, '10.180.0.1:80', true],
      ['clusterIP with multiple endpoints', '10.180.0.2', '172.30.0.42', 80, '10.180.0.1:80, 10.180.2.1:80'],
      ['clusterIP with TargetPort', '10.180.0.2', '172.30.0.42', 443, '10.180.0.1:8443, 10.180.2.1:8443'],
      ['TCP on a port shared with UDP and SCTP', '10.180.0.2', '172.30.0.42', 53, '10.180.0.1:5353, 10.180.2.1:5353'],
      ['svc1 does not accept svc2 ports', '10.180.0.2', '172.30.0.41', 443, ''],
    ]);
    check(nf, [['UDP on the shared port', '10.180.0.2', '172.30.0.42', 53, '10.180.0.1:53, 10.180.2.1:53']], 'udp');
    check(nf, [['SCTP on the shared port', '10.180.0.2', '172.30.0.42', 53, '10.180.0.1:53, 10.180.2.1:53']], 'sctp');
    check(nf, [['TCP-only port does not match UDP traffic', '10.180.0.2', '172.30.0.42', 80, '']], 'udp');
  });

  it('TestLoadBalancer: source ranges gate the LB IPs but not the node port', () => {
    const nf = node(
      [
        svc('ns1', 'svc1', {
          type: 'LoadBalancer', clusterIP: '172.30.0.41', loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
          ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }],
        }, ['1.2.3.4', '5.6.7.8']),
      ],
      [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }], [{ name: 'p80', port: 80 }])],
    );
    const ep = '10.180.0.1:80';
    check(nf, [
      ['pod to cluster IP', '10.0.0.2', '172.30.0.41', 80, ep],
      ['external to nodePort', EXTERNAL_CLIENT, '192.168.0.2', 3001, ep, true],
      ['nodePort bypasses LoadBalancerSourceRanges', EXTERNAL_CLIENT_BLOCKED, '192.168.0.2', 3001, ep, true],
      ['accepted external to LB1', EXTERNAL_CLIENT, '1.2.3.4', 80, ep, true],
      ['accepted external to LB2', EXTERNAL_CLIENT, '5.6.7.8', 80, ep, true],
      ['blocked external to LB1', EXTERNAL_CLIENT_BLOCKED, '1.2.3.4', 80, 'DROP'],
      ['blocked external to LB2', EXTERNAL_CLIENT_BLOCKED, '5.6.7.8', 80, 'DROP'],
      ['pod to LB1 (blocked by LoadBalancerSourceRanges)', '10.0.0.2', '1.2.3.4', 80, 'DROP'],
      ['pod to LB2 (blocked by LoadBalancerSourceRanges)', '10.0.0.2', '5.6.7.8', 80, 'DROP'],
      ['node to LB1 (allowed by LoadBalancerSourceRanges)', '192.168.0.2', '1.2.3.4', 80, ep, true],
      ['node to LB2 (allowed by LoadBalancerSourceRanges)', '192.168.0.2', '5.6.7.8', 80, ep, true],
      ['same node to LB1, SNATted to LB1 (implicitly allowed)', '1.2.3.4', '1.2.3.4', 80, ep, true],
      ['same node to LB2, SNATted to LB2 (implicitly allowed)', '5.6.7.8', '5.6.7.8', 80, ep, true],
    ]);
  });

  it('TestNodePorts (IPv4, localhost node ports on): every node address and localhost, masqueraded', () => {
    const nf = node(
      [svc('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] })],
      [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: 'test-node' }], [{ name: 'p80', port: 80 }])],
    );
    const both = '10.180.0.1:80, 10.180.2.1:80';
    check(nf, [
      ['pod to cluster IP', '10.0.0.2', '172.30.0.41', 80, both],
      ['external to nodePort', EXTERNAL_CLIENT, '192.168.0.2', 3001, both, true],
      ['node to nodePort', '192.168.0.2', '192.168.0.2', 3001, both, true],
      ['localhost to nodePort gets masqueraded', '127.0.0.1', '127.0.0.1', 3001, both, true],
      ['external to nodePort on secondary IP', EXTERNAL_CLIENT, '192.168.1.2', 3001, both, true],
    ]);
  });

  it('TestHealthCheckNodePort: the filter table accepts the health check port', () => {
    const nf = node(
      [svc('ns1', 'svc1', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30000, clusterIP: '172.30.0.42', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] })],
      [],
    );
    check(nf, [['firewall accepts HealthCheckNodePort', '1.2.3.4', '192.168.0.2', 30000, 'ACCEPT']]);
  });

  const policyServices = (etp: 'Local' | 'Cluster'): Netfilter =>
    node(
      [
        svc('ns1', 'svc1', {
          type: 'LoadBalancer', externalTrafficPolicy: etp, clusterIP: '172.30.0.41', externalIPs: ['192.168.99.11'],
          ...(etp === 'Local' ? { healthCheckNodePort: 30000 } : {}),
          ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001, targetPort: 80 }],
        }, ['1.2.3.4']),
      ],
      [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: 'test-node' }], [{ name: 'p80', port: 80 }])],
    );

  it('TestExternalTrafficPolicyLocal: outside clients reach only the local endpoint, unmasqueraded; pods reach all', () => {
    const both = '10.180.0.1:80, 10.180.2.1:80';
    const local = '10.180.2.1:80';
    check(policyServices('Local'), [
      ['pod to cluster IP hits both endpoints, unmasqueraded', '10.0.0.2', '172.30.0.41', 80, both],
      ['pod to external IP hits both endpoints, unmasqueraded', '10.0.0.2', '192.168.99.11', 80, both],
      ['external to external IP hits only local endpoint, unmasqueraded', EXTERNAL_CLIENT, '192.168.99.11', 80, local],
      ['pod to LB IP hits only both endpoints, unmasqueraded', '10.0.0.2', '1.2.3.4', 80, both],
      ['external to LB IP hits only local endpoint, unmasqueraded', EXTERNAL_CLIENT, '1.2.3.4', 80, local],
      ['pod to NodePort hits both endpoints, unmasqueraded', '10.0.0.2', '192.168.0.2', 3001, both],
      ['external to NodePort hits only local endpoint, unmasqueraded', EXTERNAL_CLIENT, '192.168.0.2', 3001, local],
    ]);
  });

  it('TestExternalTrafficPolicyCluster: every external destination is masqueraded and reaches all endpoints', () => {
    const both = '10.180.0.1:80, 10.180.2.1:80';
    check(policyServices('Cluster'), [
      ['pod to cluster IP hits both endpoints, unmasqueraded', '10.0.0.2', '172.30.0.41', 80, both],
      ['pod to external IP hits both endpoints, masqueraded', '10.0.0.2', '192.168.99.11', 80, both, true],
      ['external to external IP hits both endpoints, masqueraded', EXTERNAL_CLIENT, '192.168.99.11', 80, both, true],
      ['pod to LB IP hits both endpoints, masqueraded', '10.0.0.2', '1.2.3.4', 80, both, true],
      ['external to LB IP hits both endpoints, masqueraded', EXTERNAL_CLIENT, '1.2.3.4', 80, both, true],
      ['pod to NodePort hits both endpoints, masqueraded', '10.0.0.2', '192.168.0.2', 3001, both, true],
      ['external to NodePort hits both endpoints, masqueraded', EXTERNAL_CLIENT, '192.168.0.2', 3001, both, true],
    ]);
  });

  it('TestNoEndpointsReject: every destination of a Service without endpoints is rejected', () => {
    const nf = node(
      [svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.41', externalIPs: ['192.168.99.11'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] }, ['1.2.3.4'])],
      [],
    );
    check(nf, [
      ['pod to cluster IP with no endpoints', '10.0.0.2', '172.30.0.41', 80, 'REJECT'],
      ['external to external IP with no endpoints', EXTERNAL_CLIENT, '192.168.99.11', 80, 'REJECT'],
      ['pod to NodePort with no endpoints', '10.0.0.2', '192.168.0.2', 3001, 'REJECT'],
      ['external to NodePort with no endpoints', EXTERNAL_CLIENT, '192.168.0.2', 3001, 'REJECT'],
      ['pod to LoadBalancer IP with no endpoints', '10.0.0.2', '1.2.3.4', 80, 'REJECT'],
      ['external to LoadBalancer IP with no endpoints', EXTERNAL_CLIENT, '1.2.3.4', 80, 'REJECT'],
    ]);
  });

  it('TestInternalTrafficPolicy: Local keeps cluster-IP traffic on the node, or drops it', () => {
    const eps = (nodes: string[]) => slice('ns1', 'svc1', nodes.map((n, i) => ({ ip: `10.0.1.${i + 1}`, node: n, ready: true })), [{ port: 80 }]);
    const service = (itp: 'Cluster' | 'Local') => svc('ns1', 'svc1', { clusterIP: '172.30.1.1', internalTrafficPolicy: itp, ports: [{ port: 80, protocol: 'TCP' }] });
    check(node([service('Cluster')], [eps(['test-node', 'node1', 'node2'])]), [['pod to ClusterIP hits all endpoints', '10.0.0.2', '172.30.1.1', 80, '10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80']]);
    check(node([service('Local')], [eps(['test-node', 'node1', 'node2'])]), [['pod to ClusterIP hits only local endpoint', '10.0.0.2', '172.30.1.1', 80, '10.0.1.1:80']]);
    check(node([service('Local')], [eps(['test-node', 'test-node', 'node2'])]), [['pod to ClusterIP hits all local endpoints', '10.0.0.2', '172.30.1.1', 80, '10.0.1.1:80, 10.0.1.2:80']]);
    check(node([service('Local')], [eps(['node0', 'node1', 'node2'])]), [['no endpoints', '10.0.0.2', '172.30.1.1', 80, 'DROP']]);
    check(node([service('Local')], []), [['endpoints deleted', '10.0.0.2', '172.30.1.1', 80, 'REJECT']]);
  });
});
