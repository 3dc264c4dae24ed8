/**
 * The Network view's data, read from the machines (their kernels' links, addresses, routes, FDB and
 * listening sockets) and from Services and EndpointSlices in the API store. Only reads: building it
 * costs no clock events and changes nothing.
 */
import type { Cluster } from '../../cluster';
import type { StoredObject } from '../../types';
import type { Machine } from '../../node/machine';
import { HOST_NETNS } from '../../node/machine';
import type { Route } from '../../node/netns';
import type { NetEndpointView, NetNodeView, NetPeerView, NetPodView, NetServiceView, NetworkView } from './types';
import { formatCIDR } from '../ipv4';

interface PodShape {
  metadata: { namespace?: string; name: string };
  spec?: { nodeName?: string; hostNetwork?: boolean; containers?: { name: string }[] };
  status?: { podIP?: string };
}

function objects(cluster: Cluster, resource: string): StoredObject[] {
  const prefix = cluster.api.registry.resource(resource)?.storagePrefix;
  if (!prefix) return [];
  return [...cluster.api.store.range(prefix)].map((kv) => kv.value);
}

const routeLine = (r: Route): string =>
  [r.dst, ...(r.via ? ['via', r.via] : []), 'dev', r.dev, ...(r.proto ? ['proto', r.proto] : []), ...(r.scope ? ['scope', r.scope] : []), ...(r.src ? ['src', r.src] : []), ...(r.onlink ? ['onlink'] : [])].join(' ');

function nodeView(m: Machine, podsByKey: Map<string, PodShape>, nodeByIP: Map<string, string>, podCIDR: string | undefined): NetNodeView {
  const base = { name: m.name, ip: m.ip, up: m.poweredOn, ...(podCIDR ? { podCIDR } : {}) };
  const host = m.poweredOn ? m.netns(HOST_NETNS) : undefined;
  if (!host) return { ...base, links: [], pods: [], peers: [], routes: [] };
  const links = host.links.map((l) => ({
    name: l.name,
    type: l.type,
    mac: l.mac,
    mtu: l.mtu,
    state: l.state,
    ...(l.master ? { master: l.master } : {}),
    addresses: host.addresses.filter((a) => a.dev === l.name).map((a) => `${a.ip}/${a.prefix}`),
    ...(l.vxlan ? { vxlan: { vni: l.vxlan.vni, port: l.vxlan.port, local: l.vxlan.local } } : {}),
  }));
  const pods: NetPodView[] = [];
  for (const name of [...m.netnsNames()].reverse()) {
    const ns = m.netns(name)!;
    const key = m.podOf(name);
    const podIf = ns.links.find((l) => l.type === 'veth');
    const hostVeth = host.links.find((l) => l.peer?.netns === name);
    const pod = key ? podsByKey.get(key) : undefined;
    const ip = ns.addresses.find((a) => a.dev === podIf?.name)?.ip;
    pods.push({
      key: key ?? name,
      netns: name,
      ...(hostVeth ? { hostVeth: hostVeth.name } : {}),
      ...(podIf ? { podIfname: podIf.name } : {}),
      ...(ip ? { ip } : {}),
      hostNetwork: false,
      listening: m.listeners(name).map((l) => `${l.port}/${l.proto}`),
      containers: pod?.spec?.containers?.map((c) => c.name) ?? [],
    });
  }
  for (const [key, p] of podsByKey) {
    if (p.spec?.nodeName !== m.name || !p.spec.hostNetwork) continue;
    pods.push({ key, hostNetwork: true, ...(p.status?.podIP ? { ip: p.status.podIP } : {}), listening: [], containers: p.spec.containers?.map((c) => c.name) ?? [] });
  }
  const routes = host.allRoutes();
  const macOf = new Map(host.allNeighbours().map((n) => [`${n.dev} ${n.ip}`, n.lladdr]));
  const remoteOf = new Map(host.allFdb().flatMap((f) => (f.dst ? [[`${f.dev} ${f.mac}`, f.dst] as const] : [])));
  const peers: NetPeerView[] = [];
  for (const r of routes) {
    if (r.dst === 'default' || !r.via) continue;
    if (r.dev === 'flannel.1') {
      const mac = macOf.get(`${r.dev} ${r.via}`);
      const remote = mac ? remoteOf.get(`${r.dev} ${mac}`) : undefined;
      if (remote) peers.push({ node: nodeByIP.get(remote) ?? remote, podCIDR: r.dst, via: 'vxlan', ...(mac ? { vtepMac: mac } : {}), remoteIP: remote });
    } else if (nodeByIP.has(r.via)) {
      peers.push({ node: nodeByIP.get(r.via)!, podCIDR: r.dst, via: 'host-gw', remoteIP: r.via });
    }
  }
  return { ...base, links, pods, peers, routes: routes.map(routeLine) };
}

