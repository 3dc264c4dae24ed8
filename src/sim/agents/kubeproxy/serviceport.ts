/**
 * What kube-proxy keeps per Service port (pkg/proxy/service.go newBaseServiceInfo, plus the chain names
 * the iptables proxier precomputes in newServiceInfo), for an IPv4 single-stack proxier:
 * - Services without a cluster IP (headless, `None` or empty) and ExternalName Services are skipped
 *   (ShouldSkipService), as is a Service with no IPv4 cluster IP;
 * - externalIPs, load-balancer ingress IPs and loadBalancerSourceRanges are kept only if IPv4;
 *   ingress entries with no IP or with ipMode Proxy are ignored; source ranges are trimmed and
 *   normalised (Go's IPNet.String()), unparsable ones dropped;
 * - externalTrafficPolicy Local counts only for externally accessible Services (NodePort,
 *   LoadBalancer, or ClusterIP with externalIPs); the health check node port only for LoadBalancers
 *   with Local policy;
 * - ClientIP affinity's timeout comes from sessionAffinityConfig (the API defaults it to 10800 s).
 *
 * Results are cached per Service object: informer objects are immutable, so the same object always
 * gives the same ports, and every node's kube-proxy shares them.
 */
import type { Service } from '../../types';
import type { IPv4Net } from '../../network/ipv4';
import { formatCIDR, parseIPv4Sloppy } from '../../network/ipv4';
import { parsePrefix } from '../../network/netfilter/addr';
import { portProtoHash } from './hash';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePortInfo {
  /** ServicePortName plus protocol, the key endpoints are joined on: `ns/name:port/TCP` */
  readonly key: string;
  /** `ns/name` or `ns/name:port`, as kube-proxy prints it in comments */
  readonly nameString: string;
  readonly serviceKey: string;
  readonly protocol: Protocol;
  /** lower-case protocol, as in `-m tcp -p tcp` */
  readonly proto: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  /** the same addresses as /32 prefixes (and the source ranges parsed), ready for rules */
  readonly clusterIPPrefix: IPv4Net;
  readonly externalIPPrefixes: readonly IPv4Net[];
  readonly loadBalancerVIPPrefixes: readonly IPv4Net[];
  readonly sourceRangePrefixes: readonly IPv4Net[];
  readonly port: number;
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly clientIPAffinity: boolean;
  readonly stickyMaxAgeSeconds: number;
  readonly healthCheckNodePort: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly svcChain: string;
  readonly svlChain: string;
  readonly extChain: string;
  readonly fwChain: string;
}

/** ExternallyAccessible: reachable other than through the cluster IP. */
export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}

/** UsesClusterEndpoints: internal policy Cluster, or external traffic at all (for short-circuiting). */
export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}

/** UsesLocalEndpoints: internal policy Local, or external policy Local on an accessible port. */
export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}

/** kube-proxy reads the Service's addresses as the API server validated them: netutils.ParseIPSloppy. */
const isIPv4 = (s: string): boolean => parseIPv4Sloppy(s) !== undefined;

function ipv4ClusterIP(svc: Service): string {
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  return ips.find((ip) => isIPv4(ip)) ?? '';
}

function apiExternallyAccessible(svc: Service): boolean {
  const t = svc.spec?.type ?? 'ClusterIP';
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0);
}

const cache = new WeakMap<Service, readonly ServicePortInfo[]>();

/** The proxied ports of `svc` (none for headless and ExternalName Services). */
export function servicePorts(svc: Service): readonly ServicePortInfo[] {
  let ports = cache.get(svc);
  if (!ports) {
    ports = Object.freeze(build(svc));
    cache.set(svc, ports);
  }
  return ports;
}

function build(svc: Service): ServicePortInfo[] {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIP ?? '';
  if (clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') return [];
  const ip = ipv4ClusterIP(svc);
  if (!ip) return [];
  const ns = svc.metadata?.namespace ?? '';
  const name = svc.metadata?.name ?? '';
  const externalPolicyLocal = apiExternallyAccessible(svc) && spec.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = spec.internalTrafficPolicy === 'Local';
  const clientIPAffinity = spec.sessionAffinity === 'ClientIP';
  const externalIPs = Object.freeze((spec.externalIPs ?? []).filter(isIPv4));
  const loadBalancerVIPs = Object.freeze(
    (svc.status?.loadBalancer?.ingress ?? [])
      .filter((ing) => ing.ip && (ing as { ipMode?: string }).ipMode !== 'Proxy' && isIPv4(ing.ip))
      .map((ing) => ing.ip!),
  );
  const loadBalancerSourceRanges = Object.freeze(
    (spec.loadBalancerSourceRanges ?? []).flatMap((r) => {
      try {
        return [formatCIDR(parsePrefix(r, { sloppy: true }))];
      } catch {
        return [];
      }
    }),
  );
  const prefixes = (ips: readonly string[]): readonly IPv4Net[] => Object.freeze(ips.map((x) => Object.freeze(parsePrefix(x, { sloppy: true }))));
  const clusterIPPrefix = Object.freeze(parsePrefix(ip, { sloppy: true }));
  const externalIPPrefixes = prefixes(externalIPs);
  const loadBalancerVIPPrefixes = prefixes(loadBalancerVIPs);
  const sourceRangePrefixes = prefixes(loadBalancerSourceRanges);
  const healthCheckNodePort = spec.type === 'LoadBalancer' && externalPolicyLocal ? (spec.healthCheckNodePort ?? 0) : 0;
  return (spec.ports ?? []).map((p) => {
    const protocol = (p.protocol ?? 'TCP') as Protocol;
    const proto = protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
    const nameString = p.name ? `${ns}/${name}:${p.name}` : `${ns}/${name}`;
    const hash = portProtoHash(nameString, proto);
    return Object.freeze({
      key: `${ns}/${name}:${p.name ?? ''}/${protocol}`,
      nameString,
      serviceKey: `${ns}/${name}`,
      protocol,
      proto,
      clusterIP: ip,
      clusterIPPrefix,
      externalIPPrefixes,
      loadBalancerVIPPrefixes,
      sourceRangePrefixes,
      port: p.port,
      nodePort: p.nodePort ?? 0,
      externalIPs,
      loadBalancerVIPs,
      loadBalancerSourceRanges,
      clientIPAffinity,
      stickyMaxAgeSeconds: clientIPAffinity ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
      healthCheckNodePort,
      externalPolicyLocal,
      internalPolicyLocal,
      svcChain: `KUBE-SVC-${hash}`,
      svlChain: `KUBE-SVL-${hash}`,
      extChain: `KUBE-EXT-${hash}`,
      fwChain: `KUBE-FW-${hash}`,
    });
  });
}
