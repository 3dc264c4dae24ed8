/**
 * A pod's DNS settings as the kubelet builds them (pkg/kubelet/network/dns GetPodDNS) and the file
 * containerd writes from them to the sandbox's /etc/resolv.conf (search, nameservers, options, in that
 * order). The DNS model reads a pod's resolver from here.
 *
 * - ClusterFirst (the default): the cluster DNS Service, the search list `<ns>.svc.<domain>
 *   svc.<domain> <domain>` followed by the node's own search domains, `options ndots:5`. A hostNetwork
 *   pod with ClusterFirst falls back to the node's resolver; ClusterFirstWithHostNet does not.
 * - Default: the node's /etc/resolv.conf. None: nothing but what `dnsConfig` gives.
 * - `dnsConfig` is then merged in: nameservers and searches appended without duplicates, options by name.
 * - At most 3 nameservers, 32 search domains and 2048 characters of them are kept.
 */
import type { Pod } from '../types';

export interface DnsSettings {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface ClusterDnsConfig {
  /** KubeletConfiguration.clusterDNS */
  clusterDNS: string[];
  /** KubeletConfiguration.clusterDomain */
  clusterDomain: string;
  /** the node's resolv.conf (--resolv-conf), as text */
  hostResolvConf: string;
}

const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_NAMESERVERS = 3;
const MAX_NAME_CHARS = 253;

function omitDuplicates(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Reads a resolv.conf the way the kubelet's parser does: nameserver, search/domain and options lines. */
export function parseResolvConf(text: string): DnsSettings {
  const out: DnsSettings = { servers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.servers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest.filter((s) => s !== '.').map((s) => s.replace(/\.$/, ''));
    else if (key === 'options') out.options = rest;
  }
  return out;
}

function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const o of base) byName.set(o.split(':')[0]!, o);
  for (const o of extra) {
    if (!o.name) continue;
    byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  }
  return [...byName.values()];
}

export function podDNS(pod: Pod, cfg: ClusterDnsConfig): DnsSettings {
  const host = parseResolvConf(cfg.hostResolvConf);
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = !!pod.spec?.hostNetwork;
  let dns: DnsSettings;
  const cluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork);
  if (policy === 'None') dns = { servers: [], searches: [], options: [] };
  else if (cluster && cfg.clusterDNS.length) {
    const ns = pod.metadata?.namespace ?? 'default';
    const d = cfg.clusterDomain;
    dns = { servers: [...cfg.clusterDNS], searches: d ? omitDuplicates([`${ns}.svc.${d}`, `svc.${d}`, d, ...host.searches]) : host.searches, options: ['ndots:5'] };
  } else dns = host;
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    dns = {
      servers: omitDuplicates([...dns.servers, ...(extra.nameservers ?? [])]),
      searches: omitDuplicates([...dns.searches, ...(extra.searches ?? [])]),
      options: mergeOptions(dns.options, extra.options ?? []),
    };
  }
  // formDNSConfigFitsLimits: three nameservers; as many search paths as fit, none longer than a DNS name.
  let searches = dns.searches.slice(0, MAX_SEARCH_PATHS).filter((x) => x.length <= MAX_NAME_CHARS);
  while (searches.join(' ').length > MAX_SEARCH_CHARS) searches = searches.slice(0, -1);
  return { ...dns, servers: dns.servers.slice(0, MAX_NAMESERVERS), searches };
}

/** The sandbox's /etc/resolv.conf as containerd writes it. */
export function formatResolvConf(d: DnsSettings): string {
  let out = '';
  if (d.searches.length) out += `search ${d.searches.join(' ')}\n`;
  for (const s of d.servers) out += `nameserver ${s}\n`;
  if (d.options.length) out += `options ${d.options.join(' ')}\n`;
  return out;
}

/** The file a pod finds at /etc/resolv.conf. */
export function podResolvConf(pod: Pod, cfg: ClusterDnsConfig): string {
  return formatResolvConf(podDNS(pod, cfg));
}

/** What a kubeadm node's kubelet is configured with, before anything says otherwise. */
export const DEFAULT_CLUSTER_DNS: ClusterDnsConfig = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', hostResolvConf: 'nameserver 192.168.1.1\n' };
