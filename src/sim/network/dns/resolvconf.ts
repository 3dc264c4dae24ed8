/**
 * A pod's /etc/resolv.conf, as the kubelet forms its DNS config (pkg/kubelet/network/dns/dns.go,
 * GetPodDNS) and containerd writes it into the sandbox (pkg/cri parseDNSOptions).
 *
 * - ClusterFirst (the default), and ClusterFirstWithHostNet: the cluster DNS Service as the only
 *   nameserver; search `<ns>.svc.<domain> svc.<domain> <domain>` followed by the node's own search
 *   domains, duplicates removed; options `ndots:5`.
 * - ClusterFirst on a hostNetwork pod falls back to Default.
 * - Default: the node's resolver config (the kubelet's --resolv-conf) as it is.
 * - None: nothing but what the pod's dnsConfig says.
 * - A pod's dnsConfig is then appended: nameservers and searches added without duplicates, options
 *   merged by name with the pod's value winning.
 * - Limits: 3 nameservers; 32 search domains and 2048 characters of search line, dropping
 *   domains longer than 253 characters; each cut raises a DNSConfigForming warning on the pod.
 *
 * containerd writes `search`, then `nameserver` lines, then `options`; if the config is empty it
 * copies the node's /etc/resolv.conf instead.
 */
import type { Pod } from 'kubernetes-types/core/v1';

export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
const DNS1123_SUBDOMAIN_MAX = 253;
const DEFAULT_DNS_OPTIONS = ['ndots:5'];

export interface ResolverConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

/** The kubelet's parser: nameservers accumulate, the last search and options lines win. */
export function parseResolvConf(text: string): ResolverConfig {
  const out: ResolverConfig = { servers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver' && fields.length >= 2) out.servers.push(fields[1]!);
    // The same domain with and without a trailing dot counts once.
    if (fields[0] === 'search') out.searches = fields.slice(1).map((s) => (s.endsWith('.') ? s.slice(0, -1) : s));
    if (fields[0] === 'options') out.options = fields.slice(1);
  }
  return out;
}

export interface KubeletDnsSettings {
  /** --cluster-dns (kubeadm: the kube-dns ClusterIP). */
  clusterDNS: string[];
  /** --cluster-domain. */
  clusterDomain: string;
  /**
   * The file named by --resolv-conf, parsed; undefined when the flag is empty, which makes
   * Default-policy pods ask 127.0.0.1.
   */
  resolverConfig: ResolverConfig | undefined;
  /** The node's addresses, for the empty --resolv-conf case. */
  nodeIPs?: string[];
}

export interface DnsEvent {
  /** Which object the kubelet records it on. */
  on: 'pod' | 'node';
  type: 'Warning';
  reason: 'DNSConfigForming' | 'MissingClusterDNS';
  message: string;
}

export interface PodDnsResult {
  config: ResolverConfig;
  events: DnsEvent[];
}

type PodDnsShape = Pick<Pod, 'metadata'> & { spec?: Pick<NonNullable<Pod['spec']>, 'dnsPolicy' | 'hostNetwork' | 'dnsConfig'> };

function omitDuplicates(list: string[]): string[] {
  return [...new Set(list)];
}

/**
 * Options merged by name; a pod option with a value replaces the node's. The kubelet rebuilds the
 * list from a Go map, so its order varies from pod to pod on a real node; here it is first-seen order.
 */
function mergeOptions(existing: string[], pod: readonly { name?: string; value?: string }[]): string[] {
  const merged = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    if (i >= 0) merged.set(op.slice(0, i), op.slice(i + 1));
    else merged.set(op, '');
  }
  for (const op of pod) merged.set(op.name ?? '', op.value ?? '');
  return [...merged].map(([name, value]) => (value !== '' ? `${name}:${value}` : name));
}

