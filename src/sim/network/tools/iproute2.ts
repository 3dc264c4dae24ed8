/**
 * iproute2's `ip` (netshoot, nodes) over a namespace's data: the node shell's formatter
 * (node/nodeshell/ip.ts), fed from a NetHost's view instead of a live Machine.
 */
import { NetNamespace } from '../../node/netns';
import { ipAddr, ipLink, ipNeigh, ipRoute } from '../../node/nodeshell/ip';
import type { NetHost, NetToolResult } from './host';

const matches = (w: string, kw: string) => w.length > 0 && kw.startsWith(w);

export function iproute2Ip(argv: readonly string[], host: NetHost): NetToolResult {
  const ns = new NetNamespace(host.view.netns);
  for (const l of host.view.links) ns.addLink({ ...l });
  ns.addresses.push(...host.view.addresses.map((a) => ({ ...a })));
  ns.routes.push(...host.view.routes.map((r) => ({ ...r })));
  ns.neighbours.push(...host.view.neighbours.map((n) => ({ ...n })));
  const [obj, ...rest0] = argv;
  const done = (r: { stdout: string; stderr: string; exitCode: number }): NetToolResult => ({ ...r, durationMs: 0 });
  if (obj === undefined) return done({ stdout: '', stderr: 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n', exitCode: 255 });
  let rest = rest0;
  if (rest[0] !== undefined && (matches(rest[0], 'show') || matches(rest[0], 'list'))) rest = rest.slice(1);
  const dev = rest[0] === 'dev' ? rest[1] : rest[0];
  if (matches(obj, 'address')) return done(ipAddr(ns, dev));
  if (matches(obj, 'link')) return done(ipLink(ns, dev));
  if (matches(obj, 'route')) return done(ipRoute(ns, dev));
  if (matches(obj, 'neighbor') || matches(obj, 'neighbour')) return done(ipNeigh(ns, dev));
  return done({ stdout: '', stderr: `Object "${obj}" is unknown, try "ip help".\n`, exitCode: 1 });
}
