/**
 * tcpdump 4.99 (Ubuntu 24.04 nodes, netshoot): `tcpdump -i IFACE [-n|-nn] [-c N] [filter]` printing
 * the packets the simulation carries through an interface, one line each in its default (non -v)
 * form:
 *
 *   10:00:01.123456 IP 10.244.1.2.41234 > 10.96.0.10.53: 12345+ A? web.default.svc.cluster.local. (47)
 *   10:00:01.123789 IP 10.96.0.10.53 > 10.244.1.2.41234: 12345*- 1/0/0 A 10.96.12.3 (98)
 *   10:00:01.124001 IP 10.244.1.2.41234 > 10.96.12.3.80: Flags [S], seq 1, win 64860, options [...], length 0
 *
 * Sequence numbers after a connection's SYNs are printed relative to each side's initial sequence
 * number, as tcpdump does. VXLAN on UDP 8472 is decoded as OTV (tcpdump's name for that port) with
 * the inner frame on the next line. The banner and the capture counts go to stderr.
 *
 * Without -n, addresses would be resolved to names; here they stay numeric and only ports get their
 * service names (`http`, `domain`), which is what -n alone prints.
 */
import type { NetToolResult } from './host';
import { getopt } from './getopt';

export type TcpFlag = 'S' | 'F' | 'P' | 'R' | 'U' | '.';

export interface TcpSegment {
  proto: 'tcp';
  sport: number;
  dport: number;
  /** tcpdump's order: S F P R U, then `.` for ACK */
  flags: TcpFlag[];
  seq: number;
  ack?: number;
  win: number;
  /** `mss 1410`, `sackOK`, `TS val 123 ecr 0`, `nop`, `wscale 7` */
  options?: string[];
  /** payload bytes */
  length: number;
  /** the first line of an HTTP message in the payload */
  http?: string;
}

