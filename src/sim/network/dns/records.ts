/**
 * CoreDNS's kubernetes plugin (coredns/coredns plugin/kubernetes and plugin/backend_lookup.go, as
 * CoreDNS 1.11.3 ships with kubeadm 1.31) answering one query from the cluster's objects:
 *
 *   kubernetes cluster.local in-addr.arpa ip6.arpa {
 *      pods insecure
 *      fallthrough in-addr.arpa ip6.arpa
 *      ttl 30
 *   }
 *
 * Names it answers under the zone (after the zone is cut off):
 *   <svc>.<ns>.svc                   A/AAAA: the ClusterIP(s); headless: every ready endpoint;
 *                                    ExternalName: a CNAME, chased through the whole server
 *   <endpoint>.<svc>.<ns>.svc        one endpoint, by hostname or dashed IP (headless or not)
 *   _<port>._<proto>.<svc>.<ns>.svc  SRV per matching port (and endpoint, when headless)
 *   <a-b-c-d>.<ns>.pod               `pods insecure`: the address spelled in the name
 *   dns-version                      TXT "1.1.0"
 *   ns.dns                           the kube-dns Service address(es)
 *   d.c.b.a.in-addr.arpa             PTR to Service names (by ClusterIP) or endpoint names
 *
 * A name that cannot exist is NXDOMAIN with the zone's SOA in the authority section; a name that
 * exists without data of the asked type is NOERROR/NODATA with the same SOA. In the reverse zones a
 * name error falls through to the next plugin (forward). The client's namespace plays no part:
 * search lists are applied by the client before it asks.
 */
import type { DnsMessage, QType, ResourceRecord } from './message';
import { fqdn, isSubdomain, labels, replyTo } from './message';
import { addressFromReverse, canonicalIPv6, isIPv4, isIPv6 } from './addr';
import type { DnsIndex, EndpointAddress } from './kubeindex';

export type PodMode = 'disabled' | 'verified' | 'insecure';

export interface KubernetesPluginConfig {
  /** Zones served, fully qualified; the first that is not a reverse zone names Services in PTRs. */
  zones: string[];
  podMode: PodMode;
  /** Zones whose name errors go to the next plugin instead of NXDOMAIN. */
  fallthrough: string[];
  /** TTL of every answer; the plugin's own default is 5, kubeadm sets 30. */
  ttl: number;
}

/** The kubernetes block of the Corefile kubeadm 1.31 installs, for a cluster domain. */
export function kubeadmKubernetesPlugin(clusterDomain = 'cluster.local'): KubernetesPluginConfig {
  return {
    zones: [fqdn(clusterDomain).toLowerCase(), 'in-addr.arpa.', 'ip6.arpa.'],
    podMode: 'insecure',
    fallthrough: ['in-addr.arpa.', 'ip6.arpa.'],
    ttl: 30,
  };
}

export const KUBEADM_KUBERNETES_PLUGIN: KubernetesPluginConfig = kubeadmKubernetesPlugin();

/** CoreDNS's own DNS schema version, which it serves as `dns-version.<zone>` TXT. */
export const DNS_SCHEMA_VERSION = '1.1.0';
const DNS_VERSION_TTL = 28800;

export interface KubernetesQueryContext {
  index: DnsIndex;
  config: KubernetesPluginConfig;
  /** SOA serial: Unix seconds of the last Service or EndpointSlice change this instance saw. */
  serial: number;
  /** Addresses of the CoreDNS pod answering, which `ns.dns.<zone>` and NS answers are built from. */
  localIPs: string[];
  /** False until the plugin's informers have synced: name errors are then SERVFAIL. */
  synced: boolean;
  /**
   * Resolves a name through the whole server (cache, this plugin, forward), as CoreDNS's upstream
   * lookup does for CNAME targets outside the zone.
   */
  lookup: (name: string, type: QType) => DnsMessage;
}

/** The plugin wrote a reply, or passes the query to the next plugin (forward). */
export type PluginOutcome = { handled: true; reply: DnsMessage } | { handled: false };

const NAME_ERROR = 'nameError' as const;
type LookupError = typeof NAME_ERROR | undefined;

/** One backend entry, CoreDNS's msg.Service. */
interface Entry {
  host: string;
  port: number;
  ttl: number;
  text?: string;
  /** The name the entry lives at (msg.Domain of its key). */
  domain: string;
}

type HostType = 'A' | 'AAAA' | 'CNAME' | 'TXT';

