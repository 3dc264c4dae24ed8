/**
 * Reading a rule the way iptables 1.8.9 reads its command line (and iptables-restore each `-A` line):
 * the arguments after the chain become a Rule, so rule data can come from the argument lists a
 * program hands to iptables as well as from the builder.
 *
 * What is carried over from iptables (iptables/xshared.c, iptables/iptables.c, extensions/libxt_*.c):
 * - `!` negates the option that follows it;
 * - `-s`/`-d`/`-i`/`-o`/`-p` are the rule's header whatever their position; `-m NAME` loads a match,
 *   whose options then follow; matches keep the order they were loaded in;
 * - an option no loaded match knows, after `-p tcp|udp|sctp`, loads that protocol's match there (so
 *   `-p tcp --dport 80` reads back as `-p tcp -m tcp --dport 80`);
 * - numbers go through strtoul with base 0 (`0x4000`, `16384`), marks as `value[/mask]`;
 * - MARK's --or-mark/--xor-mark/--and-mark/--set-mark are stored as the xmark pair they mean;
 *   REJECT without --reject-with rejects with icmp-port-unreachable;
 * - `-j NAME` that is not a target iptables knows jumps to a chain of that name.
 *
 * Only the matches and targets the simulation's components write are read; any other is refused
 * with iptables' own "Couldn't load" error rather than silently dropped.
 */
import type { IPv4Net } from '../ipv4';
import { parseIPv4, parseIPv4Prefix } from '../ipv4';
import { IptablesError } from './netfilter';
import type { AddrType, CtState, Match, PhysdevOption, PortRange, ProtoName, Rule, Target } from './rule';
import { ADDR_TYPES, CT_STATES, statisticProbability } from './rule';

const PROG = 'iptables v1.8.9 (nf_tables)';

function fail(msg: string): never {
  throw new IptablesError(`${PROG}: ${msg}`);
}

/**
 * iptables-restore's splitting of a rule line into arguments (add_param_to_argv): whitespace
 * separates, `"` opens and closes a quoted part (a closing quote also ends the argument), and inside
 * quotes a backslash takes the next character as it is.
 */
export function splitRestoreLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quoted = false;
  let escaped = false;
  for (const ch of line) {
    if (quoted) {
      if (escaped) {
        cur += ch;
        escaped = false;
      } else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        quoted = false;
        out.push(cur);
        cur = '';
        has = false;
      } else cur += ch;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      has = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += ch;
    has = true;
  }
  if (quoted) fail('unterminated quote');
  if (has) out.push(cur);
  return out;
}

/** strtoul(s, &end, 0) over the whole string: 0x.. hex, 0.. octal, else decimal; undefined if not all used. */
function parseUlong(s: string): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) v = parseInt(s, 10);
  else return undefined;
  return v <= 0xffffffff ? v : undefined;
}

function parseU32(s: string, what: string): number {
  const v = parseUlong(s);
  if (v === undefined) fail(`Bad ${what} value "${s}"`);
  return v;
}

/** xtables_parse_mark_mask: `value[/mask]`, the mask all ones when absent. */
function parseMarkMask(s: string): { value: number; mask: number } {
  const slash = s.indexOf('/');
  if (slash < 0) return { value: parseU32(s, 'mark'), mask: 0xffffffff };
  return { value: parseU32(s.slice(0, slash), 'mark'), mask: parseU32(s.slice(slash + 1), 'mask') };
}

/** A host or network as iptables takes it: `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/a.b.c.d`. */
function parseHostMask(s: string): IPv4Net {
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const mask = parseIPv4(s.slice(slash + 1));
    if (mask !== undefined && s.slice(slash + 1).includes('.')) {
      const len = 32 - Math.log2(((~mask >>> 0) + 1) || 2 ** 32);
      if (Number.isInteger(len)) s = `${s.slice(0, slash)}/${len}`;
    }
  }
  const net = parseIPv4Prefix(s);
  if (!net) fail(`host/network \`${s}' not found`);
  return net;
}

function parsePort(s: string): number {
  const v = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!(v >= 0 && v <= 65535)) fail(`invalid port/service \`${s}' specified`);
  return v;
}

