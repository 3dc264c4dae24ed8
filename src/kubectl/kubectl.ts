/**
 * The kubectl emulator's entry point: `runKubectl(line, ctx)` splits the line as a shell would,
 * accepts an optional leading `kubectl`, parses flags with pflag's rules and runs the command against
 * `ctx.client`. Output and errors are what kubectl 1.31 prints; nothing here throws.
 */
import { applyManifests } from './apply';
import { runDelete, DELETE_FLAGS } from './commands/delete';
import { runDescribe, DESCRIBE_FLAGS } from './commands/describe';
import { runGet, GET_FLAGS } from './commands/get';
import { runLabel, LABEL_FLAGS } from './commands/label';
import { runLogs, LOGS_FLAGS } from './commands/logs';
import { runTop, TOP_FLAGS } from './commands/top';
import { runExec, EXEC_FLAGS } from './commands/exec';
import { runRollout, ROLLOUT_FLAGS } from './commands/rollout';
import { runDrain, DRAIN_FLAGS } from './commands/drain';
import {
  API_RESOURCES_FLAGS,
  CORDON_FLAGS,
  CREATE_FLAGS,
  runApiResources,
  runCordon,
  runCreate,
  runScale,
  runSet,
  runVersion,
  SCALE_FLAGS,
  SET_FLAGS,
  VERSION_FLAGS,
} from './commands/simple';
import { CommandIO, type KubectlContext, type KubectlResult } from './commands/context';
import type { Scope } from './commands/fetch';
import { formatError, KubectlError, plainError } from './errors';
import { flagBool, flagList, flagString, GLOBAL_FLAGS, parseFlags, type FlagSpec, type ParsedFlags } from './flags';
import { ShellParseError, splitCommandLine } from './shell';
import { suggestionText } from './suggest';

export type { KubectlContext, KubectlResult };
export { applyManifests };

const APPLY_FLAGS: FlagSpec[] = [
  { long: 'filename', short: 'f', kind: 'stringArray' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'dry-run', kind: 'string' },
  { long: 'server-side', kind: 'bool' },
  { long: 'force-conflicts', kind: 'bool' },
  { long: 'prune', kind: 'bool' },
  { long: 'validate', kind: 'string' },
  { long: 'field-manager', kind: 'string' },
  { long: 'wait', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
];

interface Command {
  flags: FlagSpec[];
  run(io: CommandIO, f: ParsedFlags, scope: Scope): void;
}

function runApply(io: CommandIO, f: ParsedFlags): void {
  const files = flagList(f, 'filename');
  if (files.length === 0) {
    throw new KubectlError("error: must specify one of -f and -k\n");
  }
  for (const file of files) if (file !== '-') throw plainError(`the path "${file}" does not exist`);
  const results = applyManifests(io.ctx.stdin ?? '', { ...io.ctx, namespace: scopeNs(io, f) });
  for (const r of results) {
    if (r.warning) io.err(r.warning);
    if (r.outcome === 'error') io.fail(r.error);
    else io.out(flagString(f, 'output') === 'name' ? `${r.ref}\n` : `${r.message}\n`);
  }
}

function scopeNs(io: CommandIO, f: ParsedFlags): string {
  return flagString(f, 'namespace') || io.ctx.namespace || 'default';
}

const COMMANDS: Record<string, Command> = {
  get: { flags: GET_FLAGS, run: runGet },
  describe: { flags: DESCRIBE_FLAGS, run: runDescribe },
  delete: { flags: DELETE_FLAGS, run: runDelete },
  scale: { flags: SCALE_FLAGS, run: runScale },
  cordon: { flags: CORDON_FLAGS, run: (io, f) => runCordon(io, f, true) },
  uncordon: { flags: CORDON_FLAGS, run: (io, f) => runCordon(io, f, false) },
  drain: { flags: DRAIN_FLAGS, run: (io, f) => runDrain(io, f) },
  label: { flags: LABEL_FLAGS, run: (io, f, s) => runLabel(io, f, s, 'label') },
  annotate: { flags: LABEL_FLAGS, run: (io, f, s) => runLabel(io, f, s, 'annotate') },
  rollout: { flags: ROLLOUT_FLAGS, run: runRollout },
  logs: { flags: LOGS_FLAGS, run: runLogs },
  top: { flags: TOP_FLAGS, run: runTop },
  exec: { flags: EXEC_FLAGS, run: runExec },
  set: { flags: SET_FLAGS, run: runSet },
  create: { flags: CREATE_FLAGS, run: runCreate },
  apply: { flags: APPLY_FLAGS, run: (io, f) => runApply(io, f) },
  version: { flags: VERSION_FLAGS, run: (io, f) => runVersion(io, f) },
  'api-resources': { flags: API_RESOURCES_FLAGS, run: (io, f) => runApiResources(io, f) },
};

const HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** Global flags given before the command word (`kubectl -n kube-system get pods`). */
function splitLeadingGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  const takesValue = new Map(GLOBAL_FLAGS.map((g) => [g.long, g.kind !== 'bool']));
  const shortTakes = new Map(GLOBAL_FLAGS.filter((g) => g.short).map((g) => [g.short!, g.kind !== 'bool']));
  while (i < argv.length) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-' || a === '--') break;
    globals.push(a);
    if (a.startsWith('--')) {
      if (!a.includes('=') && takesValue.get(a.slice(2)) && i + 1 < argv.length) globals.push(argv[++i]!);
    } else if (a.length === 2 && shortTakes.get(a[1]!) && i + 1 < argv.length) globals.push(argv[++i]!);
    i++;
  }
  return { globals, rest: argv.slice(i) };
}

export function runKubectl(line: string, ctx: KubectlContext): KubectlResult {
  const io = new CommandIO(ctx);
  try {
    let argv: string[];
    try {
      argv = splitCommandLine(line);
    } catch (e) {
      if (e instanceof ShellParseError) throw plainError(e.message);
      throw e;
    }
    if (argv[0] === 'kubectl') argv = argv.slice(1);
    const { globals, rest } = splitLeadingGlobals(argv);
    const [cmdName, ...cmdArgs] = rest;
    if (!cmdName || cmdName === 'help' || cmdName === '--help' || cmdName === '-h') {
      if (cmdName === undefined && globals.length > 0) parseFlags(globals, [], 'kubectl');
      io.out(HELP);
      return io.result();
    }
    // An own property only: `constructor` or `toString` typed as a command must not find Object's.
    const cmd = Object.hasOwn(COMMANDS, cmdName) ? COMMANDS[cmdName] : undefined;
    // cobra's error for an unknown root command carries its suggestions.
    if (!cmd) throw new KubectlError(`error: unknown command "${cmdName}" for "kubectl"${suggestionText(cmdName)}`);
    const cmdPath = `kubectl ${cmdName}`;
    if (cmdArgs.includes('--help') || cmdArgs.includes('-h')) {
      io.out(`Usage: ${cmdPath} [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`);
      return io.result();
    }
    const f = parseFlags([...globals, ...cmdArgs], cmd.flags, cmdPath);
    const scope: Scope = {
      namespace: flagString(f, 'namespace') || ctx.namespace || 'default',
      allNamespaces: flagBool(f, 'all-namespaces'),
    };
    cmd.run(io, f, scope);
  } catch (e) {
    io.err(formatError(e));
    io.exitCode = 1;
  }
  return io.result();
}
