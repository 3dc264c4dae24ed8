/**
 * The iptables rules kube-proxy keeps in IPVS mode (pkg/proxy/ipvs/proxier.go, writeIptablesRules and
 * createAndLinkKubeChain), as data: each rule is the argument list kube-proxy hands to
 * iptables-restore, so the netfilter model can take them in and render iptables-save its own way
 * (iptables-save prints `--or-mark 0x00004000` as `--set-xmark 0x4000/0x4000`, moves `! -s` first...).
 *
 * What decides the rules:
 * - ipset-matching rules are written only for sets that have members, except the health-check
 *   node-port and KUBE-IPVS-FILTER rules, which are always there;
 * - the cluster-IP masquerade rule matches `dst,dst` plus "not from the cluster CIDR" when kube-proxy
 *   knows the cluster CIDR, `dst,dst` alone with masqueradeAll, and `src,dst` otherwise;
 * - the masquerade mark is 1 << masqueradeBit printed by Go's `%#08x` (0x00004000).
 */

export type IptablesTable = 'nat' | 'filter';

/** A rule appended to a chain: `-A CHAIN args...` in iptables-restore input. */
export interface IptablesRule {
  table: IptablesTable;
  chain: string;
  args: string[];
}

/** A jump kube-proxy makes sure of in a built-in chain (`iptables -I CHAIN` when missing). */
export interface IptablesJump {
  table: IptablesTable;
  /** the built-in chain */
  chain: string;
  /** the rule's arguments, as passed on the iptables command line (the comment is one argument) */
  args: string[];
}

export interface IpvsIptablesRules {
  /** ensured in this order, each inserted at the top of its chain when missing */
  jumps: IptablesJump[];
  natChains: string[];
  filterChains: string[];
  /** the restore input's rules, nat then filter, each table in kube-proxy's write order */
  rules: IptablesRule[];
}

/** iptablesJumpChain: [table, built-in chain, kube chain, comment]. */
const JUMPS: [IptablesTable, string, string, string][] = [
  ['nat', 'OUTPUT', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'PREROUTING', 'KUBE-SERVICES', 'kubernetes service portals'],
  ['nat', 'POSTROUTING', 'KUBE-POSTROUTING', 'kubernetes postrouting rules'],
  ['filter', 'FORWARD', 'KUBE-FORWARD', 'kubernetes forwarding rules'],
  ['filter', 'INPUT', 'KUBE-NODE-PORT', 'kubernetes health check rules'],
  ['filter', 'INPUT', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'FORWARD', 'KUBE-PROXY-FIREWALL', 'kube-proxy firewall rules'],
  ['filter', 'INPUT', 'KUBE-IPVS-FILTER', 'kubernetes ipvs access filter'],
  ['filter', 'OUTPUT', 'KUBE-IPVS-OUT-FILTER', 'kubernetes ipvs access filter'],
];

const NAT_CHAINS = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'];
const FILTER_CHAINS = [
  'KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER',
];

