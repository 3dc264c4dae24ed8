/**
 * kube-proxy's iptables mode (Kubernetes 1.31, pkg/proxy/iptables/proxier.go syncProxyRules) as a pure
 * function: Services and EndpointSlices in, the filter and nat rules a node's kube-proxy restores out.
 *
 * Everything follows the real proxier, per Service port:
 * - nat KUBE-SERVICES captures the cluster IP (to KUBE-SVC, or KUBE-SVL with internalTrafficPolicy
 *   Local), externalIPs and load-balancer IPs (to KUBE-EXT, or KUBE-FW with loadBalancerSourceRanges);
 *   KUBE-NODEPORTS captures the node port (plus a localhost twin counted by nfacct); the last
 *   KUBE-SERVICES rule sends local destinations to KUBE-NODEPORTS;
 * - a port with no usable endpoint gets no nat chains; filter rules REJECT it instead ("has no
 *   endpoints"); with a Local policy and no local endpoint, the affected destinations DROP ("has no
 *   local endpoints");
 * - KUBE-SVC/SVL masquerade traffic from outside the cluster CIDR, pin ClientIP affinity with
 *   `-m recent`, and spread over endpoints with `statistic` probabilities 1/n, 1/(n-1), …, none;
 *   each KUBE-SEP marks hairpin traffic for masquerade and DNATs;
 * - KUBE-EXT masquerades (Cluster policy) or short-circuits pod and node traffic (Local policy);
 * - more than 1000 endpoints in all switches to "large cluster mode": no comments on SVC→SEP and SEP
 *   rules.
 *
 * Rules are built once per Service port and shared: a block depends on the node only through its
 * local endpoints (when a Local policy is in use) and whether the node IP is in the source ranges, so
 * most Services produce one frozen block every node's chains hold by reference. Text is never built
 * here; iptables-save renders it on demand.
 *
 * One deliberate difference: the real proxier walks its service map in Go's random map order, so
 * the order of KUBE-SERVICES and KUBE-NODEPORTS rules changes from sync to sync on a real node. Here
 * Service ports are taken in key order (`ns/name:port/PROTOCOL`), so the text is stable.
 */
import type { EndpointSlice, Service } from '../../types';
import type { IPv4Net } from '../../network/ipv4';
import { cidr, netContains, requireIPv4 } from '../../network/ipv4';
import { parsePrefix } from '../../network/netfilter/addr';
import { formatFixed } from '../../network/netfilter/decimal';
import type { Rule } from '../../network/netfilter/rule';
import { rule } from '../../network/netfilter/rule';
import type { RestoreTable } from '../../network/netfilter/netfilter';
import type { EndpointInfo } from './endpoints';
import { categorizeEndpoints, endpointsForService, sliceServiceKey } from './endpoints';
import { endpointChainName } from './hash';
import type { ServicePortInfo } from './serviceport';
import { externallyAccessible, servicePorts, usesLocalEndpoints } from './serviceport';

/** kube-proxy's own settings and the node facts its rules depend on. */
export interface ProxierConfig {
  nodeName: string;
  /** the node's primary IPv4 address (used to let the node through loadBalancerSourceRanges) */
  nodeIP: string;
  /** --cluster-cidr: traffic from outside it to a cluster IP is masqueraded; unset, no such rule */
  clusterCIDR?: string;
  /** --masquerade-all (default false) */
  masqueradeAll?: boolean;
  /** --iptables-masquerade-bit (default 14, so the mark is 0x4000) */
  masqueradeBit?: number;
  /** --iptables-localhost-nodeports (default true) */
  localhostNodePorts?: boolean;
  /** whether the kernel offers nfacct counters (Debian and Ubuntu kernels do) */
  nfacct?: boolean;
  /** net.netfilter.nf_conntrack_tcp_be_liberal is set (default no: INVALID packets are dropped) */
  conntrackTCPLiberal?: boolean;
  /** iptables supports MASQUERADE --random-fully (1.8.9 does) */
  randomFully?: boolean;
}

const LOCALHOST_NET: IPv4Net = Object.freeze(cidr('127.0.0.0/8'));

/** The endpoint count past which comments are dropped (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;
/** nfacct counter names (pkg/proxy/metrics). */
export const CT_STATE_INVALID_COUNTER = 'ct_state_invalid_dropped_pkts';
export const LOCALHOST_NODEPORT_COUNTER = 'localhost_nps_accepted_pkts';