function hostType(e: Entry): HostType {
  if (isIPv4(e.host)) return 'A';
  if (isIPv6(e.host)) return 'AAAA';
  return e.text ? 'TXT' : 'CNAME';
}

interface State {
  /** The question name as asked. */
  qname: string;
  /** Lowercased, what the plugin matches on. */
  name: string;
  type: QType;
  /** The zone, spelled as in the question. */
  zone: string;
}

interface ParsedName {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  podOrSvc: string;
}

/** Labels of `name` below `zone` (both any case), or undefined if `name` is not under it. */
function trimZone(name: string, zone: string): string[] | undefined {
  if (!isSubdomain(zone, name)) return undefined;
  const n = labels(name);
  return n.slice(0, n.length - labels(zone).length);
}

/** parse.go: [_port._proto. | endpoint.] service.namespace.(svc|pod).zone */
function parseRequest(name: string, zone: string): { r: ParsedName; err: LookupError } {
  const r: ParsedName = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  const segs = trimZone(name, zone) ?? [];
  const base = segs.join('.');
  if (base === '' || base === 'svc' || base === 'pod') return { r, err: undefined };
  let last = segs.length - 1;
  r.podOrSvc = segs[last]!;
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') return { r, err: NAME_ERROR };
  if (--last < 0) return { r, err: undefined };
  r.namespace = segs[last]!;
  if (--last < 0) return { r, err: undefined };
  r.service = segs[last]!;
  if (--last < 0) return { r, err: undefined };
  if (last === 0) {
    r.endpoint = segs[0]!;
  } else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]!);
    r.port = stripUnderscore(segs[0]!);
  } else {
    return { r, err: NAME_ERROR };
  }
  return { r, err: undefined };
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function matchPortAndProtocol(wantPort: string, port: string, wantProto: string, proto: string): boolean {
  return (wantPort === '' || same(wantPort, port)) && (wantProto === '' || same(wantProto, proto));
}

/** The name of an endpoint under its Service: its hostname, else its IP with dashes. */
function endpointHostname(a: EndpointAddress): string {
  if (a.hostname) return a.hostname;
  if (a.ip.includes('.')) return a.ip.replaceAll('.', '-');
  if (a.ip.includes(':')) return a.ip.replaceAll(':', '-');
  return '';
}

const join = (...parts: string[]) => fqdn(parts.join('.'));

class KubernetesBackend {
  constructor(private readonly ctx: KubernetesQueryContext) {}

  private get ttl(): number {
    return this.ctx.config.ttl;
  }

  private primaryZone(): string {
    return this.ctx.config.zones.find((z) => !isReverse(z)) ?? this.ctx.config.zones[0]!;
  }

  private namespaceExposed(ns: string): boolean {
    return this.ctx.index.namespaceExists(ns);
  }

  records(st: State): { entries: Entry[]; err: LookupError } {
    const { r, err } = parseRequest(st.name, st.zone);
    if (err) return { entries: [], err };
    if (r.podOrSvc === '') return { entries: [], err: undefined };
    if (isReverse(st.name)) return { entries: [], err: NAME_ERROR };
    if (!this.namespaceExposed(r.namespace)) return { entries: [], err: NAME_ERROR };
    return r.podOrSvc === 'pod' ? this.findPods(r, st.zone) : this.findServices(r, st.zone);
  }

  private findPods(r: ParsedName, zone: string): { entries: Entry[]; err: LookupError } {
    const mode = this.ctx.config.podMode;
    if (mode === 'disabled') return { entries: [], err: NAME_ERROR };
    const podname = r.service;
    if (podname === '') return { entries: [], err: undefined };
    const dashes = podname.split('-').length - 1;
    const ip = dashes === 3 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
    const domain = join(podname, r.namespace, 'pod', zone);
    if (mode === 'insecure') {
      if (!isIPv4(ip) && !isIPv6(ip)) return { entries: [], err: NAME_ERROR };
      return { entries: [{ host: ip, port: 0, ttl: this.ttl, domain }], err: undefined };
    }
    const entries: Entry[] = [];
    for (const ns of this.ctx.index.podNamespacesWithIP(ip)) {
      if (same(ns, r.namespace)) entries.push({ host: ip, port: 0, ttl: this.ttl, domain });
    }
    return { entries, err: entries.length > 0 ? undefined : NAME_ERROR };
  }

