/**
 * Walks a packet through the rules the way the kernel does and says what happened: the verdict, the
 * NAT binding a nat-table rule made, the mark, and every rule that matched with its iptables-save text
 * (what a packet trace shows). It evaluates the same rule objects iptables-save prints, so stale rules
 * are followed exactly as they read.
 *
 * Kernel semantics carried over:
 * - a hook runs its tables in priority order: raw, mangle, nat (destination NAT: PREROUTING/OUTPUT),
 *   filter, security, nat (source NAT: INPUT/POSTROUTING); the nat table is only consulted for the
 *   first packet of a connection (the caller, which owns conntrack, says so with `nat: false`);
 * - in a chain, a matching rule's target decides: ACCEPT ends this table, DROP/REJECT end everything,
 *   RETURN (or falling off a user chain) resumes the caller, a jump pushes, a goto replaces; DNAT,
 *   SNAT and MASQUERADE bind the connection and end the nat table; MARK changes the mark and goes on;
 *   a rule without a target only counts; falling off a built-in chain applies its policy;
 * - `statistic --mode random` draws 31 random bits per evaluation and matches below the stored
 *   probability (xt_statistic); the bits come from the caller's seeded stream;
 * - `recent` keeps, per list, the times each address was seen: --set records now, --rcheck matches if
 *   seen (within --seconds if given), --reap forgets stamps older than --seconds; a list holds at most
 *   100 addresses and 20 stamps each (xt_recent's ip_list_tot and ip_pkt_list_tot defaults).
 */
import { netContains } from '../ipv4';
import type { Chain, Hook, Netfilter, TableName } from './netfilter';
import { RECENT_LIST_MAX, RECENT_PKT_MAX } from './netfilter';
import type { AddrType, CtState, Match, PhysdevOption, Rule } from './rule';
import { saveLine } from './text';

export interface Packet {
  /** addresses as unsigned 32-bit numbers */
  src: number;
  dst: number;
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  sport: number;
  dport: number;
  /** interface the packet came in on (PREROUTING, INPUT, FORWARD) */
  inIface?: string;
  /** interface it leaves by (FORWARD, OUTPUT, POSTROUTING) */
  outIface?: string;
  /** skb mark */
  mark: number;
  /** conntrack state(s) of the packet, e.g. ['NEW'] or ['ESTABLISHED', 'DNAT'] */
  ctstate: readonly CtState[];
  /** bridge ports, for the physdev match, when the packet is being bridged */
  physIn?: string;
  physOut?: string;
  bridged?: boolean;
  /** the virtual service, when the packet belongs to an IPVS connection (the ipvs match reads it) */
  ipvs?: { vaddr: number; vport: number; proto: 'tcp' | 'udp' | 'sctp' | 'icmp' };
  /** bytes, for counters */
  len?: number;
}

export interface EvalEnv {
  /** virtual time now, ms (for recent) */
  nowMs: number;
  /** uniform 32-bit random numbers (a seeded stream) for statistic matches */
  random: () => number;
  /** addrtype LOCAL: is this address one of the namespace's own? */
  isLocal: (ip: number) => boolean;
  /** broadcast addresses of the namespace's subnets, for addrtype BROADCAST */
  isBroadcast?: (ip: number) => boolean;
  /** `-m set --match-set`: does the set hold the packet's fields named by `dims`? */
  ipsetTest?: (name: string, packet: Packet, dims: readonly ('src' | 'dst')[]) => boolean;
  /** count matched rules and policies in the chain counters (default true) */
  count?: boolean;
}

export type NatBinding =
  | { kind: 'DNAT'; ip?: number; port?: number }
  | { kind: 'SNAT'; ip?: number; port?: number; randomFully: boolean }
  | { kind: 'MASQUERADE'; randomFully: boolean };

/** One decision on the way: a rule that matched, or a built-in chain's policy. */
export type TraceStep =
  | { kind: 'rule'; table: TableName; chain: string; num: number; rule: Rule; text: string }
  | { kind: 'policy'; table: TableName; chain: string; policy: 'ACCEPT' | 'DROP' };

