/**
 * A machine's netfilter tables: the kernel keeps one set per (host) network namespace, which the
 * kubelet, kube-proxy and flannel write and `iptables-save` reads. Held in the machine's kernel-table
 * slot, so it is gone after a power cycle as a kernel's tables are.
 */
import type { DataplaneSlot, Machine } from '../../node/machine';
import { Netfilter } from './netfilter';

interface NetfilterSlot extends DataplaneSlot {
  readonly kind: 'netfilter';
  readonly nf: Netfilter;
}

/** The host's netfilter tables on `m`, made empty the first time (and after a reboot). */
export function netfilterOf(m: Machine): Netfilter {
  return m.slot<NetfilterSlot>('netfilter', () => ({ kind: 'netfilter', nf: new Netfilter() })).nf;
}
