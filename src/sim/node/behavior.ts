/**
 * What a container does once started, so that real manifests behave sensibly with no extra input:
 * each well-known image's default process (serves forever, or exits at once like a shell with no
 * terminal), the ports it answers on and how (HTTP, plain TCP, gRPC), the lines it logs at start,
 * and its typical CPU and memory use; the commands people write (`sleep`, `sh -c` scripts, the
 * perl π Job) through the shell model; and per-pod overrides through `kubetab.io/*` annotations.
 *
 * A container's behaviour is a `Program`: computed once when the container starts, it says whether
 * and when the process exits and with what code; logs and files are recomputed lazily from it
 * whenever someone reads them, so a running container costs no timers.
 */
import { parseQuantity, milliValue, value as quantityValue } from '../api/quantity';
import type { Container, Pod } from '../types';
import { parseImageRef } from './images';
import type { ExternalResult, LogLine, ShellHost, Stmt } from './shell';
import { imageHasKubectl, isKubectlWord } from './incluster/config';
import { parseScript, runScript, sleepMs, ShellSyntaxError } from './shell';

export const ANNOTATION_PREFIX = 'kubetab.io/';

export type Proto = 'http' | 'tcp' | 'grpc';

export interface ServedPort {
  port: number;
  proto: Proto;
}

/** The main process of an image when the pod gives no command. */
interface ImageProcess {
  /** what the process does with no command/args */
  kind: 'serve' | 'exit';
  /** exit code when `kind` is exit */
  exitCode?: number;
  /** ports it listens on */
  ports: ServedPort[];
  /** log lines at start (text builders get the container's facts) */
  startup?: (f: LogFacts) => string[];
  /** lines printed when asked to stop */
  onStop?: (f: LogFacts) => string[];
  /** the command it runs (for `ps`-like views and exec) */
  cmd: string[];
  /** its ENTRYPOINT takes any args (a subcommand as well as flags): args never replace it */
  entrypoint?: boolean;
  /**
   * The ENTRYPOINT of an image that runs a program given its args (bitnami/kubectl's `kubectl`):
   * args follow it, and `cmd` is ENTRYPOINT plus the default CMD.
   */
  entrypointArgv?: string[];
  cpuMilli: number;
  memMi: number;
  /** env-dependent refusal to start (postgres and mysql without a password) */
  check?: (env: Record<string, string>) => { code: number; lines: string[] } | undefined;
}

export interface LogFacts {
  /** wall ms (epoch based) of the event */
  wallMs: number;
  podIP: string;
  hostname: string;
  cpus: number;
  version: string;
}

const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** nginx's access-log time: `02/Sep/2024:10:00:15 +0000` */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

function redisTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

function apacheTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${String((ms * 7) % 1000).padStart(3, '0')} ${d.getUTCFullYear()}`;
}

function pgTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} UTC`;
}

function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, x: string) => `.${x}000Z`);
}

/** NGX_MAX_PROCESSES: the size of nginx's process table. */
const NGINX_MAX_PROCESSES = 1024;

const NGINX: ImageProcess = {
  kind: 'serve',
  ports: [{ port: 80, proto: 'http' }],
  cmd: ['nginx', '-g', 'daemon off;'],
  cpuMilli: 1,
  memMi: 7,
  startup: (f) => {
    const t = nginxTime(f.wallMs);
    const lines = [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${t} [notice] 1#1: using the "epoll" event method`,
      `${t} [notice] 1#1: nginx/${f.version}`,
      `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `,
      `${t} [notice] 1#1: OS: Linux 6.8.0-45-generic`,
      `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${t} [notice] 1#1: start worker processes`,
    ];
    // worker_processes auto: one per CPU, but nginx has NGX_MAX_PROCESSES (1024) process slots.
    const workers = Math.min(f.cpus, NGINX_MAX_PROCESSES);
    for (let i = 0; i < workers; i++) lines.push(`${t} [notice] 1#1: start worker process ${29 + i}`);
    if (f.cpus > NGINX_MAX_PROCESSES) lines.push(`${t} [alert] 1#1: no more than ${NGINX_MAX_PROCESSES} processes can be spawned`);
    return lines;
  },
  onStop: (f) => {
    const t = nginxTime(f.wallMs);
    return [`${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`, `${t} [notice] 29#29: gracefully shutting down`, `${t} [notice] 29#29: exiting`, `${t} [notice] 29#29: exit`, `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`, `${t} [notice] 1#1: worker process 29 exited with code 0`, `${t} [notice] 1#1: exit`];
  },
};

