/**
 * A client in one namespace (a pod's, a node's) or outside the cluster, talking to an address the way
 * a program does: a TCP handshake, an HTTP request over it, a UDP datagram and its answer (DNS), an
 * ICMP echo. Each exchange walks the packet there and its reply back through the machines, so
 * conntrack, NAT and IPVS see both directions; the hops of both are kept for the trace.
 */
import { HOST_NETNS } from '../../node/machine';
import type { DnsMessage } from '../dns/message';
import type { PackedResponse } from '../dns/wire';
import { formatIPv4, parseIPv4 } from '../ipv4';
import type { Fabric } from './fabric';
import type { Hop } from './hop';
import type { ConnectOutcome, HttpOutcome, PingReply, TlsOptions } from './outcome';
import type { HttpRequest, HttpResponse, Listener, ServedCertificate } from './socket';
import { listenerFor } from './socket';
import type { Fate, Place, WirePacket, WireProto } from './walk';
import { netnsLabel, PacketWalk, placeOwner } from './walk';
import type { TcpFields } from './capture';
import { publish } from './capture';
import type { DnsSummary } from '../tools/tcpdump';
import { wireLength } from '../dns/wire';
import { rdataText } from '../dns/presentation';

/** Where the outside world's client sits: TEST-NET-3, beyond the node network's router. */
export const EXTERNAL_CLIENT_IP = '203.0.113.10';

/** How long a TCP connect waits before ETIMEDOUT when nothing answers (the SYN retries of a default socket). */
export const CONNECT_TIMEOUT_MS = 130_000;

export type Source = Place | 'external';

export interface Exchange<T> {
  result: T;
  hops: Hop[];
}

/** What a server's socket does with a packet that reached it. */
interface Reached {
  at: Place;
  pkt: WirePacket;
  listener?: Listener;
}

/** A client's side closing first, as curl, wget and nc do once they are done: FIN, ACK, FIN, ACK. */
type Segment = readonly ['out' | 'in', string];
const CLIENT_CLOSES: readonly Segment[] = [['out', 'F.'], ['in', '.'], ['in', 'F.'], ['out', '.']];

/** A TCP connection's sequence space and timestamps, for what captures print of its later segments. */
interface TcpTrack {
  walk: PacketWalk;
  cSeq: number;
  sSeq: number;
  cTs: number;
  sTs: number;
  /** ms after the exchange began of the last segment emitted */
  atMs: number;
}

export class NetClient {
  /** the walk of the last connection made, so its remaining packets can be replayed */
  private lastWalk?: PacketWalk;
  private tcp?: TcpTrack;
  /** where the last connection was accepted, and the client address the server saw it from */
  private lastAt?: Place;
  private lastSeenFrom?: string;
  /** how long this client's exchanges have taken so far: each starts when the one before ended */
  private elapsedMs = 0;

  /** Virtual ms when the current exchange started. */
  private get startedMs(): number {
    return this.nowMs + this.elapsedMs;
  }

  /** The current exchange is over after `ms`; the next one starts then. */
  private took(ms: number): void {
    this.elapsedMs += Math.max(ms, 0.001);
  }

  constructor(readonly fabric: Fabric, readonly source: Source, readonly nowMs: number) {}

