/**
 * The pod subresources that answer with a stream rather than an object — `pods/log` and `pods/exec` —
 * as the API server serves them: it reads the pod, checks the container the way the registry's
 * LogLocation/ExecLocation do (pkg/registry/core/pod/strategy.go), and proxies to the node's kubelet
 * (port 10250), whose own errors come back as they are.
 */
import type { Pod } from '../types';
import { badRequest } from './errors';

/** PodLogOptions as the query carries them (`container`, `previous`, `tailLines`, …). */
export interface LogOptions {
  container: string;
  previous?: boolean;
  tail?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
  limitBytes?: number;
  follow?: boolean;
}

/** PodExecOptions: the command and which streams the client attaches. */
export interface ExecOptions {
  container: string;
  command: string[];
  stdin?: boolean;
  tty?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How the API server reaches a node's kubelet (the cluster gives it one). */
export interface KubeletConnection {
  containerLogs(pod: Pod, opts: LogOptions): string;
  exec(pod: Pod, container: string, argv: string[]): ExecResult;
}

/** The query a PodLogOptions encodes to (zero values left out), as client-go's parameter codec writes it. */
export function logParams(o: LogOptions): [string, string][] {
  const p: [string, string][] = [];
  if (o.container) p.push(['container', o.container]);
  if (o.follow) p.push(['follow', 'true']);
  if (o.limitBytes !== undefined) p.push(['limitBytes', String(o.limitBytes)]);
  if (o.previous) p.push(['previous', 'true']);
  if (o.sinceSeconds !== undefined) p.push(['sinceSeconds', String(Math.ceil(o.sinceSeconds))]);
  if (o.tail !== undefined) p.push(['tailLines', String(o.tail)]);
  if (o.timestamps) p.push(['timestamps', 'true']);
  return p;
}

/** PodExecOptions' query: one `command` per word; stdout always; stderr unless a TTY merges it. */
export function execParams(o: ExecOptions): [string, string][] {
  const p: [string, string][] = o.command.map((c) => ['command', c]);
  if (o.container) p.push(['container', o.container]);
  if (!o.tty) p.push(['stderr', 'true']);
  if (o.stdin) p.push(['stdin', 'true']);
  p.push(['stdout', 'true']);
  if (o.tty) p.push(['tty', 'true']);
  return p;
}

function allContainerNames(pod: Pod): string[] {
  const s = pod.spec;
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...((s?.ephemeralContainers ?? []) as { name: string }[])].map((c) => c.name);
}

/** validateContainer: an empty name picks the only container; a named one must be in the pod. */
export function validateContainer(container: string, pod: Pod): string {
  const name = pod.metadata?.name ?? '';
  if (!container) {
    const cs = pod.spec?.containers ?? [];
    if (cs.length === 1) return cs[0]!.name;
    if (cs.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${allContainerNames(pod).join(' ')}]`);
  }
  if (!allContainerNames(pod).includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

/**
 * The kubelet refused to start the exec (no such running container): the upgrade fails with the
 * kubelet's error page, which kubectl prints as `error: unable to upgrade connection: <message>`.
 */
export class ExecUpgradeError extends Error {
  constructor(message: string, readonly code = 500) {
    super(message);
    this.name = 'ExecUpgradeError';
  }
}
