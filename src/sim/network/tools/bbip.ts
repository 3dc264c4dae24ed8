/**
 * busybox 1.36's `ip` (networking/libiproute): iproute2's layout from an older iproute2, with its
 * own differences that show inside a pod —
 * - `state UP ` and `qlen 1000` follow `qdisc`, with no `group default`;
 * - a veth whose peer lives in another namespace is `eth0@ifN` and its flags end in `M-DOWN` (the
 *   peer's index does not resolve here, so busybox takes the peer to be down);
 * - routes carry no `proto`, and `src` is preceded by two spaces; each line ends in a space.
 */
import type { Link } from '../../node/netns';
import { linkLocal } from '../../node/nodeshell/ip';
import type { BusyboxBuild } from './busybox';
import { usage } from './busybox';
import type { NetHost, NetToolResult } from './host';

const USAGE =
  'Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n' +
  'OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n' +
  'ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n' +
  'ip route list|flush|add|del|change|append|replace|test ROUTE\n' +
  'ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n' +
  '\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n' +
  '\t[master IFACE | nomaster] [netns PID]\n' +
  'ip tunnel add|change|del|show [NAME]\n' +
  '\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n' +
  'ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n' +
  'ip rule [list] | add|del SELECTOR ACTION\n';

function header(l: Link): string {
  const up = l.state !== 'DOWN';
  const flags = l.type === 'loopback' ? ['LOOPBACK'] : ['BROADCAST', 'MULTICAST'];
  if (up) flags.push('UP', 'LOWER_UP');
  if (l.peer) flags.push('M-DOWN');
  const name = l.peer ? `${l.name}@if${l.peer.index}` : l.name;
  const qdisc = l.type === 'ether' ? 'fq_codel' : 'noqueue';
  const qlen = l.type === 'veth' || l.type === 'vxlan' ? '' : 'qlen 1000';
  const master = l.master ? `master ${l.master} ` : '';
  let s = `${l.index}: ${name}: <${flags.join(',')}> mtu ${l.mtu} qdisc ${qdisc} ${master}state ${l.state} ${qlen}\n`;
  s += l.type === 'loopback' ? `    link/loopback ${l.mac} brd 00:00:00:00:00:00\n` : `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff\n`;
  return s;
}

function pick(host: NetHost, dev: string | undefined): Link[] | undefined {
  const links = [...host.view.links].sort((a, b) => a.index - b.index);
  if (dev === undefined) return links;
  const l = links.find((x) => x.name === dev);
  return l ? [l] : undefined;
}

const matches = (w: string, kw: string) => w.length > 0 && kw.startsWith(w);

export function busyboxIp(argv: readonly string[], host: NetHost, build: BusyboxBuild): NetToolResult {
  const ok = (stdout: string): NetToolResult => ({ stdout, stderr: '', exitCode: 0, durationMs: 0 });
  const err = (msg: string): NetToolResult => ({ stdout: '', stderr: `ip: ${msg}\n`, exitCode: 1, durationMs: 0 });
  const [obj, ...rest0] = argv;
  if (obj === undefined) return usage(build, USAGE);
  let rest = rest0;
  if (rest[0] !== undefined && (matches(rest[0], 'show') || matches(rest[0], 'list'))) rest = rest.slice(1);
  const dev = rest[0] === 'dev' ? rest[1] : rest[0];
  if (rest[0] === 'dev' && dev === undefined) return err('need DEVICE argument');
  if (matches(obj, 'address') || matches(obj, 'link')) {
    const links = pick(host, dev);
    if (!links) return err(`can't find device '${dev}'`);
    let out = '';
    for (const l of links) {
      out += header(l);
      if (matches(obj, 'link')) continue;
      for (const a of host.view.addresses.filter((x) => x.dev === l.name)) {
        out += `    inet ${a.ip}/${a.prefix} ${a.broadcast ? `brd ${a.broadcast} ` : ''}scope ${a.scope} ${a.dev}\n       valid_lft forever preferred_lft forever\n`;
      }
      if (l.type === 'loopback') out += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
      else if (l.state !== 'DOWN') out += `    inet6 ${linkLocal(l.mac)}/64 scope link \n       valid_lft forever preferred_lft forever\n`;
    }
    return ok(out);
  }
  if (matches(obj, 'route')) {
    if (dev !== undefined && !host.view.links.some((l) => l.name === dev)) return err(`can't find device '${dev}'`);
    let out = '';
    for (const r of host.view.routes) {
      if (dev !== undefined && r.dev !== dev) continue;
      let s = `${r.dst} `;
      if (r.via) s += `via ${r.via} `;
      if (dev === undefined) s += `dev ${r.dev} `;
      if (r.scope) s += `scope ${r.scope} `;
      if (r.src) s += ` src ${r.src} `;
      if (r.metric !== undefined) s += ` metric ${r.metric} `;
      if (r.onlink) s += 'onlink ';
      out += `${s}\n`;
    }
    return ok(out);
  }
  if (matches(obj, 'neighbor') || matches(obj, 'neighbour')) {
    return ok(host.view.neighbours.filter((n) => dev === undefined || n.dev === dev).map((n) => `${n.ip} ${dev === undefined ? `dev ${n.dev} ` : ''}lladdr ${n.lladdr} ${n.state}\n`).join(''));
  }
  return usage(build, USAGE);
}