const HTTPD: ImageProcess = {
  kind: 'serve',
  ports: [{ port: 80, proto: 'http' }],
  cmd: ['httpd-foreground'],
  cpuMilli: 1,
  memMi: 9,
  startup: (f) => {
    const t = apacheTime(f.wallMs);
    const ah = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${f.podIP}. Set the 'ServerName' directive globally to suppress this message`;
    return [ah, ah, `[${t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations`, `[${t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`];
  },
};

const REDIS: ImageProcess = {
  kind: 'serve',
  ports: [{ port: 6379, proto: 'tcp' }],
  cmd: ['redis-server'],
  cpuMilli: 2,
  memMi: 8,
  startup: (f) => {
    const t = redisTime(f.wallMs);
    return [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=7.4.0, bits=64, commit=00000000, modified=0, pid=1, just started`,
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=6379.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ];
  },
  onStop: (f) => {
    const t = redisTime(f.wallMs);
    return [`1:signal-handler (${Math.floor(f.wallMs / 1000)}) Received SIGTERM scheduling shutdown...`, `1:M ${t} * User requested shutdown...`, `1:M ${t} * Saving the final RDB snapshot before exiting.`, `1:M ${t} * DB saved on disk`, `1:M ${t} # Redis is now ready to exit, bye bye...`];
  },
};

const POSTGRES: ImageProcess = {
  kind: 'serve',
  ports: [{ port: 5432, proto: 'tcp' }],
  cmd: ['postgres'],
  cpuMilli: 3,
  memMi: 32,
  check: (env) =>
    env.POSTGRES_PASSWORD || env.POSTGRES_HOST_AUTH_METHOD === 'trust'
      ? undefined
      : {
          code: 1,
          lines: [
            'Error: Database is uninitialized and superuser password is not specified.',
            '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
            '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
            '',
            '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
            '       connections without a password. This is *not* recommended.',
            '',
            '       See PostgreSQL documentation about "trust":',
            '       https://www.postgresql.org/docs/current/auth-trust.html',
          ],
        },
  startup: (f) => {
    const t = pgTime(f.wallMs);
    return [
      'The files belonging to this database system will be owned by user "postgres".',
      'This user must also own the server process.',
      '',
      'Success. You can now start the database server using:',
      '',
      'PostgreSQL init process complete; ready for start up.',
      '',
      `${t} [1] LOG:  starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
      `${t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
      `${t} [1] LOG:  listening on IPv6 address "::", port 5432`,
      `${t} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
      `${t} [1] LOG:  database system is ready to accept connections`,
    ];
  },
};

const MYSQL: ImageProcess = {
  kind: 'serve',
  ports: [{ port: 3306, proto: 'tcp' }],
  cmd: ['mysqld'],
  cpuMilli: 5,
  memMi: 380,
  check: (env) =>
    env.MYSQL_ROOT_PASSWORD || env.MYSQL_ALLOW_EMPTY_PASSWORD || env.MYSQL_RANDOM_ROOT_PASSWORD
      ? undefined
      : {
          code: 1,
          lines: [
            '2024-09-02 10:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.2-1.el9 started.',
            '2024-09-02 10:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
            '    You need to specify one of the following as an environment variable:',
            '    - MYSQL_ROOT_PASSWORD',
            '    - MYSQL_ALLOW_EMPTY_PASSWORD',
            '    - MYSQL_RANDOM_ROOT_PASSWORD',
          ],
        },
  startup: (f) => {
    const t = isoMicro(f.wallMs);
    return [`${t} 0 [System] [MY-015015] [Server] MySQL Server - start.`, `${t} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.4.2) starting as process 1`, `${t} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock`, `${t} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.2'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`];
  },
};

const SHELL_EXIT: ImageProcess = { kind: 'exit', exitCode: 0, ports: [], cmd: ['sh'], cpuMilli: 0, memMi: 1 };
const serve = (ports: ServedPort[], cpuMilli: number, memMi: number, cmd: string[], startup?: (f: LogFacts) => string[]): ImageProcess => ({ kind: 'serve', ports, cmd, cpuMilli, memMi, startup });

/** Default processes of well-known images, by normalised repository. */
const PROCESSES: Record<string, ImageProcess> = {
  'docker.io/library/nginx': NGINX,
  'docker.io/library/httpd': HTTPD,
  'docker.io/library/redis': REDIS,
  'docker.io/library/postgres': POSTGRES,
  'docker.io/library/mysql': MYSQL,
  'docker.io/library/busybox': SHELL_EXIT,
  'registry.k8s.io/busybox': SHELL_EXIT,
  'k8s.gcr.io/busybox': SHELL_EXIT,
  'gcr.io/google-containers/busybox': SHELL_EXIT,
  'registry.k8s.io/e2e-test-images/busybox': SHELL_EXIT,
  'registry.k8s.io/e2e-test-images/agnhost': serve([], 1, 10, ['/agnhost']),
  'docker.io/library/alpine': { ...SHELL_EXIT, cmd: ['/bin/sh'] },
  'docker.io/library/ubuntu': { ...SHELL_EXIT, cmd: ['/bin/bash'] },
  'docker.io/library/debian': { ...SHELL_EXIT, cmd: ['bash'] },
  'docker.io/library/perl': { kind: 'exit', exitCode: 0, ports: [], cmd: ['perl', '-de0'], cpuMilli: 0, memMi: 3 },
  'docker.io/library/python': { kind: 'exit', exitCode: 0, ports: [], cmd: ['python3'], cpuMilli: 0, memMi: 9 },
  'docker.io/library/node': { kind: 'exit', exitCode: 0, ports: [], cmd: ['node'], cpuMilli: 0, memMi: 30 },
  'docker.io/library/memcached': serve([{ port: 11211, proto: 'tcp' }], 1, 3, ['memcached']),
  'docker.io/library/mongo': serve([{ port: 27017, proto: 'tcp' }], 6, 160, ['mongod']),
  'docker.io/library/rabbitmq': serve([{ port: 5672, proto: 'tcp' }], 8, 110, ['rabbitmq-server']),
  // ENTRYPOINT ["kubectl"], CMD ["--help"]: with no args it prints kubectl's help and exits.
  'docker.io/bitnami/kubectl': { kind: 'exit', exitCode: 0, ports: [], cmd: ['kubectl', '--help'], entrypointArgv: ['kubectl'], cpuMilli: 0, memMi: 25 },
  // The release's own image: ENTRYPOINT ["/bin/kubectl"] and no CMD (no shell in it either).
  'registry.k8s.io/kubectl': { kind: 'exit', exitCode: 0, ports: [], cmd: ['/bin/kubectl'], entrypointArgv: ['/bin/kubectl'], cpuMilli: 0, memMi: 25 },
  'registry.k8s.io/pause': serve([], 0, 0.3, ['/pause']),
  'registry.k8s.io/kube-apiserver': serve([{ port: 6443, proto: 'http' }], 40, 250, ['kube-apiserver']),
  'registry.k8s.io/kube-controller-manager': serve([{ port: 10257, proto: 'http' }], 15, 50, ['kube-controller-manager']),
  'registry.k8s.io/kube-scheduler': serve([{ port: 10259, proto: 'http' }], 3, 20, ['kube-scheduler']),
  'registry.k8s.io/kube-proxy': serve([{ port: 10256, proto: 'http' }], 1, 15, ['/usr/local/bin/kube-proxy']),
  'registry.k8s.io/etcd': serve([{ port: 2379, proto: 'grpc' }, { port: 2381, proto: 'http' }], 20, 45, ['etcd']),
  'registry.k8s.io/coredns/coredns': serve([{ port: 53, proto: 'tcp' }, { port: 8080, proto: 'http' }, { port: 8181, proto: 'http' }, { port: 9153, proto: 'http' }], 2, 13, ['/coredns', '-conf', '/etc/coredns/Corefile'], () => ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9']),
  'registry.k8s.io/metrics-server/metrics-server': serve([{ port: 10250, proto: 'http' }], 4, 18, ['/metrics-server']),
  'registry.k8s.io/hpa-example': serve([{ port: 80, proto: 'http' }], 1, 10, ['apache2-foreground']),
  'docker.io/flannel/flannel': serve([], 2, 12, ['/opt/bin/flanneld']),
  // calico/node's ENTRYPOINT starts runit, which runs felix (its health port 9099) and the other daemons;
  // calico/cni's installer runs once and exits.
  'docker.io/calico/node': serve([{ port: 9099, proto: 'http' }], 8, 90, ['start_runit']),
  'docker.io/calico/cni': { kind: 'exit', exitCode: 0, ports: [], cmd: ['/opt/cni/bin/install'], cpuMilli: 0, memMi: 12 },
  'docker.io/calico/kube-controllers': serve([], 1, 18, ['/usr/bin/kube-controllers']),
  // MetalLB's images have an ENTRYPOINT (/controller, /speaker); the manifest passes only flags.
  'quay.io/metallb/controller': serve([{ port: 7472, proto: 'http' }], 1, 20, ['/controller']),
  'quay.io/metallb/speaker': serve([{ port: 7472, proto: 'http' }], 2, 30, ['/speaker']),
  // ingress-nginx's controller image starts dumb-init, which runs the args (/nginx-ingress-controller …).
  'registry.k8s.io/ingress-nginx/controller': { ...serve([{ port: 80, proto: 'http' }, { port: 443, proto: 'http' }, { port: 10254, proto: 'http' }], 2, 90, ['/usr/bin/dumb-init', '--']), entrypoint: true },
  // kube-webhook-certgen does its one job (create or patch) and exits: the system agent of that image
  // (agents/ingressnginx/certgen.ts) ends the process, 0 when done, 1 on an error.
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen': { ...serve([], 0, 8, ['/kube-webhook-certgen']), entrypoint: true },
};

/** A catch-all for images the catalog does not know: an application server on its declared ports. */
const UNKNOWN: ImageProcess = { kind: 'serve', ports: [], cmd: ['/app'], cpuMilli: 1, memMi: 20 };

export function imageProcess(image: string): ImageProcess & { known: boolean } {
  const repo = parseImageRef(image).repo;
  const p = PROCESSES[repo];
  return p ? { ...p, known: true } : { ...UNKNOWN, known: false };
}

// ------------------------------------------------------------------ annotations

/** The per-pod (or per-container, with a `.<container>` suffix) overrides a learner can set. */
export interface Overrides {
  crashAfterMs?: number;
  exitCode?: number;
  readyAfterMs?: number;
  probeFail: Set<'liveness' | 'readiness' | 'startup'>;
  cpuMilli?: number;
  memBytes?: number;
}

function hasOverrideAnnotation(pod: Pod): boolean {
  for (const k in pod.metadata?.annotations) if (k.startsWith(ANNOTATION_PREFIX)) return true;
  return false;
}

/** Reads `kubetab.io/<key>` and `kubetab.io/<key>.<container>`; the container-specific one wins. */
function ann(pod: Pod, key: string, container: string): string | undefined {
  const a = pod.metadata?.annotations ?? {};
  return a[`${ANNOTATION_PREFIX}${key}.${container}`] ?? a[`${ANNOTATION_PREFIX}${key}`];
}

export function parseDurationMs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  let total = 0;
  let matched = false;
  const re = /([0-9]*\.?[0-9]+)(ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(t))) {
    matched = true;
    consumed += m[0].length;
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
  }
  if (!matched && /^[0-9]+$/.test(t)) return Number(t) * 1000;
  if (!matched || consumed !== t.length) return undefined;
  return Math.round(total);
}

function quantity(s: string | undefined, milli: boolean): number | undefined {
  if (s === undefined) return undefined;
  try {
    const q = parseQuantity(s.trim());
    return milli ? milliValue(q) : quantityValue(q);
  } catch {
    return undefined;
  }
}

export function overridesFor(pod: Pod, container: string): Overrides {
  // Most pods set none of them: one pass over the annotations settles it.
  if (!hasOverrideAnnotation(pod)) return { crashAfterMs: undefined, exitCode: undefined, readyAfterMs: undefined, probeFail: new Set(), cpuMilli: undefined, memBytes: undefined };
  const pf = ann(pod, 'probe-fail', container);
  const probeFail = new Set<'liveness' | 'readiness' | 'startup'>();
  for (const p of (pf ?? '').split(',').map((x) => x.trim())) if (p === 'liveness' || p === 'readiness' || p === 'startup') probeFail.add(p);
  const code = ann(pod, 'exit-code', container);
  const exitCode = code !== undefined && /^[0-9]+$/.test(code.trim()) ? Number(code.trim()) & 255 : undefined;
  return {
    crashAfterMs: parseDurationMs(ann(pod, 'crash-after', container)),
    exitCode,
    readyAfterMs: parseDurationMs(ann(pod, 'ready-after', container)),
    probeFail,
    cpuMilli: quantity(ann(pod, 'cpu-usage', container), true),
    memBytes: quantity(ann(pod, 'memory-usage', container), false),
  };
}

// ------------------------------------------------------------------ programs

/** A container's behaviour, fixed when it starts. */
export interface Program {
  /** the command line that runs (for exec and describe-like views) */
  argv: string[];
  /** a shell script or a plain image process */
  script?: Stmt[];
  image: ImageProcess & { known: boolean };
  /** ports that answer, and how */
  serves: ServedPort[];
  /** when the process exits on its own, ms after start, and with what code; undefined: runs on */
  exit?: { atMs: number; code: number; reason?: string };
  /** fixed output lines (image banners, one-shot programs) with their times */
  fixedLines: LogLine[];
  env: Record<string, string>;
  cpuMilli: number;
  memBytes: number;
  /** true while the process burns a whole CPU (busy loop, the π computation) */
  busyUntilMs?: number;
  overrides: Overrides;
  /** a syntax error in `sh -c`: the shell prints it and exits 2 */
  syntaxError?: string;
}

export interface ProgramInputs {
  pod: Pod;
  container: Container;
  /** environment the runtime gives the process (declared env plus the service variables) */
  env: Record<string, string>;
  hostname: string;
  podIP: string;
  cpus: number;
  startWallMs: number;
  /** the kubectl runs of a container whose image has kubectl (they reach the API server: see PodKubectlCalls) */
  kubectl?: PodKubectlCalls;
}

/** One kubectl run of a script: its output and status, and while it runs on (`get -w`), how to read more. */
export interface PodKubectlCall {
  status: number;
  out: string[];
  ms: number;
  /** a command still running: each replay first collects what it printed since */
  follow?: { poll(): { stdout: string; stderr: string; done: boolean; exitCode: number }; stop(): void };
}

/**
 * What the kubectl commands a container's script runs printed, in the order it ran them. A script is
 * replayed from its start whenever someone reads its log; the kubectl runs in it happen once, at their
 * time, when the kubelet drives the script (`live`), and the replays read their results from here.
 */
export interface PodKubectlCalls {
  readonly done: PodKubectlCall[];
  /** set while the kubelet drives the script: runs a call that is due (at or before `dueMs` since start) */
  live?: { dueMs: number; run(argv: string[]): PodKubectlCall };
  /** when the first call not yet run is due (ms since start), as the last replay found it */
  nextAtMs?: number;
}

const MI = 1024 * 1024;

/** π to `digits` significant digits, as perl's `bpi` prints it. */
export function piString(digits: number): string {
  const extra = 12;
  const scale = 10n ** BigInt(digits + extra);
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    let k = 1n;
    let sign = 1n;
    while (term !== 0n) {
      sum += (sign * term) / k;
      term /= x2;
      k += 2n;
      sign = -sign;
    }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  // round to `digits` significant digits
  const unit = 10n ** BigInt(extra + 1);
  const rounded = (pi + unit / 2n) / unit;
  const s = rounded.toString();
  return `${s[0]}.${s.slice(1)}`;
}

let piCache: string | undefined;

/** What well-known one-shot commands (not shell builtins) do. */
function externalCommand(argv: string[], last: boolean, image: ImageProcess & { known: boolean }): ExternalResult {
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  const joined = argv.join(' ');
  if (name === 'perl' && /bpi\((\d+)\)/.test(joined)) {
    const n = Number(/bpi\((\d+)\)/.exec(joined)![1]);
    if (n === 2000) piCache ??= piString(2000);
    const digits = n === 2000 ? piCache! : piString(Math.min(n, 20_000));
    // Math::BigFloat takes a while for 2000 digits: about ten seconds on a typical node.
    return { kind: 'ok', status: 0, out: [digits], ms: Math.max(200, Math.round((n / 2000) ** 2 * 10_000)) };
  }
  if (['nginx', 'redis-server', 'httpd', 'httpd-foreground', 'apache2-foreground', 'postgres', 'mysqld', 'mongod', 'memcached', 'node', 'java', 'gunicorn', 'uvicorn', 'flask', 'npm', 'dotnet', 'php-fpm', 'caddy', 'envoy', 'agnhost', 'pause', '/pause', 'nc', 'socat'].includes(name)) {
    if (name === 'nc' && !argv.includes('-l') && !argv.includes('-lk')) return { kind: 'ok', status: 0 };
    return { kind: 'serve' };
  }
  if (name === 'python' || name === 'python3') {
    if (argv.includes('http.server') || argv.some((a) => /\.py$/.test(a))) return { kind: 'serve' };
    if (argv[1] === '-c') {
      const code = argv[2] ?? '';
      const prints = [...code.matchAll(/print\((["'])(.*?)\1\)/g)].map((m) => m[2]!);
      return { kind: 'ok', status: 0, out: prints };
    }
    return { kind: 'ok', status: 0 };
  }
  if (['wget', 'curl', 'nslookup', 'ping', 'dig', 'grep', 'awk', 'sed', 'ls', 'ps', 'kill', 'id', 'whoami', 'uname', 'mv', 'cp', 'ln', 'chown', 'stat', 'df', 'free', 'md5sum', 'sha256sum', 'base64', 'tr', 'cut', 'head', 'wc', 'find', 'xargs', 'apk', 'apt-get', 'pip', 'redis-cli', 'psql', 'mysql', 'mysqladmin', 'pg_isready', 'timeout', 'dd', 'yes', 'tee'].includes(name)) {
    if (name === 'yes') return { kind: 'serve' };
    return { kind: 'ok', status: 0 };
  }
  // calico/cni's installer (canal's install-cni) copies the plugin out and exits.
  if (argv[0] === '/opt/cni/bin/install' && image.known && image.kind === 'exit' && image.cmd[0] === argv[0]) return { kind: 'ok', status: image.exitCode ?? 0, ms: 400 };
  // calico-node -init (canal's mount-bpffs init container) mounts the BPF filesystem and exits.
  if (name === 'calico-node' && argv.includes('-init')) return { kind: 'ok', status: 0, ms: 150 };
  // An unknown program: as the last thing a script does it is most likely the application itself.
  if (last) return { kind: 'serve' };
  return image.known ? { kind: 'ok', status: 127, out: [`sh: ${name}: not found`] } : { kind: 'ok', status: 0 };
}

function quoteArg(a: string): string {
  return /^[A-Za-z0-9_./=:,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Builds the program a container runs. Pure: the same inputs give the same program. */
export function buildProgram(inp: ProgramInputs, readFile: (path: string) => string | undefined): Program {
  const { pod, container } = inp;
  const image = imageProcess(container.image ?? '');
  const overrides = overridesFor(pod, container.name);
  const command = container.command ?? [];
  const args = container.args ?? [];
  // Kubernetes rules: command replaces the ENTRYPOINT, args replace the CMD.
  const argv = command.length ? [...command, ...args] : image.entrypointArgv ? [...image.entrypointArgv, ...(args.length ? args : image.cmd.slice(image.entrypointArgv.length))] : args.length ? args : image.cmd;
  const declared: ServedPort[] = (container.ports ?? []).map((p) => ({ port: p.containerPort, proto: 'http' as Proto }));
  const prog: Program = {
    argv,
    image,
    serves: [],
    fixedLines: [],
    env: inp.env,
    cpuMilli: image.cpuMilli,
    memBytes: Math.round(image.memMi * MI),
    overrides,
  };
  const facts: LogFacts = { wallMs: inp.startWallMs, podIP: inp.podIP, hostname: inp.hostname, cpus: inp.cpus, version: versionOf(container.image ?? '') };

  const useImageDefault = command.length === 0 && args.length === 0 && !image.entrypointArgv;
  // Args alone replace the image's CMD: flags (`--port=8080`) go to a server's entrypoint; a command
  // word runs instead (unknown images are assumed to have no ENTRYPOINT).
  const imageIsServer = useImageDefault || (command.length === 0 && !image.entrypointArgv && ((image.kind === 'serve' && (args[0]?.startsWith('-') ?? false)) || !!image.entrypoint));
  if (imageIsServer) {
    const refusal = image.check?.(inp.env);
    if (refusal) {
      prog.fixedLines = refusal.lines.map((text) => ({ at: 5, text }));
      prog.exit = { atMs: 40 + (refusal.lines.length * 3), code: refusal.code };
    } else if (image.kind === 'serve') {
      prog.serves = image.known ? mergePorts(image.ports, declared) : declared;
      prog.fixedLines = (image.startup?.(facts) ?? []).map((text) => ({ at: 0, text }));
    } else {
      prog.exit = { atMs: 15, code: image.exitCode ?? 0 };
    }
  } else {
    // A command: a shell script, or a program the shell model knows.
    const isShell = (w: string | undefined) => !!w && /(^|\/)(sh|bash|ash|dash)$/.test(w);
    let src: string;
    if (isShell(argv[0]) && argv.includes('-c')) src = argv.slice(argv.indexOf('-c') + 1, argv.indexOf('-c') + 2).join(' ');
    else if (isShell(argv[0]) && argv.length === 1) src = '';
    else src = argv.map(quoteArg).join(' ');
    try {
      prog.script = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      prog.syntaxError = `sh: syntax error: ${e.message.replace(/^syntax error:? ?/, '')}`;
      prog.fixedLines = [{ at: 2, text: prog.syntaxError }];
      prog.exit = { atMs: 5, code: 2 };
    }
    if (prog.script) {
      const host = shellHost(inp, readFile, image);
      // Looking ahead for an exit must stay cheap at container start: a busy loop that has not exited
      // after this many steps is taken to run on (a real one would be judged by its logs anyway).
      const res = runScript(prog.script, inp.env, host, { horizonMs: 30 * 86_400_000, collect: false, maxSteps: 5_000 });
      if (res.exit) prog.exit = { atMs: Math.max(res.exit.at, 5), code: res.exit.code };
      if (res.forever && serverLike(argv, image)) prog.serves = image.known && image.kind === 'serve' ? mergePorts(image.ports, declared) : declared;
      if (res.forever && !prog.serves.length) prog.serves = declared;
      if (image.kind === 'serve' && image.known && res.forever && startsImageServer(argv, image)) prog.fixedLines = (image.startup?.(facts) ?? []).map((text) => ({ at: 0, text }));
      // A perl π computation or a busy loop keeps one CPU busy.
      if (/bpi\(/.test(argv.join(' '))) {
        prog.busyUntilMs = prog.exit?.atMs;
        prog.memBytes = 61 * MI;
      } else if (/while\s+(true|:)\s*;\s*do\s*(:|true)?\s*;?\s*done/.test(src)) prog.busyUntilMs = Infinity;
      else prog.cpuMilli = res.forever && prog.serves.length ? image.cpuMilli : 0;
      if (!image.known || image.kind !== 'serve') prog.memBytes = Math.round((image.memMi || 1) * MI);
    }
  }
  // Overrides: crash after a time, a different exit code.
  if (overrides.crashAfterMs !== undefined && (!prog.exit || prog.exit.atMs > overrides.crashAfterMs)) {
    prog.exit = { atMs: Math.max(1, overrides.crashAfterMs), code: overrides.exitCode ?? 1 };
  } else if (overrides.exitCode !== undefined && prog.exit) prog.exit = { ...prog.exit, code: overrides.exitCode };
  if (overrides.cpuMilli !== undefined) prog.cpuMilli = overrides.cpuMilli;
  if (overrides.memBytes !== undefined) prog.memBytes = overrides.memBytes;
  return prog;
}

function versionOf(image: string): string {
  const tag = parseImageRef(image).tag ?? 'latest';
  if (/^\d+\.\d+\.\d+$/.test(tag)) return tag;
  if (tag === '1.27' || tag === 'latest' || tag === 'stable') return '1.27.1';
  if (/^\d+\.\d+$/.test(tag)) return `${tag}.0`;
  return '1.27.1';
}

function mergePorts(a: ServedPort[], b: ServedPort[]): ServedPort[] {
  const out = [...a];
  for (const p of b) if (!out.some((x) => x.port === p.port)) out.push(p);
  return out;
}

function serverLike(argv: string[], image: ImageProcess & { known: boolean }): boolean {
  const s = argv.join(' ');
  if (/\b(sleep|tail -f|while|yes)\b/.test(s) && !startsImageServer(argv, image)) return false;
  return true;
}

function startsImageServer(argv: string[], image: ImageProcess): boolean {
  const bin = image.cmd[0]?.replace(/^.*\//, '');
  return !!bin && argv.some((a) => a.replace(/^.*\//, '') === bin || a.includes(`${bin} `) || a.endsWith(` ${bin}`));
}

export function shellHost(inp: ProgramInputs, readFile: (path: string) => string | undefined, image: ImageProcess & { known: boolean }): ShellHost {
  const kubectl = inp.kubectl && imageHasKubectl(inp.container.image ?? '') ? inp.kubectl : undefined;
  // This replay's count of kubectl runs: the nth run of every replay is the same run.
  let calls = 0;
  return {
    startWallMs: inp.startWallMs,
    hostname: inp.hostname,
    readFile,
    external: (argv, last, atMs) => (kubectl && isKubectlWord(argv[0]) ? kubectlCall(kubectl, calls++, argv, atMs) : externalCommand(argv, last, image)),
  };
}

/** Adds what a running kubectl printed since it was last read; once it ends, its status is the call's. */
function collectFollow(call: PodKubectlCall): void {
  if (!call.follow) return;
  const p = call.follow.poll();
  const text = (p.stdout + p.stderr).replace(/\n$/, '');
  if (text !== '') call.out.push(...text.split('\n'));
  if (p.done) {
    call.status = p.exitCode;
    call.follow = undefined;
  }
}

/** The `i`th kubectl run of a script: its recorded result, a run now when it is due, or not known yet. */
function kubectlCall(calls: PodKubectlCalls, i: number, argv: string[], atMs: number): ExternalResult {
  let call = calls.done[i];
  if (!call && calls.live && i === calls.done.length && atMs <= calls.live.dueMs) {
    call = calls.live.run(argv);
    calls.done.push(call);
  }
  if (call) {
    collectFollow(call);
    return { kind: 'ok', status: call.status, out: call.out, ms: call.ms, ...(call.follow ? { runsOn: true } : {}) };
  }
  calls.nextAtMs = atMs;
  return { kind: 'wait' };
}

/** The script's output and files from its start up to `untilMs` (ms since start). */
export function scriptRun(prog: Program, inp: ProgramInputs, readFile: (path: string) => string | undefined, untilMs: number, keepLast = 10_000): { lines: LogLine[]; files: Map<string, string> } {
  if (!prog.script) return { lines: [], files: new Map() };
  const res = runScript(prog.script, prog.env, shellHost(inp, readFile, prog.image), { horizonMs: Math.max(0, untilMs), keepLast });
  return { lines: res.lines.filter((l) => l.at <= untilMs), files: res.files };
}

export { sleepMs };
