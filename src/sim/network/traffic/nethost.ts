/**
 * A namespace as the network tools see it (tools/host.ts's NetHost), answered by the packet path:
 * every lookup, connection, request and echo a tool makes is walked through the machines from this
 * namespace, so it meets the same routes, rules, conntrack and CoreDNS a trace shows.
 */
import type { Machine } from '../../node/machine';
import { netnsView } from '../../node/machine';
import { newQuery } from '../dns/message';
import type { ResolverLibrary, ResolverReply } from '../dns/resolver';
import { readResolvConf } from '../dns/resolver';
import { reverseName } from '../dns/addr';
import type { NetHost } from '../tools/host';
import { resolverFor } from '../tools/host';
import { NetClient } from './client';
import type { Fabric } from './fabric';

export interface NetHostOptions {
  fabric: Fabric;
  machine: Machine;
  netns: string;
  hostname: string;
  resolvConf: string;
  lib: ResolverLibrary;
  nowMs: number;
  startWallMs: number;
  /** DNS transaction ids, drawn as the C library draws them */
  nextDnsId: () => number;
}

export function netHostFor(o: NetHostOptions): NetHost {
  const client = new NetClient(o.fabric, { machine: o.machine, netns: o.netns }, o.nowMs);
  const conf = readResolvConf(o.resolvConf, o.lib);
  // The C library asks each candidate name's A and AAAA, and retries them, from one UDP socket.
  const sockets = new Map<string, number>();
  const ask = (qname: string, type: 'A' | 'AAAA' | 'PTR') => {
    let sport = sockets.get(qname);
    if (sport === undefined) sockets.set(qname, (sport = client.newSocketPort()));
    for (let attempt = 0; attempt < conf.attempts; attempt++) {
      for (const server of conf.nameservers) {
        const r = client.dns(server, 53, newQuery(o.nextDnsId(), { name: qname, type }, { recursionDesired: true }), 'udp', sport).result;
        if (r && 'response' in r) return r.response.message;
      }
    }
    return undefined;
  };
  const exchange = (qname: string, type: 'A' | 'AAAA'): ResolverReply | undefined => {
    const msg = ask(qname, type);
    return msg && { rcode: msg.rcode, addresses: msg.answer.flatMap((rr) => (rr.type === type ? [rr.address] : [])) };
  };
  const dnsResolve = resolverFor(o.resolvConf, o.lib, exchange);
  return {
    hostname: o.hostname,
    resolvConf: o.resolvConf,
    startWallMs: o.startWallMs,
    view: netnsView(o.machine, o.netns) ?? { netns: o.netns, links: [], addresses: [], routes: [], neighbours: [], fdb: [] },
    listeners: o.machine.listeners(o.netns),
    resolve: (name, family) => hostsEntry(o, name, family) ?? dnsResolve(name, family),
    connect: (ip, port) => {
      const r = client.connect(ip, port).result;
      if (r.kind === 'connected') client.close(false);
      return r;
    },
    http: (ip, port, req, opts) => client.http(ip, port, req, opts.tls).result,
    ping: (ip, _seq, opts) => client.ping(ip, { bytes: opts.size }).result,
    reverse: (ip) => {
      const msg = ask(reverseName(ip), 'PTR');
      const ptr = msg?.answer.find((rr) => rr.type === 'PTR');
      return ptr && 'target' in ptr ? ptr.target.replace(/\.$/, '') : undefined;
    },
    exchange: (server, query, sentAtMs, transport) => {
      const r = client.dns(server.ip, server.port, query, transport).result;
      return r && 'response' in r ? { response: r.response, atMs: sentAtMs + Math.max(1, Math.round(r.rttMs)) } : undefined;
    },
  };
}

/**
 * /etc/hosts comes before DNS (nsswitch's `files dns`; musl reads it first too): localhost, and the
 * kubelet-managed file's line for the pod's own name (a node's own name resolves the same way).
 */
function hostsEntry(o: NetHostOptions, name: string, family: 'A' | 'AAAA' | 'both'): { addresses: string[]; name: string; elapsedMs: number } | undefined {
  if (family === 'AAAA') return undefined;
  const bare = name.replace(/\.$/, '');
  if (bare === 'localhost' || bare === 'localhost.localdomain') return { addresses: ['127.0.0.1'], name: 'localhost', elapsedMs: 0 };
  if (bare !== o.hostname) return undefined;
  const ns = o.machine.netns(o.netns);
  const own = ns?.addresses.find((a) => a.scope === 'global' && a.dev !== 'kube-ipvs0' && a.dev !== 'cni0' && !a.dev.startsWith('flannel'));
  return own ? { addresses: [own.ip], name: bare, elapsedMs: 0 } : undefined;
}

