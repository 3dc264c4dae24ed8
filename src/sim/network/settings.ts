/**
 * The cluster's network as kubeadm, flannel and kube-proxy are configured for it: the pod network
 * (`--cluster-cidr`, split into node blocks of `nodeCIDRMaskSize`), the Service network
 * (`--service-cluster-ip-range`), the CNI and its backend, kube-proxy's mode — and the node network the
 * machines sit on, which grows with the cluster so that every node has a real address.
 */
import type { IPv4Net } from './ipv4';
import { broadcastOf, formatIPv4, maskOf, netContains, nthIP, parseCIDR, parseIPv4 } from './ipv4';

/** A network as the components read their flags: leniently, the address cut to its prefix. */
function net(text: string): IPv4Net {
  const c = parseCIDR(text, { sloppy: true });
  if (!c) throw new Error(`invalid CIDR address: ${text}`);
  return c.net;
}

function addressRange(text: string): AddressRange {
  const r = parseAddressRange(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** flannel alone, or canal: flannel's network with Calico's CNI plugin and policy engine on top. */
export type CniPlugin = 'flannel' | 'canal';
export type FlannelBackend = 'vxlan' | 'host-gw';
export type ProxyMode = 'iptables' | 'ipvs';

/** What a scenario may set (`cluster.network`); every key is optional and defaults as below. */
export interface NetworkSettings {
  cni?: CniPlugin;
  backend?: FlannelBackend;
  podCIDR?: string;
  nodeCIDRMaskSize?: number;
  serviceCIDR?: string;
  /**
   * Addresses a LoadBalancer controller may hand to Services, as one of MetalLB's IPAddressPool
   * `addresses` entries: a CIDR (`192.168.1.240/28`) or a range (`192.168.1.240-192.168.1.250`);
   * none: they stay `<pending>`.
   */
  loadBalancerPool?: string;
}

/** A load-balancer pool: the text as written and its first and last address, both included. */
export interface AddressRange {
  text: string;
  first: number;
  last: number;
}

/**
 * Reads a pool entry as MetalLB's config does: a CIDR, host bits allowed (every address of the block,
 * network and broadcast included), or `START-END` with blanks allowed around either address. Returns
 * why not, as MetalLB words it, for text that is neither.
 */
export function parseAddressRange(text: string): AddressRange | string {
  const dash = text.indexOf('-');
  if (dash < 0) {
    const c = parseCIDR(text);
    if (!c) return `invalid CIDR ${JSON.stringify(text)}`;
    return { text, first: c.net.ip, last: broadcastOf(c.net) };
  }
  const [a, b] = [text.slice(0, dash), text.slice(dash + 1)];
  const first = parseIPv4(a.trim());
  if (first === undefined) return `invalid IP range ${JSON.stringify(text)}: invalid start IP ${JSON.stringify(a)}`;
  const last = parseIPv4(b.trim());
  if (last === undefined) return `invalid IP range ${JSON.stringify(text)}: invalid end IP ${JSON.stringify(b)}`;
  if (first > last) return `invalid IP range ${JSON.stringify(text)}: start IP ${JSON.stringify(a.trim())} is after the end IP ${JSON.stringify(b.trim())}`;
  return { text, first, last };
}

/** What a scenario may set (`cluster.kubeProxy`). */
export interface KubeProxySettings {
  mode?: ProxyMode;
  ipvs?: { scheduler?: string };
}

/** The network with every default filled in. */
export interface ClusterNetwork {
  cni: CniPlugin;
  backend: FlannelBackend;
  podCIDR: IPv4Net;
  nodeCIDRMaskSize: number;
  serviceCIDR: IPv4Net;
  loadBalancerPool?: AddressRange;
  /** The `kubernetes` Service's address: the first of the Service range. */
  kubernetesServiceIP: string;
  /** The kube-dns Service's address, kubeadm's clusterDNS: the tenth of the Service range. */
  dnsServiceIP: string;
  clusterDomain: string;
  /** The network the nodes' eth0 sit on. */
  nodes: NodeNetwork;
}

export interface ClusterKubeProxy {
  mode: ProxyMode;
  /** The IPVS scheduler; kube-proxy's blank default means rr. */
  ipvsScheduler: string;
}

export const DEFAULT_POD_CIDR = '10.244.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

/**
 * The machines' network: a lab LAN at 192.168.1.0/24 with its router at .1 and nodes from .10 in
 * order. A cluster too big for it gets the smallest wider prefix around the same router, nodes still
 * counting up from 192.168.1.10: up to 245 nodes on the /24, 757 on a /22, 1781 on a /21, 3829 on a
 * /20, 7925 on a /19.
 */
export interface NodeNetwork {
  net: IPv4Net;
  gateway: string;
}

const LAN_GATEWAY = parseIPv4('192.168.1.1')!;
const FIRST_NODE = parseIPv4('192.168.1.10')!;

/** The address of node `index` (0-based, in settings order): 192.168.1.10 onwards. */
export function nodeAddress(index: number): string {
  return formatIPv4(FIRST_NODE + index);
}

export function nodeNetwork(nodeCount: number): NodeNetwork {
  const last = FIRST_NODE + Math.max(nodeCount, 1) - 1;
  for (let prefix = 24; prefix > 0; prefix--) {
    const lan = { ip: (LAN_GATEWAY & maskOf(prefix)) >>> 0, prefix };
    // The last node must sit below the broadcast address.
    if (netContains(lan, last + 1)) return { net: lan, gateway: formatIPv4(LAN_GATEWAY) };
  }
  throw new RangeError(`no node network holds ${nodeCount} nodes`);
}

export function resolveNetwork(s: NetworkSettings = {}, nodeCount: number): ClusterNetwork {
  const serviceCIDR = net(s.serviceCIDR ?? DEFAULT_SERVICE_CIDR);
  return {
    cni: s.cni ?? 'flannel',
    backend: s.backend ?? 'vxlan',
    podCIDR: net(s.podCIDR ?? DEFAULT_POD_CIDR),
    nodeCIDRMaskSize: s.nodeCIDRMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE,
    serviceCIDR,
    ...(s.loadBalancerPool ? { loadBalancerPool: addressRange(s.loadBalancerPool) } : {}),
    kubernetesServiceIP: formatIPv4(nthIP(serviceCIDR, 1)!),
    dnsServiceIP: formatIPv4(nthIP(serviceCIDR, 10)!),
    clusterDomain: 'cluster.local',
    nodes: nodeNetwork(nodeCount),
  };
}

export function resolveKubeProxy(s: KubeProxySettings = {}): ClusterKubeProxy {
  return { mode: s.mode ?? 'iptables', ipvsScheduler: s.ipvs?.scheduler || 'rr' };
}