interface Resolved {
  readonly nodeName: string;
  readonly nodeIP: number;
  readonly clusterCIDR: string | undefined;
  readonly clusterCIDRPrefix: IPv4Net | undefined;
  readonly masqueradeAll: boolean;
  readonly mark: number;
  readonly localhostNodePorts: boolean;
  readonly nfacct: boolean;
  readonly conntrackTCPLiberal: boolean;
  readonly randomFully: boolean;
  /** what a block depends on besides the node's locality */
  readonly key: string;
}

function resolve(c: ProxierConfig): Resolved {
  const clusterCIDR = c.clusterCIDR?.trim() || undefined;
  const r = {
    nodeName: c.nodeName,
    nodeIP: requireIPv4(c.nodeIP, { sloppy: true }),
    clusterCIDR,
    clusterCIDRPrefix: clusterCIDR ? parsePrefix(clusterCIDR, { sloppy: true }) : undefined,
    masqueradeAll: c.masqueradeAll ?? false,
    mark: (1 << (c.masqueradeBit ?? 14)) >>> 0,
    localhostNodePorts: c.localhostNodePorts ?? true,
    nfacct: c.nfacct ?? true,
    conntrackTCPLiberal: c.conntrackTCPLiberal ?? false,
    randomFully: c.randomFully ?? true,
  };
  return { ...r, key: [r.clusterCIDR ?? '', r.masqueradeAll, r.mark, r.localhostNodePorts, r.nfacct].join('|') };
}

/** The rules and chains one Service port contributes, in the order kube-proxy writes them. */
export interface ServiceBlock {
  readonly sp: ServicePortInfo;
  readonly filterServices: readonly Rule[];
  readonly filterExternalServices: readonly Rule[];
  readonly filterNodePorts: readonly Rule[];
  readonly filterFirewall: readonly Rule[];
  readonly natServices: readonly Rule[];
  readonly natNodePorts: readonly Rule[];
  /** nat chains owned by this port (EXT, FW, SVC, SVL, SEP…) with their rules */
  readonly chains: readonly { readonly chain: string; readonly rules: readonly Rule[] }[];
}

