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
import type { Machine, NetnsView } from '../../node/machine';
import { netnsView } from '../../node/machine';
import type { Address, Link } from '../../node/netns';
import type { EndpointSlice, Node, Pod, Service, StoredObject } from '../../types';
import { formatCIDR, parseIPv4 } from '../ipv4';
import { routeText } from '../traffic/route';
import type { NetEndpointView, NetLinkView, NetNodeView, NetPeerView, NetPodView, NetServiceView, NetworkSettingsView, NetworkView } from './types';

/** flannel's VXLAN device, through which every overlay route goes. */
const VXLAN_DEVICE = 'flannel.1';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function buildNetworkView(cluster: Cluster): NetworkView {
  const client = cluster.client();
  const apiNodes = new Map(client.list<Node>('nodes', undefined).items.map((n) => [n.metadata.name, n]));
  const pods = client.list<Pod>('pods', undefined).items;
  const podsByKey = new Map(pods.map((p) => [keyOf(p), p]));
  const byIP = new Map<string, string>();
  for (const m of cluster.machines.values()) byIP.set(m.ip, m.name);
  const nodes: NetNodeView[] = [];
  for (const s of cluster.nodes) {
    const m = cluster.machines.get(s.name);
    if (m) nodes.push(nodeView(m, apiNodes.get(s.name), podsByKey, pods, byIP));
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

function nodeView(m: Machine, node: Node | undefined, podsByKey: Map<string, Pod>, pods: readonly Pod[], byIP: Map<string, string>): NetNodeView {
  const podCIDR = node?.spec?.podCIDR;
  const base = { name: m.name, ip: m.ip, up: m.poweredOn, ...(podCIDR ? { podCIDR } : {}) };
  const host = m.poweredOn ? netnsView(m) : undefined;
  if (!host) return { ...base, links: [], pods: [], peers: [], routes: [] };
  return {
    ...base,
    links: host.links.map((l) => linkView(l, host.addresses)),
    pods: podsOn(m, host, podsByKey, pods),
    peers: peersOf(host, byIP),
    routes: host.routes.map(routeText),
  };
}

/** The pods with a network on this machine: one per sandbox namespace, and the hostNetwork pods bound here. */
function podsOn(m: Machine, host: NetnsView, podsByKey: Map<string, Pod>, pods: readonly Pod[]): NetPodView[] {
  const out: NetPodView[] = [];
  const containers = (p: Pod | undefined): string[] => (p?.spec?.containers ?? []).map((c) => c.name);
  for (const netns of m.netnsNames()) {
    const key = m.podOf(netns);
    const ns = netnsView(m, netns);
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
  for (const p of pods) {
    if (!p.spec?.hostNetwork || p.spec.nodeName !== m.name) continue;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
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
function peersOf(host: NetnsView, byIP: Map<string, string>): NetPeerView[] {
  const out: NetPeerView[] = [];
  for (const r of host.routes) {
    if (r.dst === 'default' || !r.via) continue;
    if (r.dev === VXLAN_DEVICE) {
      const mac = host.neighbours.find((n) => n.dev === VXLAN_DEVICE && n.ip === r.via)?.lladdr;
      const remote = mac && host.fdb.find((f) => f.dev === VXLAN_DEVICE && f.mac === mac && f.dst)?.dst;
      if (!mac || !remote) continue;
      out.push({ node: byIP.get(remote) ?? remote, podCIDR: r.dst, via: 'vxlan', vtepMac: mac, remoteIP: remote });
    } else if (r.dev === 'eth0' && byIP.has(r.via) && r.proto === undefined) {
      out.push({ node: byIP.get(r.via)!, podCIDR: r.dst, via: 'host-gw', remoteIP: r.via });
    }
  }
  return out;
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
