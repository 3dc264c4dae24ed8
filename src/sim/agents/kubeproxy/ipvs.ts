/**
 * kube-proxy in IPVS mode, the rule computation (pkg/proxy/ipvs/proxier.go syncProxyRules, with the
 * service and endpoint views of pkg/proxy): from Services, EndpointSlices and the node's addresses to
 * the state the node should have. Pure; ipvsSync.ts applies the result to a node's kernel model.
 *
 * Per service port (headless and ExternalName Services have none):
 * - a virtual server on the ClusterIP, bound as /32 on kube-ipvs0;
 * - one per external IP and per load-balancer ingress IP (ipMode VIP), bound unless the address is
 *   already on another interface of the node;
 * - with a node port, one on every local address of the node except kube-ipvs0's and loopback
 *   (the InternalIP, cni0's and flannel.1's addresses...), never bound;
 * - scheduler as configured (default rr); ClientIP affinity sets the persistent flag with the
 *   affinity timeout; mh also gets the source-hash (mh-port) flag;
 * - real servers: the service's usable endpoints, weight 1, Masq — ready endpoints, or if there are
 *   none, the serving-and-terminating ones; only this node's for Local traffic policies (falling
 *   back to all of them when there is no local one).
 * Topology-aware hints are not modelled.
 */
import type { Service, EndpointSlice } from '../../types';
import { netContains, parseCIDR, parseIPv4Sloppy } from '../../network/ipv4';
import { parseIpv4, type Protocol } from '../../network/ipvs/addr';
import type { IpsetType } from '../../network/ipvs/ipset';
import { SVC_F, type SchedulerName, type ServiceSpec } from '../../network/ipvs/types';
import { ipvsIptablesRules, type IpvsIptablesRules } from './ipvsIptables';

/** The dummy device kube-proxy binds service addresses to. */
export const DUMMY_DEVICE = 'kube-ipvs0';
export const DEFAULT_SCHEDULER: SchedulerName = 'rr';
/** sessionAffinityConfig.clientIP.timeoutSeconds when the Service does not say (the API default). */
const DEFAULT_AFFINITY_TIMEOUT = 10800;

/** ipsetInfo: every set kube-proxy creates, in its declaration order, with the comment it keeps for it. */
export const IPVS_IPSETS: readonly { name: string; type: IpsetType; comment: string }[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

const COMMENTS = new Map(IPVS_IPSETS.map((s) => [s.name, s.comment]));

export interface IpvsProxierConfig {
  nodeName: string;
  /** the node IP kube-proxy runs with (its InternalIP) */
  nodeIP: string;
  /** every IPv4 address on the node's interfaces except kube-ipvs0, loopback included or not */
  nodeAddresses: readonly string[];
  scheduler?: SchedulerName;
  /** --cluster-cidr (kubeadm passes the pod network); enables the "not from a pod" masquerade match */
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  masqueradeBit?: number;
  /** --nodeport-addresses CIDRs; empty means every node address */
  nodePortAddresses?: readonly string[];
}

export interface DesiredRealServer {
  address: string;
  port: number;
}

export interface DesiredVirtualServer {
  /** the service port this virtual server serves, `namespace/name:portName` */
  servicePort: string;
  spec: ServiceSpec;
  /** bind the address on kube-ipvs0 */
  bind: boolean;
  /** in the order kube-proxy adds them (ascending address and port: Go iterates a set at random) */
  realServers: DesiredRealServer[];
}

export interface DesiredIpvsState {
  virtualServers: DesiredVirtualServer[];
  /** kube-ipvs0's addresses after the sync, ascending */
  bindAddresses: string[];
  /** each set's members, as kube-proxy's sorted string lists */
  ipsetEntries: Map<string, string[]>;
  iptables: IpvsIptablesRules;
}

/** One endpoint as kube-proxy's endpoint slice cache sees it. */
interface EndpointInfo {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  local: boolean;
}

/** One service port as kube-proxy's service change tracker sees it. */
interface ServicePortInfo {
  name: string;
  namespace: string;
  serviceName: string;
  portName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  affinityTimeout: number | null;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort: number;
}

function isIPv4(s: string | undefined): s is string {
  return s !== undefined && parseIPv4Sloppy(s) !== undefined;
}

/** Whether a CIDR from the config or a Service (read as netutils.ParseCIDRSloppy does) holds `ip`. */
function cidrContains(text: string, ip: number): boolean {
  const c = parseCIDR(text, { sloppy: true });
  if (!c) throw new Error(`invalid CIDR address: ${text}`);
  return netContains(c.net, ip);
}

/** Services kube-proxy programs: not headless, not ExternalName, with an IPv4 ClusterIP. */
function servicePorts(services: readonly Service[]): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    const clusterIP = spec.clusterIPs?.find(isIPv4) ?? spec.clusterIP;
    if (spec.type === 'ExternalName' || !isIPv4(clusterIP)) continue;
    const type = spec.type ?? 'ClusterIP';
    const externalIPs = (spec.externalIPs ?? []).filter(isIPv4);
    const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || externalIPs.length > 0;
    const externalPolicyLocal = externallyAccessible && spec.externalTrafficPolicy === 'Local';
    const lbVIPs =
      type === 'LoadBalancer'
        ? (svc.status?.loadBalancer?.ingress ?? []).filter((i) => isIPv4(i.ip) && (i.ipMode === undefined || i.ipMode === 'VIP')).map((i) => i.ip!)
        : [];
    const affinity = spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT : null;
    for (const p of spec.ports ?? []) {
      const namespace = svc.metadata?.namespace ?? 'default';
      const serviceName = svc.metadata?.name ?? '';
      const portName = p.name ?? '';
      out.push({
        name: `${namespace}/${serviceName}${portName ? `:${portName}` : ''}`,
        namespace,
        serviceName,
        portName,
        protocol: (p.protocol ?? 'TCP') as Protocol,
        clusterIP,
        port: p.port,
        nodePort: type === 'NodePort' || type === 'LoadBalancer' ? p.nodePort ?? 0 : 0,
        externalIPs,
        loadBalancerVIPs: lbVIPs,
        loadBalancerSourceRanges: type === 'LoadBalancer' ? spec.loadBalancerSourceRanges ?? [] : [],
        affinityTimeout: affinity,
        externalPolicyLocal,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        healthCheckNodePort: type === 'LoadBalancer' && externalPolicyLocal ? spec.healthCheckNodePort ?? 0 : 0,
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.protocol.localeCompare(b.protocol));
}

/** IPv4 EndpointSlices by `namespace/service`, in slice-name order. */
function slicesByService(slices: readonly EndpointSlice[]): Map<string, EndpointSlice[]> {
  const by = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const service = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!service || s.addressType !== 'IPv4') continue;
    const key = `${s.metadata?.namespace ?? ''}/${service}`;
    const list = by.get(key);
    if (list) list.push(s);
    else by.set(key, [s]);
  }
  for (const list of by.values()) list.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  return by;
}

