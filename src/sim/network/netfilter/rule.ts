/**
 * Rules as data. A rule is what the kernel holds for one `-A CHAIN …` line: the IP header matches
 * (`-s`, `-d`, `-i`, `-o`, `-p`), the extension matches in the order they were given, and a target.
 * Rule objects are frozen and never change, so the same object can sit in many chains on many nodes;
 * counters live beside the chain, not in the rule. Text is a view, rendered by text.ts.
 */
import type { IPv4Net } from '../ipv4';
import { parseIp, parsePrefix } from './addr';
import { formatFixed } from './decimal';

export type ProtoName = 'tcp' | 'udp' | 'sctp' | 'icmp';

export interface AddrMatch {
  readonly net: IPv4Net;
  readonly invert: boolean;
}

export interface IfaceMatch {
  /** an interface name; a trailing `+` matches every name with that prefix */
  readonly name: string;
  readonly invert: boolean;
}

/** Conntrack states as the conntrack match knows them; the order is the order iptables prints them. */
export const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'] as const;
export type CtState = (typeof CT_STATES)[number];

/** Address types of the addrtype match, in the kernel's (and iptables' printing) order. */
export const ADDR_TYPES = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE',
  'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
] as const;
export type AddrType = (typeof ADDR_TYPES)[number];

export interface PortRange {
  readonly lo: number;
  readonly hi: number;
  readonly invert: boolean;
}

export type Match =
  | { readonly m: 'comment'; readonly text: string }
  | { readonly m: ProtoName; readonly sport?: PortRange; readonly dport?: PortRange }
  | {
      readonly m: 'addrtype';
      readonly src?: { readonly types: readonly AddrType[]; readonly invert: boolean };
      readonly dst?: { readonly types: readonly AddrType[]; readonly invert: boolean };
    }
  | { readonly m: 'conntrack'; readonly states: readonly CtState[]; readonly invert: boolean }
  | { readonly m: 'mark'; readonly value: number; readonly mask: number; readonly invert: boolean }
  /** `probability` is what the kernel stores: round(2^31 × p), compared against 31 random bits */
  | { readonly m: 'statistic'; readonly probability: number; readonly invert: boolean }
  | {
      readonly m: 'recent';
      readonly op: 'set' | 'rcheck' | 'update' | 'remove';
      readonly seconds?: number;
      readonly reap?: boolean;
      readonly hitcount?: number;
      readonly name: string;
      /** the netmask applied to addresses before they are stored; 255.255.255.255 by default */
      readonly mask: number;
      readonly side: 'source' | 'dest';
      readonly invert: boolean;
    }
  | { readonly m: 'set'; readonly name: string; readonly dims: readonly ('src' | 'dst')[]; readonly invert: boolean }
  | {
      readonly m: 'physdev';
      readonly physdevIn?: string;
      readonly physdevOut?: string;
      readonly isIn?: boolean;
      readonly isOut?: boolean;
      readonly isBridged?: boolean;
      /** the options given with `!` before them */
      readonly invert?: readonly PhysdevOption[];
    }
  | { readonly m: 'nfacct'; readonly name: string }
  /**
   * xt_ipvs: the packet belongs to an IPVS connection (`--ipvs`), with that virtual service's
   * protocol number, address and port. Any option implies --ipvs, as libxt_ipvs's check adds it.
   */
  | {
      readonly m: 'ipvs';
      readonly ipvs?: { readonly invert: boolean };
      readonly vproto?: { readonly num: number; readonly invert: boolean };
      readonly vaddr?: { readonly net: IPv4Net; readonly invert: boolean };
      readonly vport?: { readonly port: number; readonly invert: boolean };
    }
  /**
   * `-m multiport --dports a,b,lo:hi` (portmap's per-protocol entry rules, felix's policy ports):
   * `dports` holds each entry's first port, `his` (when some entry is a range) each entry's last.
   */
  | { readonly m: 'multiport'; readonly dports: readonly number[]; readonly his?: readonly number[]; readonly invert: boolean };

