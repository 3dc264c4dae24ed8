/**
 * The network drawn as it is wired: nodes with their devices and pods, the node network under them,
 * the tunnels (or host-gw routes) between nodes, Services above with lines to their endpoints, and the
 * traced packet where the current hop is. Positions come from layoutNetwork; d3-zoom pans and zooms.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { select, zoom, zoomIdentity, zoomTransform } from 'd3';
import type { ZoomBehavior } from 'd3';
import type { NetworkLayout, Point } from './layout';
import { ALL_TUNNELS_UP_TO, tunnelBetween } from './layout';
import { useT } from '../i18n';

export interface TopologyProps {
  layout: NetworkLayout;
  selected: string | null;
  onSelect(node: string): void;
  /** the traced packet's place, the node it is on and the link it crosses */
  packet?: { at: Point; label: string; node: string; crossing?: string; kind: string; focus?: { a: Point; b: Point } };
}

/** The scale the view zooms in to (at least) when it follows the packet. */
const FOLLOW_SCALE = 0.75;

/** kubectl's short name for a Service, and a pod's interface as `ip addr` in the pod names it. */
const SVC = 'svc';
const POD_IF = 'eth0';

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function Topology({ layout, selected, onSelect, packet }: TopologyProps) {
  const tr = useT();
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const fitted = useRef('');
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (e: { transform: { toString(): string } }) => gRef.current?.setAttribute('transform', e.transform.toString()));
    zoomRef.current = z;
    select(svg).call(z).on('dblclick.zoom', null);
    return () => {
      select(svg).on('.zoom', null);
    };
  }, []);

  const fit = (): void => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    const { width, height } = svg.getBoundingClientRect();
    if (!width || !height) return;
    const b = layout.bounds;
    const k = Math.min(width / b.w, height / b.h, 1.2);
    const t = zoomIdentity.translate((width - b.w * k) / 2 - b.x * k, (height - b.h * k) / 2 - b.y * k).scale(k);
    select(svg).call(z.transform, t);
  };

  // Fit the drawing on first sight and whenever the set of nodes changes, not on every pod.
  const shape = `${layout.nodes.length}:${layout.collapsed}:${layout.services.length > 0}`;
  useEffect(() => {
    if (fitted.current === shape) return;
    fitted.current = shape;
    fit();
  });

  // Following the packet: each hop pans (and zooms in if need be) to where the packet is.
  // Crossing between nodes, both ends are kept in sight.
  const f = packet?.focus ?? (packet ? { a: packet.at, b: packet.at } : undefined);
  const [ax, ay, bx, by] = f ? [f.a.x, f.a.y, f.b.x, f.b.y] : [];
  useEffect(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!follow || ax === undefined || ay === undefined || bx === undefined || by === undefined || !svg || !z) return;
    const { width, height } = svg.getBoundingClientRect();
    const k = Math.min(Math.max(zoomTransform(svg).k, FOLLOW_SCALE), width / (Math.abs(ax - bx) + (f === packet?.focus ? 420 : 160)), height / (Math.abs(ay - by) + 160));
    const [cx, cy] = [(ax + bx) / 2, (ay + by) / 2];
    select(svg).transition().duration(300).call(z.transform, zoomIdentity.translate(width / 2 - cx * k, height / 2 - cy * k).scale(k));
  }, [follow, ax, ay, bx, by]);

  const onKey = (e: KeyboardEvent<SVGSVGElement>): void => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    const pan: Record<string, [number, number]> = { ArrowLeft: [60, 0], ArrowRight: [-60, 0], ArrowUp: [0, 60], ArrowDown: [0, -60] };
    if (e.key === '+' || e.key === '=') select(svg).call(z.scaleBy, 1.25);
    else if (e.key === '-') select(svg).call(z.scaleBy, 0.8);
    else if (e.key === '0') fit();
    else if (pan[e.key]) select(svg).call(z.translateBy, ...pan[e.key]!);
    else return;
    e.preventDefault();
  };

  const showAll = layout.nodes.length <= ALL_TUNNELS_UP_TO;
  const [ca, cb] = packet?.crossing?.split('|') ?? [];
  const crossing = !showAll && ca && cb ? tunnelBetween(layout, ca, cb, layout.settingsBackend) : undefined;
  return (
    <div className="net-topology">
      <svg ref={svgRef} className="net-svg" role="img" aria-label={tr('network.topology')} tabIndex={0} onKeyDown={onKey} data-testid="net-svg">
        <defs>
          <marker id="net-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="net-arrowhead" />
          </marker>
        </defs>
        <g ref={gRef}>
          {(showAll ? layout.tunnels : crossing ? [crossing] : [])
            .map((t) => (
              <path key={t.id} d={t.d} className={`net-tunnel ${t.kind}${t.id === packet?.crossing ? ' active' : ''}`} data-tunnel={t.id}>
                <title>{t.kind === 'vxlan' ? tr('network.vxlanTunnel', { a: t.a, b: t.b }) : tr('network.hostGwRoute', { a: t.a, b: t.b })}</title>
              </path>
            ))}
          {layout.underlays.map((u, i) => (
            <g key={i}>
              <line x1={u.x1} y1={u.y1} x2={u.x2} y2={u.y2} className="net-underlay" />
              {i === 0 && (
                <text x={u.x1 + 4} y={u.y1 - 8} className="net-label small">
                  {tr('network.nodeNetwork')}
                </text>
              )}
            </g>
          ))}
          {layout.trunk && <line x1={layout.trunk.x1} y1={layout.trunk.y1} x2={layout.trunk.x2} y2={layout.trunk.y2} className="net-underlay" />}
          <g className="net-router" data-testid="net-router">
            <rect x={layout.router.x} y={layout.router.y} width={layout.router.w} height={layout.router.h} rx={8} />
            <text x={layout.router.x + 8} y={layout.router.y + 19} className="net-label strong">{layout.router.label}</text>
            <text x={layout.router.x + 8} y={layout.router.y + 36} className="net-label small">{layout.router.sub}</text>
            <line x1={layout.router.x + layout.router.w / 2} y1={layout.router.y + layout.router.h} x2={layout.router.x + layout.router.w / 2} y2={layout.underlays[0]?.y1 ?? 0} className="net-underlay thin" />
          </g>
          {layout.services.map((s) => (
            <g key={s.key} className="net-service" data-kind="service" data-name={s.key}>
              {s.edges.map((e, i) => (
                <path key={i} d={e.d} className={`net-endpoint${e.ready ? '' : ' unready'}`}>
                  <title>{`${s.key} → ${e.to}`}</title>
                </path>
              ))}
              <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={10} />
              <text x={s.x + 10} y={s.y + 20} className="net-label strong">{`${SVC} ${clip(s.name, 20)}`}</text>
              <text x={s.x + 10} y={s.y + 38} className="net-label mono">{clip(`${s.vip} ${s.ports}`, 28)}</text>
            </g>
          ))}
          {layout.nodes.map((n) => (
            <g key={n.name} className={`net-node${n.up ? '' : ' down'}${selected === n.name ? ' selected' : ''}${packet?.node === n.name ? ' traced' : ''}`} data-kind="net-node" data-name={n.name}>
              <line x1={n.uplink.x1} y1={n.uplink.y1} x2={n.uplink.x2} y2={n.uplink.y2} className="net-uplink" />
              <rect
                x={n.x}
                y={n.y}
                width={n.w}
                height={n.h}
                rx={12}
                className="net-node-box"
                role="button"
                tabIndex={0}
                aria-label={tr('network.openNode', { node: n.name })}
                aria-pressed={selected === n.name}
                onClick={() => onSelect(n.name)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(n.name);
                  }
                }}
              />
              <text x={n.x + 12} y={n.y + 20} className="net-label strong pointer-none">{n.name}{n.up ? '' : tr('network.off')}</text>
              <text x={n.x + 12} y={n.y + 37} className="net-label small mono pointer-none">{n.summary ?? tr('network.nodeLine', { ip: n.ip, cidr: n.podCIDR })}</text>
              {n.hostPods.length > 0 && (
                <text x={n.x + 12} y={n.y + 54} className="net-label small pointer-none">
                  {clip(`hostNetwork: ${n.hostPods.join(', ')}`, 52)}
                  <title>{n.hostPods.join('\n')}</title>
                </text>
              )}
              {n.wires.map((w, i) => (
                <line key={i} x1={w.x1} y1={w.y1} x2={w.x2} y2={w.y2} className="net-wire" />
              ))}
              {n.pods.map((p) => (
                <g key={p.key} className="net-pod" data-kind="net-pod" data-name={p.key}>
                  {p.veth && (
                    <g className="net-veth" data-kind="veth" data-name={p.veth.host}>
                      <line x1={p.veth.x} y1={p.veth.y1} x2={p.veth.x} y2={p.veth.y2} />
                      <text x={p.veth.x + 5} y={p.veth.y1 + 15} className="net-label tiny mono">{p.veth.host}</text>
                    </g>
                  )}
                  <rect x={p.x} y={p.y} width={p.w} height={p.h} rx={8} />
                  <text x={p.x + 8} y={p.y + 16} className="net-label strong small">{clip(p.name, 19)}<title>{p.key}</title></text>
                  <text x={p.x + 8} y={p.y + 32} className="net-label small mono">{`${POD_IF} ${p.ip}`}</text>
                  <text x={p.x + 8} y={p.y + 48} className="net-label tiny">{clip([p.ports && `:${p.ports}`, p.containers].filter(Boolean).join(' · '), 24)}</text>
                </g>
              ))}
              {n.devices.map((d) => (
                <g key={d.name} className={`net-dev ${d.kind}`} data-kind="device" data-name={d.name}>
                  <rect x={d.x} y={d.y} width={d.w} height={d.h} rx={6} />
                  {d.kind === 'cni0' || d.kind === 'stack' ? (
                    <text x={d.x + 8} y={d.y + 16} className="net-label small">
                      {d.kind === 'cni0' && <tspan className="strong">{d.name} </tspan>}
                      {d.sub}
                    </text>
                  ) : (
                    <>
                      <text x={d.x + 6} y={d.y + 16} className="net-label strong small">{d.name}</text>
                      <text x={d.x + 6} y={d.y + 32} className="net-label tiny mono">{clip(d.sub, Math.floor(d.w / 6))}</text>
                    </>
                  )}
                </g>
              ))}
            </g>
          ))}
          {packet && (
            <g className={`net-packet ${packet.kind}`} transform={`translate(${packet.at.x},${packet.at.y})`} data-testid="net-packet">
              <circle r={11} />
              <text y={4} textAnchor="middle" className="net-packet-glyph">✉</text>
              <text x={14} y={-12} className="net-label strong packet-label">{packet.label}</text>
            </g>
          )}
        </g>
      </svg>
      <div className="net-zoom" role="group" aria-label={tr('network.zoom')}>
        <button type="button" onClick={() => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.scaleBy, 1.25)} aria-label={tr('network.zoomIn')}>+</button>
        <button type="button" onClick={() => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.scaleBy, 0.8)} aria-label={tr('network.zoomOut')}>−</button>
        <button type="button" onClick={fit}>
          {tr('network.fit')}
        </button>
        {packet && (
          <label className="net-follow">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {tr('network.followPacket')}
          </label>
        )}
      </div>
    </div>
  );
}
