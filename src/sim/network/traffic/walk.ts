/**
 * A packet's way through the machines, one kernel decision at a time: the routing table, the
 * netfilter hooks (evaluating the very rules iptables-save prints) with conntrack and NAT, IPVS on
 * LOCAL_IN, the bridge and its ports, veth pairs between namespaces, VXLAN encapsulation over the
 * node network, and finally the namespace that holds the destination address, where the socket
 * layer takes over. Every step is recorded as a Hop.
 *
 * Kernel facts carried over:
 * - hooks per path: local out = OUTPUT then POSTROUTING; received = PREROUTING, then INPUT (local) or
 *   FORWARD then POSTROUTING; a frame bridged between two ports of cni0 passes PREROUTING, FORWARD and
 *   POSTROUTING too (br_netfilter, which kubeadm requires), with the bridge as in and out device;
 * - the nat table sees only a connection's first packet; DNAT is decided in PREROUTING/OUTPUT and
 *   SNAT in POSTROUTING (or INPUT), and the connection is confirmed when the packet leaves the last
 *   hook; later packets are translated from the tracked tuples (reply direction: the destination is
 *   restored before routing, the source after it);
 * - only the host's namespace tracks connections: a pod's namespace has no rules, so no conntrack
 *   hooks are registered there;
 * - a pod on a routed veth (Calico's `cali…`) sends everything to 169.254.1.1, which the host end
 *   answers by proxy ARP, so the host routes the packet like any other it receives;
 * - a veth pair or a VXLAN tunnel into another namespace scrubs the skb mark; pods do not forward
 *   (ip_forward is 0 in a new namespace), nodes do;
 * - IPVS sits on LOCAL_IN after the filter table: a packet for a virtual service is scheduled to a
 *   real server, DNATed (the tracked reply tuple follows, net.ipv4.vs.conntrack=1) and sent out again
 *   through OUTPUT and POSTROUTING, where MASQUERADE may still apply;
 * - the VXLAN device looks the next hop up in its neighbour table (flannel's permanent entry gives the
 *   remote VTEP's MAC) and that MAC in its FDB (the remote node's address); the outer UDP packet to port
 *   8472 is the node's own traffic, and the remote kernel's VXLAN socket decapsulates it.
 */
import type { Machine } from '../../node/machine';
import { HOST_NETNS } from '../../node/machine';
import type { Link, NetNamespace } from '../../node/netns';
import { formatIPv4, isLoopback, parseIPv4 } from '../ipv4';
import type { Hook, Netfilter, TableName } from '../netfilter/netfilter';
import type { EvalEnv, NatBinding, Packet, TraceStep } from '../netfilter/evaluate';
import { evaluateTable, HOOK_TABLES } from '../netfilter/evaluate';
import type { CtState } from '../netfilter/rule';
import type { Hop } from './hop';
import type { RouteDecision } from './route';
import { lookupRoute, primaryAddress, routeText } from './route';
import type { TrackedConn, Tuple } from './tracker';
import { invert } from './tracker';
import type { ConnectError } from './outcome';
import type { Fabric } from './fabric';
import type { DnsSummary } from '../tools/tcpdump';
import { policyNote } from './policyNote';

export type WireProto = 'tcp' | 'udp' | 'icmp';

/** A packet on the wire, addresses as numbers. */
export interface WirePacket {
  src: number;
  dst: number;
  proto: WireProto;
  /** ports; for ICMP echo both carry the echo id */
  sport: number;
  dport: number;
  mark: number;
  ttl: number;
  /** IP length in bytes */
  len: number;
  /** tcpdump's flags of a TCP segment: `S`, `S.`, `.`, `P.`, `F.`, `R.` */
  tcpFlags?: string;
  icmp?: 'echo-request' | 'echo-reply';
  /** ICMP echo sequence number */
  icmpSeq?: number;
  /** a VXLAN packet's payload */
  inner?: WirePacket;
  /** what a capture shows of the payload: a DNS message's summary */
  dns?: DnsSummary;
}

/** A packet seen on a device: where, which way, and as it was there (after the NAT done so far). */
export interface Crossing {
  machine: Machine;
  netns: string;
  dev: string;
  dir: 'In' | 'Out';
  pkt: WirePacket;
  /** ms after the walk started */
  offsetMs: number;
  phase: 'request' | 'reply';
}

/** A namespace on a machine: where packets start and end. */
export interface Place {
  machine: Machine;
  netns: string;
}

export type Fate =
  /** reached an address of `at`'s namespace; the socket layer decides what answers */
  | { kind: 'local'; at: Place; pkt: WirePacket }
  /** an ICMP error (or a RST standing for one) comes back to the sender */
  | { kind: 'error'; error: ConnectError; from: number; afterMs: number }
  /** silently gone: the sender times out */
  | { kind: 'dropped' }
  /** handed to the node network's router for somewhere outside the cluster */
  | { kind: 'outside'; pkt: WirePacket };

/** A namespace as a hop names it: `host`, or the pod whose namespace it is. */
export function netnsLabel(at: Place): string {
  return at.netns === HOST_NETNS ? 'host' : at.machine.podOf(at.netns) ?? at.netns;
}