export interface TableResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  rejectWith?: string;
  nat?: NatBinding;
  mark: number;
  steps: TraceStep[];
}

/** Tables in the order a hook runs them; nat appears where its DNAT or SNAT half sits. */
export const HOOK_TABLES: Record<Hook, readonly TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'security', 'nat'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

const MAX_DEPTH = 64;

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function addrTypeOf(ip: number, env: EvalEnv, t: AddrType): boolean {
  switch (t) {
    case 'LOCAL':
      return env.isLocal(ip);
    case 'MULTICAST':
      return (ip >>> 28) === 0xe;
    case 'BROADCAST':
      return ip === 0xffffffff || (env.isBroadcast?.(ip) ?? false);
    case 'UNICAST':
      return !env.isLocal(ip) && (ip >>> 28) !== 0xe && ip !== 0xffffffff && !(env.isBroadcast?.(ip) ?? false);
    default:
      return false;
  }
}

function recentMatch(nf: Netfilter, m: Extract<Match, { m: 'recent' }>, p: Packet, env: EvalEnv): boolean {
  const addr = ((m.side === 'source' ? p.src : p.dst) & m.mask) >>> 0;
  let list = nf.recent.get(m.name);
  if (!list) {
    list = { entries: new Map() };
    nf.recent.set(m.name, list);
  }
  const entries = list.entries;
  const now = env.nowMs;
  // The map's order is least recently updated first, as xt_recent's LRU list.
  const record = (): void => {
    const stamps = entries.get(addr) ?? [];
    entries.delete(addr);
    stamps.push(now);
    if (stamps.length > RECENT_PKT_MAX) stamps.shift();
    entries.set(addr, stamps);
    if (entries.size > RECENT_LIST_MAX) entries.delete(entries.keys().next().value!);
  };
  if (m.op === 'set') {
    record();
    return !m.invert;
  }
  const stamps = entries.get(addr);
  if (!stamps) return m.invert;
  if (m.op === 'remove') {
    entries.delete(addr);
    return !m.invert;
  }
  let hit = true;
  if (m.seconds || m.hitcount) {
    const since = now - (m.seconds ?? 0) * 1000;
    const seen = m.seconds ? stamps.filter((t) => t >= since).length : stamps.length;
    hit = seen >= Math.max(1, m.hitcount ?? 0);
    if (m.reap && m.seconds) {
      // --reap drops the least recently seen address of the list once it has expired
      const [oldest, oldStamps] = entries.entries().next().value!;
      if (oldStamps[oldStamps.length - 1]! < since && !(m.op === 'update' && oldest === addr)) entries.delete(oldest);
    }
  }
  if (m.op === 'update' && hit) record();
  return hit !== m.invert;
}

function matchOne(nf: Netfilter, m: Match, p: Packet, env: EvalEnv): boolean {
  switch (m.m) {
    case 'comment':
    case 'nfacct':
      return true;
    case 'tcp':
    case 'udp':
    case 'sctp': {
      if (p.proto !== m.m) return false;
      if (m.sport && (p.sport >= m.sport.lo && p.sport <= m.sport.hi) === m.sport.invert) return false;
      if (m.dport && (p.dport >= m.dport.lo && p.dport <= m.dport.hi) === m.dport.invert) return false;
      return true;
    }
    case 'icmp':
      return p.proto === 'icmp';
    case 'addrtype': {
      if (m.src && m.src.types.some((t) => addrTypeOf(p.src, env, t)) === m.src.invert) return false;
      if (m.dst && m.dst.types.some((t) => addrTypeOf(p.dst, env, t)) === m.dst.invert) return false;
      return true;
    }
    case 'conntrack':
      return m.states.some((s) => p.ctstate.includes(s)) !== m.invert;
    case 'mark':
      return ((p.mark & m.mask) >>> 0 === m.value) !== m.invert;
    case 'statistic':
      return ((env.random() & 0x7fffffff) < m.probability) !== m.invert;
    case 'recent':
      return recentMatch(nf, m, p, env);
    case 'set':
      return (env.ipsetTest?.(m.name, p, m.dims) ?? false) !== m.invert;
    case 'multiport':
      if (p.proto !== 'tcp' && p.proto !== 'udp' && p.proto !== 'sctp') return false;
      return m.dports.some((lo, i) => p.dport >= lo && p.dport <= (m.his?.[i] ?? lo)) !== m.invert;
    case 'physdev':
      return physdevMatch(m, p);
    case 'ipvs':
      return ipvsMatch(m, p);
  }
}

