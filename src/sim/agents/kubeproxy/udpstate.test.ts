import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../types';
import { staleUdpChanges, udpServingState } from './udpstate';

const dns = (clusterIP: string): Service => ({
  apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'kube-system', name: 'kube-dns' },
  spec: { type: 'ClusterIP', clusterIP, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] },
});

const slice = (ips: string[]): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
  metadata: { namespace: 'kube-system', name: 'kube-dns-x', labels: { 'kubernetes.io/service-name': 'kube-dns' } },
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
  ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
});

describe("kube-proxy's UDP conntrack cleanup input", () => {
  it('names the endpoints that stopped serving, the Services that got their first endpoint, and deleted cluster IPs', () => {
    const svc = { clusterIP: '10.96.0.10', port: 53, nodePort: 0, protocol: 'UDP', externalIPs: [], loadBalancerIPs: [] };
    const empty = udpServingState({ services: [dns('10.96.0.10')], endpointSlices: [] });
    const two = udpServingState({ services: [dns('10.96.0.10')], endpointSlices: [slice(['10.244.0.2', '10.244.0.3'])] });
    const one = udpServingState({ services: [dns('10.96.0.10')], endpointSlices: [slice(['10.244.0.3'])] });
    const gone = udpServingState({ services: [], endpointSlices: [] });
    expect(staleUdpChanges(empty, two)).toEqual({ deletedUDPClusterIPs: [], newlyActiveUDPServices: [svc], deletedUDPEndpoints: [] });
    expect(staleUdpChanges(two, one)).toEqual({ deletedUDPClusterIPs: [], newlyActiveUDPServices: [], deletedUDPEndpoints: [{ service: svc, endpointIP: '10.244.0.2' }] });
    expect(staleUdpChanges(one, gone)).toEqual({ deletedUDPClusterIPs: ['10.96.0.10'], newlyActiveUDPServices: [], deletedUDPEndpoints: [] });
  });
});
