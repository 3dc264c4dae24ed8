/**
 * Reading a packet trace at one hop for the step-through: the headers as they stand after the NATs so
 * far (and the outer header while encapsulated), the line of the node's panel that decided the hop,
 * and which tunnel between two nodes the packet is crossing. All read from the hops the core wrote.
 */
import type { Hop } from '../../sim/network/traffic/hop';
import type { PacketTrace } from '../../sim/network/traffic/trace';
import type { NodeInsidesTab } from '../../sim/network/view/types';

export interface HeadersAt {
  /** where the packet was sent, as the source addressed it */
  sentTo: string;
  /** the NAT hops up to and including this one, oldest first */
  nats: Hop[];
  /** the outer header while the packet is inside a VXLAN tunnel */
  outer?: string;
  /** the reply is on its way back */
  reply: boolean;
}

export function headersAt(trace: PacketTrace, index: number): HeadersAt {
  let nats: Hop[] = [];
  let outer: string | undefined;
  let reply = false;
  let sentTo = trace.to ?? trace.destination;
  for (let i = 0; i <= index && i < trace.hops.length; i++) {
    const h = trace.hops[i]!;
    // A proxy's second connection is a new packet, sent from the proxy to the upstream.
    const second = h.kind === 'proxy' ? /^— second connection: .* → (\S+) —$/.exec(h.text) : null;
    if (second) {
      nats = [];
      outer = undefined;
      reply = false;
      sentTo = second[1]!;
    } else if (h.kind === 'nat') nats.push(h);
    else if (h.kind === 'encap') outer = /outer (.+)$/.exec(h.text)?.[1] ?? h.text;
    else if (h.kind === 'decap') outer = undefined;
    else if (h.kind === 'deliver' && h.text === '— reply —') reply = true;
  }
  return { sentTo, nats, ...(outer ? { outer } : {}), reply };
}

/** The line of the node's panel that moved the packet at this hop, when the panel shows it. */
export function highlightFor(hop: Hop): { tab: NodeInsidesTab; line: string } | undefined {
  if (hop.kind === 'rule' && hop.rule) return { tab: hop.table === 'filter' ? 'iptables-save filter' : 'iptables-save nat', line: hop.rule };
  if (hop.kind === 'route' && hop.netns === 'host') {
    // `route: DST → ROUTE`: ROUTE is the line as `ip route` prints it.
    const m = /^route: \S+ → (.+)$/.exec(hop.text);
    if (m) return { tab: 'ip route', line: m[1]! };
  }
  if (hop.kind === 'ipvs') return { tab: 'ipvsadm -Ln', line: hop.text };
  return undefined;
}

/** The two nodes whose link the packet is on at this hop (leaving one node for another), if any. */
export function crossingAt(trace: PacketTrace, index: number): { from: string; to: string } | undefined {
  const h = trace.hops[index];
  if (!h || (h.kind !== 'encap' && h.kind !== 'wire' && h.kind !== 'decap')) return undefined;
  if (h.kind === 'decap') {
    for (let i = index - 1; i >= 0; i--) if (trace.hops[i]!.node !== h.node) return { from: trace.hops[i]!.node, to: h.node };
    return undefined;
  }
  for (let i = index + 1; i < trace.hops.length; i++) if (trace.hops[i]!.node !== h.node) return { from: h.node, to: trace.hops[i]!.node };
  return undefined;
}