function buildBlock(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], cfg: Resolved, large: boolean): ServiceBlock {
  const n = sp.nameString;
  const proto = sp.proto;
  const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints: hasEndpoints } = categorizeEndpoints(endpoints, sp, cfg.nodeName);
  const usesLocal = usesLocalEndpoints(sp);
  // clusterEndpoints is empty when the port never uses Cluster policy
  const usesClusterPolicyChain = clusterEndpoints.length > 0;
  const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocal;

  let internalTrafficChain = sp.svcChain;
  let hasInternalEndpoints = hasEndpoints;
  if (sp.internalPolicyLocal) {
    internalTrafficChain = sp.svlChain;
    if (localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = sp.svcChain;
  let hasExternalEndpoints = hasEndpoints;
  if (sp.externalPolicyLocal) {
    externalPolicyChain = sp.svlChain;
    if (localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const usesExternalTrafficChain = hasEndpoints && externallyAccessible(sp);
  const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  const loadBalancerTrafficChain = usesFWChain ? sp.fwChain : sp.extChain;

  let internalTarget = '';
  let internalComment = '';
  let externalTarget = '';
  let externalComment = '';
  if (!hasEndpoints) {
    internalTarget = externalTarget = 'REJECT';
    internalComment = externalComment = `${n} has no endpoints`;
  } else {
    if (!hasInternalEndpoints) {
      internalTarget = 'DROP';
      internalComment = `${n} has no local endpoints`;
    }
    if (!hasExternalEndpoints) {
      externalTarget = 'DROP';
      externalComment = `${n} has no local endpoints`;
    }
  }
  const finish = (b: ReturnType<typeof rule>, target: string): Rule => (target === 'REJECT' ? b.reject() : b.jump(target));

  const filterServices: Rule[] = [];
  const filterExternalServices: Rule[] = [];
  const filterNodePorts: Rule[] = [];
  const filterFirewall: Rule[] = [];
  const natServices: Rule[] = [];
  const natNodePorts: Rule[] = [];

  // Capture the cluster IP.
  if (hasInternalEndpoints) {
    natServices.push(rule().comment(`${n} cluster IP`).protoMatch(proto).dst(sp.clusterIPPrefix).dport(sp.port).jump(internalTrafficChain));
  } else {
    filterServices.push(finish(rule().comment(internalComment).protoMatch(proto).dst(sp.clusterIPPrefix).dport(sp.port), internalTarget));
  }
  // Capture externalIPs.
  for (const ip of sp.externalIPPrefixes) {
    if (hasEndpoints) natServices.push(rule().comment(`${n} external IP`).protoMatch(proto).dst(ip).dport(sp.port).jump(sp.extChain));
    if (!hasExternalEndpoints) {
      filterExternalServices.push(finish(rule().comment(externalComment).protoMatch(proto).dst(ip).dport(sp.port), externalTarget));
    }
  }
  // Capture load-balancer ingress.
  for (const ip of sp.loadBalancerVIPPrefixes) {
    if (hasEndpoints) {
      natServices.push(rule().comment(`${n} loadbalancer IP`).protoMatch(proto).dst(ip).dport(sp.port).jump(loadBalancerTrafficChain));
    }
    if (usesFWChain) {
      filterFirewall.push(rule().comment(`${n} traffic not accepted by ${sp.fwChain}`).protoMatch(proto).dst(ip).dport(sp.port).jump('DROP'));
    }
  }
  if (!hasExternalEndpoints) {
    for (const ip of sp.loadBalancerVIPPrefixes) {
      filterExternalServices.push(finish(rule().comment(externalComment).protoMatch(proto).dst(ip).dport(sp.port), externalTarget));
    }
  }
  // Capture node ports.
  if (sp.nodePort !== 0) {
    if (hasEndpoints) {
      if (cfg.localhostNodePorts && cfg.nfacct) {
        natNodePorts.push(rule().comment(n).protoMatch(proto).dst(LOCALHOST_NET).dport(sp.nodePort).nfacct(LOCALHOST_NODEPORT_COUNTER).jump(sp.extChain));
      }
      natNodePorts.push(rule().comment(n).protoMatch(proto).dport(sp.nodePort).jump(sp.extChain));
    }
    if (!hasExternalEndpoints) {
      filterExternalServices.push(finish(rule().comment(externalComment).addrtype({ dst: 'LOCAL' }).protoMatch(proto).dport(sp.nodePort), externalTarget));
    }
  }
  // Health check node port: accepted whether or not the node has local endpoints.
  if (sp.healthCheckNodePort !== 0) {
    filterNodePorts.push(rule().comment(`${n} health check node port`).protoMatch('tcp').dport(sp.healthCheckNodePort).jump('ACCEPT'));
  }

  const chains = new Map<string, Rule[]>();
  const chainRules = (name: string): Rule[] => {
    let rs = chains.get(name);
    if (!rs) chains.set(name, (rs = []));
    return rs;
  };

  // Internal traffic: masquerade what comes from outside the cluster.
  if (hasInternalEndpoints) {
    const masq = (): ReturnType<typeof rule> => rule().comment(`${n} cluster IP`).protoMatch(proto).dst(sp.clusterIPPrefix).dport(sp.port);
    if (cfg.masqueradeAll) chainRules(internalTrafficChain).push(masq().jump('KUBE-MARK-MASQ'));
    else if (cfg.clusterCIDRPrefix) chainRules(internalTrafficChain).push(masq().src(cfg.clusterCIDRPrefix, true).jump('KUBE-MARK-MASQ'));
  }
  // External traffic.
  if (usesExternalTrafficChain) {
    const ext = chainRules(sp.extChain);
    if (!sp.externalPolicyLocal) {
      ext.push(rule().comment(`masquerade traffic for ${n} external destinations`).jump('KUBE-MARK-MASQ'));
    } else {
      if (cfg.clusterCIDRPrefix) ext.push(rule().comment(`pod traffic for ${n} external destinations`).src(cfg.clusterCIDRPrefix).jump(sp.svcChain));
      ext.push(rule().comment(`masquerade LOCAL traffic for ${n} external destinations`).addrtype({ src: 'LOCAL' }).jump('KUBE-MARK-MASQ'));
      ext.push(rule().comment(`route LOCAL traffic for ${n} external destinations`).addrtype({ src: 'LOCAL' }).jump(sp.svcChain));
    }
    if (hasExternalEndpoints) ext.push(rule().jump(externalPolicyChain));
  }
  // Firewall chain for loadBalancerSourceRanges.
  if (usesFWChain) {
    const fw = chainRules(sp.fwChain);
    let allowFromNode = false;
    for (const range of sp.sourceRangePrefixes) {
      fw.push(rule().comment(`${n} loadbalancer IP`).src(range).jump(sp.extChain));
      if (netContains(range, cfg.nodeIP)) allowFromNode = true;
    }
    if (allowFromNode) {
      for (const ip of sp.loadBalancerVIPPrefixes) fw.push(rule().comment(`${n} loadbalancer IP`).src(ip).jump(sp.extChain));
    }
    fw.push(rule().comment(`other traffic to ${n} will be dropped by KUBE-PROXY-FIREWALL`).build());
  }
  const sepNames = new Map<string, string>();
  const sepName = (ep: EndpointInfo): string => {
    let name = sepNames.get(ep.str);
    if (name === undefined) sepNames.set(ep.str, (name = endpointChainName(n, proto, ep.str)));
    return name;
  };
  if (usesClusterPolicyChain) writeServiceToEndpointRules(chainRules(sp.svcChain), sp, clusterEndpoints, large, sepName);
  if (usesLocalPolicyChain) writeServiceToEndpointRules(chainRules(sp.svlChain), sp, localEndpoints, large, sepName);
  // Endpoint chains.
  for (const ep of allReachable) {
    const name = sepName(ep);
    const sep = chainRules(name);
    const hairpin = rule();
    if (!large) hairpin.comment(n);
    sep.push(hairpin.src(ep.prefix).jump('KUBE-MARK-MASQ'));
    const dnat = rule();
    if (!large) dnat.comment(n);
    if (sp.clientIPAffinity) dnat.recent({ op: 'set', name });
    sep.push(dnat.protoMatch(proto).dnatTo(ep.prefix.ip, ep.port));
  }

  return Object.freeze({
    sp,
    filterServices,
    filterExternalServices,
    filterNodePorts,
    filterFirewall,
    natServices,
    natNodePorts,
    chains: [...chains].map(([chain, rules]) => Object.freeze({ chain, rules: Object.freeze(rules) })),
  });
}

/** Session-affinity rules first, then one probabilistic rule per endpoint (the last always matches). */
function writeServiceToEndpointRules(out: Rule[], sp: ServicePortInfo, endpoints: readonly EndpointInfo[], large: boolean, sepName: (ep: EndpointInfo) => string): void {
  const n = sp.nameString;
  if (sp.clientIPAffinity) {
    for (const ep of endpoints) {
      const sep = sepName(ep);
      const b = rule();
      if (!large) b.comment(`${n} -> ${ep.str}`);
      out.push(b.recent({ op: 'rcheck', name: sep, seconds: sp.stickyMaxAgeSeconds, reap: true }).jump(sep));
    }
  }
  const count = endpoints.length;
  endpoints.forEach((ep, i) => {
    const b = rule();
    if (!large) b.comment(`${n} -> ${ep.str}`);
    if (i < count - 1) b.probability(computeProbability(count - i));
    out.push(b.jump(sepName(ep)));
  });
}

const probabilities: string[] = [];

/** computeProbability: 1/n with ten decimals, Go's `%0.10f` (precomputed, as the proxier does). */
export function computeProbability(count: number): string {
  let p = probabilities[count];
  if (p === undefined) probabilities[count] = p = formatTenDigits(count);
  return p;
}

function formatTenDigits(count: number): string {
  // Exact decimal of the double 1/count, rounded half to even at ten digits (Go's strconv rounding).
  return formatFixed(1 / count, 10);
}

// ---- shared cache ----

interface BlockEntry {
  sp: ServicePortInfo;
  endpoints: readonly EndpointInfo[];
  cfgKey: string;
  large: boolean;
  variants: Map<string, ServiceBlock>;
}

interface EndpointEntry {
  slices: readonly EndpointSlice[];
  byPort: Map<string, readonly EndpointInfo[]>;
}

const NO_ENDPOINTS: readonly EndpointInfo[] = Object.freeze([]);

/**
 * What every node's kube-proxy can share: endpoint lists per Service (cached on the slice objects
 * they came from) and rule blocks per Service port (cached on the port, its endpoints, the proxy
 * settings and the node's locality). Informer objects are immutable, so identity is change.
 */
export class IptablesRuleCache {
  private readonly endpoints = new Map<string, EndpointEntry>();
  private readonly blocks = new Map<string, BlockEntry>();
  /** blocks built versus reused, for tests and benchmarks */
  built = 0;
  reused = 0;

  endpointsFor(serviceKey: string, slices: readonly EndpointSlice[]): Map<string, readonly EndpointInfo[]> {
    const e = this.endpoints.get(serviceKey);
    if (e && e.slices.length === slices.length && e.slices.every((s, i) => s === slices[i])) return e.byPort;
    const byPort = endpointsForService(serviceKey, slices);
    this.endpoints.set(serviceKey, { slices, byPort });
    return byPort;
  }

  block(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], cfg: Resolved, large: boolean): ServiceBlock {
    let e = this.blocks.get(sp.key);
    if (!e || e.sp !== sp || e.endpoints !== endpoints || e.cfgKey !== cfg.key || e.large !== large) {
      e = { sp, endpoints, cfgKey: cfg.key, large, variants: new Map() };
      this.blocks.set(sp.key, e);
    }
    const locality = localityKey(sp, endpoints, cfg);
    let b = e.variants.get(locality);
    if (b) {
      this.reused++;
      return b;
    }
    b = buildBlock(sp, endpoints, cfg, large);
    e.variants.set(locality, b);
    this.built++;
    return b;
  }

  /** Forgets Services and ports no longer present. */
  retain(serviceKeys: ReadonlySet<string>, portKeys: ReadonlySet<string>): void {
    for (const k of this.endpoints.keys()) if (!serviceKeys.has(k)) this.endpoints.delete(k);
    for (const k of this.blocks.keys()) if (!portKeys.has(k)) this.blocks.delete(k);
  }
}

/** The node facts a block depends on: its local endpoints (if Local policy is used) and FW access. */
function localityKey(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], cfg: Resolved): string {
  let key = '';
  if (usesLocalEndpoints(sp)) {
    for (const ep of endpoints) {
      if (ep.nodeName === cfg.nodeName) key += `${ep.str}${ep.ready ? 'r' : ''}${ep.serving ? 's' : ''}${ep.terminating ? 't' : ''},`;
    }
  }
  if (sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0) {
    key += sp.sourceRangePrefixes.some((c) => netContains(c, cfg.nodeIP)) ? '|fw+' : '|fw-';
  }
  return key;
}

// ---- whole-table assembly ----

export interface ProxyInput {
  readonly services: readonly Service[];
  readonly endpointSlices: readonly EndpointSlice[];
}

export interface ProxyRules {
  readonly filter: RestoreTable;
  /** nat chains and rules; per-Service chains are listed in `blocks` */
  readonly natBase: {
    readonly chains: readonly string[];
    readonly rules: readonly { readonly chain: string; readonly rules: readonly Rule[] }[];
  };
  /** Service port blocks in write order */
  readonly blocks: readonly ServiceBlock[];
  readonly largeClusterMode: boolean;
  readonly totalEndpoints: number;
}

const staticRules = new Map<string, ReturnType<typeof makeStatic>>();

function makeStatic(cfg: Resolved) {
  const m = cfg.mark;
  return {
    postrouting: Object.freeze([
      rule().mark(m, m, true).jump('RETURN'),
      rule().xorMark(m),
      rule().comment('kubernetes service traffic requiring SNAT').masquerade({ randomFully: cfg.randomFully }),
    ]),
    markMasq: Object.freeze([rule().orMark(m)]),
    firewall: Object.freeze([
      rule().comment('block incoming localnet connections').dst('127.0.0.0/8').src('127.0.0.0/8', true).ctstate(['RELATED', 'ESTABLISHED', 'DNAT'], true).jump('DROP'),
    ]),
    forward: Object.freeze([
      ...(cfg.conntrackTCPLiberal ? [] : [cfg.nfacct ? rule().ctstate(['INVALID']).nfacct(CT_STATE_INVALID_COUNTER).jump('DROP') : rule().ctstate(['INVALID']).jump('DROP')]),
      rule().comment('kubernetes forwarding rules').mark(m, m).jump('ACCEPT'),
      rule().comment('kubernetes forwarding conntrack rule').ctstate(['RELATED', 'ESTABLISHED']).jump('ACCEPT'),
    ]),
    nodePortsJump: cfg.localhostNodePorts
      ? rule().comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain').addrtype({ dst: 'LOCAL' }).jump('KUBE-NODEPORTS')
      : rule().comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain').addrtype({ dst: 'LOCAL' }).dst('127.0.0.0/8', true).jump('KUBE-NODEPORTS'),
  };
}

function staticFor(cfg: Resolved): ReturnType<typeof makeStatic> {
  const key = `${cfg.key}|${cfg.randomFully}|${cfg.conntrackTCPLiberal}`;
  let s = staticRules.get(key);
  if (!s) staticRules.set(key, (s = makeStatic(cfg)));
  return s;
}

/** The filter and nat rules a 1.31 kube-proxy in iptables mode writes for this node. */
export function buildProxyRules(input: ProxyInput, config: ProxierConfig, cache: IptablesRuleCache): ProxyRules {
  const cfg = resolve(config);
  const st = staticFor(cfg);

  // Group slices by Service, in name order so the cache sees a stable list.
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const s of input.endpointSlices) {
    const k = sliceServiceKey(s);
    if (!k) continue;
    let list = slicesBySvc.get(k);
    if (!list) slicesBySvc.set(k, (list = []));
    list.push(s);
  }

  const ports: { sp: ServicePortInfo; eps: readonly EndpointInfo[] }[] = [];
  const serviceKeys = new Set<string>();
  const portKeys = new Set<string>();
  let totalEndpoints = 0;
  for (const svc of input.services) {
    const sps = servicePorts(svc);
    if (sps.length === 0) continue;
    const serviceKey = sps[0]!.serviceKey;
    serviceKeys.add(serviceKey);
    const slices = (slicesBySvc.get(serviceKey) ?? []).sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    const byPort = cache.endpointsFor(serviceKey, slices);
    for (const sp of sps) {
      const eps = byPort.get(sp.key) ?? NO_ENDPOINTS;
      totalEndpoints += eps.length;
      ports.push({ sp, eps });
      portKeys.add(sp.key);
    }
  }
  ports.sort((a, b) => (a.sp.key < b.sp.key ? -1 : a.sp.key > b.sp.key ? 1 : 0));
  cache.retain(serviceKeys, portKeys);

  const large = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const blocks = ports.map(({ sp, eps }) => cache.block(sp, eps, cfg, large));

  const fServices: Rule[] = [];
  const fExternal: Rule[] = [];
  const fNodePorts: Rule[] = [];
  const fFirewall: Rule[] = [];
  const nServices: Rule[] = [];
  const nNodePorts: Rule[] = [];
  for (const b of blocks) {
    for (const r of b.filterServices) fServices.push(r);
    for (const r of b.filterExternalServices) fExternal.push(r);
    for (const r of b.filterNodePorts) fNodePorts.push(r);
    for (const r of b.filterFirewall) fFirewall.push(r);
    for (const r of b.natServices) nServices.push(r);
    for (const r of b.natNodePorts) nNodePorts.push(r);
  }
  nServices.push(st.nodePortsJump);

  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'];
  if (cfg.localhostNodePorts) filterChains.push('KUBE-FIREWALL');
  const filter: RestoreTable = {
    table: 'filter',
    chains: filterChains,
    rules: [
      ...(cfg.localhostNodePorts ? [{ chain: 'KUBE-FIREWALL', rules: st.firewall }] : []),
      { chain: 'KUBE-SERVICES', rules: fServices },
      { chain: 'KUBE-EXTERNAL-SERVICES', rules: fExternal },
      { chain: 'KUBE-NODEPORTS', rules: fNodePorts },
      { chain: 'KUBE-PROXY-FIREWALL', rules: fFirewall },
      { chain: 'KUBE-FORWARD', rules: st.forward },
    ],
  };
  const natBase = {
    chains: ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'],
    rules: [
      { chain: 'KUBE-POSTROUTING', rules: st.postrouting },
      { chain: 'KUBE-MARK-MASQ', rules: st.markMasq },
      { chain: 'KUBE-SERVICES', rules: nServices },
      { chain: 'KUBE-NODEPORTS', rules: nNodePorts },
    ],
  };
  return { filter, natBase, blocks, largeClusterMode: large, totalEndpoints };
}
