/**
 * The file a pod finds at /etc/resolv.conf: the kubelet's DNS config for the pod (GetPodDNS, in
 * network/dns/resolvconf.ts) written out as containerd writes it into the sandbox.
 */
import type { Pod } from '../types';
import type { DnsEvent } from '../network/dns/resolvconf';
import { parseResolvConf, podDnsConfig, resolvConfText } from '../network/dns/resolvconf';

export interface ClusterDnsConfig {
  /** KubeletConfiguration.clusterDNS */
  clusterDNS: string[];
  /** KubeletConfiguration.clusterDomain */
  clusterDomain: string;
  /** the node's resolv.conf (--resolv-conf), as text */
  hostResolvConf: string;
}

/** The pod's resolv.conf, and the events the kubelet records while forming it (DNSConfigForming…). */
export function podDns(pod: Pod, cfg: ClusterDnsConfig): { resolvConf: string; events: DnsEvent[] } {
  const settings = { clusterDNS: cfg.clusterDNS, clusterDomain: cfg.clusterDomain, resolverConfig: parseResolvConf(cfg.hostResolvConf) };
  const { config, events } = podDnsConfig(settings, pod);
  return { resolvConf: resolvConfText(config, cfg.hostResolvConf), events };
}

export function podResolvConf(pod: Pod, cfg: ClusterDnsConfig): string {
  return podDns(pod, cfg).resolvConf;
}

/** What a kubeadm node's kubelet is configured with, before anything says otherwise. */
export const DEFAULT_CLUSTER_DNS: ClusterDnsConfig = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: 'nameserver 192.168.1.1\n' };
