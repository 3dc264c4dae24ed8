/**
 * The headless `kubetab` command: the same core as the browser, run as fast as the CPU allows.
 *
 *   kubetab run SCENARIO [--until DURATION] [--exec "kubectl ARGS"]... [--ssh "NODE COMMAND"]... [--events] [--requests[=FILTER]] [--json]
 *   kubetab lesson check FILE... [--json]
 */
import { readFileSync } from 'node:fs';
import { actionKind, MAX_SCENARIO_MS, ScenarioError } from '../scenario/format';
import { parseScenario } from '../scenario/parse';
import type { Scenario } from '../scenario/format';
import { parseDuration } from '../scenario/duration';
import type { PacketTrace } from '../sim/network/traffic/trace';
import { formatTrace } from '../sim/network/traffic/trace';
import { ScenarioRun } from '../scenario/runner';
import { startFollow } from '../kubectl/follow';
import type { KubectlResult } from '../kubectl/kubectl';
import { defaultNodes } from '../sim/cluster';
import { panicValue } from '../sim/panic';
import { eventLog, formatEventLog } from './eventLog';
import { decodeShare, encodeShare } from '../scenario/urlCodec';
import { DEFAULT_TRACE_CAPACITY, enableSchedulingTrace, formatTraces } from './traceScheduling';
import { formatRequests, requestsFilter, requestsFrom } from './requests';
import { lessonCommand, LessonUsageError } from './lesson';
import { progressPrinter } from './progress';
import type { ProgressTerminal } from './progress';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  /** The environment; `KUBETAB_DEBUG=1` adds the JavaScript stack to an unexpected failure. */
  env?: Record<string, string | undefined>;
  /** Where a long run shows its progress (stderr); without it, none is shown. */
  progress?: ProgressTerminal;
}

export const DEFAULT_APP_URL = 'http://localhost:4173/';

const USAGE = `Usage:
  kubetab run SCENARIO [--until DURATION] [--exec "kubectl ARGS"]... [--ssh "NODE COMMAND"]... [--trace-packet "SOURCE DEST"]... [--events] [--requests[=FILTER]] [--trace-scheduling[=N]] [--json]
  kubetab share SCENARIO [--at DURATION] [--base URL]
  kubetab lesson check FILE... [--json]

SCENARIO is a YAML or JSON scenario file (apiVersion: kubetab/v1, kind: Scenario), or a kubetab share
link (or just its #hash), which also carries the virtual time to run to.
  --until DURATION   virtual time to run to before the --exec commands (default 60s, or the link's time)
  --exec "ARGS"      a kubectl command to run at the end; may be given many times
  --trace-packet "SOURCE DEST"
                     follow one connection hop by hop at the end: SOURCE a pod (NAME or NS/NAME),
                     node/NAME or external; DEST HOST:PORT[/udp], HOST an IP, node/NAME or a DNS
                     name resolved as SOURCE would (repeatable, in order with --exec and --ssh);
                     or http(s)://NAME/PATH@HOST:PORT, an HTTP request with Host NAME sent there
                     (through an ingress controller: its routing decision and second connection)
  --ssh "NODE CMD"   a command to run as root on a node at the end (ip, bridge, iptables, crictl…);
                     may be given many times, and runs in order with --exec
  --events           print the event log
  --requests[=FILTER]  print the API server's conversation: each request (who, method and URI, the
                     answer, its etcd writes) and each watch event (to whom, from which request);
                     FILTER follows one object (pods/default/web-x, nodes/worker-1) or one component
                     (kubectl, kube-scheduler, deployment-controller, kubelet/worker-1)
  --trace-scheduling[=N]  print the scheduler's last N cycles (default ${DEFAULT_TRACE_CAPACITY}), step by step
  --json             print a machine-readable result
  --at DURATION      (share) the virtual time the link opens at (default 0s)
  --base URL         (share) where the app is served (default ${DEFAULT_APP_URL})

lesson check FILE... plays each lesson (apiVersion: kubetab/v1, kind: Lesson; see docs/lessons.md) to
the moment the student takes over, performs its solution, runs its settle time and prints every goal
with ✓ or ✗; it exits 0 when every goal of every lesson is met, 1 when one is not, 2 when a file
cannot be read or is not a valid lesson. --json prints the reports as JSON.
`;

