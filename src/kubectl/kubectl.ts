/**
 * The kubectl emulator's entry point: `runKubectl(line, ctx)` splits the line as a shell would,
 * accepts an optional leading `kubectl`, parses flags with pflag's rules and runs the command against
 * `ctx.client`. Output and errors are what kubectl 1.31 prints; nothing here throws.
 */
import { applyManifests } from './apply';
import { followLogs } from './followLogs';
import { manifestSources } from './kustomize/sources';
import { KUSTOMIZE_FLAGS, runKustomize } from './commands/kustomize';
import { runWait, WAIT_FLAGS } from './commands/wait';
import { runEvents } from './commands/events';
import { EVENTS_FLAGS } from './commands/readingFlags';
import { runDelete, DELETE_FLAGS } from './commands/delete';
import { runDescribe, DESCRIBE_FLAGS } from './commands/describe';
import { runGet, GET_FLAGS } from './commands/get';
import { runLabel, LABEL_FLAGS } from './commands/label';
import { runLogs, LOGS_FLAGS } from './commands/logs';
import { runTop, TOP_FLAGS, TOP_SUBCOMMANDS } from './commands/top';
import { runExec, EXEC_FLAGS } from './commands/exec';
import { runRollout, ROLLOUT_FLAGS, ROLLOUT_SUBCOMMANDS } from './commands/rollout';
import { runDrain, DRAIN_FLAGS } from './commands/drain';
import { runExplain, EXPLAIN_FLAGS } from './commands/explain';
import { API_RESOURCES_FLAGS, CORDON_FLAGS, runApiResources, runCordon, runScale, runVersion, SCALE_FLAGS, VERSION_FLAGS } from './commands/simple';
import { CREATE_FLAGS, CREATE_SUBCOMMANDS, runCreate } from './commands/create';
import { runSet, SET_FLAGS, SET_SUBCOMMANDS } from './commands/set';
import { runTaint, TAINT_FLAGS } from './commands/taint';
import { runRun, RUN_FLAGS } from './commands/run';
import { PATCH_FLAGS, runPatch } from './commands/patch';
import { EXPOSE_FLAGS, runExpose } from './commands/expose';
import { EDIT_FLAGS, runEdit } from './commands/edit';
import { CONFIG_FLAGS, CONFIG_SUBCOMMANDS, runConfig } from './commands/config';
import { identityFor } from './identity';
import { AUTH_FLAGS, AUTH_SUBCOMMANDS, runAuth } from './commands/auth';
import { CommandIO, type KubectlContext, type KubectlResult } from './commands/context';
import type { Scope } from './commands/fetch';
import { formatError, KubectlError, plainError } from './errors';
import { flagBool, flagList, flagString, GLOBAL_FLAGS, parseFlags, VALIDATE_FLAG, validationDirective, type FlagSpec, type ParsedFlags, type Subcommand } from './flags';
import { ShellParseError, splitCommandLine } from './shell';
import { KUBECTL_COMMANDS, suggestionText } from './suggest';
import { argsMinusFirst, stripFlags } from './find';
import { goQuote } from '../sim/api/validation/fieldErrors';

export type { KubectlContext, KubectlResult };
export { applyManifests };
// The terminal's side: lines with pipes, Tab completion, and the command table completion reads.
export { runCommandLine } from './pipeline';
export { completeLine } from './complete';
export { editedOutput, editPatchLine, editSaved } from './commands/edit';

/** Each command's flags and subcommands (and cobra's help flag and the global flags), for Tab completion. */
export function kubectlCommandTable(): { commands: Record<string, { flags: FlagSpec[]; subcommands?: Subcommand[] }>; globalFlags: FlagSpec[] } {
  return { commands: COMMANDS, globalFlags: [...GLOBAL_FLAGS, HELP_FLAG] };
}

