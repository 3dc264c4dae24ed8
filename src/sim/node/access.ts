/**
 * The node proxy: what the API server reaches on a node's kubelet (port 10250) when it serves
 * `pods/log` and `pods/exec` (server.ts podLog/podExec). Errors come back as the kubelet and the
 * proxy word them.
 */
import type { Clock } from '../clock';
import { SIM_EPOCH_MS } from '../clock';
import { StatusError } from '../api/types';
import { fnv1a32 } from '../rng';
import type { Pod } from '../types';
import type { Kubelet } from './kubelet';
import type { ContainerRecord, ContainerRun, PodRecord } from './runtime';
import { scriptRun } from './behavior';
import type { LogLine } from './shell';
import type { ExternalResult } from './shell';
import { parseScript, runScript, ShellSyntaxError } from './shell';
import { imageHasKubectl, inClusterConfig } from './incluster/config';
import { kubectlReady, runPodKubectl } from './incluster/kubectl';
import { containerFiles } from './kubelet/podKubectl';
import { worldOf } from './world';
import { HOST_NETNS } from './machine';
import { networkOnDemand } from '../network/lazy';
import { etcdOf } from '../store/etcd';
import { nodeShell } from './nodeshell/lazy';
import type { NetToolResult } from '../network/tools/host';
import type { ExecResult, KubeletConnection, LogOptions } from '../api/connect';
import { ExecUpgradeError } from '../api/connect';

export type { ExecResult, LogOptions } from '../api/connect';

function badRequest(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
}

function serverError(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 } as never);
}

function rfc3339Nano(ms: number, salt: string): string {
  const iso = new Date(SIM_EPOCH_MS + Math.floor(ms)).toISOString();
  const ns = String(fnv1a32(`${salt}|${ms}`) % 1_000_000).padStart(6, '0');
  return iso.replace(/\.(\d{3})Z$/, (_m, x: string) => `.${x}${ns}Z`);
}

export class NodeProxy implements KubeletConnection {
  constructor(private readonly clock: Clock) {}

  private kubeletFor(pod: Pod, path: string): Kubelet {
    const node = pod.spec?.nodeName;
    if (!node) throw badRequest(`pod ${pod.metadata?.name} does not have a host assigned`);
    const k = worldOf<Kubelet>(this.clock).agent(node);
    const ip = k?.config.nodeIP ?? node;
    const url = `https://${ip}:10250${path}`;
    if (!k || !k.isMachineUp() || k.isPartitioned()) throw serverError(`Get "${url}": dial tcp ${ip}:10250: i/o timeout`);
    if (!k.isRunning()) throw serverError(`Get "${url}": dial tcp ${ip}:10250: connect: connection refused`);
    return k;
  }

  private record(k: Kubelet, pod: Pod): PodRecord | undefined {
    const rec = k.podRecord(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
    return rec && rec.uid === pod.metadata?.uid ? rec : undefined;
  }