interface RunArgs {
  scenarioPath: string;
  untilMs: number | undefined;
  /** --exec and --ssh, in the order given */
  steps: Step[];
  events: boolean;
  /** --requests: undefined when not given, '' for everything, else the filter */
  requests: string | undefined;
  json: boolean;
  /** Cycles of scheduling trace to keep and print; 0 = off. */
  traceScheduling: number;
}

type Step = { kind: 'kubectl'; line: string } | { kind: 'ssh'; node: string; line: string } | { kind: 'trace'; source: string; dest: string };

class UsageError extends Error {}

function parseRunArgs(argv: string[]): RunArgs {
  const out: RunArgs = { scenarioPath: '', untilMs: undefined, steps: [], events: false, requests: undefined, json: false, traceScheduling: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
      return v;
    };
    switch (flag) {
      case '--until':
        try {
          out.untilMs = parseDuration(value());
        } catch (e) {
          throw new UsageError(`invalid argument for --until: ${(e as Error).message}`);
        }
        break;
      case '--exec':
        out.steps.push({ kind: 'kubectl', line: value() });
        break;
      case '--ssh': {
        const v = value().trim();
        const sp = v.search(/\s/);
        if (!v) throw new UsageError('invalid argument for --ssh: needs "NODE COMMAND"');
        out.steps.push({ kind: 'ssh', node: sp < 0 ? v : v.slice(0, sp), line: sp < 0 ? '' : v.slice(sp).trim() });
        break;
      }
      case '--trace-packet': {
        const words = value().trim().split(/\s+/).filter(Boolean);
        if (words.length !== 2) throw new UsageError('invalid argument for --trace-packet: needs "SOURCE DEST" (SOURCE a pod, node/NAME or external; DEST HOST:PORT[/udp] or http://NAME/PATH@HOST:PORT)');
        out.steps.push({ kind: 'trace', source: words[0]!, dest: words[1]! });
        break;
      }
      case '--events':
        out.events = true;
        break;
      case '--requests':
        out.requests = inline ?? '';
        break;
      case '--json':
        out.json = true;
        break;
      case '--trace-scheduling': {
        if (inline === undefined) { out.traceScheduling = DEFAULT_TRACE_CAPACITY; break; }
        const n = Number(inline);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`invalid argument for --trace-scheduling: ${JSON.stringify(inline)} is not a positive whole number`);
        out.traceScheduling = n;
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
        if (out.scenarioPath) throw new UsageError(`unexpected argument: ${a}`);
        out.scenarioPath = a;
    }
  }
  if (!out.scenarioPath) throw new UsageError('run needs a SCENARIO file');
  return out;
}

/** Runs the command line; returns the process exit code. */
export function main(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'run') return run(parseRunArgs(rest), io);
    if (command === 'share') return share(rest, io);
    if (command === 'lesson') return lessonCommand(rest, io);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(USAGE);
      return command === undefined ? 1 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof LessonUsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ScenarioError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    return unexpected(e, io);
  }
}