/** Who a namespace is to the client that reached it: the node for its host namespace, else the pod. */
export function placeOwner(at: Place): string {
  return at.netns === HOST_NETNS ? at.machine.name : netnsLabel(at);
}

/** One connection's state in one namespace's conntrack while a packet crosses it. */
interface CtPass {
  conn?: TrackedConn;
  dir: 'orig' | 'reply';
  /** the tuple as the packet arrived, for a new connection */
  orig?: Tuple;
  dnatDone: boolean;
  snatDone: boolean;
}

/** INPUT's tables before IPVS takes its packets (IPVS hooks LOCAL_IN just before nat's SNAT half). */
const INPUT_BEFORE_IPVS: readonly TableName[] = HOOK_TABLES.INPUT.filter((t) => t !== 'nat');
/** OUTPUT up to its nat table, after which the kernel routes again if the destination changed. */
const OUTPUT_UPTO_NAT: readonly TableName[] = ['raw', 'mangle', 'nat'];
const OUTPUT_AFTER_NAT: readonly TableName[] = HOOK_TABLES.OUTPUT.filter((t) => !OUTPUT_UPTO_NAT.includes(t));

/** ARP gives up after three unanswered requests a second apart; the sender then hears EHOSTUNREACH. */
const ARP_FAIL_MS = 3000;
const MAX_STEPS = 200;

function tupleOf(p: WirePacket): Tuple {
  return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport, ...(p.icmp ? { icmp: p.icmp } : {}) };
}

function endpoint(ip: number, port: number, proto: WireProto): string {
  return proto === 'icmp' ? formatIPv4(ip) : `${formatIPv4(ip)}:${port}`;
}

export class PacketWalk {
  readonly hops: Hop[] = [];
  /** the connections this walk touched, per machine, so callers can move their state on */
  readonly touched: { machine: Machine; conn: TrackedConn; dir: 'orig' | 'reply'; phase: 'request' | 'reply' }[] = [];
  /** which way the packets now walked go: the client's first packet, or the server's answer */
  phase: 'request' | 'reply' = 'request';
  /** every device the packets crossed, for captures (kept only while someone captures) */
  readonly crossings: Crossing[] = [];
  /** one-way latency accumulated, ms */
  latencyMs = 0;
  /** the source address routing chose for the first packet sent unbound */
  chosenSrc?: number;
  private steps = 0;

  constructor(readonly fabric: Fabric, readonly nowMs: number) {}

  // ------------------------------------------------------------------ labels

  private hop(at: Place, h: Omit<Hop, 'node' | 'netns'>): void {
    this.hops.push({ node: at.machine.name, netns: netnsLabel(at), ...h });
  }

  private ns(at: Place): NetNamespace | undefined {
    return at.machine.netns(at.netns);
  }

  private tables(at: Place): Netfilter | undefined {
    return at.netns === HOST_NETNS ? this.fabric.netfilterOf(at.machine) : undefined;
  }

  private cross(at: Place, dev: string, dir: 'In' | 'Out', pkt: WirePacket): void {
    if (this.fabric.capturing) this.crossings.push({ machine: at.machine, netns: at.netns, dev, dir, pkt, offsetMs: this.latencyMs, phase: this.phase });
  }

  private budget(): boolean {
    return ++this.steps <= MAX_STEPS;
  }

  // ------------------------------------------------------------------ conntrack and hooks

  private ctBegin(at: Place, pkt: WirePacket): CtPass | undefined {
    if (!this.tables(at)) return undefined;
    const tracker = this.fabric.trackerOf(at.machine);
    const t = tupleOf(pkt);
    const hit = tracker.find(t, this.nowMs);
    if (hit) {
      tracker.seen(hit.conn, hit.dir, this.nowMs, pkt.tcpFlags);
      this.touched.push({ machine: at.machine, conn: hit.conn, dir: hit.dir, phase: this.phase });
      this.hop(at, { kind: 'conntrack', text: `conntrack: ${hit.dir === 'orig' ? 'ESTABLISHED' : 'reply of'} ${hit.conn.orig.proto} ${endpoint(hit.conn.orig.src, hit.conn.orig.sport, t.proto)} → ${endpoint(hit.conn.orig.dst, hit.conn.orig.dport, t.proto)}` });
      return { conn: hit.conn, dir: hit.dir, dnatDone: true, snatDone: true };
    }
    return { dir: 'orig', orig: t, dnatDone: false, snatDone: false };
  }

  private ctstate(ct: CtPass): CtState[] {
    if (!ct.conn) return ['NEW'];
    const s: CtState[] = ['ESTABLISHED'];
    if (ct.conn.dnat) s.push('DNAT');
    if (ct.conn.snat) s.push('SNAT');
    return s;
  }

  /** Confirms a new connection as it leaves the last hook. */
  private ctConfirm(at: Place, ct: CtPass | undefined, pkt: WirePacket): void {
    if (!ct || ct.conn || !ct.orig) return;
    const reply = invert(tupleOf(pkt));
    const dnat = reply.src !== ct.orig.dst || reply.sport !== ct.orig.dport;
    const snat = reply.dst !== ct.orig.src || reply.dport !== ct.orig.sport;
    const conn = this.fabric.trackerOf(at.machine).confirm(ct.orig, reply, this.nowMs, { dnat, snat }, pkt.tcpFlags);
    if (!conn) return;
    ct.conn = conn;
    this.touched.push({ machine: at.machine, conn, dir: 'orig', phase: this.phase });
  }

