/**
 * The `conntrack` command of conntrack-tools 1.4.7 (Debian 12) against a machine's table: -L
 * (list), -D (delete, printing what it deleted), -C (count), -F (flush), -V, with the filters learners
 * use: -p, -s/-d (a CIDR too), -r/-q, -n/-g (NATed entries), -o extended, and the options the
 * protocol brings once `-p` named it (--sport/--dport and the --orig-port-src, --reply-port-dst… forms,
 * tcp's --state, icmp's --icmp-type/--icmp-code/--icmp-id). The listing goes to stdout and the
 * summary line to stderr, as conntrack prints them; errors are conntrack's own words.
 */
import { netContains, parseCIDR, parseIPv4 } from '../ipv4';
import type { Conntrack, CtFilter } from './table';
import { formatEntry } from './format';
import type { CtEntry, CtProto, TcpState } from './types';
import { isIcmpTuple } from './types';

export interface ConntrackCommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const CONNTRACK_VERSION = '1.4.7';
const PREFIX = `conntrack v${CONNTRACK_VERSION} (conntrack-tools): `;
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

type Command = 'list' | 'delete' | 'count' | 'flush' | 'version' | 'expect-list' | 'expect-count' | 'empty';

/** Options every command knows, by long name, with the short letter and whether it takes an argument. */
const COMMON: Record<string, { short?: string; arg: 'none' | 'required' | 'optional'; key: string }> = {
  dump: { short: 'L', arg: 'optional', key: 'L' },
  delete: { short: 'D', arg: 'optional', key: 'D' },
  count: { short: 'C', arg: 'optional', key: 'C' },
  flush: { short: 'F', arg: 'optional', key: 'F' },
  version: { short: 'V', arg: 'none', key: 'V' },
  'orig-src': { short: 's', arg: 'required', key: 's' },
  src: { arg: 'required', key: 's' },
  'orig-dst': { short: 'd', arg: 'required', key: 'd' },
  dst: { arg: 'required', key: 'd' },
  'reply-src': { short: 'r', arg: 'required', key: 'r' },
  'reply-dst': { short: 'q', arg: 'required', key: 'q' },
  protonum: { short: 'p', arg: 'required', key: 'p' },
  'src-nat': { short: 'n', arg: 'optional', key: 'n' },
  'dst-nat': { short: 'g', arg: 'optional', key: 'g' },
  output: { short: 'o', arg: 'required', key: 'o' },
};

/** What `-p PROTO` adds (the tcp, udp and icmp extensions of conntrack-tools). */
const PORT_OPTS: Record<string, string> = { 'orig-port-src': '1', sport: '1', 'orig-port-dst': '2', dport: '2', 'reply-port-src': '3', 'reply-port-dst': '4' };
const TCP_OPTS: Record<string, string> = { ...PORT_OPTS, state: '7' };
const ICMP_OPTS: Record<string, string> = { 'icmp-type': 't', 'icmp-code': 'c', 'icmp-id': 'i' };

/** optflags[]: the names conntrack uses for an option in "Illegal option" errors. */
const OPT_NAME: Record<string, string> = { s: 'src', d: 'dst', r: 'reply-src', q: 'reply-dst', p: 'protonum', n: 'src-nat', g: 'dst-nat', o: 'output' };

const KNOWN_PROTOS: Record<string, CtProto | 'other'> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', udplite: 'other', sctp: 'other', dccp: 'other', gre: 'other', icmpv6: 'other', '136': 'other', '132': 'other', '33': 'other', '47': 'other', '58': 'other' };

const TCP_STATE_NAMES: readonly string[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'LISTEN'];

class ParameterProblem extends Error {}

interface Parsed {
  command?: Command;
  used: string[];
  filter: CtFilter;
  protoOther: boolean;
  srcNet?: { ip: number; prefix: number };
  dstNet?: { ip: number; prefix: number };
  srcNat?: string | true;
  dstNat?: string | true;
  extended: boolean;
  tcpState?: string;
  icmp: { type?: number; code?: number; id?: number };
}

function setCommand(p: Parsed, c: Command): void {
  if (p.command) throw new ParameterProblem('Invalid commands combination');
  p.command = c;
}