  private findServices(r: ParsedName, zone: string): { entries: Entry[]; err: LookupError } {
    if (r.service === '') return { entries: [], err: undefined };
    let err: LookupError = NAME_ERROR;
    const entries: Entry[] = [];
    for (const svc of this.ctx.index.services(r.service, r.namespace)) {
      const svcDomain = join(svc.name, svc.namespace, 'svc', zone);
      if (svc.type === 'ExternalName') {
        // An ExternalName has no endpoints and no ports to ask for.
        if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') continue;
        const e: Entry = { host: svc.externalName, port: 0, ttl: this.ttl, domain: svcDomain };
        if (hostType(e) === 'CNAME') {
          entries.push(e);
          err = undefined;
        }
        continue;
      }
      if (svc.clusterIP === 'None' || r.endpoint !== '') {
        for (const ep of this.ctx.index.endpoints(svc.name, svc.namespace)) {
          for (const addr of ep.addresses) {
            if (r.endpoint !== '' && !same(r.endpoint, endpointHostname(addr))) continue;
            for (const p of ep.ports) {
              if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
              entries.push({ host: addr.ip, port: p.port, ttl: this.ttl, domain: join(endpointHostname(addr), svcDomain.slice(0, -1)) });
              err = undefined;
            }
          }
        }
        continue;
      }
      for (const p of svc.ports) {
        if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
        err = undefined;
        for (const ip of svc.clusterIPs) entries.push({ host: ip, port: p.port, ttl: this.ttl, domain: svcDomain });
      }
    }
    return { entries, err };
  }

  /** The kube-dns Service address(es) found through the endpoints this CoreDNS pod serves. */
  private nsAddrs(zone: string): { name: string; ip: string }[] {
    const out: { name: string; ip: string }[] = [];
    for (const local of this.ctx.localIPs) {
      for (const ep of this.ctx.index.endpointsWithIP(local)) {
        for (const svc of this.ctx.index.services(ep.service, ep.namespace)) {
          const svcName = join(svc.name, svc.namespace, 'svc', zone).slice(0, -1);
          if (svc.clusterIP === 'None') {
            for (const a of ep.addresses) out.push({ name: fqdn(`${endpointHostname(a)}.${svcName}`), ip: a.ip });
          } else {
            out.push({ name: fqdn(svcName), ip: svc.clusterIP });
          }
        }
      }
    }
    if (out.length === 0) for (const ip of this.ctx.localIPs) out.push({ name: fqdn(`ns.dns.${zone}`), ip });
    return out;
  }

  services(st: State): { entries: Entry[]; err: LookupError } {
    if (st.type === 'TXT') {
      const segs = trimZone(st.name, st.zone) ?? [];
      if (segs.length === 1 && segs[0] === 'dns-version') {
        return { entries: [{ host: '', port: 0, ttl: DNS_VERSION_TTL, text: DNS_SCHEMA_VERSION, domain: st.qname }], err: undefined };
      }
      // Another type lives here: NODATA. Nothing does: NXDOMAIN.
      return this.records(st).entries.length > 0 ? { entries: [], err: undefined } : { entries: [], err: NAME_ERROR };
    }
    if (st.type === 'NS') {
      return { entries: this.nsAddrs(st.zone).map((n) => ({ host: n.ip, port: 0, ttl: this.ttl, domain: n.name })), err: undefined };
    }
    // ns.go isDefaultNS compares the lowercased name with the zone as asked.
    if (st.name.startsWith('ns.dns.') && st.name.indexOf(st.zone) === 'ns.dns.'.length) {
      const entries: Entry[] = [];
      for (const n of this.nsAddrs(st.zone)) {
        const v4 = isIPv4(n.ip);
        if ((v4 && st.type === 'A') || (!v4 && st.type === 'AAAA')) entries.push({ host: n.ip, port: 0, ttl: this.ttl, domain: st.qname });
      }
      return { entries, err: undefined };
    }
    const res = this.records(st);
    if (st.type !== 'SRV') return res;
    // SRV for ExternalName Services is not implemented: those entries are dropped.
    return { entries: res.entries.filter((e) => hostType(e) !== 'CNAME'), err: res.err };
  }

  /** PTR entries for a reverse name: a Service by ClusterIP first, else every endpoint with the IP. */
  reverse(st: State): { entries: Entry[]; err: LookupError } {
    const ip = addressFromReverse(st.name);
    if (ip === undefined) return { entries: [], err: this.records(st).err };
    for (const svc of this.ctx.index.servicesWithClusterIP(ip)) {
      return { entries: [{ host: join(svc.name, svc.namespace, 'svc', this.primaryZone()), port: 0, ttl: this.ttl, domain: st.qname }], err: undefined };
    }
    const entries: Entry[] = [];
    for (const ep of this.ctx.index.endpointsWithIP(ip)) {
      for (const a of ep.addresses) {
        if (a.ip !== ip) continue;
        entries.push({ host: join(endpointHostname(a), ep.service, ep.namespace, 'svc', this.primaryZone()), port: 0, ttl: this.ttl, domain: st.qname });
      }
    }
    return { entries, err: entries.length > 0 ? undefined : NAME_ERROR };
  }

