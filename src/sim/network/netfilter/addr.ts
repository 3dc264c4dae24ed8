/**
 * Addresses as the netfilter model takes them: a rule's `-s`/`-d` is an IPv4Net (network address and
 * prefix length, from ../ipv4). iptables reads an address in its plain dotted form only, so these parse
 * strictly; kube-proxy, which reads API objects as `ParseIPSloppy` does, passes `sloppy`.
 */
import { parseIPv4Prefix, requireIPv4, type IPv4Net } from '../ipv4';

export { formatIPv4 as formatIp } from '../ipv4';

/** An address that must be one (a rule's `--to-destination`, a packet built by hand); throws otherwise. */
export function parseIp(ip: string): number {
  return requireIPv4(ip);
}

/**
 * `a.b.c.d[/n]` (a bare address is /32). Host bits are cleared, as the kernel stores the rule and as
 * Go's `net.ParseCIDR` reports the network, so `10.244.1.5/16` reads back as `10.244.0.0/16`.
 * Surrounding whitespace is ignored (kube-proxy trims loadBalancerSourceRanges the same way).
 */
export function parsePrefix(text: string, opts: { sloppy?: boolean } = {}): IPv4Net {
  const net = parseIPv4Prefix(text.trim(), opts);
  if (!net) throw new Error(`invalid CIDR address: ${text}`);
  return net;
}
