/**
 * The `portmap` plugin (containernetworking/plugins, plugins/meta/portmap), chained after flannel in the
 * conflist with the `portMappings` capability: the runtime hands it the pod's hostPorts, and it writes
 * them into the node's nat table. A pod without hostPorts passes through untouched (ADD and DEL).
 *
 * ADD, for the pod's IPv4 address on eth0 (with snat on and mark bit 13, the defaults):
 * - CNI-HOSTPORT-SETMARK marks packets to masquerade (0x2000), CNI-HOSTPORT-MASQ masquerades them and
 *   is jumped to from the top of POSTROUTING;
 * - CNI-HOSTPORT-DNAT, jumped to from the end of PREROUTING and OUTPUT for local destinations, sends
 *   each protocol's host ports (`-m multiport`, 15 at most per rule) to the container's own chain;
 * - that chain, `CNI-DN-` + hash of network name and container ID, has for each mapping a hairpin mark
 *   (from the pod's subnet), a localhost mark (from 127.0.0.1) and the DNAT to the pod.
 * Every rule is added only if missing, so the shared chains are written once per node.
 *
 * DEL removes the container's chain and its jumps; the shared chains stay. (The route_localnet sysctl
 * ADD sets on the host interface and the UDP conntrack flush are not modelled.)
 */
import type { Machine } from '../machine';
import type { Netfilter, Rule } from '../../network/netfilter';
import { rule } from '../../network/netfilter/rule';
import { saveLine } from '../../network/netfilter/text';
import { netfilterOf } from '../../network/netfilter/slot';
import { parseCIDR } from '../../network/ipv4';
import { cniChainName } from './chainname';
import type { Plugin, PluginConf, Result, RuntimeConf } from './types';
import { CniError } from './types';

export const TOP_LEVEL_DNAT_CHAIN = 'CNI-HOSTPORT-DNAT';
export const SET_MARK_CHAIN = 'CNI-HOSTPORT-SETMARK';
export const MARK_MASQ_CHAIN = 'CNI-HOSTPORT-MASQ';
const DEFAULT_MARK_BIT = 13;
/** multiport takes at most 15 ports a rule */
const MULTIPORT_MAX = 15;
/** xt_comment's limit, less its NUL */
const MAX_COMMENT = 255;

/** One entry of the `portMappings` capability argument (CNI CONVENTIONS). */
export interface PortMapEntry {
  hostPort: number;
  containerPort: number;
  protocol: string;
  hostIP?: string;
}

type Proto = 'tcp' | 'udp' | 'sctp';

function portMaps(conf: PluginConf): PortMapEntry[] {
  const rc = conf.runtimeConfig as { portMappings?: unknown } | undefined;
  const list = Array.isArray(rc?.portMappings) ? (rc!.portMappings as PortMapEntry[]) : [];
  for (const pm of list) {
    if (!(pm.containerPort > 0)) throw new CniError(`failed to parse config: Invalid container port number: ${pm.containerPort}`);
    if (!(pm.hostPort > 0)) throw new CniError(`failed to parse config: Invalid host port number: ${pm.hostPort}`);
  }
  return list;
}

/** The container's IPv4 address (with its prefix) from the previous result: the sandbox's interface's. */
function containerIPv4(prev: Result, ifName: string): string | undefined {
  for (const ip of prev.ips) {
    if (ip.address.includes(':')) continue;
    if (ip.interface !== undefined && ip.interface >= 0 && ip.interface < prev.interfaces.length) {
      const i = prev.interfaces[ip.interface]!;
      if (i.name !== ifName || !i.sandbox) continue;
    }
    return ip.address;
  }
  return undefined;
}

/** InsertUnique: add unless an identical rule is there. */
function insertUnique(nf: Netfilter, chain: string, r: Rule, prepend = false): void {
  nf.ensureRule(prepend ? 'prepend' : 'append', 'nat', chain, r);
}

function markBit(conf: PluginConf): number {
  const bit = conf.markMasqBit;
  if (bit === undefined || bit === null) return DEFAULT_MARK_BIT;
  if (typeof bit !== 'number' || bit < 0 || bit > 31) throw new CniError('failed to parse config: MasqMarkBit must be between 0 and 31');
  return bit;
}

export function dnatChainName(netName: string, containerID: string): string {
  return cniChainName(netName, containerID, 'DN-');
}