  /**
   * The last connection's data (`request` and `response` bytes, with the first line of each for the
   * capture), then the client closes it (its conntrack entries end in TIME_WAIT).
   */
  close(exchangedData: boolean, data?: { request: { bytes: number; line: string }; response: { bytes: number; line: string } }): void {
    const walk = this.lastWalk;
    if (!walk) return;
    this.lastWalk = undefined;
    const segments: readonly Segment[] = exchangedData ? [['out', 'P.'], ['in', '.'], ['in', 'P.'], ['out', '.']] : [];
    this.replay(walk, [...segments, ...CLIENT_CLOSES]);
    const t = this.tcp;
    this.tcp = undefined;
    if (!t || !this.fabric.capturing) return;
    const rtt = Math.max(t.walk.latencyMs, 0.01);
    const out = (f: TcpFields) => {
      t.atMs += rtt / 2;
      publish(t.walk.crossings.filter((x) => x.phase === 'request'), this.startedMs, t.atMs, f);
    };
    const back = (f: TcpFields) => {
      t.atMs += rtt / 2;
      publish(t.walk.crossings.filter((x) => x.phase === 'reply'), this.startedMs, t.atMs - t.walk.latencyMs / 2, f);
    };
    const opts = (a: number, b: number) => ['nop', 'nop', `TS val ${a >>> 0} ecr ${b >>> 0}`];
    if (exchangedData && data) {
      out({ flags: ['P', '.'], seq: t.cSeq, ack: t.sSeq, win: 502, options: opts(t.cTs, t.sTs), length: data.request.bytes, http: data.request.line });
      t.cSeq = (t.cSeq + data.request.bytes) >>> 0;
      back({ flags: ['.'], seq: t.sSeq, ack: t.cSeq, win: 509, options: opts(t.sTs, t.cTs), length: 0 });
      back({ flags: ['P', '.'], seq: t.sSeq, ack: t.cSeq, win: 509, options: opts(t.sTs, t.cTs), length: data.response.bytes, http: data.response.line });
      t.sSeq = (t.sSeq + data.response.bytes) >>> 0;
      out({ flags: ['.'], seq: t.cSeq, ack: t.sSeq, win: 501, options: opts(t.cTs + 1, t.sTs), length: 0 });
    }
    out({ flags: ['F', '.'], seq: t.cSeq, ack: t.sSeq, win: 501, options: opts(t.cTs + 1, t.sTs), length: 0 });
    back({ flags: ['F', '.'], seq: t.sSeq, ack: (t.cSeq + 1) >>> 0, win: 509, options: opts(t.sTs + 1, t.cTs + 1), length: 0 });
    out({ flags: ['.'], seq: (t.cSeq + 1) >>> 0, ack: (t.sSeq + 1) >>> 0, win: 501, options: opts(t.cTs + 2, t.sTs + 1), length: 0 });
    this.took(t.atMs);
  }

  /** What captures see of the handshake: SYN, SYN-ACK, ACK with Linux's options. */
  private captureHandshake(walk: PacketWalk, established: boolean): void {
    if (!this.fabric.capturing) return;
    const cIsn = this.fabric.random();
    const sIsn = this.fabric.random();
    const cTs = this.fabric.random() >>> 1;
    const sTs = this.fabric.random() >>> 1;
    publish(walk.crossings.filter((x) => x.phase === 'request'), this.startedMs, 0, { flags: ['S'], seq: cIsn, win: 64240, options: ['mss 1460', 'sackOK', `TS val ${cTs} ecr 0`, 'nop', 'wscale 7'], length: 0 });
    if (!established) return this.took(walk.latencyMs * 2);
    publish(walk.crossings.filter((x) => x.phase === 'reply'), this.startedMs, 0, { flags: ['S', '.'], seq: sIsn, ack: (cIsn + 1) >>> 0, win: 65160, options: ['mss 1460', 'sackOK', `TS val ${sTs} ecr ${cTs}`, 'nop', 'wscale 7'], length: 0 });
    const t: TcpTrack = { walk, cSeq: (cIsn + 1) >>> 0, sSeq: (sIsn + 1) >>> 0, cTs: cTs + 1, sTs, atMs: walk.latencyMs };
    publish(walk.crossings.filter((x) => x.phase === 'request'), this.startedMs, t.atMs, { flags: ['.'], seq: t.cSeq, ack: t.sSeq, win: 502, options: ['nop', 'nop', `TS val ${t.cTs} ecr ${sTs}`], length: 0 });
    this.tcp = t;
  }

  private sourceLabel(): string {
    if (this.source === 'external') return 'outside';
    return placeOwner(this.source);
  }

  private walk(): PacketWalk {
    return new PacketWalk(this.fabric, this.nowMs);
  }

  /** Sends `pkt` from the source; from outside it enters through the node network's router. */
  private start(walk: PacketWalk, pkt: WirePacket): Fate {
    if (this.source !== 'external') return walk.send(this.source, pkt);
    const pktOut = { ...pkt, src: parseIPv4(EXTERNAL_CLIENT_IP)! };
    const target = this.fabric.onLan(pkt.dst);
    if (!target || target === 'router') {
      walk.hops.push({ node: 'outside', netns: 'client', kind: 'drop', text: `the router has no route to ${formatIPv4(pkt.dst)}: only the node network is reachable from outside` });
      return { kind: 'dropped' };
    }
    walk.hops.push({ node: 'outside', netns: 'client', kind: 'wire', text: `${EXTERNAL_CLIENT_IP} → ${formatIPv4(pkt.dst)} through the router ${formatIPv4(this.fabric.gateway)} to ${target.name}'s eth0` });
    walk.latencyMs += 0.4;
    return walk.receive({ machine: target, netns: HOST_NETNS }, target.host.link('eth0')!, pktOut, pkt.dst);
  }

