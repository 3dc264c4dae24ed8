/**
 * One network namespace's IPVS state: virtual services with their destinations and schedulers, the
 * connection table, persistence templates and the stats estimators (net/netfilter/ipvs/ip_vs_ctl.c,
 * ip_vs_core.c, ip_vs_conn.c).
 *
 * How a first packet is handled (ip_vs_in → ip_vs_schedule):
 * 1. a packet of a known connection goes to that connection's destination; if the destination has
 *    been deleted the entry is expired and the packet dropped (expire_nodest_conn, which kube-proxy
 *    turns on); a new SYN on an entry in TIME_WAIT or CLOSE reschedules (conn_reuse_mode 1);
 * 2. otherwise the virtual service for <protocol, daddr, dport> is looked up; none: the packet is not
 *    IPVS traffic;
 * 3. with persistence, a valid template for <client network, service> decides the destination; a
 *    template whose destination was quiesced is dropped (expire_quiescent_template, also turned on by
 *    kube-proxy); otherwise the scheduler picks, and with persistence a new template remembers it;
 * 4. no destination: the kernel answers ICMP port unreachable and drops the packet.
 */
import { parseIpv4, type Protocol } from './addr';
import {
  bindDest,
  connKey,
  stateTimeoutMs,
  TEMPLATE_RECHECK_MS,
  tcpTransition,
  templateKey,
  unbindDest,
  type IpvsConn,
  type IpvsTemplate,
  type TcpFlags,
} from './connections';
import { forked } from '../../forked';
import { createScheduler, type DestChange, type Scheduler } from './schedulers';
import { ESTIMATOR_PERIOD_MS, estimate } from './stats';
import { IpvsDest, IpvsService, serviceKey, type DestSpec, type ServiceSpec } from './types';

/** The conntrack-independent knobs kube-proxy sets in /proc/sys/net/ipv4/vs. */
export interface IpvsSysctls {
  expireNodestConn: boolean;
  expireQuiescentTemplate: boolean;
  /** conn_reuse_mode: 1 reschedules a new SYN that hits an entry in TIME_WAIT or CLOSE */
  connReuseMode: number;
}

/** The values a node has after kube-proxy in IPVS mode started (proxier.go sets the first two to 1). */
export const KUBE_PROXY_SYSCTLS: IpvsSysctls = { expireNodestConn: true, expireQuiescentTemplate: true, connReuseMode: 1 };

export interface IpvsPacket {
  protocol: Protocol;
  saddr: string;
  sport: number;
  daddr: string;
  dport: number;
  /** bytes of the IP packet, for the InBytes counters */
  bytes?: number;
  /** TCP flags of the segment; a new TCP flow is only scheduled by a SYN. Defaults to a bare SYN. */
  tcp?: TcpFlags;
}

export type IpvsVerdict =
  /** no virtual service matches: the packet goes on to the local stack untouched */
  | { kind: 'pass' }
  | { kind: 'forward'; conn: IpvsConn; isNew: boolean }
  /** the service has no usable destination: ICMP port unreachable */
  | { kind: 'unreachable'; service: IpvsService }
  /** the connection's destination was deleted: the entry is expired and the packet dropped */
  | { kind: 'drop'; conn: IpvsConn };

export class IpvsError extends Error {}

export class IpvsTable {
  /** IP_VS_VERSION_CODE and the connection hash table size (CONFIG_IP_VS_TAB_BITS 12) */
  readonly version = '1.2.1';
  readonly connTableSize = 4096;
  readonly sysctls: IpvsSysctls;
  private readonly svcs = new Map<string, { svc: IpvsService; sched: Scheduler }>();
  private readonly conns = new Map<string, IpvsConn>();
  /** templates that can still be found by lookups */
  private readonly liveTemplates = new Map<string, IpvsTemplate>();
  /** every template until its timer ends, including invalidated ones (they still hold persistConns) */
  private readonly allTemplates = new Set<IpvsTemplate>();
  private nextConnId = 1;
  private nextEstimate: number;
  /** no timer is due before this time (a lower bound; expire() recomputes it) */
  private nextDue = Infinity;

