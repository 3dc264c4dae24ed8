/** iproute2's `bridge fdb show [dev X]` and `bridge link`, as iproute2 6.1 prints them. */
import type { NetNamespace } from '../netns';
import type { ShellResult } from './result';
import { fail, ok } from './result';

export function bridgeFdb(ns: NetNamespace, dev?: string): ShellResult {
  if (dev !== undefined && !ns.link(dev)) return fail(`Cannot find device "${dev}"\n`, 1);
  let out = '';
  for (const e of ns.allFdb()) {
    if (dev !== undefined && e.dev !== dev) continue;
    let s = e.mac;
    // Filtered by device, iproute2 leaves the device out of each line.
    if (dev === undefined) s += ` dev ${e.dev}`;
    if (e.vlan !== undefined) s += ` vlan ${e.vlan}`;
    if (e.dst) s += ` dst ${e.dst}`;
    if (e.master) s += ` master ${e.master}`;
    if (e.self) s += ' self';
    s += e.permanent ? ' permanent' : '';
    out += `${s}\n`;
  }
  return ok(out);
}

/** Bridge ports: veth cost 2 (10 Gbit/s), priority 32, forwarding once up. */
export function bridgeLink(ns: NetNamespace): ShellResult {
  let out = '';
  for (const l of [...ns.links].sort((a, b) => a.index - b.index)) {
    if (!l.master) continue;
    const up = l.state !== 'DOWN';
    const name = l.peer ? `${l.name}@if${l.peer.index}` : l.name;
    const flags = up ? '<BROADCAST,MULTICAST,UP,LOWER_UP>' : '<BROADCAST,MULTICAST>';
    out += `${l.index}: ${name}: ${flags} mtu ${l.mtu} master ${l.master} state ${up ? 'forwarding' : 'disabled'} priority 32 cost 2 \n`;
  }
  return ok(out);
}

const BRIDGE_USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -com[pressvlan] -c[olor] -p[retty] -j[son] }
`;

export function bridge(ns: NetNamespace, args: string[]): ShellResult {
  const [obj, ...rest] = args;
  if (obj === undefined) return fail(BRIDGE_USAGE, 255);
  let cmd = rest;
  if (cmd[0] !== undefined && ('show'.startsWith(cmd[0]) || 'list'.startsWith(cmd[0]))) cmd = cmd.slice(1);
  const dev = cmd[0] === 'dev' || cmd[0] === 'brport' ? cmd[1] : undefined;
  if ('fdb'.startsWith(obj)) return bridgeFdb(ns, dev);
  if ('link'.startsWith(obj)) return bridgeLink(ns);
  return fail(`Object "${obj}" is unknown, try "bridge help".\n`, 255);
}
