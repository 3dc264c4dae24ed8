/**
 * busybox 1.36's `route` with no arguments or `-n` (networking/route.c): the kernel's main IPv4
 * routing table in net-tools' layout. Without -n, 0.0.0.0 reads `default` as a destination and `*`
 * as a gateway; other addresses are printed as numbers here (busybox would try a reverse lookup of
 * each, which in a pod only slows it down).
 */
import { formatIPv4, maskOf, parseCIDR } from '../ipv4';
import type { BusyboxBuild } from './busybox';
import { usage } from './busybox';
import type { NetHost, NetToolResult } from './host';

const USAGE =
  'Usage: route [{add|del|delete}]\n\nEdit kernel routing tables\n\n' +
  '\t-n\tDon\'t resolve names\n\t-e\tDisplay other/more information\n\t-A inet\tSelect address family\n';

export function route(argv: readonly string[], host: NetHost, build: BusyboxBuild): NetToolResult {
  const numeric = argv.includes('-n');
  if (argv.some((a) => a !== '-n' && a !== '-e')) return usage(build, USAGE);
  let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  for (const r of host.view.routes) {
    const c = r.dst === 'default' ? { ip: 0, net: { ip: 0, prefix: 0 } } : parseCIDR(r.dst.includes('/') ? r.dst : `${r.dst}/32`);
    if (!c) continue;
    const dest = formatIPv4(c.net.ip);
    const gw = r.via ?? '0.0.0.0';
    const flags = `U${r.via ? 'G' : ''}${c.net.prefix === 32 ? 'H' : ''}`;
    const destText = !numeric && c.net.prefix === 0 ? 'default' : dest;
    const gwText = !numeric && gw === '0.0.0.0' ? '*' : gw;
    out += `${destText.padEnd(15).slice(0, 15)} ${gwText.padEnd(15).slice(0, 15)} ${formatIPv4(maskOf(c.net.prefix)).padEnd(16)}${flags.padEnd(6)}${String(r.metric ?? 0).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.dev}\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0, durationMs: 0 };
}