function parsePortRange(s: string, invert: boolean): PortRange {
  const [lo, hi] = s.split(':');
  const a = lo === '' ? 0 : parsePort(lo!);
  const b = hi === undefined ? a : hi === '' ? 65535 : parsePort(hi);
  return { lo: a, hi: b, invert };
}

const PROTOS: readonly ProtoName[] = ['tcp', 'udp', 'sctp', 'icmp'];
const PROTO_NUMBERS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 };

function parseProto(s: string): ProtoName {
  const p = s.toLowerCase();
  if (!(PROTOS as readonly string[]).includes(p)) fail(`unknown protocol "${s}" specified`);
  return p as ProtoName;
}

function parseTypes<T extends string>(s: string, known: readonly T[], what: string): T[] {
  const list = s.split(',');
  for (const t of list) if (!(known as readonly string[]).includes(t.toUpperCase())) fail(`Bad ${what} "${t}"`);
  return known.filter((k) => list.some((t) => t.toUpperCase() === k));
}

/** A match being built: its data so far, and what each of its options does. */
interface OpenMatch {
  name: string;
  data: Record<string, unknown>;
}

type OptHandler = (m: OpenMatch, arg: () => string, invert: boolean) => void;

const setOf = (m: OpenMatch, key: string, value: unknown): void => {
  if (m.data[key] !== undefined) fail(`multiple --${key} flags not allowed`);
  m.data[key] = value;
};

/** Per match, its options (long names without the dashes). */
const MATCH_OPTS: Record<string, Record<string, OptHandler>> = {
  comment: { comment: (m, arg) => setOf(m, 'text', arg()) },
  tcp: portOpts(),
  udp: portOpts(),
  sctp: portOpts(),
  icmp: {},
  addrtype: {
    'src-type': (m, arg, invert) => setOf(m, 'src', { types: parseTypes<AddrType>(arg(), ADDR_TYPES, 'address type'), invert }),
    'dst-type': (m, arg, invert) => setOf(m, 'dst', { types: parseTypes<AddrType>(arg(), ADDR_TYPES, 'address type'), invert }),
  },
  conntrack: {
    ctstate: (m, arg, invert) => {
      setOf(m, 'states', parseTypes<CtState>(arg(), CT_STATES, 'ctstate'));
      m.data.invert = invert;
    },
  },
  mark: {
    mark: (m, arg, invert) => {
      const { value, mask } = parseMarkMask(arg());
      setOf(m, 'value', value);
      m.data.mask = mask;
      m.data.invert = invert;
    },
  },
  set: {
    'match-set': (m, arg, invert) => {
      const name = arg();
      const dims = arg();
      if (dims.startsWith('-') || dims.startsWith('!')) fail('--match-set requires two args.');
      const list = dims.split(',');
      if (list.length > 6 || list.some((d) => d !== 'src' && d !== 'dst')) fail(`You must specify (the comma separated list of) 'src' or 'dst'.`);
      setOf(m, 'name', name);
      m.data.dims = list;
      m.data.invert = invert;
    },
  },
  statistic: {
    mode: (m, arg) => {
      const mode = arg();
      if (mode !== 'random') fail(`Bad mode "${mode}"`);
      m.data.mode = mode;
    },
    probability: (m, arg, invert) => {
      setOf(m, 'probability', statisticProbability(arg()));
      m.data.invert = invert;
    },
  },
  physdev: {
    'physdev-in': (m, arg, invert) => physdevOpt(m, 'in', invert, arg()),
    'physdev-out': (m, arg, invert) => physdevOpt(m, 'out', invert, arg()),
    'physdev-is-in': (m, _arg, invert) => physdevOpt(m, 'isIn', invert),
    'physdev-is-out': (m, _arg, invert) => physdevOpt(m, 'isOut', invert),
    'physdev-is-bridged': (m, _arg, invert) => physdevOpt(m, 'isBridged', invert),
  },
  nfacct: { 'nfacct-name': (m, arg) => setOf(m, 'name', arg()) },
  ipvs: {
    ipvs: (m, _arg, invert) => setOf(m, 'ipvs', { invert }),
    vproto: (m, arg, invert) => {
      const p = arg();
      const num = /^\d+$/.test(p) ? Number(p) : PROTO_NUMBERS[p.toLowerCase()];
      if (num === undefined || num > 255) fail(`unknown protocol "${p}" specified`);
      setOf(m, 'vproto', { num, invert });
    },
    vaddr: (m, arg, invert) => setOf(m, 'vaddr', { net: parseHostMask(arg()), invert }),
    vport: (m, arg, invert) => setOf(m, 'vport', { port: parsePort(arg()), invert }),
  },
};

