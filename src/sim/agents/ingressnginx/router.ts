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
 * - TLS (createServers' second pass, Ingresses oldest first): each rule host of an Ingress that has a
 *   `spec.tls` section, unless an older Ingress already gave its server a certificate, gets one: the
 *   Secret of the TLS entry that lists the host (case-insensitively); when that entry has no
 *   secretName, or no entry lists the host, the controller's fake certificate (logged only at -v=3);
 *   when the Secret is missing or holds no `tls.crt`/`tls.key`, the fake certificate with a warning.
 *   Hosts of Ingresses without TLS also answer on 443 with the fake certificate, but their server has
 *   no certificate configured. The certificates in kubetab's Secrets are placeholders, so the
 *   controller's SAN/CN checks (VerifyHostname, and the search of the other TLS entries' Secrets for a
 *   host no entry lists) are not modelled: a Secret that loads is taken to cover its hosts.
 * - Redirects (lua_ingress.rewrite, run in every location, the server's root location included, with
 *   the annotations of the Ingress that made the server): `ssl-redirect` (default true) answers plain
 *   HTTP with a 308 to https when the server has a certificate configured — the fake one counts, so a
 *   missing Secret still redirects — and `force-ssl-redirect` does it without one. The Location is
 *   `https://<host><request URI>` with one final `/` of the URI dropped, unless
 *   `preserve-trailing-slash` is "true".
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
  /** `preserve-trailing-slash`: the redirect keeps a final `/` */
  preserveTrailingSlash: boolean;
}