  /** Did the reply come back to the client's socket? */
  private backHome(f: Fate, client: WirePacket): boolean {
    if (this.source === 'external') return f.kind === 'outside' && f.pkt.dst === parseIPv4(EXTERNAL_CLIENT_IP) && f.pkt.dport === client.sport;
    return f.kind === 'local' && f.at.machine === this.source.machine && f.at.netns === this.source.netns && f.pkt.dst === client.src && f.pkt.dport === client.sport;
  }

  private reach(walk: PacketWalk, pkt: WirePacket): { fate: Fate; reached?: Reached; sent: WirePacket } {
    const fate = this.start(walk, pkt);
    if (fate.kind !== 'local') return { fate, sent: pkt };
    const listener = listenerFor(fate.at.machine.listeners(fate.at.netns), pkt.proto === 'udp' ? 'udp' : 'tcp', formatIPv4(fate.pkt.dst), fate.pkt.dport);
    return { fate, reached: { at: fate.at, pkt: fate.pkt, ...(listener ? { listener } : {}) }, sent: pkt };
  }

  /** A port for a new socket, as the kernel hands one out. */
  newSocketPort(): number {
    return this.fabric.ephemeralPort();
  }

  /** The packet as the client sends it: its source is chosen by routing (0 until then). */
  private packet(dst: string, dport: number, proto: WireProto, extra: Partial<WirePacket> = {}): WirePacket {
    const sport = proto === 'icmp' ? this.fabric.ephemeralPort() & 0xffff : this.fabric.ephemeralPort();
    return { src: 0, dst: parseIPv4(dst)!, proto, sport, dport: proto === 'icmp' ? sport : dport, mark: 0, ttl: 64, len: proto === 'tcp' ? 60 : 28, ...extra };
  }

  /** The reply from the server's namespace back towards the client, as the server's kernel sends it. */
  private replyWalk(walk: PacketWalk, r: Reached, extra: Partial<WirePacket>): Fate {
    walk.phase = 'reply';
    walk.hops.push({ node: r.at.machine.name, netns: netnsLabel(r.at), kind: 'deliver', text: '— reply —' });
    const reply: WirePacket = { src: r.pkt.dst, dst: r.pkt.src, proto: r.pkt.proto, sport: r.pkt.dport, dport: r.pkt.sport, mark: 0, ttl: 64, len: r.pkt.len, ...extra };
    return walk.send(r.at, reply);
  }

  private deliverHop(walk: PacketWalk, r: Reached, text: string): void {
    walk.hops.push({ node: r.at.machine.name, netns: netnsLabel(r.at), kind: 'deliver', text });
  }

  /**
   * The rest of a connection's packets, which are not walked hop by hop but pass the same conntrack
   * entries: each `out` packet (client to server) the entries the request crossed, each `in` packet
   * those the answer crossed, in the direction each was crossed.
   */
  private replay(walk: PacketWalk, packets: readonly Segment[]): void {
    const seen = new Set<unknown>();
    const entries = walk.touched.filter((t) => (seen.has(t.conn) ? false : (seen.add(t.conn), true)));
    for (const [way, flags] of packets) {
      for (const t of walk.touched) {
        if ((way === 'out') !== (t.phase === 'request')) continue;
        if (!entries.includes(t)) continue;
        this.fabric.trackerOf(t.machine).seen(t.conn, t.dir, this.nowMs, flags);
      }
    }
  }

