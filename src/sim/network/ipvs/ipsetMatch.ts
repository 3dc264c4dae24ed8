/**
 * The set match (`-m set --match-set NAME dims`) against a namespace's ipsets, as the kernel's
 * ip_set_test and each type's kadt read a packet:
 * - the directions give, in order, where each dimension of the element comes from (source or
 *   destination address or port); a rule giving fewer directions than the set has dimensions never
 *   matches, extra directions are ignored;
 * - a port dimension takes the packet's protocol along (`10.96.0.10,udp:53`); packets without ports
 *   (ICMP here) match no port element kube-proxy adds;
 * - bitmap:port takes the port of a TCP, UDP or SCTP packet whatever the protocol, which is why
 *   kube-proxy pairs its KUBE-NODE-PORT-TCP/-UDP matches with `-p tcp`/`-p udp`;
 * - hash:ip,port,net tests the third address against every prefix length the set holds, hash:net
 *   its one address likewise (felix's selector sets hold /32 pod addresses and ipBlock CIDRs);
 * - a set that does not exist matches nothing (iptables would not have accepted the rule).
 */
import { formatIPv4, networkOf } from '../ipv4';
import type { EvalEnv, Packet } from '../netfilter/evaluate';
import type { IpsetRegistry, IpSet } from './ipset';

type Dim = 'src' | 'dst';

const PORTED = new Set<Packet['proto']>(['tcp', 'udp', 'sctp']);

const addr = (p: Packet, d: Dim): string => formatIPv4(d === 'src' ? p.src : p.dst);
const portOf = (p: Packet, d: Dim): number => (d === 'src' ? p.sport : p.dport);

function netMember(set: IpSet, head: string, ip: number): boolean {
  const prefixes = new Set<number>();
  for (const m of set.memberSet()) {
    const net = m.split(',')[2] ?? '';
    const slash = net.indexOf('/');
    prefixes.add(slash < 0 ? 32 : Number(net.slice(slash + 1)));
  }
  for (const len of [...prefixes].sort((a, b) => b - a)) {
    const n = networkOf(ip, len);
    const shown = len === 32 ? formatIPv4(n.ip) : `${formatIPv4(n.ip)}/${len}`;
    if (set.has(`${head},${shown}`)) return true;
  }
  return false;
}

function hashNetHas(set: IpSet, ip: number): boolean {
  const prefixes = new Set<number>();
  for (const m of set.memberSet()) {
    const slash = m.indexOf('/');
    prefixes.add(slash < 0 ? 32 : Number(m.slice(slash + 1)));
  }
  for (const len of [...prefixes].sort((a, b) => b - a)) {
    const n = networkOf(ip, len);
    if (set.has(len === 32 ? formatIPv4(n.ip) : `${formatIPv4(n.ip)}/${len}`)) return true;
  }
  return false;
}

/** Whether `set` holds the element `dims` take from `p`. */
export function setMatchesPacket(set: IpSet, p: Packet, dims: readonly Dim[]): boolean {
  if (set.type === 'hash:net') return dims.length >= 1 && hashNetHas(set, dims[0] === 'src' ? p.src : p.dst);
  const need = set.type === 'hash:ip' || set.type === 'bitmap:port' ? 1 : set.type === 'hash:ip,port' ? 2 : 3;
  if (dims.length < need) return false;
  const [d0, d1, d2] = dims as [Dim, Dim, Dim];
  if (set.type === 'hash:ip') return set.has(addr(p, d0));
  if (!PORTED.has(p.proto)) return false;
  if (set.type === 'bitmap:port') return set.has(String(portOf(p, d0)));
  const head = `${addr(p, d0)},${p.proto}:${portOf(p, d1)}`;
  if (set.type === 'hash:ip,port') return set.has(head);
  if (set.type === 'hash:ip,port,ip') return set.has(`${head},${addr(p, d2)}`);
  return netMember(set, head, d2 === 'src' ? p.src : p.dst);
}

/** The evaluator's `ipsetTest` hook over a namespace's sets. */
export function ipsetTester(sets: IpsetRegistry): NonNullable<EvalEnv['ipsetTest']> {
  return (name, p, dims) => {
    const set = sets.get(name);
    return set ? setMatchesPacket(set, p, dims) : false;
  };
}
