/**
 * Endpoints per Service port from EndpointSlices, as kube-proxy's EndpointSliceCache builds them, and
 * the choice of which ones a node uses (pkg/proxy/topology.go CategorizeEndpoints).
 *
 * From the slice cache (pkg/proxy/endpointslicecache.go):
 * - only IPv4 slices count for an IPv4 proxier; a port with no name or no/zero port number is
 *   ignored, as is an endpoint without addresses; the first address is the endpoint's;
 * - conditions: ready unless `ready: false`, serving unless `serving: false`, terminating only if
 *   `terminating: true`;
 * - an `IP:port` seen in two slices is kept once, preferring the copy on this node;
 * - endpoints sort by their `IP:port` string, compared as strings (so 10.244.1.10 before 10.244.1.9).
 *
 * Locality is kept out of the cached lists (an endpoint records its node; `isLocal` is asked per node),
 * so every node's kube-proxy shares one list per Service port.
 */
import type { EndpointSlice } from '../../types';
import type { IPv4Net } from '../../network/ipv4';
import { parseIPv4Sloppy } from '../../network/ipv4';
import type { ServicePortInfo } from './serviceport';
import { usesClusterEndpoints, usesLocalEndpoints } from './serviceport';

export interface EndpointInfo {
  readonly ip: string;
  /** the address as a /32, for rules */
  readonly prefix: IPv4Net;
  readonly port: number;
  /** `IP:port`, net.JoinHostPort */
  readonly str: string;
  readonly nodeName: string | undefined;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The Service (`ns/name`) an EndpointSlice belongs to, or undefined if it names none. */
export function sliceServiceKey(slice: EndpointSlice): string | undefined {
  const svc = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${slice.metadata?.namespace ?? ''}/${svc}` : undefined;
}

/**
 * Endpoints by Service port key (`ns/name:port/PROTOCOL`) for the slices of one Service. When two
 * copies of an address disagree, the one on `preferNode` wins, as the slice cache prefers local ones.
 */
export function endpointsForService(serviceKey: string, slices: readonly EndpointSlice[], preferNode?: string): Map<string, readonly EndpointInfo[]> {
  const byPort = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    for (const port of slice.ports ?? []) {
      if (port.name === undefined || port.name === null) continue;
      if (!port.port) continue;
      const key = `${serviceKey}:${port.name}/${port.protocol ?? 'TCP'}`;
      let set = byPort.get(key);
      if (!set) byPort.set(key, (set = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        const addr = ip === undefined ? undefined : parseIPv4Sloppy(ip);
        if (ip === undefined || addr === undefined) continue;
        const str = `${ip}:${port.port}`;
        const info: EndpointInfo = Object.freeze({
          ip,
          prefix: Object.freeze({ ip: addr, prefix: 32 }),
          port: port.port,
          str,
          nodeName: ep.nodeName ?? undefined,
          ready: ep.conditions?.ready !== false,
          serving: ep.conditions?.serving !== false,
          terminating: ep.conditions?.terminating === true,
        });
        if (!set.has(str) || (preferNode !== undefined && info.nodeName === preferNode)) set.set(str, info);
      }
    }
  }
  const out = new Map<string, readonly EndpointInfo[]>();
  for (const [key, set] of byPort) {
    out.set(key, Object.freeze([...set.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0))));
  }
  return out;
}

export interface Categorized {
  /** endpoints for Cluster traffic policy (empty if the port never uses it) */
  readonly clusterEndpoints: readonly EndpointInfo[];
  /** endpoints for Local traffic policy (empty if the port never uses it) */
  readonly localEndpoints: readonly EndpointInfo[];
  /** every endpoint this node may send to: the union of the two */
  readonly allReachable: readonly EndpointInfo[];
  /** whether the Service has a usable endpoint anywhere in the cluster */
  readonly hasAnyEndpoints: boolean;
}

/**
 * CategorizeEndpoints without topology hints (none of the simulated nodes or Services opt in):
 * Cluster policy uses the ready endpoints, or failing any, the serving-and-terminating ones; Local
 * policy the node's ready endpoints, or failing those, its serving-and-terminating ones.
 */
export function categorizeEndpoints(endpoints: readonly EndpointInfo[], sp: ServicePortInfo, nodeName: string): Categorized {
  let clusterEndpoints: readonly EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(sp)) {
    clusterEndpoints = endpoints.filter((ep) => ep.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(sp)) return { clusterEndpoints, localEndpoints: [], allReachable: clusterEndpoints, hasAnyEndpoints };

  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    const local = ep.nodeName === nodeName;
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (local) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (local) localServingTerminating = true;
    }
  }
  let localEndpoints: readonly EndpointInfo[] = [];
  let servingTerminating = false;
  if (localReady) {
    localEndpoints = endpoints.filter((ep) => ep.nodeName === nodeName && ep.ready);
  } else if (localServingTerminating) {
    servingTerminating = true;
    localEndpoints = endpoints.filter((ep) => ep.nodeName === nodeName && ep.serving && ep.terminating);
  }
  if (!usesClusterEndpoints(sp)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  if (!servingTerminating) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  // Local may hold terminating endpoints Cluster does not: merge (chain order is by name anyway).
  const merged = new Map<string, EndpointInfo>();
  for (const ep of clusterEndpoints) merged.set(ep.str, ep);
  for (const ep of localEndpoints) merged.set(ep.str, ep);
  return { clusterEndpoints, localEndpoints, allReachable: [...merged.values()], hasAnyEndpoints };
}
