/**
 * One line of a packet trace: where the packet is (node, namespace, device) and what happened there.
 * The same records feed `--trace-packet` text, its `--json`, and the UI's step-through.
 */
export type HopKind =
  | 'route' // a routing decision
  | 'rule' // a netfilter rule that matched (its iptables-save text in `rule`)
  | 'policy' // a built-in chain's policy applied
  | 'nat' // an address rewrite (DNAT, SNAT, MASQUERADE, conntrack's un-NAT)
  | 'conntrack' // a connection found or started
  | 'ipvs' // the IPVS scheduler's choice
  | 'bridge' // bridge forwarding
  | 'veth' // crossing a veth pair into another namespace
  | 'encap' // VXLAN encapsulation with the outer header
  | 'decap'
  | 'wire' // across the node network
  | 'deliver' // reached a socket, or the kernel answered
  | 'proxy' // a proxy's decision (which rule matched) and the second connection it opens
  | 'drop'; // the end of the road, and why

export interface Hop {
  /** the machine (`worker-1`), or `outside` */
  node: string;
  /** `host`, or the pod whose namespace it is (`default/client`) */
  netns: string;
  dev?: string;
  kind: HopKind;
  text: string;
  /** for rule hops: the table, chain and rule as iptables-save prints it */
  table?: string;
  chain?: string;
  rule?: string;
  /** for nat hops: the address before and after */
  before?: string;
  after?: string;
}

/** `[worker-1 default/client eth0] route: …` */
export function hopLine(h: Hop): string {
  const where = [h.node, h.netns, ...(h.dev ? [h.dev] : [])].join(' ');
  return `[${where}] ${h.text}`;
}