  /** A TCP handshake with `dst:port`. */
  connect(dst: string, port: number): Exchange<ConnectOutcome> {
    const walk = this.walk();
    const syn = this.packet(dst, port, 'tcp', { tcpFlags: 'S' });
    const { fate, reached } = this.reach(walk, syn);
    const failed = (error: 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'ETIMEDOUT', afterMs: number, icmpFrom?: number): Exchange<ConnectOutcome> => ({
      result: { kind: 'failed', error, afterMs, ...(icmpFrom !== undefined ? { icmpFrom: formatIPv4(icmpFrom) } : {}) },
      hops: walk.hops,
    });
    // An error's time is when it reached the sender (ARP gives up after its three probes).
    if (fate.kind === 'error') return failed(fate.error, round(fate.afterMs), fate.from);
    if (!reached) return failed('ETIMEDOUT', CONNECT_TIMEOUT_MS);
    if (!reached.listener) {
      this.deliverHop(walk, reached, `nothing listens on tcp port ${reached.pkt.dport}: the kernel answers with a RST`);
      this.captureHandshake(walk, false);
      // The RST goes back through the same hosts: conntrack sees it in the reply direction (CLOSE, 10 s).
      this.replyWalk(walk, reached, { tcpFlags: 'R.' });
      return failed('ECONNREFUSED', round(walk.latencyMs));
    }
    const l = reached.listener;
    this.lastAt = reached.at;
    this.lastSeenFrom = formatIPv4(reached.pkt.src);
    this.deliverHop(walk, reached, `accepted by ${l.pid}/${l.program} listening on ${l.addr}:${l.port}/tcp`);
    const back = this.replyWalk(walk, reached, { tcpFlags: 'S.' });
    if (!this.backHome(back, { ...syn, src: walk.chosenSrc ?? syn.src })) {
      if (back.kind === 'local' || back.kind === 'outside') {
        walk.hops.push({ node: this.sourceLabel(), netns: '', kind: 'drop', text: 'the reply does not come back to the client\'s socket: the connection times out' });
      }
      return failed('ETIMEDOUT', CONNECT_TIMEOUT_MS);
    }
    const home = back as Extract<Fate, { kind: 'local' | 'outside' }>;
    // The handshake's third packet.
    this.replay(walk, [['out', '.']]);
    this.lastWalk = walk;
    this.captureHandshake(walk, true);
    return {
      result: {
        kind: 'connected',
        localIP: formatIPv4(home.pkt.dst),
        localPort: home.pkt.dport,
        remoteIP: dst,
        remotePort: port,
        app: l.app,
        rttMs: round(walk.latencyMs + 0.02),
        program: l.program,
        answeredBy: placeOwner(reached.at),
      },
      hops: walk.hops,
    };
  }

