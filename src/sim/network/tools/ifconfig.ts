/**
 * busybox 1.36's ifconfig with no arguments, or one interface (networking/ifconfig.c,
 * interface.c): net-tools' old layout, interfaces sorted by name. Packet and byte counters are not
 * modelled and read 0.
 */
import { formatIPv4, maskOf } from '../ipv4';
import type { Link } from '../../node/netns';
import { linkLocal } from '../../node/nodeshell/ip';
import type { NetHost, NetToolResult } from './host';

function block(l: Link, host: NetHost): string {
  const loop = l.type === 'loopback';
  let s = `${l.name.padEnd(10)}Link encap:${loop ? 'Local Loopback  ' : `Ethernet  HWaddr ${l.mac.toUpperCase()}  `}\n`;
  for (const a of host.view.addresses.filter((x) => x.dev === l.name)) {
    s += `          inet addr:${a.ip}${a.broadcast ? `  Bcast:${a.broadcast}` : ''}  Mask:${formatIPv4(maskOf(a.prefix))}\n`;
  }
  const up = l.state !== 'DOWN';
  if (loop) s += '          inet6 addr: ::1/128 Scope:Host\n';
  else if (up) s += `          inet6 addr: ${linkLocal(l.mac)}/64 Scope:Link\n`;
  const flags = [...(up ? ['UP'] : []), ...(loop ? ['LOOPBACK'] : ['BROADCAST']), ...(up ? ['RUNNING'] : []), ...(loop ? [] : ['MULTICAST'])];
  s += `          ${flags.join(' ')}  MTU:${l.mtu}  Metric:1\n`;
  s += '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n';
  s += '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n';
  const qlen = l.type === 'veth' || l.type === 'vxlan' ? 0 : 1000;
  s += `          collisions:0 txqueuelen:${qlen} \n`;
  s += '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n';
  return s;
}

export function ifconfig(argv: readonly string[], host: NetHost): NetToolResult {
  const all = argv.includes('-a');
  const names = argv.filter((a) => a !== '-a');
  if (names.length > 1) return { stdout: '', stderr: 'ifconfig: SIOCSIFADDR: Operation not permitted\n', exitCode: 1, durationMs: 0 };
  if (names.length === 1) {
    const l = host.view.links.find((x) => x.name === names[0]);
    if (!l) return { stdout: '', stderr: `ifconfig: ${names[0]}: error fetching interface information: Device not found\n`, exitCode: 1, durationMs: 0 };
    return { stdout: block(l, host), stderr: '', exitCode: 0, durationMs: 0 };
  }
  const links = [...host.view.links].filter((l) => all || l.state !== 'DOWN').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { stdout: links.map((l) => block(l, host)).join(''), stderr: '', exitCode: 0, durationMs: 0 };
}
