/**
 * What CoreDNS's kubernetes plugin keeps from the API (plugin/kubernetes/controller.go and
 * object/*.go): Services by name and by ClusterIP, EndpointSlices reduced to their *ready*
 * addresses by Service and by IP, namespace names, and (for `pods verified` only) pods by IP.
 *
 * An EndpointSlice becomes one "Endpoints" entry under its `kubernetes.io/service-name` label;
 * an endpoint whose `ready` condition is false is dropped (unset counts as ready), and a slice with
 * no ports gets a sentinel port -1, which A lookups ignore and SRV skips.
 */
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export interface EndpointAddress {
  ip: string;
  /** The endpoint's `hostname` (StatefulSet pods, pods with hostname+subdomain), or ''. */
  hostname: string;
  /** targetRef name when shorter than 64 characters, as CoreDNS keeps it. */
  targetRefName: string;
}

export interface EndpointPort {
  /** -1 is the sentinel of a slice without ports. */
  port: number;
  name: string;
  protocol: string;
}

export interface EndpointsEntry {
  /** The slice's own name. */
  slice: string;
  namespace: string;
  /** The Service the slice belongs to. */
  service: string;
  addresses: EndpointAddress[];
  ports: EndpointPort[];
}

export interface ServiceEntry {
  name: string;
  namespace: string;
  type: string;
  /** `None` for a headless Service. */
  clusterIP: string;
  clusterIPs: string[];
  externalName: string;
  ports: { name: string; port: number; protocol: string }[];
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function toServiceEntry(svc: Service): ServiceEntry {
  const spec = svc.spec ?? {};
  const clusterIP = spec.clusterIP ?? '';
  return {
    name: svc.metadata?.name ?? '',
    namespace: svc.metadata?.namespace ?? '',
    type: spec.type ?? 'ClusterIP',
    clusterIP,
    clusterIPs: spec.clusterIPs && spec.clusterIPs.length > 0 ? [...spec.clusterIPs] : [clusterIP],
    externalName: spec.externalName ?? '',
    ports: (spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

export function toEndpointsEntry(slice: EndpointSlice): EndpointsEntry {
  const ports: EndpointPort[] =
    !slice.ports || slice.ports.length === 0
      ? [{ port: -1, name: '', protocol: '' }]
      : slice.ports.map((p) => ({ port: p.port ?? -1, name: p.name ?? '', protocol: p.protocol ?? '' }));
  const addresses: EndpointAddress[] = [];
  for (const ep of slice.endpoints ?? []) {
    if (ep.conditions?.ready === false) continue;
    const targetRefName = ep.targetRef?.name && ep.targetRef.name.length < 64 ? ep.targetRef.name : '';
    for (const ip of ep.addresses) addresses.push({ ip, hostname: ep.hostname ?? '', targetRefName });
  }
  return {
    slice: slice.metadata?.name ?? '',
    namespace: slice.metadata?.namespace ?? '',
    service: slice.metadata?.labels?.[SERVICE_NAME_LABEL] ?? '',
    addresses,
    ports,
  };
}

const key = (name: string, namespace: string) => `${name}.${namespace}`;

function addTo<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function removeFrom<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (!list) return;
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) m.delete(k);
}

export interface DnsIndexInput {
  namespaces: readonly (Namespace | string)[];
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  /** Only `pods verified` looks at pods. Pods that Succeeded, Failed or are Unknown are not watched. */
  pods?: readonly Pod[];
}

/** The plugin's caches, kept up to date object by object. */
export class DnsIndex {
  private readonly namespaceNames = new Set<string>();
  private readonly servicesByKey = new Map<string, ServiceEntry>();
  private readonly servicesByName = new Map<string, ServiceEntry[]>();
  private readonly servicesByIP = new Map<string, ServiceEntry[]>();
  private readonly slicesByKey = new Map<string, EndpointsEntry>();
  private readonly endpointsByService = new Map<string, EndpointsEntry[]>();
  private readonly endpointsByIPIndex = new Map<string, EndpointsEntry[]>();
  private readonly podNamespacesByIP = new Map<string, string[]>();

  static build(input: DnsIndexInput): DnsIndex {
    const idx = new DnsIndex();
    for (const ns of input.namespaces) idx.setNamespace(typeof ns === 'string' ? ns : ns.metadata?.name ?? '');
    for (const s of input.services) idx.upsertService(s);
    for (const s of input.endpointSlices) idx.upsertEndpointSlice(s);
    for (const p of input.pods ?? []) {
      const phase = p.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Unknown') continue;
      if (p.status?.podIP) addTo(idx.podNamespacesByIP, p.status.podIP, p.metadata?.namespace ?? '');
    }
    return idx;
  }

  setNamespace(name: string): void {
    this.namespaceNames.add(name);
  }

  deleteNamespace(name: string): void {
    this.namespaceNames.delete(name);
  }

  upsertService(svc: Service): void {
    const e = toServiceEntry(svc);
    this.deleteService(e.name, e.namespace);
    this.servicesByKey.set(key(e.name, e.namespace), e);
    addTo(this.servicesByName, key(e.name, e.namespace), e);
    for (const ip of e.clusterIPs) if (ip && ip !== 'None') addTo(this.servicesByIP, ip, e);
  }

  deleteService(name: string, namespace: string): void {
    const old = this.servicesByKey.get(key(name, namespace));
    if (!old) return;
    this.servicesByKey.delete(key(name, namespace));
    removeFrom(this.servicesByName, key(name, namespace), old);
    for (const ip of old.clusterIPs) removeFrom(this.servicesByIP, ip, old);
  }

  upsertEndpointSlice(slice: EndpointSlice): void {
    const e = toEndpointsEntry(slice);
    this.deleteEndpointSlice(e.slice, e.namespace);
    this.slicesByKey.set(key(e.slice, e.namespace), e);
    const list = this.endpointsByService.get(key(e.service, e.namespace)) ?? [];
    list.push(e);
    // The informer's index hands them out in no fixed order; slice name order keeps replays identical.
    list.sort((a, b) => (a.slice < b.slice ? -1 : a.slice > b.slice ? 1 : 0));
    this.endpointsByService.set(key(e.service, e.namespace), list);
    for (const ip of new Set(e.addresses.map((a) => a.ip))) addTo(this.endpointsByIPIndex, ip, e);
  }

  deleteEndpointSlice(name: string, namespace: string): void {
    const old = this.slicesByKey.get(key(name, namespace));
    if (!old) return;
    this.slicesByKey.delete(key(name, namespace));
    removeFrom(this.endpointsByService, key(old.service, old.namespace), old);
    for (const ip of new Set(old.addresses.map((a) => a.ip))) removeFrom(this.endpointsByIPIndex, ip, old);
  }

  namespaceExists(name: string): boolean {
    return this.namespaceNames.has(name);
  }

  services(name: string, namespace: string): readonly ServiceEntry[] {
    return this.servicesByName.get(key(name, namespace)) ?? [];
  }

  endpoints(service: string, namespace: string): readonly EndpointsEntry[] {
    return this.endpointsByService.get(key(service, namespace)) ?? [];
  }

  servicesWithClusterIP(ip: string): readonly ServiceEntry[] {
    return this.servicesByIP.get(ip) ?? [];
  }

  endpointsWithIP(ip: string): readonly EndpointsEntry[] {
    return this.endpointsByIPIndex.get(ip) ?? [];
  }

  podNamespacesWithIP(ip: string): readonly string[] {
    return this.podNamespacesByIP.get(ip) ?? [];
  }
}
