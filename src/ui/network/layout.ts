/**
 * Where the Network view draws everything, worked out from the network view's data alone: the same
 * data always gives the same picture, and every position follows from names (nodes in natural name
 * order on a grid, pods in name order inside their node), so a pod coming or going moves only what
 * comes after it in its own node. Pure geometry; the page's only say is the node count past which
 * nodes collapse to summaries.
 */
import type { NetNodeView, NetPodView, NetworkView } from '../../sim/network/view/types';
import { translate } from '../i18n';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export type DeviceKind = 'eth0' | 'cni0' | 'vxlan' | 'ipvs' | 'stack';

export interface DeviceBox extends Box {
  /** the link's name (`stack`: the host's routing and netfilter, not a device) */
  name: string;
  kind: DeviceKind;
  sub: string;
}

export interface PodBox extends Box {
  key: string;
  name: string;
  ip: string;
  ports: string;
  containers: string;
  /** the pod's veth pair, drawn from the pod's eth0 down to the cni0 bus (or, routed, to the host's stack) */
  veth?: { host: string; pod: string; x: number; y1: number; y2: number };
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface NodeLayout extends Box {
  name: string;
  ip: string;
  up: boolean;
  podCIDR: string;
  hostPods: string[];
  pods: PodBox[];
  devices: DeviceBox[];
  /** wires inside the host: cni0's bus and spine, and the stack to each device */
  wires: Segment[];
  /** eth0 down to the node network */
  uplink: Segment;
  /** collapsed: the pod count instead of pod boxes */
  summary?: string;
}

export interface TunnelLayout {
  /** `a|b`, names in order */
  id: string;
  kind: 'vxlan' | 'host-gw';
  a: string;
  b: string;
  d: string;
}

export interface ServiceLayout extends Box {
  key: string;
  name: string;
  vip: string;
  ports: string;
  edges: { to: string; ready: boolean; d: string }[];
}

export interface NetworkLayout {
  collapsed: boolean;
  /** how nodes reach each other's pods: through VXLAN tunnels or host-gw routes */
  settingsBackend: 'vxlan' | 'host-gw';
  nodes: NodeLayout[];
  underlays: Segment[];
  trunk?: Segment;
  router: Box & { label: string; sub: string };
  tunnels: TunnelLayout[];
  services: ServiceLayout[];
  /** where a packet sits: `node|host|dev`, `node|host`, `node|pod|ns/name`, `outside` */
  anchors: Map<string, Point>;
  bounds: Box;
}

/** Above this many nodes each node is drawn as a summary box. */
export const COLLAPSE_ABOVE = 20;
/** Tunnels between every pair of nodes are drawn up to this many nodes (beyond: only the active one). */
export const ALL_TUNNELS_UP_TO = 8;

const PAD = 12;
const POD_W = 150;
const POD_H = 62;
const POD_GAP = 10;
const PODS_PER_ROW = 2;
const VETH_H = 28;
const SPINE_X = PAD + 6;
const NODE_W = SPINE_X + 10 + PODS_PER_ROW * POD_W + (PODS_PER_ROW - 1) * POD_GAP + PAD;
const HEADER_H = 44;
const HOSTPODS_H = 18;
const BAR_H = 24;
const DEV_H = 40;
const COL_GAP = 60;
const ROW_GAP = 110;
const UNDERLAY_DY = 44;
const SVC_W = 190;
const SVC_H = 50;
const SVC_GAP = 24;
const SVC_ROW_H = SVC_H + 90;
const SMALL_W = 180;
const SMALL_H = 84;

/** `worker-2` before `worker-10`. */
export const naturalCompare: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true }).compare;

const short = (key: string): string => key.slice(key.indexOf('/') + 1);
const anchorKey = (node: string, netns: string, dev?: string): string => (dev ? `${node}|${netns}|${dev}` : `${node}|${netns}`);
export const hostAnchor = (node: string, dev?: string): string => anchorKey(node, 'host', dev);
export const podAnchor = (node: string, pod: string): string => `${node}|pod|${pod}`;

