/**
 * The conntrack sysctls (/proc/sys/net/netfilter/nf_conntrack_*) with the kernel's defaults, and the
 * ones kube-proxy writes when it starts (pkg/proxy/conntrack/sysctls.go, 1.31 defaults from
 * pkg/proxy/apis/config/v1alpha1/defaults.go). A machine without kube-proxy keeps the kernel's.
 * Timeouts are seconds, as the files hold them.
 */

export type ConntrackSysctlName =
  | 'nf_conntrack_max'
  | 'nf_conntrack_tcp_timeout_syn_sent'
  | 'nf_conntrack_tcp_timeout_syn_recv'
  | 'nf_conntrack_tcp_timeout_established'
  | 'nf_conntrack_tcp_timeout_fin_wait'
  | 'nf_conntrack_tcp_timeout_close_wait'
  | 'nf_conntrack_tcp_timeout_last_ack'
  | 'nf_conntrack_tcp_timeout_time_wait'
  | 'nf_conntrack_tcp_timeout_close'
  | 'nf_conntrack_tcp_be_liberal'
  | 'nf_conntrack_tcp_loose'
  | 'nf_conntrack_udp_timeout'
  | 'nf_conntrack_udp_timeout_stream'
  | 'nf_conntrack_icmp_timeout';

export type ConntrackSysctls = Record<ConntrackSysctlName, number>;

/**
 * tcp_timeouts[] of nf_conntrack_proto_tcp.c, udp_timeouts[] (30 s unreplied, 120 s stream) and the
 * ICMP 30 s. nf_conntrack_max is the hash table size the kernel sizes from memory: 262144 buckets on a
 * 64-bit machine with more than 4 GiB (the nodes have 8Gi), one entry per bucket.
 */
export const KERNEL_CONNTRACK_SYSCTLS: Readonly<ConntrackSysctls> = Object.freeze({
  nf_conntrack_max: 262144,
  nf_conntrack_tcp_timeout_syn_sent: 120,
  nf_conntrack_tcp_timeout_syn_recv: 60,
  nf_conntrack_tcp_timeout_established: 432000,
  nf_conntrack_tcp_timeout_fin_wait: 120,
  nf_conntrack_tcp_timeout_close_wait: 60,
  nf_conntrack_tcp_timeout_last_ack: 30,
  nf_conntrack_tcp_timeout_time_wait: 120,
  nf_conntrack_tcp_timeout_close: 10,
  nf_conntrack_tcp_be_liberal: 0,
  nf_conntrack_tcp_loose: 1,
  nf_conntrack_udp_timeout: 30,
  nf_conntrack_udp_timeout_stream: 120,
  nf_conntrack_icmp_timeout: 30,
});

/** KubeProxyConntrackConfiguration as kube-proxy 1.31 defaults it (durations in seconds; 0 = leave alone). */
export interface KubeProxyConntrackConfig {
  maxPerCore: number;
  min: number;
  tcpEstablishedTimeoutS: number;
  tcpCloseWaitTimeoutS: number;
  tcpBeLiberal: boolean;
  udpTimeoutS: number;
  udpStreamTimeoutS: number;
}

export const KUBE_PROXY_CONNTRACK_DEFAULTS: Readonly<KubeProxyConntrackConfig> = Object.freeze({
  maxPerCore: 32768,
  min: 131072,
  tcpEstablishedTimeoutS: 86400,
  tcpCloseWaitTimeoutS: 3600,
  tcpBeLiberal: false,
  udpTimeoutS: 0,
  udpStreamTimeoutS: 0,
});

/** getConntrackMax: maxPerCore × cores, but never below min; 0 when maxPerCore is 0 (leave it). */
export function kubeProxyConntrackMax(c: KubeProxyConntrackConfig, numCPU: number): number {
  if (c.maxPerCore <= 0) return 0;
  const scaled = c.maxPerCore * numCPU;
  return scaled > c.min ? scaled : c.min;
}

/** The sysctl writes kube-proxy makes at start, in its order; the caller applies them. */
export function kubeProxyConntrackWrites(c: KubeProxyConntrackConfig, numCPU: number): [ConntrackSysctlName, number][] {
  const out: [ConntrackSysctlName, number][] = [];
  const max = kubeProxyConntrackMax(c, numCPU);
  if (max > 0) out.push(['nf_conntrack_max', max]);
  if (c.tcpEstablishedTimeoutS > 0) out.push(['nf_conntrack_tcp_timeout_established', c.tcpEstablishedTimeoutS]);
  if (c.tcpCloseWaitTimeoutS > 0) out.push(['nf_conntrack_tcp_timeout_close_wait', c.tcpCloseWaitTimeoutS]);
  if (c.tcpBeLiberal) out.push(['nf_conntrack_tcp_be_liberal', 1]);
  if (c.udpTimeoutS > 0) out.push(['nf_conntrack_udp_timeout', c.udpTimeoutS]);
  if (c.udpStreamTimeoutS > 0) out.push(['nf_conntrack_udp_timeout_stream', c.udpStreamTimeoutS]);
  return out;
}
