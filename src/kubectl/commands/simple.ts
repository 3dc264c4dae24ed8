/** Small commands: version, api-resources, cordon/uncordon, scale, create deployment|namespace, set image. */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container, Node } from 'kubernetes-types/core/v1';
import { isStatusError, StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { KubectlError, plainError, PlainError, usageError } from '../errors';
import { DRY_RUN_FLAG, dryRunStrategy, FILENAME_FLAGS, flagBool, flagInt, flagList, flagString, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags, type Subcommand } from '../flags';
import { allResources, kindRef } from '../resources';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';
import { parseResourceArgs, resolveOrFail, splitResourceTypeName, type ResourceRequest } from './args';
import type { CommandIO } from './context';
import { goQuote } from '../../sim/api/validation/fieldErrors';
import { getOne, listAll, withTypeMeta, type Scope } from './fetch';
import { nameRef, parseOutputFlag, renderStructured } from './output';

// ---- version ----------------------------------------------------------------------------------------

export const VERSION_FLAGS: FlagSpec[] = [
  { long: 'client', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
];

const GIT_VERSION = 'v1.31.0';
const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: GIT_VERSION,
  gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T07:37:34Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function runVersion(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length > 0) throw plainError(`extra arguments: [${f.args.join(' ')}]`);
  const o = flagString(f, 'output');
  const client = flagBool(f, 'client');
  if (o === 'json' || o === 'yaml') {
    const data: Record<string, unknown> = { clientVersion: VERSION_INFO, kustomizeVersion: 'v5.4.2' };
    if (!client) data.serverVersion = VERSION_INFO;
    io.out(renderStructured(parseOutputFlag(o), data));
    return;
  }
  if (o !== '') throw plainError(`--output must be 'yaml' or 'json'`);
  io.out(`Client Version: ${GIT_VERSION}\nKustomize Version: v5.4.2\n`);
  if (!client) io.out(`Server Version: ${GIT_VERSION}\n`);
}

// ---- api-resources ----------------------------------------------------------------------------------

export const API_RESOURCES_FLAGS: FlagSpec[] = [
  { long: 'namespaced', kind: 'bool', default: true },
  { long: 'api-group', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'sort-by', kind: 'string' },
  { long: 'verbs', kind: 'strings' },
  { long: 'cached', kind: 'bool' },
  { long: 'categories', kind: 'strings' },
];

export function runApiResources(io: CommandIO, f: ParsedFlags): void {
  if (f.args.length > 0) throw usageError('kubectl api-resources', `unexpected arguments: [${f.args.join(' ')}]`);
  const output = flagString(f, 'output');
  if (output !== '' && output !== 'wide' && output !== 'name') throw plainError(`--output ${output} is not available`);
  if (!['', 'name', 'kind'].includes(flagString(f, 'sort-by'))) throw plainError('--sort-by accepts only name or kind');
  const seen = new Set<string>();
  let defs = allResources().filter((d) => {
    const k = `${d.group}/${d.plural}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (f.changed.has('namespaced')) defs = defs.filter((d) => d.namespaced === flagBool(f, 'namespaced'));
  if (f.changed.has('api-group')) defs = defs.filter((d) => d.group === flagString(f, 'api-group'));
  const cats = flagList(f, 'categories');
  if (cats.length > 0) defs = defs.filter((d) => cats.every((c) => d.categories?.includes(c)));
  const sortBy = flagString(f, 'sort-by');
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  defs = [...defs].sort((a, b) => {
    const [x, y] = sortBy === 'name' ? [a.plural, b.plural] : sortBy === 'kind' ? [a.kind, b.kind] : [a.group, b.group];
    return cmp(x, y) || cmp(a.plural, b.plural);
  });
  const o = flagString(f, 'output');
  if (o === 'name') {
    for (const d of defs) io.out(`${d.group ? `${d.plural}.${d.group}` : d.plural}\n`);
    return;
  }
  const wide = o === 'wide';
  const lines: string[] = [];
  if (!flagBool(f, 'no-headers')) lines.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t'));
  for (const d of defs) {
    const gv = d.group ? `${d.group}/${d.version}` : d.version;
    const row = [d.plural, d.shortNames.join(','), gv, String(d.namespaced), d.kind];
    if (wide) row.push('[create delete deletecollection get list patch update watch]', (d.categories ?? []).join(','));
    lines.push(row.join('\t'));
  }
  io.out(tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER));
}

// ---- cordon / uncordon ------------------------------------------------------------------------------

export const CORDON_FLAGS: FlagSpec[] = [
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'dry-run', kind: 'string' },
];

export function runCordon(io: CommandIO, f: ParsedFlags, desired: boolean): void {
  const client = io.ctx.client;
  const sel = flagString(f, 'selector');
  const verb = desired ? 'cordon' : 'uncordon';
  if (f.args.length === 0 && !sel) throw new KubectlError(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  const nodesDef = resolveOrFail('nodes');
  let nodes: KObject[];
  if (sel) nodes = listAll(client, nodesDef, { namespace: '', allNamespaces: true }, sel);
  else {
    nodes = [];
    for (const a of f.args) {
      const name = splitResourceTypeName(a)?.name ?? a;
      try {
        nodes.push(getOne(client, nodesDef, { namespace: '', allNamespaces: true }, name));
      } catch (e) {
        if (e instanceof StatusError) io.fail(e);
        else throw e;
      }
    }
  }
  for (const n of nodes) {
    const node = n as unknown as Node;
    const name = node.metadata?.name ?? '';
    if (!!node.spec?.unschedulable === desired) {
      io.out(`node/${name} already ${desired ? 'cordoned' : 'uncordoned'}\n`);
      continue;
    }
    try {
      client.patch('nodes', undefined, name, { spec: { unschedulable: desired ? true : null } }, { type: 'strategic' });
      io.out(`node/${name} ${desired ? 'cordoned' : 'uncordoned'}\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
}

// ---- scale ------------------------------------------------------------------------------------------

export const SCALE_FLAGS: FlagSpec[] = [
  { long: 'replicas', kind: 'int', default: -1 },
  { long: 'current-replicas', kind: 'int', default: -1 },
  { long: 'resource-version', kind: 'string' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'all', kind: 'bool' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'timeout', kind: 'string' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
];

export function runScale(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  if (!f.changed.has('replicas')) throw new KubectlError(`error: required flag(s) "replicas" not set`);
  const replicas = flagInt(f, 'replicas', -1);
  if (replicas < 0) throw plainError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const current = flagInt(f, 'current-replicas', -1);
  if (current < -1) throw plainError('The --current-replicas must specify an integer of -1 or greater');
  if (f.args.length === 0) throw new KubectlError("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const parsed = parseResourceArgs(f.args);
  const sel = flagString(f, 'selector');
  const targets: { req: ResourceRequest; ns: string | undefined; name: string }[] = [];
  for (const req of parsed.requests) {
    if (req.name !== undefined) targets.push({ req, ns: req.def.namespaced ? scope.namespace : undefined, name: req.name });
    else if (sel || flagBool(f, 'all')) for (const o of listAll(client, req.def, scope, sel)) targets.push({ req, ns: o.metadata?.namespace, name: o.metadata?.name ?? '' });
    else throw plainError('resource(s) were provided, but no name was specified');
  }
  if (targets.length === 0) throw plainError('no objects passed to scale');
  const rv = flagString(f, 'resource-version');
  if (rv && targets.length > 1) throw plainError('cannot use --resource-version with multiple resources');
  for (const t of targets) {
    const def = t.req.def;
    if (!def.subresources.includes('scale')) {
      io.fail(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `the server could not find the requested resource` }));
      continue;
    }
    try {
      if (current >= 0 || rv) {
        const scale = client.get<KObject>(def.plural, t.ns, t.name, { subresource: 'scale' }) as KObject & { spec?: { replicas?: number }; metadata: { resourceVersion?: string } };
        const have = scale.spec?.replicas ?? 0;
        if (current >= 0 && have !== current) throw plainError(`Expected replicas to be ${current}, was ${have}`);
        if (rv && scale.metadata.resourceVersion !== rv) throw plainError(`Expected resourceVersion to be ${rv}, was ${scale.metadata.resourceVersion}`);
      }
      client.patch(def.plural, t.ns, t.name, { spec: { replicas } }, { type: 'merge', subresource: 'scale' });
      io.out(flagString(f, 'output') === 'name' ? `${kindRef(def)}/${t.name}\n` : `${kindRef(def)}/${t.name} scaled\n`);
    } catch (e) {
      if (e instanceof StatusError || e instanceof PlainError) io.fail(e);
      else throw e;
    }
  }
}

// ---- create ----------------------------------------------------------------------------------------

/** `kubectl create`'s own flags (creating from files); its subcommands have theirs. */
export const CREATE_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { long: 'edit', kind: 'bool' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-create' },
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'raw', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'save-config', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  VALIDATE_FLAG,
  { long: 'windows-line-endings', kind: 'bool' },
];

const CREATE_COMMON: FlagSpec[] = [...PRINT_FLAGS, DRY_RUN_FLAG, { long: 'field-manager', kind: 'string', default: 'kubectl-create' }, { long: 'save-config', kind: 'bool' }, VALIDATE_FLAG];

export const CREATE_SUBCOMMANDS: Subcommand[] = [
  {
    name: 'deployment',
    aliases: ['deploy'],
    flags: [...CREATE_COMMON, { long: 'image', kind: 'strings' }, { long: 'port', kind: 'int', bits: 32, default: -1 }, { long: 'replicas', short: 'r', kind: 'int', bits: 32, default: 1 }],
  },
  { name: 'namespace', aliases: ['ns'], flags: CREATE_COMMON },
];

/** A deterministic stand-in for the random 5-character suffix kubectl adds to sanitized container names. */
function suffixFor(name: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + 7919 * (i + 1);
  }
  return s;
}

/** The container name kubectl derives from an image: basename, tag and digest dropped, `.`/`_` sanitized. */
export function containerNameFromImage(image: string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${suffixFor(name)}`;
  return name;
}

export function buildDeployment(name: string, images: string[], replicas: number, port: number, namespace?: string): Deployment {
  const labels = { app: name };
  const containers: Container[] = images.map((image) => ({ name: containerNameFromImage(image), image, resources: {} }));
  if (port >= 0 && containers.length > 0) containers[0]!.ports = [{ containerPort: port }];
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { ...labels }, creationTimestamp: null as unknown as string, ...(namespace ? { namespace } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { labels: { ...labels }, creationTimestamp: null as unknown as string }, spec: { containers } },
    },
    status: {},
  };
  return d;
}

export function runCreate(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const [what, name, ...rest] = f.args;
  const dryRun = what === undefined ? 'none' : dryRunStrategy(f);
  const out = flagString(f, 'output');
  if (flagList(f, 'filename').length > 0) throw plainError('create -f is not supported here; use kubectl apply -f');
  const print = (obj: KObject, def = resolveOrFail(obj.kind === 'Namespace' ? 'namespaces' : 'deployments')): void => {
    if (out === '' ) io.out(`${nameRef(def, obj)} created${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    else if (out === 'name') io.out(`${nameRef(def, obj)}\n`);
    else io.out(renderStructured(parseOutputFlag(out), obj));
  };
  switch (what) {
    case 'deployment':
    case 'deploy': {
      // cobra checks required flags before the command runs.
      if (!f.changed.has('image')) throw new KubectlError('error: required flag(s) "image" not set');
      if (!name) throw new KubectlError("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples");
      if (rest.length > 0) throw new KubectlError(`error: exactly one NAME is required, got ${1 + rest.length}\nSee 'kubectl create deployment -h' for help and examples`);
      const images = flagList(f, 'image');
      const d = buildDeployment(name, images, flagInt(f, 'replicas', 1), flagInt(f, 'port', -1));
      const def = resolveOrFail('deployments');
      if (dryRun === 'client') return print(d as KObject, def);
      let created: KObject;
      try {
        const body = JSON.parse(JSON.stringify(d)) as KObject;
        delete (body.metadata as Record<string, unknown>).creationTimestamp;
        delete ((body.spec as { template: { metadata: Record<string, unknown> } }).template.metadata).creationTimestamp;
        delete body.status;
        created = client.create(def.plural, body, { namespace: scope.namespace });
      } catch (e) {
        if (e instanceof StatusError) {
          if (e.reason === 'Invalid') throw e;
          throw plainError(`failed to create deployment: ${e.message}`);
        }
        throw e;
      }
      return print(withTypeMeta(def, created), def);
    }
    case 'namespace':
    case 'ns': {
      if (!name || rest.length > 0) throw new KubectlError(`error: exactly one NAME is required, got ${name ? 1 + rest.length : 0}\nSee 'kubectl create namespace -h' for help and examples`);
      const def = resolveOrFail('namespaces');
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KObject;
      if (dryRun === 'client') return print({ ...ns, metadata: { name, creationTimestamp: null as unknown as string }, spec: {}, status: {} } as KObject, def);
      const created = client.create(def.plural, ns);
      return print(withTypeMeta(def, created), def);
    }
    case undefined:
      throw new KubectlError('error: must specify one of -f and -k');
    default:
      // Not a subcommand: cobra hands the words to `create` itself, which takes none.
      throw usageError('kubectl create', `Unexpected args: [${f.args.join(' ')}]`);
  }
}

// ---- set image --------------------------------------------------------------------------------------

/** `kubectl set` itself has no flags of its own. */
export const SET_FLAGS: FlagSpec[] = [];

export const SET_SUBCOMMANDS: Subcommand[] = [
  {
    name: 'image',
    flags: [
      ...PRINT_FLAGS,
      ...FILENAME_FLAGS,
      { long: 'all', kind: 'bool' },
      { long: 'dry-run', kind: 'string', noOptDefVal: 'unchanged' },
      { long: 'field-manager', kind: 'string', default: 'kubectl-set' },
      { long: 'local', kind: 'bool' },
      { long: 'selector', short: 'l', kind: 'string' },
    ],
  },
];

/** Where a kind keeps its pod spec. */
function podSpecOf(obj: KObject): { containers?: Container[]; initContainers?: Container[] } | undefined {
  const o = obj as { kind?: string; spec?: Record<string, unknown> };
  if (o.kind === 'Pod') return o.spec as never;
  if (o.kind === 'CronJob') return ((o.spec?.jobTemplate as { spec?: { template?: { spec?: unknown } } })?.spec?.template?.spec) as never;
  return ((o.spec?.template as { spec?: unknown } | undefined)?.spec) as never;
}

/** What `kubectl set` alone prints. */
const SET_HELP = `Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export function runSet(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const [sub, ...args] = f.args;
  if (!sub) {
    // DefaultSubCommandRun: the help, then exit 1.
    io.out(SET_HELP);
    io.exitCode = 1;
    return;
  }
  if (sub !== 'image') throw usageError('kubectl set', `unknown command ${goQuote(f.args.join(' '))}`);
  const resArgs: string[] = [];
  const pairs: [string, string][] = [];
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) pairs.push([a.slice(0, eq), a.slice(eq + 1)]);
    else if (pairs.length > 0) throw plainError(`all resources must be specified before image changes: ${a}`);
    else resArgs.push(a);
  }
  if (resArgs.length === 0) throw plainError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  if (pairs.length === 0) throw plainError('at least one image update is required');
  const parsed = parseResourceArgs(resArgs);
  const sel = flagString(f, 'selector');
  const objs: { def: ResourceRequest['def']; obj: KObject }[] = [];
  for (const r of parsed.requests) {
    try {
      if (r.name !== undefined) objs.push({ def: r.def, obj: getOne(client, r.def, scope, r.name) });
      else if (sel || flagBool(f, 'all')) for (const o of listAll(client, r.def, scope, sel)) objs.push({ def: r.def, obj: o });
      else throw plainError('resource(s) were provided, but no name was specified');
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
  for (const { def, obj: frozen } of objs) {
    const obj = JSON.parse(JSON.stringify(frozen)) as KObject;
    const before = JSON.stringify(obj);
    const spec = podSpecOf(obj);
    let failed = false;
    for (const [cname, image] of pairs) {
      let found = false;
      for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
        if (cname === '*' || c.name === cname) {
          c.image = image;
          found = true;
        }
      }
      if (!found && cname !== '*') {
        io.fail(new PlainError(`error: unable to find container named "${cname}"`));
        failed = true;
      }
    }
    if (failed || JSON.stringify(obj) === before) continue;
    try {
      const patchSpec = { containers: (spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image })) } as Record<string, unknown>;
      if ((spec?.initContainers ?? []).length > 0) patchSpec.initContainers = spec!.initContainers!.map((c) => ({ name: c.name, image: c.image }));
      const kind = obj.kind;
      const patch = kind === 'Pod' ? { spec: patchSpec } : kind === 'CronJob' ? { spec: { jobTemplate: { spec: { template: { spec: patchSpec } } } } } : { spec: { template: { spec: patchSpec } } };
      client.patch(def.plural, def.namespaced ? obj.metadata?.namespace : undefined, obj.metadata?.name ?? '', patch, { type: 'strategic' });
      io.out(`${nameRef(def, obj)} image updated\n`);
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
  void isStatusError;
}
