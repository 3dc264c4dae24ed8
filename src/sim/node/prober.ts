/**
 * One probe, as the kubelet's prober runs it against the container model (pkg/kubelet/prober):
 * exec runs the command through the shell model inside the container's files; httpGet asks the
 * process whether it answers HTTP on that port and path; tcpSocket whether it listens; grpc whether
 * it serves the gRPC health service. Results carry the kubelet's own failure texts.
 */
import type { Container } from '../types';
type Probe = NonNullable<Container['livenessProbe']>;
import type { ContainerRun, ProbeType } from './runtime';
import { scriptRun } from './behavior';
import { parseScript, runScript, ShellSyntaxError } from './shell';

export interface ProbeOutcome {
  ok: boolean;
  /** the failure text the event carries after `<Type> probe failed: ` */
  output: string;
  /** a line the serving process logs for the request (nginx access log) */
  accessLine?: { status: number; path: string; bytes: number };
}

export interface ProbeContext {
  run: ContainerRun;
  container: Container;
  probe: Probe;
  type: ProbeType;
  /** ms since the container started */
  sinceStartMs: number;
  /** the address the kubelet dials: the pod IP (the node IP for host-network pods) */
  ip: string;
  /** the address the probe leaves from (the pod's gateway on the bridge, or the node's) */
  sourceIP?: string;
  /** forced by a fault or an annotation */
  forced?: 'fail' | 'pass';
  readFile: (path: string) => string | undefined;
}

/** The paths the stock servers answer with 200; others get their 404. */
const STOCK_PATHS: Record<string, string[]> = {
  'docker.io/library/nginx': ['/', '/index.html', '/50x.html'],
  'docker.io/library/httpd': ['/', '/index.html'],
};