function address(arg: string, allowMask: boolean): { ip: string; prefix?: number } {
  const slash = arg.indexOf('/');
  if (slash >= 0) {
    const net = parseCIDR(arg);
    if (parseIPv4(arg.slice(0, slash)) === undefined) throw new ParameterProblem(`Invalid IP address \`${arg}'`);
    if (!allowMask) return { ip: '' };
    if (!net) throw new ParameterProblem('Invalid netmask');
    return { ip: arg.slice(0, slash), prefix: net.net.prefix };
  }
  if (parseIPv4(arg) === undefined) throw new ParameterProblem(`Invalid IP address \`${arg}'`);
  return { ip: arg };
}

function parse(args: readonly string[]): Parsed {
  const p: Parsed = { used: [], filter: {}, protoOther: false, extended: false, icmp: {} };
  let protoOpts: Record<string, string> = {};
  let protoName: CtProto | 'other' | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let key: string;
    let value: string | undefined;
    let argKind: 'none' | 'required' | 'optional';
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const common = COMMON[name];
      const ext = protoOpts[name];
      if (common) ({ key, arg: argKind } = common);
      else if (ext) ((key = `x${ext}`), (argKind = 'required'));
      else throw new ParameterProblem(`unknown option \`${a}'`);
      if (eq >= 0) value = a.slice(eq + 1);
    } else if (a.startsWith('-') && a.length > 1) {
      const letter = a[1]!;
      const common = Object.values(COMMON).find((o) => o.short === letter);
      if (!common) throw new ParameterProblem(`unknown option \`${a}'`);
      ({ key, arg: argKind } = common);
      if (a.length > 2) value = a.slice(2);
    } else {
      // A stray word: getopt leaves it; conntrack ignores non-option arguments after parsing.
      continue;
    }
    // getopt hands an attached optional argument (`-Lexpect`, `--dump=expect`) to optarg, which
    // conntrack's get_optional_arg then ignores: only a separate word counts.
    if (argKind === 'optional') value = undefined;
    if (value === undefined && argKind === 'required') {
      value = args[i + 1];
      if (value === undefined) throw new ParameterProblem(`option \`${a}' requires an argument`);
      i++;
    } else if (value === undefined && argKind === 'optional') {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-') && !next.startsWith('!')) {
        value = next;
        i++;
      }
    }
    switch (key) {
      case 'L':
      case 'D':
      case 'C':
      case 'F':
        if (value !== undefined && !'conntrack'.startsWith(value)) {
          // The kernel's expectation, dying and unconfirmed lists: nothing the simulation puts there.
          if ('expect'.startsWith(value)) {
            setCommand(p, key === 'L' ? 'expect-list' : key === 'C' ? 'expect-count' : 'empty');
            break;
          }
          if (('dying'.startsWith(value) || 'unconfirmed'.startsWith(value)) && key === 'L') {
            setCommand(p, 'empty');
            break;
          }
          if ('dying'.startsWith(value) || 'unconfirmed'.startsWith(value)) throw new ParameterProblem("Can't do that command with tables `dying' and `unconfirmed'");
          throw new ParameterProblem(`unknown type \`${value}'`);
        }
        setCommand(p, ({ L: 'list', D: 'delete', C: 'count', F: 'flush' } as const)[key]);
        break;
      case 'V':
        setCommand(p, 'version');
        break;
      case 's':
      case 'd': {
        const ad = address(value!, true);
        if (ad.prefix !== undefined && ad.prefix < 32) {
          const net = { ip: parseIPv4(ad.ip)!, prefix: ad.prefix };
          if (key === 's') p.srcNet = net;
          else p.dstNet = net;
        } else if (key === 's') p.filter.origSrc = ad.ip;
        else p.filter.origDst = ad.ip;
        p.used.push(key);
        break;
      }
      case 'r':
      case 'q': {
        if (value!.includes('/')) throw new ParameterProblem(`CIDR notation unavailable for \`--${OPT_NAME[key]}'`);
        const ad = address(value!, false);
        if (key === 'r') p.filter.replySrc = ad.ip;
        else p.filter.replyDst = ad.ip;
        p.used.push(key);
        break;
      }
      case 'p': {
        const proto = KNOWN_PROTOS[value!.toLowerCase()];
        if (!proto) throw new ParameterProblem(`\`${value}' unsupported protocol`);
        protoName = proto;
        if (proto === 'other') p.protoOther = true;
        else p.filter.proto = proto;
        protoOpts = proto === 'tcp' ? TCP_OPTS : proto === 'udp' ? PORT_OPTS : proto === 'icmp' ? ICMP_OPTS : {};
        p.used.push('p');
        break;
      }
      case 'n':
      case 'g': {
        const target = value === undefined ? true : address(value, false).ip;
        if (key === 'n') p.srcNat = target;
        else p.dstNat = target;
        p.used.push(key);
        break;
      }
      case 'o':
        for (const t of value!.split(',')) {
          if (t === 'extended') p.extended = true;
          else if (!['xml', 'timestamp', 'id', 'ktimestamp', 'labels', 'userspace', 'save'].includes(t)) throw new ParameterProblem(`Bad parameter \`${value}'`);
        }
        p.used.push('o');
        break;
      default: {
        // protocol extension options
        const n = Number.parseInt(value!, 10);
        const num = Number.isNaN(n) ? 0 : n;
        if (key === 'x1') p.filter.origSport = num;
        else if (key === 'x2') p.filter.origDport = num;
        else if (key === 'x3') p.filter.replySport = num;
        else if (key === 'x4') p.filter.replyDport = num;
        else if (key === 'x7') {
          const st = value!.toUpperCase();
          if (!TCP_STATE_NAMES.includes(st)) throw new ParameterProblem(`unknown state \`${value}'`);
          p.tcpState = st;
        } else if (key === 'xt') p.icmp.type = num;
        else if (key === 'xc') p.icmp.code = num;
        else if (key === 'xi') p.icmp.id = num;
        void protoName;
      }
    }
  }
  return p;
}

