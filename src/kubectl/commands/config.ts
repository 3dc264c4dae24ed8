/**
 * `kubectl config`: the kubeconfig's contexts — list them, show and switch the current one, set a
 * context's namespace, view the file with its secrets left out (`DATA+OMITTED`), as kubectl 1.31 does.
 */
import type { FlagSpec, ParsedFlags, Subcommand } from '../flags';
import { flagBool, flagString } from '../flags';
import { KubectlError, plainError } from '../errors';
import { Kubeconfig, type KubeconfigContext } from '../kubeconfig';
import { tabwrite, TABLE_TABWRITER } from '../tabwriter';
import { toYaml } from '../printers/yaml';
import { parseOutputFlag, renderStructured, typedJson } from './output';
import type { CommandIO } from './context';

const GET_CONTEXTS_FLAGS: FlagSpec[] = [
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
];
const VIEW_FLAGS: FlagSpec[] = [
  { long: 'output', short: 'o', kind: 'string', default: 'yaml' },
  { long: 'minify', kind: 'bool' },
  { long: 'raw', kind: 'bool' },
  { long: 'flatten', kind: 'bool' },
  { long: 'merge', kind: 'bool', default: true },
  { long: 'allow-missing-template-keys', kind: 'bool', default: true },
  { long: 'show-managed-fields', kind: 'bool' },
  { long: 'template', kind: 'string' },
];
/** set-context's own --namespace has no shorthand and hides the global one: `-n` is unknown there. */
const SET_CONTEXT_FLAGS: FlagSpec[] = [
  { long: 'current', kind: 'bool' },
  { long: 'cluster', kind: 'string' },
  { long: 'user', kind: 'string' },
  { long: 'namespace', kind: 'string' },
];

export const CONFIG_FLAGS: FlagSpec[] = [];
export const CONFIG_SUBCOMMANDS: Subcommand[] = [
  { name: 'current-context', flags: [] },
  { name: 'get-contexts', flags: GET_CONTEXTS_FLAGS },
  { name: 'get-clusters', flags: [] },
  { name: 'get-users', flags: [] },
  { name: 'use-context', aliases: ['use'], flags: [] },
  { name: 'set-context', flags: SET_CONTEXT_FLAGS },
  { name: 'view', flags: VIEW_FLAGS },
];

const CONFIG_HELP = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

Available Commands:
  current-context   Display the current-context
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  set-context       Set a context entry in kubeconfig
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]

Use "kubectl config <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** Go's %v of a []string, as kubectl prints unexpected arguments. */
const goList = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

function kubeconfigOf(io: CommandIO): Kubeconfig {
  // Without a kubeconfig of the session's (a bare core test), kubeadm's admin.conf stands in.
  return (io.ctx.kubeconfig ??= Kubeconfig.kubeadm('https://192.168.1.10:6443'));
}

export function runConfig(io: CommandIO, f: ParsedFlags): void {
  const [sub, ...args] = f.args;
  const kc = kubeconfigOf(io);
  switch (sub) {
    case 'current-context':
      if (!kc.currentContext) throw plainError('current-context is not set');
      io.out(`${kc.currentContext}\n`);
      return;
    case 'get-contexts':
      return getContexts(io, f, kc, args);
    case 'get-clusters':
      io.out(`NAME\n${kc.clusters.map((c) => `${c.name}\n`).sort().join('')}`);
      return;
    case 'get-users':
      io.out(`NAME\n${[...kc.users].sort().map((u) => `${u}\n`).join('')}`);
      return;
    case 'use-context':
    case 'use': {
      if (args.length !== 1) throw plainError(`Unexpected args: ${goList(args)}`);
      const name = args[0]!;
      if (!kc.context(name)) throw plainError(`no context exists with the name: ${JSON.stringify(name)}`);
      kc.currentContext = name;
      io.out(`Switched to context ${JSON.stringify(name)}.\n`);
      return;
    }
    case 'set-context':
      return setContext(io, f, kc, args);
    case 'view':
      return view(io, f, kc);
    default:
      if (sub !== undefined) throw new KubectlError(`error: unknown command ${JSON.stringify(sub)}\nSee 'kubectl config -h' for help and examples`);
      // Without a subcommand kubectl prints the group's help on stderr and fails.
      io.err(CONFIG_HELP);
      io.exitCode = 1;
  }
}