  /** An HTTP request over a new connection. */
  http(dst: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'localIP' | 'localPort'>, tls?: TlsOptions): Exchange<HttpOutcome> {
    const c = this.connect(dst, port);
    if (c.result.kind === 'failed') return { result: c.result, hops: c.hops };
    const conn = c.result;
    const at = this.lastAt;
    let certificate: ServedCertificate | undefined;
    if (tls) {
      const where = at ? { node: at.machine.name, netns: netnsLabel(at) } : { node: '', netns: '' };
      if (conn.app.kind !== 'proxy' || !conn.app.tls) {
        c.hops.push({ ...where, kind: 'drop', text: `the server does not speak TLS on port ${port}: the handshake fails` });
        this.close(true);
        return { result: { kind: 'tls-failed', why: 'not-tls', afterMs: conn.rttMs * 2 }, hops: c.hops };
      }
      certificate = conn.app.tls.certificate(tls.sni);
      c.hops.push({ ...where, kind: 'proxy', text: `TLS handshake for ${tls.sni}: the server presents ${certificate.subject} (${certificate.source})` });
      if (certificate.selfSigned && !tls.insecure) {
        this.close(true);
        return { result: { kind: 'tls-failed', why: 'untrusted', certificate, afterMs: conn.rttMs * 3 }, hops: c.hops };
      }
    }
    if (conn.app.kind !== 'http' && !(conn.app.kind === 'proxy' && at)) {
      // The server speaks something else (or an HTTP kubetab does not model): it closes without an answer.
      this.close(false);
      return { result: { kind: 'failed', error: 'ECONNREFUSED', afterMs: conn.rttMs }, hops: c.hops };
    }
    const serverSide = c.hops.filter((h) => h.kind === 'nat' && h.after).pop();
    // A proxy sees the connection from the client's address after any SNAT on the way (its access log
    // and X-Forwarded-For carry that).
    const seenFrom = conn.app.kind === 'proxy' ? (this.lastSeenFrom ?? conn.localIP) : conn.localIP;
    const full: HttpRequest = { ...req, clientIP: seenFrom, localIP: serverSide?.after?.split(':')[0] ?? dst, localPort: Number(serverSide?.after?.split(':')[1] ?? port) };
    let upstreamMs = 0;
    let upstream: { answeredBy: string; to: string } | undefined;
    let response: HttpResponse;
    if (conn.app.kind === 'proxy' && at) {
      const d = conn.app.route(full, { tls: !!tls, quiet: this.fabric.quiet });
      const where = { node: at.machine.name, netns: netnsLabel(at) };
      c.hops.push({ ...where, kind: 'proxy', text: d.note });
      if (d.kind === 'respond') response = d.response;
      else {
        // The proxy's own connection to the upstream, from its namespace: a client of its own.
        c.hops.push({ ...where, kind: 'proxy', text: `— second connection: ${conn.program ?? 'the proxy'} → ${d.to.ip}:${d.to.port} —` });
        const inner = new NetClient(this.fabric, at, this.startedMs);
        const up = inner.http(d.to.ip, d.to.port, d.request);
        c.hops.push(...up.hops);
        if (up.result.kind === 'response') {
          upstreamMs = up.result.totalMs;
          upstream = { answeredBy: up.result.connect.answeredBy, to: `${d.to.ip}:${d.to.port}` };
          response = d.finish({ response: up.result.response });
        } else {
          upstreamMs = up.result.kind === 'failed' && up.result.error === 'ETIMEDOUT' ? 5000 : up.result.afterMs;
          response = d.finish({ error: up.result.kind === 'failed' ? up.result.error : 'ECONNREFUSED' });
        }
      }
    } else if (conn.app.kind === 'http') {
      response = conn.app.serve(full);
    } else {
      throw new Error('unreachable');
    }
    const reqLine = `${req.method} ${req.path} HTTP/1.1`;
    const reqBytes = utf8Length(`${reqLine}\r\n${[['Host', req.host], ...req.headers].map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    const resLine = `HTTP/1.1 ${response.status} ${response.reason}`;
    const resBytes = utf8Length(`${resLine}\r\n${response.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${req.method === 'HEAD' ? '' : response.body}`);
    this.close(true, { request: { bytes: reqBytes, line: reqLine }, response: { bytes: resBytes, line: resLine } });
    return { result: { kind: 'response', connect: conn, response, totalMs: round(conn.rttMs * (tls ? 3 : 2) + 0.3 + upstreamMs), ...(certificate ? { certificate } : {}), ...(upstream ? { upstream } : {}) }, hops: c.hops };
  }

  /** One UDP datagram carrying a DNS query, and the answer if one comes back. */
  /**
   * One DNS query and its answer. `sport` is the socket's port when the caller reuses one socket for
   * several queries, as the C libraries do for a name's A and AAAA queries and their retries.
   */
  dns(server: string, port: number, query: DnsMessage, transport: 'udp' | 'tcp' = 'udp', sport?: number): Exchange<{ response: PackedResponse; rttMs: number } | { refused: true } | undefined> {
    const walk = this.walk();
    const pkt = this.packet(server, port, transport, transport === 'tcp' ? { tcpFlags: 'S' } : { dns: querySummary(query), len: 28 + wireLength(query, false), ...(sport !== undefined ? { sport } : {}) });
    const { fate, reached } = this.reach(walk, pkt);
    if (fate.kind === 'error') return { result: fate.error === 'ECONNREFUSED' ? { refused: true } : undefined, hops: walk.hops };
    if (!reached) return { result: undefined, hops: walk.hops };
    const l = reached.listener;
    if (!l || l.app.kind !== 'dns') {
      this.deliverHop(walk, reached, transport === 'udp' ? `nothing listens on udp port ${reached.pkt.dport}: ICMP port unreachable` : `nothing answers DNS on tcp port ${reached.pkt.dport}`);
      return { result: { refused: true }, hops: walk.hops };
    }
    // A quiet fabric's client only asks what the server would answer (a goal's check sends nothing).
    const served = (this.fabric.quiet ? l.app.peek : l.app.serve).call(l.app, query, this.nowMs + walk.latencyMs, transport, { ip: formatIPv4(reached.pkt.src), port: reached.pkt.sport });
    if (!served) {
      this.deliverHop(walk, reached, `${l.program} does not answer`);
      return { result: undefined, hops: walk.hops };
    }
    this.deliverHop(walk, reached, `${l.pid}/${l.program} answers the query (${served.response.message.rcode})`);
    const back = this.replyWalk(walk, reached, transport === 'udp' ? { dns: responseSummary(served.response), len: 28 + served.response.bytes } : {});
    if (transport === 'udp' && this.fabric.capturing) {
      publish(walk.crossings, this.startedMs, 0);
      this.took(walk.latencyMs + served.delayMs);
    }
    if (!this.backHome(back, { ...pkt, src: walk.chosenSrc ?? pkt.src })) return { result: undefined, hops: walk.hops };
    if (transport === 'tcp') {
      this.replay(walk, [['out', '.']]);
      this.lastWalk = walk;
      this.close(true);
    }
    return { result: { response: served.response, rttMs: round(walk.latencyMs + served.delayMs) }, hops: walk.hops };
  }

  /**
   * One UDP datagram: read by a socket there, refused (nothing listens: the ICMP port unreachable
   * walks back), or lost.
   */
  datagram(dst: string, port: number): Exchange<{ kind: 'read'; by: string; listener: Listener } | { kind: 'refused'; from: string } | { kind: 'unreachable'; from: string } | { kind: 'lost' }> {
    const walk = this.walk();
    const pkt = this.packet(dst, port, 'udp');
    const { fate, reached } = this.reach(walk, pkt);
    if (fate.kind === 'error') return { result: fate.error === 'ECONNREFUSED' ? { kind: 'refused', from: formatIPv4(fate.from) } : { kind: 'unreachable', from: formatIPv4(fate.from) }, hops: walk.hops };
    if (!reached) return { result: { kind: 'lost' }, hops: walk.hops };
    const by = placeOwner(reached.at);
    if (reached.listener) {
      this.deliverHop(walk, reached, `${reached.listener.pid}/${reached.listener.program} reads it on udp port ${reached.listener.port}`);
      return { result: { kind: 'read', by, listener: reached.listener }, hops: walk.hops };
    }
    this.deliverHop(walk, reached, `nothing listens on udp port ${reached.pkt.dport}: ICMP port unreachable`);
    // The ICMP error goes back through the same hosts; conntrack takes it as related to the flow.
    this.replyWalk(walk, reached, {});
    return { result: { kind: 'refused', from: formatIPv4(reached.pkt.dst) }, hops: walk.hops };
  }

  /** One ICMP echo request; the kernel of whatever holds the address answers it. */
  ping(dst: string, opts: { bytes?: number; seq?: number } = {}): Exchange<PingReply> {
    const walk = this.walk();
    const bytes = opts.bytes ?? 56;
    const pkt = this.packet(dst, 0, 'icmp', { icmp: 'echo-request', len: bytes + 28, icmpSeq: opts.seq ?? 0 });
    const fate = this.start(walk, pkt);
    if (fate.kind === 'error') {
      const message = fate.error === 'ECONNREFUSED' ? 'Destination Port Unreachable' : fate.error === 'ENETUNREACH' ? 'Destination Net Unreachable' : 'Destination Host Unreachable';
      return { result: { kind: 'error', from: formatIPv4(fate.from), message }, hops: walk.hops };
    }
    if (fate.kind !== 'local') return { result: { kind: 'lost' }, hops: walk.hops };
    const r: Reached = { at: fate.at, pkt: fate.pkt };
    this.deliverHop(walk, r, `the kernel answers the echo request`);
    const back = this.replyWalk(walk, r, { icmp: 'echo-reply', icmpSeq: opts.seq ?? 0 });
    if (this.fabric.capturing) {
      publish(walk.crossings, this.startedMs, 0);
      this.took(walk.latencyMs);
    }
    const client = { ...pkt, src: walk.chosenSrc ?? pkt.src };
    if (!this.backHome(back, client)) return { result: { kind: 'lost' }, hops: walk.hops };
    const home = back as Extract<Fate, { kind: 'local' | 'outside' }>;
    // Each echo's round trip varies a little, as a real one does (scheduling, interrupts): up to a third more.
    const jitter = 1 + this.fabric.random() / 0x100000000 / 3;
    return { result: { kind: 'reply', from: formatIPv4(home.pkt.src), ttl: home.pkt.ttl, rttMs: round((walk.latencyMs + 0.03) * jitter), bytes: bytes + 8 }, hops: walk.hops };
  }
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** tcpdump's summary of a query: id, RD, the question, EDNS. */
function querySummary(q: DnsMessage): DnsSummary {
  return { id: q.id, query: { rd: q.recursionDesired, type: q.question.type, name: q.question.name, edns: !!q.edns }, length: wireLength(q, false) };
}

/** tcpdump's summary of a reply: rcode, flags, section counts and the answers. */
function responseSummary(r: PackedResponse): DnsSummary {
  const m = r.message;
  const rcode = (['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED'] as const).find((c) => c === m.rcode) ?? 'SERVFAIL';
  return {
    id: m.id,
    response: { aa: m.authoritative, ra: m.recursionAvailable, rcode, an: m.answer.length, ns: m.authority.length, ar: m.additional.length + (m.edns ? 1 : 0), answers: m.answer.map((rr) => `${rr.type} ${rdataText(rr)}`) },
    length: r.bytes,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