const APPLY_FLAGS: FlagSpec[] = [
  { long: 'filename', short: 'f', kind: 'stringArray' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'dry-run', kind: 'string' },
  { long: 'server-side', kind: 'bool' },
  { long: 'force-conflicts', kind: 'bool' },
  { long: 'prune', kind: 'bool' },
  VALIDATE_FLAG,
  { long: 'field-manager', kind: 'string' },
  { long: 'wait', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
];

interface Command {
  /** The command's own flags (its subcommands have theirs). */
  flags: FlagSpec[];
  subcommands?: Subcommand[];
  run(io: CommandIO, f: ParsedFlags, scope: Scope): void;
}

/** cobra's help flag, which every command has. */
const HELP_FLAG: FlagSpec = { long: 'help', short: 'h', kind: 'bool' };

function runApply(io: CommandIO, f: ParsedFlags): void {
  const files = flagList(f, 'filename');
  const kustomizeDir = flagString(f, 'kustomize');
  if (files.length === 0 && kustomizeDir === '') {
    throw new KubectlError("error: must specify one of -f and -k\n");
  }
  const validation = validationDirective(flagString(f, 'validate'));
  // Every path is looked up (or the kustomization built) before anything is applied, as kubectl's builder does.
  const sources = manifestSources(io.ctx, files, kustomizeDir, flagBool(f, 'recursive'), (line) => io.err(line));
  for (const source of sources) {
    const results = applyManifests(source.content, { ...io.ctx, namespace: scopeNs(io, f) }, source.path, validation);
    for (const r of results) {
      if (r.warning) io.err(r.warning);
      if (r.outcome === 'error') io.fail(r.error);
      else io.out(flagString(f, 'output') === 'name' ? `${r.ref}\n` : `${r.message}\n`);
    }
  }
}

/** `logs -f` reads on as time passes (followLogs); without -f it prints once. */
function runLogsMaybeFollowing(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  runLogs(io, f, scope);
  if (flagBool(f, 'follow') && !io.hasErrors()) io.follow = followLogs(io, io.printed(), (again) => runLogs(again, f, scope));
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
  rollout: { flags: ROLLOUT_FLAGS, subcommands: ROLLOUT_SUBCOMMANDS, run: runRollout },
  logs: { flags: LOGS_FLAGS, run: runLogsMaybeFollowing },
  top: { flags: TOP_FLAGS, subcommands: TOP_SUBCOMMANDS, run: runTop },
  exec: { flags: EXEC_FLAGS, run: runExec },
  set: { flags: SET_FLAGS, subcommands: SET_SUBCOMMANDS, run: runSet },
  create: { flags: CREATE_FLAGS, subcommands: CREATE_SUBCOMMANDS, run: runCreate },
  taint: { flags: TAINT_FLAGS, run: runTaint },
  run: { flags: RUN_FLAGS, run: runRun },
  patch: { flags: PATCH_FLAGS, run: runPatch },
  expose: { flags: EXPOSE_FLAGS, run: runExpose },
  apply: { flags: APPLY_FLAGS, run: (io, f) => runApply(io, f) },
  version: { flags: VERSION_FLAGS, run: (io, f) => runVersion(io, f) },
  'api-resources': { flags: API_RESOURCES_FLAGS, run: (io, f) => runApiResources(io, f) },
  explain: { flags: EXPLAIN_FLAGS, run: (io, f) => runExplain(io, f) },
  wait: { flags: WAIT_FLAGS, run: runWait },
  events: { flags: EVENTS_FLAGS, run: runEvents },
  edit: { flags: EDIT_FLAGS, run: runEdit },
  kustomize: { flags: KUSTOMIZE_FLAGS, run: (io, f) => runKustomize(io, f) },
  auth: { flags: AUTH_FLAGS, subcommands: AUTH_SUBCOMMANDS, run: runAuth },
  config: { flags: CONFIG_FLAGS, subcommands: CONFIG_SUBCOMMANDS, run: (io, f) => runConfig(io, f) },
};

/**
 * kubectl 1.31's help: its command groups in its order, each command with its one-line description.
 * The help lists only the commands registered in COMMANDS, so it grows as commands are added.
 */
const HELP_GROUPS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    'Basic Commands (Beginner)',
    [
      ['create', 'Create a resource from a file or from stdin'],
      ['expose', 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service'],
      ['run', 'Run a particular image on the cluster'],
      ['set', 'Set specific features on objects'],
    ],
  ],
  [
    'Basic Commands (Intermediate)',
    [
      ['explain', 'Get documentation for a resource'],
      ['get', 'Display one or many resources'],
      ['edit', 'Edit a resource on the server'],
      ['delete', 'Delete resources by file names, stdin, resources and names, or by resources and label selector'],
    ],
  ],
  [
    'Deploy Commands',
    [
      ['rollout', 'Manage the rollout of a resource'],
      ['scale', 'Set a new size for a deployment, replica set, or replication controller'],
      ['autoscale', 'Auto-scale a deployment, replica set, stateful set, or replication controller'],
    ],
  ],
  [
    'Cluster Management Commands',
    [
      ['certificate', 'Modify certificate resources'],
      ['cluster-info', 'Display cluster information'],
      ['top', 'Display resource (CPU/memory) usage'],
      ['cordon', 'Mark node as unschedulable'],
      ['uncordon', 'Mark node as schedulable'],
      ['drain', 'Drain node in preparation for maintenance'],
      ['taint', 'Update the taints on one or more nodes'],
    ],
  ],
  [
    'Troubleshooting and Debugging Commands',
    [
      ['describe', 'Show details of a specific resource or group of resources'],
      ['logs', 'Print the logs for a container in a pod'],
      ['attach', 'Attach to a running container'],
      ['exec', 'Execute a command in a container'],
      ['port-forward', 'Forward one or more local ports to a pod'],
      ['proxy', 'Run a proxy to the Kubernetes API server'],
      ['cp', 'Copy files and directories to and from containers'],
      ['auth', 'Inspect authorization'],
      ['debug', 'Create debugging sessions for troubleshooting workloads and nodes'],
      ['events', 'List events'],
    ],
  ],
  [
    'Advanced Commands',
    [
      ['diff', 'Diff the live version against a would-be applied version'],
      ['apply', 'Apply a configuration to a resource by file name or stdin'],
      ['patch', 'Update fields of a resource'],
      ['replace', 'Replace a resource by file name or stdin'],
      ['wait', 'Experimental: Wait for a specific condition on one or many resources'],
      ['kustomize', 'Build a kustomization target from a directory or URL'],
    ],
  ],
  [
    'Settings Commands',
    [
      ['label', 'Update the labels on a resource'],
      ['annotate', 'Update the annotations on a resource'],
      ['completion', 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)'],
    ],
  ],
  [
    'Subcommands provided by plugins',
    [
    ],
  ],
  [
    'Other Commands',
    [
      ['api-resources', 'Print the supported API resources on the server'],
      ['api-versions', 'Print the supported API versions on the server, in the form of "group/version"'],
      ['config', 'Modify kubeconfig files'],
      ['plugin', 'Provides utilities for interacting with plugins'],
      ['version', 'Print the client and server version information'],
    ],
  ],
];

