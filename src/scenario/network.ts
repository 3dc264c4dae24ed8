/**
 * A scenario's `cluster.network` and `cluster.kubeProxy`, checked as the tools that take them check
 * them: the pod and Service networks as `kubeadm init` validates networking.podSubnet and
 * networking.serviceSubnet (with the node mask, kube-controller-manager's --node-cidr-mask-size), the
 * proxy mode and IPVS scheduler as kube-proxy validates its configuration. Values are kept as written;
 * the cluster reads them into networks (network/settings.ts).
 */
import type { CniPlugin, FlannelBackend, KubeProxySettings, NetworkSettings, ProxyMode } from '../sim/network/settings';
import { DEFAULT_NODE_CIDR_MASK_SIZE, DEFAULT_POD_CIDR, parseAddressRange } from '../sim/network/settings';
import type { IPv4Net } from '../sim/network/ipv4';
import { formatCIDR, netSize, parseCIDR } from '../sim/network/ipv4';
import { isObj, kindOf, onlyKeys, ScenarioError } from './errors';
import type { Obj } from './errors';

export const NETWORK_KEYS = ['cni', 'backend', 'podCIDR', 'nodeCIDRMaskSize', 'serviceCIDR', 'loadBalancerPool'] as const;
export const KUBE_PROXY_KEYS = ['mode', 'ipvs'] as const;

/** kubeadm's MinimumAddressesInPodSubnet, MinimumAddressesInServiceSubnet, MaximumBitsForServiceSubnet, PodSubnetNodeMaskMaxDiff. */
const MIN_POD_ADDRESSES = 14;
const MIN_SERVICE_ADDRESSES = 10;
const MAX_SERVICE_HOST_BITS = 20;
const POD_SUBNET_NODE_MASK_MAX_DIFF = 16;

/** kube-proxy's IPVS schedulers, in the order its validation lists them. */
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq'] as const;

function withoutNulls(o: Obj): Obj {
  return Object.fromEntries(Object.keys(o).filter((k) => o[k] !== null).map((k) => [k, o[k]]));
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ScenarioError(`${where}: expected a string, got ${kindOf(v)}`);
  return v;
}

function unsupported(where: string, v: string, supported: readonly string[], why = ''): ScenarioError {
  return new ScenarioError(`${where}: Unsupported value: ${JSON.stringify(v)}: supported values: ${supported.map((x) => JSON.stringify(x)).join(', ')}${why}`);
}

function invalid(where: string, v: string | number, detail: string): ScenarioError {
  return new ScenarioError(`${where}: Invalid value: ${typeof v === 'string' ? JSON.stringify(v) : v}: ${detail}`);
}

/** A subnet as kubeadm reads one (ValidateIPNetFromString): parsed leniently, IPv4 only, big enough. */
function subnet(raw: unknown, where: string, minAddresses: number): IPv4Net {
  const text = str(raw, where);
  const parts = text.split(',');
  if (parts.some((p) => p.includes(':'))) throw invalid(where, text, 'kubetab builds IPv4 single-stack clusters: expected one IPv4 CIDR');
  if (parts.length !== 1) throw invalid(where, text, 'expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking');
  const c = parseCIDR(text, { sloppy: true });
  if (!c) throw invalid(where, text, "couldn't parse subnet");
  const n = netSize(c.net);
  if (n < minAddresses) throw invalid(where, formatCIDR(c.net), `subnet with ${n} address(es) is too small, the minimum is ${minAddresses}`);
  return c.net;
}

function oneOf<T extends string>(raw: unknown, where: string, values: readonly T[], notYet: Record<string, string> = {}): T {
  const v = str(raw, where);
  if ((values as readonly string[]).includes(v)) return v as T;
  throw unsupported(where, v, values, notYet[v] ?? '');
}

function maskSize(raw: unknown, where: string): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw new ScenarioError(`${where}: expected a whole number (a prefix length such as 24), got ${kindOf(raw)}`);
  if (raw < 0) throw invalid(where, raw, 'must be greater than or equal to 0');
  // cidrset.NewCIDRSet's ErrSubNetMaskSizeInvalid.
  if (raw > 32) throw invalid(where, raw, 'SubNetMask is invalid, should be lower or equal to 32 for IPv4 and to 128 for IPv6');
  return raw;
}