/**
 * xt_physdev: a packet that did not cross a bridge fails every option given without `!` and passes
 * the negated ones; a bridged packet tests each option, the `!` turning the answer round.
 */
function physdevMatch(m: Extract<Match, { m: 'physdev' }>, p: Packet): boolean {
  const inv = (o: PhysdevOption): boolean => m.invert?.includes(o) ?? false;
  const given: [PhysdevOption, boolean | undefined, () => boolean][] = [
    ['isBridged', m.isBridged, () => p.bridged ?? p.physOut !== undefined],
    ['isIn', m.isIn, () => p.physIn !== undefined],
    ['isOut', m.isOut, () => p.physOut !== undefined],
    ['in', m.physdevIn !== undefined, () => ifaceMatches(m.physdevIn!, p.physIn)],
    ['out', m.physdevOut !== undefined, () => ifaceMatches(m.physdevOut!, p.physOut)],
  ];
  const bridged = p.physIn !== undefined || p.physOut !== undefined || p.bridged === true;
  for (const [opt, present, test] of given) {
    if (!present) continue;
    if (!bridged) {
      if (!inv(opt)) return false;
      continue;
    }
    if (test() === inv(opt)) return false;
  }
  return true;
}

/** xt_ipvs: only packets IPVS handled carry a virtual service to compare with. */
function ipvsMatch(m: Extract<Match, { m: 'ipvs' }>, p: Packet): boolean {
  const vs = p.ipvs;
  const property = vs !== undefined;
  if (m.ipvs && property === m.ipvs.invert) return false;
  if (!vs) return !(m.vproto || m.vaddr || m.vport);
  if (m.vproto && (IP_PROTO_NUMBER[vs.proto] === m.vproto.num) === m.vproto.invert) return false;
  if (m.vaddr && netContains(m.vaddr.net, vs.vaddr) === m.vaddr.invert) return false;
  if (m.vport && (vs.vport === m.vport.port) === m.vport.invert) return false;
  return true;
}

const IP_PROTO_NUMBER: Record<Packet['proto'], number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 };

/** Whether every part of `r` matches `p`. Matches run in order, so random draws happen in rule order. */
export function ruleMatches(nf: Netfilter, r: Rule, p: Packet, env: EvalEnv): boolean {
  if (r.src && netContains(r.src.net, p.src) === r.src.invert) return false;
  if (r.dst && netContains(r.dst.net, p.dst) === r.dst.invert) return false;
  if (r.in && ifaceMatches(r.in.name, p.inIface) === r.in.invert) return false;
  if (r.out && ifaceMatches(r.out.name, p.outIface) === r.out.invert) return false;
  if (r.proto && (p.proto === r.proto.name) === r.proto.invert) return false;
  for (const m of r.matches) if (!matchOne(nf, m, p, env)) return false;
  return true;
}

