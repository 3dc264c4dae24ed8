/**
 * What kube-proxy compares between two syncs to clean conntrack for UDP (there is no connection to
 * end, so a stale entry would keep sending datagrams to a gone endpoint, or keep a Service's first
 * endpoint from ever being reached): UDP Service ports with their serving endpoints.
 */
import type { StaleCleanupInput, UdpServicePort } from '../../network/conntrack/cleanup';
import type { EndpointSlice } from '../../types';
import { endpointsForService, sliceServiceKey } from './endpoints';
import type { ProxyInput } from './iptables';
import { servicePorts } from './serviceport';

export interface UdpServingState {
  ports: Map<string, { svc: UdpServicePort; serving: ReadonlySet<string> }>;
}

export function udpServingState(input: ProxyInput): UdpServingState {
  const ports = new Map<string, { svc: UdpServicePort; serving: ReadonlySet<string> }>();
  let slicesByService: Map<string, EndpointSlice[]> | undefined;
  for (const s of input.services) {
    for (const sp of servicePorts(s)) {
      if (sp.protocol !== 'UDP') continue;
      if (!slicesByService) {
        slicesByService = new Map();
        for (const sl of input.endpointSlices) {
          const k = sliceServiceKey(sl);
          if (k === undefined) continue;
          const list = slicesByService.get(k) ?? [];
          list.push(sl);
          slicesByService.set(k, list);
        }
      }
      const eps = endpointsForService(sp.serviceKey, slicesByService.get(sp.serviceKey) ?? []).get(sp.key) ?? [];
      const serving = new Set(eps.filter((e) => e.ready || (e.serving && e.terminating)).map((e) => e.ip));
      ports.set(sp.key, { svc: { clusterIP: sp.clusterIP, port: sp.port, nodePort: sp.nodePort, protocol: 'UDP', externalIPs: sp.externalIPs, loadBalancerIPs: sp.loadBalancerVIPs }, serving });
    }
  }
  return { ports };
}

/** What changed for UDP between `prev` and `next`, as kube-proxy's cleanup wants it. */
export function staleUdpChanges(prev: UdpServingState, next: UdpServingState): StaleCleanupInput {
  const deletedUDPClusterIPs: string[] = [];
  const newlyActiveUDPServices: UdpServicePort[] = [];
  const deletedUDPEndpoints: { service: UdpServicePort; endpointIP: string }[] = [];
  const nextIPs = new Set([...next.ports.values()].map((p) => p.svc.clusterIP));
  for (const [key, was] of prev.ports) {
    const now = next.ports.get(key);
    if (!now) {
      if (!nextIPs.has(was.svc.clusterIP) && was.svc.clusterIP && was.svc.clusterIP !== 'None') deletedUDPClusterIPs.push(was.svc.clusterIP);
      continue;
    }
    for (const ip of was.serving) if (!now.serving.has(ip)) deletedUDPEndpoints.push({ service: was.svc, endpointIP: ip });
  }
  for (const [key, now] of next.ports) {
    const was = prev.ports.get(key);
    if (now.serving.size > 0 && (!was || was.serving.size === 0)) newlyActiveUDPServices.push(now.svc);
  }
  return { deletedUDPClusterIPs: [...new Set(deletedUDPClusterIPs)], newlyActiveUDPServices, deletedUDPEndpoints };
}
