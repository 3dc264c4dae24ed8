/**
 * flanneld's iptables traffic manager (flannel v0.25, pkg/trafficmngr/iptables), as `--ip-masq` with
 * EnableNFTables false runs it:
 *
 * - masquerade rules in nat: POSTROUTING jumps to FLANNEL-POSTRTG ("flanneld masq"), which returns for
 *   what kube-proxy marked (0x4000) and for traffic inside the pod network, and masquerades pod traffic
 *   leaving it and host traffic entering it — with `--random-fully`, which iptables 1.8.9 supports;
 * - forward rules in filter: FORWARD jumps to FLANNEL-FWD ("flanneld forward"), accepting the pod
 *   network as source and as destination.
 *
 * Setting up a set: the FLANNEL chain is created or flushed, then each rule that already exists is
 * deleted and every rule appended in order (one iptables-restore --noflush), so the jump goes to the
 * end of the built-in chain. Every --iptables-resync seconds (5) each set is checked and, if any rule
 * is missing, set up again. A changed network or lease first removes the rules of the previous one,
 * read from the last subnet.env.
 */
import type { IPv4Net } from '../../network/ipv4';
import { parseCIDR } from '../../network/ipv4';
import type { Netfilter, Rule } from '../../network/netfilter';
import { rule } from '../../network/netfilter/rule';

export const FLANNEL_POSTRTG = 'FLANNEL-POSTRTG';
export const FLANNEL_FWD = 'FLANNEL-FWD';
/** --iptables-resync's default, in ms. */
export const IPTABLES_RESYNC_MS = 5_000;
/** kube-proxy's masquerade mark, which flannel leaves alone (trafficmngr.KubeProxyMark 0x4000/0x4000). */
const KUBE_PROXY_MARK = 0x4000;
const MULTICAST = '224.0.0.0/4';
const MASQ = 'flanneld masq';
const FORWARD = 'flanneld forward';

export interface FlannelRule {
  table: 'nat' | 'filter';
  chain: string;
  rule: Rule;
}

const nat = (chain: string, r: Rule): FlannelRule => ({ table: 'nat', chain, rule: r });
const filter = (chain: string, r: Rule): FlannelRule => ({ table: 'filter', chain, rule: r });

/*
 * Rules are immutable, so the ones that are the same on every node are built once and shared: each
 * node's check then finds their iptables text already made (it is kept per rule object).
 */
let masqJumps: readonly FlannelRule[] | undefined;
const forwardSets = new Map<string, FlannelRule[]>();

/** masqRules: the jump, then FLANNEL-POSTRTG's rules in order, for the cluster network and this node's lease. */
export function masqRules(cluster: IPv4Net, lease: IPv4Net, randomFully = true): FlannelRule[] {
  masqJumps ??= [
    nat('POSTROUTING', rule().comment(MASQ).jump(FLANNEL_POSTRTG)),
    nat(FLANNEL_POSTRTG, rule().mark(KUBE_PROXY_MARK, KUBE_PROXY_MARK).comment(MASQ).jump('RETURN')),
  ];
  return [
    ...masqJumps,
    nat(FLANNEL_POSTRTG, rule().src(lease).dst(cluster).comment(MASQ).jump('RETURN')),
    nat(FLANNEL_POSTRTG, rule().src(cluster).dst(lease).comment(MASQ).jump('RETURN')),
    nat(FLANNEL_POSTRTG, rule().src(cluster, true).dst(lease).comment(MASQ).jump('RETURN')),
    nat(FLANNEL_POSTRTG, rule().src(cluster).dst(MULTICAST, true).comment(MASQ).masquerade({ randomFully })),
    nat(FLANNEL_POSTRTG, rule().src(cluster, true).dst(cluster).comment(MASQ).masquerade({ randomFully })),
  ];
}

/** forwardRules: the jump, then FLANNEL-FWD's two ACCEPTs (one list per cluster network, shared). */
export function forwardRules(cluster: IPv4Net): readonly FlannelRule[] {
  const key = `${cluster.ip}/${cluster.prefix}`;
  let set = forwardSets.get(key);
  if (!set) {
    set = [
      filter('FORWARD', rule().comment(FORWARD).jump(FLANNEL_FWD)),
      filter(FLANNEL_FWD, rule().src(cluster).comment(FORWARD).jump('ACCEPT')),
      filter(FLANNEL_FWD, rule().dst(cluster).comment(FORWARD).jump('ACCEPT')),
    ];
    forwardSets.set(key, set);
  }
  return set;
}

/** The FLANNEL chain a rule lives in or jumps to, whose absence means the set is gone. */
function flannelChain(r: FlannelRule): string | undefined {
  if (r.chain.startsWith('FLANNEL-')) return r.chain;
  const t = r.rule.target;
  return t?.t === 'chain' && t.chain.startsWith('FLANNEL-') ? t.chain : undefined;
}

/** CreateIP4Chain: ClearChain, i.e. `-N` if missing, `-F` otherwise. */
export function clearChain(nf: Netfilter, table: 'nat' | 'filter', chain: string): void {
  if (nf.ensureChain(table, chain)) nf.flushChain(table, chain);
}

/** ipTablesRulesExist: every chain and rule of the set is there. */
export function rulesExist(nf: Netfilter, rules: readonly FlannelRule[]): boolean {
  return rules.every((r) => {
    const c = flannelChain(r);
    if (c && !nf.getChain(r.table, c)) return false;
    return nf.checkRule(r.table, r.chain, r.rule);
  });
}

/** ipTablesBootstrap: missing chains created, existing rules deleted, then all appended in order. */
export function bootstrap(nf: Netfilter, rules: readonly FlannelRule[]): void {
  for (const r of rules) {
    const c = flannelChain(r);
    if (c) nf.ensureChain(r.table, c);
    if (nf.checkRule(r.table, r.chain, r.rule)) nf.deleteRule(r.table, r.chain, r.rule);
    nf.appendRule(r.table, r.chain, r.rule);
  }
}

/** teardownIPTables: deletes the rules of the set that exist; chains stay. */
export function teardown(nf: Netfilter, rules: readonly FlannelRule[]): void {
  for (const r of rules) {
    const c = flannelChain(r);
    if (c && !nf.getChain(r.table, c)) continue;
    if (nf.checkRule(r.table, r.chain, r.rule)) nf.deleteRule(r.table, r.chain, r.rule);
  }
}

/** ReadCIDRFromSubnetFile: KEY's value in subnet.env as a network (host bits cleared), if there is one. */
export function cidrFromSubnetEnv(text: string | undefined, key: string): IPv4Net | undefined {
  const line = (text ?? '').split('\n').find((l) => l.startsWith(`${key}=`));
  return line ? parseCIDR(line.slice(key.length + 1).trim())?.net : undefined;
}