function getContexts(io: CommandIO, f: ParsedFlags, kc: Kubeconfig, names: string[]): void {
  const output = flagString(f, 'output');
  if (output !== '' && output !== 'name') throw plainError(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
  // The contexts asked for come out in the file's order (sorted); the missing are named in the order typed.
  const wanted = names.length === 0 ? kc.contextNames() : [...names].sort();
  const missing = names.filter((n) => !kc.context(n));
  const rows: string[] = [];
  if (output === 'name') {
    for (const n of wanted) if (kc.context(n)) rows.push(`${n}\n`);
    io.out(rows.join(''));
  } else {
    if (!flagBool(f, 'no-headers')) rows.push('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
    for (const n of wanted) {
      const c = kc.context(n);
      if (!c) continue;
      rows.push(`${n === kc.currentContext ? '*' : ''}\t${c.name}\t${c.cluster}\t${c.user}\t${c.namespace ?? ''}\n`);
    }
    io.out(tabwrite(rows.join(''), TABLE_TABWRITER));
  }
  for (const n of missing) io.fail(plainError(`context ${n} not found`));
}

function setContext(io: CommandIO, f: ParsedFlags, kc: Kubeconfig, args: string[]): void {
  const current = flagBool(f, 'current');
  let name = args[0] ?? '';
  if (current && name !== '') throw plainError('you cannot specify both a context name and --current');
  if (current) {
    if (!kc.currentContext) throw plainError('no current context is set');
    name = kc.currentContext;
  }
  if (name === '') throw plainError('you must specify a non-empty context name or --current');
  let ctx = kc.context(name);
  const created = !ctx;
  if (!ctx) {
    ctx = { name, cluster: '', user: '' };
    kc.contexts.push(ctx);
  }
  if (f.changed.has('cluster')) ctx.cluster = flagString(f, 'cluster');
  if (f.changed.has('user')) ctx.user = flagString(f, 'user');
  if (f.changed.has('namespace')) {
    const ns = flagString(f, 'namespace');
    if (ns === '') delete ctx.namespace;
    else ctx.namespace = ns;
  }
  io.out(`Context ${JSON.stringify(name)} ${created ? 'created' : 'modified'}.\n`);
}

/** The kubeconfig as `config view` shows it: clientcmd's field order, entries sorted by name, secrets omitted unless --raw. */
function viewObject(kc: Kubeconfig, minify: boolean, raw: boolean): Record<string, unknown> {
  let contexts: readonly KubeconfigContext[] = kc.contexts;
  let users = kc.users;
  let clusters = kc.clusters;
  if (minify) {
    if (!kc.currentContext) throw plainError('current-context must exist in order to minify');
    const ctx = kc.context(kc.currentContext);
    if (!ctx) throw plainError(`cannot locate context ${kc.currentContext}`);
    if (!kc.users.includes(ctx.user)) throw plainError(`cannot locate user ${ctx.user}`);
    if (!kc.clusters.some((c) => c.name === ctx.cluster)) throw plainError(`cannot locate cluster ${ctx.cluster}`);
    contexts = [ctx];
    users = [ctx.user];
    clusters = kc.clusters.filter((c) => c.name === ctx.cluster);
  }
  // Certificates: kubeadm writes them into the file; the view leaves them out, --raw shows them.
  const secret = (what: 'ca' | 'cert' | 'key'): string => (raw ? pemStandIn(what) : 'DATA+OMITTED');
  const byName = <T extends { name: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: byName(clusters).map((c) => ({ name: c.name, cluster: { server: c.server, 'certificate-authority-data': secret('ca') } })),
    users: byName(users.map((name) => ({ name }))).map((u) => ({ name: u.name, user: { 'client-certificate-data': secret('cert'), 'client-key-data': secret('key') } })),
    contexts: byName(contexts).map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    'current-context': kc.currentContext,
  };
}

/** Stand-ins for the PEM blocks kubeadm writes (the simulated cluster has no keys): base64 of a PEM header. */
function pemStandIn(what: 'ca' | 'cert' | 'key'): string {
  return btoa(what === 'key' ? '-----BEGIN RSA PRIVATE KEY-----\n' : '-----BEGIN CERTIFICATE-----\n');
}

function view(io: CommandIO, f: ParsedFlags, kc: Kubeconfig): void {
  const obj = viewObject(kc, flagBool(f, 'minify'), flagBool(f, 'raw'));
  const output = flagString(f, 'output') || 'yaml';
  if (output === 'yaml') {
    io.out(toYaml(sortedKeys(obj)));
    return;
  }
  if (output === 'json') {
    // The printer encodes the Config struct: its field order.
    io.out(typedJson(obj));
    return;
  }
  io.out(renderStructured(parseOutputFlag(output), obj));
}

/** The YAML printer goes through a map: its keys come out sorted (apiVersion, clusters, …, users). */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}
