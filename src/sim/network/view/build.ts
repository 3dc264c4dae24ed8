/**
 * The Network view's data, built the way an observer would gather it: each machine's kernel state
 * (links, addresses, routes, neighbours, FDB, who listens where) read directly, as `ip` on the node
 * would, and Nodes, Pods, Services and EndpointSlices listed through the API, as kubectl would. It only
 * reads: building it changes nothing in the cluster and costs no clock events.
 *
 * Everything is in a fixed order — nodes as the settings list them, pods and Services by key,
 * endpoints by address — so two builds of the same state are equal and the page can diff them.
 */
import type { Cluster } from '../../cluster';
import type { Machine } from '../../node/machine';
import type { Address, FdbEntry, Link, Neighbour, NetNamespace, Route } from '../../node/netns';
import type { EndpointSlice, Node, Pod, Service, StoredObject } from '../../types';
import { formatCIDR, parseIPv4 } from '../ipv4';
import { routeText } from '../traffic/route';
import type { NetEndpointView, NetLinkView, NetNodeView, NetPeerView, NetPodView, NetServiceView, NetworkSettingsView, NetworkView } from './types';
import { FULL_DETAIL_NODES } from './types';

/** flannel's VXLAN device, through which every overlay route goes. */
const VXLAN_DEVICE = 'flannel.1';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface NetworkViewOptions {
  /** nodes whose peers and routes are wanted even in a cluster larger than FULL_DETAIL_NODES */
  detail?: readonly string[];
}

export function buildNetworkView(cluster: Cluster, opts: NetworkViewOptions = {}): NetworkView {
  const client = cluster.client();
  const apiNodes = new Map(client.list<Node>('nodes', undefined).items.map((n) => [n.metadata.name, n]));
  const pods = client.list<Pod>('pods', undefined).items;
  const podsByKey = new Map(pods.map((p) => [keyOf(p), p]));
  const hostNetworkPods = new Map<string, Pod[]>();
  for (const p of pods) {
    const node = p.spec?.hostNetwork ? p.spec.nodeName : undefined;
    if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    let l = hostNetworkPods.get(node);
    if (!l) hostNetworkPods.set(node, (l = []));
    l.push(p);
  }
  const byIP = new Map<string, string>();
  for (const m of cluster.machines.values()) byIP.set(m.ip, m.name);
  // One test for the whole pass: sources that share their entries between nodes count them once.
  const peerRoute = (r: Route): boolean => isPeerRoute(r, byIP);
  const full = cluster.nodes.length <= FULL_DETAIL_NODES;
  const detail = new Set(opts.detail ?? []);
  const nodes: NetNodeView[] = [];
  for (const s of cluster.nodes) {
    const m = cluster.machines.get(s.name);
    if (m) nodes.push(nodeView(m, apiNodes.get(s.name), podsByKey, hostNetworkPods.get(s.name) ?? [], byIP, peerRoute, full || detail.has(s.name)));
  }
  return { atMs: cluster.clock.now(), settings: settingsView(cluster), nodes, services: servicesView(client.list<Service>('services', undefined).items, client.list<EndpointSlice>('endpointslices', undefined).items, podsByKey, byIP) };
}