function fitSearches(searches: string[], events: DnsEvent[]): string[] {
  let exceeded = false;
  let list = searches;
  if (list.length > MAX_DNS_SEARCH_PATHS) {
    list = list.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  // Some resolvers (glibc 2.28) abort on a search domain over 255 characters: the kubelet drops them.
  const kept = list.filter((s) => s.length <= DNS1123_SUBDOMAIN_MAX);
  if (kept.length !== list.length) exceeded = true;
  list = kept;
  const lineLen = list.join(' ').length;
  if (lineLen > MAX_DNS_SEARCH_LIST_CHARS) {
    let cutLen = 0;
    let cutNum = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      cutLen += list[i]!.length + 1;
      cutNum++;
      if (lineLen - cutLen <= MAX_DNS_SEARCH_LIST_CHARS) break;
    }
    list = list.slice(0, list.length - cutNum);
    exceeded = true;
  }
  if (exceeded) {
    events.push({ on: 'pod', type: 'Warning', reason: 'DNSConfigForming', message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${list.join(' ')}` });
  }
  return list;
}

function fitServers(servers: string[], events: DnsEvent[]): string[] {
  if (servers.length <= MAX_DNS_NAMESERVERS) return servers;
  const kept = servers.slice(0, MAX_DNS_NAMESERVERS);
  events.push({ on: 'pod', type: 'Warning', reason: 'DNSConfigForming', message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${kept.join(' ')}` });
  return kept;
}

/** GetPodDNS: the DNS config the kubelet hands to the runtime for this pod, and the events it records. */
export function podDnsConfig(settings: KubeletDnsSettings, pod: PodDnsShape): PodDnsResult {
  const events: DnsEvent[] = [];
  const host = settings.resolverConfig;
  let config: ResolverConfig = { servers: [...(host?.servers ?? [])], searches: [...(host?.searches ?? [])], options: [...(host?.options ?? [])] };
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod.spec?.hostNetwork === true;
  let type: 'cluster' | 'host' | 'none';
  if (policy === 'None') type = 'none';
  else if (policy === 'ClusterFirstWithHostNet') type = 'cluster';
  else if (policy === 'ClusterFirst') type = hostNetwork ? 'host' : 'cluster';
  else type = 'host';

  if (type === 'none') {
    config = { servers: [], searches: [], options: [] };
  } else if (type === 'cluster' && settings.clusterDNS.length > 0) {
    const ns = pod.metadata?.namespace ?? 'default';
    const d = settings.clusterDomain;
    const searches = d === '' ? config.searches : omitDuplicates([`${ns}.svc.${d}`, `svc.${d}`, d, ...config.searches]);
    config = { servers: [...settings.clusterDNS], searches, options: [...DEFAULT_DNS_OPTIONS] };
  } else {
    if (type === 'cluster') {
      const msg = 'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.';
      const podName = `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;
      events.push({ on: 'node', type: 'Warning', reason: 'MissingClusterDNS', message: msg });
      events.push({ on: 'pod', type: 'Warning', reason: 'MissingClusterDNS', message: `pod: "${podName}". ${msg}` });
    }
    if (!host) {
      // An empty --resolv-conf: "the nameserver on the local machine".
      const servers = (settings.nodeIPs ?? []).map((ip) => (ip.includes(':') ? '::1' : '127.0.0.1'));
      config = { servers: servers.length > 0 ? servers : ['127.0.0.1'], searches: ['.'], options: [] };
    }
  }

  const podConfig = pod.spec?.dnsConfig;
  if (podConfig) {
    config = {
      servers: omitDuplicates([...config.servers, ...(podConfig.nameservers ?? [])]),
      searches: omitDuplicates([...config.searches, ...(podConfig.searches ?? [])]),
      options: mergeOptions(config.options, podConfig.options ?? []),
    };
  }
  config = { servers: fitServers(config.servers, events), searches: fitSearches(config.searches, events), options: config.options };
  return { config, events };
}

/**
 * The sandbox's /etc/resolv.conf as containerd writes it from the kubelet's config, or the node's
 * own /etc/resolv.conf copied when the config is empty.
 */
export function resolvConfText(config: ResolverConfig, nodeEtcResolvConf: string): string {
  let out = '';
  if (config.searches.length > 0) out += `search ${config.searches.join(' ')}\n`;
  if (config.servers.length > 0) out += `nameserver ${config.servers.join('\nnameserver ')}\n`;
  if (config.options.length > 0) out += `options ${config.options.join(' ')}\n`;
  return out === '' ? nodeEtcResolvConf : out;
}
