/**
 * One CoreDNS server block as kubeadm's Corefile builds it, answering one query. CoreDNS runs its
 * plugins in plugin.cfg order, not Corefile order, so a query meets:
 *
 *   errors → loadbalance → cache → kubernetes → forward
 *
 * and the reply leaves through the server's ScrubWriter, which echoes the client's EDNS OPT record
 * (UDP size, DO, COOKIE) and fits the reply to the client's buffer (wire.ts scrub). A query the
 * plugins fail (forward's SERVFAIL) is answered by the server itself with a bare SERVFAIL, which
 * neither the cache nor loadbalance sees.
 *
 * Nothing here reads a clock: the caller says when the query arrived and learns how long after
 * that the reply leaves.
 */
import { forked } from '../../forked';
import type { DnsMessage, QType } from '../../network/dns/message';
import { newQuery, replyTo } from '../../network/dns/message';
import type { KubernetesQueryContext } from '../../network/dns/records';
import { serveKubernetes } from '../../network/dns/records';
import type { PackedResponse } from '../../network/dns/wire';
import { scrub } from '../../network/dns/wire';
import { ResponseCache } from './cache';
import { errorsPluginLine, forwardToUnreachable, type UpstreamBehaviour } from './forward';
import { loadbalance, type IdSource } from './loadbalance';

export interface CoreDnsServerOptions {
  /** The kubernetes plugin's view; `lookup` is supplied by the server. */
  kubernetes: () => Omit<KubernetesQueryContext, 'lookup'>;
  /** The first nameserver of the CoreDNS pod's resolv.conf, as `ip:53`. */
  upstream: string;
  upstreamBehaviour?: UpstreamBehaviour;
  /** The CoreDNS pod's address, from which forward sends. */
  podIP: string;
  /** Draws for loadbalance's shuffle (dns.Id()). */
  nextId: IdSource;
  /** Ephemeral source ports for forward's upstream sockets. */
  nextPort: () => number;
}

export interface ServedQuery {
  response: PackedResponse;
  /** How long after the query arrived the reply leaves. */
  delayMs: number;
  /** Lines CoreDNS writes to its log while answering. */
  log: string[];
}

/** What the plugin chain produced: a written reply, or an rcode for the server to answer with. */
type ChainResult = { written: DnsMessage } | { failed: 'SERVFAIL'; error: string };

export class CoreDnsServer {
  readonly cache = new ResponseCache();

  constructor(private readonly opts: CoreDnsServerOptions) {}

  /**
   * A copy that answers as this server would now — from a copy of its cache, drawing ids and ports
   * from `draws` — so asking it changes nothing here.
   */
  fork(draws: Pick<CoreDnsServerOptions, 'nextId' | 'nextPort'>): CoreDnsServer {
    const copy = new CoreDnsServer({ ...this.opts, ...draws });
    (copy as { cache: ResponseCache }).cache = forked(this.cache);
    return copy;
  }

  /** Answers `query`, which arrived at virtual time `nowMs` over `transport`. */
  serve(query: DnsMessage, nowMs: number, transport: 'udp' | 'tcp' = 'udp'): ServedQuery {
    const run = { delayMs: 0, log: [] as string[] };
    const reply = this.serveDNS(query, nowMs, run);
    return { response: scrub(reply, query, transport), delayMs: run.delayMs, log: run.log };
  }

  /** core/dnsserver ServeDNS: the chain, the error answer, then the ScrubWriter's EDNS echo. */
  private serveDNS(query: DnsMessage, nowMs: number, run: { delayMs: number; log: string[] }): DnsMessage {
    const result = this.chain(query, nowMs, run);
    let reply: DnsMessage;
    if ('written' in result) {
      reply = loadbalance(result.written, this.opts.nextId);
    } else {
      run.log.push(errorsPluginLine(query, result.error));
      reply = replyTo(query, result.failed);
    }
    if (query.edns) reply = { ...reply, edns: { udpSize: query.edns.udpSize, do: query.edns.do, ...(query.edns.cookie ? { cookie: query.edns.cookie } : {}) } };
    return reply;
  }

  private chain(query: DnsMessage, nowMs: number, run: { delayMs: number; log: string[] }): ChainResult {
    const cached = this.cache.get(query, nowMs + run.delayMs);
    if (cached) return { written: cached };
    const k8s = serveKubernetes({ ...this.opts.kubernetes(), lookup: (name, type) => this.lookup(query, name, type, nowMs, run) }, query);
    if (k8s.handled) return { written: this.cache.put(query, k8s.reply, nowMs + run.delayMs) };
    const failure = forwardToUnreachable(this.opts.upstream, `${this.opts.podIP}:${this.opts.nextPort()}`, this.opts.upstreamBehaviour);
    run.delayMs += failure.afterMs;
    return { failed: failure.rcode, error: failure.error };
  }

  /** plugin/pkg/upstream: the whole server again, for a CNAME target outside the zone. */
  private lookup(original: DnsMessage, name: string, type: QType, nowMs: number, run: { delayMs: number; log: string[] }): DnsMessage {
    const nested = newQuery(original.id, { name, type }, { recursionDesired: original.recursionDesired, ...(original.edns ? { edns: original.edns } : {}) });
    return this.serveDNS(nested, nowMs, run);
  }
}
