/**
 * kube-proxy's conntrack cleanup after a sync (pkg/proxy/conntrack/cleanup.go, 1.31). Only UDP
 * entries are touched — TCP connections to a gone endpoint end by themselves, UDP "flows" would keep
 * going to it until their timeout:
 *
 * - a UDP Service port that had no serving endpoint and now has one ("newly active"): every UDP entry
 *   to its ClusterIP, external IPs and LoadBalancer IPs (whatever the port: kube-proxy filters on the
 *   IP only) and to its NodePort, so the black-hole entries made while it had none go;
 * - a deleted UDP ClusterIP: every UDP entry to that IP;
 * - a UDP endpoint that was removed (or stopped serving): the entries to the Service's ClusterIP,
 *   external and LoadBalancer IPs whose reply comes from that endpoint, and the entries to its
 *   NodePort on any address whose reply comes from it.
 */
import type { Conntrack, CtFilter } from './table';

/** The parts of a Service port (proxy.ServicePort) the cleanup reads. */
export interface UdpServicePort {
  clusterIP: string;
  port: number;
  /** 0 when the Service has none */
  nodePort: number;
  protocol: 'UDP' | 'TCP' | 'SCTP';
  externalIPs: readonly string[];
  loadBalancerIPs: readonly string[];
}

/** What the sync's UpdateServiceMapResult and UpdateEndpointsMapResult say changed. */
export interface StaleCleanupInput {
  deletedUDPClusterIPs: readonly string[];
  /** UDP Service ports that went from no serving endpoint to at least one */
  newlyActiveUDPServices: readonly UdpServicePort[];
  /** UDP endpoints that were serving and are gone, with the Service port they belonged to */
  deletedUDPEndpoints: readonly { service: UdpServicePort; endpointIP: string }[];
}

/** The filters kube-proxy hands the kernel, in its order. */
export function staleEntryFilters(input: StaleCleanupInput): CtFilter[] {
  const serviceIPs = new Set(input.deletedUDPClusterIPs);
  const nodePorts = new Set<number>();
  for (const svc of input.newlyActiveUDPServices) {
    serviceIPs.add(svc.clusterIP);
    for (const ip of svc.externalIPs) serviceIPs.add(ip);
    for (const ip of svc.loadBalancerIPs) serviceIPs.add(ip);
    if (svc.protocol === 'UDP' && svc.nodePort !== 0) nodePorts.add(svc.nodePort);
  }
  const filters: CtFilter[] = [];
  for (const ip of serviceIPs) filters.push({ proto: 'udp', origDst: ip });
  for (const port of nodePorts) filters.push({ proto: 'udp', origDport: port });
  for (const { service, endpointIP } of input.deletedUDPEndpoints) {
    if (service.nodePort !== 0) filters.push({ proto: 'udp', origDport: service.nodePort, replySrc: endpointIP });
    filters.push({ proto: 'udp', origDst: service.clusterIP, replySrc: endpointIP });
    for (const ip of service.externalIPs) filters.push({ proto: 'udp', origDst: ip, replySrc: endpointIP });
    for (const ip of service.loadBalancerIPs) filters.push({ proto: 'udp', origDst: ip, replySrc: endpointIP });
  }
  return filters;
}

/** CleanStaleEntries on one machine's table; returns how many entries went. */
export function cleanStaleEntries(table: Conntrack, input: StaleCleanupInput, nowMs: number): number {
  let n = 0;
  for (const f of staleEntryFilters(input)) n += table.deleteMatching(f, nowMs).length;
  return n;
}