const HELP_HEAD = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/
`;

const HELP_TAIL = `Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** kubectl pads command names to the longest of its whole command set (api-resources), whichever are listed. */
const HELP_NAME_WIDTH = 16;

/** The root help: a group with no registered command is left out (the plugins group lists none, as kubectl's does here). */
export function helpText(): string {
  const parts = [HELP_HEAD];
  for (const [heading, commands] of HELP_GROUPS) {
    const listed = commands.filter(([name]) => Object.hasOwn(COMMANDS, name));
    if (listed.length === 0 && commands.length > 0) continue;
    parts.push(`${heading}:\n${listed.map(([name, short]) => `  ${name.padEnd(HELP_NAME_WIDTH)}${short}\n`).join('')}`);
  }
  parts.push(HELP_TAIL);
  return parts.join('\n');
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
    const rootFlags = [...GLOBAL_FLAGS, HELP_FLAG];
    const words = stripFlags(argv, rootFlags);
    const cmdName = words[0];
    if (cmdName === undefined || cmdName === 'help') {
      // The root itself: its flags are parsed, then it prints its help.
      if (cmdName === undefined) parseFlags(argv, [HELP_FLAG], 'kubectl');
      io.out(helpText());
      return io.result();
    }
    // An own property only: `constructor` or `toString` typed as a command must not find Object's.
    const cmd = Object.hasOwn(COMMANDS, cmdName) ? COMMANDS[cmdName] : undefined;
    if (!cmd) {
      // kubectl looks for a plugin first; with a flag in front it cannot name one.
      if (argv[0]!.startsWith('-')) throw new KubectlError(`Error: flags cannot be placed before plugin name: ${argv[0]}`);
      // A real command this emulator does not have gets no "did you mean" for itself.
      throw new KubectlError(`error: unknown command ${goQuote(cmdName)} for "kubectl"${KUBECTL_COMMANDS.includes(cmdName) ? '' : suggestionText(cmdName)}`);
    }
    let cmdPath = `kubectl ${cmdName}`;
    let rest = argsMinusFirst(argv, cmdName, rootFlags);
    let flags = cmd.flags;
    let subWord: string | undefined;
    if (cmd.subcommands) {
      const w = stripFlags(rest, [...cmd.flags, ...GLOBAL_FLAGS, HELP_FLAG])[0];
      const sub = w === undefined ? undefined : cmd.subcommands.find((x) => x.name === w || (x.aliases ?? []).includes(w));
      if (sub && w !== undefined) {
        cmdPath = `${cmdPath} ${sub.name}`;
        rest = argsMinusFirst(rest, w, [...cmd.flags, ...GLOBAL_FLAGS, HELP_FLAG]);
        flags = sub.flags;
        subWord = w;
      }
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`Usage: ${cmdPath} [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`);
      return io.result();
    }
    const f = parseFlags(rest, flags, cmdPath);
    // The run functions read the subcommand as their first argument, as typed.
    if (subWord !== undefined) f.args.unshift(subWord);
    // The user and namespace of the kubeconfig's context, and --as: who the command's requests come from.
    // `config` only edits the file and sends nothing.
    if (cmdName !== 'config') io.ctx = identityFor(io, f);
    const scope: Scope = {
      namespace: flagString(f, 'namespace') || io.ctx.namespace || 'default',
      allNamespaces: flagBool(f, 'all-namespaces'),
    };
    cmd.run(io, f, scope);
  } catch (e) {
    io.err(formatError(e));
    io.exitCode = 1;
  }
  return io.result();
}