/** physdev's options, in the order libxt_physdev prints them. */
export type PhysdevOption = 'isIn' | 'in' | 'isOut' | 'out' | 'isBridged';

export type NatRange = { readonly ip?: number; readonly port?: number; readonly portHi?: number };

export type Target =
  | { readonly t: 'chain'; readonly chain: string; readonly goto: boolean }
  | { readonly t: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { readonly t: 'REJECT'; readonly with: string }
  | { readonly t: 'DNAT'; readonly to: NatRange }
  | { readonly t: 'SNAT'; readonly to: NatRange; readonly randomFully: boolean }
  | { readonly t: 'MASQUERADE'; readonly toPorts?: { lo: number; hi: number }; readonly random: boolean; readonly randomFully: boolean }
  /** MARK as the kernel stores it: mark = (mark & ~mask) ^ value; --or-mark and --xor-mark become this */
  | { readonly t: 'MARK'; readonly value: number; readonly mask: number };

export interface Rule {
  readonly src?: AddrMatch;
  readonly dst?: AddrMatch;
  readonly in?: IfaceMatch;
  readonly out?: IfaceMatch;
  readonly proto?: { readonly name: ProtoName; readonly invert: boolean };
  readonly matches: readonly Match[];
  /** absent for a rule that only counts (kube-proxy's last KUBE-FW rule is one) */
  readonly target?: Target;
}

/** The names iptables treats as verdicts rather than chains. */
export const VERDICTS = new Set(['ACCEPT', 'DROP', 'RETURN']);

/**
 * What the kernel stores for `--probability p`: libxt_statistic keeps lround(2^31 × p).
 * `p` is the text given on the command line (kube-proxy writes ten digits, `%0.10f`).
 */
export function statisticProbability(text: string): number {
  const p = Number(text);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`invalid probability ${text}`);
  return Math.floor(0x80000000 * p + 0.5);
}

/** The probability as iptables prints it back: `%.11f` of stored / 2^31 (`0.33333333349`). */
export function formatProbability(stored: number): string {
  return formatFixed(stored / 0x80000000, 11);
}

/**
 * Builds a rule in the order its arguments are written on an iptables command line, so that the
 * match order (which iptables-save keeps) is the writer's. Only what is called is set.
 */
export class RuleBuilder {
  private r: {
    src?: AddrMatch; dst?: AddrMatch; in?: IfaceMatch; out?: IfaceMatch;
    proto?: { name: ProtoName; invert: boolean };
  } = {};
  private readonly ms: Match[] = [];

  src(cidr: string | IPv4Net, invert = false): this {
    this.r.src = { net: typeof cidr === 'string' ? parsePrefix(cidr) : cidr, invert };
    return this;
  }

  dst(cidr: string | IPv4Net, invert = false): this {
    this.r.dst = { net: typeof cidr === 'string' ? parsePrefix(cidr) : cidr, invert };
    return this;
  }

  inIface(name: string, invert = false): this {
    this.r.in = { name, invert };
    return this;
  }

  outIface(name: string, invert = false): this {
    this.r.out = { name, invert };
    return this;
  }

  /** `-p NAME` alone (the protocol match is implied; iptables-save shows no `-m` for it) */
  proto(name: ProtoName, invert = false): this {
    this.r.proto = { name, invert };
    return this;
  }

  /** `-m tcp -p tcp` as kube-proxy writes it: an explicit protocol match plus the protocol */
  protoMatch(name: ProtoName): this {
    this.r.proto = { name, invert: false };
    this.ms.push({ m: name });
    return this;
  }

  /** `--sport` on the most recent tcp/udp/sctp match */
  sport(lo: number, hi = lo, invert = false): this {
    return this.port('sport', lo, hi, invert);
  }

  /** `--dport` on the most recent tcp/udp/sctp match */
  dport(lo: number, hi = lo, invert = false): this {
    return this.port('dport', lo, hi, invert);
  }