function portOpts(): Record<string, OptHandler> {
  const sport: OptHandler = (m, arg, invert) => setOf(m, 'sport', parsePortRange(arg(), invert));
  const dport: OptHandler = (m, arg, invert) => setOf(m, 'dport', parsePortRange(arg(), invert));
  return { sport, 'source-port': sport, dport, 'destination-port': dport };
}

function physdevOpt(m: OpenMatch, opt: PhysdevOption, invert: boolean, name?: string): void {
  const key = { in: 'physdevIn', out: 'physdevOut', isIn: 'isIn', isOut: 'isOut', isBridged: 'isBridged' }[opt];
  setOf(m, key, name ?? true);
  if (invert) m.data.invert = [...((m.data.invert as PhysdevOption[] | undefined) ?? []), opt];
}

function finishMatch(m: OpenMatch): Match {
  const d = m.data;
  switch (m.name) {
    case 'comment':
      if (d.text === undefined) fail('COMMENT match: You must specify `--comment\'');
      return { m: 'comment', text: d.text as string };
    case 'tcp':
    case 'udp':
    case 'sctp':
      return { m: m.name, ...(d.sport ? { sport: d.sport as PortRange } : {}), ...(d.dport ? { dport: d.dport as PortRange } : {}) };
    case 'icmp':
      return { m: 'icmp' };
    case 'addrtype':
      if (!d.src && !d.dst) fail('addrtype: you must specify --src-type or --dst-type');
      return { m: 'addrtype', ...(d.src ? { src: d.src as { types: AddrType[]; invert: boolean } } : {}), ...(d.dst ? { dst: d.dst as { types: AddrType[]; invert: boolean } } : {}) };
    case 'conntrack':
      if (!d.states) fail('conntrack: At least one option is required');
      return { m: 'conntrack', states: d.states as CtState[], invert: (d.invert as boolean) ?? false };
    case 'mark':
      if (d.value === undefined) fail('mark match: You must specify `--mark\'');
      return { m: 'mark', value: d.value as number, mask: d.mask as number, invert: (d.invert as boolean) ?? false };
    case 'set':
      if (d.name === undefined) fail("You must specify `--match-set' with proper arguments");
      return { m: 'set', name: d.name as string, dims: d.dims as ('src' | 'dst')[], invert: (d.invert as boolean) ?? false };
    case 'statistic':
      if (d.probability === undefined) fail('statistic: no --probability given');
      return { m: 'statistic', probability: d.probability as number, invert: (d.invert as boolean) ?? false };
    case 'physdev': {
      const { invert, ...rest } = d;
      if (Object.keys(rest).length === 0) fail('PHYSDEV: no physdev option specified');
      return { m: 'physdev', ...(rest as object), ...(invert ? { invert: invert as PhysdevOption[] } : {}) };
    }
    case 'nfacct':
      if (d.name === undefined) fail('nfacct: you must specify --nfacct-name');
      return { m: 'nfacct', name: d.name as string };
    case 'ipvs': {
      if (Object.keys(d).length === 0) fail('IPVS: At least one option is required');
      const any = d.vproto || d.vaddr || d.vport;
      const ipvs = d.ipvs as { invert: boolean } | undefined;
      if (any && ipvs?.invert) fail('! --ipvs cannot be together with other options');
      return {
        m: 'ipvs',
        ...(ipvs && !any ? { ipvs } : {}),
        ...(d.vproto ? { vproto: d.vproto as { num: number; invert: boolean } } : {}),
        ...(d.vaddr ? { vaddr: d.vaddr as { net: IPv4Net; invert: boolean } } : {}),
        ...(d.vport ? { vport: d.vport as { port: number; invert: boolean } } : {}),
      };
    }
  }
  return fail(`Couldn't load match \`${m.name}':No such file or directory`);
}