/** The endpoints of one service port from its Service's slices (the first address of each endpoint). */
function endpointsFor(sp: ServicePortInfo, own: readonly EndpointSlice[], nodeName: string): EndpointInfo[] {
  const seen = new Map<string, EndpointInfo>();
  for (const slice of own) {
    const port = (slice.ports ?? []).find((p) => (p.name ?? '') === sp.portName && (p.protocol ?? 'TCP') === sp.protocol);
    if (port?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!isIPv4(ip)) continue;
      const key = `${ip}:${port.port}`;
      if (seen.has(key)) continue;
      const ready = ep.conditions?.ready ?? true;
      seen.set(key, {
        ip,
        port: port.port,
        ready,
        serving: ep.conditions?.serving ?? ready,
        terminating: ep.conditions?.terminating ?? false,
        local: ep.nodeName === nodeName,
      });
    }
  }
  return [...seen.values()];
}

/** pkg/proxy/topology.go CategorizeEndpoints, without topology hints. */
function categorize(eps: EndpointInfo[], sp: ServicePortInfo): { cluster: EndpointInfo[] | null; local: EndpointInfo[] } {
  // Cluster endpoints are needed unless only Local internal traffic reaches the port: an externally
  // reachable port keeps them even with externalTrafficPolicy Local (UsesClusterEndpoints).
  const externallyAccessible = sp.nodePort !== 0 || sp.externalIPs.length > 0 || sp.loadBalancerVIPs.length > 0;
  const usesCluster = !sp.internalPolicyLocal || externallyAccessible;
  let cluster: EndpointInfo[] | null = null;
  if (usesCluster) {
    cluster = eps.filter((e) => e.ready);
    if (cluster.length === 0) cluster = eps.filter((e) => e.serving && e.terminating);
  }
  let local = eps.filter((e) => e.local && e.ready);
  if (local.length === 0) local = eps.filter((e) => e.local && e.serving && e.terminating);
  return { cluster, local };
}

function realServersFor(eps: EndpointInfo[], sp: ServicePortInfo, onlyNodeLocal: boolean): DesiredRealServer[] {
  const { cluster, local } = categorize(eps, sp);
  const chosen = onlyNodeLocal && local.length > 0 ? local : cluster ?? [];
  return chosen
    .map((e) => ({ address: e.ip, port: e.port, n: parseIpv4(e.ip) }))
    .sort((a, b) => a.n - b.n || a.port - b.port)
    .map(({ address, port }) => ({ address, port }));
}