  private env(at: Place): EvalEnv {
    const ns = this.ns(at)!;
    const ipsetTest = this.fabric.ipsetTest(at.machine);
    return {
      nowMs: this.nowMs,
      random: () => this.fabric.random(),
      isLocal: (ip) => isLoopback(ip) || ns.addresses.some((a) => parseIPv4(a.ip) === ip),
      isBroadcast: (ip) => ns.addresses.some((a) => a.broadcast !== undefined && parseIPv4(a.broadcast) === ip),
      ...(ipsetTest ? { ipsetTest } : {}),
    };
  }

  /**
   * Runs `hook` at `at`. NAT comes from the rules for a new connection's first pass of each manip
   * (DNAT in PREROUTING/OUTPUT, SNAT in POSTROUTING/INPUT) and from the tracked tuples otherwise.
   * Returns the packet after the hook, or the verdict that ended it.
   */
  private runHook(
    at: Place,
    hook: Hook,
    pkt: WirePacket,
    ct: CtPass | undefined,
    io: { in?: string; out?: string; physIn?: string; physOut?: string; bridged?: boolean },
    tables: readonly TableName[] = HOOK_TABLES[hook],
  ): { pkt: WirePacket } | { verdict: 'DROP' | 'REJECT'; rejectWith?: string } {
    const nf = this.tables(at);
    if (!nf || !ct) return { pkt };
    const dnatHook = hook === 'PREROUTING' || hook === 'OUTPUT';
    const snatHook = hook === 'POSTROUTING' || hook === 'INPUT';
    let out: WirePacket = pkt;
    for (const table of tables) {
      if (table === 'nat') {
        // The NAT stage: a tracked connection is translated from its tuples (destinations in
        // PREROUTING/OUTPUT, sources in POSTROUTING/INPUT); a new one asks the nat table, once per manip.
        if (ct.conn) {
          if (hook !== 'FORWARD') out = this.ctTranslate(at, hook, out, ct);
          continue;
        }
        const asks = (dnatHook && !ct.dnatDone) || (snatHook && !ct.snatDone);
        if (!asks) continue;
        if (dnatHook) ct.dnatDone = true;
        if (snatHook) ct.snatDone = true;
      }
      if (!nf.hasTable(table)) continue;
      const r = evaluateTable(nf, table, hook, this.packetFor(out, ct, io), this.env(at));
      for (const step of r.steps) this.ruleHop(at, step, nf);
      out = { ...out, mark: r.mark };
      if (r.verdict !== 'ACCEPT') return { verdict: r.verdict, ...(r.rejectWith ? { rejectWith: r.rejectWith } : {}) };
      if (r.nat) out = this.applyNat(at, r.nat, out, io.out);
    }
    return { pkt: out };
  }

  private packetFor(pkt: WirePacket, ct: CtPass, io: { in?: string; out?: string; physIn?: string; physOut?: string; bridged?: boolean }): Packet {
    return {
      src: pkt.src, dst: pkt.dst, proto: pkt.proto, sport: pkt.sport, dport: pkt.dport, mark: pkt.mark,
      ctstate: this.ctstate(ct), len: pkt.len,
      ...(io.in ? { inIface: io.in } : {}), ...(io.out ? { outIface: io.out } : {}),
      ...(io.physIn ? { physIn: io.physIn } : {}), ...(io.physOut ? { physOut: io.physOut } : {}), ...(io.bridged ? { bridged: true } : {}),
    };
  }

  /** A rule that matched; a policy only where it decides something (an empty ACCEPT chain says nothing). */
  private ruleHop(at: Place, s: TraceStep, nf: Netfilter): void {
    if (s.kind === 'rule') {
      this.hop(at, { kind: 'rule', table: s.table, chain: s.chain, rule: s.text, text: `${s.table} ${s.chain}: ${s.text}` });
      // the NetworkPolicy verdict a felix rule stands for, on the hop right after the rule
      const note = policyNote(at.machine, s);
      if (note) this.hop(at, note.kind === 'rule' ? { kind: 'rule', table: s.table, chain: s.chain, rule: s.text, text: note.text } : { kind: 'drop', text: note.text });
    }
    else if (s.policy !== 'ACCEPT' || (nf.getChain(s.table, s.chain)?.rules.length ?? 0) > 0) this.hop(at, { kind: 'policy', table: s.table, chain: s.chain, text: `${s.table} ${s.chain}: policy ${s.policy}` });
  }

