/**
 * kubectl run inside a container: the simulator's kubectl with the container's in-cluster config. With
 * the ServiceAccount token mounted it acts as that ServiceAccount against the API server; without it
 * kubectl has no configuration and dials its default, localhost:8080, where nothing listens.
 */
import { SIM_EPOCH_MS } from '../../clock';
import type { Client } from '../../client/types';
import { kubectlModule } from '../../../kubectl/lazy';
import type { InClusterConfig } from './config';
import { klogPrefix } from './klog';
import { unauthorizedOutput } from './unauthorized';

export interface PodKubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** set when the command runs on (`get -w`, `logs -f`, `rollout status`): what it prints as time passes */
  follow?: KubectlFollowLike;
}

/** A command that keeps running: `poll` gives what it printed since the last poll; `stop` ends it. */
export interface KubectlFollowLike {
  poll(): { stdout: string; stderr: string; done: boolean; exitCode: number };
  stop(): void;
}

export interface PodKubectlInputs {
  /** the in-cluster config, or undefined when none is possible */
  config: InClusterConfig | undefined;
  /** a client acting as whoever the API server authenticates the token as; undefined when it answers 401 */
  clientFor: (token: string) => Client | undefined;
  /** virtual ms now (a command that runs on reads it again as time passes) */
  nowMs: () => number;
  /** the process's PID, as klog prints it */
  pid: number;
  /** the container's files by absolute path, read when the command names files (`apply -f /manifests/`) */
  files?: () => ReadonlyMap<string, string>;
}

/** Whether the command reads files (`-f`, `--filename`, `-k`, `--kustomize`, `--from-file`). */
function readsFiles(argv: readonly string[]): boolean {
  return argv.some((a) => /^(-f|-k|--filename|--kustomize|--from-file|--from-env-file|--patch-file)(=|$)/.test(a) || /^-[fk]./.test(a));
}

const REFUSED = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?';

/** The error a client with no server gets (what kubectl then prints is written out below). */
class ConnectionRefused extends Error {
  constructor() {
    super(REFUSED);
  }
}

/** A client for kubectl without configuration: every request is refused; it notes that it was tried. */
function refusedClient(): Client & { tried: boolean } {
  const refuse = (): never => {
    client.tried = true;
    throw new ConnectionRefused();
  };
  const client: Client & { tried: boolean } = {
    user: '',
    tried: false,
    create: refuse,
    get: refuse,
    list: refuse,
    update: refuse,
    patch: refuse,
    delete: refuse,
    watch: refuse,
    podLog: refuse,
    podExec: refuse,
    aggregated: refuse,
    servesGroup: () => refuse(),
  };
  return client;
}

/**
 * Discovery fails first: client-go's memory cache logs the failed API group list five times (the
 * RESTMapper's attempts) before kubectl gives up with the connection error. client-go 1.31 reports it
 * through HandleError, which logs with the `UnhandledError` logger name.
 */
function discoveryFailures(nowMs: number, pid: number): string {
  const err = '"Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused" logger="UnhandledError"';
  let out = '';
  for (let i = 0; i < 5; i++) out += `${klogPrefix(SIM_EPOCH_MS + nowMs, 120 + i * 1_531, pid)}${err}\n`;
  return out;
}

/** Quotes a word so that kubectl's line splitter gives it back unchanged. */
function quoteWord(w: string): string {
  return /^[A-Za-z0-9_./=:,+@%^-]+$/.test(w) ? w : `'${w.replace(/'/g, `'"'"'`)}'`;
}

/** Whether the kubectl module is loaded (the worker loads it once the cluster has painted). */
export function kubectlReady(): boolean {
  try {
    kubectlModule();
    return true;
  } catch {
    return false;
  }
}

/** Runs `kubectl ARGS…` (argv[0] is the kubectl word) as a process in the pod would. */
export function runPodKubectl(argv: readonly string[], inp: PodKubectlInputs): PodKubectlResult {
  const { runKubectl } = kubectlModule();
  const line = argv.slice(1).map(quoteWord).join(' ');
  const files = inp.files && readsFiles(argv) ? inp.files() : undefined;
  const authed = inp.config ? inp.clientFor(inp.config.token) : undefined;
  if (inp.config && authed) {
    const r = runKubectl(line, { client: authed, nowMs: inp.nowMs, namespace: inp.config.namespace, ...(files ? { files } : {}) });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.follow ? { follow: r.follow } : {}) };
  }
  if (inp.config) {
    // The server does not accept the token: the first request kubectl makes gets 401.
    const client = refusedClient();
    const r = runKubectl(line, { client, nowMs: inp.nowMs, namespace: inp.config.namespace, ...(files ? { files } : {}) });
    r.follow?.stop?.();
    if (!client.tried) return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    return { stdout: r.stdout, stderr: unauthorizedOutput(argv.slice(1), inp.nowMs(), inp.pid), exitCode: 1 };
  }
  const client = refusedClient();
  const r = runKubectl(line, { client, nowMs: inp.nowMs, namespace: 'default', ...(files ? { files } : {}) });
  r.follow?.stop?.();
  if (!client.tried) return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  // kubectl stops at the first refused request: what it printed before stays, then the discovery noise and the error.
  return { stdout: r.stdout, stderr: discoveryFailures(inp.nowMs(), inp.pid) + `${REFUSED}\n`, exitCode: 1 };
}
