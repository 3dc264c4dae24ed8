/**
 * A rule as iptables 1.8.9 prints it: the iptables-save form (`-s 10.0.0.1/32 -p tcp -m comment
 * --comment "x" -m tcp --dport 80 -j DNAT --to-destination …`) and the pieces `iptables -L` puts in its
 * columns. Each extension's text follows its libxt_*.c save/print function; notable details:
 * - iptables-save normalises order: `-s`, `-d`, `-i`, `-o`, `-p` come first, then the `-m` matches in
 *   the order they were given, then the target;
 * - strings go through xtables_save_string: quoted unless made only of letters, digits, `_` and `-`,
 *   with `"`, `\` and `'` escaped; that function also prints the leading space, which is why nfacct
 *   (which prints its own space first) shows `--nfacct-name  name` with two;
 * - MARK --or-mark/--xor-mark are stored as xmark and come back as `--set-xmark 0x4000/0x4000` and
 *   `--set-xmark 0x4000/0x0`;
 * - recent always prints its defaults back: `--name X --mask 255.255.255.255 --rsource` (1.8.9 still
 *   prints the all-ones mask);
 * - the statistic probability prints with `%.11f` of what the kernel stored.
 */
import { formatCIDR, formatIPv4 } from '../ipv4';
import type { AddrMatch, IfaceMatch, Match, NatRange, PhysdevOption, PortRange, Rule, Target } from './rule';
import { formatProbability } from './rule';

const SAFE = /^[_\-0-9a-zA-Z]+$/;

