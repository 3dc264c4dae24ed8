/**
 * Packet captures (tcpdump): a capture opened in a namespace of a machine receives every packet the
 * packet path carries across that namespace's devices from then on, as tcpdump would have seen it
 * there (addresses after the NAT done so far, VXLAN's outer header on the underlay). The machine
 * forgets its captures when the power goes.
 */
import { SIM_EPOCH_MS } from '../../clock';
import type { DataplaneSlot, Machine } from '../../node/machine';
import { formatIPv4 } from '../ipv4';
import type { PacketRecord, TcpFlag, TcpSegment } from '../tools/tcpdump';
import type { Fabric } from './fabric';
import type { Crossing, WirePacket } from './walk';

export interface Capture {
  readonly machine: Machine;
  readonly netns: string;
  readonly records: PacketRecord[];
}

class CaptureTap implements DataplaneSlot {
  readonly kind = 'capture';
  readonly captures: Capture[] = [];
}

export function startCapture(fabric: Fabric, machine: Machine, netns: string): Capture {
  const c: Capture = { machine, netns, records: [] };
  machine.slot<CaptureTap>('capture', () => new CaptureTap()).captures.push(c);
  fabric.captures++;
  return c;
}

export function stopCapture(fabric: Fabric, c: Capture): void {
  const tap = c.machine.peekSlot<CaptureTap>('capture');
  const i = tap?.captures.indexOf(c) ?? -1;
  if (i >= 0) tap!.captures.splice(i, 1);
  fabric.captures = Math.max(0, fabric.captures - 1);
}

/** The TCP header fields of one segment, beyond what the walk knew (ports come from the walk). */
export type TcpFields = Omit<TcpSegment, 'proto' | 'sport' | 'dport'>;

function flagsOf(s: string | undefined): TcpFlag[] {
  const out: TcpFlag[] = [];
  for (const f of ['S', 'F', 'P', 'R', 'U'] as const) if (s?.includes(f)) out.push(f);
  if (s?.includes('.')) out.push('.');
  return out;
}

function l4Of(p: WirePacket, tcp: TcpFields | undefined): PacketRecord['l4'] {
  if (p.proto === 'tcp') {
    const seg: TcpSegment = { proto: 'tcp', sport: p.sport, dport: p.dport, flags: tcp?.flags ?? flagsOf(p.tcpFlags), seq: tcp?.seq ?? 0, win: tcp?.win ?? 64240, length: tcp?.length ?? 0, ...(tcp?.ack !== undefined ? { ack: tcp.ack } : {}), ...(tcp?.options ? { options: tcp.options } : {}), ...(tcp?.http ? { http: tcp.http } : {}) };
    return seg;
  }
  if (p.proto === 'udp') return { proto: 'udp', sport: p.sport, dport: p.dport, length: Math.max(0, p.len - 28), ...(p.dns ? { dns: p.dns } : {}) };
  return { proto: 'icmp', kind: p.icmp === 'echo-reply' ? 'echo reply' : 'echo request', id: p.sport, seq: p.icmpSeq ?? 0, length: Math.max(0, p.len - 20) };
}

/** What tcpdump prints for a packet crossing a device. */
export function recordOf(x: Crossing, nowMs: number, extraMs: number, tcp?: TcpFields): PacketRecord {
  const p = x.pkt.inner ?? x.pkt;
  const timeUs = Math.round((SIM_EPOCH_MS + nowMs + x.offsetMs + extraMs) * 1000);
  return {
    timeUs,
    iface: x.dev,
    direction: x.dir,
    src: formatIPv4(p.src),
    dst: formatIPv4(p.dst),
    l4: l4Of(p, tcp),
    ...(x.pkt.inner ? { outer: { src: formatIPv4(x.pkt.src), dst: formatIPv4(x.pkt.dst), sport: x.pkt.sport, vni: 1 } } : {}),
  };
}

/** Hands the crossings of one packet to the captures open where it went. */
export function publish(crossings: readonly Crossing[], nowMs: number, extraMs = 0, tcp?: TcpFields): void {
  for (const x of crossings) {
    const tap = x.machine.peekSlot<CaptureTap>('capture');
    if (!tap) continue;
    for (const c of tap.captures) if (c.netns === x.netns) c.records.push(recordOf(x, nowMs, extraMs, tcp));
  }
}