const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN']);
const EXT_TARGETS = new Set(['REJECT', 'MARK', 'MASQUERADE', 'DNAT', 'SNAT']);

function parseNatRange(s: string): { ip?: number; port?: number; portHi?: number } {
  const [ipText, ports] = s.split(':');
  const ip = ipText ? parseIPv4(ipText) : undefined;
  if (ipText && ip === undefined) fail(`Bad IP address "${ipText}"`);
  const out: { ip?: number; port?: number; portHi?: number } = ip !== undefined ? { ip } : {};
  if (ports !== undefined) {
    const [lo, hi] = ports.split('-');
    out.port = parsePort(lo!);
    if (hi !== undefined) out.portHi = parsePort(hi);
  }
  return out;
}

/** The target's options, read into the Target it stands for. */
function finishTarget(name: string, goto: boolean, opts: Map<string, { arg?: string; invert: boolean }>): Target {
  const known = (...names: string[]): void => {
    for (const k of opts.keys()) if (!names.includes(k)) fail(`unknown option "--${k}"`);
  };
  const val = (k: string): string | undefined => opts.get(k)?.arg;
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      known();
      return { t: name };
    case 'REJECT':
      known('reject-with');
      return { t: 'REJECT', with: val('reject-with') ?? 'icmp-port-unreachable' };
    case 'MARK': {
      known('set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark');
      if (opts.size !== 1) fail(opts.size === 0 ? 'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required' : 'MARK target: Can\'t specify more than one mark option');
      const [k, { arg }] = [...opts][0]!;
      switch (k) {
        case 'set-xmark': {
          const { value, mask } = parseMarkMask(arg!);
          return { t: 'MARK', value, mask };
        }
        case 'set-mark': {
          const { value, mask } = parseMarkMask(arg!);
          return { t: 'MARK', value, mask: (mask | value) >>> 0 };
        }
        case 'and-mark':
          return { t: 'MARK', value: 0, mask: ~parseU32(arg!, 'mark') >>> 0 };
        case 'or-mark': {
          const v = parseU32(arg!, 'mark');
          return { t: 'MARK', value: v, mask: v };
        }
        default:
          return { t: 'MARK', value: parseU32(arg!, 'mark'), mask: 0 };
      }
    }
    case 'MASQUERADE': {
      known('to-ports', 'random', 'random-fully');
      const ports = val('to-ports');
      let toPorts: { lo: number; hi: number } | undefined;
      if (ports !== undefined) {
        const [lo, hi] = ports.split('-');
        toPorts = { lo: parsePort(lo!), hi: hi === undefined ? parsePort(lo!) : parsePort(hi) };
      }
      return { t: 'MASQUERADE', ...(toPorts ? { toPorts } : {}), random: opts.has('random'), randomFully: opts.has('random-fully') };
    }
    case 'DNAT': {
      known('to-destination');
      const to = val('to-destination');
      if (to === undefined) fail('DNAT: --to-destination is required');
      return { t: 'DNAT', to: parseNatRange(to) };
    }
    case 'SNAT': {
      known('to-source', 'random-fully');
      const to = val('to-source');
      if (to === undefined) fail('SNAT: --to-source is required');
      return { t: 'SNAT', to: parseNatRange(to), randomFully: opts.has('random-fully') };
    }
  }
  known();
  return { t: 'chain', chain: name, goto };
}

/** Target options that take an argument (the rest are flags). */
const TARGET_ARG_OPTS = new Set(['reject-with', 'set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark', 'to-ports', 'to-destination', 'to-source']);

/**
 * The rule an iptables command line (or iptables-restore `-A CHAIN` line) describes: `args` are the
 * arguments after the chain name, already split (see splitRestoreLine).
 */
