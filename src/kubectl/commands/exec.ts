/** `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]` for the modelled commands. */
import { ExecUpgradeError } from '../../sim/api/connect';
import { KubectlError, plainError } from '../errors';
import { flagBool, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import type { CommandIO } from './context';
import type { Scope } from './fetch';
import { defaultContainer, resolvePods } from './logs';

export const EXEC_FLAGS: FlagSpec[] = [
  { long: 'container', short: 'c', kind: 'string' },
  { long: 'stdin', short: 'i', kind: 'bool' },
  { long: 'tty', short: 't', kind: 'bool' },
  { long: 'quiet', short: 'q', kind: 'bool' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
  { long: 'pod-running-timeout', kind: 'string' },
];

export function runExec(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  // kubectl 1.31 dropped the old `exec POD COMMAND` form: the command must follow `--`.
  if (f.argsLenAtDash === -1 && f.args.length > 1) throw new KubectlError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
  // Words before `--` name the pod; none (`exec -- ls`) names none.
  if (f.args.length === 0 || f.argsLenAtDash === 0) throw plainError('pod, type/name or --filename must be specified');
  const argv = f.args.slice(f.argsLenAtDash > -1 ? f.argsLenAtDash : 1);
  if (argv.length === 0) throw new KubectlError("error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples");
  const client = io.ctx.client;
  if (!client.podExec) throw new KubectlError('error: the server could not find the requested resource ( pods/exec )');
  const pod = resolvePods(io, f.args[0]!, scope.namespace, 'exec')[0]!;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KubectlError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  // A named container is the server's to check (`container x is not valid for pod y`).
  const container = flagString(f, 'container') || defaultContainer(io, pod);
  let r;
  try {
    r = client.podExec(pod.metadata?.namespace ?? scope.namespace, pod.metadata?.name ?? '', { container, command: argv, stdin: flagBool(f, 'stdin'), tty: flagBool(f, 'tty') });
  } catch (e) {
    if (e instanceof ExecUpgradeError) throw new KubectlError(`error: unable to upgrade connection: ${e.message}`);
    throw e;
  }
  io.out(r.stdout);
  if (r.stderr) io.err(r.stderr);
  if (r.exitCode !== 0) {
    if (r.exitCode !== 126 || !r.stderr.startsWith('OCI runtime exec failed')) io.err(`command terminated with exit code ${r.exitCode}\n`);
    else io.err(`command terminated with exit code ${r.exitCode}\n`);
    io.exitCode = r.exitCode;
  }
}
