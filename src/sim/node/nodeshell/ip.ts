/**
 * iproute2's `ip addr`, `ip link`, `ip route`, `ip neigh` and `ip netns`, printed from a namespace's
 * data as iproute2 6.1 (Debian 12) prints them — including the trailing spaces it leaves where an
 * optional field would follow (`group default `, every route line).
 */
import type { Machine } from '../machine';
import type { Link, NetNamespace } from '../netns';
import type { ShellResult } from './result';
import { fail, ok } from './result';

/** The qdisc the kernel attaches: fq_codel (systemd's default_qdisc) on a NIC, none on virtual devices. */
function qdisc(l: Link): string {
  return l.type === 'ether' ? 'fq_codel' : 'noqueue';
}

/** tx_queue_len: 1000 for lo, NICs and bridges; veth and VXLAN devices have none, so no `qlen`. */
function qlen(l: Link): number {
  return l.type === 'veth' || l.type === 'vxlan' ? 0 : 1000;
}

function flags(l: Link): string {
  const up = l.state !== 'DOWN';
  const base = l.type === 'loopback' ? ['LOOPBACK'] : ['BROADCAST', 'MULTICAST'];
  if (up) base.push('UP', 'LOWER_UP');
  return `<${base.join(',')}>`;
}

function linkName(l: Link): string {
  return l.peer ? `${l.name}@if${l.peer.index}` : l.name;
}

/** The first line of a link, and its link/ line (`mode DEFAULT` only in `ip link`). */
function linkHeader(ns: NetNamespace, l: Link, linkMode: boolean): string {
  const master = l.master ? `master ${l.master} ` : '';
  const q = qlen(l);
  let s = `${l.index}: ${linkName(l)}: ${flags(l)} mtu ${l.mtu} qdisc ${qdisc(l)} ${master}state ${l.state} ${linkMode ? 'mode DEFAULT ' : ''}group default ${q ? `qlen ${q}` : ''}\n`;
  const kind = l.type === 'loopback' ? 'loopback' : 'ether';
  const brd = l.type === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  // A peer in a named namespace is shown by name; the host's namespace has none, only its id (0) as seen from a pod's.
  const netns = !l.peer ? '' : l.peer.netns !== '' ? ` link-netns ${l.peer.netns}` : ' link-netnsid 0';
  s += `    link/${kind} ${l.mac} brd ${brd}${netns}\n`;
  return s;
}

/** The EUI-64 link-local address the kernel gives every non-loopback device that comes up (addr_gen_mode 0). */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] = b[0]! ^ 0x02;
  const words = [(b[0] << 8) | b[1]!, (b[2]! << 8) | 0xff, (0xfe << 8) | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${words.map((w) => w.toString(16)).join(':').replace(/^0:/, '')}`;
}

function pickLinks(ns: NetNamespace, dev: string | undefined): Link[] | string {
  if (dev === undefined) return [...ns.links].sort((a, b) => a.index - b.index);
  const l = ns.link(dev);
  return l ? [l] : `Device "${dev}" does not exist.\n`;
}

export function ipAddr(ns: NetNamespace, dev?: string): ShellResult {
  const links = pickLinks(ns, dev);
  if (typeof links === 'string') return fail(links, 1);
  let out = '';
  for (const l of links) {
    out += linkHeader(ns, l, false);
    for (const a of ns.addresses.filter((x) => x.dev === l.name)) {
      const brd = a.broadcast ? ` brd ${a.broadcast}` : '';
      out += `    inet ${a.ip}/${a.prefix}${brd} scope ${a.scope} ${a.dev}\n       valid_lft forever preferred_lft forever\n`;
    }
    if (l.type === 'loopback') out += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
    else if (l.state !== 'DOWN') out += `    inet6 ${linkLocal(l.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`;
  }
  return ok(out);
}

export function ipLink(ns: NetNamespace, dev?: string): ShellResult {
  const links = pickLinks(ns, dev);
  if (typeof links === 'string') return fail(links, 1);
  return ok(links.map((l) => linkHeader(ns, l, true)).join(''));
}

export function ipRoute(ns: NetNamespace, dev?: string): ShellResult {
  if (dev !== undefined && !ns.link(dev)) return fail(`Cannot find device "${dev}"\n`, 1);
  let out = '';
  for (const r of ns.allRoutes()) {
    if (dev !== undefined && r.dev !== dev) continue;
    let s = r.dst;
    if (r.via) s += ` via ${r.via}`;
    // With a device filter iproute2 leaves the device out: every line has it.
    if (dev === undefined) s += ` dev ${r.dev}`;
    if (r.proto) s += ` proto ${r.proto}`;
    if (r.scope) s += ` scope ${r.scope}`;
    if (r.src) s += ` src ${r.src}`;
    if (r.metric !== undefined) s += ` metric ${r.metric}`;
    if (r.onlink) s += ' onlink';
    out += `${s} \n`;
  }
  return ok(out);
}

export function ipNeigh(ns: NetNamespace, dev?: string): ShellResult {
  if (dev !== undefined && !ns.link(dev)) return fail(`Cannot find device "${dev}"\n`, 1);
  let out = '';
  for (const n of ns.allNeighbours()) {
    if (dev !== undefined && n.dev !== dev) continue;
    out += `${n.ip} ${dev === undefined ? `dev ${n.dev} ` : ''}lladdr ${n.lladdr} ${n.state}\n`;
  }
  return ok(out);
}

/** `ip netns`: each name with the id the host's namespace knows it by (`(id: N)`). */
export function ipNetns(m: Machine): ShellResult {
  return ok(m.netnsNames().map((n) => {
    const id = m.netns(n)?.nsid;
    return id === undefined ? `${n}\n` : `${n} (id: ${id})\n`;
  }).join(''));
}

const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** iproute2's matches(): a prefix of the keyword (at least one letter) selects it. */
function matches(word: string, keyword: string, min = 1): boolean {
  return word.length >= min && keyword.startsWith(word);
}

/** `ip OBJECT [show|list] [dev X]` in a namespace (the host's unless given). */
export function ip(m: Machine, args: string[], ns: NetNamespace = m.host): ShellResult {
  const [obj, ...rest] = args;
  if (obj === undefined) return fail(IP_USAGE, 255);
  let cmd = rest;
  if (cmd[0] !== undefined && (matches(cmd[0], 'show') || matches(cmd[0], 'list') || cmd[0] === 'lst')) cmd = cmd.slice(1);
  let dev: string | undefined;
  if (cmd[0] === 'dev') dev = cmd[1];
  else if (cmd.length === 1 && !matches(obj, 'netns')) dev = cmd[0];
  else if (cmd.length > 0 && !matches(obj, 'netns')) return fail(`Command "${rest.join(' ')}" is unknown, try "ip ${obj} help".\n`, 255);
  if (dev === '' ) return fail('Command line is not complete. Try option "help"\n', 255);
  if (matches(obj, 'address')) return ipAddr(ns, dev);
  if (matches(obj, 'link')) return ipLink(ns, dev);
  if (matches(obj, 'route')) return ipRoute(ns, dev);
  if (matches(obj, 'neighbor') || matches(obj, 'neighbour')) return ipNeigh(ns, dev);
  if (matches(obj, 'netns', 5)) return ipNetns(m);
  return fail(`Object "${obj}" is unknown, try "ip help".\n`, 1);
}
