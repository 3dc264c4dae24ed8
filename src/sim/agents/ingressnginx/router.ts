/**
 * How ingress-nginx (controller-v1.11) routes a request, from the configuration it built out of the
 * Ingresses of its class: one nginx `server` per host and a catch-all server `_`, each with its
 * locations, and the upstreams (a Service port's ready endpoints, taken from its EndpointSlices).
 *
 * - Servers: the Host header (without its port, lower case) picks a server by nginx's server_name
 *   rules — the exact name first, then the longest `*.suffix` wildcard (nginx's wildcard takes any
 *   number of leading labels) — and any other name lands on `_`, which holds the rules without a host
 *   and `spec.defaultBackend`. Rules with a host never fall back to the host-less rules' paths.
 * - Every server starts with a root location `/` on the default backend (nginx's own 404 page), which an
 *   Ingress's path `/` or its `spec.defaultBackend` (for the servers of its hosts) replaces.
 * - Locations as the template writes them: Exact `= /p`; Prefix `/p` as `= /p` and `/p/` (so it matches
 *   element-wise); ImplementationSpecific `/p` as a plain nginx prefix (`/p` matches `/pizza`). nginx
 *   takes an exact match, else the longest prefix.
 * - A server where any Ingress uses `use-regex` or `rewrite-target` has every location written as
 *   `~* "^<path>"` (case-insensitive), tried in the order the controller sorts paths (descending), and
 *   the first that matches wins; rewrite-target then rewrites the URI with the path as the regex.
 * - Among Ingresses giving the same host and path, the oldest (creation time, then name) wins.
 * - TLS: a host in `spec.tls` serves the named Secret's certificate on 443; if that Secret is missing or
 *   not a TLS Secret, the controller's fake certificate. Hosts without TLS also answer on 443, with the
 *   fake certificate. `ssl-redirect` (default true) answers plain HTTP with a 308 to https for hosts
 *   whose server has a certificate of its own; `force-ssl-redirect` does it without one.
 */