function keyOf(o: StoredObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function settingsView(c: Cluster): NetworkSettingsView {
  const n = c.network;
  return {
    cni: n.cni,
    backend: n.backend,
    kubeProxyMode: c.kubeProxy.mode,
    ipvsScheduler: c.kubeProxy.ipvsScheduler,
    podCIDR: formatCIDR(n.podCIDR),
    serviceCIDR: formatCIDR(n.serviceCIDR),
    nodeNetwork: formatCIDR(n.nodes.net),
    gateway: n.nodes.gateway,
    ...(n.loadBalancerPool ? { loadBalancerPool: n.loadBalancerPool.text } : {}),
  };
}

function linkView(l: Link, addresses: readonly Address[]): NetLinkView {
  return {
    name: l.name,
    type: l.type,
    mac: l.mac,
    mtu: l.mtu,
    state: l.state,
    ...(l.master ? { master: l.master } : {}),
    addresses: addresses.filter((a) => a.dev === l.name).map((a) => `${a.ip}/${a.prefix}`),
    ...(l.vxlan ? { vxlan: { vni: l.vxlan.vni, port: l.vxlan.port, local: l.vxlan.local } } : {}),
  };
}

function nodeView(m: Machine, node: Node | undefined, podsByKey: Map<string, Pod>, hostNetworkPods: readonly Pod[], byIP: Map<string, string>, peerRoute: (r: Route) => boolean, detailed: boolean): NetNodeView {
  const podCIDR = node?.spec?.podCIDR;
  const base = { name: m.name, ip: m.ip, up: m.poweredOn, ...(podCIDR ? { podCIDR } : {}) };
  if (!m.poweredOn) return { ...base, links: [], pods: [], peers: [], routes: [] };
  // Read in place (nothing here writes), not copied as netnsView does: this runs several times a second.
  const host = m.host;
  const links = host.links.map((l) => linkView(l, host.addresses));
  const pods = podsOn(m, host, podsByKey, hostNetworkPods);
  if (!detailed) {
    let peers = host.routes.filter(peerRoute).length;
    let routes = host.routes.length;
    for (const src of host.sources) {
      const idx = src.index?.();
      const list = idx ? undefined : src.routes();
      peers += idx ? idx.countRoutes(peerRoute) : list!.filter(peerRoute).length;
      routes += idx ? idx.routeCount() : list!.length;
    }
    return { ...base, links, pods, peers: [], routes: [], summary: { peers, routes } };
  }
  const routes = host.allRoutes();
  return { ...base, links, pods, peers: peersOf(routes, host.allNeighbours(), host.allFdb(), byIP), routes: routes.map(routeText) };
}

/** The pods with a network on this machine: one per sandbox namespace, and the hostNetwork pods bound here. */
function podsOn(m: Machine, host: NetNamespace, podsByKey: Map<string, Pod>, hostNetworkPods: readonly Pod[]): NetPodView[] {
  const out: NetPodView[] = [];
  const containers = (p: Pod | undefined): string[] => (p?.spec?.containers ?? []).map((c) => c.name);
  for (const netns of m.netnsNames()) {
    const key = m.podOf(netns);
    const ns = m.netns(netns);
    if (!key || !ns) continue;
    const hostVeth = host.links.find((l) => l.type === 'veth' && l.peer?.netns === netns);
    const podIf = ns.links.find((l) => l.type === 'veth');
    const ip = podIf && ns.addresses.find((a) => a.dev === podIf.name && a.scope === 'global')?.ip;
    out.push({
      key,
      netns,
      ...(hostVeth ? { hostVeth: hostVeth.name } : {}),
      ...(podIf ? { podIfname: podIf.name } : {}),
      ...(ip ? { ip } : {}),
      hostNetwork: false,
      listening: listening(m, netns),
      containers: containers(podsByKey.get(key)),
    });
  }
  for (const p of hostNetworkPods) {
    // Sockets in the host's namespace are not told apart by pod, so a hostNetwork pod lists none of its own.
    out.push({ key: keyOf(p as StoredObject), ip: m.ip, hostNetwork: true, listening: [], containers: containers(p) });
  }
  return out.sort(byKey);
}

/** `80/tcp`, once per port and protocol, in port order. */
function listening(m: Machine, netns: string): string[] {
  const seen = new Set<string>();
  const ls = [...m.listeners(netns)].sort((a, b) => a.port - b.port || (a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : 0));
  for (const l of ls) seen.add(`${l.port}/${l.proto}`);
  return [...seen];
}

/**
 * The other nodes as this kernel knows them, read back from what flanneld programmed: with VXLAN, a
 * route `<block> via <block's .0> dev flannel.1 onlink`, a permanent neighbour giving that gateway's
 * VTEP MAC, and an FDB entry sending that MAC to the remote node's address; with host-gw, a route
 * `<block> via <node IP> dev eth0`. A stale entry (flanneld stopped) shows as it stays in the kernel.
 */
function peersOf(routes: readonly Route[], neighbours: readonly Neighbour[], fdb: readonly FdbEntry[], byIP: Map<string, string>): NetPeerView[] {
  const out: NetPeerView[] = [];
  // Indexed once: a node has one neighbour and one FDB entry per peer.
  const lladdr = new Map<string, string>();
  for (const n of neighbours) if (n.dev === VXLAN_DEVICE && !lladdr.has(n.ip)) lladdr.set(n.ip, n.lladdr);
  const vtep = new Map<string, string>();
  for (const f of fdb) if (f.dev === VXLAN_DEVICE && f.dst && !vtep.has(f.mac)) vtep.set(f.mac, f.dst);
  for (const r of routes) {
    if (!isPeerRoute(r, byIP)) continue;
    if (r.dev === VXLAN_DEVICE) {
      const mac = lladdr.get(r.via!);
      const remote = mac && vtep.get(mac);
      if (!mac || !remote) continue;
      out.push({ node: byIP.get(remote) ?? remote, podCIDR: r.dst, via: 'vxlan', vtepMac: mac, remoteIP: remote });
    } else {
      out.push({ node: byIP.get(r.via!)!, podCIDR: r.dst, via: 'host-gw', remoteIP: r.via! });
    }
  }
  return out;
}

/** flannel's route to another node's block: through flannel.1 (VXLAN), or via that node over eth0 (host-gw). */
function isPeerRoute(r: Route, byIP: Map<string, string>): boolean {
  if (r.dst === 'default' || !r.via) return false;
  return r.dev === VXLAN_DEVICE || (r.dev === 'eth0' && r.proto === undefined && byIP.has(r.via));
}

function servicesView(services: readonly Service[], slices: readonly EndpointSlice[], podsByKey: Map<string, Pod>, byIP: Map<string, string>): NetServiceView[] {
  const slicesOf = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const k = `${s.metadata?.namespace ?? ''}/${svc}`;
    let l = slicesOf.get(k);
    if (!l) slicesOf.set(k, (l = []));
    l.push(s);
  }
  const out: NetServiceView[] = [];
  for (const svc of services) {
    const key = keyOf(svc as StoredObject);
    const spec = svc.spec ?? {};
    out.push({
      key,
      type: (spec.type ?? 'ClusterIP') as NetServiceView['type'],
      ...(spec.clusterIP ? { clusterIP: spec.clusterIP } : {}),
      ports: (spec.ports ?? []).map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        ...(p.targetPort !== undefined ? { targetPort: String(p.targetPort) } : {}),
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      })),
      externalIPs: [...(spec.externalIPs ?? [])],
      loadBalancerIPs: (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
      endpoints: endpointsOf(slicesOf.get(key) ?? [], podsByKey, byIP),
    });
  }
  return out.sort(byKey);
}