const curve = (a: Point, b: Point): string => {
  const my = (a.y + b.y) / 2;
  return `M${a.x},${a.y} C${a.x},${my} ${b.x},${my} ${b.x},${b.y}`;
};

function podBoxes(pods: NetPodView[], top: number): { boxes: PodBox[]; wires: Segment[]; bottom: number } {
  const boxes: PodBox[] = [];
  const wires: Segment[] = [];
  const rows = Math.ceil(pods.length / PODS_PER_ROW);
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    const row = Math.floor(i / PODS_PER_ROW);
    const col = i % PODS_PER_ROW;
    const x = SPINE_X + 10 + col * (POD_W + POD_GAP);
    const y = top + row * (POD_H + VETH_H);
    const vx = x + POD_W / 2;
    boxes.push({
      key: p.key,
      name: short(p.key),
      ip: p.ip ?? '',
      ports: p.listening.join(' '),
      containers: p.containers.join(', '),
      x,
      y,
      w: POD_W,
      h: POD_H,
      ...(p.hostVeth ? { veth: { host: p.hostVeth, pod: p.podIfname ?? 'eth0', x: vx, y1: y + POD_H, y2: y + POD_H + VETH_H - 6 } } : {}),
    });
  }
  for (let r = 0; r < rows; r++) {
    const busY = top + r * (POD_H + VETH_H) + POD_H + VETH_H - 6;
    const inRow = Math.min(PODS_PER_ROW, pods.length - r * PODS_PER_ROW);
    wires.push({ x1: SPINE_X, y1: busY, x2: SPINE_X + 10 + (inRow - 1) * (POD_W + POD_GAP) + POD_W / 2, y2: busY });
  }
  return { boxes, wires, bottom: top + rows * (POD_H + VETH_H) };
}

/** One node, drawn at the origin (moved into place by the caller). */
function fullNode(n: NetNodeView, mode: NetworkView['settings']): Omit<NodeLayout, 'x' | 'y'> {
  const boxPods = n.pods.filter((p) => !p.hostNetwork).sort((a, b) => naturalCompare(a.key, b.key));
  const hostPods = n.pods.filter((p) => p.hostNetwork).map((p) => short(p.key)).sort(naturalCompare);
  const link = (name: string) => n.links.find((l) => l.name === name);
  let y = HEADER_H + (hostPods.length ? HOSTPODS_H : 0);
  const { boxes, wires, bottom } = podBoxes(boxPods, y);
  y = bottom + (boxPods.length ? 0 : 4);
  const devices: DeviceBox[] = [];
  const cni0 = link('cni0');
  const inner = NODE_W - 2 * PAD;
  if (cni0) {
    devices.push({ name: 'cni0', kind: 'cni0', sub: `bridge ${cni0.addresses[0] ?? ''}`.trim(), x: PAD, y, w: inner, h: BAR_H });
    if (boxPods.length) wires.push({ x1: SPINE_X, y1: HEADER_H + (hostPods.length ? HOSTPODS_H : 0) + POD_H + VETH_H - 6, x2: SPINE_X, y2: y });
    y += BAR_H + 14;
  }
  const stack: DeviceBox = { name: 'stack', kind: 'stack', sub: translate('network.layout.stack'), x: PAD, y, w: inner, h: BAR_H };
  devices.push(stack);
  if (cni0) wires.push({ x1: PAD + inner / 2, y1: y - 14, x2: PAD + inner / 2, y2: y });
  // Routed veths (canal's cali…): no bridge, each pod's veth ends in the host's own stack, which routes
  // between them.
  else if (boxPods.length) wires.push({ x1: SPINE_X, y1: HEADER_H + (hostPods.length ? HOSTPODS_H : 0) + POD_H + VETH_H - 6, x2: SPINE_X, y2: y });
  y += BAR_H + 14;
  const row: DeviceBox[] = [];
  const vx = link('flannel.1');
  if (vx) row.push({ name: 'flannel.1', kind: 'vxlan', sub: vx.vxlan ? `vxlan ${vx.vxlan.vni} :${vx.vxlan.port}` : 'vxlan', x: 0, y, w: 0, h: DEV_H });
  else if (mode.backend === 'host-gw') row.push({ name: 'host-gw', kind: 'vxlan', sub: translate('network.layout.hostGw'), x: 0, y, w: 0, h: DEV_H });
  const ipvs = link('kube-ipvs0');
  if (ipvs) row.push({ name: 'kube-ipvs0', kind: 'ipvs', sub: translate('network.layout.ipvs', { count: ipvs.addresses.length }), x: 0, y, w: 0, h: DEV_H });
  const eth0 = link('eth0');
  row.push({ name: 'eth0', kind: 'eth0', sub: eth0?.addresses[0] ?? n.ip, x: 0, y, w: 0, h: DEV_H });
  const w = (inner - (row.length - 1) * 8) / row.length;
  row.forEach((d, i) => {
    d.x = PAD + i * (w + 8);
    d.w = w;
    wires.push({ x1: d.x + w / 2, y1: stack.y + BAR_H, x2: d.x + w / 2, y2: y });
  });
  devices.push(...row);
  const h = y + DEV_H + PAD;
  const e = row.at(-1)!;
  return {
    name: n.name,
    ip: n.ip,
    up: n.up,
    podCIDR: n.podCIDR ?? '',
    hostPods,
    pods: boxes,
    devices,
    wires,
    w: NODE_W,
    h,
    uplink: { x1: e.x + e.w / 2, y1: h - PAD, x2: e.x + e.w / 2, y2: h },
  };
}

