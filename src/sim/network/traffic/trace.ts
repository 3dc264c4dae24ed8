/**
 * `--trace-packet "SOURCE DEST"`: one connection followed hop by hop, from a pod, a node or outside
 * the cluster to `HOST:PORT[/udp]`, where HOST is an address, `node/NAME`, or a name resolved the way
 * the source would resolve it (its resolv.conf, each query a datagram through the same path); or an
 * HTTP request `http(s)://NAME/PATH@HOST:PORT` sent over that connection with NAME as its Host. The
 * result is data — hops and a verdict — rendered as text here and carried as JSON to the UI.
 */
import type { Machine } from '../../node/machine';
import { HOST_NETNS } from '../../node/machine';
import type { ResolverLibrary } from '../dns/resolver';
import { isIPv4 } from '../dns/addr';
import { NetClient, type Source } from './client';
import type { Fabric } from './fabric';
import type { ConnectError } from './outcome';
import type { Hop } from './hop';
import { hopLine } from './hop';
import { parseDest, TraceError } from './dest';
import type { ParsedDest } from './dest';

export { parseDest, TraceError };
import { resolveName } from './resolve';

export type TraceVerdictKind = 'delivered' | 'refused' | 'unreachable' | 'timed-out' | 'no-such-host';

export interface PacketTrace {
  source: string;
  destination: string;
  protocol: 'tcp' | 'udp';
  /** the name lookup, when DEST named a host */
  resolved?: { name: string; fqdn?: string; address?: string; error?: string; hops: Hop[] };
  /** the address and port the packet was sent to */
  to?: string;
  hops: Hop[];
  verdict: { kind: TraceVerdictKind; text: string; answeredBy?: string };
}

/** What the trace needs to know about pods and nodes (found through the API and the runtime). */
export interface TraceWorld {
  fabric: Fabric;
  nowMs: number;
  /** a running pod's namespace, resolv.conf and C library; a string is the error why not */
  pod(namespace: string, name: string): { machine: Machine; netns: string; resolvConf: string; lib: ResolverLibrary; hostNetwork: boolean } | string;
  node(name: string): Machine | undefined;
  nextDnsId(): number;
}

function sourceOf(world: TraceWorld, spec: string): { source: Source; resolvConf?: string; lib: ResolverLibrary; label: string } {
  if (spec === 'external') return { source: 'external', lib: 'glibc', label: 'external' };
  if (spec.startsWith('node/')) {
    const m = world.node(spec.slice(5));
    if (!m) throw new TraceError(`node "${spec.slice(5)}" not found`);
    if (!m.poweredOn) throw new TraceError(`node "${m.name}" is powered off`);
    return { source: { machine: m, netns: HOST_NETNS }, resolvConf: m.readFile('/etc/resolv.conf') ?? '', lib: 'glibc', label: spec };
  }
  const [ns, name] = spec.includes('/') ? spec.split('/', 2) as [string, string] : ['default', spec];
  const p = world.pod(ns, name);
  if (typeof p === 'string') throw new TraceError(p);
  return { source: { machine: p.machine, netns: p.hostNetwork ? HOST_NETNS : p.netns }, resolvConf: p.resolvConf, lib: p.lib, label: `${ns}/${name}` };
}

export function tracePacket(world: TraceWorld, sourceSpec: string, destSpec: string): PacketTrace {
  const src = sourceOf(world, sourceSpec);
  const dest = parseDest(destSpec);
  const client = new NetClient(world.fabric, src.source, world.nowMs);
  const base = { source: src.label, destination: destSpec, protocol: dest.protocol };
  let address: string;
  let resolved: PacketTrace['resolved'];
  if (dest.host.startsWith('node/')) {
    const m = world.node(dest.host.slice(5));
    if (!m) throw new TraceError(`node "${dest.host.slice(5)}" not found`);
    address = m.ip;
  } else if (isIPv4(dest.host)) {
    address = dest.host;
  } else {
    if (src.resolvConf === undefined) {
      return { ...base, hops: [], verdict: { kind: 'no-such-host', text: `outside the cluster nothing resolves ${dest.host}: the cluster's DNS serves only its own clients` } };
    }
    const r = resolveName(client, src.resolvConf, src.lib, dest.host, () => world.nextDnsId());
    const first = r.lookup.addresses[0];
    resolved = { name: dest.host, ...(r.lookup.name ? { fqdn: r.lookup.name } : {}), ...(first ? { address: first } : {}), ...(r.lookup.error ? { error: r.lookup.error } : {}), hops: r.hops };
    if (!first) {
      const why =
        r.lookup.error === 'EAI_AGAIN'
          ? r.refusedBy.length
            ? `the DNS server refused the queries (ICMP port unreachable from ${r.refusedBy.join(', ')}: nothing serves DNS behind it)`
            : 'no DNS server answered (the lookups timed out)'
          : r.lookup.error === 'EAI_NONAME'
            ? 'NXDOMAIN for every name on the search list'
            : 'the DNS answer carried no address';
      return { ...base, resolved, hops: [], verdict: { kind: 'no-such-host', text: `${dest.host} does not resolve: ${why}` } };
    }
    address = first;
  }
  const to = `${address}:${dest.port}`;
  if (dest.protocol === 'udp') return { ...base, ...(resolved ? { resolved } : {}), to, ...udpTrace(client, address, dest.port) };
  if (dest.http) return { ...base, ...(resolved ? { resolved } : {}), to, ...httpTrace(client, address, dest.port, dest.http) };
  const c = client.connect(address, dest.port);
  const r = c.result;
  let verdict: PacketTrace['verdict'];
  if (r.kind === 'connected') {
    // The trace only opens the connection; it closes it again, as `nc -z` would.
    client.close(false);
    verdict = { kind: 'delivered', text: `delivered to ${r.answeredBy}: connection established with ${r.program ?? 'its server'} (${app(r.app.kind)})`, answeredBy: r.answeredBy };
  } else {
    verdict = connectFailure(r.error, r.icmpFrom);
  }
  return { ...base, ...(resolved ? { resolved } : {}), to, hops: c.hops, verdict };
}