export function buildIpvsState(services: readonly Service[], slices: readonly EndpointSlice[], cfg: IpvsProxierConfig): DesiredIpvsState {
  const scheduler = cfg.scheduler ?? DEFAULT_SCHEDULER;
  const entries = new Map<string, Set<string>>(IPVS_IPSETS.map((s) => [s.name, new Set<string>()]));
  const addEntry = (set: string, e: string): void => void entries.get(set)!.add(e);
  const nodeAddressSet = new Set(cfg.nodeAddresses);
  const nodeIPs = cfg.nodeAddresses.filter(
    (a) => !a.startsWith('127.') && (!cfg.nodePortAddresses?.length || cfg.nodePortAddresses.some((c) => cidrContains(c, parseIpv4(a)))),
  );
  const virtualServers: DesiredVirtualServer[] = [];
  const bind = new Set<string>();
  const lbNoNodeAccess: { ip: string; protocol: string; port: number }[] = [];
  const bySvc = slicesByService(slices);

  for (const sp of servicePorts(services)) {
    const proto = sp.protocol.toLowerCase();
    const eps = endpointsFor(sp, bySvc.get(`${sp.namespace}/${sp.serviceName}`) ?? [], cfg.nodeName);
    for (const e of eps) if (e.local) addEntry('KUBE-LOOP-BACK', `${e.ip},${proto}:${e.port},${e.ip}`);

    const vs = (address: string, port: number, bindAddr: boolean, onlyLocal: boolean): void => {
      let flags = 0;
      if (sp.affinityTimeout !== null) flags |= SVC_F.PERSISTENT;
      if (scheduler === 'mh') flags |= SVC_F.SCHED2;
      virtualServers.push({
        servicePort: sp.name,
        spec: { protocol: sp.protocol, address, port, scheduler, flags, timeout: sp.affinityTimeout ?? 0, netmask: 0xffffffff },
        bind: bindAddr,
        realServers: realServersFor(eps, sp, onlyLocal),
      });
      if (bindAddr) bind.add(address);
    };

    addEntry('KUBE-CLUSTER-IP', `${sp.clusterIP},${proto}:${sp.port}`);
    vs(sp.clusterIP, sp.port, true, sp.internalPolicyLocal);

    for (const ip of sp.externalIPs) {
      addEntry(sp.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${ip},${proto}:${sp.port}`);
      vs(ip, sp.port, !nodeAddressSet.has(ip), sp.externalPolicyLocal);
    }

    for (const ip of sp.loadBalancerVIPs) {
      const entry = `${ip},${proto}:${sp.port}`;
      addEntry('KUBE-LOAD-BALANCER', entry);
      if (sp.externalPolicyLocal) addEntry('KUBE-LOAD-BALANCER-LOCAL', entry);
      if (sp.loadBalancerSourceRanges.length > 0) {
        addEntry('KUBE-LOAD-BALANCER-FW', entry);
        let allowFromNode = false;
        for (const cidr of sp.loadBalancerSourceRanges) {
          addEntry('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${ip},${proto}:${sp.port},${cidr}`);
          if (cidrContains(cidr, parseIpv4(cfg.nodeIP))) allowFromNode = true;
        }
        if (allowFromNode) addEntry('KUBE-LOAD-BALANCER-SOURCE-IP', `${ip},${proto}:${sp.port},${ip}`);
        else lbNoNodeAccess.push({ ip, protocol: proto, port: sp.port });
      }
      vs(ip, sp.port, !nodeAddressSet.has(ip), sp.externalPolicyLocal);
    }

    if (sp.nodePort !== 0 && nodeIPs.length > 0) {
      if (sp.protocol === 'SCTP') {
        for (const ip of nodeIPs) {
          addEntry('KUBE-NODE-PORT-SCTP-HASH', `${ip},sctp:${sp.nodePort}`);
          if (sp.externalPolicyLocal) addEntry('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},sctp:${sp.nodePort}`);
        }
      } else {
        addEntry(`KUBE-NODE-PORT-${sp.protocol}`, String(sp.nodePort));
        if (sp.externalPolicyLocal) addEntry(`KUBE-NODE-PORT-LOCAL-${sp.protocol}`, String(sp.nodePort));
      }
      for (const ip of nodeIPs) vs(ip, sp.nodePort, false, sp.externalPolicyLocal);
    }

    if (sp.healthCheckNodePort !== 0) addEntry('KUBE-HEALTH-CHECK-NODE-PORT', String(sp.healthCheckNodePort));
  }
  for (const ip of bind) addEntry('KUBE-IPVS-IPS', ip);

  const ipsetEntries = new Map([...entries].map(([name, set]) => [name, [...set].sort()]));
  return {
    virtualServers,
    bindAddresses: [...bind].sort((a, b) => parseIpv4(a) - parseIpv4(b)),
    ipsetEntries,
    iptables: ipvsIptablesRules({
      nonEmpty: (set) => (entries.get(set)?.size ?? 0) > 0,
      comment: (set) => COMMENTS.get(set) ?? '',
      clusterCIDR: cfg.clusterCIDR,
      masqueradeAll: cfg.masqueradeAll,
      masqueradeBit: cfg.masqueradeBit,
      lbNoNodeAccess,
    }),
  };
}