  private port(which: 'sport' | 'dport', lo: number, hi: number, invert: boolean): this {
    for (let i = this.ms.length - 1; i >= 0; i--) {
      const m = this.ms[i]!;
      if (m.m === 'tcp' || m.m === 'udp' || m.m === 'sctp') {
        this.ms[i] = { ...m, [which]: { lo, hi, invert } };
        return this;
      }
    }
    throw new Error(`--${which} without a tcp, udp or sctp match`);
  }

  comment(text: string): this {
    this.ms.push({ m: 'comment', text });
    return this;
  }

  addrtype(spec: { src?: AddrType; dst?: AddrType; invertSrc?: boolean; invertDst?: boolean }): this {
    this.ms.push({
      m: 'addrtype',
      ...(spec.src ? { src: { types: [spec.src], invert: spec.invertSrc ?? false } } : {}),
      ...(spec.dst ? { dst: { types: [spec.dst], invert: spec.invertDst ?? false } } : {}),
    });
    return this;
  }

  ctstate(states: readonly CtState[], invert = false): this {
    // The kernel keeps a bit mask; iptables prints it back in its own fixed order.
    const ordered = CT_STATES.filter((s) => states.includes(s));
    this.ms.push({ m: 'conntrack', states: ordered, invert });
    return this;
  }

  mark(value: number, mask = 0xffffffff, invert = false): this {
    this.ms.push({ m: 'mark', value: value >>> 0, mask: mask >>> 0, invert });
    return this;
  }

  /** `-m statistic --mode random --probability TEXT` */
  probability(text: string, invert = false): this {
    this.ms.push({ m: 'statistic', probability: statisticProbability(text), invert });
    return this;
  }

  recent(spec: {
    op: 'set' | 'rcheck' | 'update' | 'remove';
    name: string;
    seconds?: number;
    reap?: boolean;
    hitcount?: number;
    side?: 'source' | 'dest';
    invert?: boolean;
  }): this {
    this.ms.push({
      m: 'recent',
      op: spec.op,
      name: spec.name,
      ...(spec.seconds ? { seconds: spec.seconds } : {}),
      ...(spec.reap ? { reap: true } : {}),
      ...(spec.hitcount ? { hitcount: spec.hitcount } : {}),
      mask: 0xffffffff,
      side: spec.side ?? 'source',
      invert: spec.invert ?? false,
    });
    return this;
  }

  matchSet(name: string, dims: readonly ('src' | 'dst')[], invert = false): this {
    this.ms.push({ m: 'set', name, dims: [...dims], invert });
    return this;
  }

  physdev(spec: { physdevIn?: string; physdevOut?: string; isIn?: boolean; isOut?: boolean; isBridged?: boolean; invert?: readonly PhysdevOption[] }): this {
    this.ms.push({ m: 'physdev', ...spec });
    return this;
  }

  /** `-m ipvs [--vproto N] [--vaddr A[/n]] [--vport P]`, each optionally negated */
  ipvs(spec: {
    vproto?: { num: number; invert?: boolean };
    vaddr?: { net: string | IPv4Net; invert?: boolean };
    vport?: { port: number; invert?: boolean };
    invert?: boolean;
  }): this {
    const any = spec.vproto || spec.vaddr || spec.vport;
    this.ms.push({
      m: 'ipvs',
      ...(!any || spec.invert ? { ipvs: { invert: spec.invert ?? false } } : {}),
      ...(spec.vproto ? { vproto: { num: spec.vproto.num, invert: spec.vproto.invert ?? false } } : {}),
      ...(spec.vaddr
        ? { vaddr: { net: typeof spec.vaddr.net === 'string' ? parsePrefix(spec.vaddr.net) : spec.vaddr.net, invert: spec.vaddr.invert ?? false } }
        : {}),
      ...(spec.vport ? { vport: { port: spec.vport.port, invert: spec.vport.invert ?? false } } : {}),
    });
    return this;
  }