/** Why a TCP connection did not open, as the trace's verdict says it. */
function connectFailure(error: ConnectError, icmpFrom: string | undefined): PacketTrace['verdict'] {
  if (error === 'ECONNREFUSED') return { kind: 'refused', text: `connection refused${icmpFrom ? ` (ICMP port unreachable from ${icmpFrom})` : ' (RST)'}` };
  if (error === 'ETIMEDOUT') return { kind: 'timed-out', text: 'timed out: the packet was dropped on the way and nothing answers' };
  return { kind: 'unreachable', text: error === 'ENETUNREACH' ? 'network is unreachable' : `no route to host${icmpFrom ? ` (from ${icmpFrom})` : ''}` };
}

function app(kind: string): string {
  return kind === 'http' ? 'HTTP' : kind === 'dns' ? 'DNS' : kind === 'grpc' ? 'gRPC' : 'TCP';
}

/**
 * An HTTP request (`http://NAME/PATH@HOST:PORT`): the connection, the request with NAME as its Host
 * header (and SNI, over https, verification skipped as curl -k does), and what answered it — through a
 * proxy, the proxy's routing decision and its second connection are hops of the same trace.
 */
function httpTrace(client: NetClient, address: string, port: number, web: NonNullable<ParsedDest['http']>): Pick<PacketTrace, 'hops' | 'verdict'> {
  const https = web.scheme === 'https';
  const headers: [string, string][] = [['Host', web.host], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']];
  const x = client.http(address, port, { method: 'GET', path: web.path, host: web.host, headers }, https ? { sni: web.host, insecure: true } : undefined);
  const r = x.result;
  let verdict: PacketTrace['verdict'];
  if (r.kind === 'response') {
    const status = `HTTP ${r.response.status} ${r.response.reason}`;
    verdict = r.upstream
      ? { kind: 'delivered', text: `delivered to ${r.upstream.answeredBy} (${r.upstream.to}) through ${r.connect.answeredBy}: ${status}`, answeredBy: r.upstream.answeredBy }
      : { kind: 'delivered', text: `answered by ${r.connect.answeredBy} (${r.connect.program ?? 'its server'}): ${status}`, answeredBy: r.connect.answeredBy };
  } else if (r.kind === 'tls-failed') {
    verdict = { kind: 'refused', text: `the TLS handshake failed: the server on port ${port} does not speak TLS` };
  } else {
    verdict = connectFailure(r.error, r.icmpFrom);
  }
  return { hops: x.hops, verdict };
}

/** A UDP datagram: delivered to a socket, refused (ICMP port unreachable), or lost. */
function udpTrace(client: NetClient, address: string, port: number): Pick<PacketTrace, 'hops' | 'verdict'> {
  const d = client.datagram(address, port);
  const r = d.result;
  const verdict: PacketTrace['verdict'] =
    r.kind === 'read'
      ? { kind: 'delivered', text: `delivered to ${r.by}: ${r.listener.pid}/${r.listener.program} reads it on udp port ${r.listener.port}`, answeredBy: r.by }
      : r.kind === 'refused'
        ? { kind: 'refused', text: `refused: ICMP port unreachable from ${r.from}` }
        : r.kind === 'unreachable'
          ? { kind: 'unreachable', text: `no route to host (from ${r.from})` }
          : { kind: 'timed-out', text: 'lost: nothing came back' };
  return { hops: d.hops, verdict };
}

/** The trace as `kubetab run --trace-packet` prints it. */
export function formatTrace(t: PacketTrace): string {
  const out: string[] = [];
  if (t.resolved) {
    const r = t.resolved;
    out.push(`resolve ${r.name}: ${r.address ? `${r.fqdn ?? r.name} → ${r.address}` : `failed (${r.error ?? 'no address'})`}`);
    for (const h of r.hops) out.push(h.node ? `  ${hopLine(h)}` : `  ${h.text}`);
  }
  if (t.to) out.push(`${t.protocol} to ${t.to}`);
  for (const h of t.hops) out.push(h.node ? hopLine(h) : h.text);
  out.push(`verdict: ${t.verdict.text}`);
  return out.join('\n') + '\n';
}