function forwardPorts(nf: Netfilter, conf: PluginConf, rt: RuntimeConf, entries: readonly PortMapEntry[], address: string): void {
  const snat = conf.snat !== false;
  const mark = (1 << markBit(conf)) >>> 0;
  if (snat) {
    nf.ensureChain('nat', SET_MARK_CHAIN);
    insertUnique(nf, SET_MARK_CHAIN, rule().comment('CNI portfwd masquerade mark').target({ t: 'MARK', value: mark, mask: mark }));
    nf.ensureChain('nat', MARK_MASQ_CHAIN);
    insertUnique(nf, MARK_MASQ_CHAIN, rule().mark(mark, mark).masquerade());
    insertUnique(nf, 'POSTROUTING', rule().comment('CNI portfwd requiring masquerade').jump(MARK_MASQ_CHAIN), true);
  }
  nf.ensureChain('nat', TOP_LEVEL_DNAT_CHAIN);
  for (const entry of ['PREROUTING', 'OUTPUT']) insertUnique(nf, entry, rule().addrtype({ dst: 'LOCAL' }).jump(TOP_LEVEL_DNAT_CHAIN));

  const netName = conf.name ?? '';
  const chain = dnatChainName(netName, rt.containerID);
  nf.ensureChain('nat', chain);
  const [ip] = address.split('/') as [string];
  const masqAll = conf.masqAll === true;
  for (const e of entries) {
    let dst: string | undefined;
    if (e.hostIP) {
      if (e.hostIP.includes(':')) continue;
      if (e.hostIP !== '0.0.0.0') dst = e.hostIP;
    }
    const proto = e.protocol as Proto;
    const base = () => {
      const b = rule();
      if (dst) b.dst(dst);
      return b.protoMatch(proto).dport(e.hostPort);
    };
    if (snat) {
      insertUnique(nf, chain, base().src(masqAll ? '0.0.0.0/0' : parseCIDR(address)!.net).jump(SET_MARK_CHAIN));
      if (!masqAll) insertUnique(nf, chain, base().src('127.0.0.1').jump(SET_MARK_CHAIN));
    }
    insertUnique(nf, chain, base().dnat(`${ip}:${e.containerPort}`));
  }
  // The entry rules into the container's chain: per protocol (sorted), up to 15 ports each.
  const comment = `dnat name: "${netName}" id: "${rt.containerID}"`.slice(0, MAX_COMMENT);
  const byProto = new Map<string, number[]>();
  for (const e of entries) byProto.set(e.protocol, [...(byProto.get(e.protocol) ?? []), e.hostPort]);
  for (const proto of [...byProto.keys()].sort()) {
    const ports = byProto.get(proto)!;
    for (let i = 0; i < ports.length; i += MULTIPORT_MAX) {
      insertUnique(nf, TOP_LEVEL_DNAT_CHAIN, rule().comment(comment).multiportDports(ports.slice(i, i + MULTIPORT_MAX)).proto(proto as Proto).jump(chain));
    }
  }
}

/** chain.teardown for the container's chain: flushed, every jump to it removed, then deleted. */
function unforwardPorts(nf: Netfilter, conf: PluginConf, rt: RuntimeConf): void {
  const chain = dnatChainName(conf.name ?? '', rt.containerID);
  if (!nf.getChain('nat', chain)) return;
  nf.flushChain('nat', chain);
  const top = nf.getChain('nat', TOP_LEVEL_DNAT_CHAIN);
  for (const r of [...(top?.rules ?? [])]) {
    if (saveLine(TOP_LEVEL_DNAT_CHAIN, r).endsWith(`-j ${chain}`)) nf.deleteRule('nat', TOP_LEVEL_DNAT_CHAIN, r);
  }
  nf.deleteChain('nat', chain);
}

export const portmap: Plugin = {
  add(m: Machine, conf: PluginConf, rt: RuntimeConf, prev: Result | undefined): Result {
    const entries = portMaps(conf);
    if (!prev) throw new CniError('must be called as chained plugin');
    if (entries.length === 0) return prev;
    const address = containerIPv4(prev, rt.ifName);
    if (address) forwardPorts(netfilterOf(m), conf, rt, entries, address);
    return prev;
  },
  del(m: Machine, conf: PluginConf, rt: RuntimeConf): void {
    if (portMaps(conf).length === 0) return;
    unforwardPorts(netfilterOf(m), conf, rt);
  },
};