interface ServiceShape {
  metadata: { namespace?: string; name: string };
  spec?: { type?: NetServiceView['type']; clusterIP?: string; externalIPs?: string[]; ports?: { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}
interface SliceShape {
  metadata: { namespace?: string; labels?: Record<string, string> };
  ports?: { port?: number }[];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean }; nodeName?: string; targetRef?: { namespace?: string; name?: string } }[];
}

export function buildNetworkView(cluster: Cluster): NetworkView {
  const podsByKey = new Map<string, PodShape>();
  for (const o of objects(cluster, 'pods')) {
    const p = o as unknown as PodShape;
    podsByKey.set(`${p.metadata.namespace ?? ''}/${p.metadata.name}`, p);
  }
  const nodeByIP = new Map([...cluster.machines.values()].map((m) => [m.ip, m.name]));
  const cidrs = new Map(objects(cluster, 'nodes').map((o) => [o.metadata.name, (o as unknown as { spec?: { podCIDR?: string } }).spec?.podCIDR]));
  const nodes = [...cluster.machines.values()].map((m) => nodeView(m, podsByKey, nodeByIP, cidrs.get(m.name)));
  const slices = objects(cluster, 'endpointslices') as unknown as SliceShape[];
  const services: NetServiceView[] = objects(cluster, 'services').map((o) => {
    const s = o as unknown as ServiceShape;
    const key = `${s.metadata.namespace ?? ''}/${s.metadata.name}`;
    const endpoints: NetEndpointView[] = [];
    for (const sl of slices) {
      if (sl.metadata.namespace !== s.metadata.namespace || sl.metadata.labels?.['kubernetes.io/service-name'] !== s.metadata.name) continue;
      const port = sl.ports?.[0]?.port;
      for (const e of sl.endpoints ?? []) {
        for (const ip of e.addresses) {
          endpoints.push({ ip, ...(port !== undefined ? { port } : {}), ...(e.targetRef?.name ? { pod: `${e.targetRef.namespace ?? s.metadata.namespace}/${e.targetRef.name}` } : {}), ...(e.nodeName ? { node: e.nodeName } : {}), ready: e.conditions?.ready !== false });
        }
      }
    }
    return {
      key,
      type: s.spec?.type ?? 'ClusterIP',
      ...(s.spec?.clusterIP ? { clusterIP: s.spec.clusterIP } : {}),
      ports: (s.spec?.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP', ...(p.targetPort !== undefined ? { targetPort: String(p.targetPort) } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
      externalIPs: s.spec?.externalIPs ?? [],
      loadBalancerIPs: (s.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
      endpoints,
    };
  });
  const n = cluster.network;
  return {
    atMs: cluster.clock.now(),
    settings: {
      cni: n.cni,
      backend: n.backend,
      kubeProxyMode: cluster.kubeProxy.mode,
      ipvsScheduler: cluster.kubeProxy.ipvsScheduler,
      podCIDR: formatCIDR(n.podCIDR),
      serviceCIDR: formatCIDR(n.serviceCIDR),
      nodeNetwork: formatCIDR(n.nodes.net),
      gateway: n.nodes.gateway,
      ...(n.loadBalancerPool ? { loadBalancerPool: n.loadBalancerPool.text } : {}),
    },
    nodes,
    services,
  };
}