  lookup(name: string, type: QType): DnsMessage {
    return this.ctx.lookup(name, type);
  }
}

function isReverse(name: string): boolean {
  return isSubdomain('in-addr.arpa.', name) || isSubdomain('ip6.arpa.', name);
}

function addressRecord(name: string, e: Entry, type: 'A' | 'AAAA'): ResourceRecord {
  return type === 'A' ? { name, ttl: e.ttl, type: 'A', address: e.host } : { name, ttl: e.ttl, type: 'AAAA', address: canonicalIPv6(e.host) ?? e.host };
}

/** backend_lookup.go A/AAAA: addresses, or a CNAME followed inside the zone or through the server. */
function addresses(b: KubernetesBackend, st: State, type: 'A' | 'AAAA', previous: ResourceRecord[]): { records: ResourceRecord[]; err: LookupError } {
  const { entries, err } = b.services({ ...st, type });
  if (err) return { records: [], err };
  const records: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const what = hostType(e);
    if (what === 'CNAME') {
      const target = fqdn(e.host);
      // x CNAME x (or a name under itself) would loop.
      if (isSubdomain(st.name, target)) continue;
      const cname: ResourceRecord = { name: st.qname, ttl: e.ttl, type: 'CNAME', target };
      if (previous.length > 7) continue;
      if (previous.some((p) => p.type === 'CNAME' && same(p.name, cname.name) && same(p.target, target))) continue;
      if (isSubdomain(st.zone, target)) {
        const next = addresses(b, { qname: target, name: target.toLowerCase(), type, zone: st.zone }, type, [...previous, cname]);
        if (!next.err && next.records.length > 0) records.push(cname, ...next.records);
        continue;
      }
      const upstream = b.lookup(target, type);
      records.push(cname, ...upstream.answer);
      continue;
    }
    if (what === type && !seen.has(e.host)) {
      seen.add(e.host);
      records.push(addressRecord(st.qname, e, type));
    }
  }
  return { records, err: undefined };
}

function srv(b: KubernetesBackend, st: State): { records: ResourceRecord[]; extra: ResourceRecord[]; err: LookupError } {
  const { entries, err } = b.services(st);
  if (err) return { records: [], extra: [], err };
  // Every entry weighs 100 at priority 0, so each SRV gets floor(100 / n) (at least 1).
  const total = entries.length * 100;
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const seenSrv = new Set<string>();
  const seenAddr = new Set<string>();
  for (const e of entries) {
    if (e.port === -1) continue;
    let weight = Math.floor((100.0 / total) * 100);
    if (weight === 0) weight = 1;
    const what = hostType(e);
    if (what !== 'A' && what !== 'AAAA') continue;
    const target = e.domain;
    const srvKey = `${target.toLowerCase()} ${e.port}`;
    if (!seenSrv.has(srvKey)) {
      seenSrv.add(srvKey);
      records.push({ name: st.qname, ttl: e.ttl, type: 'SRV', priority: 0, weight, port: e.port, target });
    }
    const addrKey = `${target.toLowerCase()} ${e.host}`;
    if (!seenAddr.has(addrKey)) {
      seenAddr.add(addrKey);
      extra.push(addressRecord(target, e, what));
    }
  }
  return { records, extra, err: undefined };
}

function txt(b: KubernetesBackend, st: State): { records: ResourceRecord[]; err: LookupError } {
  const { entries, err } = b.services(st);
  if (err) return { records: [], err };
  return { records: entries.filter((e) => e.text).map((e) => ({ name: st.qname, ttl: e.ttl, type: 'TXT' as const, text: [e.text!] })), err: undefined };
}

function cnameRecords(b: KubernetesBackend, st: State): { records: ResourceRecord[]; err: LookupError } {
  const { entries, err } = b.services(st);
  if (err) return { records: [], err };
  const first = entries[0];
  if (first && hostType(first) === 'CNAME') return { records: [{ name: st.qname, ttl: first.ttl, type: 'CNAME', target: fqdn(first.host) }], err: undefined };
  return { records: [], err: undefined };
}