export function parseNetwork(input: unknown): NetworkSettings {
  const where = 'cluster.network';
  if (!isObj(input)) throw new ScenarioError(`${where}: expected a mapping, got ${kindOf(input)}`);
  onlyKeys(input, NETWORK_KEYS, where);
  const raw = withoutNulls(input);
  const out: NetworkSettings = {};
  if (raw.cni !== undefined) out.cni = oneOf<CniPlugin>(raw.cni, `${where}.cni`, ['flannel', 'canal']);
  if (raw.backend !== undefined) out.backend = oneOf<FlannelBackend>(raw.backend, `${where}.backend`, ['vxlan', 'host-gw']);
  let pods: IPv4Net | undefined;
  if (raw.podCIDR !== undefined) {
    pods = subnet(raw.podCIDR, `${where}.podCIDR`, MIN_POD_ADDRESSES);
    out.podCIDR = raw.podCIDR as string;
  }
  if (raw.nodeCIDRMaskSize !== undefined) out.nodeCIDRMaskSize = maskSize(raw.nodeCIDRMaskSize, `${where}.nodeCIDRMaskSize`);
  // kubeadm's ValidatePodSubnetNodeMask: the node blocks must fit the pod network, at most 16 bits apart.
  const podNet = pods ?? parseCIDR(DEFAULT_POD_CIDR)!.net;
  const nodeMask = out.nodeCIDRMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE;
  const shownPods = formatCIDR(podNet);
  if (podNet.prefix > nodeMask) throw invalid(`${where}.podCIDR`, shownPods, `the size of pod subnet with mask ${podNet.prefix} is smaller than the size of node subnet with mask ${nodeMask}`);
  if (nodeMask - podNet.prefix > POD_SUBNET_NODE_MASK_MAX_DIFF) throw invalid(`${where}.podCIDR`, shownPods, `pod subnet mask (${podNet.prefix}) and node-mask (${nodeMask}) difference is greater than ${POD_SUBNET_NODE_MASK_MAX_DIFF}`);
  if (raw.serviceCIDR !== undefined) {
    const svc = subnet(raw.serviceCIDR, `${where}.serviceCIDR`, MIN_SERVICE_ADDRESSES);
    if (32 - svc.prefix > MAX_SERVICE_HOST_BITS) throw invalid(`${where}.serviceCIDR`, formatCIDR(svc), `specified service subnet is too large; for 32-bit addresses, the mask must be >= ${32 - MAX_SERVICE_HOST_BITS}`);
    out.serviceCIDR = raw.serviceCIDR as string;
  }
  if (raw.loadBalancerPool !== undefined) {
    const text = str(raw.loadBalancerPool, `${where}.loadBalancerPool`);
    if (text.includes(':')) throw invalid(`${where}.loadBalancerPool`, text, 'kubetab builds IPv4 single-stack clusters: expected an IPv4 CIDR or range');
    const r = parseAddressRange(text);
    if (typeof r === 'string') throw invalid(`${where}.loadBalancerPool`, text, `${r} (expected a CIDR such as 192.168.1.240/28 or a range such as 192.168.1.240-192.168.1.250)`);
    out.loadBalancerPool = text;
  }
  return out;
}

export function parseKubeProxy(input: unknown): KubeProxySettings {
  const where = 'cluster.kubeProxy';
  if (!isObj(input)) throw new ScenarioError(`${where}: expected a mapping, got ${kindOf(input)}`);
  onlyKeys(input, KUBE_PROXY_KEYS, where);
  const raw = withoutNulls(input);
  const out: KubeProxySettings = {};
  if (raw.mode !== undefined) {
    const mode = str(raw.mode, `${where}.mode`);
    if (mode === 'nftables') throw unsupported(`${where}.mode`, mode, ['iptables', 'ipvs'], ' (the nftables proxier is not modelled)');
    if (mode !== '' && mode !== 'iptables' && mode !== 'ipvs') throw invalid(`${where}.mode`, mode, 'must be iptables, ipvs or blank (blank means the best-available proxy [currently iptables])');
    // Blank is kube-proxy's default: iptables.
    if (mode !== '') out.mode = mode as ProxyMode;
  }
  if (raw.ipvs !== undefined) {
    const ipvsWhere = `${where}.ipvs`;
    if (!isObj(raw.ipvs)) throw new ScenarioError(`${ipvsWhere}: expected a mapping, got ${kindOf(raw.ipvs)}`);
    onlyKeys(raw.ipvs, ['scheduler'], ipvsWhere);
    const ipvs = withoutNulls(raw.ipvs);
    out.ipvs = {};
    if (ipvs.scheduler !== undefined) {
      const s = str(ipvs.scheduler, `${ipvsWhere}.scheduler`);
      if (s !== '' && !(IPVS_SCHEDULERS as readonly string[]).includes(s)) throw invalid(`${ipvsWhere}.scheduler`, s, `must be in [${IPVS_SCHEDULERS.join(' ')} ], blank means the default algorithm method (currently rr)`);
      out.ipvs.scheduler = s;
    }
  }
  return out;
}