export function parseRuleArgs(args: readonly string[]): Rule {
  let src: Rule['src'];
  let dst: Rule['dst'];
  let inIf: Rule['in'];
  let outIf: Rule['out'];
  let proto: Rule['proto'];
  const matches: OpenMatch[] = [];
  let target: { name: string; goto: boolean } | undefined;
  const targetOpts = new Map<string, { arg?: string; invert: boolean }>();
  let invert = false;
  let i = 0;
  const next = (opt: string) => (): string => {
    const a = args[i++];
    if (a === undefined) fail(`option "${opt}" requires an argument`);
    return a;
  };
  const header = <T>(cur: T | undefined, opt: string): void => {
    if (cur !== undefined) fail(`multiple ${opt} flags not allowed`);
  };

  while (i < args.length) {
    const a = args[i++]!;
    if (a === '!') {
      if (invert) fail('multiple consecutive ! not allowed');
      invert = true;
      continue;
    }
    const inv = invert;
    invert = false;
    switch (a) {
      case '-s':
      case '--source':
        header(src, '-s');
        src = { net: parseHostMask(next(a)()), invert: inv };
        continue;
      case '-d':
      case '--destination':
        header(dst, '-d');
        dst = { net: parseHostMask(next(a)()), invert: inv };
        continue;
      case '-i':
      case '--in-interface':
        header(inIf, '-i');
        inIf = { name: next(a)(), invert: inv };
        continue;
      case '-o':
      case '--out-interface':
        header(outIf, '-o');
        outIf = { name: next(a)(), invert: inv };
        continue;
      case '-p':
      case '--protocol':
        header(proto, '-p');
        proto = { name: parseProto(next(a)()), invert: inv };
        continue;
      case '-m':
      case '--match': {
        if (inv) fail('unexpected ! flag before --match');
        const name = next(a)();
        if (!(name in MATCH_OPTS)) fail(`Couldn't load match \`${name}':No such file or directory`);
        matches.push({ name, data: {} });
        continue;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        if (inv) fail(`cannot have ! before ${a}`);
        if (target) fail('multiple -j flags not allowed');
        const name = next(a)();
        const goto = a === '-g' || a === '--goto';
        if (goto && (BUILTIN_TARGETS.has(name) || EXT_TARGETS.has(name))) fail(`goto '${name}' is not a chain`);
        target = { name, goto };
        continue;
      }
    }
    if (!a.startsWith('--')) fail(`Bad argument \`${a}'`);
    const opt = a.slice(2);
    // The matches loaded so far, most recent last, get the option first-loaded-first, as iptables offers it.
    let open = matches.find((m) => opt in MATCH_OPTS[m.name]! && !(target && TARGET_ARG_OPTS.has(opt)));
    if (!open && !target && proto && proto.name !== 'icmp' && opt in MATCH_OPTS[proto.name]! && !matches.some((m) => m.name === proto!.name)) {
      open = { name: proto.name, data: {} };
      matches.push(open);
    }
    if (open) {
      MATCH_OPTS[open.name]![opt]!(open, next(a), inv);
      continue;
    }
    if (target && (EXT_TARGETS.has(target.name))) {
      if (targetOpts.has(opt)) fail(`multiple --${opt} flags not allowed`);
      targetOpts.set(opt, { ...(TARGET_ARG_OPTS.has(opt) ? { arg: next(a)() } : {}), invert: inv });
      continue;
    }
    fail(`unknown option "${a}"`);
  }
  if (invert) fail('no command specified');

  const rule: Rule = {
    ...(src ? { src } : {}),
    ...(dst ? { dst } : {}),
    ...(inIf ? { in: inIf } : {}),
    ...(outIf ? { out: outIf } : {}),
    ...(proto ? { proto } : {}),
    matches: matches.map(finishMatch),
    ...(target ? { target: finishTarget(target.name, target.goto, targetOpts) } : {}),
  };
  for (const m of rule.matches) Object.freeze(m);
  if (rule.target) Object.freeze(rule.target);
  Object.freeze(rule.matches);
  return Object.freeze(rule);
}