export interface Server {
  /** `_` for the catch-all */
  host: string;
  locations: Location[];
  regex: boolean;
  /**
   * The certificate configured for the server (any server whose host an Ingress with a TLS section
   * lists): the Secret `ns/name` when it loaded, else undefined for the controller's fake one.
   */
  tls?: { secret?: string };
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

type RedirectOpts = Pick<Location, 'sslRedirect' | 'forceSslRedirect' | 'preserveTrailingSlash'>;

const NO_REDIRECT: RedirectOpts = { sslRedirect: false, forceSslRedirect: false, preserveTrailingSlash: false };

/** A server's root location on the default backend, with the redirect settings of the Ingress that made the server. */
function rootLocation(opts: RedirectOpts = NO_REDIRECT): Location {
  return { match: 'prefix', path: '/', ingressPath: '/', pathType: 'Prefix', ...opts };
}

/** What the controller's store holds for a Secret: a certificate, a CA only, or nothing (not loaded). */
function loadSecret(sec: Secret | undefined): 'cert' | 'ca-only' | undefined {
  const d = sec?.data ?? {};
  if (d['tls.crt'] && d['tls.key']) return 'cert';
  return d['ca.crt'] ? 'ca-only' : undefined;
}

/** The servers and locations the controller writes into nginx.conf for these Ingresses. */
export function buildConfig(world: RouterWorld): RouterConfig {
  const ingresses = [...world.ingresses].sort(byAge);
  const servers = new Map<string, Server>();
  const warnings: string[] = [];
  const server = (host: string, opts: RedirectOpts = NO_REDIRECT): Server => {
    let s = servers.get(host);
    if (!s) {
      s = { host, locations: [rootLocation(opts)], regex: false };
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
    const redirect: RedirectOpts = { sslRedirect, forceSslRedirect, preserveTrailingSlash: boolAnnotation(ing, 'preserve-trailing-slash', false) };
    const rewriteTarget = annotation(ing, 'rewrite-target');
    const dflt = backendOf(ns, ing.spec?.defaultBackend);
    const rules = ing.spec?.rules ?? [];
    const hosts = rules.length === 0 ? ['_'] : rules.map((r) => r.host || '_');
    // The catch-all location of each of its servers goes to spec.defaultBackend, unless taken earlier.
    if (dflt) {
      for (const h of new Set(hosts)) {
        const root = server(h, redirect).locations.find((l) => l.path === '/' && l.ingress === undefined);
        if (root) Object.assign(root, { ingress: keyOf(ing), backend: dflt, pathType: 'defaultBackend', ingressPath: '/' });
      }
    }
    for (const r of rules) {
      const s = server(r.host || '_', redirect);
      if (regex) s.regex = true;
      for (const p of r.http?.paths ?? []) {
        for (const loc of locationsFor(p, ns, keyOf(ing), { ...redirect, ...(rewriteTarget !== undefined ? { rewriteTarget } : {}) })) {
          const same = s.locations.find((l) => l.path === loc.path && l.match === loc.match);
          if (same && same.ingress !== undefined && same.pathType !== 'defaultBackend') continue;
          if (same) Object.assign(same, loc);
          else s.locations.push(loc);
        }
      }
    }
    if ((ing.spec?.tls ?? []).length > 0) {
      for (const r of rules) {
        // The catch-all server starts with the fake certificate; it is never configured for a request's host.
        if (!r.host) continue;
        const s = server(r.host);
        if (s.tls) continue;
        s.tls = certificateOf(ing, r.host, world, warnings);
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

/** The certificate createServers gives `host` from `ing`'s TLS section, with the warnings it logs on the way. */
function certificateOf(ing: Ingress, host: string, world: RouterWorld, warnings: string[]): { secret?: string } {
  const ns = ing.metadata?.namespace ?? 'default';
  const tls = ing.spec?.tls ?? [];
  const listed = tls.find((t) => (t.hosts ?? []).some((h) => h.toLowerCase() === host.toLowerCase()));
  if (!listed) {
    // extractTLSSecretName looks for a Secret of another entry whose certificate covers the host; with
    // placeholder certificates none does, but a Secret that is not there is still reported.
    for (const t of tls) {
      if (t.secretName && !loadSecret(world.secret(ns, t.secretName))) warnings.push(`Error getting SSL certificate "${ns}/${t.secretName}": local SSL certificate ${ns}/${t.secretName} was not found`);
    }
    return {};
  }
  if (!listed.secretName) return {};
  const key = `${ns}/${listed.secretName}`;
  const loaded = loadSecret(world.secret(ns, listed.secretName));
  if (loaded === undefined) {
    warnings.push(`Error getting SSL certificate "${key}": local SSL certificate ${key} was not found. Using default certificate`);
    return {};
  }
  if (loaded === 'ca-only') {
    warnings.push(`SSL certificate "${key}" does not contain a valid SSL certificate for server "${host}"`, 'Using default certificate');
    return {};
  }
  return { secret: key };
}

function locationsFor(p: HTTPIngressPath, ns: string, ingress: string, opts: RedirectOpts & { rewriteTarget?: string }): Location[] {
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
  // certificate.configured_for_current_request: the fake certificate counts as one.
  const hasCert = s.tls !== undefined;
  if (!req.https && ((loc.sslRedirect && hasCert) || loc.forceSslRedirect)) {
    const host = req.host.replace(/:\d+$/, '');
    const uri = !loc.preserveTrailingSlash && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    return { kind: 'redirect', server: s, location: loc, location_: `https://${host}${uri}` };
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
  return s.tls?.secret !== undefined ? { kind: 'secret', name: s.tls.secret } : { kind: 'fake' };
}

/** How the location reads in a trace: `default/web: host a.example, path /api (Prefix)`. */
export function describeMatch(r: Route): string {
  const l = r.location;
  const host = r.server.host === '_' ? 'any host' : `host ${r.server.host}`;
  if (l.ingress === undefined) return `no rule matches (${host}): the controller's default backend`;
  if (l.pathType === 'defaultBackend') return `Ingress ${l.ingress}, ${host}: spec.defaultBackend`;
  return `Ingress ${l.ingress}, ${host}, path ${l.ingressPath} (${l.pathType}${l.match === 'regex' ? ', as a regex' : ''})`;
}