import type { HTTPIngressPath, Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import type { EndpointSlice, Secret, Service } from '../../types';

export const FAKE_CERT_CN = 'Kubernetes Ingress Controller Fake Certificate';
const ANN = 'nginx.ingress.kubernetes.io/';

export interface RouterWorld {
  /** the Ingresses this controller handles, any order */
  ingresses: readonly Ingress[];
  service(namespace: string, name: string): Service | undefined;
  slices(namespace: string, service: string): readonly EndpointSlice[];
  secret(namespace: string, name: string): Secret | undefined;
}

export interface Backend {
  namespace: string;
  service: string;
  /** the port as the Ingress gives it: a number or a name */
  port: number | string;
}

export interface Location {
  /** how nginx matches it */
  match: 'exact' | 'prefix' | 'regex';
  path: string;
  /** the path and type as the Ingress wrote them (`/api` Prefix), for the routing note */
  ingressPath: string;
  pathType: string;
  /** `ns/name` of the Ingress, or undefined for the controller's default backend */
  ingress?: string;
  backend?: Backend;
  rewriteTarget?: string;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
}

export interface Server {
  /** `_` for the catch-all */
  host: string;
  locations: Location[];
  regex: boolean;
  /** the Secret named by the TLS section, and whether it holds a certificate */
  tls?: { secret: string; found: boolean };
}

export interface RouterConfig {
  servers: Server[];
  /** lines the controller logs while building (missing Secrets, Services) */
  warnings: string[];
}

export interface Endpoint {
  ip: string;
  port: number;
}

export type Certificate = { kind: 'secret'; name: string } | { kind: 'fake' };

export type Route =
  | { kind: 'redirect'; server: Server; location: Location; location_: string }
  | { kind: 'default-backend'; server: Server; location: Location }
  | { kind: 'unavailable'; server: Server; location: Location; upstream: string; why: string }
  | { kind: 'upstream'; server: Server; location: Location; upstream: string; endpoints: Endpoint[]; uri: string };

const byAge = (a: Ingress, b: Ingress): number => {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

function annotation(ing: Ingress, name: string): string | undefined {
  return ing.metadata?.annotations?.[ANN + name];
}

function boolAnnotation(ing: Ingress, name: string, dflt: boolean): boolean {
  const v = annotation(ing, name);
  if (v === undefined) return dflt;
  return v === 'true' ? true : v === 'false' ? false : dflt;
}

function backendOf(ns: string, b: IngressBackend | undefined): Backend | undefined {
  const svc = b?.service;
  if (!svc) return undefined;
  const port = svc.port?.number ?? svc.port?.name ?? 0;
  return { namespace: ns, service: svc.name, port };
}

function keyOf(ing: Ingress): string {
  return `${ing.metadata?.namespace ?? 'default'}/${ing.metadata?.name ?? ''}`;
}

function rootLocation(): Location {
  return { match: 'prefix', path: '/', ingressPath: '/', pathType: 'Prefix', sslRedirect: false, forceSslRedirect: false };
}

/** The servers and locations the controller writes into nginx.conf for these Ingresses. */
export function buildConfig(world: RouterWorld): RouterConfig {
  const ingresses = [...world.ingresses].sort(byAge);
  const servers = new Map<string, Server>();
  const warnings: string[] = [];
  const server = (host: string): Server => {
    let s = servers.get(host);
    if (!s) {
      s = { host, locations: [rootLocation()], regex: false };
      servers.set(host, s);
    }
    return s;
  };
  server('_');
  for (const ing of ingresses) {
    const ns = ing.metadata?.namespace ?? 'default';
    const regex = boolAnnotation(ing, 'use-regex', false) || annotation(ing, 'rewrite-target') !== undefined;
    const sslRedirect = boolAnnotation(ing, 'ssl-redirect', true);
    const forceSslRedirect = boolAnnotation(ing, 'force-ssl-redirect', false);
    const rewriteTarget = annotation(ing, 'rewrite-target');
    const dflt = backendOf(ns, ing.spec?.defaultBackend);
    const rules = ing.spec?.rules ?? [];
    const hosts = rules.length === 0 ? ['_'] : rules.map((r) => r.host || '_');
    // The catch-all location of each of its servers goes to spec.defaultBackend, unless taken earlier.
    if (dflt) {
      for (const h of new Set(hosts)) {
        const root = server(h).locations.find((l) => l.path === '/' && l.ingress === undefined);
        if (root) Object.assign(root, { ingress: keyOf(ing), backend: dflt, pathType: 'defaultBackend', ingressPath: '/' });
      }
    }
    for (const r of rules) {
      const s = server(r.host || '_');
      if (regex) s.regex = true;
      for (const p of r.http?.paths ?? []) {
        for (const loc of locationsFor(p, ns, keyOf(ing), { sslRedirect, forceSslRedirect, ...(rewriteTarget !== undefined ? { rewriteTarget } : {}) })) {
          const same = s.locations.find((l) => l.path === loc.path && l.match === loc.match);
          if (same && same.ingress !== undefined && same.pathType !== 'defaultBackend') continue;
          if (same) Object.assign(same, loc);
          else s.locations.push(loc);
        }
      }
    }
    for (const t of ing.spec?.tls ?? []) {
      for (const h of t.hosts ?? []) {
        const s = servers.get(h);
        if (!s || s.tls) continue;
        const name = t.secretName ?? '';
        const sec = name ? world.secret(ns, name) : undefined;
        const found = !!sec && !!sec.data?.['tls.crt'] && !!sec.data?.['tls.key'];
        if (!found) warnings.push(`"Error getting SSL certificate" err="local SSL certificate ${ns}/${name} was not found. Using default certificate"`);
        s.tls = { secret: `${ns}/${name}`, found };
      }
    }
  }
  for (const s of servers.values()) {
    if (s.regex) for (const l of s.locations) l.match = 'regex';
    // The controller sorts each server's locations by path, descending (so `/` comes last).
    s.locations.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
  }
  return { servers: [...servers.values()], warnings };
}

function locationsFor(p: HTTPIngressPath, ns: string, ingress: string, opts: { sslRedirect: boolean; forceSslRedirect: boolean; rewriteTarget?: string }): Location[] {
  const path = p.path || '/';
  const pathType = p.pathType ?? 'ImplementationSpecific';
  const backend = backendOf(ns, p.backend);
  const base = { ingressPath: path, pathType, ingress, ...(backend ? { backend } : {}), ...opts };
  if (pathType === 'Exact') return [{ ...base, match: 'exact', path }];
  if (pathType === 'Prefix' && path !== '/') {
    const bare = path.replace(/\/+$/, '');
    return [
      { ...base, match: 'exact', path: bare },
      { ...base, match: 'prefix', path: `${bare}/` },
    ];
  }
  return [{ ...base, match: 'prefix', path }];
}

/** nginx's choice of server for a Host header. */
export function serverFor(config: RouterConfig, hostHeader: string): Server {
  const host = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  const exact = config.servers.find((s) => s.host === host);
  if (exact) return exact;
  let best: Server | undefined;
  for (const s of config.servers) {
    if (!s.host.startsWith('*.')) continue;
    if (host.endsWith(s.host.slice(1)) && (!best || s.host.length > best.host.length)) best = s;
  }
  return best ?? config.servers.find((s) => s.host === '_')!;
}

/** nginx's choice of location in a server for a URI path (no query). */
export function locationFor(s: Server, path: string): Location | undefined {
  if (s.regex) {
    for (const l of s.locations) if (new RegExp(`^${l.path}`, 'i').test(path)) return l;
    return undefined;
  }
  const exact = s.locations.find((l) => l.match === 'exact' && l.path === path);
  if (exact) return exact;
  let best: Location | undefined;
  for (const l of s.locations) if (l.match === 'prefix' && path.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  return best;
}

/** nginx's `rewrite "(?i)<path>" <target> break;`: the whole URI becomes the target, with $n filled in. */
export function rewrite(locationPath: string, target: string, path: string): string {
  const m = new RegExp(locationPath, 'i').exec(path);
  if (!m) return path;
  return target.replace(/\$(\d)/g, (_x, d: string) => m[Number(d)] ?? '');
}

/** `namespace-service-port`, as ingress-nginx names an upstream. */
export function upstreamName(b: Backend): string {
  return `${b.namespace}-${b.service}-${b.port}`;
}

/** A Service port's ready endpoints, as the controller reads them from the Service's EndpointSlices. */
export function endpointsOf(world: RouterWorld, b: Backend): { endpoints: Endpoint[] } | { why: string } {
  const svc = world.service(b.namespace, b.service);
  if (!svc) return { why: `Service "${b.namespace}/${b.service}" does not exist` };
  const sp = (svc.spec?.ports ?? []).find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
  if (!sp) return { why: `Service "${b.namespace}/${b.service}" does not have any port ${b.port}` };
  const out: Endpoint[] = [];
  for (const sl of world.slices(b.namespace, b.service)) {
    const port = (sl.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (!port || port.port === undefined) continue;
    for (const e of sl.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const ip of e.addresses.slice(0, 1)) out.push({ ip, port: port.port });
    }
  }
  if (out.length === 0) return { why: `Service "${b.namespace}/${b.service}" does not have any active Endpoint` };
  return { endpoints: out };
}

/** What the controller does with a request: answer it itself, or send it on to an upstream. */
export function route(config: RouterConfig, world: RouterWorld, req: { host: string; path: string; https: boolean }): Route {
  const s = serverFor(config, req.host);
  const q = req.path.indexOf('?');
  const path = q >= 0 ? req.path.slice(0, q) : req.path;
  const args = q >= 0 ? req.path.slice(q) : '';
  const loc = locationFor(s, path) ?? rootLocation();
  const hasCert = !!s.tls?.found;
  if (!req.https && ((loc.sslRedirect && hasCert) || loc.forceSslRedirect) && loc.ingress !== undefined) {
    const host = req.host.replace(/:\d+$/, '');
    return { kind: 'redirect', server: s, location: loc, location_: `https://${host}${req.path}` };
  }
  if (!loc.backend) return { kind: 'default-backend', server: s, location: loc };
  const name = upstreamName(loc.backend);
  const eps = endpointsOf(world, loc.backend);
  if ('why' in eps) return { kind: 'unavailable', server: s, location: loc, upstream: name, why: eps.why };
  const uri = loc.rewriteTarget !== undefined ? rewrite(loc.path, loc.rewriteTarget, path) + (loc.rewriteTarget.includes('?') ? '' : args) : req.path;
  return { kind: 'upstream', server: s, location: loc, upstream: name, endpoints: eps.endpoints, uri };
}

/** The certificate a TLS handshake for `sni` gets. */
export function certificateFor(config: RouterConfig, sni: string): Certificate {
  const s = serverFor(config, sni);
  return s.tls?.found ? { kind: 'secret', name: s.tls.secret } : { kind: 'fake' };
}

/** How the location reads in a trace: `default/web: host a.example, path /api (Prefix)`. */
export function describeMatch(r: Route): string {
  const l = r.location;
  const host = r.server.host === '_' ? 'any host' : `host ${r.server.host}`;
  if (l.ingress === undefined) return `no rule matches (${host}): the controller's default backend`;
  if (l.pathType === 'defaultBackend') return `Ingress ${l.ingress}, ${host}: spec.defaultBackend`;
  return `Ingress ${l.ingress}, ${host}, path ${l.ingressPath} (${l.pathType}${l.match === 'regex' ? ', as a regex' : ''})`;
}