/** ipsetWithIptablesChain: set, table, from chain, target, match directions, protocol. */
const SET_RULES: [string, IptablesTable, string, string, string, string][] = [
  ['KUBE-LOOP-BACK', 'nat', 'KUBE-POSTROUTING', 'MASQUERADE', 'dst,dst,src', ''],
  ['KUBE-LOAD-BALANCER', 'nat', 'KUBE-SERVICES', 'KUBE-LOAD-BALANCER', 'dst,dst', ''],
  ['KUBE-LOAD-BALANCER-LOCAL', 'nat', 'KUBE-LOAD-BALANCER', 'RETURN', 'dst,dst', ''],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'tcp'],
  ['KUBE-NODE-PORT-TCP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'tcp'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'udp'],
  ['KUBE-NODE-PORT-UDP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'udp'],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst,dst', 'sctp'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst,dst', 'sctp'],
  ['KUBE-LOAD-BALANCER-FW', 'filter', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst', ''],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', ''],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src', ''],
];

export interface IpvsIptablesInput {
  /** members per set name, for the "only when not empty" decisions */
  nonEmpty: (set: string) => boolean;
  /** the comment kube-proxy keeps for a set */
  comment: (set: string) => string;
  /** --cluster-cidr, when kube-proxy detects local traffic by it */
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  masqueradeBit?: number;
  /** load-balancer IP + port + protocol the node itself must not reach (sourceRanges not covering it) */
  lbNoNodeAccess: { ip: string; protocol: string; port: number }[];
}

/** Go's fmt.Sprintf("%#08x", v): eight hex digits of zero padding, then the 0x prefix. */
export function goHex08(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

export function ipvsIptablesRules(input: IpvsIptablesInput): IpvsIptablesRules {
  const nat: IptablesRule[] = [];
  const filter: IptablesRule[] = [];
  const add = (table: IptablesTable, chain: string, ...args: string[]): void => {
    (table === 'nat' ? nat : filter).push({ table, chain, args });
  };
  const quoted = (set: string): string => `"${input.comment(set)}"`;
  const mark = goHex08(1 << (input.masqueradeBit ?? 14));

  add('nat', 'KUBE-SERVICES', '-s', '127.0.0.0/8', '-j', 'RETURN');
  for (const [set, table, from, to, match, proto] of SET_RULES) {
    if (!input.nonEmpty(set)) continue;
    add(table, from, ...(proto ? ['-p', proto] : []), '-m', 'comment', '--comment', quoted(set), '-m', 'set', '--match-set', set, match, '-j', to);
  }
  if (input.nonEmpty('KUBE-CLUSTER-IP')) {
    const base = ['-m', 'comment', '--comment', quoted('KUBE-CLUSTER-IP'), '-m', 'set', '--match-set', 'KUBE-CLUSTER-IP'];
    if (input.masqueradeAll) add('nat', 'KUBE-SERVICES', ...base, 'dst,dst', '-j', 'KUBE-MARK-MASQ');
    else if (input.clusterCIDR) add('nat', 'KUBE-SERVICES', ...base, 'dst,dst', '!', '-s', input.clusterCIDR, '-j', 'KUBE-MARK-MASQ');
    else add('nat', 'KUBE-SERVICES', ...base, 'src,dst', '-j', 'KUBE-MARK-MASQ');
  }
  const externalIPRules = (base: string[]): void => {
    add('nat', 'KUBE-SERVICES', ...base, '-m', 'physdev', '!', '--physdev-is-in', '-m', 'addrtype', '!', '--src-type', 'LOCAL', '-j', 'ACCEPT');
    add('nat', 'KUBE-SERVICES', ...base, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'ACCEPT');
  };
  for (const set of ['KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) {
    if (!input.nonEmpty(set)) continue;
    const base = ['-m', 'comment', '--comment', quoted(set), '-m', 'set', '--match-set', set, 'dst,dst'];
    if (set === 'KUBE-EXTERNAL-IP') add('nat', 'KUBE-SERVICES', ...base, '-j', 'KUBE-MARK-MASQ');
    externalIPRules(base);
  }
  add('nat', 'KUBE-SERVICES', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODE-PORT');
  add('nat', 'KUBE-LOAD-BALANCER', '-j', 'KUBE-MARK-MASQ');
  add('filter', 'KUBE-SOURCE-RANGES-FIREWALL', '-j', 'DROP');
  for (const e of input.lbNoNodeAccess) {
    add('filter', 'KUBE-IPVS-OUT-FILTER', '-s', e.ip, '-m', 'ipvs', '--vaddr', e.ip, '--vproto', e.protocol, '--vport', String(e.port), '-j', 'DROP');
  }
  // acceptIPVSTraffic: must come last in KUBE-SERVICES
  for (const set of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) {
    if (input.nonEmpty(set)) add('nat', 'KUBE-SERVICES', '-m', 'set', '--match-set', set, 'dst,dst', '-j', 'ACCEPT');
  }
  add('filter', 'KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT');
  add('filter', 'KUBE-FORWARD', '-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
  add('filter', 'KUBE-NODE-PORT', '-m', 'comment', '--comment', quoted('KUBE-HEALTH-CHECK-NODE-PORT'), '-m', 'set', '--match-set', 'KUBE-HEALTH-CHECK-NODE-PORT', 'dst', '-j', 'ACCEPT');
  for (const set of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) {
    add('filter', 'KUBE-IPVS-FILTER', '-m', 'set', '--match-set', set, 'dst,dst', '-j', 'RETURN');
  }
  add('filter', 'KUBE-IPVS-FILTER', '-m', 'set', '--match-set', 'KUBE-HEALTH-CHECK-NODE-PORT', 'dst', '-j', 'RETURN');
  add('filter', 'KUBE-IPVS-FILTER', '-m', 'conntrack', '--ctstate', 'NEW', '-m', 'set', '--match-set', 'KUBE-IPVS-IPS', 'dst', '-j', 'REJECT');
  add('nat', 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN');
  add('nat', 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', mark);
  add('nat', 'KUBE-POSTROUTING', '-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE', '--random-fully');
  add('nat', 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', mark);

  return {
    jumps: JUMPS.map(([table, chain, to, comment]) => ({ table, chain, args: ['-m', 'comment', '--comment', comment, '-j', to] })),
    natChains: [...NAT_CHAINS],
    filterChains: [...FILTER_CHAINS],
    rules: [...nat, ...filter],
  };
}

/** The iptables-restore input kube-proxy sends (--noflush: only its own chains are named). */
export function ipvsRestoreText(r: IpvsIptablesRules): string {
  const table = (name: IptablesTable, chains: string[]): string =>
    `*${name}\n` +
    chains.map((c) => `:${c} - [0:0]\n`).join('') +
    r.rules.filter((x) => x.table === name).map((x) => `-A ${x.chain} ${x.args.join(' ')}\n`).join('') +
    'COMMIT\n';
  return table('nat', r.natChains) + table('filter', r.filterChains);
}

/** How many rules match each set: the kernel's reference count shown by `ipset list`. */
export function setReferences(r: IpvsIptablesRules): Map<string, number> {
  const refs = new Map<string, number>();
  for (const rule of r.rules) {
    const i = rule.args.indexOf('--match-set');
    if (i >= 0) refs.set(rule.args[i + 1]!, (refs.get(rule.args[i + 1]!) ?? 0) + 1);
  }
  return refs;
}