/**
 * One entry per endpoint address, in address order. A slice with one port gives it to its endpoints;
 * with several, the port is the Service's business (its `ports` say which target port each maps to).
 * An endpoint that is a node's own address (the `kubernetes` Service's API server) is on that node.
 */
function endpointsOf(slices: readonly EndpointSlice[], podsByKey: Map<string, Pod>, byIP: Map<string, string>): NetEndpointView[] {
  const out: NetEndpointView[] = [];
  for (const s of slices) {
    const ports = s.ports ?? [];
    const port = ports.length === 1 ? ports[0]!.port : undefined;
    for (const e of s.endpoints ?? []) {
      const ref = e.targetRef?.kind === 'Pod' && e.targetRef.name ? `${e.targetRef.namespace ?? s.metadata?.namespace ?? ''}/${e.targetRef.name}` : undefined;
      const node0 = e.nodeName ?? (ref ? podsByKey.get(ref)?.spec?.nodeName : undefined);
      for (const ip of e.addresses ?? []) {
        const node = node0 ?? byIP.get(ip);
        out.push({ ip, ...(port !== undefined && port !== null ? { port } : {}), ...(ref ? { pod: ref } : {}), ...(node ? { node } : {}), ready: e.conditions?.ready !== false });
      }
    }
  }
  return out.sort((a, b) => (parseIPv4(a.ip) ?? 0) - (parseIPv4(b.ip) ?? 0) || (a.port ?? 0) - (b.port ?? 0));
}