  constructor(opts: { sysctls?: IpvsSysctls; bootMs?: number } = {}) {
    this.sysctls = opts.sysctls ?? KUBE_PROXY_SYSCTLS;
    this.nextEstimate = (opts.bootMs ?? 0) + ESTIMATOR_PERIOD_MS;
  }

  /**
   * A copy of the whole table — services, destinations, connections, templates, counters and each
   * scheduler in its current state — that can be used (a quiet trace walks through it) without
   * changing this one.
   */
  fork(): IpvsTable {
    const memo = new Map<unknown, unknown>();
    const copy = forked(this, memo);
    for (const [key, entry] of this.svcs) {
      const into = copy.svcs.get(key)!;
      into.sched = entry.sched.fork(into.svc, (d) => (memo.get(d) as IpvsDest | undefined) ?? d);
    }
    return copy;
  }

  // ---- services ----

  services(): IpvsService[] {
    return [...this.svcs.values()].map((e) => e.svc);
  }

  getService(protocol: Protocol, address: string, port: number): IpvsService | undefined {
    return this.svcs.get(serviceKey(protocol, address, port))?.svc;
  }

  addService(spec: ServiceSpec): IpvsService {
    const key = serviceKey(spec.protocol, spec.address, spec.port);
    if (this.svcs.has(key)) throw new IpvsError('Service already exists');
    const svc = new IpvsService(spec);
    this.svcs.set(key, { svc, sched: createScheduler(svc) });
    return svc;
  }

  /** ip_vs_edit_service: a new scheduler starts from a fresh state over the current destinations. */
  editService(spec: ServiceSpec): IpvsService {
    const entry = this.svcs.get(serviceKey(spec.protocol, spec.address, spec.port));
    if (!entry) throw new IpvsError('No such service');
    const { svc } = entry;
    svc.flags = spec.flags ?? 0;
    svc.timeout = spec.timeout ?? 0;
    svc.netmask = spec.netmask ?? 0xffffffff;
    if (svc.scheduler !== spec.scheduler) {
      svc.scheduler = spec.scheduler;
      entry.sched = createScheduler(svc);
    }
    return svc;
  }

  /** Deleting a service unlinks its destinations; connections still pointing at them are dropped on their next packet. */
  deleteService(protocol: Protocol, address: string, port: number): void {
    const key = serviceKey(protocol, address, port);
    const entry = this.svcs.get(key);
    if (!entry) throw new IpvsError('No such service');
    for (const d of entry.svc.dests) d.available = false;
    this.svcs.delete(key);
    for (const [k, t] of this.liveTemplates) if (t.service === entry.svc) this.liveTemplates.delete(k);
  }

  // ---- destinations ----

  addDest(svc: IpvsService, spec: DestSpec): IpvsDest {
    if (svc.findDest(spec.address, spec.port)) throw new IpvsError('Destination already exists');
    const dest = new IpvsDest(spec.address, spec.port, spec.weight, spec.forward ?? 'Masq');
    dest.uThreshold = spec.uThreshold ?? 0;
    dest.lThreshold = spec.lThreshold ?? 0;
    svc.dests.unshift(dest);
    this.notify(svc, { kind: 'add', dest });
    return dest;
  }

  /** ip_vs_edit_dest: weight, forwarding method and thresholds; the last non-zero weight is kept for mh. */
  editDest(svc: IpvsService, spec: DestSpec): IpvsDest {
    const dest = svc.findDest(spec.address, spec.port);
    if (!dest) throw new IpvsError('No such destination');
    if (spec.weight !== 0) dest.lastWeight = spec.weight;
    dest.weight = spec.weight;
    if (spec.forward) dest.forward = spec.forward;
    const u = spec.uThreshold ?? 0;
    if (u === 0 || u > dest.uThreshold) dest.overloaded = false;
    dest.uThreshold = u;
    dest.lThreshold = spec.lThreshold ?? 0;
    this.notify(svc, { kind: 'upd', dest });
    return dest;
  }