  private applyNat(at: Place, b: NatBinding, pkt: WirePacket, outIface: string | undefined): WirePacket {
    if (b.kind === 'DNAT') {
      const before = endpoint(pkt.dst, pkt.dport, pkt.proto);
      const after = { dst: b.ip ?? pkt.dst, dport: b.port ?? pkt.dport };
      const next = { ...pkt, ...after };
      this.hop(at, { kind: 'nat', text: `DNAT ${before} → ${endpoint(next.dst, next.dport, pkt.proto)}`, before, after: endpoint(next.dst, next.dport, pkt.proto) });
      return next;
    }
    const ns = this.ns(at)!;
    let src = pkt.src;
    if (b.kind === 'SNAT' && b.ip !== undefined) src = b.ip;
    if (b.kind === 'MASQUERADE' && outIface) src = primaryAddress(ns, outIface) ?? src;
    const randomFully = b.kind !== 'SNAT' || b.randomFully;
    const sport = b.kind === 'SNAT' && b.port !== undefined ? b.port : randomFully && pkt.proto !== 'icmp' ? this.fabric.natPort() : pkt.sport;
    const next = { ...pkt, src, sport };
    const before = endpoint(pkt.src, pkt.sport, pkt.proto);
    const after = endpoint(src, sport, pkt.proto);
    this.hop(at, { kind: 'nat', text: `${b.kind} ${before} → ${after}`, before, after });
    return next;
  }

  private ctTranslate(at: Place, hook: Hook, pkt: WirePacket, ct: CtPass): WirePacket {
    const c = ct.conn!;
    const early = hook === 'PREROUTING' || hook === 'OUTPUT';
    let next = pkt;
    if (ct.dir === 'orig') {
      if (early && c.dnat) next = { ...pkt, dst: c.reply.src, dport: c.reply.sport };
      if (!early && c.snat) next = { ...pkt, src: c.reply.dst, sport: c.reply.dport };
    } else {
      if (early && c.snat) next = { ...pkt, dst: c.orig.src, dport: c.orig.sport };
      if (!early && c.dnat) next = { ...pkt, src: c.orig.dst, sport: c.orig.dport };
    }
    if (next.src !== pkt.src || next.sport !== pkt.sport || next.dst !== pkt.dst || next.dport !== pkt.dport) {
      const moved = next.dst !== pkt.dst || next.dport !== pkt.dport;
      const before = moved ? endpoint(pkt.dst, pkt.dport, pkt.proto) : endpoint(pkt.src, pkt.sport, pkt.proto);
      const after = moved ? endpoint(next.dst, next.dport, pkt.proto) : endpoint(next.src, next.sport, pkt.proto);
      this.hop(at, { kind: 'nat', text: `conntrack: ${moved ? 'destination' : 'source'} ${before} → ${after} (${ct.dir === 'orig' ? 'as tracked' : 'un-NAT of the reply'})`, before, after });
    }
    return next;
  }

  // ------------------------------------------------------------------ paths

  /** A packet the namespace at `at` sends itself (a socket's, or the kernel's own). */
  send(at: Place, pkt: WirePacket, ctIn?: CtPass): Fate {
    if (!this.budget()) return { kind: 'dropped' };
    const ns = this.ns(at);
    if (!ns) return { kind: 'dropped' };
    let route = lookupRoute(ns, pkt.dst);
    if (route.kind === 'none') {
      this.hop(at, { kind: 'route', text: `route: no route to ${formatIPv4(pkt.dst)}: connect: Network is unreachable` });
      return { kind: 'error', error: 'ENETUNREACH', from: pkt.src, afterMs: 0 };
    }
    if (pkt.src === 0) {
      pkt = { ...pkt, src: route.kind === 'unicast' ? route.src ?? 0 : pkt.dst };
      this.chosenSrc ??= pkt.src;
    }
    this.routeHop(at, route, pkt.dst);
    const ct = ctIn ?? this.ctBegin(at, pkt);
    const outDev = route.kind === 'unicast' ? route.dev : 'lo';
    const o = this.runHook(at, 'OUTPUT', pkt, ct, { out: outDev }, OUTPUT_UPTO_NAT);
    if ('verdict' in o) return this.verdictFate(at, o, pkt);
    if (o.pkt.dst !== pkt.dst) {
      // A DNAT in OUTPUT: the kernel routes the packet again inside the nat hook (ip_route_me_harder),
      // so the filter table already sees the new way out.
      route = lookupRoute(ns, o.pkt.dst);
      if (route.kind === 'none') return { kind: 'error', error: 'ENETUNREACH', from: pkt.src, afterMs: 0 };
      this.routeHop(at, route, o.pkt.dst);
    }
    const f = this.runHook(at, 'OUTPUT', o.pkt, ct, { out: route.kind === 'unicast' ? route.dev : 'lo' }, OUTPUT_AFTER_NAT);
    if ('verdict' in f) return this.verdictFate(at, f, pkt);
    pkt = f.pkt;
    const dev = route.kind === 'unicast' ? route.dev : 'lo';
    const p = this.runHook(at, 'POSTROUTING', pkt, ct, { out: dev });
    if ('verdict' in p) return this.verdictFate(at, p, pkt);
    if (route.kind === 'local') return this.receive(at, ns.link('lo')!, p.pkt, p.pkt.dst, ct);
    this.ctConfirm(at, ct, p.pkt);
    return this.transmit(at, route.dev, (route as Extract<RouteDecision, { kind: 'unicast' }>).nexthop, p.pkt);
  }

  private routeHop(at: Place, r: RouteDecision, dst: number): void {
    if (r.kind === 'local') this.hop(at, { kind: 'route', text: `route: ${formatIPv4(dst)} is local (dev ${r.dev})` });
    else if (r.kind === 'unicast') this.hop(at, { kind: 'route', text: `route: ${formatIPv4(dst)} → ${routeText(r.route)}` });
  }

