/**
 * busybox 1.36's hostname: the name, or with -i every address the name resolves to through
 * /etc/hosts (the kubelet writes the pod's own IP there), each followed by a space.
 */
import type { NetHost, NetToolResult } from './host';

export function hostname(argv: readonly string[], host: NetHost): NetToolResult {
  if (argv.includes('-i')) {
    const ips = host.view.addresses.filter((a) => a.scope === 'global').map((a) => a.ip);
    return { stdout: `${ips.map((ip) => `${ip} `).join('')}\n`, stderr: '', exitCode: 0, durationMs: 0 };
  }
  if (argv.includes('-s')) return { stdout: `${host.hostname.split('.')[0]}\n`, stderr: '', exitCode: 0, durationMs: 0 };
  return { stdout: `${host.hostname}\n`, stderr: '', exitCode: 0, durationMs: 0 };
}