function ptr(b: KubernetesBackend, st: State): { records: ResourceRecord[]; err: LookupError } {
  const { entries, err } = b.reverse(st);
  if (err) return { records: [], err };
  const seen = new Set<string>();
  const records: ResourceRecord[] = [];
  for (const e of entries) {
    if (isIPv4(e.host) || isIPv6(e.host) || seen.has(e.host)) continue;
    seen.add(e.host);
    records.push({ name: st.qname, ttl: e.ttl, type: 'PTR', target: e.host });
  }
  return { records, err: undefined };
}

function ns(b: KubernetesBackend, st: State): { records: ResourceRecord[]; extra: ResourceRecord[] } {
  const { entries } = b.services({ ...st, type: 'NS' });
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const what = hostType(e);
    if (what !== 'A' && what !== 'AAAA') continue;
    extra.push(addressRecord(e.domain, e, what));
    if (seen.has(e.domain)) continue;
    seen.add(e.domain);
    records.push({ name: st.qname, ttl: e.ttl, type: 'NS', target: e.domain });
  }
  return { records, extra };
}

/** The zone's SOA as CoreDNS synthesises it: TTL min(ttl, 300), refresh 2h, retry 30m, expire 1d. */
export function zoneSoa(zone: string, ttl: number, serial: number): ResourceRecord {
  const z = fqdn(zone);
  return {
    name: z,
    ttl: Math.min(ttl, 300),
    type: 'SOA',
    mname: `ns.dns.${z}`,
    rname: `hostmaster.${z}`,
    serial: serial >>> 0,
    refresh: 7200,
    retry: 1800,
    expire: 86400,
    minimum: ttl,
  };
}

/** The longest configured zone `name` falls in, or undefined. */
function matchZone(zones: readonly string[], name: string): string | undefined {
  let best: string | undefined;
  for (const z of zones) if (isSubdomain(z, name) && (!best || z.length > best.length)) best = z;
  return best;
}

/** ServeDNS of the kubernetes plugin. */
export function serveKubernetes(ctx: KubernetesQueryContext, query: DnsMessage): PluginOutcome {
  const qname = fqdn(query.question.name);
  const matched = matchZone(ctx.config.zones, qname);
  if (!matched) return { handled: false };
  // The zone keeps the case of the question, as in the reply's SOA and synthesised names.
  const zone = qname.slice(qname.length - matched.length);
  const st: State = { qname, name: qname.toLowerCase(), type: query.question.type, zone };
  const b = new KubernetesBackend(ctx);

  let records: ResourceRecord[] = [];
  let extra: ResourceRecord[] = [];
  let err: LookupError;
  switch (st.type) {
    case 'A':
    case 'AAAA':
      ({ records, err } = addresses(b, st, st.type, []));
      break;
    case 'TXT':
      ({ records, err } = txt(b, st));
      break;
    case 'CNAME':
      ({ records, err } = cnameRecords(b, st));
      break;
    case 'PTR':
      ({ records, err } = ptr(b, st));
      break;
    case 'SRV':
      ({ records, extra, err } = srv(b, st));
      break;
    case 'SOA':
      // Only the apex has an SOA; any other name is NODATA, existing or not.
      if (st.qname === zone) records = [zoneSoa(zone, ctx.config.ttl, ctx.serial)];
      break;
    case 'NS':
      if (st.name === zone) {
        ({ records, extra } = ns(b, st));
        break;
      }
      ({ err } = addresses(b, st, 'A', []));
      break;
    default:
      // MX (no record here ever carries mail) and ANY: a fake A lookup tells NODATA from NXDOMAIN.
      ({ err } = addresses(b, st, 'A', []));
  }

  if (err) {
    if (ctx.config.fallthrough.some((z) => isSubdomain(z, st.name))) return { handled: false };
    return { handled: true, reply: backendError(query, zone, ctx, ctx.synced ? 'NXDOMAIN' : 'SERVFAIL') };
  }
  if (records.length === 0) return { handled: true, reply: backendError(query, zone, ctx, 'NOERROR') };
  const reply = replyTo(query);
  reply.authoritative = true;
  reply.answer = records;
  reply.additional = extra;
  return { handled: true, reply };
}

function backendError(query: DnsMessage, zone: string, ctx: KubernetesQueryContext, rcode: 'NXDOMAIN' | 'NOERROR' | 'SERVFAIL'): DnsMessage {
  const reply = replyTo(query, rcode);
  reply.authoritative = true;
  reply.authority = [zoneSoa(zone, ctx.config.ttl, ctx.serial)];
  return reply;
}