  private verdictFate(at: Place, v: { verdict: 'DROP' | 'REJECT'; rejectWith?: string }, pkt: WirePacket): Fate {
    if (v.verdict === 'DROP') {
      // a policy drop already said why
      if (this.hops[this.hops.length - 1]?.kind !== 'drop') this.hop(at, { kind: 'drop', text: 'dropped by the rule above' });
      return { kind: 'dropped' };
    }
    const w = v.rejectWith ?? 'icmp-port-unreachable';
    this.hop(at, { kind: 'drop', text: `rejected: ${w}` });
    const error: ConnectError = w === 'icmp-host-unreachable' ? 'EHOSTUNREACH' : w === 'icmp-net-unreachable' ? 'ENETUNREACH' : 'ECONNREFUSED';
    const ns = this.ns(at)!;
    // The ICMP error comes from the address the packet was for when it is this namespace's own,
    // else from the address routing picks for the way back to the sender.
    const back = lookupRoute(ns, pkt.src);
    const from = ns.addresses.some((a) => parseIPv4(a.ip) === pkt.dst) ? pkt.dst : back.kind === 'unicast' && back.src !== undefined ? back.src : back.kind === 'local' ? pkt.src : pkt.dst;
    return { kind: 'error', error, from, afterMs: this.latencyMs };
  }

  /** A packet arriving on `dev` of `at`'s namespace; `l2dst` is the address its frame was sent to. */
  receive(at: Place, dev: Link, pkt: WirePacket, l2dst: number, looped?: CtPass): Fate {
    if (!this.budget()) return { kind: 'dropped' };
    this.cross(at, dev.name, 'In', pkt);
    if (dev.master) return this.bridgeIn(at, dev, pkt, l2dst);
    // A packet looped back to its own namespace keeps the connection its way out started; PREROUTING's
    // nat does not run for it again.
    if (looped) return this.routedIn(at, dev, pkt, looped);
    const ct = this.ctBegin(at, pkt);
    const pre = this.runHook(at, 'PREROUTING', pkt, ct, { in: dev.name });
    if ('verdict' in pre) return this.verdictFate(at, pre, pkt);
    return this.routedIn(at, dev, pre.pkt, ct);
  }