  /** `-j MARK --and-mark bits`: libxt_MARK keeps it as xmark 0/~bits */
  andMark(bits: number): Rule {
    return this.target({ t: 'MARK', value: 0, mask: ~bits >>> 0 });
  }

  /** `-j MARK --set-xmark value[/mask]` */
  setXmark(value: number, mask = 0xffffffff): Rule {
    return this.target({ t: 'MARK', value: value >>> 0, mask: mask >>> 0 });
  }

  /** `-m multiport --destination-ports a,b,…` (iptables-save prints `--dports`) */
  multiportDports(ports: readonly number[], invert = false): this {
    this.ms.push({ m: 'multiport', dports: [...ports], invert });
    return this;
  }

  /** `-m multiport --destination-ports a,lo:hi,…` with port ranges (an entry's lo equal to hi is a single port) */
  multiportRanges(ranges: readonly { lo: number; hi: number }[], invert = false): this {
    const his = ranges.map((r) => r.hi);
    const anyRange = ranges.some((r) => r.hi !== r.lo);
    this.ms.push({ m: 'multiport', dports: ranges.map((r) => r.lo), ...(anyRange ? { his } : {}), invert });
    return this;
  }

  nfacct(name: string): this {
    this.ms.push({ m: 'nfacct', name });
    return this;
  }

  jump(chainOrVerdict: string): Rule {
    if (VERDICTS.has(chainOrVerdict)) return this.target({ t: chainOrVerdict as 'ACCEPT' | 'DROP' | 'RETURN' });
    return this.target({ t: 'chain', chain: chainOrVerdict, goto: false });
  }

  goto(chain: string): Rule {
    return this.target({ t: 'chain', chain, goto: true });
  }

  reject(withType = 'icmp-port-unreachable'): Rule {
    return this.target({ t: 'REJECT', with: withType });
  }

  dnat(ipPort: string): Rule {
    const [ip, port] = ipPort.split(':');
    return this.target({
      t: 'DNAT',
      to: { ...(ip ? { ip: parseIp(ip) } : {}), ...(port ? { port: Number(port) } : {}) },
    });
  }

  /** `-j DNAT --to-destination IP:PORT` from numbers */
  dnatTo(ip: number, port: number): Rule {
    return this.target({ t: 'DNAT', to: { ip, port } });
  }

  masquerade(opts: { randomFully?: boolean; random?: boolean } = {}): Rule {
    return this.target({ t: 'MASQUERADE', random: opts.random ?? false, randomFully: opts.randomFully ?? false });
  }

  orMark(bits: number): Rule {
    return this.target({ t: 'MARK', value: bits >>> 0, mask: bits >>> 0 });
  }

  xorMark(bits: number): Rule {
    return this.target({ t: 'MARK', value: bits >>> 0, mask: 0 });
  }

  setMark(value: number, mask = 0xffffffff): Rule {
    // libxt_MARK stores --set-mark v/m as xmark v/(m|v): clear the masked bits, then set v
    return this.target({ t: 'MARK', value: value >>> 0, mask: (mask | value) >>> 0 });
  }

  target(t: Target): Rule {
    return this.build(t);
  }

  /** A rule with no target: it only counts the packets that match. */
  build(target?: Target): Rule {
    const rule: Rule = { ...this.r, matches: this.ms.slice(), ...(target ? { target } : {}) };
    return deepFreezeRule(rule);
  }
}

export function rule(): RuleBuilder {
  return new RuleBuilder();
}

function deepFreezeRule(r: Rule): Rule {
  for (const m of r.matches) {
    if (m.m === 'multiport') {
      Object.freeze(m.dports);
      if (m.his) Object.freeze(m.his);
    }
    Object.freeze(m);
  }
  if (r.target) Object.freeze(r.target);
  Object.freeze(r.matches);
  return Object.freeze(r);
}