  deleteDest(svc: IpvsService, address: string, port: number): void {
    const index = svc.dests.findIndex((d) => d.address === address && d.port === port);
    if (index < 0) throw new IpvsError('No such destination');
    const [dest] = svc.dests.splice(index, 1);
    dest!.available = false;
    this.notify(svc, { kind: 'del', dest: dest!, index });
  }

  private notify(svc: IpvsService, change: DestChange): void {
    this.svcs.get(svc.key)?.sched.destsChanged(change);
  }

  // ---- traffic ----

  connections(): IpvsConn[] {
    return [...this.conns.values()];
  }

  templates(): IpvsTemplate[] {
    return [...this.allTemplates];
  }

  /** A packet from a client towards a virtual address (the netfilter LOCAL_IN / FORWARD hook). */
  inbound(pkt: IpvsPacket, now: number): IpvsVerdict {
    this.expire(now);
    const caddr = parseIpv4(pkt.saddr);
    const vaddr = parseIpv4(pkt.daddr);
    const tcp = pkt.protocol === 'TCP' ? pkt.tcp ?? { syn: true } : undefined;
    const key = connKey(pkt.protocol, caddr, pkt.sport, vaddr, pkt.dport);
    const existing = this.conns.get(key);
    if (existing) {
      if (!existing.dest.available && this.sysctls.expireNodestConn) {
        this.removeConn(existing);
        return { kind: 'drop', conn: existing };
      }
      const reuse =
        tcp?.syn && !tcp.ack && this.sysctls.connReuseMode !== 0 && existing.template === null &&
        (existing.state === 'TIME_WAIT' || existing.state === 'CLOSE');
      if (!reuse) {
        this.account(existing, 'in', pkt.bytes ?? 0, tcp, now);
        return { kind: 'forward', conn: existing, isNew: false };
      }
      this.removeConn(existing);
    }
    const entry = this.svcs.get(serviceKey(pkt.protocol, pkt.daddr, pkt.dport));
    if (!entry) return { kind: 'pass' };
    if (tcp && !tcp.syn) return { kind: 'pass' };
    const { svc, sched } = entry;
    const info = { saddr: caddr, sport: pkt.sport, daddr: vaddr, dport: pkt.dport };

    let dest: IpvsDest | null;
    let template: IpvsTemplate | null = null;
    if (svc.persistent) {
      const clientNet = (caddr & svc.netmask) >>> 0;
      const tkey = templateKey(svc, clientNet);
      let ct = this.liveTemplates.get(tkey) ?? null;
      if (ct && !this.templateUsable(ct)) {
        this.liveTemplates.delete(tkey);
        ct.invalid = true;
        ct = null;
      }
      if (!ct) {
        dest = sched.schedule(info, now);
        if (!dest) return { kind: 'unreachable', service: svc };
        ct = { service: svc, clientNet, dest, expiresAt: 0, timeoutMs: svc.timeout * 1000, controlled: 0, invalid: false };
        dest.persistConns++;
        this.liveTemplates.set(tkey, ct);
        this.allTemplates.add(ct);
      }
      ct.expiresAt = now + ct.timeoutMs;
      this.nextDue = Math.min(this.nextDue, ct.expiresAt);
      dest = ct.dest;
      template = ct;
    } else {
      dest = sched.schedule(info, now);
      if (!dest) return { kind: 'unreachable', service: svc };
    }

    const conn: IpvsConn = {
      id: this.nextConnId++,
      service: svc,
      protocol: pkt.protocol,
      caddr,
      cport: pkt.sport,
      vaddr,
      vport: pkt.dport,
      dest,
      state: pkt.protocol === 'TCP' ? 'NONE' : 'UDP',
      inactive: true,
      expiresAt: now,
      template,
    };
    bindDest(dest);
    if (template) template.controlled++;
    this.conns.set(key, conn);
    svc.stats.conns++;
    dest.stats.conns++;
    this.account(conn, 'in', pkt.bytes ?? 0, tcp, now);
    return { kind: 'forward', conn, isNew: true };
  }

