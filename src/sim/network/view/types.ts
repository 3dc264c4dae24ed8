/**
 * The network as the Network view draws it: plain data, built in the core from the machines (what the
 * kernel holds) and from Services and EndpointSlices read through the API, and carried to the page by
 * the worker protocol. The page never computes any of it.
 */
import type { LinkType, LinkState } from '../../node/netns';

export interface NetworkSettingsView {
  cni: 'flannel' | 'canal';
  backend: 'vxlan' | 'host-gw';
  kubeProxyMode: 'iptables' | 'ipvs';
  /** the IPVS scheduler kube-proxy uses (rr unless set) */
  ipvsScheduler: string;
  podCIDR: string;
  serviceCIDR: string;
  /** the node network and its router */
  nodeNetwork: string;
  gateway: string;
  loadBalancerPool?: string;
}

export interface NetLinkView {
  name: string;
  type: LinkType;
  mac: string;
  mtu: number;
  state: LinkState;
  /** the bridge it is a port of */
  master?: string;
  /** `10.244.1.1/24`… */
  addresses: string[];
  vxlan?: { vni: number; port: number; local: string };
}

export interface NetPodView {
  /** `namespace/name` */
  key: string;
  /** the pod's namespace on the machine (`cni-…`); absent for hostNetwork pods */
  netns?: string;
  /** the host end of its veth pair (on cni0) and the pod's own end */
  hostVeth?: string;
  podIfname?: string;
  ip?: string;
  hostNetwork: boolean;
  /** the sockets listening in its namespace, `80/tcp` */
  listening: string[];
  containers: string[];
}

/** Flannel's way to another node: a VXLAN tunnel (VTEP to VTEP) or a host-gw route over eth0. */
export interface NetPeerView {
  node: string;
  /** the other node's pod block */
  podCIDR: string;
  via: 'vxlan' | 'host-gw';
  /** the remote VTEP's MAC (vxlan) and the underlay address it sits behind */
  vtepMac?: string;
  remoteIP: string;
}

export interface NetNodeView {
  name: string;
  ip: string;
  up: boolean;
  podCIDR?: string;
  links: NetLinkView[];
  pods: NetPodView[];
  /** what this node's kernel knows of the others (derived from its routes, neighbours and FDB) */
  peers: NetPeerView[];
  /** `ip route` lines of the host namespace */
  routes: string[];
  /**
   * Set when `peers` and `routes` were left out (empty) to keep a large cluster's view small: each
   * node's peers and routes grow with the cluster, so N nodes hold N² of them. Then only their counts.
   */
  summary?: { peers: number; routes: number };
}

/**
 * Up to this many nodes every node comes with its peers and routes; beyond it, only the nodes the
 * request names in `detail` do, and the others carry a `summary`.
 */
export const FULL_DETAIL_NODES = 50;

export interface NetEndpointView {
  ip: string;
  port?: number;
  /** `namespace/name` of the pod behind it, and its node */
  pod?: string;
  node?: string;
  ready: boolean;
}

export interface NetServiceView {
  /** `namespace/name` */
  key: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** `None` for a headless Service */
  clusterIP?: string;
  ports: { name?: string; port: number; protocol: string; targetPort?: string; nodePort?: number }[];
  externalIPs: string[];
  loadBalancerIPs: string[];
  endpoints: NetEndpointView[];
}

export interface NetworkView {
  atMs: number;
  settings: NetworkSettingsView;
  nodes: NetNodeView[];
  services: NetServiceView[];
}

/** What a node's panel shows, each exactly as the node shell prints it. */
export const NODE_INSIDES_COMMANDS = {
  'ip addr': 'ip addr',
  'ip route': 'ip route',
  'bridge fdb': 'bridge fdb show',
  'iptables-save nat': 'iptables-save -t nat',
  'iptables-save filter': 'iptables-save -t filter',
  'ipvsadm -Ln': 'ipvsadm -Ln',
  'ipset list': 'ipset list',
  'conntrack -L': 'conntrack -L',
} as const;

export type NodeInsidesTab = keyof typeof NODE_INSIDES_COMMANDS;

/** One node's insides: each command's stdout (and stderr, which conntrack writes its summary to). */
export type NodeInsides = Record<NodeInsidesTab, { stdout: string; stderr: string; exitCode: number }>;