/** Runs one table's built-in chain `hook` for `p`. `p.mark` is read; the new mark is returned. */
export function evaluateTable(nf: Netfilter, table: TableName, hook: Hook, p: Packet, env: EvalEnv): TableResult {
  const steps: TraceStep[] = [];
  const t = nf.peek(table);
  const base = t.chain(hook);
  const pkt: Packet = { ...p };
  const count = env.count ?? true;
  const bytes = p.len ?? 60;
  if (!base) return { verdict: 'ACCEPT', mark: pkt.mark, steps };
  const stack: { chain: Chain; next: number }[] = [];
  let chain = base;
  let i = 0;
  for (;;) {
    if (i >= chain.rules.length) {
      if (chain.builtin) {
        if (count) {
          chain.policyPkts++;
          chain.policyBytes += bytes;
        }
        steps.push({ kind: 'policy', table, chain: chain.name, policy: chain.policy });
        return { verdict: chain.policy, mark: pkt.mark, steps };
      }
      const frame = stack.pop();
      if (!frame) {
        // nothing to return to (reached by goto from the built-in chain): its policy decides
        chain = base;
        i = base.rules.length;
        continue;
      }
      chain = frame.chain;
      i = frame.next;
      continue;
    }
    const r = chain.rules[i]!;
    if (!ruleMatches(nf, r, pkt, env)) {
      i++;
      continue;
    }
    if (count) chain.count(i, bytes);
    steps.push({ kind: 'rule', table, chain: chain.name, num: i + 1, rule: r, text: saveLine(chain.name, r) });
    const tg = r.target;
    if (!tg) {
      i++;
      continue;
    }
    switch (tg.t) {
      case 'ACCEPT':
        return { verdict: 'ACCEPT', mark: pkt.mark, steps };
      case 'DROP':
        return { verdict: 'DROP', mark: pkt.mark, steps };
      case 'REJECT':
        return { verdict: 'REJECT', rejectWith: tg.with, mark: pkt.mark, steps };
      case 'RETURN': {
        const frame = stack.pop();
        if (!frame) {
          // RETURN in the built-in chain, or in a chain reached by goto from it: the policy decides
          chain = base;
          i = base.rules.length;
          continue;
        }
        chain = frame.chain;
        i = frame.next;
        continue;
      }
      case 'MARK':
        pkt.mark = ((pkt.mark & ~tg.mask) ^ tg.value) >>> 0;
        i++;
        continue;
      case 'DNAT':
        return { verdict: 'ACCEPT', nat: { kind: 'DNAT', ...tg.to }, mark: pkt.mark, steps };
      case 'SNAT':
        return { verdict: 'ACCEPT', nat: { kind: 'SNAT', ...tg.to, randomFully: tg.randomFully }, mark: pkt.mark, steps };
      case 'MASQUERADE':
        return { verdict: 'ACCEPT', nat: { kind: 'MASQUERADE', randomFully: tg.randomFully }, mark: pkt.mark, steps };
      case 'chain': {
        const next = t.chain(tg.chain);
        if (!next) {
          i++;
          continue;
        }
        if (!tg.goto) stack.push({ chain, next: i + 1 });
        if (stack.length > MAX_DEPTH) throw new Error(`netfilter: chain loop through ${tg.chain}`);
        chain = next;
        i = 0;
        continue;
      }
    }
  }
}

export interface HookResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  rejectWith?: string;
  /** the packet after the hook: new mark, and destination rewritten by a DNAT made here */
  packet: Packet;
  /** NAT bindings made at this hook (DNAT in PREROUTING/OUTPUT, SNAT/MASQUERADE in POSTROUTING/INPUT) */
  nat: NatBinding[];
  steps: TraceStep[];
}

/**
 * Runs every table at `hook` in kernel order. `nat: false` skips the nat table, as the kernel does
 * for packets of an already-tracked connection (their NAT comes from conntrack).
 */
export function evaluateHook(nf: Netfilter, hook: Hook, p: Packet, env: EvalEnv, opts: { nat: boolean } = { nat: true }): HookResult {
  let pkt: Packet = { ...p };
  const steps: TraceStep[] = [];
  const nat: NatBinding[] = [];
  for (const table of HOOK_TABLES[hook]) {
    if (table === 'nat' && !opts.nat) continue;
    if (!nf.hasTable(table)) continue;
    const r = evaluateTable(nf, table, hook, pkt, env);
    steps.push(...r.steps);
    pkt = { ...pkt, mark: r.mark };
    if (r.nat) {
      nat.push(r.nat);
      if (r.nat.kind === 'DNAT') {
        pkt = { ...pkt, ...(r.nat.ip !== undefined ? { dst: r.nat.ip } : {}), ...(r.nat.port !== undefined ? { dport: r.nat.port } : {}) };
      }
    }
    if (r.verdict !== 'ACCEPT') {
      return { verdict: r.verdict, ...(r.rejectWith ? { rejectWith: r.rejectWith } : {}), packet: pkt, nat, steps };
    }
  }
  return { verdict: 'ACCEPT', packet: pkt, nat, steps };
}
