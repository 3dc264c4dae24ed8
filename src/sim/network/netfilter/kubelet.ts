/**
 * What the kubelet (1.31, pkg/kubelet/kubelet_network_linux.go) does to a node's iptables when it
 * starts, before any pod: it creates KUBE-IPTABLES-HINT in mangle (so other components can tell
 * iptables-nft from iptables-legacy), KUBE-FIREWALL in filter with the rule that blocks martian
 * localnet packets (jumped to from the top of OUTPUT and INPUT), and its iptables Monitor's
 * KUBE-KUBELET-CANARY chain in mangle, nat and filter. kube-proxy writes an identical copy of the
 * KUBE-FIREWALL rule, so either may come first.
 */
import type { Netfilter } from './netfilter';
import { rule } from './rule';

export const KUBE_IPTABLES_HINT = 'KUBE-IPTABLES-HINT';
export const KUBE_KUBELET_CANARY = 'KUBE-KUBELET-CANARY';

const localnetDrop = rule()
  .comment('block incoming localnet connections')
  .dst('127.0.0.0/8')
  .src('127.0.0.0/8', true)
  .ctstate(['RELATED', 'ESTABLISHED', 'DNAT'], true)
  .jump('DROP');

/** syncIPTablesRules for IPv4, then the Monitor's canaries. */
export function kubeletIptablesSetup(nf: Netfilter): void {
  nf.ensureChain('mangle', KUBE_IPTABLES_HINT);
  nf.ensureChain('filter', 'KUBE-FIREWALL');
  nf.ensureRule('prepend', 'filter', 'OUTPUT', rule().jump('KUBE-FIREWALL'));
  nf.ensureRule('prepend', 'filter', 'INPUT', rule().jump('KUBE-FIREWALL'));
  nf.ensureRule('append', 'filter', 'KUBE-FIREWALL', localnetDrop);
  for (const t of ['mangle', 'nat', 'filter'] as const) nf.ensureChain(t, KUBE_KUBELET_CANARY);
}