function isSnat(e: CtEntry): boolean {
  return e.reply.dst !== e.original.src || (!isIcmpTuple(e.reply) && !isIcmpTuple(e.original) && e.reply.dport !== e.original.sport);
}

function isDnat(e: CtEntry): boolean {
  return e.reply.src !== e.original.dst || (!isIcmpTuple(e.reply) && !isIcmpTuple(e.original) && e.reply.sport !== e.original.dport);
}

/** conntrack prints SYN_SENT2 as the kernel's old name for that slot. */
function stateName(s: TcpState | undefined): string | undefined {
  return s === 'SYN_SENT2' ? 'LISTEN' : s;
}

function selected(p: Parsed, e: CtEntry): boolean {
  if (p.protoOther) return false;
  if (p.srcNet && !netContains({ ip: p.srcNet.ip, prefix: p.srcNet.prefix }, parseIPv4(e.original.src)!)) return false;
  if (p.dstNet && !netContains({ ip: p.dstNet.ip, prefix: p.dstNet.prefix }, parseIPv4(e.original.dst)!)) return false;
  if (p.srcNat !== undefined && !(isSnat(e) && (p.srcNat === true || e.reply.dst === p.srcNat))) return false;
  if (p.dstNat !== undefined && !(isDnat(e) && (p.dstNat === true || e.reply.src === p.dstNat))) return false;
  if (p.tcpState !== undefined && stateName(e.tcpState) !== p.tcpState) return false;
  if (isIcmpTuple(e.original)) {
    if (p.icmp.type !== undefined && e.original.type !== p.icmp.type) return false;
    if (p.icmp.code !== undefined && e.original.code !== p.icmp.code) return false;
    if (p.icmp.id !== undefined && e.original.id !== p.icmp.id) return false;
  }
  return true;
}