export interface DnsSummary {
  id: number;
  /** a query: RD set and the question; a response: flags, counts and answers */
  query?: { rd: boolean; type: string; name: string; edns?: boolean };
  response?: { aa: boolean; ra: boolean; rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'; an: number; ns: number; ar: number; answers: string[] };
  /** DNS message length */
  length: number;
}

export interface UdpDatagram {
  proto: 'udp';
  sport: number;
  dport: number;
  length: number;
  dns?: DnsSummary;
}

export interface IcmpMessage {
  proto: 'icmp';
  /** `echo request`/`echo reply` with id and seq, or an error about an earlier packet */
  kind: 'echo request' | 'echo reply' | 'host unreachable' | 'port unreachable' | 'net unreachable';
  id?: number;
  seq?: number;
  /** for errors: the original destination, and its protocol and port for port unreachable */
  about?: { dst: string; proto?: 'tcp' | 'udp'; port?: number };
  length: number;
}

export interface PacketRecord {
  /** wall-clock time of capture, µs since the epoch */
  timeUs: number;
  /** the interface it crossed, and which way (for `-i any`) */
  iface: string;
  direction: 'In' | 'Out';
  src: string;
  dst: string;
  l4: TcpSegment | UdpDatagram | IcmpMessage;
  /** flannel's VXLAN encapsulation when captured on the underlay (eth0): the outer UDP header */
  outer?: { src: string; dst: string; sport: number; vni: number };
}

const PORT_NAMES: Record<number, string> = { 80: 'http', 443: 'https', 53: 'domain', 22: 'ssh', 8080: 'http-alt', 6443: 'sun-sr-https', 10250: '10250' };
const HTTP_PORTS = new Set([80, 8080, 3128, 8000]);
const RCODE_TEXT: Record<string, string> = { NOERROR: '', NXDOMAIN: ' NXDomain', SERVFAIL: ' ServFail', REFUSED: ' Refused' };

function clock(timeUs: number): string {
  const d = new Date(Math.floor(timeUs / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(timeUs % 1_000_000).padStart(6, '0')}`;
}

/** Relative sequence numbers: each side's ISN as its SYN showed it. */
class SeqTracker {
  private isn = new Map<string, number>();
  line(src: string, dst: string, s: TcpSegment): string {
    const from = `${src}.${s.sport}`;
    const to = `${dst}.${s.dport}`;
    const syn = s.flags.includes('S');
    if (syn) this.isn.set(from, s.seq);
    const mine = syn ? undefined : this.isn.get(from);
    const theirs = syn ? undefined : this.isn.get(to);
    const seq = mine === undefined ? s.seq : (s.seq - mine) >>> 0;
    const ack = s.ack === undefined ? undefined : theirs === undefined ? s.ack : (s.ack - theirs) >>> 0;
    let out = `Flags [${s.flags.join('')}]`;
    if (s.length > 0 || s.flags.some((f) => f === 'S' || f === 'F' || f === 'R')) {
      out += `, seq ${seq}`;
      if (s.length > 0) out += `:${(seq + s.length) >>> 0}`;
    }
    if (ack !== undefined && s.flags.includes('.')) out += `, ack ${ack}`;
    out += `, win ${s.win}`;
    if (s.options?.length) out += `, options [${s.options.join(',')}]`;
    out += `, length ${s.length}`;
    if (s.http && s.length > 0 && (HTTP_PORTS.has(s.sport) || HTTP_PORTS.has(s.dport))) out += `: HTTP: ${s.http}`;
    return out;
  }
}

function dnsText(d: DnsSummary): string {
  if (d.query) return `${d.id}${d.query.rd ? '+' : ''}${d.query.edns ? ' [1au]' : ''} ${d.query.type}? ${d.query.name} (${d.length})`;
  const r = d.response!;
  const answers = r.answers.map((a) => ` ${a}`).join(r.answers.length > 1 ? ',' : '');
  return `${d.id}${RCODE_TEXT[r.rcode]}${r.aa ? '*' : ''}${r.ra ? '' : '-'} ${r.an}/${r.ns}/${r.ar}${answers} (${d.length})`;
}

function icmpText(m: IcmpMessage): string {
  switch (m.kind) {
    case 'echo request':
    case 'echo reply':
      return `ICMP ${m.kind}, id ${m.id}, seq ${m.seq}, length ${m.length}`;
    case 'port unreachable':
      return `ICMP ${m.about!.dst} ${m.about!.proto} port ${m.about!.port} unreachable, length ${m.length}`;
    case 'host unreachable':
      return `ICMP host ${m.about!.dst} unreachable, length ${m.length}`;
    case 'net unreachable':
      return `ICMP net ${m.about!.dst} unreachable, length ${m.length}`;
  }
}

function ipLine(p: Pick<PacketRecord, 'src' | 'dst' | 'l4'>, ports: (n: number) => string, seqs: SeqTracker): string {
  const l4 = p.l4;
  if (l4.proto === 'icmp') return `IP ${p.src} > ${p.dst}: ${icmpText(l4)}`;
  const head = `IP ${p.src}.${ports(l4.sport)} > ${p.dst}.${ports(l4.dport)}: `;
  if (l4.proto === 'tcp') return head + seqs.line(p.src, p.dst, l4);
  if (l4.dns && (l4.sport === 53 || l4.dport === 53)) return head + dnsText(l4.dns);
  return `${head}UDP, length ${l4.length}`;
}

/** One packet as tcpdump prints it (the VXLAN form takes two lines). */
export function formatPacket(p: PacketRecord, opts: { numericPorts: boolean; any: boolean }, seqs = new SeqTracker()): string {
  const ports = (n: number) => (opts.numericPorts ? String(n) : PORT_NAMES[n] ?? String(n));
  const prefix = `${clock(p.timeUs)} ${opts.any ? `${p.iface.padEnd(5)} ${p.direction === 'In' ? 'In ' : 'Out'} ` : ''}`;
  if (p.outer) {
    const inner = ipLine(p, ports, seqs);
    return `${prefix}IP ${p.outer.src}.${ports(p.outer.sport)} > ${p.outer.dst}.${ports(8472)}: OTV, flags [I] (0x08), overlay 0, instance ${p.outer.vni}\n${inner}\n`;
  }
  return `${prefix}${ipLine(p, ports, seqs)}\n`;
}

type Filter = (p: PacketRecord) => boolean;

/** The pcap-filter primitives learners type: tcp, udp, icmp, [src|dst] host A, [src|dst] port N, joined by `and`. */
function parseFilter(words: string[]): Filter | undefined {
  const parts: Filter[] = [];
  let i = 0;
  const portsOf = (p: PacketRecord): [number, number] | undefined => (p.l4.proto === 'icmp' ? undefined : [p.l4.sport, p.l4.dport]);
  while (i < words.length) {
    let w = words[i++]!;
    if (w === 'and' || w === '&&') continue;
    let dir: 'src' | 'dst' | undefined;
    if (w === 'src' || w === 'dst') {
      dir = w;
      w = words[i++] ?? '';
    }
    if (w === 'tcp' || w === 'udp' || w === 'icmp') {
      const proto = w;
      parts.push((p) => p.l4.proto === proto);
    } else if (w === 'host') {
      const a = words[i++];
      if (!a) return undefined;
      parts.push((p) => (dir === 'src' ? p.src === a : dir === 'dst' ? p.dst === a : p.src === a || p.dst === a));
    } else if (w === 'port') {
      const n = Number(words[i++]);
      if (!Number.isInteger(n)) return undefined;
      parts.push((p) => {
        const ps = portsOf(p);
        return !!ps && (dir === 'src' ? ps[0] === n : dir === 'dst' ? ps[1] === n : ps.includes(n));
      });
    } else return undefined;
  }
  return (p) => parts.every((f) => f(p));
}

export interface TcpdumpEnv {
  /** the namespace's interface names */
  interfaces: readonly string[];
  /** the packets that cross the namespace's interfaces from the moment tcpdump starts, in order */
  packets: readonly PacketRecord[];
  /** the first interface tcpdump picks with no -i (the first up, non-loopback one) */
  defaultInterface: string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function tcpdump(argv: readonly string[], env: TcpdumpEnv): NetToolResult {
  const parsed = getopt(argv, { flags: 'nvelqtSXAKN', withArg: 'icswWCGr' });
  if ('error' in parsed) {
    const msg = parsed.error === 'missing' ? `tcpdump: option requires an argument -- '${parsed.option}'` : `tcpdump: invalid option -- '${parsed.option.replace(/^-+/, '')}'`;
    return { stdout: '', stderr: `${msg}\nUsage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n`, exitCode: 1, durationMs: 0 };
  }
  let iface = env.defaultInterface;
  let count = Infinity;
  let nCount = 0;
  for (const o of parsed.opts) {
    if (o.key === 'i') iface = o.value!;
    else if (o.key === 'n') nCount++;
    else if (o.key === 'c') {
      const n = Number(o.value);
      if (!(Number.isInteger(n) && n > 0)) return { stdout: '', stderr: `tcpdump: invalid packet count ${o.value}\n`, exitCode: 1, durationMs: 0 };
      count = n;
    }
  }
  const any = iface === 'any';
  if (!any && !env.interfaces.includes(iface)) return { stdout: '', stderr: `tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`, exitCode: 1, durationMs: 0 };
  const filter = parseFilter(parsed.operands.flatMap((w) => w.split(/\s+/).filter(Boolean)));
  if (!filter) return { stdout: '', stderr: 'tcpdump: can\'t parse filter expression: syntax error\n', exitCode: 1, durationMs: 0 };
  let stderr = 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n';
  stderr += any ? 'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n' : `listening on ${iface}, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n`;
  const seqs = new SeqTracker();
  let stdout = '';
  let captured = 0;

  let lastUs: number | undefined;
  for (const p of env.packets) {
    if (captured >= count) break;
    if (!any && p.iface !== iface) continue;

    if (!filter(p)) continue;
    captured++;
    lastUs = p.timeUs;
    stdout += formatPacket(p, { numericPorts: nCount >= 2, any }, seqs);
  }
  stderr += `${plural(captured, 'packet')} captured\n${plural(captured, 'packet')} received by filter\n0 packets dropped by kernel\n`;
  const startUs = env.packets[0]?.timeUs;
  return { stdout, stderr, exitCode: 0, durationMs: lastUs !== undefined && startUs !== undefined ? Math.round((lastUs - startUs) / 1000) : 0 };
}
