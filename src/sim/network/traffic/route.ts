/**
 * The kernel's routing decision in one namespace: the local table first (the namespace's own
 * addresses, 127.0.0.0/8 on lo, every VIP on kube-ipvs0), then the main table by longest prefix, lower
 * metric first among equals. The source address of an unbound socket is the route's `src`, else the
 * first global address of the outgoing device, else (a device with none) the first global address of
 * the namespace.
 */
import type { NetNamespace, Route } from '../../node/netns';
import { isLoopback, maskOf, parseIPv4 } from '../ipv4';

export type RouteDecision =
  | { kind: 'local'; dev: string }
  | { kind: 'unicast'; route: Route; dev: string; /** the next hop: the gateway, or the destination itself on a link */ nexthop: number; src: number | undefined }
  | { kind: 'none' };

/** Which of the namespace's devices holds `ip` as its own address. */
export function localDevOf(ns: NetNamespace, ip: number): string | undefined {
  if (isLoopback(ip)) return 'lo';
  for (const a of ns.addresses) if (parseIPv4(a.ip) === ip) return a.dev;
  return undefined;
}

function prefixOf(r: Route): { ip: number; prefix: number } | undefined {
  if (r.dst === 'default') return { ip: 0, prefix: 0 };
  const [addr, len] = r.dst.split('/');
  const ip = parseIPv4(addr!);
  if (ip === undefined) return undefined;
  return { ip, prefix: len === undefined ? 32 : Number(len) };
}

/** The first global address on `dev`, the kernel's choice of source for a route without `src`. */
export function primaryAddress(ns: NetNamespace, dev: string): number | undefined {
  const a = ns.addresses.find((x) => x.dev === dev && x.scope === 'global') ?? ns.addresses.find((x) => x.dev === dev);
  return a ? parseIPv4(a.ip) : undefined;
}

/**
 * The kernel's source for a route out of a device with no address of its own (a Calico `cali…` veth):
 * the first global address of another device, in device order (inet_select_addr), so eth0's.
 */
function anyGlobalAddress(ns: NetNamespace): number | undefined {
  for (const l of ns.links) {
    const a = ns.addresses.find((x) => x.dev === l.name && x.scope === 'global');
    if (a) return parseIPv4(a.ip);
  }
  return undefined;
}

export function lookupRoute(ns: NetNamespace, dst: number): RouteDecision {
  const local = localDevOf(ns, dst);
  if (local !== undefined) return { kind: 'local', dev: local };
  // The stored routes, then each source's: among equals the earlier one stays, as in `ip route`'s order.
  let best: { r: Route; prefix: number; metric: number } | undefined;
  const consider = (r: Route): void => {
    const p = prefixOf(r);
    if (!p) return;
    if (((dst & maskOf(p.prefix)) >>> 0) !== p.ip) return;
    const metric = r.metric ?? 0;
    if (!best || p.prefix > best.prefix || (p.prefix === best.prefix && metric < best.metric)) best = { r, prefix: p.prefix, metric };
  };
  for (const r of ns.routes) consider(r);
  for (const s of ns.sources) {
    if (!s.index) {
      for (const r of s.routes()) consider(r);
      continue;
    }
    const r = s.index().route(dst);
    if (r) consider(r);
  }
  if (!best) return { kind: 'none' };
  const r = best.r;
  const via = r.via !== undefined ? parseIPv4(r.via) : undefined;
  const src = r.src !== undefined ? parseIPv4(r.src) : primaryAddress(ns, r.dev) ?? anyGlobalAddress(ns);
  return { kind: 'unicast', route: r, dev: r.dev, nexthop: via ?? dst, src };
}

/** `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`: a route as `ip route` prints it. */
export function routeText(r: Route): string {
  const parts = [r.dst];
  if (r.via) parts.push('via', r.via);
  parts.push('dev', r.dev);
  if (r.proto) parts.push('proto', r.proto);
  if (r.scope) parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  if (r.metric !== undefined) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}

