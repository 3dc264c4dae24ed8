/**
 * busybox 1.36's netstat (networking/netstat.c) over the sockets listening in the namespace: the
 * `-t`, `-u`, `-l`, `-a`, `-n`, `-p` flags learners combine (`-tln`, `-tulpn`, `-an`).
 *
 *   Active Internet connections (only servers)
 *   Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
 *   tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      1/nginx
 *
 * Only listening sockets are modelled (the dataplane does not keep per-namespace established
 * sockets), so without -l/-a the Internet section is headers only. Without -t/-u both TCP and UDP
 * are listed, followed by the UNIX socket section.
 */
import type { Listener } from '../traffic/socket';
import type { BusyboxBuild } from './busybox';
import { usage } from './busybox';
import type { NetHost, NetToolResult } from './host';
import { getopt } from './getopt';
import { route } from './route';

const USAGE =
  'Usage: netstat [-ral] [-tuwx] [-enWp]\n\nDisplay networking information\n\n' +
  '\t-r\tRouting table\n\t-a\tAll sockets\n\t-l\tListening sockets\n\t\tElse: connected sockets\n' +
  '\t-t\tTCP sockets\n\t-u\tUDP sockets\n\t-w\tRaw sockets\n\t-x\tUnix sockets\n' +
  '\t\tElse: all socket types\n\t-e\tOther/more information\n\t-n\tDon\'t resolve names\n' +
  '\t-W\tWide display\n\t-p\tShow PID/program name for sockets\n';

/** Port names /etc/services gives, for netstat without -n. */
const SERVICE_NAMES: Record<number, string> = { 80: 'www', 443: 'https', 53: 'domain', 22: 'ssh', 21: 'ftp', 25: 'smtp', 6379: 'redis', 3306: 'mysql', 5432: 'postgresql', 8080: 'webcache' };

function endpoint(addr: string, port: number | '*', numeric: boolean): string {
  const v6 = addr.includes(':');
  const a = v6 ? (addr === '::' ? '::' : addr) : addr;
  const p = port === '*' ? '*' : !numeric && SERVICE_NAMES[port] ? SERVICE_NAMES[port] : String(port);
  return `${a}:${p}`;
}

/** `PID/program` in a 20-byte buffer (19 characters and the NUL), printed left-aligned in 20 columns. */
const PROGNAME_WIDTH = 20;
function progName(l: Listener): string {
  return `${l.pid}/${l.program}`.slice(0, PROGNAME_WIDTH - 1).padEnd(PROGNAME_WIDTH);
}

function line(l: Listener, numeric: boolean, prog: boolean): string {
  const v6 = l.addr.includes(':');
  const proto = `${l.proto}${v6 ? '6' : ''}`;
  const local = endpoint(l.addr, l.port, numeric);
  const foreign = endpoint(v6 ? '::' : '0.0.0.0', '*', numeric);
  const state = l.proto === 'tcp' ? 'LISTEN' : '';
  return `${proto.padEnd(5)} ${'0'.padStart(6)} ${'0'.padStart(6)} ${local.padEnd(23)} ${foreign.padEnd(23)} ${state.padEnd(12)}${prog ? progName(l) : ''}\n`;
}

export function netstat(argv: readonly string[], host: NetHost, build: BusyboxBuild): NetToolResult {
  const parsed = getopt(argv, { flags: 'raltuwxenWp', withArg: '' });
  if ('error' in parsed || parsed.operands.length > 0) return usage(build, USAGE);
  const f = new Set(parsed.opts.map((o) => o.key));
  if (f.has('r')) return route(f.has('n') ? ['-n'] : [], host, build);
  const anyType = !(f.has('t') || f.has('u') || f.has('w') || f.has('x'));
  const listening = f.has('l') || f.has('a');
  const connected = !f.has('l') || f.has('a');
  const numeric = f.has('n');
  const prog = f.has('p');
  let out = '';
  if (anyType || f.has('t') || f.has('u') || f.has('w')) {
    out += `Active Internet connections ${listening && connected ? '(servers and established)' : listening ? '(only servers)' : '(w/o servers)'}\n`;
    out += `Proto Recv-Q Send-Q ${'Local Address'.padEnd(23)} ${'Foreign Address'.padEnd(23)} State       ${prog ? 'PID/Program name'.padEnd(PROGNAME_WIDTH) : ''}\n`;
    if (listening) {
      const byProto = (p: 'tcp' | 'udp') => host.listeners.filter((l) => l.proto === p);
      const order: Listener[] = [];
      if (anyType || f.has('t')) order.push(...byProto('tcp').filter((l) => !l.addr.includes(':')), ...byProto('tcp').filter((l) => l.addr.includes(':')));
      if (anyType || f.has('u')) order.push(...byProto('udp').filter((l) => !l.addr.includes(':')), ...byProto('udp').filter((l) => l.addr.includes(':')));
      for (const l of order) out += line(l, numeric, prog);
    }
  }
  if (anyType || f.has('x')) {
    out += `Active UNIX domain sockets ${listening && connected ? '(servers and established)' : listening ? '(only servers)' : '(w/o servers)'}\n`;
    out += `Proto RefCnt Flags       Type       State         I-Node ${prog ? 'PID/Program name    ' : ''}Path\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0, durationMs: 0 };
}