/** A bug in kubetab itself: one `error:` line and a failed exit, the stack only when asked for. */
function unexpected(e: unknown, io: CliIO): number {
  const debug = io.env?.KUBETAB_DEBUG;
  const on = debug !== undefined && debug !== '' && debug !== '0';
  io.stderr(`error: unexpected failure: ${panicValue(e)}${on ? '' : ' (set KUBETAB_DEBUG=1 to see where)'}\n`);
  if (on && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  return 1;
}

function isLink(arg: string): boolean {
  return /^(https?:\/\/|#|s\d+\.)/.test(arg);
}

/** A scenario from a file, or from a share link together with the time it was shared at. */
function loadScenario(path: string, io: CliIO): { scenario: Scenario; atMs?: number } {
  if (isLink(path)) {
    const r = decodeShare(path.startsWith('s') ? `#${path}` : path);
    if (!r.ok) throw new ScenarioError(r.error);
    return { scenario: r.scenario, atMs: r.atMs };
  }
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw new ScenarioError(`cannot read scenario "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { scenario: parseScenario(text) };
}

function share(argv: string[], io: CliIO): number {
  let path = '';
  let atMs = 0;
  let base = DEFAULT_APP_URL;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--at' || a === '--base') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`flag needs an argument: ${a}`);
      if (a === '--at') {
        try {
          atMs = parseDuration(v);
        } catch (e) {
          throw new UsageError(`invalid argument for --at: ${(e as Error).message}`);
        }
        if (!(atMs <= MAX_SCENARIO_MS)) throw new UsageError(`invalid argument for --at: ${v} is past 24h, the furthest a link rebuilds to`);
      } else base = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else if (path) throw new UsageError(`unexpected argument: ${a}`);
    else path = a;
  }
  if (!path) throw new UsageError('share needs a SCENARIO file');
  const { scenario } = loadScenario(path, io);
  io.stdout(`${base.replace(/#.*$/, '')}${encodeShare(scenario, atMs)}\n`);
  return 0;
}

function run(args: RunArgs, io: CliIO): number {
  const { scenario, atMs } = loadScenario(args.scenarioPath, io);
  const printer = io.progress ? progressPrinter(io.progress) : undefined;
  printer?.building(scenario.cluster.nodes?.length ?? defaultNodes(scenario.cluster.controlPlane?.replicas).length);
  const sim = new ScenarioRun(scenario, printer ? { onProgress: printer.listener } : {});
  const scheduler = args.traceScheduling > 0 ? enableSchedulingTrace(sim.cluster, args.traceScheduling) : undefined;
  sim.runUntil(args.untilMs ?? atMs ?? 60_000);
  printer?.done(sim.progress());
  const traces: PacketTrace[] = [];
  const ran = args.steps.map((st) => ({ step: st, out: st.kind === 'ssh' ? sshStep(sim, st.node, st.line) : st.kind === 'trace' ? traceStep(sim, st, traces) : sim.kubectl(st.line) }));
  // Commands still running (a tcpdump capture) end once the others are done; their output stays in place.
  const done = ran.map(({ step, out }) => {
    const running = (out as { running?: () => { stdout: string; stderr: string; exitCode: number } }).running;
    // A kubectl command that keeps running (get -w, rollout status) prints what it had by now, then ends.
    const followed = (out as KubectlResult).follow ? endNow(out as KubectlResult) : undefined;
    const end = followed ?? (running ? running() : out);
    return { step, stdout: end.stdout, stderr: end.stderr, exitCode: end.exitCode };
  });
  const execs = done.flatMap((d) => (d.step.kind === 'kubectl' ? [{ command: d.step.line, stdout: d.stdout, stderr: d.stderr, exitCode: d.exitCode }] : []));
  const sshs = done.flatMap((d) => (d.step.kind === 'ssh' ? [{ node: d.step.node, command: d.step.line, stdout: d.stdout, stderr: d.stderr, exitCode: d.exitCode }] : []));
  const failed = done.some((e) => e.exitCode !== 0);
  const requests = args.requests === undefined ? undefined : requestsFrom(sim.cluster.api.conversation, requestsFilter(args.requests));
  if (args.json) {
    io.stdout(
      JSON.stringify(
        {
          seed: scenario.seed,
          timeMs: sim.cluster.clock.now(),
          actions: sim.results.map((r) => ({ atMs: r.atMs, kind: actionKind(r.action), stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.trace ? { trace: r.trace } : {}) })),
          exec: execs,
          ...(sshs.length ? { ssh: sshs } : {}),
          ...(traces.length ? { traces } : {}),
          ...(args.events ? { events: eventLog(sim.cluster) } : {}),
          ...(requests ? { requests: requests.entries, ...(requests.lost > 0 ? { requestsLost: requests.lost } : {}) } : {}),
          ...(args.traceScheduling > 0 ? { schedulingTraces: scheduler?.traces() ?? [] } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    return failed ? 1 : 0;
  }
  for (const r of sim.results) if (r.exitCode !== 0 && !('trace' in r.action)) io.stderr(`warning: action at ${r.atMs / 1000}s failed: ${r.stderr.trimEnd()}\n`);
  if (args.events) io.stdout(formatEventLog(eventLog(sim.cluster)));
  if (requests) io.stdout(formatRequests(requests));
  if (args.traceScheduling > 0) io.stdout(formatTraces(scheduler?.traces() ?? []));
  // A scenario's trace actions print as --trace-packet does, in the order they happened, before the
  // commands run at the end; one that could not start says why on stderr, as --trace-packet does.
  for (const r of sim.results) {
    if (!('trace' in r.action)) continue;
    io.stdout(`==> trace ${r.action.trace.from} ${r.action.trace.to}\n`);
    io.stdout(r.stdout);
    if (r.stderr) io.stderr(r.stderr);
  }
  // Each separator starts its own line, even after output that did not end one (jsonpath's).
  let atLineStart = true;
  for (const d of done) {
    const head =
      d.step.kind === 'ssh' ? `==> ssh ${d.step.node}${d.step.line ? ` ${d.step.line}` : ''}` : d.step.kind === 'trace' ? `==> trace ${d.step.source} ${d.step.dest}` : `==> kubectl ${d.step.line.replace(/^kubectl\s+/, '')}`;
    io.stdout(`${atLineStart ? '' : '\n'}${head}\n`);
    io.stdout(d.stdout);
    if (d.stdout) atLineStart = d.stdout.endsWith('\n');
    else atLineStart = true;
    if (d.stderr) io.stderr(d.stderr);
  }
  return failed ? 1 : 0;
}

/** A following command's output up to this moment; it is stopped there (exit 0 unless it had ended otherwise). */
function endNow(r: KubectlResult): { stdout: string; stderr: string; exitCode: number } {
  const first = startFollow(r);
  first.follow?.stop();
  return { stdout: first.stdout, stderr: first.stderr, exitCode: first.exitCode };
}

/** `--trace-packet`: the trace as text (kept for --json); a trace that cannot start is an error, exit 1. */
function traceStep(sim: ScenarioRun, st: { source: string; dest: string }, traces: PacketTrace[]): { stdout: string; stderr: string; exitCode: number } {
  const r = sim.tracePacket(st.source, st.dest);
  if ('error' in r) return { stdout: '', stderr: `error: ${r.error}\n`, exitCode: 1 };
  traces.push(r.trace);
  return { stdout: formatTrace(r.trace), stderr: '', exitCode: 0 };
}

/** `ssh NODE` with no command and no terminal: ssh says so and the login shell reads an empty stdin. */
function sshStep(sim: ScenarioRun, node: string, line: string): { stdout: string; stderr: string; exitCode: number } {
  if (line) return sim.ssh(node, line);
  const r = sim.ssh(node, 'true');
  return r.exitCode === 255 ? r : { stdout: '', stderr: 'Pseudo-terminal will not be allocated because stdin is not a terminal.\n', exitCode: 0 };
}

const hrtimeMs = ([s, ns]: [number, number]): number => s * 1000 + ns / 1e6;

export const nodeIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
  env: process.env,
  // process.hrtime, not performance.now: loading perf_hooks costs every start a few ms.
  progress: { isTTY: process.stderr.isTTY === true, nowMs: () => hrtimeMs(process.hrtime()), write: (s) => process.stderr.write(s) },
};