  /** The kubelet's container log, validated the way the kubelet does (validateContainerLogStatus). */
  containerLogs(pod: Pod, opts: LogOptions): string {
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as { name: string }[])];
    if (!all.some((c) => c.name === opts.container)) throw badRequest(`container ${opts.container} is not valid for pod ${name}`);
    const k = this.kubeletFor(pod, `/containerLogs/${ns}/${name}/${opts.container}`);
    const rec = this.record(k, pod);
    const c = rec?.containers.find((x) => x.name === opts.container);
    if (!rec || !c) throw badRequest(`container "${opts.container}" in pod "${name}" is not available`);
    let run: ContainerRun | undefined;
    const last = c.lastTerminated;
    const lastRun = last ? (c.run && c.run.finishedAtMs === last.finishedAtMs ? c.run : c.prevRun) : undefined;
    if (opts.previous) {
      if (!last || !lastRun) throw badRequest(`previous terminated container "${opts.container}" in pod "${name}" not found`);
      run = lastRun;
    } else if (c.state.kind === 'running' || c.state.kind === 'terminated') {
      run = c.run;
      if (!run) throw badRequest(`container "${opts.container}" in pod "${name}" is terminated`);
    } else if (last && lastRun) run = lastRun;
    else {
      const reason = c.state.reason;
      if (reason === 'ErrImagePull') throw badRequest(`container "${opts.container}" in pod "${name}" is waiting to start: image can't be pulled`);
      if (reason === 'ImagePullBackOff') throw badRequest(`container "${opts.container}" in pod "${name}" is waiting to start: trying and failing to pull image`);
      throw badRequest(`container "${opts.container}" in pod "${name}" is waiting to start: ${reason}`);
    }
    let lines = this.runLines(k, rec, c, run, opts.tail);
    if (opts.sinceSeconds !== undefined) {
      const from = this.clock.now() - opts.sinceSeconds * 1000 - run.startedAtMs;
      lines = lines.filter((l) => l.at >= from);
    }
    if (opts.tail !== undefined && opts.tail >= 0) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
    let out = lines.map((l) => (opts.timestamps ? `${rfc3339Nano(run!.startedAtMs + l.at, run!.id)} ` : '') + l.text + '\n').join('');
    if (opts.limitBytes !== undefined && out.length > opts.limitBytes) out = out.slice(0, opts.limitBytes);
    return out;
  }

  private runLines(k: Kubelet, rec: PodRecord, c: ContainerRecord, run: ContainerRun, tail?: number): LogLine[] {
    const end = (run.finishedAtMs ?? this.clock.now()) - run.startedAtMs;
    const keep = Math.max(tail ?? 10_000, 100) + run.program.fixedLines.length + run.extra.length;
    const scripted = run.program.script ? scriptRun(run.program, run.inputs, (p) => k.podFileFor(rec, c, p), end, keep).lines : [];
    const all = [...run.program.fixedLines.filter((l) => l.at <= end), ...scripted, ...run.extra.filter((l) => l.at <= end)];
    // Stable by time: the banner, then what the script and the server printed, in order.
    return all.map((l, i) => ({ l, i })).sort((a, b) => a.l.at - b.l.at || a.i - b.i).map((x) => x.l);
  }

  /** Runs a command in a container (the modelled ones), as `kubectl exec` reaches it. */
  exec(pod: Pod, container: string, argv: string[]): ExecResult {
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    const k = this.kubeletFor(pod, `/exec/${ns}/${name}/${container}`);
    const rec = this.record(k, pod);
    const c = rec?.containers.find((x) => x.name === container);
    if (!rec || !c || !c.run || c.state.kind !== 'running') throw new ExecUpgradeError(`container not found ("${container}")`);
    const run = c.run;
    const now = this.clock.now();
    const since = now - run.startedAtMs;
    const scriptFiles = run.program.script ? scriptRun(run.program, run.inputs, (p) => k.podFileFor(rec, c, p), since, 1).files : new Map<string, string>();
    const readFile = (p: string): string | undefined => (scriptFiles.has(p) ? scriptFiles.get(p) : k.podFileFor(rec, c, p));
    const known = new Set([...k.allPodFiles(rec, c), ...scriptFiles.keys()]);
    const image = pod.spec?.containers?.find((x) => x.name === container)?.image ?? '';
    const isShellImage = !!run.program.image.cmd[0]?.match(/sh$/) || ['docker.io/library/busybox', 'docker.io/library/alpine'].some(() => true);
    const first = (argv[0] ?? '').replace(/^.*\//, '');
    const shells = ['sh', 'bash', 'ash'];
    if (!first) return { stdout: '', stderr: '', exitCode: 0 };
    // The etcd image carries etcdctl; it talks to the member on its node (the pod is hostNetwork).
    if (first === 'etcdctl' && image.startsWith('registry.k8s.io/etcd:')) {
      const etcd = etcdOf(this.clock);
      const local = etcd?.members().find((m) => m.name === k.machine.name);
      if (etcd && local) {
        const shell = nodeShell();
        const r = shell.etcdctl({ etcd, local, files: new Set(shell.ETCD_PKI_FILES), nowMs: now }, argv.slice(1));
        // A watch runs until interrupted: the learner's Ctrl-C once what happened since is shown.
        return r.running ? r.running() : { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      }
    }
    if (shells.includes(first) && argv.length === 1) {
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    if (first === 'bash' && /busybox|alpine/.test(pod.spec?.containers?.find((x) => x.name === container)?.image ?? '')) {
      return { stdout: '', stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\n', exitCode: 126 };
    }
    void isShellImage;
    let src: string;
    if (shells.includes(first) && argv[1] === '-c') src = argv[2] ?? '';
    else src = argv.map((a) => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
    let stmts;
    try {
      stmts = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      return { stdout: '', stderr: `sh: syntax error: ${e.message}\n`, exitCode: 2 };
    }
    const stderr: string[] = [];
    let notFound: string | undefined;
    const res = runScript(stmts, { ...run.program.env }, {
      startWallMs: SIM_EPOCH_MS + now,
      hostname: run.inputs.hostname,
      readFile,
      external: (av) => {
        const cmd = (av[0] ?? '').replace(/^.*\//, '');
        switch (cmd) {
          case 'ls':
            return lsCommand(av.slice(1), known);
          case 'pwd':
            return { kind: 'ok', status: 0, out: ['/'] };
          case 'whoami':
            return { kind: 'ok', status: 0, out: ['root'] };
          case 'id':
            return { kind: 'ok', status: 0, out: ['uid=0(root) gid=0(root) groups=0(root)'] };
          case 'uname':
            return { kind: 'ok', status: 0, out: [av.includes('-a') ? `Linux ${run.inputs.hostname} 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC x86_64 GNU/Linux` : 'Linux'] };
          case 'ps':
            return { kind: 'ok', status: 0, out: ['PID   USER     TIME  COMMAND', `    1 root      0:00 ${run.program.argv.join(' ')}`, `   ${7 + (fnv1a32(run.id) % 50)} root      0:00 ${av.join(' ')}`] };
          case 'sleep':
            return { kind: 'ok', status: 0 };
          case 'nginx':
            if (av.includes('-v')) {
              stderr.push('nginx version: nginx/1.27.1');
              return { kind: 'ok', status: 0 };
            }
            if (av.includes('-s')) return { kind: 'ok', status: 0 };
            break;
          case 'redis-cli':
            return { kind: 'ok', status: 0, out: [av.includes('ping') ? 'PONG' : 'OK'] };
          case 'kill':
            return { kind: 'ok', status: 0 };
          case 'kubectl':
            if (imageHasKubectl(image)) return this.kubectlIn(k, rec, c, run, readFile, av, now, stderr);
            break;
        }
        const net = this.netTool(k, rec, c.name, image, cmd, av.slice(1), run.inputs.hostname, now);
        if (net) {
          if (net.stderr) stderr.push(...net.stderr.replace(/\n$/, '').split('\n'));
          return { kind: 'ok', status: net.exitCode, out: net.stdout ? net.stdout.replace(/\n$/, '').split('\n') : [] };
        }
        notFound ??= av[0];
        return { kind: 'ok', status: 127 };
      },
    }, { horizonMs: 60_000 });
    if (notFound !== undefined && stmts.length === 1 && stmts[0]!.k === 'cmd') {
      return { stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${notFound}": executable file not found in $PATH: unknown\n`, exitCode: 126 };
    }
    const stdout = res.lines.filter((l) => !/^cat: can't open /.test(l.text)).map((l) => l.text + '\n').join('');
    const errLines = res.lines.filter((l) => /^cat: can't open /.test(l.text)).map((l) => l.text);
    const code = res.exit?.code ?? 0;
    return { stdout, stderr: [...errLines, ...stderr].map((l) => l + '\n').join(''), exitCode: code };
  }

  /** kubectl in the container (`exec POD -- kubectl …`, or typed in its shell), as the pod's ServiceAccount. */
  private kubectlIn(k: Kubelet, rec: PodRecord, c: ContainerRecord, run: ContainerRun, readFile: (p: string) => string | undefined, argv: string[], now: number, stderr: string[]): ExternalResult {
    if (!kubectlReady()) {
      stderr.push('kubectl: the kubectl emulator is still loading; try again in a moment');
      return { kind: 'ok', status: 1 };
    }
    const r = runPodKubectl(argv, { config: inClusterConfig(run.program.env, readFile), clientFor: (token) => k.inClusterClient(token), nowMs: () => this.clock.now(), pid: 7 + (fnv1a32(`${run.id}|${now}`) % 200), files: () => containerFiles(k, rec, c) });
    // A command that runs on (get -w) is interrupted at once: exec returns what it printed first.
    r.follow?.stop();
    if (r.stderr) stderr.push(...r.stderr.replace(/\n$/, '').split('\n'));
    return { kind: 'ok', status: r.exitCode, out: r.stdout ? r.stdout.replace(/\n$/, '').split('\n') : [] };
  }

  /**
   * A network program the container's image has (busybox's wget, curl, ping, …), run in the pod's
   * namespace against the packet path; undefined when the image has no such program.
   */
  private netTool(k: Kubelet, rec: PodRecord, container: string, image: string, program: string, argv: string[], hostname: string, now: number): NetToolResult | undefined {
    const { networkToolsOf, runNetTool, netHostFor } = networkOnDemand();
    const tools = networkToolsOf(image);
    const fabric = worldOf(this.clock).fabric;
    const sb = rec.sandbox;
    if (!tools.tools[program] || !fabric || !sb) return undefined;
    if (tools.tools[program] === 'unmodelled') return { stdout: '', stderr: `${program}: this image's ${program} is not modelled by kubetab\n`, exitCode: 1, durationMs: 0 };
    const ids = fnv1a32(`${rec.key}|${container}|${now}|${argv.join(' ')}`);
    let dnsId = ids & 0xffff;
    const host = netHostFor({
      fabric,
      machine: k.machine,
      netns: sb.hostNetwork ? HOST_NETNS : sb.netns ?? '',
      hostname,
      resolvConf: sb.resolvConf ?? k.machine.readFile('/etc/resolv.conf') ?? '',
      lib: tools.libc,
      nowMs: now,
      startWallMs: SIM_EPOCH_MS + now,
      nextDnsId: () => (dnsId = (dnsId + 1) & 0xffff),
    });
    // A ping with no count runs until interrupted: the learner's Ctrl-C after about four replies.
    return runNetTool(program, argv, host, tools, { interruptAtMs: 3_500, dnsId: ids & 0xffff, cookie: (ids >>> 0).toString(16).padStart(8, '0').repeat(2) });
  }
}

function lsCommand(args: string[], known: Set<string>): { kind: 'ok'; status: number; out: string[] } {
  const paths = args.filter((a) => !a.startsWith('-'));
  const target = (paths[0] ?? '/').replace(/\/$/, '') || '/';
  const base = ['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'run', 'sys', 'tmp', 'usr', 'var'];
  if (known.has(target)) return { kind: 'ok', status: 0, out: [target] };
  const prefix = target === '/' ? '/' : `${target}/`;
  const entries = new Set<string>();
  for (const p of known) if (p.startsWith(prefix)) entries.add(p.slice(prefix.length).split('/')[0]!);
  if (target === '/') for (const b of base) entries.add(b);
  if (target === '/etc') for (const b of ['hostname', 'hosts', 'resolv.conf', 'passwd', 'group']) entries.add(b);
  if (entries.size === 0) return { kind: 'ok', status: 1, out: [`ls: ${target}: No such file or directory`] };
  // Projected and configMap volumes show their ..data links too, as in a real mount.
  const list = [...entries].sort();
  return { kind: 'ok', status: 0, out: list };
}

const proxies = new WeakMap<Clock, NodeProxy>();

/** The node proxy of the cluster that owns `clock`. */
export function nodeProxyFor(clock: Clock): NodeProxy {
  let p = proxies.get(clock);
  if (!p) {
    p = new NodeProxy(clock);
    proxies.set(clock, p);
  }
  return p;
}