const USAGE = [
  `Command line interface for the connection tracking system. Version ${CONNTRACK_VERSION}`,
  'Usage: conntrack [commands] [options]',
  '',
  'Commands:',
  '  -L [table] [options]\t\tList conntrack or expectation table',
  '  -G [table] parameters\t\tGet conntrack or expectation',
  '  -D [table] parameters\t\tDelete conntrack or expectation',
  '  -I [table] parameters\t\tCreate a conntrack or expectation',
  '  -U [table] parameters\t\tUpdate a conntrack',
  '  -E [table] [options]\t\tShow events',
  '  -F [table]\t\t\tFlush table',
  '  -C [table]\t\t\tShow counter',
  '  -S\t\t\t\tShow statistics',
  '',
  'Tables: conntrack, expect, dying, unconfirmed',
  '',
  'Conntrack parameters and options:',
  '  -n, --src-nat ip\t\t\tsource NAT ip',
  '  -g, --dst-nat ip\t\t\tdestination NAT ip',
  '  -j, --any-nat ip\t\t\tsource or destination NAT ip',
  '  -m, --mark mark\t\t\tSet mark',
  '  -c, --secmark secmark\t\t\tSet selinux secmark',
  '  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY',
  '  -z, --zero \t\t\t\tZero counters while listing',
  '  -o, --output type[,...]\t\tOutput format, eg. xml',
  '  -l, --label label[,...]\t\tconntrack labels',
  '',
  'Expectation parameters and options:',
  '  --tuple-src ip\tSource address in expect tuple',
  '  --tuple-dst ip\tDestination address in expect tuple',
  '',
  'Updating parameters and options:',
  '  --label-add label\tAdd label',
  '  --label-del label\tDelete label',
  '',
  'Common parameters and options:',
  '  -s, --src, --orig-src ip\t\tSource address from original direction',
  '  -d, --dst, --orig-dst ip\t\tDestination address from original direction',
  '  -r, --reply-src ip\t\tSource address from reply direction',
  '  -q, --reply-dst ip\t\tDestination address from reply direction',
  '  -p, --protonum proto\t\tLayer 4 Protocol, eg. \'tcp\'',
  '  -f, --family proto\t\tLayer 3 Protocol, eg. \'ipv6\'',
  '  -t, --timeout timeout\t\tSet timeout',
  '  -u, --status status\t\tSet status, eg. ASSURED',
  '  -w, --zone value\t\tSet conntrack zone',
  '  --orig-zone value\t\tSet zone for original direction',
  '  --reply-zone value\t\tSet zone for reply direction',
  '  -b, --buffer-size\t\tNetlink socket buffer size',
  '  --mask-src ip\t\t\tSource mask address',
  '  --mask-dst ip\t\t\tDestination mask address',
  '',
  '',
].join('\n');

/** Runs `conntrack ARGS` against `table` at virtual time `nowMs`. */
export function conntrackCommand(table: Conntrack, args: readonly string[], nowMs: number): ConntrackCommandResult {
  let p: Parsed;
  try {
    p = parse(args);
    if (p.command === 'count' || p.command === 'flush' || p.command === 'version') {
      const illegal = p.used[0];
      if (illegal) throw new ParameterProblem(`Illegal option \`--${OPT_NAME[illegal]}' with this command`);
    }
  } catch (e) {
    if (e instanceof ParameterProblem) return { stdout: '', stderr: `${PREFIX}${e.message}\n${TRY}`, exitCode: 2 };
    throw e;
  }
  const line = (e: CtEntry): string => `${formatEntry({ ...e, ...(e.tcpState ? { tcpState: stateName(e.tcpState) as TcpState } : {}) }, table.remainingSeconds(e, nowMs), { extended: p.extended })}\n`;
  switch (p.command) {
    case 'list': {
      const shown = table.list(nowMs, p.filter).filter((e) => selected(p, e));
      return { stdout: shown.map(line).join(''), stderr: `${PREFIX}${shown.length} flow entries have been shown.\n`, exitCode: 0 };
    }
    case 'delete': {
      const gone = table.list(nowMs, p.filter).filter((e) => selected(p, e));
      for (const e of gone) table.delete(e, nowMs);
      // conntrack exits with failure when it deleted nothing.
      return { stdout: gone.map(line).join(''), stderr: `${PREFIX}${gone.length} flow entries have been deleted.\n`, exitCode: gone.length ? 0 : 1 };
    }
    case 'count':
      return { stdout: `${table.count(nowMs)}\n`, stderr: '', exitCode: 0 };
    case 'flush':
      table.deleteMatching({}, nowMs);
      return { stdout: '', stderr: `${PREFIX}connection tracking table has been emptied.\n`, exitCode: 0 };
    case 'version':
      return { stdout: `conntrack v${CONNTRACK_VERSION} (conntrack-tools)\n`, stderr: '', exitCode: 0 };
    case 'expect-list':
      return { stdout: '', stderr: `${PREFIX}0 expectations have been shown.\n`, exitCode: 0 };
    case 'expect-count':
      return { stdout: '0\n', stderr: '', exitCode: 0 };
    case 'empty':
      return { stdout: '', stderr: `${PREFIX}0 flow entries have been shown.\n`, exitCode: 0 };
    default:
      return { stdout: USAGE, stderr: '', exitCode: 0 };
  }
}
