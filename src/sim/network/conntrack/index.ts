/** The kernel's connection tracking table per machine, kube-proxy's cleanups, and the conntrack tool. */
export { Conntrack, entryMatches, HTABLE_SIZE, UDP_STREAM_AFTER_MS, type CtFilter, type CreateResult, type PacketVerdict, type ConntrackOptions } from './table';
export type { CtProto, CtTuple, PortTuple, IcmpTuple, CtEntry, CtLookup, CtDirection, NatOutcome, NatTarget, TcpFlags, TcpState } from './types';
export { isIcmpTuple, PROTO_NUMBER } from './types';
export {
  KERNEL_CONNTRACK_SYSCTLS,
  KUBE_PROXY_CONNTRACK_DEFAULTS,
  kubeProxyConntrackMax,
  kubeProxyConntrackWrites,
  type ConntrackSysctlName,
  type ConntrackSysctls,
  type KubeProxyConntrackConfig,
} from './sysctls';
export { conntrackOf, peekConntrack, applyKubeProxyConntrackSysctls } from './slot';
export { formatEntry } from './format';
export { conntrackCommand, CONNTRACK_VERSION, type ConntrackCommandResult } from './cli';
export { cleanStaleEntries, staleEntryFilters, type StaleCleanupInput, type UdpServicePort } from './cleanup';
