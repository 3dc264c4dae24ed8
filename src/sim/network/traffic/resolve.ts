/**
 * Name resolution as a client's C library does it, with every query a real datagram: each candidate
 * name of the search list goes to the resolv.conf nameservers over UDP through the packet path (so
 * a Service's DNS traffic crosses kube-proxy's rules to a CoreDNS pod, and times out when none runs).
 */
import type { DnsMessage } from '../dns/message';
import { newQuery } from '../dns/message';
import type { HostLookup, ResolverLibrary, ResolverReply } from '../dns/resolver';
import { lookupHost, readResolvConf } from '../dns/resolver';
import type { NetClient } from './client';
import type { Hop } from './hop';

export interface Resolution {
  lookup: HostLookup;
  /** the nameservers whose queries came back refused (ICMP port unreachable), not silent */
  refusedBy: string[];
  /** the queries' and replies' hops, in order */
  hops: Hop[];
}

/** Resolves `name` for IPv4 from `client`'s namespace with its resolv.conf. */
export function resolveName(client: NetClient, resolvConf: string, lib: ResolverLibrary, name: string, nextId: () => number): Resolution {
  const conf = readResolvConf(resolvConf, lib);
  const hops: Hop[] = [];
  const refusedBy = new Set<string>();
  // One UDP socket per candidate name: its A and AAAA queries and their retries share the port.
  const sockets = new Map<string, number>();
  const exchange = (qname: string, type: 'A' | 'AAAA'): ResolverReply | undefined => {
    const query: DnsMessage = newQuery(nextId(), { name: qname, type }, { recursionDesired: true });
    let sport = sockets.get(qname);
    if (sport === undefined) sockets.set(qname, (sport = client.newSocketPort()));
    // Every attempt goes to each nameserver in turn until one answers.
    for (let attempt = 0; attempt < conf.attempts; attempt++) {
      for (const server of conf.nameservers) {
        hops.push({ node: '', netns: '', kind: 'deliver', text: `— DNS ${type}? ${qname} to ${server}:53 —` });
        const r = client.dns(server, 53, query, 'udp', sport);
        hops.push(...r.hops);
        if (r.result && 'refused' in r.result) refusedBy.add(server);
        if (r.result && 'response' in r.result) {
          const msg = r.result.response.message;
          const addresses = msg.answer.flatMap((rr) => (rr.type === type ? [rr.address] : []));
          return { rcode: msg.rcode, addresses };
        }
      }
    }
    return undefined;
  };
  const lookup = lookupHost(name, conf, lib, exchange, 'A');
  return { lookup, hops, refusedBy: [...refusedBy] };
}