function resolvePort(c: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^[0-9]+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

export function runProbe(pc: ProbeContext): ProbeOutcome {
  const { probe, run, ip } = pc;
  const prog = run.program;
  const appReady = prog.overrides.readyAfterMs === undefined || pc.sinceStartMs >= prog.overrides.readyAfterMs;
  if (probe.exec) {
    const cmd = probe.exec.command ?? [];
    if (pc.forced === 'fail') return { ok: false, output: '' };
    if (pc.forced === 'pass') return { ok: true, output: '' };
    return execProbe(cmd, pc, appReady);
  }
  if (probe.httpGet) {
    const port = resolvePort(pc.container, probe.httpGet.port as number | string);
    const host = probe.httpGet.host || ip;
    const path = probe.httpGet.path || '/';
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const url = `${scheme}://${host}:${port ?? 0}${path.startsWith('/') ? path : `/${path}`}`;
    if (port === undefined) return { ok: false, output: `Get "${url}": dial tcp ${host}:0: connect: connection refused` };
    if (pc.forced === 'pass') return { ok: true, output: '' };
    const own = agentHttpProbe(pc, port, host, path);
    if (own && pc.forced !== 'fail') return own;
    const served = prog.serves.find((s) => s.port === port);
    if (!served || !appReady) return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    if (served.proto !== 'http') return { ok: false, output: `Get "${url}": EOF` };
    if (pc.forced === 'fail') return { ok: false, output: 'HTTP probe failed with statuscode: 500', accessLine: { status: 500, path, bytes: 0 } };
    const stock = STOCK_PATHS[imageRepo(prog.image.cmd, pc.container.image ?? '')];
    if (stock && prog.script === undefined && !stock.includes(path.split('?')[0]!)) return { ok: false, output: 'HTTP probe failed with statuscode: 404', accessLine: { status: 404, path, bytes: 153 } };
    return { ok: true, output: '', accessLine: { status: 200, path, bytes: 615 } };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(pc.container, probe.tcpSocket.port as number | string);
    const host = probe.tcpSocket.host || ip;
    if (pc.forced === 'pass') return { ok: true, output: '' };
    const served = port !== undefined && prog.serves.some((s) => s.port === port);
    if (!served || !appReady || pc.forced === 'fail') return { ok: false, output: `dial tcp ${host}:${port ?? 0}: connect: connection refused` };
    return { ok: true, output: '' };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (pc.forced === 'pass') return { ok: true, output: '' };
    const served = prog.serves.find((s) => s.port === port);
    if (!served || !appReady) return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within 1s: context deadline exceeded` };
    if (pc.forced === 'fail') return { ok: false, output: 'service unhealthy (responded with "NOT_SERVING")' };
    if (served.proto !== 'grpc') return { ok: false, output: `timeout: failed to connect service "${ip}:${port}" within 1s: context deadline exceeded` };
    return { ok: true, output: '' };
  }
  return { ok: true, output: '' };
}

/**
 * A container whose process is a system agent that answers HTTP on the port itself (CoreDNS's /health
 * and /ready): the probe's GET goes to that server, and its status decides (200–399 is success).
 */
function agentHttpProbe(pc: ProbeContext, port: number, host: string, path: string): ProbeOutcome | undefined {
  const l = pc.run.sockets?.().find((x) => x.proto === 'tcp' && x.port === port);
  if (!l || l.app.kind !== 'http') return undefined;
  const res = l.app.serve({
    method: 'GET',
    path,
    host: `${host}:${port}`,
    headers: [['Host', `${host}:${port}`], ['User-Agent', 'kube-probe/1.31'], ['Accept', '*/*'], ['Connection', 'close']],
    clientIP: pc.sourceIP ?? '',
    localIP: host,
    localPort: port,
  });
  if (res.status >= 200 && res.status < 400) return { ok: true, output: '' };
  return { ok: false, output: `HTTP probe failed with statuscode: ${res.status}` };
}

function imageRepo(_cmd: string[], image: string): string {
  const last = image.split('@')[0]!;
  const name = last.replace(/:[^/]*$/, '');
  if (!name.includes('/')) return `docker.io/library/${name}`;
  if (!name.split('/')[0]!.includes('.')) return `docker.io/${name}`;
  return name;
}

/** Exec health commands of the stock images, whose answer depends only on whether the server is up. */
export const STOCK_HEALTH_COMMANDS: ReadonlySet<string> = new Set(['redis-cli', 'pg_isready', 'mysqladmin', 'mongosh', 'grpc_health_probe', 'curl', 'wget', 'nc']);

function execProbe(cmd: string[], pc: ProbeContext, appReady: boolean): ProbeOutcome {
  const name = (cmd[0] ?? '').replace(/^.*\//, '');
  // Health commands of the stock images answer once the server is up.
  if (STOCK_HEALTH_COMMANDS.has(name)) {
    if (!appReady) {
      if (name === 'redis-cli') return { ok: false, output: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused' };
      if (name === 'pg_isready') return { ok: false, output: '/var/run/postgresql:5432 - no response' };
      return { ok: false, output: '' };
    }
    if (name === 'redis-cli') return { ok: true, output: 'PONG' };
    if (name === 'pg_isready') return { ok: true, output: '/var/run/postgresql:5432 - accepting connections' };
    return { ok: true, output: '' };
  }
  // Anything else runs through the shell model, seeing the files the container's own script made.
  const files = pc.run.program.script ? scriptRun(pc.run.program, pc.run.inputs, pc.readFile, pc.sinceStartMs, 1).files : new Map<string, string>();
  const readFile = (p: string) => (files.has(p) ? files.get(p) : pc.readFile(p));
  let stmts;
  try {
    const isShell = /(^|\/)(sh|bash|ash)$/.test(cmd[0] ?? '') && cmd[1] === '-c';
    stmts = parseScript(isShell ? (cmd[2] ?? '') : cmd.map((a) => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '));
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return { ok: false, output: `sh: syntax error: ${e.message}` };
  }
  const res = runScript(stmts, pc.run.program.env, {
    startWallMs: pc.run.inputs.startWallMs + pc.sinceStartMs,
    hostname: pc.run.inputs.hostname,
    readFile,
    external: () => ({ kind: 'ok', status: appReady ? 0 : 1 }),
  }, { horizonMs: (pc.probe.timeoutSeconds ?? 1) * 1000 });
  const output = res.lines.map((l) => l.text).join('\n');
  if (!res.exit) return { ok: false, output: `command timed out: "${cmd.join(' ')}" timed out after ${pc.probe.timeoutSeconds ?? 1}s` };
  if (res.exit.code !== 0) return { ok: false, output };
  return { ok: true, output };
}