function smallNode(n: NetNodeView): Omit<NodeLayout, 'x' | 'y'> {
  const pods = n.pods.filter((p) => !p.hostNetwork).length;
  const devs = ['cni0', 'flannel.1', 'kube-ipvs0'].filter((d) => n.links.some((l) => l.name === d));
  return {
    name: n.name,
    ip: n.ip,
    up: n.up,
    podCIDR: n.podCIDR ?? '',
    hostPods: [],
    pods: [],
    devices: [],
    wires: [],
    w: SMALL_W,
    h: SMALL_H,
    uplink: { x1: SMALL_W / 2, y1: SMALL_H, x2: SMALL_W / 2, y2: SMALL_H },
    summary: `${translate('network.layout.pods', { count: pods })}${devs.length ? ` · ${devs.join(' ')}` : ''}`,
  };
}

const move = <T extends Box>(b: T, dx: number, dy: number): T => ({ ...b, x: b.x + dx, y: b.y + dy });
const moveSeg = (s: Segment, dx: number, dy: number): Segment => ({ x1: s.x1 + dx, y1: s.y1 + dy, x2: s.x2 + dx, y2: s.y2 + dy });

export function layoutNetwork(view: NetworkView, collapseAbove = COLLAPSE_ABOVE): NetworkLayout {
  const sorted = [...view.nodes].sort((a, b) => naturalCompare(a.name, b.name));
  const collapsed = sorted.length > collapseAbove;
  const cols = Math.max(1, collapsed ? Math.ceil(Math.sqrt(sorted.length * 2)) : Math.ceil(Math.sqrt(sorted.length)));
  const drawn = sorted.map((n) => (collapsed ? smallNode(n) : fullNode(n, view.settings)));
  const cellW = (collapsed ? SMALL_W : NODE_W) + (collapsed ? 24 : COL_GAP);
  const anchors = new Map<string, Point>();
  const nodes: NodeLayout[] = [];
  const underlays: Segment[] = [];
  const top = view.services.length ? SVC_ROW_H : 0;
  let y = top;
  for (let r = 0; r * cols < drawn.length; r++) {
    const rowNodes = drawn.slice(r * cols, (r + 1) * cols);
    const rowH = Math.max(...rowNodes.map((n) => n.h));
    const barY = y + rowH + UNDERLAY_DY;
    rowNodes.forEach((n, c) => {
      const dx = c * cellW;
      const dy = y;
      const placed: NodeLayout = {
        ...n,
        x: dx,
        y: dy,
        pods: n.pods.map((p) => ({ ...move(p, dx, dy), ...(p.veth ? { veth: { ...p.veth, x: p.veth.x + dx, y1: p.veth.y1 + dy, y2: p.veth.y2 + dy } } : {}) })),
        devices: n.devices.map((d) => move(d, dx, dy)),
        wires: n.wires.map((s) => moveSeg(s, dx, dy)),
        uplink: { x1: n.uplink.x1 + dx, y1: n.uplink.y1 + dy, x2: n.uplink.x2 + dx, y2: barY },
      };
      nodes.push(placed);
      const center = { x: dx + n.w / 2, y: dy + n.h / 2 };
      anchors.set(hostAnchor(n.name), center);
      for (const d of placed.devices) anchors.set(d.kind === 'stack' ? hostAnchor(n.name) : hostAnchor(n.name, d.name), { x: d.x + d.w / 2, y: d.y + d.h / 2 });
      for (const p of placed.pods) {
        anchors.set(podAnchor(n.name, p.key), { x: p.x + p.w / 2, y: p.y + p.h / 2 });
        if (p.veth) anchors.set(hostAnchor(n.name, p.veth.host), { x: p.veth.x, y: (p.veth.y1 + p.veth.y2) / 2 });
      }
      if (collapsed) for (const p of sorted[r * cols + c]!.pods) anchors.set(podAnchor(n.name, p.key), center);
    });
    underlays.push({ x1: -150, y1: barY, x2: (rowNodes.length - 1) * cellW + (collapsed ? SMALL_W : NODE_W) + 20, y2: barY });
    y = barY + ROW_GAP - UNDERLAY_DY + 20;
  }
  const s = view.settings;
  const firstBar = underlays[0]?.y1 ?? top;
  const router = { x: -150 - 70, y: firstBar - 74, w: 140, h: 46, label: translate('network.layout.router', { gateway: s.gateway }), sub: translate('network.layout.toOutside') };
  anchors.set('outside', { x: router.x + router.w / 2, y: router.y + router.h / 2 });
  const trunk = underlays.length > 1 ? { x1: -150, y1: firstBar, x2: -150, y2: underlays.at(-1)!.y1 } : undefined;

  // Tunnels (or host-gw routes) between each pair of nodes that know each other, drawn under the bars.
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const tunnels: TunnelLayout[] = [];
  const seen = new Set<string>();
  for (const n of sorted) {
    // Past ALL_TUNNELS_UP_TO nodes only the tunnel a packet crosses is drawn (tunnelBetween).
    if (sorted.length > ALL_TUNNELS_UP_TO) break;
    for (const p of n.peers) {
      const [a, b] = [n.name, p.node].sort(naturalCompare) as [string, string];
      const id = `${a}|${b}`;
      if (seen.has(id) || !byName.has(p.node)) continue;
      seen.add(id);
      tunnels.push(tunnel(anchors, byName, a, b, p.via));
    }
  }

  // Services in a row above the nodes, each with a line to every endpoint (its pod, or the node it is).
  const nodeByIP = new Map(sorted.map((n) => [n.ip, n.name]));
  const services: ServiceLayout[] = [...view.services]
    .sort((a, b) => naturalCompare(a.key, b.key))
    .map((svc, i) => {
      const box = { x: i * (SVC_W + SVC_GAP), y: 0, w: SVC_W, h: SVC_H };
      const from = { x: box.x + SVC_W / 2, y: SVC_H };
      const edges = svc.endpoints.flatMap((e) => {
        const hostNode = nodeByIP.get(e.ip);
        const target = e.pod && e.node ? (anchors.get(podAnchor(e.node, e.pod)) ? podBox(nodes, e.node, e.pod) : undefined) : undefined;
        let to: Point | undefined;
        let label: string;
        if (target) {
          to = { x: target.x + target.w / 2, y: target.y };
          label = e.pod!;
        } else if (hostNode) {
          const n = byName.get(hostNode)!;
          to = { x: n.x + n.w / 2, y: n.y };
          label = hostNode;
        } else if (e.node && byName.has(e.node)) {
          const n = byName.get(e.node)!;
          to = { x: n.x + n.w / 2, y: n.y };
          label = e.pod ?? e.ip;
        } else return [];
        return [{ to: label, ready: e.ready, d: curve(from, to) }];
      });
      const port = svc.ports.map((p) => `${p.port}/${p.protocol.toLowerCase()}${p.nodePort ? `:${p.nodePort}` : ''}`).join(' ');
      return { ...box, key: svc.key, name: short(svc.key), vip: svc.clusterIP ?? '', ports: port, edges };
    });
  for (const svc of services) anchors.set(`svc|${svc.key}`, { x: svc.x + svc.w / 2, y: svc.y + svc.h / 2 });

  const maxX = Math.max(router.x + router.w, ...nodes.map((n) => n.x + n.w), ...services.map((s) => s.x + s.w), ...underlays.map((u) => u.x2));
  const maxY = Math.max(...nodes.map((n) => n.uplink.y2 + 70), top + 10);
  const minX = router.x;
  return { collapsed, settingsBackend: view.settings.backend, nodes, underlays, ...(trunk ? { trunk } : {}), router, tunnels, services, anchors, bounds: { x: minX - 10, y: -10, w: maxX - minX + 20, h: maxY + 20 } };
}

