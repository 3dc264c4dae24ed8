/**
 * busybox 1.36's nc in its netcat-1.10 form (networking/nc_bloaty.c, NC_110_COMPAT as both the
 * busybox image and alpine build it), outbound only: `nc [-v[v]] [-z] [-w SEC] HOST PORT`.
 *
 * - With `-v`, an open port prints `HOST (IP:PORT) open` on stderr, HOST as typed.
 * - A failure prints `nc: HOST (IP:PORT): <strerror>` — except a refusal at a single -v, which
 *   netcat keeps quiet about so that port scans are readable; -vv shows it.
 * - `-w SEC` bounds connect(); when it fires the error is `Connection timed out`.
 * - -vv adds ` sent N, rcvd M` at the end. Exit status 0 when connected, else 1.
 * - Without -z, a connected nc shuttles stdin to the peer until EOF; with no input (exec without
 *   -i) that is an immediate EOF, and nc reads what the peer says until it closes.
 */
import type { BusyboxBuild } from './busybox';
import { die, strerror, usage } from './busybox';
import type { NetHost, NetToolResult } from './host';
import { KERNEL_CONNECT_TIMEOUT_MS, isDottedQuad } from './host';
import { getopt } from './getopt';

const USAGE =
  'Usage: nc [OPTIONS] HOST PORT  - connect\n' +
  'nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n\n' +
  '\t-e PROG\tRun PROG after connect (must be last)\n' +
  '\t-l\tListen mode, for inbound connects\n' +
  '\t-lk\tWith -e, provides persistent server\n' +
  '\t-p PORT\tLocal port\n' +
  '\t-s ADDR\tLocal address\n' +
  '\t-w SEC\tTimeout for connects and final net reads\n' +
  '\t-i SEC\tDelay interval for lines sent\n' +
  "\t-n\tDon't do DNS resolution\n" +
  '\t-u\tUDP mode\n' +
  '\t-b\tAllow broadcasts\n' +
  '\t-v\tVerbose\n' +
  '\t-o FILE\tHex dump traffic\n' +
  '\t-z\tZero-I/O mode (scanning)\n';

/** Well-known service names bb_lookup_port takes instead of numbers (from /etc/services). */
const SERVICES: Record<string, number> = { http: 80, https: 443, domain: 53, ssh: 22, ftp: 21, smtp: 25, mysql: 3306, postgresql: 5432, redis: 6379 };

export function nc(argv: readonly string[], host: NetHost, build: BusyboxBuild): NetToolResult {
  const parsed = getopt(argv, { flags: 'bnuvlkz', withArg: 'psweio' });
  if ('error' in parsed || parsed.operands.length > 2) return usage(build, USAGE);
  let verbose = 0;
  let zero = false;
  let numeric = false;
  let waitS = 0;
  for (const o of parsed.opts) {
    if (o.key === 'v') verbose++;
    else if (o.key === 'z') zero = true;
    else if (o.key === 'n') numeric = true;
    else if (o.key === 'w') {
      if (!/^\d+$/.test(o.value!)) return die('nc', `invalid number '${o.value}'`);
      waitS = Number(o.value);
    }
  }
  const [name, portArg] = parsed.operands;
  if (name === undefined) return usage(build, USAGE);
  let port = 0;
  if (portArg !== undefined) {
    // bb_lookup_port: a number, else a service name, else silently port 0.
    const n = /^\d+$/.test(portArg) ? Number(portArg) : NaN;
    port = n <= 65535 ? n : SERVICES[portArg] ?? 0;
  }
  let t = 0;
  let ip = name;
  if (!isDottedQuad(name)) {
    if (numeric) return die('nc', `bad address '${name}'`);
    const r = host.resolve(name, 'both');
    t += r.elapsedMs;
    const v4 = r.addresses.find(isDottedQuad);
    if (!v4) return die('nc', `bad address '${name}'`, '', '', t);
    ip = v4;
  }
  const dotted = `${ip}:${port}`;
  const limit = waitS > 0 ? Math.min(waitS * 1000, KERNEL_CONNECT_TIMEOUT_MS) : KERNEL_CONNECT_TIMEOUT_MS;
  const c = host.connect(ip, port, { atMs: t, timeoutMs: limit });
  let stderr = '';
  let stdout = '';
  let exitCode = 0;
  if (c.kind === 'connected') {
    t += c.rttMs;
    if (verbose) stderr += `${name} (${dotted}) open\n`;
    if (!zero && c.app.kind === 'http') {
      // stdin is empty: nc half-closes, the server sees a request that never came and closes too.
      t += c.rttMs;
    }
  } else {
    t += c.error === 'ETIMEDOUT' ? limit : c.afterMs;
    exitCode = 1;
    if (verbose > 1 || (verbose && c.error !== 'ECONNREFUSED')) stderr += `nc: ${name} (${dotted}): ${strerror(build, c.error)}\n`;
  }
  if (verbose > 1) stderr += ' sent 0, rcvd 0\n';
  return { stdout, stderr, exitCode, durationMs: t };
}