  /** A reply from the real server back through IPVS (it is un-NATed on the way out). */
  reply(conn: IpvsConn, now: number, bytes = 0, tcp?: TcpFlags): void {
    this.account(conn, 'out', bytes, conn.protocol === 'TCP' ? tcp ?? { ack: true } : undefined, now);
  }

  private account(conn: IpvsConn, dir: 'in' | 'out', bytes: number, tcp: TcpFlags | undefined, now: number): void {
    const svc = conn.service;
    const d = conn.dest;
    if (dir === 'in') {
      svc.stats.inpkts++;
      svc.stats.inbytes += bytes;
      d.stats.inpkts++;
      d.stats.inbytes += bytes;
    } else {
      svc.stats.outpkts++;
      svc.stats.outbytes += bytes;
      d.stats.outpkts++;
      d.stats.outbytes += bytes;
    }
    if (tcp) tcpTransition(conn, dir, tcp);
    conn.expiresAt = now + stateTimeoutMs(conn.state);
    this.nextDue = Math.min(this.nextDue, conn.expiresAt);
  }

  private templateUsable(t: IpvsTemplate): boolean {
    if (t.invalid || !t.dest.available) return false;
    return !(this.sysctls.expireQuiescentTemplate && t.dest.weight === 0);
  }

  private removeConn(conn: IpvsConn): void {
    this.conns.delete(connKey(conn.protocol, conn.caddr, conn.cport, conn.vaddr, conn.vport));
    unbindDest(conn);
    if (conn.template) conn.template.controlled--;
  }

  /**
   * Run the connection and template timers due by `now`, in time order: a template that fires while
   * connections are attached is re-armed and may fire again before `now`.
   */
  expire(now: number): void {
    if (now < this.nextDue) return;
    type Due = { at: number; conn?: IpvsConn; template?: IpvsTemplate };
    const due: Due[] = [];
    for (const conn of this.conns.values()) if (conn.expiresAt <= now) due.push({ at: conn.expiresAt, conn });
    for (const t of this.allTemplates) if (t.expiresAt <= now) due.push({ at: t.expiresAt, template: t });
    due.sort((a, b) => a.at - b.at);
    for (let i = 0; i < due.length; i++) {
      const { conn, template: t } = due[i]!;
      if (conn) {
        this.removeConn(conn);
        continue;
      }
      if (!t) continue;
      if (t.controlled > 0) {
        t.timeoutMs = TEMPLATE_RECHECK_MS;
        t.expiresAt += TEMPLATE_RECHECK_MS;
        if (t.expiresAt <= now) {
          const at = t.expiresAt;
          let j = i + 1;
          while (j < due.length && due[j]!.at <= at) j++;
          due.splice(j, 0, { at, template: t });
        }
        continue;
      }
      this.allTemplates.delete(t);
      t.dest.persistConns--;
      const k = templateKey(t.service, t.clientNet);
      if (this.liveTemplates.get(k) === t) this.liveTemplates.delete(k);
    }
    let next = Infinity;
    for (const conn of this.conns.values()) next = Math.min(next, conn.expiresAt);
    for (const t of this.allTemplates) next = Math.min(next, t.expiresAt);
    this.nextDue = next;
  }

  /** Everything time-driven up to `now`: connection and template timers, then the estimators. */
  tick(now: number): void {
    this.expire(now);
    this.runEstimators(now);
  }

  /** Run every 2-second estimator tick due by `now`, over each service and destination. */
  runEstimators(now: number): void {
    while (this.nextEstimate <= now) {
      for (const { svc } of this.svcs.values()) {
        estimate(svc.stats);
        for (const d of svc.dests) estimate(d.stats);
      }
      this.nextEstimate += ESTIMATOR_PERIOD_MS;
    }
  }
}
