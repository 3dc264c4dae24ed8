/**
 * The machine's conntrack table lives in its kernel-table slot: empty at boot, seeded from the boot
 * ID (so entries list in another order after a reboot), with the kernel's sysctls until kube-proxy
 * writes its own. A power cycle loses both, and kube-proxy writes them again when it starts.
 */
import type { Machine } from '../../node/machine';
import { Conntrack } from './table';
import { seedFrom } from './hash';
import type { ConntrackSysctlName, KubeProxyConntrackConfig } from './sysctls';
import { KUBE_PROXY_CONNTRACK_DEFAULTS, kubeProxyConntrackWrites } from './sysctls';

/** The host's conntrack table on `m`, made empty the first time (and after a reboot). */
export function conntrackOf(m: Machine): Conntrack {
  return m.slot<Conntrack>('conntrack', () => new Conntrack({ seed: seedFrom(m.identity.bootID) }));
}

/** The table if anything tracked a connection since boot (reading must not need one). */
export function peekConntrack(m: Machine): Conntrack | undefined {
  const s: unknown = m.peekSlot('conntrack');
  return s instanceof Conntrack ? s : undefined;
}

/** A sysctl kube-proxy wrote at start, with the value it replaced. */
export interface ConntrackSysctlWrite {
  name: ConntrackSysctlName;
  value: number;
  before: number;
}

/**
 * What kube-proxy does at start (SetSysctls): nf_conntrack_max and the TCP timeouts it is configured
 * with. Returns the writes, each with the value it found (after a restart, its own), for its log.
 */
export function applyKubeProxyConntrackSysctls(m: Machine, numCPU: number, c: KubeProxyConntrackConfig = KUBE_PROXY_CONNTRACK_DEFAULTS): ConntrackSysctlWrite[] {
  const ct = conntrackOf(m);
  return kubeProxyConntrackWrites(c, numCPU).map(([name, value]) => {
    const before = ct.sysctl(name);
    ct.setSysctl(name, value);
    return { name, value, before };
  });
}