  /** After PREROUTING: the routing decision, then local delivery or forwarding. */
  private routedIn(at: Place, dev: Link, pkt: WirePacket, ct: CtPass | undefined): Fate {
    const ns = this.ns(at)!;
    const route = lookupRoute(ns, pkt.dst);
    if (route.kind === 'local') return this.localIn(at, dev.name, pkt, ct);
    if (at.netns !== HOST_NETNS) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `dropped: ${formatIPv4(pkt.dst)} is not this namespace's and it does not forward (ip_forward=0)` });
      return { kind: 'dropped' };
    }
    if (route.kind === 'none') {
      this.hop(at, { kind: 'drop', text: `no route to ${formatIPv4(pkt.dst)}: ICMP net unreachable` });
      return { kind: 'error', error: 'ENETUNREACH', from: primaryAddress(ns, dev.name) ?? 0, afterMs: this.latencyMs };
    }
    this.routeHop(at, route, pkt.dst);
    if (pkt.ttl <= 1) {
      this.hop(at, { kind: 'drop', text: 'TTL exceeded in transit' });
      return { kind: 'dropped' };
    }
    pkt = { ...pkt, ttl: pkt.ttl - 1 };
    const fwd = this.runHook(at, 'FORWARD', pkt, ct, { in: dev.name, out: route.dev });
    if ('verdict' in fwd) return this.verdictFate(at, fwd, pkt);
    const post = this.runHook(at, 'POSTROUTING', fwd.pkt, ct, { out: route.dev });
    if ('verdict' in post) return this.verdictFate(at, post, fwd.pkt);
    this.ctConfirm(at, ct, post.pkt);
    return this.transmit(at, route.dev, route.nexthop, post.pkt);
  }

  /** Delivered to this namespace: INPUT, then IPVS, then the socket layer (the caller's). */
  private localIn(at: Place, dev: string, pkt: WirePacket, ct: CtPass | undefined): Fate {
    this.hop(at, { kind: 'route', dev, text: `route: ${formatIPv4(pkt.dst)} is local` });
    // IPVS hooks LOCAL_IN just before the nat table's INPUT half: filter first, then IPVS, then nat.
    const inp = this.runHook(at, 'INPUT', pkt, ct, { in: dev }, INPUT_BEFORE_IPVS);
    if ('verdict' in inp) return this.verdictFate(at, inp, pkt);
    pkt = inp.pkt;
    const ipvs = at.netns === HOST_NETNS && pkt.proto !== 'icmp' ? this.fabric.ipvsOf(at.machine) : undefined;
    if (ipvs && (!ct?.conn || ct.dir === 'orig')) {
      const v = ipvs.inbound({ protocol: pkt.proto === 'tcp' ? 'TCP' : 'UDP', saddr: formatIPv4(pkt.src), sport: pkt.sport, daddr: formatIPv4(pkt.dst), dport: pkt.dport, bytes: pkt.len, ...(pkt.proto === 'tcp' ? { tcp: { syn: pkt.tcpFlags === 'S', ack: pkt.tcpFlags !== 'S' } } : {}) }, this.nowMs);
      if (v.kind === 'unreachable') {
        this.hop(at, { kind: 'ipvs', text: `IPVS: ${pkt.proto.toUpperCase()} ${endpoint(pkt.dst, pkt.dport, pkt.proto)} has no destination: ICMP port unreachable` });
        return { kind: 'error', error: 'ECONNREFUSED', from: pkt.dst, afterMs: this.latencyMs };
      }
      if (v.kind === 'drop') {
        this.hop(at, { kind: 'drop', text: `IPVS: the connection's real server ${v.conn.dest.address}:${v.conn.dest.port} is gone: dropped` });
        return { kind: 'dropped' };
      }
      if (v.kind === 'forward') {
        const dst = parseIPv4(v.conn.dest.address)!;
        const dport = v.conn.dest.port;
        this.hop(at, { kind: 'ipvs', text: `IPVS: ${pkt.proto.toUpperCase()} ${endpoint(pkt.dst, pkt.dport, pkt.proto)} ${v.conn.service.scheduler} → ${v.conn.dest.address}:${dport} (${v.isNew ? 'new connection' : 'existing connection'}, Masq)` });
        const before = endpoint(pkt.dst, pkt.dport, pkt.proto);
        const next: WirePacket = { ...pkt, dst, dport };
        this.hop(at, { kind: 'nat', text: `DNAT ${before} → ${endpoint(dst, dport, pkt.proto)} (IPVS masquerading)`, before, after: endpoint(dst, dport, pkt.proto) });
        // A later packet of a tracked connection was rewritten the same way the first one was, and
        // conntrack already holds it; a new connection's reply tuple is set when it is confirmed.
        if (ct && !ct.conn) ct.dnatDone = true;
        return this.ipvsOut(at, next, ct);
      }
    }
    const natIn = this.runHook(at, 'INPUT', pkt, ct, { in: dev }, ['nat']);
    if ('verdict' in natIn) return this.verdictFate(at, natIn, pkt);
    pkt = natIn.pkt;
    this.ctConfirm(at, ct, pkt);
    return this.decapsulate(at, pkt) ?? { kind: 'local', at, pkt };
  }

  /** IPVS sends the rewritten packet on: routed, then LOCAL_OUT and POSTROUTING. */
  private ipvsOut(at: Place, pkt: WirePacket, ct: CtPass | undefined): Fate {
    const ns = this.ns(at)!;
    const route = lookupRoute(ns, pkt.dst);
    if (route.kind === 'none') return { kind: 'dropped' };
    this.routeHop(at, route, pkt.dst);
    const dev = route.kind === 'unicast' ? route.dev : 'lo';
    const o = this.runHook(at, 'OUTPUT', pkt, ct, { out: dev });
    if ('verdict' in o) return this.verdictFate(at, o, pkt);
    const p = this.runHook(at, 'POSTROUTING', o.pkt, ct, { out: dev });
    if ('verdict' in p) return this.verdictFate(at, p, o.pkt);
    this.ctConfirm(at, ct, p.pkt);
    if (route.kind === 'local') return { kind: 'local', at, pkt: p.pkt };
    return this.transmit(at, route.dev, route.nexthop, p.pkt);
  }

  // ------------------------------------------------------------------ links

  private transmit(at: Place, devName: string, nexthop: number, pkt: WirePacket): Fate {
    const ns = this.ns(at)!;
    const dev = ns.link(devName);
    if (!dev) return { kind: 'dropped' };
    if (dev.state === 'DOWN' && dev.type !== 'bridge') {
      this.hop(at, { kind: 'drop', dev: devName, text: `${devName} is down` });
      return { kind: 'dropped' };
    }
    this.cross(at, dev.name, 'Out', pkt);
    switch (dev.type) {
      case 'veth':
        return this.crossVeth(at, dev, pkt, nexthop);
      case 'bridge':
        return this.bridgeOut(at, dev, pkt, nexthop);
      case 'vxlan':
        return this.encapsulate(at, dev, pkt, nexthop);
      case 'ether':
        return this.wire(at, dev, pkt, nexthop);
      case 'loopback':
        return this.receive(at, dev, pkt, nexthop);
      default:
        this.hop(at, { kind: 'drop', dev: devName, text: `${devName} (${dev.type}) does not transmit` });
        return { kind: 'dropped' };
    }
  }

  private crossVeth(at: Place, dev: Link, pkt: WirePacket, nexthop: number): Fate {
    if (!dev.peer) return { kind: 'dropped' };
    const there: Place = { machine: at.machine, netns: dev.peer.netns };
    const peerNs = this.ns(there);
    const peer = peerNs?.links.find((l) => l.index === dev.peer!.index);
    if (!peer) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: the other end of the veth pair is gone` });
      return { kind: 'dropped' };
    }
    this.latencyMs += 0.004;
    // A routed veth (Calico's): the next hop is an address no one holds, and the host end answers the
    // pod's ARP for it with its own MAC (proxy_arp), so the frame goes to the host to be routed.
    const proxied = peer.proxyArp && !peerNs!.addresses.some((a) => parseIPv4(a.ip) === nexthop) ? `; proxy ARP: ${peer.name} answers for ${formatIPv4(nexthop)} with ${peer.mac}` : '';
    this.hop(at, { kind: 'veth', dev: dev.name, text: `${dev.name} → ${peer.name} in ${netnsLabel(there) === 'host' ? 'the host' : netnsLabel(there)} (veth pair${proxied})` });
    // Crossing into another namespace scrubs the mark.
    return this.receive(there, peer, { ...pkt, mark: 0 }, nexthop);
  }

  /** The port of bridge `br` behind which `ip` lives (what ARP on the bridge finds). */
  private portFor(at: Place, br: Link, ip: number): Link | undefined {
    const ns = this.ns(at)!;
    for (const l of ns.links) {
      if (l.master !== br.name || !l.peer) continue;
      const peerNs = at.machine.netns(l.peer.netns);
      if (peerNs?.addresses.some((a) => parseIPv4(a.ip) === ip)) return l;
    }
    return undefined;
  }

  private bridgeOut(at: Place, br: Link, pkt: WirePacket, nexthop: number): Fate {
    const port = this.portFor(at, br, nexthop);
    if (!port) {
      this.hop(at, { kind: 'drop', dev: br.name, text: `${br.name}: no answer to ARP for ${formatIPv4(nexthop)}: host unreachable` });
      return { kind: 'error', error: 'EHOSTUNREACH', from: primaryAddress(this.ns(at)!, br.name) ?? pkt.src, afterMs: ARP_FAIL_MS };
    }
    this.latencyMs += 0.002;
    this.hop(at, { kind: 'bridge', dev: br.name, text: `${br.name}: ${formatIPv4(nexthop)} is behind port ${port.name}` });
    this.cross(at, port.name, 'Out', pkt);
    return this.crossVeth(at, port, pkt, nexthop);
  }

  /** A frame entering bridge port `port`: for the bridge itself (routed by the host) or bridged to another port. */
  private bridgeIn(at: Place, port: Link, pkt: WirePacket, l2dst: number): Fate {
    const ns = this.ns(at)!;
    const br = ns.link(port.master!);
    if (!br) return { kind: 'dropped' };
    const own = ns.addresses.some((a) => a.dev === br.name && parseIPv4(a.ip) === l2dst);
    if (own || l2dst === pkt.dst && ns.addresses.some((a) => parseIPv4(a.ip) === pkt.dst)) {
      this.hop(at, { kind: 'bridge', dev: br.name, text: `${br.name}: frame from ${port.name} is for the bridge's own address` });
      // br_netfilter runs PREROUTING at the bridge, before it decides where the frame goes: a DNAT to an
      // address behind this same bridge keeps the frame at layer 2 (bridged, no TTL decrement), back
      // out of the port it came in by if that is where the endpoint is — which takes hairpin mode.
      this.cross(at, br.name, 'In', pkt);
      const ct = this.ctBegin(at, pkt);
      const pre = this.runHook(at, 'PREROUTING', pkt, ct, { in: br.name, physIn: port.name, bridged: true });
      if ('verdict' in pre) return this.verdictFate(at, pre, pkt);
      const target = pre.pkt.dst !== pkt.dst ? this.portFor(at, br, pre.pkt.dst) : undefined;
      if (!target) {
        this.hop(at, { kind: 'bridge', dev: br.name, text: `${br.name}: up to the host's stack` });
        return this.routedIn(at, br, pre.pkt, ct);
      }
      return this.bridgeForward(at, br, port, target, pre.pkt, ct, 'its translated destination is behind this bridge');
    }
    const out = this.portFor(at, br, l2dst);
    if (!out) {
      this.hop(at, { kind: 'drop', dev: br.name, text: `${br.name}: nobody answers ARP for ${formatIPv4(l2dst)}` });
      return { kind: 'error', error: 'EHOSTUNREACH', from: pkt.src, afterMs: ARP_FAIL_MS };
    }
    // br_netfilter: a bridged IPv4 frame passes the iptables hooks with the bridge as both devices.
    const ct = this.ctBegin(at, pkt);
    const pre = this.runHook(at, 'PREROUTING', pkt, ct, { in: br.name, physIn: port.name, bridged: true });
    if ('verdict' in pre) return this.verdictFate(at, pre, pkt);
    if (pre.pkt.dst !== pkt.dst) {
      const target = this.portFor(at, br, pre.pkt.dst);
      return target ? this.bridgeForward(at, br, port, target, pre.pkt, ct, 'after the DNAT') : this.routedIn(at, br, pre.pkt, ct);
    }
    return this.bridgeForward(at, br, port, out, pre.pkt, ct, '');
  }

  /** Bridged from `port` to `out` (hairpin when they are the same): FORWARD and POSTROUTING, then the veth. */
  private bridgeForward(at: Place, br: Link, port: Link, out: Link, pkt: WirePacket, ct: CtPass | undefined, why: string): Fate {
    if (out.name === port.name && !port.hairpin) {
      this.hop(at, { kind: 'drop', dev: br.name, text: `${br.name}: the frame would go back out ${port.name}, and hairpin mode is off` });
      return { kind: 'dropped' };
    }
    this.hop(at, { kind: 'bridge', dev: br.name, text: `${br.name}: bridged from ${port.name} to ${out.name}${out.name === port.name ? ' (hairpin)' : ''}${why ? ` — ${why}` : ''}` });
    const fwd = this.runHook(at, 'FORWARD', pkt, ct, { in: br.name, out: br.name, physIn: port.name, physOut: out.name, bridged: true });
    if ('verdict' in fwd) return this.verdictFate(at, fwd, pkt);
    const post = this.runHook(at, 'POSTROUTING', fwd.pkt, ct, { out: br.name, physOut: out.name, bridged: true });
    if ('verdict' in post) return this.verdictFate(at, post, pkt);
    this.ctConfirm(at, ct, post.pkt);
    this.cross(at, br.name, 'Out', post.pkt);
    this.cross(at, out.name, 'Out', post.pkt);
    return this.crossVeth(at, out, post.pkt, post.pkt.dst);
  }

  private encapsulate(at: Place, dev: Link, pkt: WirePacket, nexthop: number): Fate {
    const ns = this.ns(at)!;
    const vx = dev.vxlan!;
    const neigh = ns.findNeighbour(dev.name, nexthop);
    if (!neigh) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: no neighbour entry for ${formatIPv4(nexthop)}: dropped` });
      return { kind: 'dropped' };
    }
    const fdb = ns.findFdb(dev.name, neigh.lladdr);
    if (!fdb) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: no FDB entry for ${neigh.lladdr}: dropped` });
      return { kind: 'dropped' };
    }
    const remote = parseIPv4(fdb.dst!)!;
    const local = parseIPv4(vx.local)!;
    const sport = this.fabric.vxlanSourcePort(pkt);
    const outer: WirePacket = { src: local, dst: remote, proto: 'udp', sport, dport: vx.port, mark: pkt.mark, ttl: 64, len: pkt.len + 50, inner: pkt };
    this.latencyMs += 0.01;
    this.hop(at, { kind: 'encap', dev: dev.name, text: `${dev.name}: VXLAN VNI ${vx.vni}: ${formatIPv4(nexthop)} is ${neigh.lladdr} at ${fdb.dst}: outer UDP ${formatIPv4(local)}:${sport} → ${fdb.dst}:${vx.port}` });
    const fate = this.send(at, outer);
    if (fate.kind !== 'error') return fate;
    // An ICMP error about the outer packet goes to the kernel's VXLAN socket, never to the inner
    // packet's sender: for it the packet is simply lost, and it retransmits until it gives up.
    this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: the encapsulated packet is lost (the error about the outer packet stays with the VXLAN socket)` });
    return { kind: 'dropped' };
  }

  /** Out of eth0 onto the node network. */
  private wire(at: Place, dev: Link, pkt: WirePacket, nexthop: number): Fate {
    if (at.machine.isolated) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: the node is cut off from the node network` });
      return { kind: 'dropped' };
    }
    const target = this.fabric.onLan(nexthop);
    this.latencyMs += 0.12;
    if (target === 'router') {
      this.hop(at, { kind: 'wire', dev: dev.name, text: `out ${dev.name} to the router ${formatIPv4(nexthop)}: ${formatIPv4(pkt.dst)} is outside the cluster` });
      return { kind: 'outside', pkt };
    }
    if (!target) {
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: no answer to ARP for ${formatIPv4(nexthop)}: host unreachable` });
      return { kind: 'error', error: 'EHOSTUNREACH', from: primaryAddress(this.ns(at)!, dev.name) ?? pkt.src, afterMs: ARP_FAIL_MS };
    }
    if (target === at.machine) {
      // Someone on this machine answered ARP for the address (MetalLB's speaker); a frame sent to the
      // machine's own MAC leaves the NIC and never comes back.
      this.hop(at, { kind: 'drop', dev: dev.name, text: `${dev.name}: ${formatIPv4(nexthop)} answers ARP with this node's own MAC: the frame leaves and never comes back` });
      return { kind: 'dropped' };
    }
    const there: Place = { machine: target, netns: HOST_NETNS };
    this.hop(at, { kind: 'wire', dev: dev.name, text: `out ${dev.name} → ${target.name} (${formatIPv4(nexthop)}) on the node network` });
    return this.receive(there, target.host.link('eth0')!, { ...pkt, mark: 0 }, nexthop);
  }

  /** The kernel's VXLAN socket on port 8472 takes an outer packet addressed to the node. */
  private decapsulate(at: Place, outer: WirePacket): Fate | undefined {
    if (at.netns !== HOST_NETNS || outer.proto !== 'udp' || !outer.inner) return undefined;
    const dev = this.ns(at)!.links.find((l) => l.type === 'vxlan' && l.vxlan?.port === outer.dport);
    if (!dev) return undefined;
    this.hop(at, { kind: 'decap', dev: dev.name, text: `${dev.name}: VXLAN from ${formatIPv4(outer.src)}: inner ${endpoint(outer.inner.src, outer.inner.sport, outer.inner.proto)} → ${endpoint(outer.inner.dst, outer.inner.dport, outer.inner.proto)}` });
    return this.receive(at, dev, { ...outer.inner, mark: 0 }, outer.inner.dst);
  }
}