/** xtables_save_string: ` value` or ` "value"` with `"`, `\`, `'` escaped. */
export function saveString(value: string): string {
  if (SAFE.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function saveAddr(letter: 's' | 'd', a: AddrMatch | undefined): string {
  if (!a) return '';
  if (a.net.prefix === 0 && a.net.ip === 0 && !a.invert) return '';
  return `${a.invert ? ' !' : ''} -${letter} ${formatCIDR(a.net)}`;
}

function saveIface(letter: 'i' | 'o', i: IfaceMatch | undefined): string {
  if (!i || !i.name || (i.name === '+' && !i.invert)) return '';
  return `${i.invert ? ' !' : ''} -${letter} ${i.name}`;
}

function savePorts(opt: '--sport' | '--dport', r: PortRange | undefined): string {
  if (!r) return '';
  const range = r.lo === r.hi ? `${r.lo}` : `${r.lo}:${r.hi}`;
  return `${r.invert ? ' !' : ''} ${opt} ${range}`;
}

function saveMatch(m: Match): string {
  switch (m.m) {
    case 'comment':
      return ` --comment${saveString(m.text)}`;
    case 'tcp':
    case 'udp':
    case 'sctp':
      return savePorts('--sport', m.sport) + savePorts('--dport', m.dport);
    case 'icmp':
      return '';
    case 'addrtype':
      return (
        (m.src ? `${m.src.invert ? ' !' : ''} --src-type ${m.src.types.join(',')}` : '') +
        (m.dst ? `${m.dst.invert ? ' !' : ''} --dst-type ${m.dst.types.join(',')}` : '')
      );
    case 'conntrack':
      return `${m.invert ? ' !' : ''} --ctstate ${m.states.join(',')}`;
    case 'mark':
      return `${m.invert ? ' !' : ''} --mark ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'statistic':
      return ` --mode random${m.invert ? ' !' : ''} --probability ${formatProbability(m.probability)}`;
    case 'recent':
      return (
        `${m.invert ? ' !' : ''} --${m.op}` +
        (m.seconds ? ` --seconds ${m.seconds}` : '') +
        (m.reap ? ' --reap' : '') +
        (m.hitcount ? ` --hitcount ${m.hitcount}` : '') +
        ` --name ${m.name} --mask ${formatIPv4(m.mask)}` +
        (m.side === 'source' ? ' --rsource' : ' --rdest')
      );
    case 'set':
      return `${m.invert ? ' !' : ''} --match-set ${m.name} ${m.dims.join(',')}`;
    case 'physdev':
      return physdevText(m);
    case 'nfacct':
      return ` --nfacct-name ${saveString(m.name)}`;
    case 'ipvs':
      return ipvsText(m, '--');
    case 'multiport':
      return `${m.invert ? ' !' : ''} --dports ${m.dports.map((d, i) => (m.his && m.his[i] !== d ? `${d}:${m.his[i]}` : String(d))).join(',')}`;
  }
}

/**
 * libxt_physdev's save: is-in, in, is-out, out, is-bridged, each after its `!`. The interface names
 * print as given (a plain %s, not xtables_save_string).
 */
function physdevText(m: Extract<Match, { m: 'physdev' }>): string {
  const inv = (o: PhysdevOption): string => (m.invert?.includes(o) ? ' !' : '');
  return (
    (m.isIn ? `${inv('isIn')} --physdev-is-in` : '') +
    (m.physdevIn !== undefined ? `${inv('in')} --physdev-in ${m.physdevIn}` : '') +
    (m.isOut ? `${inv('isOut')} --physdev-is-out` : '') +
    (m.physdevOut !== undefined ? `${inv('out')} --physdev-out ${m.physdevOut}` : '') +
    (m.isBridged ? `${inv('isBridged')} --physdev-is-bridged` : '')
  );
}

/**
 * libxt_ipvs's dump (`--` prefix for save, none for -L): `--ipvs` alone only when it is the only
 * option; then vproto as a number, vaddr with its mask (none printed for /32), vport.
 */
function ipvsText(m: Extract<Match, { m: 'ipvs' }>, prefix: string): string {
  const inv = (x: { invert: boolean }): string => (x.invert ? ' !' : '');
  let s = '';
  if (m.ipvs && !m.vproto && !m.vaddr && !m.vport) s += `${inv(m.ipvs)} ${prefix}ipvs`;
  if (m.vproto) s += `${inv(m.vproto)} ${prefix}vproto ${m.vproto.num}`;
  if (m.vaddr) s += `${inv(m.vaddr)} ${prefix}vaddr ${formatIPv4(m.vaddr.net.ip)}${m.vaddr.net.prefix === 32 ? '' : `/${m.vaddr.net.prefix}`}`;
  if (m.vport) s += `${inv(m.vport)} ${prefix}vport ${m.vport.port}`;
  return s;
}

function natRange(r: NatRange, skipIp = false): string {
  let s = skipIp || r.ip === undefined ? '' : formatIPv4(r.ip);
  if (r.port !== undefined) s += `:${r.port}${r.portHi !== undefined && r.portHi !== r.port ? `-${r.portHi}` : ''}`;
  return s;
}

/** The name in `-j NAME` and in the `target` column of `iptables -L`. */
export function targetName(t: Target | undefined): string {
  if (!t) return '';
  return t.t === 'chain' ? t.chain : t.t;
}

function saveTarget(t: Target): string {
  switch (t.t) {
    case 'chain':
      return ` -${t.goto ? 'g' : 'j'} ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ` -j ${t.t}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${natRange(t.to)}`;
    case 'SNAT':
      return ` -j SNAT --to-source ${natRange(t.to)}${t.randomFully ? ' --random-fully' : ''}`;
    case 'MASQUERADE':
      return (
        ' -j MASQUERADE' +
        (t.toPorts ? ` --to-ports ${t.toPorts.lo}${t.toPorts.hi !== t.toPorts.lo ? `-${t.toPorts.hi}` : ''}` : '') +
        (t.random ? ' --random' : '') +
        (t.randomFully ? ' --random-fully' : '')
      );
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
  }
}

const specCache = new WeakMap<Rule, string>();

/** Everything after `-A CHAIN` in iptables-save output, starting with a space. */
export function ruleSpec(r: Rule): string {
  let s = specCache.get(r);
  if (s !== undefined) return s;
  s =
    saveAddr('s', r.src) +
    saveAddr('d', r.dst) +
    saveIface('i', r.in) +
    saveIface('o', r.out) +
    (r.proto ? `${r.proto.invert ? ' !' : ''} -p ${r.proto.name}` : '');
  for (const m of r.matches) s += ` -m ${m.m}${saveMatch(m)}`;
  if (r.target) s += saveTarget(r.target);
  specCache.set(r, s);
  return s;
}

/** The iptables-save line for `r` in `chain`: `-A CHAIN …`. */
export function saveLine(chain: string, r: Rule): string {
  return `-A ${chain}${ruleSpec(r)}`;
}

// ---- `iptables -L` pieces ----

/** Port names from a stock /etc/services, for listing without -n. */
const SERVICES: Record<number, string> = {
  21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 123: 'ntp',
  143: 'imap2', 161: 'snmp', 389: 'ldap', 443: 'https', 465: 'submissions', 587: 'submission',
  636: 'ldaps', 993: 'imaps', 995: 'pop3s', 2379: 'etcd-client', 2380: 'etcd-server', 3306: 'mysql',
  5432: 'postgresql', 6379: 'redis', 8080: 'http-alt', 9090: 'websm',
};

function printPort(p: number, numeric: boolean): string {
  return numeric ? `${p}` : (SERVICES[p] ?? `${p}`);
}

function printPorts(name: 'spt' | 'dpt', r: PortRange | undefined, numeric: boolean): string {
  if (!r) return '';
  const inv = r.invert ? '!' : '';
  if (r.lo === r.hi) return ` ${name}:${inv}${printPort(r.lo, numeric)}`;
  return ` ${name}s:${inv}${printPort(r.lo, numeric)}:${printPort(r.hi, numeric)}`;
}

function printMatch(m: Match, numeric: boolean): string {
  switch (m.m) {
    case 'comment':
      return ` /* ${m.text} */`;
    case 'tcp':
    case 'udp':
    case 'sctp':
      return ` ${m.m}${printPorts('spt', m.sport, numeric)}${printPorts('dpt', m.dport, numeric)}`;
    case 'icmp':
      return ' icmp';
    case 'addrtype':
      return (
        ' ADDRTYPE match' +
        (m.src ? ` src-type ${m.src.invert ? '!' : ''}${m.src.types.join(',')}` : '') +
        (m.dst ? ` dst-type ${m.dst.invert ? '!' : ''}${m.dst.types.join(',')}` : '')
      );
    case 'conntrack':
      return `${m.invert ? ' !' : ''} ctstate ${m.states.join(',')}`;
    case 'mark':
      return ` mark match${m.invert ? ' !' : ''} ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'statistic':
      return ` statistic mode random${m.invert ? ' !' : ''} probability ${formatProbability(m.probability)}`;
    case 'recent': {
      const op = { set: 'SET', rcheck: 'CHECK', update: 'UPDATE', remove: 'REMOVE' }[m.op];
      return (
        `${m.invert ? ' !' : ''} recent: ${op}` +
        (m.seconds ? ` seconds: ${m.seconds}` : '') +
        (m.reap ? ' reap' : '') +
        (m.hitcount ? ` hit_count: ${m.hitcount}` : '') +
        ` name: ${m.name} side: ${m.side} mask: ${formatIPv4(m.mask)}`
      );
    }
    case 'set':
      return `${m.invert ? ' !' : ''} match-set ${m.name} ${m.dims.join(',')}`;
    case 'physdev':
      return ` PHYSDEV match${physdevText(m)}`;
    case 'nfacct':
      return ` nfacct-name ${saveString(m.name)}`;
    case 'ipvs':
      return ipvsText(m, '');
    case 'multiport':
      return ` multiport dports ${m.invert ? '!' : ''}${m.dports.map((d, i) => (m.his && m.his[i] !== d ? `${printPort(d, numeric)}:${printPort(m.his[i]!, numeric)}` : printPort(d, numeric))).join(',')}`;
  }
}

function printTarget(t: Target): string {
  switch (t.t) {
    case 'chain':
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return '';
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${natRange(t.to)}`;
    case 'SNAT':
      return ` to:${natRange(t.to)}${t.randomFully ? ' random-fully' : ''}`;
    case 'MASQUERADE':
      return (
        (t.toPorts ? ` masq ports: ${t.toPorts.lo}${t.toPorts.hi !== t.toPorts.lo ? `-${t.toPorts.hi}` : ''}` : '') +
        (t.random ? ' random' : '') +
        (t.randomFully ? ' random-fully' : '')
      );
    case 'MARK':
      if (t.value === 0) return ` MARK and ${hex(~t.mask)}`;
      if (t.value === t.mask) return ` MARK or ${hex(t.value)}`;
      if (t.mask === 0) return ` MARK xor ${hex(t.value)}`;
      if (t.mask === 0xffffffff) return ` MARK set ${hex(t.value)}`;
      return ` MARK xset ${hex(t.value)}/${hex(t.mask)}`;
  }
}

/** What `iptables -L` prints after the destination column: each match's and the target's print text. */
export function printExtras(r: Rule, numeric: boolean): string {
  let s = '';
  for (const m of r.matches) s += printMatch(m, numeric);
  if (r.target) s += printTarget(r.target);
  return s;
}