function tunnel(anchors: Map<string, Point>, byName: Map<string, NodeLayout>, a: string, b: string, via: 'vxlan' | 'host-gw'): TunnelLayout {
  const dev = via === 'vxlan' ? 'flannel.1' : 'eth0';
  const pa = anchors.get(hostAnchor(a, dev)) ?? anchors.get(hostAnchor(a))!;
  const pb = anchors.get(hostAnchor(b, dev)) ?? anchors.get(hostAnchor(b))!;
  const below = Math.max(byName.get(a)!.uplink.y2, byName.get(b)!.uplink.y2) + 14 + Math.abs(pa.x - pb.x) * 0.08;
  const dy = byName.get(a)!.summary ? 0 : DEV_H / 2;
  return { id: `${a}|${b}`, kind: via, a, b, d: `M${pa.x},${pa.y + dy} C${pa.x},${below} ${pb.x},${below} ${pb.x},${pb.y + dy}` };
}

/** The tunnel (or host-gw route) between two nodes, for the packet crossing it when not all are drawn. */
export function tunnelBetween(layout: NetworkLayout, a: string, b: string, via: 'vxlan' | 'host-gw'): TunnelLayout | undefined {
  const byName = new Map(layout.nodes.map((n) => [n.name, n]));
  if (!byName.has(a) || !byName.has(b)) return undefined;
  const [x, y] = [a, b].sort(naturalCompare) as [string, string];
  return tunnel(layout.anchors, byName, x, y, via);
}

function podBox(nodes: NodeLayout[], node: string, pod: string): PodBox | undefined {
  return nodes.find((n) => n.name === node)?.pods.find((p) => p.key === pod);
}

/** Where a trace hop sits on the drawing: its device, its pod, its node, or outside. */
export function hopAnchor(layout: NetworkLayout, hop: { node: string; netns: string; dev?: string }): Point | undefined {
  if (hop.node === 'outside') return layout.anchors.get('outside');
  if (hop.netns !== 'host') return layout.anchors.get(podAnchor(hop.node, hop.netns)) ?? layout.anchors.get(hostAnchor(hop.node));
  return (hop.dev ? layout.anchors.get(hostAnchor(hop.node, hop.dev)) : undefined) ?? layout.anchors.get(hostAnchor(hop.node));
}
